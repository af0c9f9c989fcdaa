"""Reads for calendars: a feed by its secret, and a person's events from every source."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from peerlearn.calendars.ical import CalendarEvent
from peerlearn.calendars.models import CalendarFeed
from peerlearn.calendars.services import feed_digest
from peerlearn.calendars.sources import CALENDAR_SOURCES
from peerlearn.people.models import Person

FEED_HISTORY = dt.timedelta(days=90)


def calendar_feed_by_secret(*, secret: str) -> CalendarFeed | None:
    """The active feed of an active person with this secret, or None."""
    if not secret or len(secret) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("person__user")
        .filter(
            digest=feed_digest(secret),
            revoked_at__isnull=True,
            person__is_active=True,
            person__user__is_active=True,
        )
        .first()
    )


def calendar_feed_of(*, person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()


def calendar_events_for(*, person: Person, since: dt.datetime | None = None) -> list[CalendarEvent]:
    """The person's peer-learning events from every format, by start time."""
    since = since or timezone.now() - FEED_HISTORY
    events = [
        event
        for name in sorted(CALENDAR_SOURCES)
        for event in CALENDAR_SOURCES[name].events_for(person=person, since=since)
    ]
    return sorted(events, key=lambda event: (event.starts_at, event.uid))


def calendar_events_starting_between(
    *, start: dt.datetime, end: dt.datetime
) -> list[CalendarEvent]:
    events = [
        event
        for name in sorted(CALENDAR_SOURCES)
        for event in CALENDAR_SOURCES[name].events_starting_between(start=start, end=end)
    ]
    return sorted(events, key=lambda event: (event.starts_at, event.uid))
