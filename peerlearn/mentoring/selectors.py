"""Reads of mentorships, always through the viewer's access (see mentoring.permissions)."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from peerlearn.activities.models import LearningActivity
from peerlearn.core.permissions import Actor
from peerlearn.mentoring.models import (
    CheckIn,
    CheckInNote,
    CheckInStatus,
    Mentorship,
    MentorshipFeedback,
    MentorshipGoal,
    MentorshipStatus,
    NoteVisibility,
)
from peerlearn.mentoring.permissions import MentorshipAccess, mentorship_access
from peerlearn.people.models import Person

# Aggregates of feedback are only shown over at least this many answers, so no one's rating
# can be read off a small programme.
MIN_GROUP = 5
TIMELINE_LIMIT = 50


def quiet_days() -> int:
    return int(settings.PEERLEARN_MENTORING_QUIET_DAYS)


def grace() -> dt.timedelta:
    return dt.timedelta(hours=int(settings.PEERLEARN_CHECKIN_GRACE_HOURS))


def with_attention(
    mentorships: QuerySet[Mentorship], *, now: dt.datetime | None = None
) -> QuerySet[Mentorship]:
    """Annotate the pair's rhythm: next and last check-in, and whether it needs attention.

    An active pair needs attention when a scheduled check-in is more than the grace period
    overdue without being recorded, or when nothing happened for `quiet_days()` and no
    check-in is coming up.
    """
    now = now or timezone.now()
    scheduled = CheckIn.objects.filter(mentorship=OuterRef("pk"), status=CheckInStatus.SCHEDULED)
    held = CheckIn.objects.filter(mentorship=OuterRef("pk"), status=CheckInStatus.HELD)
    return mentorships.annotate(
        overdue_check_in=Exists(scheduled.filter(starts_at__lt=now - grace())),
        upcoming_check_in=Exists(scheduled.filter(starts_at__gte=now)),
        next_check_in_at=Subquery(
            scheduled.filter(starts_at__gte=now).order_by("starts_at").values("starts_at")[:1]
        ),
        last_held_at=Subquery(held.order_by("-starts_at").values("starts_at")[:1]),
    ).annotate(
        needs_attention=ExpressionWrapper(
            Q(status=MentorshipStatus.ACTIVE)
            & (
                Q(overdue_check_in=True)
                | Q(
                    upcoming_check_in=False,
                    last_activity_at__lt=now - dt.timedelta(days=quiet_days()),
                )
            ),
            output_field=BooleanField(),
        )
    )


def mentorships_base() -> QuerySet[Mentorship]:
    return Mentorship.objects.select_related(
        "mentor", "mentee", "mentor__team", "mentee__team", "requested_by"
    )


def mentorships_of(*, person: Person, status: str = "") -> QuerySet[Mentorship]:
    """The person's own mentorships, as mentor or mentee, most recent first."""
    mentorships = mentorships_base().filter(Q(mentor=person) | Q(mentee=person))
    if status == "attention":
        mentorships = with_attention(mentorships).filter(Q(needs_attention=True))
    elif status:
        mentorships = with_attention(mentorships).filter(status=status)
    else:
        mentorships = with_attention(mentorships)
    return mentorships.order_by("-last_activity_at", "-created_at", "id")


def mentorships_visible_to(*, actor: Actor) -> QuerySet[Mentorship]:
    """Every mentorship the actor may open: their own, their reports', or all for admins."""
    base = mentorships_base()
    if not actor.is_authenticated:
        return base.none()
    if actor.is_programme_admin:
        return base
    people = set(actor.managed_person_ids)
    if actor.person_id is not None and actor.is_employee:
        people.add(actor.person_id)
    return base.filter(Q(mentor_id__in=people) | Q(mentee_id__in=people))


def mentorship_for(
    *, actor: Actor, mentorship_id: uuid.UUID
) -> tuple[Mentorship, MentorshipAccess] | None:
    mentorship = with_attention(mentorships_base().filter(pk=mentorship_id)).first()
    if mentorship is None:
        return None
    access = mentorship_access(actor, mentorship)
    if access == MentorshipAccess.NONE:
        return None
    return mentorship, access


def goals_of(*, mentorship: Mentorship) -> QuerySet[MentorshipGoal]:
    return (
        MentorshipGoal.objects.filter(mentorship=mentorship)
        .select_related("goal", "goal__skill")
        .order_by("goal__status", "created_at")
    )


def check_ins_of(
    *, mentorship: Mentorship, viewer: Person | None, with_notes: bool = True
) -> QuerySet[CheckIn]:
    """The pair's check-ins, latest first, each with the notes this viewer may read."""
    check_ins = CheckIn.objects.filter(mentorship=mentorship).order_by("-starts_at", "id")
    if (
        with_notes
        and viewer is not None
        and viewer.id
        in (
            mentorship.mentor_id,
            mentorship.mentee_id,
        )
    ):
        readable = CheckInNote.objects.filter(
            Q(visibility=NoteVisibility.SHARED) | Q(author=viewer)
        ).select_related("author")
        check_ins = check_ins.prefetch_related(Prefetch("notes", queryset=readable))
    return check_ins


def check_in_for(*, mentorship: Mentorship, check_in_id: uuid.UUID) -> CheckIn | None:
    return (
        CheckIn.objects.select_related("mentorship__mentor", "mentorship__mentee", "activity")
        .filter(mentorship=mentorship, pk=check_in_id)
        .first()
    )


def note_for(*, author: Person, note_id: uuid.UUID) -> CheckInNote | None:
    """A note its author may delete; anyone else's note answers as missing."""
    return CheckInNote.objects.filter(pk=note_id, author=author).select_related("check_in").first()


def readable_notes(*, check_in: CheckIn, viewer: Person) -> QuerySet[CheckInNote]:
    mentorship = check_in.mentorship
    if viewer.id not in (mentorship.mentor_id, mentorship.mentee_id):
        return CheckInNote.objects.none()
    return (
        CheckInNote.objects.filter(check_in=check_in)
        .filter(Q(visibility=NoteVisibility.SHARED) | Q(author=viewer))
        .select_related("author")
        .order_by("created_at")
    )


def upcoming_check_ins(*, person: Person, limit: int = 5) -> list[CheckIn]:
    return list(
        CheckIn.objects.filter(
            Q(mentorship__mentor=person) | Q(mentorship__mentee=person),
            status=CheckInStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
            mentorship__status=MentorshipStatus.ACTIVE,
            mentorship__mentor__is_active=True,
            mentorship__mentee__is_active=True,
        )
        .select_related("mentorship__mentor", "mentorship__mentee")
        .order_by("starts_at")[:limit]
    )


def timeline_of(*, mentorship: Mentorship) -> QuerySet[LearningActivity]:
    """What happened in the pair, oldest first, from the learning-activity record."""
    check_in_ids = [str(pk) for pk in mentorship.check_ins.values_list("pk", flat=True)]
    return (
        LearningActivity.objects.filter(
            Q(
                source_type=ContentType.objects.get_for_model(Mentorship),
                source_id=str(mentorship.pk),
            )
            | Q(source_type=ContentType.objects.get_for_model(CheckIn), source_id__in=check_in_ids)
        )
        .select_related("created_by")
        .order_by("starts_at", "created_at")
    )


def feedback_of(*, mentorship: Mentorship, author: Person) -> MentorshipFeedback | None:
    return (
        MentorshipFeedback.objects.filter(mentorship=mentorship, author=author)
        .prefetch_related("skills_gained")
        .first()
    )


def endorsable_skills(*, mentorship: Mentorship) -> list[tuple[object, int]]:
    """Skills the mentor may endorse at the end: the goals' skills, then the focus skills,
    with the level the goal aimed for (or the next level up from where the mentee stands)."""
    from peerlearn.people.models import PersonSkill

    wanted: dict[object, int] = {}
    for link in goals_of(mentorship=mentorship):
        if link.goal.skill is not None:
            wanted.setdefault(link.goal.skill, link.goal.target_level or 2)
    for skill in mentorship.focus_skills.all():
        wanted.setdefault(skill, 0)
    levels = dict(
        PersonSkill.objects.filter(person=mentorship.mentee, skill__in=list(wanted)).values_list(
            "skill_id", "level"
        )
    )
    return [
        (skill, target or min(4, levels.get(skill.id, 0) + 1))  # type: ignore[attr-defined]
        for skill, target in wanted.items()
    ]


# --- programme and team views -------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeStats:
    by_status: dict[str, int]
    needs_attention: int
    check_ins_due: int
    check_ins_held: int
    median_days_to_first_meeting: float | None
    pairs_met: int
    average_helpfulness: float | None
    feedback_count: int

    @property
    def check_in_rate(self) -> float | None:
        if not self.check_ins_due:
            return None
        return self.check_ins_held / self.check_ins_due


def programme_stats(
    *, mentorships: QuerySet[Mentorship], since: dt.datetime | None = None
) -> ProgrammeStats:
    """How the programme is doing over a set of mentorships (all, or a manager's team).

    Check-in rate: of the check-ins whose time has come (in the window), the share recorded
    as held. Time to first meeting: days from the start of a pair to its first held check-in.
    """
    now = timezone.now()
    since = since or now - dt.timedelta(days=90)
    by_status = dict(
        mentorships.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    attention = with_attention(mentorships.filter(status=MentorshipStatus.ACTIVE), now=now)
    needs_attention = attention.filter(Q(needs_attention=True)).count()
    due = CheckIn.objects.filter(
        mentorship__in=mentorships.values("pk"),
        starts_at__gte=since,
        starts_at__lt=now - grace(),
    ).exclude(status=CheckInStatus.CANCELLED)
    counts = due.aggregate(due=Count("id"), held=Count("id", filter=Q(status=CheckInStatus.HELD)))
    firsts = (
        mentorships.filter(started_at__isnull=False)
        .annotate(
            first_held=Min("check_ins__starts_at", filter=Q(check_ins__status=CheckInStatus.HELD))
        )
        .filter(first_held__isnull=False)
        .values_list("started_at", "first_held")
    )
    gaps = [max(0.0, (first - started).total_seconds() / 86400) for started, first in firsts]
    feedback = MentorshipFeedback.objects.filter(mentorship__in=mentorships.values("pk"))
    ratings = list(feedback.values_list("helpfulness", flat=True))
    return ProgrammeStats(
        by_status={status: by_status.get(status, 0) for status in MentorshipStatus.values},
        needs_attention=needs_attention,
        check_ins_due=counts["due"] or 0,
        check_ins_held=counts["held"] or 0,
        median_days_to_first_meeting=round(statistics.median(gaps), 1) if gaps else None,
        pairs_met=len(gaps),
        average_helpfulness=(
            round(sum(ratings) / len(ratings), 1) if len(ratings) >= MIN_GROUP else None
        ),
        feedback_count=len(ratings),
    )


def stalled_pairs(*, mentorships: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """Active pairs that need attention, the longest-quiet first."""
    return (
        with_attention(mentorships.filter(status=MentorshipStatus.ACTIVE))
        .filter(Q(needs_attention=True))
        .order_by("last_activity_at", "id")
    )


def pairs_overview(*, mentorships: QuerySet[Mentorship], status: str = "") -> QuerySet[Mentorship]:
    """Pairs for a programme or team table: status and dates only."""
    rows = with_attention(mentorships).annotate(
        held_count=Count("check_ins", filter=Q(check_ins__status=CheckInStatus.HELD))
    )
    if status == "attention":
        rows = rows.filter(Q(needs_attention=True))
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by(F("last_activity_at").desc(), "id")


def team_mentorships(*, actor: Actor) -> QuerySet[Mentorship]:
    """Mentorships in which someone in the actor's reporting line takes part."""
    people = actor.managed_person_ids
    return mentorships_base().filter(Q(mentor_id__in=people) | Q(mentee_id__in=people))


def mentors_available(*, exclude: Person, query: str = "") -> QuerySet[Person]:
    """Colleagues someone could ask to mentor them (active, not themselves)."""
    from peerlearn.people.selectors import people_search

    return people_search(query=query).exclude(pk=exclude.pk)


SUMMARY_LIMIT = 20


@dataclass(frozen=True)
class MentoringSummary:
    to_answer: list[Mentorship]
    waiting: list[Mentorship]
    mentors: list[Mentorship]
    mentees: list[Mentorship]
    has_any: bool


def mentoring_summary(*, person: Person) -> MentoringSummary:
    """The viewer's open mentorships by what they need from them (each list bounded)."""
    mine = mentorships_of(person=person)
    requested = mine.filter(status=MentorshipStatus.REQUESTED)
    active = mine.filter(status=MentorshipStatus.ACTIVE)
    return MentoringSummary(
        to_answer=list(requested.exclude(requested_by=person)[:SUMMARY_LIMIT]),
        waiting=list(requested.filter(requested_by=person)[:SUMMARY_LIMIT]),
        mentors=list(active.filter(mentee=person)[:SUMMARY_LIMIT]),
        mentees=list(active.filter(mentor=person)[:SUMMARY_LIMIT]),
        has_any=mine.exists(),
    )


# Nobody is asked to act on a pair whose other half has left the company.
BOTH_STILL_HERE = Q(mentor__is_active=True, mentee__is_active=True)


def mentorships_waiting_on(*, person: Person, limit: int) -> list[Mentorship]:
    """The person's pairs that need something from them: requests someone else sent them to
    answer, and active pairs that need attention (see `with_attention`)."""
    answer = Q(status=MentorshipStatus.REQUESTED) & ~Q(requested_by=person)
    return list(
        mentorships_of(person=person)
        .filter(status__in=[MentorshipStatus.REQUESTED, MentorshipStatus.ACTIVE])
        .filter(BOTH_STILL_HERE)
        .filter(answer | Q(needs_attention=True))[:limit]
    )
