"""Mentoring pages. Thin: ask mentoring.permissions, call a selector or a service, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerlearn.calendars.ical import ics_calendar, zone_of
from peerlearn.core.forms import show_service_errors
from peerlearn.core.htmx import is_htmx, vary_on_htmx
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import Actor, actor_for, require, require_employee
from peerlearn.mentoring import forms, permissions, selectors, services
from peerlearn.mentoring.calendar_events import check_in_event
from peerlearn.mentoring.models import (
    CheckIn,
    CheckInStatus,
    Mentorship,
    MentorshipStatus,
)
from peerlearn.mentoring.permissions import MentorshipAccess
from peerlearn.people.models import GoalStatus, Person


def _mentorship(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID
) -> tuple[Actor, Mentorship, MentorshipAccess]:
    actor = actor_for(request)
    found = selectors.mentorship_for(actor=actor, mentorship_id=mentorship_id)
    require(found is not None)
    assert found is not None
    mentorship, access = found
    return actor, mentorship, access


def _participant(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID
) -> tuple[Mentorship, Person]:
    """The mentorship, for one of the pair; anyone else gets 404 (managers included)."""
    actor, mentorship, access = _mentorship(request, mentorship_id)
    require(access == MentorshipAccess.PARTICIPANT)
    assert actor.person is not None
    return mentorship, actor.person


def _check_in(mentorship: Mentorship, check_in_id: uuid.UUID) -> CheckIn:
    check_in = selectors.check_in_for(mentorship=mentorship, check_in_id=check_in_id)
    require(check_in is not None)
    assert check_in is not None
    return check_in


# --- my mentoring ------------------------------------------------------------------------------


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """Everything mentoring for the viewer: requests to answer, pairs, next check-ins."""
    actor = actor_for(request)
    person = require_employee(actor)
    status = request.GET.get("status", "")
    if status not in {"", "attention", *MentorshipStatus.values}:
        status = ""
    summary = selectors.mentoring_summary(person=person)
    page = paginate(request, selectors.mentorships_of(person=person, status=status))
    return render(
        request,
        "mentoring/mine.html",
        {
            "to_answer": summary.to_answer,
            "waiting": summary.waiting,
            "mentors": summary.mentors,
            "mentees": summary.mentees,
            "upcoming": selectors.upcoming_check_ins(person=person),
            "page_obj": page,
            "status": status,
            "statuses": MentorshipStatus.choices,
            "querystring": query_without_page(request),
            "has_any": summary.has_any,
            "is_manager": actor.is_manager,
            "is_admin": actor.is_programme_admin,
        },
    )


@login_required
def now(request: AuthenticatedRequest) -> HttpResponse:
    """The viewer's pairs at a glance: a fragment for "My learning" (htmx), or a page."""
    require_employee(actor_for(request))
    if is_htmx(request):
        return vary_on_htmx(render(request, "mentoring/_peer_learning_fragment.html"))
    return vary_on_htmx(render(request, "mentoring/now.html"))


@login_required
def request_mentoring(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    person = require_employee(actor)
    require(permissions.can_request_mentoring(actor))
    initial: dict[str, Any] = {}
    if request.GET.get("direction") == forms.RequestForm.MENTOR_THEM:
        initial["direction"] = forms.RequestForm.MENTOR_THEM
    for key in ("mentor", "mentee"):
        raw = request.GET.get(key, "")
        try:
            initial["person"] = uuid.UUID(raw)
            initial["direction"] = (
                forms.RequestForm.MENTOR_ME if key == "mentor" else forms.RequestForm.MENTOR_THEM
            )
        except ValueError:
            continue
    form = forms.RequestForm(request.POST or None, viewer=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        other: Person = form.cleaned_data["person"]
        mentor_me = form.cleaned_data["direction"] == forms.RequestForm.MENTOR_ME
        try:
            mentorship = services.mentorship_request(
                mentor=other if mentor_me else person,
                mentee=person if mentor_me else other,
                requested_by=person,
                message=form.cleaned_data["message"],
                focus_skills=form.cleaned_data["focus_skills"],
                cadence=form.cleaned_data["cadence"],
                channel=form.cleaned_data["channel"],
                duration_months=form.cleaned_data["duration_months"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request, f"Request sent to {other.full_name}. We will tell you when they answer."
            )
            return redirect("mentoring:detail", mentorship.id)
    return render(request, "mentoring/request.html", {"form": form})


# --- one mentorship ----------------------------------------------------------------------------


@login_required
def detail(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    actor, mentorship, access = _mentorship(request, mentorship_id)
    if access == MentorshipAccess.OVERVIEW:
        return render(
            request,
            "mentoring/overview.html",
            {
                "mentorship": mentorship,
                "check_ins": selectors.check_ins_of(
                    mentorship=mentorship, viewer=None, with_notes=False
                ),
            },
        )
    return _participant_page(request, actor, mentorship)


def _participant_page(
    request: AuthenticatedRequest,
    actor: Actor,
    mentorship: Mentorship,
    *,
    respond_form: forms.RespondForm | None = None,
    status: int = 200,
) -> HttpResponse:
    assert actor.person is not None
    person = actor.person
    check_ins = list(selectors.check_ins_of(mentorship=mentorship, viewer=person))
    upcoming = [c for c in check_ins if c.status == CheckInStatus.SCHEDULED]
    upcoming.sort(key=lambda c: c.starts_at)
    return render(
        request,
        "mentoring/detail.html",
        {
            "mentorship": mentorship,
            "role": mentorship.role_of(person.id),
            "partner": mentorship.other(person),
            "goals": selectors.goals_of(mentorship=mentorship),
            "check_ins": check_ins,
            "upcoming": upcoming,
            "timeline": selectors.timeline_of(mentorship=mentorship)[: selectors.TIMELINE_LIMIT],
            "now": timezone.now(),
            "can_respond": permissions.can_respond(actor, mentorship)
            and mentorship.status == MentorshipStatus.REQUESTED,
            "can_withdraw": permissions.can_withdraw(actor, mentorship),
            "can_work": permissions.can_work_in(actor, mentorship),
            "can_give_feedback": permissions.can_give_feedback(actor, mentorship)
            and selectors.feedback_of(mentorship=mentorship, author=person) is None,
            "respond_form": respond_form or forms.RespondForm(),
            "goal_statuses": GoalStatus.choices,
        },
        status=status,
    )


@login_required
@require_POST
def respond(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    actor, mentorship, access = _mentorship(request, mentorship_id)
    require(access == MentorshipAccess.PARTICIPANT)
    assert actor.person is not None
    if not permissions.can_respond(actor, mentorship):
        return redirect("mentoring:detail", mentorship.id)
    form = forms.RespondForm(request.POST)
    accept = request.POST.get("answer") == "accept"
    if form.is_valid():
        try:
            if accept:
                services.mentorship_accept(
                    mentorship=mentorship, by=actor.person, message=form.cleaned_data["message"]
                )
            else:
                services.mentorship_decline(
                    mentorship=mentorship, by=actor.person, message=form.cleaned_data["message"]
                )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            if accept:
                messages.success(
                    request, "Accepted. Next: agree a goal and schedule your first check-in."
                )
            else:
                messages.info(request, "Declined. We let them know.")
            return redirect("mentoring:detail", mentorship.id)
    mentorship.refresh_from_db()
    return _participant_page(request, actor, mentorship, respond_form=form, status=422)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    actor, mentorship, _ = _mentorship(request, mentorship_id)
    require(permissions.is_participant(actor, mentorship))
    assert actor.person is not None
    try:
        services.mentorship_withdraw(mentorship=mentorship, by=actor.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, "Request withdrawn.")
    return redirect("mentoring:detail", mentorship.id)


@login_required
def agreement(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    require(mentorship.status == MentorshipStatus.ACTIVE)
    form = forms.AgreementForm(
        request.POST or None,
        initial={
            "cadence": mentorship.cadence,
            "channel": mentorship.channel,
            "duration_months": mentorship.duration_months,
            "expectations": mentorship.expectations,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_update_agreement(
                mentorship=mentorship, by=person, **form.cleaned_data
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Agreement saved.")
            return redirect("mentoring:detail", mentorship.id)
    return render(request, "mentoring/agreement.html", {"form": form, "mentorship": mentorship})


@login_required
def goal_new(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    require(mentorship.status == MentorshipStatus.ACTIVE)
    form = forms.GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_goal_add(
                mentorship=mentorship, added_by=person, **form.cleaned_data
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Goal added.")
            return redirect("mentoring:detail", mentorship.id)
    return render(
        request,
        "mentoring/goal_form.html",
        {"form": form, "mentorship": mentorship},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def goal_status(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID, link_id: uuid.UUID
) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    require(mentorship.status == MentorshipStatus.ACTIVE)
    link = selectors.goals_of(mentorship=mentorship).filter(pk=link_id).first()
    require(link is not None)
    assert link is not None
    form = forms.GoalStatusForm(request.POST)
    if form.is_valid():
        services.mentorship_goal_set_status(
            link=link, status=GoalStatus(form.cleaned_data["status"]), by=person
        )
        messages.success(
            request, f"Goal marked {GoalStatus(form.cleaned_data['status']).label.lower()}."
        )
    return redirect("mentoring:detail", mentorship.id)


@login_required
def check_in_new(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    require(mentorship.status == MentorshipStatus.ACTIVE)
    form = forms.CheckInForm(request.POST or None, time_zone=person.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            check_in = services.check_in_schedule(
                mentorship=mentorship, by=person, **form.cleaned_data
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Check-in scheduled. Add it to your calendar below.")
            return redirect("mentoring:check_in", mentorship.id, check_in.id)
    return render(
        request,
        "mentoring/check_in_form.html",
        {"form": form, "mentorship": mentorship, "editing": None},
        status=422 if form.errors else 200,
    )


@login_required
def check_in_edit(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID, check_in_id: uuid.UUID
) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    check_in = _check_in(mentorship, check_in_id)
    require(
        mentorship.status == MentorshipStatus.ACTIVE and check_in.status == CheckInStatus.SCHEDULED
    )
    form = forms.CheckInForm(
        request.POST or None,
        time_zone=person.time_zone,
        initial={
            "starts_at": check_in.starts_at,
            "duration_minutes": check_in.duration_minutes,
            "agenda": check_in.agenda,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_reschedule(check_in=check_in, by=person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Check-in updated.")
            return redirect("mentoring:check_in", mentorship.id, check_in.id)
    return render(
        request,
        "mentoring/check_in_form.html",
        {"form": form, "mentorship": mentorship, "editing": check_in},
        status=422 if form.errors else 200,
    )


@login_required
def check_in_detail(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID, check_in_id: uuid.UUID
) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    check_in = _check_in(mentorship, check_in_id)
    note_form = forms.NoteForm(request.POST or None)
    if request.method == "POST" and note_form.is_valid():
        try:
            services.check_in_note_add(check_in=check_in, author=person, **note_form.cleaned_data)
        except ValidationError as error:
            show_service_errors(note_form, error)
        else:
            private = note_form.cleaned_data["visibility"] == "private"
            messages.success(
                request,
                "Private note saved: only you can read it."
                if private
                else "Note shared with your partner.",
            )
            return redirect("mentoring:check_in", mentorship.id, check_in.id)
    return _check_in_page(request, mentorship, check_in, person, note_form=note_form)


def _check_in_page(
    request: AuthenticatedRequest,
    mentorship: Mentorship,
    check_in: CheckIn,
    person: Person,
    *,
    note_form: forms.NoteForm | None = None,
    record_form: forms.RecordForm | None = None,
) -> HttpResponse:
    note_form = note_form or forms.NoteForm()
    record_form = record_form or forms.RecordForm(
        initial={"progress_rating": check_in.progress_rating, "mood": check_in.mood}
    )
    failed = bool(note_form.errors or record_form.errors)
    return render(
        request,
        "mentoring/check_in.html",
        {
            "mentorship": mentorship,
            "check_in": check_in,
            "partner": mentorship.other(person),
            "partner_local": timezone.localtime(
                check_in.starts_at, zone_of(mentorship.other(person).time_zone)
            ),
            "notes": selectors.readable_notes(check_in=check_in, viewer=person),
            "note_form": note_form,
            "record_form": record_form,
            "can_work": mentorship.status == MentorshipStatus.ACTIVE,
            "can_note": mentorship.status in (MentorshipStatus.ACTIVE, MentorshipStatus.CLOSED)
            and check_in.status != CheckInStatus.CANCELLED,
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def check_in_record(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID, check_in_id: uuid.UUID
) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    check_in = _check_in(mentorship, check_in_id)
    form = forms.RecordForm(request.POST)
    if form.is_valid():
        try:
            services.check_in_record(check_in=check_in, by=person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Recorded as held. Add a note while it is fresh.")
            return redirect("mentoring:check_in", mentorship.id, check_in.id)
    return _check_in_page(request, mentorship, check_in, person, record_form=form)


@login_required
@require_POST
def check_in_cancel(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID, check_in_id: uuid.UUID
) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    check_in = _check_in(mentorship, check_in_id)
    try:
        services.check_in_cancel(check_in=check_in, by=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, "Check-in cancelled. Your partner was told.")
    return redirect("mentoring:detail", mentorship.id)


@login_required
def check_in_invite(
    request: AuthenticatedRequest, mentorship_id: uuid.UUID, check_in_id: uuid.UUID
) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    check_in = _check_in(mentorship, check_in_id)
    body = ics_calendar(
        [check_in_event(check_in)], name="Peerlearn check-in", time_zone=person.time_zone
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="check-in-{check_in.starts_at:%Y-%m-%d}.ics"'
    )
    return response


@login_required
@require_POST
def note_delete(request: AuthenticatedRequest, note_id: uuid.UUID) -> HttpResponse:
    person = require_employee(actor_for(request))
    note = selectors.note_for(author=person, note_id=note_id)
    require(note is not None)
    assert note is not None
    check_in = note.check_in
    services.check_in_note_delete(note=note, by=person)
    messages.info(request, "Note deleted.")
    return redirect("mentoring:check_in", check_in.mentorship_id, check_in.id)


@login_required
def close(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    require(mentorship.status == MentorshipStatus.ACTIVE)
    if request.method == "POST":
        services.mentorship_close(mentorship=mentorship, by=person)
        messages.success(request, "Mentorship closed. Now say how it went.")
        return redirect("mentoring:feedback", mentorship.id)
    return render(
        request,
        "mentoring/close.html",
        {"mentorship": mentorship, "partner": mentorship.other(person)},
    )


@login_required
def feedback(request: AuthenticatedRequest, mentorship_id: uuid.UUID) -> HttpResponse:
    mentorship, person = _participant(request, mentorship_id)
    require(mentorship.status == MentorshipStatus.CLOSED)
    given = selectors.feedback_of(mentorship=mentorship, author=person)
    if given is not None:
        return render(
            request, "mentoring/feedback_given.html", {"mentorship": mentorship, "feedback": given}
        )
    is_mentor = person.id == mentorship.mentor_id
    endorsable = selectors.endorsable_skills(mentorship=mentorship) if is_mentor else []
    form = forms.FeedbackForm(request.POST or None, endorsable=endorsable)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_feedback_give(
                mentorship=mentorship,
                author=person,
                helpfulness=form.cleaned_data["helpfulness"],
                skills_gained=list(form.cleaned_data["skills_gained"]),
                comment=form.cleaned_data["comment"],
                endorse_levels=form.endorse_levels(),
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Thank you: your feedback is saved.")
            return redirect("mentoring:detail", mentorship.id)
    return render(
        request,
        "mentoring/feedback.html",
        {
            "form": form,
            "mentorship": mentorship,
            "is_mentor": is_mentor,
            "partner": mentorship.other(person),
        },
        status=422 if form.errors else 200,
    )


# --- programme and team ------------------------------------------------------------------------


def _overview_filters(request: AuthenticatedRequest) -> str:
    status = request.GET.get("status", "")
    return status if status in {"attention", *MentorshipStatus.values} else ""


@login_required
def programme(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(permissions.can_view_programme(actor))
    everyone = selectors.mentorships_visible_to(actor=actor)
    status = _overview_filters(request)
    return render(
        request,
        "mentoring/programme.html",
        {
            "stats": selectors.programme_stats(mentorships=everyone),
            "stalled": selectors.stalled_pairs(mentorships=everyone)[:10],
            "page_obj": paginate(
                request, selectors.pairs_overview(mentorships=everyone, status=status)
            ),
            "status": status,
            "statuses": MentorshipStatus.choices,
            "querystring": query_without_page(request),
            "title": "Mentoring programme",
        },
    )


@login_required
def team(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(actor.is_manager)
    pairs = selectors.team_mentorships(actor=actor)
    status = _overview_filters(request)
    return render(
        request,
        "mentoring/team.html",
        {
            "stats": selectors.programme_stats(mentorships=pairs),
            "page_obj": paginate(
                request, selectors.pairs_overview(mentorships=pairs, status=status)
            ),
            "status": status,
            "statuses": MentorshipStatus.choices,
            "querystring": query_without_page(request),
            "managed": actor.managed_person_ids,
        },
    )
