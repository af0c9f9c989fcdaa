"""Onboarding pages. Thin: ask onboarding.permissions, call a selector or service, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from peerlearn.calendars.ical import ics_calendar
from peerlearn.core.forms import show_service_errors
from peerlearn.core.htmx import is_htmx
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import Actor, actor_for, require, require_employee
from peerlearn.onboarding import forms, permissions, selectors, services
from peerlearn.onboarding.buddies import buddy_suggest
from peerlearn.onboarding.calendar_events import milestone_event
from peerlearn.onboarding.models import MilestoneStatus, Onboarding, OnboardingStatus
from peerlearn.onboarding.permissions import OnboardingRole
from peerlearn.people.forms import active_people
from peerlearn.people.models import Person


def _onboarding(
    request: AuthenticatedRequest, onboarding_id: uuid.UUID
) -> tuple[Actor, Onboarding, OnboardingRole]:
    actor = actor_for(request)
    found = selectors.onboarding_for(actor=actor, onboarding_id=onboarding_id)
    require(found is not None)
    assert found is not None
    return actor, *found


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    person = require_employee(actor)
    profile = selectors.buddy_profile_of(person=person)
    volunteer_form = forms.VolunteerForm(
        initial={
            "is_available": profile.is_available if profile else False,
            "max_new_starters": profile.max_new_starters if profile else 1,
            "note": profile.note if profile else "",
        }
    )
    return render(
        request,
        "onboarding/mine.html",
        {
            "current": selectors.current_onboarding_of(person=person),
            "buddying": paginate(request, selectors.buddying(person=person), page_param="bpage"),
            "new_starters": paginate(
                request, selectors.new_starters_of(actor=actor), page_param="spage"
            )
            if actor.is_manager
            else None,
            "upcoming": selectors.upcoming_milestones(person=person),
            "profile": profile,
            "volunteer_form": volunteer_form,
            "is_manager": actor.is_manager,
            "is_admin": actor.is_programme_admin,
            "querystring": query_without_page(request, "bpage"),
        },
    )


@login_required
@require_POST
def volunteer(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    form = forms.VolunteerForm(request.POST)
    if form.is_valid():
        services.buddy_volunteer_set(person=person, **form.cleaned_data)
        if form.cleaned_data["is_available"]:
            messages.success(request, "Thank you: you are in the buddy pool.")
        else:
            messages.info(request, "You are out of the buddy pool for now.")
    else:
        messages.error(request, "Choose between 1 and 5 new starters at a time.")
    return redirect("onboarding:mine")


@login_required
def start(request: AuthenticatedRequest) -> HttpResponse:
    """Managers start onboarding for their people; programme admins for anyone."""
    actor = actor_for(request)
    require(actor.is_programme_admin or actor.is_manager)
    person = actor.person
    people = active_people()
    if not actor.is_programme_admin:
        people = people.filter(id__in=actor.managed_person_ids)
    form = forms.StartForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        new_starter: Person = form.cleaned_data["person"]
        require(permissions.can_start_onboarding_for(actor, new_starter))
        try:
            onboarding = services.onboarding_start_for(
                person=new_starter,
                start_date=form.cleaned_data["start_date"],
                template=form.cleaned_data["template"],
                buddy=form.cleaned_data["buddy"],
                created_by=person,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            buddy = onboarding.buddy.full_name if onboarding.buddy else "no buddy yet"
            messages.success(request, f"Onboarding started for {new_starter.full_name} ({buddy}).")
            return redirect("onboarding:detail", onboarding.id)
    return render(
        request, "onboarding/start.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
def detail(request: AuthenticatedRequest, onboarding_id: uuid.UUID) -> HttpResponse:
    actor, onboarding, role = _onboarding(request, onboarding_id)
    return render(
        request,
        "onboarding/detail.html",
        {
            "onboarding": onboarding,
            "role": role.name.lower(),
            "is_starter": role == OnboardingRole.NEW_STARTER,
            "groups": selectors.checklist_of(onboarding=onboarding),
            "milestones": selectors.milestones_of(onboarding=onboarding),
            "can_work": permissions.can_work_plan(actor, onboarding),
            "can_manage": permissions.can_manage_onboarding(actor, onboarding),
            "can_add": permissions.can_add_items(actor, onboarding),
        },
    )


@login_required
@require_POST
def item_toggle(
    request: AuthenticatedRequest, onboarding_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    actor, onboarding, _ = _onboarding(request, onboarding_id)
    require(permissions.can_work_plan(actor, onboarding))
    item = selectors.checklist_item_for(onboarding=onboarding, item_id=item_id)
    require(item is not None)
    assert item is not None
    assert actor.person is not None
    done = request.POST.get("done") == "1"
    services.checklist_item_set_done(item=item, done=done, by=actor.person)
    if is_htmx(request):
        # The row, and out of band the counters it changes: the overall progress (read again,
        # its counts are annotations) and the count of the item's category.
        item.refresh_from_db()
        _, onboarding, _ = _onboarding(request, onboarding_id)
        groups = selectors.checklist_of(onboarding=onboarding)
        return render(
            request,
            "onboarding/_item_toggled.html",
            {
                "item": item,
                "onboarding": onboarding,
                "group": next(g for g in groups if g.category == item.category),
                "can_work": True,
            },
        )
    return redirect("onboarding:detail", onboarding.id)


@login_required
def item_new(request: AuthenticatedRequest, onboarding_id: uuid.UUID) -> HttpResponse:
    actor, onboarding, _ = _onboarding(request, onboarding_id)
    require(permissions.can_add_items(actor, onboarding))
    assert actor.person is not None
    form = forms.ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_add(onboarding=onboarding, by=actor.person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Added to the checklist.")
            return redirect("onboarding:detail", onboarding.id)
    return render(
        request,
        "onboarding/item_form.html",
        {"form": form, "onboarding": onboarding},
        status=422 if form.errors else 200,
    )


@login_required
def buddy(request: AuthenticatedRequest, onboarding_id: uuid.UUID) -> HttpResponse:
    actor, onboarding, _ = _onboarding(request, onboarding_id)
    require(permissions.can_manage_onboarding(actor, onboarding))
    suggestion = buddy_suggest(new_starter=onboarding.new_starter)
    form = forms.BuddyForm(
        request.POST or None,
        initial={"buddy": suggestion.buddy.id if suggestion else onboarding.buddy_id},
    )
    if request.method == "POST" and form.is_valid():
        chosen: Person = form.cleaned_data["buddy"]
        reason = (
            suggestion.reason
            if suggestion is not None and suggestion.buddy.id == chosen.id
            else "Chosen by hand."
        )
        try:
            services.onboarding_assign_buddy(
                onboarding=onboarding, buddy=chosen, reason=reason, by=actor.person
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"{chosen.full_name} is now the buddy.")
            return redirect("onboarding:detail", onboarding.id)
    return render(
        request,
        "onboarding/buddy.html",
        {"form": form, "onboarding": onboarding, "suggestion": suggestion},
        status=422 if form.errors else 200,
    )


@login_required
def milestone(
    request: AuthenticatedRequest, onboarding_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    actor, onboarding, role = _onboarding(request, onboarding_id)
    found = selectors.milestone_for(onboarding=onboarding, milestone_id=milestone_id)
    require(found is not None)
    assert found is not None
    is_starter = role == OnboardingRole.NEW_STARTER
    can_record = permissions.can_work_plan(actor, onboarding) and found.status != (
        MilestoneStatus.SKIPPED
    )
    form = forms.MilestoneForm(
        request.POST or None,
        initial={"confidence": found.confidence, "comment": found.comment} if is_starter else None,
    )
    if request.method == "POST":
        require(can_record)
        assert actor.person is not None
        valid = form.is_valid() if is_starter else True
        if valid:
            try:
                services.milestone_record(
                    milestone=found,
                    by=actor.person,
                    confidence=form.cleaned_data.get("confidence") if is_starter else None,
                    comment=form.cleaned_data.get("comment", "") if is_starter else "",
                )
            except ValidationError as error:
                show_service_errors(form, error)
            else:
                messages.success(request, f"Day {found.day} check-in recorded.")
                return redirect("onboarding:detail", onboarding.id)
    return render(
        request,
        "onboarding/milestone.html",
        {
            "onboarding": onboarding,
            "milestone": found,
            "form": form,
            "is_starter": is_starter,
            "can_record": can_record,
            "is_participant": role in (OnboardingRole.NEW_STARTER, OnboardingRole.BUDDY),
        },
        status=422 if form.errors else 200,
    )


@login_required
def milestone_invite(
    request: AuthenticatedRequest, onboarding_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    actor, onboarding, role = _onboarding(request, onboarding_id)
    require(role in (OnboardingRole.NEW_STARTER, OnboardingRole.BUDDY))
    found = selectors.milestone_for(onboarding=onboarding, milestone_id=milestone_id)
    require(found is not None)
    assert found is not None
    assert actor.person is not None
    body = ics_calendar(
        [milestone_event(found)], name="Onboarding check-in", time_zone=actor.person.time_zone
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="onboarding-day-{found.day}.ics"'
    return response


# --- programme: templates, buddy pool, every onboarding ----------------------------------------


@login_required
def programme(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(permissions.can_manage_templates(actor))
    everyone = selectors.onboardings_visible_to(actor=actor)
    status = request.GET.get("status", "")
    listed = everyone.filter(status=status) if status in OnboardingStatus.values else everyone
    return render(
        request,
        "onboarding/programme.html",
        {
            "stats": selectors.onboarding_stats(onboardings=everyone),
            "page_obj": paginate(request, listed.order_by("status", "-start_date", "id")),
            "status": status,
            "statuses": OnboardingStatus.choices,
            "querystring": query_without_page(request),
            "pool": paginate(request, selectors.buddy_pool_list(), page_param="ppage"),
        },
    )


@login_required
def templates(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(permissions.can_manage_templates(actor))
    form = forms.TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.onboarding_template_create(**form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Plan created. Now add its checklist items.")
            return redirect("onboarding:template", template.id)
    return render(
        request,
        "onboarding/templates.html",
        {"form": form, "page_obj": paginate(request, selectors.templates_list())},
        status=422 if form.errors else 200,
    )


@login_required
def template_detail(request: AuthenticatedRequest, template_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    require(permissions.can_manage_templates(actor))
    template = selectors.templates_list().filter(pk=template_id).first()
    require(template is not None)
    assert template is not None
    form = forms.TemplateItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.onboarding_template_item_add(template=template, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Item added.")
            return redirect("onboarding:template", template.id)
    return render(
        request,
        "onboarding/template.html",
        {"template": template, "items": template.items.all(), "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def template_item_remove(
    request: AuthenticatedRequest, template_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    require(permissions.can_manage_templates(actor))
    item = selectors.template_item_for(template_id=template_id, item_id=item_id)
    require(item is not None)
    assert item is not None
    services.onboarding_template_item_remove(item=item)
    messages.info(request, "Item removed. Onboardings already started keep their copy.")
    return redirect("onboarding:template", template_id)
