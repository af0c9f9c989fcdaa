"""Reminders of every peer-learning event, from every calendar source."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from peerlearn.calendars.ical import zone_of
from peerlearn.calendars.selectors import calendar_events_starting_between
from peerlearn.jobs.retries import job
from peerlearn.jobs.schedules import Every, periodic
from peerlearn.notifications.services import EmailContent, notify_now


def reminder_lead() -> dt.timedelta:
    return dt.timedelta(hours=int(settings.PEERLEARN_REMINDER_HOURS_BEFORE))


@periodic(name="calendars.event_reminders", schedule=Every(minutes=15))
@job()
def send_event_reminders(*, slot: str = "") -> int:
    """Remind each attendee of every event starting within the lead time, once per version.

    The key names the event, its calendar SEQUENCE and the person: a retried or overlapping run
    sends nothing twice, and a rescheduled event (new SEQUENCE) is reminded again.
    """
    now = timezone.now()
    sent = 0
    for event in calendar_events_starting_between(start=now, end=now + reminder_lead()):
        for person in event.attendees:
            local = timezone.localtime(event.starts_at, zone_of(person.time_zone))
            others = [a.full_name for a in event.attendees if a.id != person.id]
            sent += notify_now(
                recipient=person,
                kind="calendar.reminder",
                key=f"reminder:{event.uid}:{event.sequence}:{person.id}",
                content=EmailContent(
                    subject=f"Reminder: {event.summary}, {local:%a %-d %b at %H:%M}",
                    message=(
                        f"Coming up: {event.summary} on {local:%A %-d %B at %H:%M} "
                        f"({person.time_zone})."
                    ),
                    lines=[
                        *([f"With {', '.join(others)}."] if others else []),
                        *event.reminder_lines,
                    ],
                    url=event.url,
                    action_label="Prepare",
                ),
            )
    return sent
