"""Reads of onboardings, through the viewer's role (see onboarding.permissions)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Avg, Count, Min, Q, QuerySet
from django.utils import timezone

from peerlearn.core.permissions import Actor
from peerlearn.onboarding.models import (
    MILESTONE_DAYS,
    BuddyVolunteer,
    ChecklistCategory,
    ChecklistItem,
    Milestone,
    MilestoneStatus,
    Onboarding,
    OnboardingStatus,
    OnboardingTemplate,
    TemplateItem,
)
from peerlearn.onboarding.permissions import OnboardingRole, onboarding_role
from peerlearn.people.models import Person

# Confidence answers are only shown as averages over at least this many new starters.
MIN_GROUP = 5


def onboardings_base() -> QuerySet[Onboarding]:
    return Onboarding.objects.select_related(
        "new_starter__team", "new_starter__manager", "buddy", "template"
    ).annotate(
        items_total=Count("items", distinct=True),
        items_done=Count("items", filter=Q(items__done_at__isnull=False), distinct=True),
    )


def onboardings_visible_to(*, actor: Actor) -> QuerySet[Onboarding]:
    base = onboardings_base()
    if not actor.is_authenticated:
        return base.none()
    if actor.is_programme_admin:
        return base
    mine = Q(new_starter_id__in=actor.managed_person_ids)
    if actor.is_employee and actor.person_id is not None:
        mine |= Q(new_starter_id=actor.person_id) | Q(buddy_id=actor.person_id)
    return base.filter(mine)


def onboarding_for(
    *, actor: Actor, onboarding_id: uuid.UUID
) -> tuple[Onboarding, OnboardingRole] | None:
    onboarding = onboardings_base().filter(pk=onboarding_id).first()
    if onboarding is None:
        return None
    role = onboarding_role(actor, onboarding)
    return None if role == OnboardingRole.NONE else (onboarding, role)


def current_onboarding_of(*, person: Person) -> Onboarding | None:
    return (
        onboardings_base()
        .filter(new_starter=person, status=OnboardingStatus.ACTIVE)
        .order_by("-start_date")
        .first()
    )


def buddying(*, person: Person) -> QuerySet[Onboarding]:
    return onboardings_base().filter(buddy=person).order_by("status", "-start_date", "id")


def new_starters_of(*, actor: Actor) -> QuerySet[Onboarding]:
    """The onboardings of people in the actor's reporting line, newest first."""
    return (
        onboardings_base()
        .filter(new_starter_id__in=actor.managed_person_ids)
        .order_by("status", "-start_date", "id")
    )


@dataclass(frozen=True)
class ChecklistGroup:
    category: str
    label: str
    items: list[ChecklistItem]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.is_done)


def checklist_of(*, onboarding: Onboarding) -> list[ChecklistGroup]:
    """The checklist grouped as tools, processes, team norms and people to meet."""
    items = list(
        ChecklistItem.objects.filter(onboarding=onboarding)
        .select_related("done_by")
        .order_by("due_date", "position", "created_at")
    )
    return [
        ChecklistGroup(category=value, label=label, items=[i for i in items if i.category == value])
        for value, label in ChecklistCategory.choices
        if any(i.category == value for i in items)
    ]


def checklist_item_for(*, onboarding: Onboarding, item_id: uuid.UUID) -> ChecklistItem | None:
    return (
        ChecklistItem.objects.select_related(
            "onboarding__new_starter__manager", "onboarding__buddy"
        )
        .filter(onboarding=onboarding, pk=item_id)
        .first()
    )


def milestones_of(*, onboarding: Onboarding) -> QuerySet[Milestone]:
    return Milestone.objects.filter(onboarding=onboarding).order_by("day")


def milestone_for(*, onboarding: Onboarding, milestone_id: uuid.UUID) -> Milestone | None:
    return (
        Milestone.objects.select_related(
            "onboarding__new_starter__user", "onboarding__buddy__user", "activity"
        )
        .filter(onboarding=onboarding, pk=milestone_id)
        .first()
    )


def templates_list() -> QuerySet[OnboardingTemplate]:
    return (
        OnboardingTemplate.objects.select_related("job_family", "team")
        .annotate(item_count=Count("items"))
        .order_by("name", "id")
    )


def template_item_for(*, template_id: uuid.UUID, item_id: uuid.UUID) -> TemplateItem | None:
    return TemplateItem.objects.filter(pk=item_id, template_id=template_id).first()


def buddy_profile_of(*, person: Person) -> BuddyVolunteer | None:
    return BuddyVolunteer.objects.filter(person=person).first()


def buddy_pool_list() -> QuerySet[BuddyVolunteer]:
    return (
        BuddyVolunteer.objects.filter(person__is_active=True)
        .select_related("person__team")
        .annotate(
            load=Count(
                "person__buddy_for", filter=Q(person__buddy_for__status=OnboardingStatus.ACTIVE)
            )
        )
        .order_by("person__full_name", "id")
    )


@dataclass(frozen=True)
class OnboardingStats:
    active: int
    completed: int
    without_buddy: int
    checklist_share_done: float | None
    confidence_by_day: list[tuple[int, float | None, int]]  # day, average (n ≥ 5) or None, n
    overdue_items: int


def onboarding_stats(*, onboardings: QuerySet[Onboarding]) -> OnboardingStats:
    ids = onboardings.values("pk")
    active = onboardings.filter(status=OnboardingStatus.ACTIVE)
    items = ChecklistItem.objects.filter(onboarding__in=active.values("pk"))
    totals = items.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(done_at__isnull=False)),
        overdue=Count("id", filter=Q(done_at__isnull=True, due_date__lt=timezone.localdate())),
    )
    answers = (
        Milestone.objects.filter(onboarding__in=ids, confidence__isnull=False)
        .values("day")
        .annotate(n=Count("id"), average=Avg("confidence"))
    )
    by_day = {row["day"]: (row["average"], row["n"]) for row in answers}
    return OnboardingStats(
        active=active.count(),
        completed=onboardings.filter(status=OnboardingStatus.COMPLETED).count(),
        without_buddy=active.filter(buddy__isnull=True).count(),
        checklist_share_done=(totals["done"] / totals["total"]) if totals["total"] else None,
        confidence_by_day=[
            (
                day,
                round(by_day[day][0], 1) if day in by_day and by_day[day][1] >= MIN_GROUP else None,
                by_day.get(day, (None, 0))[1],
            )
            for day in MILESTONE_DAYS
        ],
        overdue_items=totals["overdue"] or 0,
    )


def upcoming_milestones(*, person: Person, limit: int = 5) -> list[Milestone]:
    return milestones_due(person=person, since=timezone.now(), until=None, limit=limit)


def checklist_due(*, person: Person, until: dt.date, limit: int) -> list[ChecklistItem]:
    """The new starter's open checklist items due by `until` (overdue ones too), soonest first."""
    return list(
        ChecklistItem.objects.filter(
            onboarding__new_starter=person,
            onboarding__status=OnboardingStatus.ACTIVE,
            done_at__isnull=True,
            due_date__lte=until,
        )
        .select_related("onboarding")
        .order_by("due_date", "position", "created_at")[:limit]
    )


def buddying_overdue(*, person: Person, today: dt.date, limit: int) -> list[Onboarding]:
    """Running onboardings the person buddies whose checklist has items past their due date,
    annotated with how many (`overdue_count`) and since when (`overdue_since`)."""
    overdue = Q(items__done_at__isnull=True, items__due_date__lt=today)
    return list(
        Onboarding.objects.filter(
            buddy=person, status=OnboardingStatus.ACTIVE, new_starter__is_active=True
        )
        .select_related("new_starter")
        .annotate(
            overdue_count=Count("items", filter=overdue),
            overdue_since=Min("items__due_date", filter=overdue),
        )
        .filter(overdue_count__gt=0)
        .order_by("overdue_since", "id")[:limit]
    )


def milestones_due(
    *, person: Person, since: dt.datetime, until: dt.datetime | None, limit: int
) -> list[Milestone]:
    """Milestone check-ins of running onboardings the person is new starter or buddy in, still
    scheduled from `since` (past ones are still to be recorded) up to `until` (None: any time)."""
    milestones = Milestone.objects.filter(
        Q(onboarding__new_starter=person) | Q(onboarding__buddy=person),
        onboarding__status=OnboardingStatus.ACTIVE,
        onboarding__new_starter__is_active=True,  # a buddy is not asked about a leaver
        status=MilestoneStatus.SCHEDULED,
        starts_at__gte=since,
    )
    if until is not None:
        milestones = milestones.filter(starts_at__lte=until)
    return list(
        milestones.select_related("onboarding__new_starter", "onboarding__buddy").order_by(
            "starts_at"
        )[:limit]
    )
