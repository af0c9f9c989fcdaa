"""Onboarding milestones (day 1, 7, 30, 90 with the buddy) as calendar events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse

from peerlearn.calendars.ical import CalendarEvent
from peerlearn.calendars.sources import register_source
from peerlearn.onboarding.models import Milestone, MilestoneStatus, OnboardingStatus
from peerlearn.people.models import Person


def milestone_event(milestone: Milestone) -> CalendarEvent:
    onboarding = milestone.onboarding
    starter, buddy = onboarding.new_starter, onboarding.buddy
    attendees = (starter, buddy) if buddy is not None else (starter,)
    with_whom = f" with {buddy.full_name}" if buddy is not None else ""
    return CalendarEvent(
        kind="onboarding-milestone",
        object_id=str(milestone.pk),
        sequence=milestone.sequence,
        summary=f"Onboarding day {milestone.day} check-in: {starter.full_name}{with_whom}",
        starts_at=milestone.starts_at,
        ends_at=milestone.starts_at + dt.timedelta(minutes=milestone.duration_minutes),
        organizer=buddy or starter,
        attendees=attendees,
        url=reverse("onboarding:milestone", args=[onboarding.pk, milestone.pk]),
        description=(
            "How is it going? Look at the checklist together, and the new starter answers "
            "one question: how confident do you feel in your role so far?"
        ),
        cancelled=milestone.status == MilestoneStatus.SKIPPED,
        updated_at=milestone.updated_at,
        reminder_lines=("Look at the onboarding checklist together before you meet.",),
    )


def _milestones() -> QuerySet[Milestone]:
    return Milestone.objects.select_related(
        "onboarding__new_starter__user", "onboarding__buddy__user"
    )


class MilestoneEvents:
    def events_for(self, *, person: Person, since: dt.datetime) -> Iterable[CalendarEvent]:
        milestones = _milestones().filter(
            Q(onboarding__new_starter=person) | Q(onboarding__buddy=person), starts_at__gte=since
        )
        return [milestone_event(m) for m in milestones.order_by("starts_at")]

    def events_starting_between(
        self, *, start: dt.datetime, end: dt.datetime
    ) -> Iterable[CalendarEvent]:
        milestones = _milestones().filter(
            status=MilestoneStatus.SCHEDULED,
            onboarding__status=OnboardingStatus.ACTIVE,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        return [milestone_event(m) for m in milestones.order_by("starts_at")]


register_source("onboarding.milestones", MilestoneEvents())
