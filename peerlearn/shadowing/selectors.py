"""Reads of shadowing requests, through the viewer's access."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from peerlearn.core.permissions import Actor
from peerlearn.people.models import Person
from peerlearn.shadowing.models import (
    DEFAULT_MONTHLY_SESSIONS,
    Debrief,
    ObservationItem,
    ShadowingHost,
    ShadowingRequest,
    ShadowingStatus,
)
from peerlearn.shadowing.permissions import ShadowingAccess, shadowing_access
from peerlearn.shadowing.services import sessions_booked


def requests_base() -> QuerySet[ShadowingRequest]:
    return ShadowingRequest.objects.select_related(
        "observer", "host", "observer__team", "host__team"
    )


def shadowing_of(*, person: Person, status: str = "") -> QuerySet[ShadowingRequest]:
    rows = requests_base().filter(Q(observer=person) | Q(host=person))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "id")


def shadowing_visible_to(*, actor: Actor) -> QuerySet[ShadowingRequest]:
    base = requests_base()
    if not actor.is_authenticated:
        return base.none()
    if actor.is_programme_admin:
        return base
    people = set(actor.managed_person_ids)
    if actor.is_employee and actor.person_id is not None:
        people.add(actor.person_id)
    return base.filter(Q(observer_id__in=people) | Q(host_id__in=people))


def team_shadowing(*, actor: Actor) -> QuerySet[ShadowingRequest]:
    people = actor.managed_person_ids
    return requests_base().filter(Q(observer_id__in=people) | Q(host_id__in=people))


def shadowing_for(
    *, actor: Actor, request_id: uuid.UUID
) -> tuple[ShadowingRequest, ShadowingAccess] | None:
    request = requests_base().filter(pk=request_id).first()
    if request is None:
        return None
    access = shadowing_access(actor, request)
    return None if access == ShadowingAccess.NONE else (request, access)


def plan_of(*, request: ShadowingRequest) -> QuerySet[ObservationItem]:
    return ObservationItem.objects.filter(request=request).order_by("position", "created_at")


def plan_item_for(*, request: ShadowingRequest, item_id: uuid.UUID) -> ObservationItem | None:
    return ObservationItem.objects.filter(request=request, pk=item_id).first()


def debriefs_of(*, request: ShadowingRequest) -> QuerySet[Debrief]:
    return Debrief.objects.filter(request=request).select_related("author").order_by("created_at")


def host_settings_of(*, person: Person) -> tuple[int, str]:
    row = ShadowingHost.objects.filter(person=person).first()
    if row is None:
        return DEFAULT_MONTHLY_SESSIONS, ""
    return row.monthly_capacity, row.what_you_can_observe


def booked_this_month(*, person: Person) -> int:
    return sessions_booked(host=person, moment=timezone.now())


def upcoming_sessions(*, person: Person, limit: int = 5) -> list[ShadowingRequest]:
    return list(
        requests_base()
        .filter(
            Q(observer=person) | Q(host=person),
            status=ShadowingStatus.ACCEPTED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")[:limit]
    )


def shadowing_waiting_on(
    *, person: Person, until: dt.datetime, debrief_since: dt.datetime, limit: int
) -> list[ShadowingRequest]:
    """The person's shadowing that needs them: requests to them to answer, booked sessions up to
    `until` (past ones still to mark as done), and sessions done since `debrief_since` that they
    have not debriefed (annotated `wrote_debrief`)."""
    wrote = Debrief.objects.filter(request=OuterRef("pk"), author=person)
    return list(
        shadowing_of(person=person)
        .annotate(wrote_debrief=Exists(wrote))
        .filter(
            # Requests and sessions need both people still here; a debrief is one's own.
            Q(status=ShadowingStatus.REQUESTED, host=person, observer__is_active=True)
            | Q(
                status=ShadowingStatus.ACCEPTED,
                starts_at__lte=until,
                observer__is_active=True,
                host__is_active=True,
            )
            | Q(
                status=ShadowingStatus.COMPLETED,
                completed_at__gte=debrief_since,
                wrote_debrief=False,
            )
        )
        .order_by("starts_at", "created_at", "id")[:limit]
    )
