"""iCalendar (RFC 5545) files of peer-learning events, built with the `icalendar` library.

Every check-in, onboarding milestone and shadowing session becomes a VEVENT with a UID that
never changes for that event and a SEQUENCE that rises whenever its time or status changes, so
calendar apps update (or cancel) the copy they already have instead of adding a second one.
Times are written in the reader's own time zone with its VTIMEZONE definition, so any calendar
shows the right instant and the reader's wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from peerlearn.people.models import Person

PRODID = "-//Peerlearn//Peer learning calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One event as every source hands it over; `kind` and `object_id` make the stable UID."""

    kind: str
    object_id: str
    sequence: int
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    organizer: Person
    attendees: Sequence[Person]
    url: str
    description: str = ""
    location: str = ""
    cancelled: bool = False
    updated_at: dt.datetime | None = None
    reminder_lines: Sequence[str] = field(default_factory=tuple)

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.object_id}@{site_host()}"

    def involves(self, person: Person) -> bool:
        return any(attendee.id == person.id for attendee in self.attendees)


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "peerlearn.local"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def zone_of(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _address(person: Person, *, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.user.email}")
    address.params["CN"] = vText(person.full_name)
    if role is not None:
        address.params["ROLE"] = vText(role)
        address.params["PARTSTAT"] = vText("ACCEPTED")
        address.params["CUTYPE"] = vText("INDIVIDUAL")
    return address


def _vevent(event: CalendarEvent, zone: dt.tzinfo, stamp: dt.datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    if event.updated_at is not None:
        vevent.add("last-modified", event.updated_at.astimezone(dt.UTC))
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.summary)
    description = "\n\n".join(part for part in (event.description, absolute(event.url)) if part)
    vevent.add("description", description)
    vevent.add("url", absolute(event.url))
    if event.location:
        vevent.add("location", event.location)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    vevent.add("organizer", _address(event.organizer))
    for attendee in event.attendees:
        vevent.add("attendee", _address(attendee, role="REQ-PARTICIPANT"))
    return vevent


def ics_calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    time_zone: str = "UTC",
    method: str = "PUBLISH",
) -> bytes:
    """A complete .ics file; times in `time_zone` (the reader's) with its VTIMEZONE."""
    zone = zone_of(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    if isinstance(zone, zoneinfo.ZoneInfo):
        calendar.add("x-wr-timezone", zone.key)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    starts = []
    for event in events:
        calendar.add_component(_vevent(event, zone, stamp))
        starts.append(event.starts_at)
    if starts:
        first = min(starts).date() - dt.timedelta(days=366)
        last = max(starts).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())
