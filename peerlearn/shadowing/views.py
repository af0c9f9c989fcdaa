"""Role shadowing pages. Thin: ask shadowing.permissions, call a selector or service, render."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from peerlearn.calendars.ical import ics_calendar
from peerlearn.core.forms import show_service_errors
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import Actor, actor_for, require, require_employee
from peerlearn.people.models import Person
from peerlearn.shadowing import forms, permissions, selectors, services
from peerlearn.shadowing.calendar_events import session_event
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus
from peerlearn.shadowing.permissions import ShadowingAccess


def _request(
    request: AuthenticatedRequest, request_id: uuid.UUID
) -> tuple[Actor, ShadowingRequest, ShadowingAccess]:
    actor = actor_for(request)
    found = selectors.shadowing_for(actor=actor, request_id=request_id)
    require(found is not None)
    assert found is not None
    return actor, *found


def _participant(
    request: AuthenticatedRequest, request_id: uuid.UUID
) -> tuple[Actor, Person, ShadowingRequest]:
    actor, shadowing, access = _request(request, request_id)
    require(access == ShadowingAccess.PARTICIPANT)
    assert actor.person is not None
    return actor, actor.person, shadowing


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    person = require_employee(actor)
    status = request.GET.get("status", "")
    if status not in ShadowingStatus.values:
        status = ""
    capacity, observe = selectors.host_settings_of(person=person)
    return render(
        request,
        "shadowing/mine.html",
        {
            "to_answer": selectors.shadowing_of(
                person=person, status=ShadowingStatus.REQUESTED
            ).filter(host=person)[:20],
            "upcoming": selectors.upcoming_sessions(person=person),
            "page_obj": paginate(request, selectors.shadowing_of(person=person, status=status)),
            "status": status,
            "statuses": ShadowingStatus.choices,
            "querystring": query_without_page(request),
            "host_form": forms.HostForm(
                initial={"monthly_capacity": capacity, "what_you_can_observe": observe}
            ),
            "capacity": capacity,
            "booked": selectors.booked_this_month(person=person),
            "team": paginate(request, selectors.team_shadowing(actor=actor), page_param="tpage")
            if actor.is_manager
            else None,
            "is_admin": actor.is_programme_admin,
        },
    )


@login_required
@require_POST
def host_settings(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    form = forms.HostForm(request.POST)
    if form.is_valid():
        services.shadowing_host_set(person=person, **form.cleaned_data)
        messages.success(request, "Hosting settings saved.")
    else:
        messages.error(request, "Host between 0 and 20 sessions a month.")
    return redirect("shadowing:mine")


@login_required
def new(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    initial: dict[str, Any] = {}
    with contextlib.suppress(ValueError):
        initial["host"] = uuid.UUID(request.GET.get("host", ""))
    form = forms.RequestForm(request.POST or None, viewer=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            shadowing = services.shadowing_request(observer=person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"Request sent to {shadowing.host.full_name}.")
            return redirect("shadowing:detail", shadowing.id)
    return render(
        request, "shadowing/request.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
def detail(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    actor, shadowing, access = _request(request, request_id)
    if access == ShadowingAccess.OVERVIEW:
        return render(request, "shadowing/overview.html", {"shadowing": shadowing})
    return _page(request, actor, shadowing)


def _page(
    request: AuthenticatedRequest,
    actor: Actor,
    shadowing: ShadowingRequest,
    *,
    accept_form: forms.AcceptForm | None = None,
    debrief_form: forms.DebriefForm | None = None,
    plan_form: forms.PlanItemForm | None = None,
) -> HttpResponse:
    assert actor.person is not None
    debriefs = list(selectors.debriefs_of(request=shadowing))
    failed = any(f is not None and f.errors for f in (accept_form, debrief_form, plan_form))
    return render(
        request,
        "shadowing/detail.html",
        {
            "shadowing": shadowing,
            "is_host": permissions.is_host(actor, shadowing),
            "partner": shadowing.observer
            if permissions.is_host(actor, shadowing)
            else shadowing.host,
            "plan": selectors.plan_of(request=shadowing),
            "can_plan": permissions.can_plan(actor, shadowing),
            "debriefs": debriefs,
            "wrote_debrief": any(d.author_id == actor.person.id for d in debriefs),
            "accept_form": accept_form or forms.AcceptForm(),
            "decline_form": forms.DeclineForm(),
            "debrief_form": debrief_form or forms.DebriefForm(),
            "plan_form": plan_form or forms.PlanItemForm(),
            "booked": selectors.booked_this_month(person=shadowing.host),
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def accept(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    actor, person, shadowing = _participant(request, request_id)
    require(permissions.is_host(actor, shadowing))
    form = forms.AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.shadowing_accept(request=shadowing, by=person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Booked. Agree the observation plan together.")
            return redirect("shadowing:detail", shadowing.id)
    shadowing.refresh_from_db()
    return _page(request, actor, shadowing, accept_form=form)


@login_required
@require_POST
def decline(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    actor, person, shadowing = _participant(request, request_id)
    require(permissions.is_host(actor, shadowing))
    form = forms.DeclineForm(request.POST)
    form.is_valid()
    try:
        services.shadowing_decline(
            request=shadowing, by=person, message=form.cleaned_data.get("message", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, "Declined. We let them know.")
    return redirect("shadowing:detail", shadowing.id)


@login_required
@require_POST
def change(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    """Withdraw (observer, while requested), cancel (either, once booked), or mark as done."""
    _, person, shadowing = _participant(request, request_id)
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            services.shadowing_withdraw(request=shadowing, by=person)
            messages.info(request, "Request withdrawn.")
        elif action == "cancel":
            services.shadowing_cancel(request=shadowing, by=person)
            messages.info(request, "Session cancelled.")
        elif action == "complete":
            services.shadowing_complete(request=shadowing, by=person)
            messages.success(request, "Marked as done. Now write your debrief.")
        else:
            messages.error(request, "Choose what to do.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("shadowing:detail", shadowing.id)


@login_required
@require_POST
def plan_add(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    actor, person, shadowing = _participant(request, request_id)
    require(permissions.can_plan(actor, shadowing))
    form = forms.PlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.observation_item_add(
                request=shadowing, by=person, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("shadowing:detail", shadowing.id)
    return _page(request, actor, shadowing, plan_form=form)


@login_required
@require_POST
def plan_toggle(
    request: AuthenticatedRequest, request_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    _, _, shadowing = _participant(request, request_id)
    require(
        shadowing.status
        in (ShadowingStatus.REQUESTED, ShadowingStatus.ACCEPTED, ShadowingStatus.COMPLETED)
    )
    item = selectors.plan_item_for(request=shadowing, item_id=item_id)
    require(item is not None)
    assert item is not None
    services.observation_item_set(item=item, observed=request.POST.get("observed") == "1")
    return redirect("shadowing:detail", shadowing.id)


@login_required
@require_POST
def debrief(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    actor, person, shadowing = _participant(request, request_id)
    form = forms.DebriefForm(request.POST)
    if form.is_valid():
        try:
            services.debrief_write(request=shadowing, author=person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Debrief saved. Thank you.")
            return redirect("shadowing:detail", shadowing.id)
    return _page(request, actor, shadowing, debrief_form=form)


@login_required
def invite(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    _, person, shadowing = _participant(request, request_id)
    require(shadowing.starts_at is not None)
    body = ics_calendar(
        [session_event(shadowing)], name="Shadowing session", time_zone=person.time_zone
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shadowing.ics"'
    return response


@login_required
def programme(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(actor.is_programme_admin)
    status = request.GET.get("status", "")
    rows = selectors.shadowing_visible_to(actor=actor)
    if status in ShadowingStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "shadowing/programme.html",
        {
            "page_obj": paginate(request, rows.order_by("-created_at", "id")),
            "status": status,
            "statuses": ShadowingStatus.choices,
            "querystring": query_without_page(request),
        },
    )
