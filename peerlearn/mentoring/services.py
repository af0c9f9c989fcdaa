"""The only way mentorships change. Views, the API, matching rounds and the demo call these.

Every meaningful event is written to the learning-activity record; every change the other side
should hear about notifies them (in-app now, e-mail through the job queue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from peerlearn.activities.models import ActivityFormat, ActivityStatus, ParticipantRole
from peerlearn.activities.services import (
    Participant,
    activity_mark_attendance,
    activity_record,
    activity_reschedule,
    activity_set_status,
)
from peerlearn.mentoring.models import (
    CheckIn,
    CheckInNote,
    CheckInStatus,
    Mentorship,
    MentorshipFeedback,
    MentorshipGoal,
    MentorshipOrigin,
    MentorshipStatus,
    NoteVisibility,
)
from peerlearn.notifications.services import EmailContent, notify
from peerlearn.people.models import Goal, GoalStatus, Person, PersonSkill, Skill, SkillLevel
from peerlearn.people.services import (
    endorsement_create,
    goal_create,
    goal_update,
    person_skill_set,
)

MAX_SCHEDULE_AHEAD = dt.timedelta(days=366)
# A check-in may be recorded as held from shortly before it starts (people meet early).
HELD_EARLY_TOLERANCE = dt.timedelta(hours=1)
MAX_MESSAGE = 2000
MAX_NOTE = 10_000


def mentorship_url(mentorship: Mentorship) -> str:
    return reverse("mentoring:detail", args=[mentorship.id])


def _participants(mentorship: Mentorship) -> list[Participant]:
    return [
        Participant(person=mentorship.mentor, role=ParticipantRole.MENTOR),
        Participant(person=mentorship.mentee, role=ParticipantRole.MENTEE),
    ]


def _pair_title(mentorship: Mentorship) -> str:
    return f"{mentorship.mentor.full_name} mentoring {mentorship.mentee.full_name}"


def _clean_text(value: str, *, field: str, limit: int, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit:,} characters (this is {len(value):,})."})
    return value


def _touch(mentorship: Mentorship) -> None:
    mentorship.last_activity_at = timezone.now()
    mentorship.save(update_fields=["last_activity_at", "updated_at"])


def _locked(mentorship: Mentorship) -> Mentorship:
    """Lock the mentorship's row and re-read it, so two answers to one request cannot both win.

    The caller's object is refreshed in place, so it shows the outcome afterwards.
    """
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).values_list("pk").get()
    mentorship.refresh_from_db()
    return mentorship


def _tell(
    *,
    recipient: Person,
    kind: str,
    key: str,
    subject: str,
    message: str,
    url: str,
    lines: Sequence[str] = (),
    action: str = "Open the mentorship",
) -> None:
    notify(
        recipient=recipient,
        kind=kind,
        key=key,
        content=EmailContent(
            subject=subject, message=message, lines=lines, url=url, action_label=action
        ),
    )


def _check_pair(*, mentor: Person, mentee: Person) -> None:
    if mentor.id == mentee.id:
        raise ValidationError({"mentor": "A person cannot mentor themselves."})
    if not mentor.is_active:
        raise ValidationError({"mentor": f"{mentor.full_name} has left the organisation."})
    if not mentee.is_active:
        raise ValidationError({"mentee": f"{mentee.full_name} has left the organisation."})
    if Mentorship.objects.filter(
        mentor=mentor,
        mentee=mentee,
        status__in=[MentorshipStatus.REQUESTED, MentorshipStatus.ACTIVE],
    ).exists():
        raise ValidationError(
            {
                "mentor": f"{mentor.full_name} and {mentee.full_name} already have "
                "an open mentorship."
            }
        )


def _agreement_end(started: dt.datetime, months: int) -> dt.date:
    return (started + dt.timedelta(days=round(months * 30.44))).date()


# --- starting ---------------------------------------------------------------------------------


@transaction.atomic
def mentorship_request(
    *,
    mentor: Person,
    mentee: Person,
    requested_by: Person,
    message: str = "",
    focus_skills: Sequence[Skill] = (),
    cadence: str = "fortnightly",
    channel: str = "video",
    duration_months: int = 6,
) -> Mentorship:
    """Ask someone to mentor you, or offer to mentor someone; the other person answers."""
    if requested_by.id not in (mentor.id, mentee.id):
        raise ValidationError({"requested_by": "Only the mentor or the mentee can ask."})
    _check_pair(mentor=mentor, mentee=mentee)
    now = timezone.now()
    mentorship = Mentorship(
        mentor=mentor,
        mentee=mentee,
        origin=MentorshipOrigin.REQUEST,
        requested_by=requested_by,
        request_message=_clean_text(message, field="message", limit=MAX_MESSAGE),
        cadence=cadence,
        channel=channel,
        duration_months=duration_months,
        last_activity_at=now,
    )
    mentorship.full_clean(exclude=["last_activity_at"])
    mentorship.save()
    if focus_skills:
        mentorship.focus_skills.set(focus_skills)
    activity_record(
        format=ActivityFormat.MENTORING,
        action="mentoring.requested",
        title=f"{requested_by.full_name} asked about mentoring: {_pair_title(mentorship)}",
        participants=_participants(mentorship),
        skills=list(focus_skills),
        source=mentorship,
        created_by=requested_by,
    )
    other = mentorship.other(requested_by)
    asks = "asked you to mentor them" if requested_by.id == mentee.id else "offered to mentor you"
    _tell(
        recipient=other,
        kind="mentoring.request",
        key=f"mentoring.request:{mentorship.id}",
        subject=f"{requested_by.full_name} {asks}",
        message=f"{requested_by.full_name} {asks}. Accept or decline with a short message.",
        lines=[f"“{mentorship.request_message}”"] if mentorship.request_message else [],
        url=mentorship_url(mentorship),
        action="Answer the request",
    )
    return mentorship


@transaction.atomic
def mentorship_create_from_match(
    *,
    mentor: Person,
    mentee: Person,
    reason: str = "",
    focus_skills: Sequence[Skill] = (),
    created_by: Person | None = None,
    announce: bool = True,
) -> Mentorship:
    """A matching round paired these two: the mentor offered capacity, the mentee accepts.

    The mentorship starts when the mentee accepts (`mentorship_accept`). `announce=False` is for
    a round where both already said yes: telling them to accept would be wrong.
    """
    _check_pair(mentor=mentor, mentee=mentee)
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        mentor=mentor,
        mentee=mentee,
        origin=MentorshipOrigin.MATCH,
        requested_by=mentor,
        match_reason=reason.strip()[:MAX_MESSAGE],
        last_activity_at=now,
    )
    if focus_skills:
        mentorship.focus_skills.set(focus_skills)
    activity_record(
        format=ActivityFormat.MENTORING,
        action="mentoring.matched",
        title=f"Matched for mentoring: {_pair_title(mentorship)}",
        participants=_participants(mentorship),
        skills=list(focus_skills),
        source=mentorship,
        created_by=created_by,
    )
    if not announce:
        return mentorship
    _tell(
        recipient=mentee,
        kind="mentoring.match",
        key=f"mentoring.match:{mentorship.id}",
        subject=f"You were matched with {mentor.full_name} as your mentor",
        message=f"You were matched with {mentor.full_name} as your mentor. Accept to start.",
        lines=[reason.strip()] if reason.strip() else [],
        url=mentorship_url(mentorship),
        action="See the match",
    )
    _tell(
        recipient=mentor,
        kind="mentoring.match",
        key=f"mentoring.match:{mentorship.id}:mentor",
        subject=f"You were matched with {mentee.full_name} as their mentor",
        message=f"You were matched with {mentee.full_name}; they will accept or decline.",
        url=mentorship_url(mentorship),
    )
    return mentorship


def _require_requested(mentorship: Mentorship, verb: str) -> None:
    if mentorship.status == MentorshipStatus.REQUESTED:
        return
    when = mentorship.responded_at or mentorship.updated_at
    status = mentorship.get_status_display().lower()
    raise ValidationError(
        {
            "__all__": f"This request was already {status} on {when:%-d %b %Y}; "
            f"it can no longer be {verb}."
        }
    )


@transaction.atomic
def mentorship_accept(
    *,
    mentorship: Mentorship,
    by: Person,
    message: str = "",
    cadence: str | None = None,
    channel: str | None = None,
    duration_months: int | None = None,
) -> Mentorship:
    mentorship = _locked(mentorship)
    _require_requested(mentorship, "accepted")
    if by.id == mentorship.requested_by_id or by.id not in (
        mentorship.mentor_id,
        mentorship.mentee_id,
    ):
        raise ValidationError({"__all__": "Only the person who was asked can accept."})
    other = mentorship.other(by)
    if not other.is_active:
        raise ValidationError({"__all__": f"{other.full_name} has left the company."})
    now = timezone.now()
    mentorship.status = MentorshipStatus.ACTIVE
    mentorship.response_message = _clean_text(message, field="message", limit=MAX_MESSAGE)
    mentorship.cadence = cadence or mentorship.cadence
    mentorship.channel = channel or mentorship.channel
    mentorship.duration_months = duration_months or mentorship.duration_months
    mentorship.responded_at = mentorship.started_at = mentorship.last_activity_at = now
    mentorship.ends_on = _agreement_end(now, mentorship.duration_months)
    mentorship.full_clean()
    mentorship.save()
    activity_record(
        format=ActivityFormat.MENTORING,
        action="mentoring.started",
        title=f"Mentoring started: {_pair_title(mentorship)}",
        participants=_participants(mentorship),
        skills=list(mentorship.focus_skills.all()),
        source=mentorship,
        created_by=by,
    )
    other = mentorship.other(by)
    _tell(
        recipient=other,
        kind="mentoring.accepted",
        key=f"mentoring.accepted:{mentorship.id}",
        subject=f"{by.full_name} accepted: your mentorship has started",
        message=f"{by.full_name} accepted. Agree your goals and schedule a first check-in.",
        lines=[f"“{mentorship.response_message}”"] if mentorship.response_message else [],
        url=mentorship_url(mentorship),
    )
    return mentorship


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, by: Person, message: str = "") -> Mentorship:
    mentorship = _locked(mentorship)
    _require_requested(mentorship, "declined")
    if by.id == mentorship.requested_by_id or by.id not in (
        mentorship.mentor_id,
        mentorship.mentee_id,
    ):
        raise ValidationError({"__all__": "Only the person who was asked can decline."})
    mentorship.status = MentorshipStatus.DECLINED
    mentorship.response_message = _clean_text(message, field="message", limit=MAX_MESSAGE)
    mentorship.responded_at = timezone.now()
    mentorship.save()
    activity_record(
        format=ActivityFormat.MENTORING,
        action="mentoring.declined",
        title=f"Mentoring declined: {_pair_title(mentorship)}",
        participants=_participants(mentorship),
        source=mentorship,
        created_by=by,
    )
    other = mentorship.other(by)
    _tell(
        recipient=other,
        kind="mentoring.declined",
        key=f"mentoring.declined:{mentorship.id}",
        subject=f"{by.full_name} cannot take this on right now",
        message=f"{by.full_name} declined the mentoring request.",
        lines=[f"“{mentorship.response_message}”"] if mentorship.response_message else [],
        url=reverse("mentoring:request"),
        action="Find another mentor",
    )
    return mentorship


@transaction.atomic
def mentorship_withdraw(*, mentorship: Mentorship, by: Person) -> Mentorship:
    mentorship = _locked(mentorship)
    _require_requested(mentorship, "withdrawn")
    if by.id != mentorship.requested_by_id:
        raise ValidationError({"__all__": "Only the person who asked can withdraw the request."})
    mentorship.status = MentorshipStatus.WITHDRAWN
    mentorship.responded_at = timezone.now()
    mentorship.save()
    return mentorship


@transaction.atomic
def mentorship_update_agreement(
    *,
    mentorship: Mentorship,
    by: Person,
    cadence: str,
    channel: str,
    duration_months: int,
    expectations: str = "",
) -> Mentorship:
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError({"__all__": "Only an active mentorship has an agreement to change."})
    mentorship.cadence, mentorship.channel = cadence, channel
    mentorship.duration_months = duration_months
    mentorship.expectations = _clean_text(expectations, field="expectations", limit=MAX_MESSAGE)
    if mentorship.started_at is not None:
        mentorship.ends_on = _agreement_end(mentorship.started_at, duration_months)
    mentorship.last_activity_at = timezone.now()
    mentorship.full_clean()
    mentorship.save()
    return mentorship


# --- goals ------------------------------------------------------------------------------------


def _require_active(mentorship: Mentorship) -> None:
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(
            {"__all__": f"This mentorship is {mentorship.get_status_display().lower()}."}
        )


@transaction.atomic
def mentorship_goal_add(
    *,
    mentorship: Mentorship,
    added_by: Person,
    title: str,
    skill: Skill,
    target_level: int,
    target_date: dt.date | None = None,
) -> MentorshipGoal:
    """A goal of the mentee, linked to a skill and a target level, worked on in this pair."""
    _require_active(mentorship)
    if target_level not in SkillLevel.values or target_level < SkillLevel.FOUNDATIONAL:
        raise ValidationError({"target_level": "Choose a target level from 1 to 4."})
    goal = goal_create(  # refuses a target date in the past
        person=mentorship.mentee,
        title=_clean_text(title, field="title", limit=200, required="Say what the goal is."),
        skill=skill,
        target_level=target_level,
        target_date=target_date,
    )
    link = MentorshipGoal.objects.create(mentorship=mentorship, goal=goal, added_by=added_by)
    _touch(mentorship)
    return link


@transaction.atomic
def mentorship_goal_set_status(*, link: MentorshipGoal, status: GoalStatus, by: Person) -> Goal:
    goal = link.goal
    updated = goal_update(
        goal=goal,
        title=goal.title,
        skill=goal.skill,
        target_level=goal.target_level,
        target_date=goal.target_date,
        status=status,
    )
    _touch(link.mentorship)
    return updated


# --- check-ins --------------------------------------------------------------------------------


def _check_time(starts_at: dt.datetime, duration_minutes: int) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": "Give the time with its time zone."})
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError(
            {"starts_at": "That time has already passed: choose a time in the future."}
        )
    if starts_at > now + MAX_SCHEDULE_AHEAD:
        raise ValidationError({"starts_at": "Schedule check-ins at most a year ahead."})
    if not 10 <= duration_minutes <= 240:
        raise ValidationError({"duration_minutes": "A check-in lasts 10 to 240 minutes."})


def check_in_title(mentorship: Mentorship) -> str:
    return f"Mentoring check-in: {mentorship.mentor.full_name} and {mentorship.mentee.full_name}"


@transaction.atomic
def check_in_schedule(
    *,
    mentorship: Mentorship,
    by: Person,
    starts_at: dt.datetime,
    duration_minutes: int = 45,
    agenda: str = "",
) -> CheckIn:
    _require_active(mentorship)
    _check_time(starts_at, duration_minutes)
    check_in = CheckIn.objects.create(
        mentorship=mentorship,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        agenda=_clean_text(agenda, field="agenda", limit=4000),
        scheduled_by=by,
    )
    check_in.activity = activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.scheduled",
        title=check_in_title(mentorship),
        participants=_participants(mentorship),
        status=ActivityStatus.SCHEDULED,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=duration_minutes),
        skills=list(mentorship.focus_skills.all()),
        source=check_in,
        created_by=by,
    )
    check_in.save(update_fields=["activity", "updated_at"])
    _touch(mentorship)
    other = mentorship.other(by)
    local = timezone.localtime(starts_at, other.zone)
    _tell(
        recipient=other,
        kind="mentoring.checkin",
        key=f"mentoring.checkin.scheduled:{check_in.id}",
        subject=f"Check-in with {by.full_name} on {local:%a %-d %b, %H:%M}",
        message=(
            f"{by.full_name} scheduled a check-in for {local:%A %-d %B at %H:%M} "
            f"({other.time_zone})."
        ),
        lines=["Add it to your calendar from the mentorship page."],
        url=mentorship_url(mentorship),
    )
    return check_in


@transaction.atomic
def check_in_reschedule(
    *,
    check_in: CheckIn,
    by: Person,
    starts_at: dt.datetime,
    duration_minutes: int,
    agenda: str,
) -> CheckIn:
    mentorship = check_in.mentorship
    _require_active(mentorship)
    if check_in.status != CheckInStatus.SCHEDULED:
        raise ValidationError({"__all__": "Only a scheduled check-in can be changed."})
    moved = starts_at != check_in.starts_at or duration_minutes != check_in.duration_minutes
    if moved:
        _check_time(starts_at, duration_minutes)
    check_in.starts_at, check_in.duration_minutes = starts_at, duration_minutes
    check_in.agenda = _clean_text(agenda, field="agenda", limit=4000)
    if moved:
        check_in.sequence += 1
    check_in.save()
    if moved and check_in.activity is not None:
        activity_reschedule(
            activity=check_in.activity,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=duration_minutes),
        )
    _touch(mentorship)
    if moved:
        other = mentorship.other(by)
        local = timezone.localtime(starts_at, other.zone)
        _tell(
            recipient=other,
            kind="mentoring.checkin",
            key=f"mentoring.checkin.moved:{check_in.id}:{check_in.sequence}",
            subject=f"Check-in moved to {local:%a %-d %b, %H:%M}",
            message=f"{by.full_name} moved your check-in to {local:%A %-d %B at %H:%M}.",
            url=mentorship_url(mentorship),
        )
    return check_in


@transaction.atomic
def check_in_cancel(*, check_in: CheckIn, by: Person) -> CheckIn:
    if check_in.status != CheckInStatus.SCHEDULED:
        raise ValidationError({"__all__": "Only a scheduled check-in can be cancelled."})
    check_in.status = CheckInStatus.CANCELLED
    check_in.sequence += 1
    check_in.save()
    if check_in.activity is not None:
        activity_set_status(activity=check_in.activity, status=ActivityStatus.CANCELLED)
    mentorship = check_in.mentorship
    _touch(mentorship)
    other = mentorship.other(by)
    # The day as the person told sees it: 01:00 in Kolkata is the day before in UTC.
    day = timezone.localtime(check_in.starts_at, other.zone)
    _tell(
        recipient=other,
        kind="mentoring.checkin",
        key=f"mentoring.checkin.cancelled:{check_in.id}",
        subject="A check-in was cancelled",
        message=f"{by.full_name} cancelled the check-in of {day:%-d %b}.",
        url=mentorship_url(mentorship),
    )
    return check_in


@transaction.atomic
def check_in_record(
    *,
    check_in: CheckIn,
    by: Person,
    progress_rating: int | None = None,
    mood: int | None = None,
) -> CheckIn:
    """The check-in happened: mark it held, with how it is going."""
    _require_active(check_in.mentorship)
    if check_in.status == CheckInStatus.CANCELLED:
        raise ValidationError({"__all__": "This check-in was cancelled."})
    if check_in.starts_at > timezone.now() + HELD_EARLY_TOLERANCE:
        raise ValidationError({"__all__": "This check-in has not happened yet."})
    errors = {}
    if progress_rating is not None and not 1 <= progress_rating <= 5:
        errors["progress_rating"] = "Progress is a number from 1 to 5."
    if mood is not None and not 1 <= mood <= 5:
        errors["mood"] = "Mood is a number from 1 to 5."
    if errors:
        raise ValidationError(errors)
    first_time = check_in.status != CheckInStatus.HELD
    check_in.status = CheckInStatus.HELD
    check_in.held_at = check_in.held_at or timezone.now()
    check_in.progress_rating, check_in.mood = progress_rating, mood
    if first_time:
        check_in.sequence += 1
    check_in.save()
    if check_in.activity is not None:
        activity_set_status(
            activity=check_in.activity, status=ActivityStatus.HELD, rating=progress_rating
        )
        for participant in (check_in.mentorship.mentor, check_in.mentorship.mentee):
            activity_mark_attendance(activity=check_in.activity, person=participant, attended=True)
    _touch(check_in.mentorship)
    return check_in


@transaction.atomic
def check_in_note_add(
    *, check_in: CheckIn, author: Person, visibility: str, body: str
) -> CheckInNote:
    mentorship = check_in.mentorship
    if author.id not in (mentorship.mentor_id, mentorship.mentee_id):
        raise ValidationError({"author": "Only the pair can write notes."})
    if mentorship.status not in (MentorshipStatus.ACTIVE, MentorshipStatus.CLOSED):
        raise ValidationError({"__all__": "Notes are for active or finished mentorships."})
    if check_in.status == CheckInStatus.CANCELLED:
        raise ValidationError({"__all__": "This check-in was cancelled."})
    if visibility not in NoteVisibility.values:
        raise ValidationError({"visibility": "Choose shared or private."})
    note = CheckInNote.objects.create(
        check_in=check_in,
        author=author,
        visibility=visibility,
        body=_clean_text(body, field="body", limit=MAX_NOTE, required="Write something first."),
    )
    if visibility == NoteVisibility.SHARED:
        # Private notes leave no trace the other side (or a manager) could notice.
        _touch(mentorship)
    return note


@transaction.atomic
def check_in_note_delete(*, note: CheckInNote, by: Person) -> None:
    if note.author_id != by.id:
        raise ValidationError({"__all__": "Only the author can delete a note."})
    note.delete()


# --- ending -----------------------------------------------------------------------------------


@transaction.atomic
def mentorship_close(*, mentorship: Mentorship, by: Person) -> Mentorship:
    mentorship = _locked(mentorship)
    _require_active(mentorship)
    now = timezone.now()
    mentorship.status = MentorshipStatus.CLOSED
    mentorship.closed_at, mentorship.closed_by = now, by
    mentorship.save()
    for check_in in mentorship.check_ins.filter(
        status=CheckInStatus.SCHEDULED, starts_at__gt=now
    ).select_related("activity"):
        check_in.status = CheckInStatus.CANCELLED
        check_in.sequence += 1
        check_in.save()
        if check_in.activity is not None:
            activity_set_status(activity=check_in.activity, status=ActivityStatus.CANCELLED)
    activity_record(
        format=ActivityFormat.MENTORING,
        action="mentoring.closed",
        title=f"Mentoring finished: {_pair_title(mentorship)}",
        participants=_participants(mentorship),
        skills=list(mentorship.focus_skills.all()),
        source=mentorship,
        created_by=by,
    )
    for person in (mentorship.mentor, mentorship.mentee):
        _tell(
            recipient=person,
            kind="mentoring.closed",
            key=f"mentoring.closed:{mentorship.id}:{person.id}",
            subject="Your mentorship has finished: how did it go?",
            message=(
                f"{by.full_name} closed the mentorship. Take a minute to say how helpful it was"
                + (
                    " and which skills grew."
                    if person.id == mentorship.mentee_id
                    else " and endorse the skills your mentee built."
                )
            ),
            url=mentorship_url(mentorship),
            action="Give feedback",
        )
    return mentorship


@transaction.atomic
def mentorship_feedback_give(
    *,
    mentorship: Mentorship,
    author: Person,
    helpfulness: int,
    skills_gained: Sequence[Skill] = (),
    comment: str = "",
    endorse_levels: Mapping[Skill, int] | None = None,
) -> MentorshipFeedback:
    """One side's closing feedback. The mentor may confirm the mentee's new skill levels: they
    are raised on the mentee's profile and endorsed by the mentor."""
    if mentorship.status != MentorshipStatus.CLOSED:
        raise ValidationError({"__all__": "Feedback is given once the mentorship is closed."})
    if author.id not in (mentorship.mentor_id, mentorship.mentee_id):
        raise ValidationError({"author": "Only the pair gives feedback."})
    if not 1 <= helpfulness <= 5:
        raise ValidationError({"helpfulness": "Helpfulness is a number from 1 to 5."})
    if MentorshipFeedback.objects.filter(mentorship=mentorship, author=author).exists():
        raise ValidationError({"__all__": "You have already given feedback on this mentorship."})
    endorse_levels = dict(endorse_levels or {})
    if endorse_levels and author.id != mentorship.mentor_id:
        raise ValidationError({"endorse_levels": "Only the mentor endorses skill levels."})
    for skill, level in endorse_levels.items():
        if level not in SkillLevel.values or level < SkillLevel.FOUNDATIONAL:
            raise ValidationError(
                {"endorse_levels": f"Choose a level from 1 to 4 for {skill.name}."}
            )
    feedback = MentorshipFeedback.objects.create(
        mentorship=mentorship,
        author=author,
        helpfulness=helpfulness,
        comment=_clean_text(comment, field="comment", limit=4000),
    )
    gained = list(dict.fromkeys([*skills_gained, *endorse_levels]))
    if gained:
        feedback.skills_gained.set(gained)
    mentee = mentorship.mentee
    for skill, level in endorse_levels.items():
        edge = PersonSkill.objects.filter(person=mentee, skill=skill).first()
        edge = person_skill_set(
            person=mentee,
            skill=skill,
            level=max(level, edge.level if edge else 0),
            can_teach=edge.can_teach if edge else False,
            wants_to_learn=edge.wants_to_learn if edge else False,
            confidence=edge.confidence if edge else None,
            changed_by=author,
        )
        if not edge.endorsements.filter(endorser=author).exists():
            endorsement_create(
                endorser=author, person_skill=edge, note="Endorsed at the end of our mentorship."
            )
    role = ParticipantRole.MENTOR if author.id == mentorship.mentor_id else ParticipantRole.MENTEE
    activity_record(
        format=ActivityFormat.MENTORING,
        action="mentoring.feedback",
        title=f"{author.full_name} reflected on {_pair_title(mentorship)}",
        participants=[Participant(person=author, role=role)],
        skills=gained,
        outcome=("Skills gained: " + ", ".join(skill.name for skill in gained) if gained else ""),
        rating=helpfulness,
        source=mentorship,
        created_by=author,
    )
    return feedback
