"""Where calendar events come from: each format app registers a source in calendar_events.py.

    # peerlearn/<app>/calendar_events.py
    from peerlearn.calendars.sources import register_source

    class CheckInEvents:
        def events_for(self, *, person, since): ...            # the person's feed
        def events_starting_between(self, *, start, end): ...  # for reminders

    register_source("mentoring.check_ins", CheckInEvents())

The calendars app imports every app's calendar_events module at start-up, so the feed, the
single-event downloads and the reminder job see every format without knowing any of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from peerlearn.calendars.ical import CalendarEvent
from peerlearn.people.models import Person


class CalendarSource(Protocol):
    def events_for(self, *, person: Person, since: dt.datetime) -> Iterable[CalendarEvent]:
        """The person's events (cancelled ones too, so calendars remove them) since `since`."""
        ...

    def events_starting_between(
        self, *, start: dt.datetime, end: dt.datetime
    ) -> Iterable[CalendarEvent]:
        """Every confirmed event starting in [start, end), for reminders."""
        ...


CALENDAR_SOURCES: dict[str, CalendarSource] = {}


def register_source(name: str, source: CalendarSource) -> None:
    CALENDAR_SOURCES[name] = source
