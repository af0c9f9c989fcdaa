"""Reads of the learning-activity record, always through the viewer's access."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from peerlearn.activities.models import (
    ActivityParticipant,
    ActivityVisibility,
    LearningActivity,
)
from peerlearn.core.permissions import ActivityAccess, Actor, activity_access


def activities_visible_to(*, actor: Actor) -> QuerySet[LearningActivity]:
    """Every activity the actor may know about (at least its metadata).

    Kept in step with `core.permissions.activity_access`: a list shows an activity exactly
    when its detail page is allowed.
    """
    base = LearningActivity.objects.all()
    if not actor.is_authenticated:
        return base.none()
    if actor.is_programme_admin:
        return base
    people = set(actor.managed_person_ids)
    if actor.person_id is not None:
        people.add(actor.person_id)
    takes_part = Exists(
        ActivityParticipant.objects.filter(activity=OuterRef("pk"), person_id__in=people)
    )
    if actor.is_employee:
        return base.filter(Q(visibility=ActivityVisibility.ORGANISATION) | takes_part)
    return base.filter(takes_part)


def _with_people(queryset: QuerySet[LearningActivity]) -> QuerySet[LearningActivity]:
    return queryset.prefetch_related(
        Prefetch(
            "participants",
            queryset=ActivityParticipant.objects.select_related("person"),
        ),
        "skills",
    )


@dataclass(frozen=True)
class VisibleActivity:
    """An activity as one viewer may see it: content is blanked below FULL access."""

    activity: LearningActivity
    access: ActivityAccess

    @property
    def title(self) -> str:
        if self.access == ActivityAccess.FULL:
            return self.activity.title
        return f"{self.activity.get_format_display()} · {self.activity.action}"

    @property
    def outcome(self) -> str:
        return self.activity.outcome if self.access == ActivityAccess.FULL else ""

    @property
    def rating(self) -> int | None:
        return self.activity.rating if self.access == ActivityAccess.FULL else None


def visible_activities(
    *, actor: Actor, activities: Iterable[LearningActivity]
) -> list[VisibleActivity]:
    """Attach the actor's access level to prefetched activities, dropping any not allowed."""
    shown = []
    for activity in activities:
        ids = [p.person_id for p in activity.participants.all()]
        access = activity_access(actor, activity, ids)
        if access != ActivityAccess.NONE:
            shown.append(VisibleActivity(activity=activity, access=access))
    return shown


def activity_feed(
    *,
    actor: Actor,
    person_id: uuid.UUID | None = None,
    format: str | None = None,
    since: datetime | None = None,
) -> QuerySet[LearningActivity]:
    """Activities visible to the actor, optionally about one person or of one format."""
    queryset = activities_visible_to(actor=actor)
    if person_id is not None:
        queryset = queryset.filter(
            Exists(ActivityParticipant.objects.filter(activity=OuterRef("pk"), person_id=person_id))
        )
    if format:
        queryset = queryset.filter(format=format)
    if since is not None:
        queryset = queryset.filter(starts_at__gte=since)
    return _with_people(queryset)


def activity_get_visible(*, actor: Actor, activity_id: uuid.UUID) -> VisibleActivity | None:
    activity = _with_people(LearningActivity.objects.filter(pk=activity_id)).first()
    if activity is None:
        return None
    shown = visible_activities(actor=actor, activities=[activity])
    return shown[0] if shown else None


def participation_counts(
    *, person_ids: Iterable[uuid.UUID], since: datetime | None = None
) -> dict[uuid.UUID, dict[str, int]]:
    """Per person, how many activities of each format they took part in (for managers)."""
    rows = ActivityParticipant.objects.filter(person_id__in=list(person_ids))
    if since is not None:
        rows = rows.filter(activity__starts_at__gte=since)
    counts: dict[uuid.UUID, dict[str, int]] = {}
    for row in rows.values("person_id", "activity__format").annotate(
        n=Count("activity_id", distinct=True)
    ):
        counts.setdefault(row["person_id"], {})[row["activity__format"]] = row["n"]
    return counts
