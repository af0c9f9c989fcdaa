"""Mentoring under /api/v1/: mentorships, goals, check-ins, notes, feedback, programme views.

Every endpoint asks mentoring.permissions. What the caller may not see answers 404 (like a
missing object); what they see but may not change, 403; a change the rules refuse (accepting a
declined request, a check-in in the past, an unknown skill), 422 naming the field.
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from peerlearn.calendars.ical import ics_calendar
from peerlearn.core.api import (
    ERROR_RESPONSES,
    ICALENDAR_RESPONSE,
    Pagination,
    api_actor,
    api_employee,
    forbid_unless,
)
from peerlearn.core.permissions import Actor, require
from peerlearn.mentoring import permissions, selectors, services
from peerlearn.mentoring.calendar_events import check_in_event
from peerlearn.mentoring.models import CheckIn, CheckInNote, Mentorship, MentorshipStatus
from peerlearn.mentoring.permissions import MentorshipAccess
from peerlearn.mentoring.schemas import (
    AgreementIn,
    AnswerIn,
    CheckInIn,
    CheckInOut,
    CheckInPatchIn,
    FeedbackIn,
    FeedbackOut,
    GoalStatusIn,
    MentorshipGoalIn,
    MentorshipGoalOut,
    MentorshipOut,
    MentorshipRequestIn,
    NoteIn,
    NoteOut,
    ProgrammeStatsOut,
    RecordIn,
)
from peerlearn.people.models import Person, Skill
from peerlearn.people.selectors import skill_resolve

router = Router(tags=["mentoring"])

CREATED: dict[int, Any] = {201: MentorshipOut, **ERROR_RESPONSES}
NO_CONTENT: dict[int, Any] = {204: None, **ERROR_RESPONSES}


# --- presenting -------------------------------------------------------------------------------


def _person(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.id, "full_name": person.full_name}


def _skill(skill: Skill) -> dict[str, Any]:
    return {"id": skill.id, "slug": skill.slug, "name": skill.name}


def mentorship_out(mentorship: Mentorship, access: MentorshipAccess) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": mentorship.id,
        "access": "participant" if access == MentorshipAccess.PARTICIPANT else "overview",
        "mentor": _person(mentorship.mentor),
        "mentee": _person(mentorship.mentee),
        "status": mentorship.status,
        "origin": mentorship.origin,
        "needs_attention": bool(getattr(mentorship, "needs_attention", False)),
        "created_at": mentorship.created_at,
        "responded_at": mentorship.responded_at,
        "started_at": mentorship.started_at,
        "ends_on": mentorship.ends_on,
        "closed_at": mentorship.closed_at,
        "last_activity_at": mentorship.last_activity_at,
        "next_check_in_at": getattr(mentorship, "next_check_in_at", None),
    }
    if access == MentorshipAccess.PARTICIPANT:
        body.update(
            requested_by=_person(mentorship.requested_by),
            request_message=mentorship.request_message,
            response_message=mentorship.response_message,
            match_reason=mentorship.match_reason,
            cadence=mentorship.cadence,
            channel=mentorship.channel,
            duration_months=mentorship.duration_months,
            expectations=mentorship.expectations,
            focus_skills=[_skill(s) for s in mentorship.focus_skills.all()],
        )
    return body


def check_in_out(check_in: CheckIn, access: MentorshipAccess) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": check_in.id,
        "mentorship_id": check_in.mentorship_id,
        "starts_at": check_in.starts_at,
        "ends_at": check_in.starts_at + dt.timedelta(minutes=check_in.duration_minutes),
        "duration_minutes": check_in.duration_minutes,
        "status": check_in.status,
        "sequence": check_in.sequence,
        "held_at": check_in.held_at,
    }
    if access == MentorshipAccess.PARTICIPANT:
        body.update(
            agenda=check_in.agenda, progress_rating=check_in.progress_rating, mood=check_in.mood
        )
    return body


def note_out(note: CheckInNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "check_in_id": note.check_in_id,
        "author": _person(note.author),
        "visibility": note.visibility,
        "body": note.body,
        "created_at": note.created_at,
    }


class ParticipantPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [mentorship_out(m, MentorshipAccess.PARTICIPANT) for m in items]


class OverviewPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [mentorship_out(m, MentorshipAccess.OVERVIEW) for m in items]


ACCESS_ATTRIBUTE = "_mentorship_access"


class CheckInPages(Pagination):
    """Check-ins as the caller may see them (the endpoint leaves its access on the request)."""

    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        access = getattr(request, ACCESS_ATTRIBUTE, MentorshipAccess.OVERVIEW)
        return [check_in_out(c, access) for c in items]


class NotePages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [note_out(n) for n in items]


# --- lookups ----------------------------------------------------------------------------------


def _mentorship(actor: Actor, mentorship_id: uuid.UUID) -> tuple[Mentorship, MentorshipAccess]:
    found = selectors.mentorship_for(actor=actor, mentorship_id=mentorship_id)
    require(found is not None)
    assert found is not None
    return found


def _as_participant(
    request: HttpRequest, mentorship_id: uuid.UUID
) -> tuple[Actor, Person, Mentorship]:
    actor = api_actor(request)
    mentorship, access = _mentorship(actor, mentorship_id)
    forbid_unless(
        access == MentorshipAccess.PARTICIPANT, "Only the mentor and the mentee can do this."
    )
    assert actor.person is not None
    return actor, actor.person, mentorship


def _check_in(actor: Actor, check_in_id: uuid.UUID) -> tuple[CheckIn, MentorshipAccess]:
    check_in = (
        CheckIn.objects.select_related(
            "mentorship__mentor", "mentorship__mentee", "mentorship__requested_by", "activity"
        )
        .filter(pk=check_in_id)
        .first()
    )
    require(check_in is not None)
    assert check_in is not None
    access = permissions.mentorship_access(actor, check_in.mentorship)
    require(access != MentorshipAccess.NONE)
    return check_in, access


def _skill_ref(reference: str, field: str) -> Skill:
    skill: Skill | None = None
    try:
        skill = Skill.objects.filter(pk=uuid.UUID(reference)).first()
    except ValueError:
        skill = skill_resolve(name=reference)
    if skill is None:
        raise ValidationError({field: f"There is no skill “{reference.strip()}”."})
    return skill


def _reload(mentorship: Mentorship, actor: Actor) -> dict[str, Any]:
    found = selectors.mentorship_for(actor=actor, mentorship_id=mentorship.id)
    assert found is not None
    return mentorship_out(*found)


# --- mentorships ------------------------------------------------------------------------------


@router.get("/mentorships", response={200: list[MentorshipOut], **ERROR_RESPONSES})
@paginate(ParticipantPages)
def list_my_mentorships(request: HttpRequest, status: str = "") -> QuerySet[Mentorship]:
    """Your own mentorships, as mentor or mentee. `status`: a status or `attention`."""
    _, person = api_employee(request)
    return selectors.mentorships_of(person=person, status=status).prefetch_related("focus_skills")


@router.post("/mentorships", response=CREATED)
def request_mentorship(request: HttpRequest, payload: MentorshipRequestIn) -> Status[Any]:
    """Ask a colleague to mentor you, or offer to mentor them."""
    actor, person = api_employee(request)
    other = Person.objects.filter(pk=payload.person_id, is_active=True).first()
    if other is None:
        raise ValidationError({"person_id": "There is no active colleague with this id."})
    skills = [_skill_ref(ref, "focus_skills") for ref in payload.focus_skills]
    mentor_me = payload.direction == "mentor_me"
    mentorship = services.mentorship_request(
        mentor=other if mentor_me else person,
        mentee=person if mentor_me else other,
        requested_by=person,
        message=payload.message,
        focus_skills=skills,
        cadence=payload.cadence,
        channel=payload.channel,
        duration_months=payload.duration_months,
    )
    return Status(201, _reload(mentorship, actor))


@router.get("/mentorships/{mentorship_id}", response={200: MentorshipOut, **ERROR_RESPONSES})
def get_mentorship(request: HttpRequest, mentorship_id: uuid.UUID) -> dict[str, Any]:
    actor = api_actor(request)
    return mentorship_out(*_mentorship(actor, mentorship_id))


@router.post(
    "/mentorships/{mentorship_id}/accept", response={200: MentorshipOut, **ERROR_RESPONSES}
)
def accept(request: HttpRequest, mentorship_id: uuid.UUID, payload: AnswerIn) -> dict[str, Any]:
    actor, person, mentorship = _as_participant(request, mentorship_id)
    forbid_unless(permissions.can_respond(actor, mentorship), "Only the person asked can accept.")
    services.mentorship_accept(mentorship=mentorship, by=person, message=payload.message)
    return _reload(mentorship, actor)


@router.post(
    "/mentorships/{mentorship_id}/decline", response={200: MentorshipOut, **ERROR_RESPONSES}
)
def decline(request: HttpRequest, mentorship_id: uuid.UUID, payload: AnswerIn) -> dict[str, Any]:
    actor, person, mentorship = _as_participant(request, mentorship_id)
    forbid_unless(permissions.can_respond(actor, mentorship), "Only the person asked can decline.")
    services.mentorship_decline(mentorship=mentorship, by=person, message=payload.message)
    return _reload(mentorship, actor)


@router.post(
    "/mentorships/{mentorship_id}/withdraw", response={200: MentorshipOut, **ERROR_RESPONSES}
)
def withdraw(request: HttpRequest, mentorship_id: uuid.UUID) -> dict[str, Any]:
    actor, person, mentorship = _as_participant(request, mentorship_id)
    forbid_unless(
        person.id == mentorship.requested_by_id, "Only the person who asked can withdraw."
    )
    services.mentorship_withdraw(mentorship=mentorship, by=person)
    return _reload(mentorship, actor)


@router.put(
    "/mentorships/{mentorship_id}/agreement", response={200: MentorshipOut, **ERROR_RESPONSES}
)
def update_agreement(
    request: HttpRequest, mentorship_id: uuid.UUID, payload: AgreementIn
) -> dict[str, Any]:
    actor, person, mentorship = _as_participant(request, mentorship_id)
    services.mentorship_update_agreement(
        mentorship=mentorship,
        by=person,
        cadence=payload.cadence,
        channel=payload.channel,
        duration_months=payload.duration_months,
        expectations=payload.expectations,
    )
    return _reload(mentorship, actor)


@router.post("/mentorships/{mentorship_id}/close", response={200: MentorshipOut, **ERROR_RESPONSES})
def close(request: HttpRequest, mentorship_id: uuid.UUID) -> dict[str, Any]:
    actor, person, mentorship = _as_participant(request, mentorship_id)
    services.mentorship_close(mentorship=mentorship, by=person)
    return _reload(mentorship, actor)


@router.post(
    "/mentorships/{mentorship_id}/feedback", response={201: FeedbackOut, **ERROR_RESPONSES}
)
def give_feedback(
    request: HttpRequest, mentorship_id: uuid.UUID, payload: FeedbackIn
) -> Status[Any]:
    _, person, mentorship = _as_participant(request, mentorship_id)
    endorse: dict[Skill, int] = {}
    for item in payload.endorse:
        endorse[_skill_ref(item.skill, "endorse")] = item.level
    feedback = services.mentorship_feedback_give(
        mentorship=mentorship,
        author=person,
        helpfulness=payload.helpfulness,
        skills_gained=[_skill_ref(ref, "skills_gained") for ref in payload.skills_gained],
        comment=payload.comment,
        endorse_levels=endorse,
    )
    return Status(
        201,
        {
            "id": feedback.id,
            "helpfulness": feedback.helpfulness,
            "skills_gained": [_skill(s) for s in feedback.skills_gained.all()],
            "comment": feedback.comment,
            "created_at": feedback.created_at,
        },
    )


# --- goals ------------------------------------------------------------------------------------


def _goal_out(link: Any) -> dict[str, Any]:
    goal = link.goal
    return {
        "id": link.id,
        "goal_id": goal.id,
        "title": goal.title,
        "skill": _skill(goal.skill) if goal.skill else None,
        "target_level": goal.target_level,
        "target_date": goal.target_date,
        "status": goal.status,
    }


@router.get(
    "/mentorships/{mentorship_id}/goals",
    response={200: list[MentorshipGoalOut], **ERROR_RESPONSES},
)
def list_goals(request: HttpRequest, mentorship_id: uuid.UUID) -> list[dict[str, Any]]:
    """The pair's goals (a mentorship has a handful, so the list is not paged)."""
    actor = api_actor(request)
    mentorship, access = _mentorship(actor, mentorship_id)
    require(access == MentorshipAccess.PARTICIPANT)
    return [_goal_out(link) for link in selectors.goals_of(mentorship=mentorship)]


@router.post(
    "/mentorships/{mentorship_id}/goals", response={201: MentorshipGoalOut, **ERROR_RESPONSES}
)
def add_goal(
    request: HttpRequest, mentorship_id: uuid.UUID, payload: MentorshipGoalIn
) -> Status[Any]:
    _, person, mentorship = _as_participant(request, mentorship_id)
    link = services.mentorship_goal_add(
        mentorship=mentorship,
        added_by=person,
        title=payload.title,
        skill=_skill_ref(payload.skill, "skill"),
        target_level=payload.target_level,
        target_date=payload.target_date,
    )
    return Status(201, _goal_out(link))


@router.patch(
    "/mentorships/{mentorship_id}/goals/{link_id}",
    response={200: MentorshipGoalOut, **ERROR_RESPONSES},
)
def set_goal_status(
    request: HttpRequest, mentorship_id: uuid.UUID, link_id: uuid.UUID, payload: GoalStatusIn
) -> dict[str, Any]:
    _, person, mentorship = _as_participant(request, mentorship_id)
    link = selectors.goals_of(mentorship=mentorship).filter(pk=link_id).first()
    require(link is not None)
    assert link is not None
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError({"status": "Goals change while the mentorship is active."})
    services.mentorship_goal_set_status(link=link, status=payload.status, by=person)
    link.goal.refresh_from_db()
    return _goal_out(link)


# --- check-ins and notes ----------------------------------------------------------------------


@router.get(
    "/mentorships/{mentorship_id}/check-ins",
    response={200: list[CheckInOut], **ERROR_RESPONSES},
)
@paginate(CheckInPages)
def list_check_ins(request: HttpRequest, mentorship_id: uuid.UUID) -> QuerySet[CheckIn]:
    """The pair's check-ins, latest first; managers and admins get dates and status only."""
    actor = api_actor(request)
    mentorship, access = _mentorship(actor, mentorship_id)
    setattr(request, ACCESS_ATTRIBUTE, access)
    return selectors.check_ins_of(mentorship=mentorship, viewer=None, with_notes=False)


@router.post(
    "/mentorships/{mentorship_id}/check-ins", response={201: CheckInOut, **ERROR_RESPONSES}
)
def schedule_check_in(
    request: HttpRequest, mentorship_id: uuid.UUID, payload: CheckInIn
) -> Status[Any]:
    _, person, mentorship = _as_participant(request, mentorship_id)
    check_in = services.check_in_schedule(
        mentorship=mentorship,
        by=person,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        agenda=payload.agenda,
    )
    return Status(201, check_in_out(check_in, MentorshipAccess.PARTICIPANT))


@router.get("/check-ins/{check_in_id}", response={200: CheckInOut, **ERROR_RESPONSES})
def get_check_in(request: HttpRequest, check_in_id: uuid.UUID) -> dict[str, Any]:
    actor = api_actor(request)
    check_in, access = _check_in(actor, check_in_id)
    return check_in_out(check_in, access)


def _participant_check_in(request: HttpRequest, check_in_id: uuid.UUID) -> tuple[Person, CheckIn]:
    actor = api_actor(request)
    check_in, access = _check_in(actor, check_in_id)
    forbid_unless(
        access == MentorshipAccess.PARTICIPANT, "Only the mentor and the mentee can do this."
    )
    assert actor.person is not None
    return actor.person, check_in


@router.patch("/check-ins/{check_in_id}", response={200: CheckInOut, **ERROR_RESPONSES})
def reschedule_check_in(
    request: HttpRequest, check_in_id: uuid.UUID, payload: CheckInPatchIn
) -> dict[str, Any]:
    person, check_in = _participant_check_in(request, check_in_id)
    services.check_in_reschedule(
        check_in=check_in,
        by=person,
        starts_at=payload.starts_at or check_in.starts_at,
        duration_minutes=payload.duration_minutes or check_in.duration_minutes,
        agenda=payload.agenda if payload.agenda is not None else check_in.agenda,
    )
    return check_in_out(check_in, MentorshipAccess.PARTICIPANT)


@router.post("/check-ins/{check_in_id}/cancel", response={200: CheckInOut, **ERROR_RESPONSES})
def cancel_check_in(request: HttpRequest, check_in_id: uuid.UUID) -> dict[str, Any]:
    person, check_in = _participant_check_in(request, check_in_id)
    services.check_in_cancel(check_in=check_in, by=person)
    return check_in_out(check_in, MentorshipAccess.PARTICIPANT)


@router.post("/check-ins/{check_in_id}/record", response={200: CheckInOut, **ERROR_RESPONSES})
def record_check_in(
    request: HttpRequest, check_in_id: uuid.UUID, payload: RecordIn
) -> dict[str, Any]:
    person, check_in = _participant_check_in(request, check_in_id)
    services.check_in_record(
        check_in=check_in,
        by=person,
        progress_rating=payload.progress_rating,
        mood=payload.mood,
    )
    return check_in_out(check_in, MentorshipAccess.PARTICIPANT)


@router.get(
    "/check-ins/{check_in_id}/invite.ics",
    response={200: None, **ERROR_RESPONSES},
    openapi_extra=ICALENDAR_RESPONSE,
)
def check_in_invite(request: HttpRequest, check_in_id: uuid.UUID) -> HttpResponse:
    """The check-in as an iCalendar file, in your time zone."""
    actor = api_actor(request)
    check_in, access = _check_in(actor, check_in_id)
    require(access == MentorshipAccess.PARTICIPANT)
    assert actor.person is not None
    body = ics_calendar(
        [check_in_event(check_in)], name="Peerlearn check-in", time_zone=actor.person.time_zone
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.get("/check-ins/{check_in_id}/notes", response={200: list[NoteOut], **ERROR_RESPONSES})
@paginate(NotePages)
def list_notes(request: HttpRequest, check_in_id: uuid.UUID) -> QuerySet[CheckInNote]:
    """Notes you may read: the pair's shared notes and your own private ones."""
    actor = api_actor(request)
    check_in, access = _check_in(actor, check_in_id)
    require(access == MentorshipAccess.PARTICIPANT)
    assert actor.person is not None
    return selectors.readable_notes(check_in=check_in, viewer=actor.person)


@router.post("/check-ins/{check_in_id}/notes", response={201: NoteOut, **ERROR_RESPONSES})
def add_note(request: HttpRequest, check_in_id: uuid.UUID, payload: NoteIn) -> Status[Any]:
    person, check_in = _participant_check_in(request, check_in_id)
    note = services.check_in_note_add(
        check_in=check_in, author=person, visibility=payload.visibility, body=payload.body
    )
    return Status(201, note_out(note))


@router.delete("/notes/{note_id}", response=NO_CONTENT)
def delete_note(request: HttpRequest, note_id: uuid.UUID) -> Status[None]:
    _, person = api_employee(request)
    note = selectors.note_for(author=person, note_id=note_id)
    require(note is not None)
    assert note is not None
    services.check_in_note_delete(note=note, by=person)
    return Status(204, None)


# --- programme and team -----------------------------------------------------------------------


def _stats(stats: selectors.ProgrammeStats) -> dict[str, Any]:
    return {
        "by_status": stats.by_status,
        "needs_attention": stats.needs_attention,
        "check_ins_due": stats.check_ins_due,
        "check_ins_held": stats.check_ins_held,
        "check_in_rate": stats.check_in_rate,
        "median_days_to_first_meeting": stats.median_days_to_first_meeting,
        "pairs_met": stats.pairs_met,
        "average_helpfulness": stats.average_helpfulness,
        "feedback_count": stats.feedback_count,
    }


@router.get("/mentoring/programme", response={200: ProgrammeStatsOut, **ERROR_RESPONSES})
def programme_stats(request: HttpRequest) -> dict[str, Any]:
    """Programme admins: how mentoring is doing across the organisation."""
    actor = api_actor(request)
    forbid_unless(permissions.can_view_programme(actor), "Only programme admins see this.")
    return _stats(
        selectors.programme_stats(mentorships=selectors.mentorships_visible_to(actor=actor))
    )


@router.get("/mentoring/programme/pairs", response={200: list[MentorshipOut], **ERROR_RESPONSES})
@paginate(OverviewPages)
def programme_pairs(request: HttpRequest, status: str = "") -> QuerySet[Mentorship]:
    """Programme admins: every pair, status and dates only. `status` may be `attention`."""
    actor = api_actor(request)
    forbid_unless(permissions.can_view_programme(actor), "Only programme admins see this.")
    return selectors.pairs_overview(
        mentorships=selectors.mentorships_visible_to(actor=actor), status=status
    )


@router.get("/mentoring/team", response={200: ProgrammeStatsOut, **ERROR_RESPONSES})
def team_stats(request: HttpRequest) -> dict[str, Any]:
    """Managers: mentoring among the people in your reporting line."""
    actor = api_actor(request)
    forbid_unless(actor.is_manager, "Only managers see this.")
    return _stats(selectors.programme_stats(mentorships=selectors.team_mentorships(actor=actor)))


@router.get("/mentoring/team/pairs", response={200: list[MentorshipOut], **ERROR_RESPONSES})
@paginate(OverviewPages)
def team_pairs(request: HttpRequest, status: str = "") -> QuerySet[Mentorship]:
    actor = api_actor(request)
    forbid_unless(actor.is_manager, "Only managers see this.")
    return selectors.pairs_overview(
        mentorships=selectors.team_mentorships(actor=actor), status=status
    )
