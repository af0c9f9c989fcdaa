"""The only way learning activities are written. Format apps call `activity_record`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from peerlearn.activities.models import (
    ActivityFormat,
    ActivityParticipant,
    ActivityStatus,
    ActivityVisibility,
    LearningActivity,
    ParticipantRole,
)
from peerlearn.people.models import Person, Skill


@dataclass(frozen=True)
class Participant:
    person: Person
    role: ParticipantRole
    attended: bool | None = None


@transaction.atomic
def activity_record(
    *,
    format: ActivityFormat,
    action: str,
    title: str,
    participants: Sequence[Participant],
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    status: ActivityStatus = ActivityStatus.RECORDED,
    visibility: ActivityVisibility = ActivityVisibility.PARTICIPANTS,
    skills: Sequence[Skill] = (),
    outcome: str = "",
    rating: int | None = None,
    source: models.Model | None = None,
    created_by: Person | None = None,
    coalesce_within: timedelta | None = None,
) -> LearningActivity:
    """Record one event of any format.

    `coalesce_within` folds repeated events of the same action on the same source by the same
    people (a profile saved five times in a minute) into one activity, so the record stays a
    list of meaningful events rather than a log of clicks.
    """
    if not participants:
        raise ValidationError({"participants": "An activity needs at least one participant."})
    if not title.strip():
        raise ValidationError({"title": "An activity needs a title."})
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": "A rating is a number from 1 to 5."})
    starts_at = starts_at or timezone.now()
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": "An activity cannot end before it starts."})
    if timezone.is_naive(starts_at) or (ends_at is not None and timezone.is_naive(ends_at)):
        raise ValidationError({"starts_at": "Times must carry a time zone."})
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    source_id = str(source.pk) if source is not None else ""

    if coalesce_within is not None:
        existing = _recent_same_activity(
            action=action,
            source_type=source_type,
            source_id=source_id,
            participants=participants,
            since=starts_at - coalesce_within,
        )
        if existing is not None:
            existing.title = title
            existing.starts_at = starts_at
            existing.outcome = outcome
            existing.save(update_fields=["title", "starts_at", "outcome", "updated_at"])
            if skills:
                existing.skills.add(*skills)
            return existing

    activity = LearningActivity.objects.create(
        format=format,
        action=action,
        title=title.strip()[:200],
        status=status,
        visibility=visibility,
        starts_at=starts_at,
        ends_at=ends_at,
        outcome=outcome,
        rating=rating,
        source_type=source_type,
        source_id=source_id,
        created_by=created_by,
    )
    ActivityParticipant.objects.bulk_create(
        [
            ActivityParticipant(
                activity=activity, person=p.person, role=p.role, attended=p.attended
            )
            for p in participants
        ],
        ignore_conflicts=True,
    )
    if skills:
        activity.skills.add(*skills)
    return activity


def _recent_same_activity(
    *,
    action: str,
    source_type: ContentType | None,
    source_id: str,
    participants: Sequence[Participant],
    since: datetime,
) -> LearningActivity | None:
    candidates = LearningActivity.objects.filter(
        action=action, source_type=source_type, source_id=source_id, starts_at__gte=since
    ).prefetch_related("participants")
    wanted = {(p.person.id, str(p.role)) for p in participants}
    for activity in candidates[:5]:
        if {(p.person_id, p.role) for p in activity.participants.all()} == wanted:
            return activity
    return None


@transaction.atomic
def activity_set_status(
    *,
    activity: LearningActivity,
    status: ActivityStatus,
    outcome: str | None = None,
    rating: int | None = None,
) -> LearningActivity:
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": "A rating is a number from 1 to 5."})
    activity.status = status
    fields = ["status", "updated_at"]
    if outcome is not None:
        activity.outcome = outcome
        fields.append("outcome")
    if rating is not None:
        activity.rating = rating
        fields.append("rating")
    activity.save(update_fields=fields)
    return activity


@transaction.atomic
def activity_reschedule(
    *, activity: LearningActivity, starts_at: datetime, ends_at: datetime | None = None
) -> LearningActivity:
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": "An activity cannot end before it starts."})
    activity.starts_at = starts_at
    activity.ends_at = ends_at
    activity.save(update_fields=["starts_at", "ends_at", "updated_at"])
    return activity


@transaction.atomic
def activity_mark_attendance(*, activity: LearningActivity, person: Person, attended: bool) -> int:
    """Set attendance for every role the person holds in the activity; returns rows changed."""
    return ActivityParticipant.objects.filter(activity=activity, person=person).update(
        attended=attended, updated_at=timezone.now()
    )


@transaction.atomic
def activities_delete_for_source(*, source: models.Model) -> int:
    """Withdrawn events (an endorsement taken back) leave no activity behind."""
    deleted, _ = LearningActivity.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=str(source.pk)
    ).delete()
    return deleted
