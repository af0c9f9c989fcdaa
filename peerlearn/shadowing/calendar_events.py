"""Booked shadowing sessions as calendar events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse

from peerlearn.calendars.ical import CalendarEvent
from peerlearn.calendars.sources import register_source
from peerlearn.people.models import Person
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus

SHOWN = (ShadowingStatus.ACCEPTED, ShadowingStatus.COMPLETED, ShadowingStatus.CANCELLED)


def session_event(request: ShadowingRequest) -> CalendarEvent:
    assert request.starts_at is not None
    return CalendarEvent(
        kind="shadowing-session",
        object_id=str(request.pk),
        sequence=request.sequence,
        summary=f"Shadowing: {request.observer.full_name} observes {request.host.full_name}",
        starts_at=request.starts_at,
        ends_at=request.starts_at + dt.timedelta(minutes=request.duration_minutes),
        organizer=request.host,
        attendees=(request.host, request.observer),
        url=reverse("shadowing:detail", args=[request.pk]),
        description=f"What to observe:\n{request.what_to_observe}",
        location=request.location,
        cancelled=request.status == ShadowingStatus.CANCELLED,
        updated_at=request.updated_at,
        reminder_lines=("Look over the observation plan before you start.",),
    )


def _sessions() -> QuerySet[ShadowingRequest]:
    return ShadowingRequest.objects.select_related("observer__user", "host__user").filter(
        starts_at__isnull=False
    )


class SessionEvents:
    def events_for(self, *, person: Person, since: dt.datetime) -> Iterable[CalendarEvent]:
        sessions = _sessions().filter(
            Q(observer=person) | Q(host=person), status__in=SHOWN, starts_at__gte=since
        )
        return [session_event(s) for s in sessions.order_by("starts_at")]

    def events_starting_between(
        self, *, start: dt.datetime, end: dt.datetime
    ) -> Iterable[CalendarEvent]:
        sessions = _sessions().filter(
            status=ShadowingStatus.ACCEPTED, starts_at__gte=start, starts_at__lt=end
        )
        return [session_event(s) for s in sessions.order_by("starts_at")]


register_source("shadowing.sessions", SessionEvents())
