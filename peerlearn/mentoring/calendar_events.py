"""Mentoring check-ins as calendar events (see peerlearn.calendars.sources)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse

from peerlearn.calendars.ical import CalendarEvent
from peerlearn.calendars.sources import register_source
from peerlearn.mentoring.models import CheckIn, CheckInStatus, Mentorship, MentorshipStatus
from peerlearn.people.models import Person


def check_in_event(check_in: CheckIn) -> CalendarEvent:
    mentorship: Mentorship = check_in.mentorship
    mentor, mentee = mentorship.mentor, mentorship.mentee
    return CalendarEvent(
        kind="mentoring-checkin",
        object_id=str(check_in.pk),
        sequence=check_in.sequence,
        summary=f"Mentoring check-in: {mentor.full_name} & {mentee.full_name}",
        starts_at=check_in.starts_at,
        ends_at=check_in.starts_at + dt.timedelta(minutes=check_in.duration_minutes),
        organizer=check_in.scheduled_by or mentor,
        attendees=(mentor, mentee),
        url=reverse("mentoring:check_in", args=[mentorship.pk, check_in.pk]),
        description=f"Agenda:\n{check_in.agenda}" if check_in.agenda else "",
        location=mentorship.get_channel_display(),
        cancelled=check_in.status == CheckInStatus.CANCELLED,
        updated_at=check_in.updated_at,
        reminder_lines=(
            ("Agenda: " + " ".join(check_in.agenda.split())[:300],) if check_in.agenda else ()
        ),
    )


def _check_ins() -> QuerySet[CheckIn]:
    return CheckIn.objects.select_related(
        "mentorship__mentor__user", "mentorship__mentee__user", "scheduled_by__user"
    )


class CheckInEvents:
    def events_for(self, *, person: Person, since: dt.datetime) -> Iterable[CalendarEvent]:
        check_ins = _check_ins().filter(
            Q(mentorship__mentor=person) | Q(mentorship__mentee=person), starts_at__gte=since
        )
        return [check_in_event(check_in) for check_in in check_ins.order_by("starts_at")]

    def events_starting_between(
        self, *, start: dt.datetime, end: dt.datetime
    ) -> Iterable[CalendarEvent]:
        check_ins = _check_ins().filter(
            status=CheckInStatus.SCHEDULED,
            mentorship__status=MentorshipStatus.ACTIVE,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        return [check_in_event(check_in) for check_in in check_ins.order_by("starts_at")]


register_source("mentoring.check_ins", CheckInEvents())
