"""Onboarding's part of the home page's next steps: for a new starter, checklist items due
this week (or overdue); for a buddy, a new starter whose checklist fell behind; for both,
milestone check-ins coming up or still to record. Three queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from peerlearn.core.next_steps import HORIZON, PER_SOURCE, NextStep
from peerlearn.core.permissions import Actor
from peerlearn.onboarding.models import Milestone
from peerlearn.onboarding.selectors import buddying_overdue, checklist_due, milestones_due
from peerlearn.people.models import Person

AREA = "Onboarding"
# A milestone check-in left unrecorded stays a step this long after it was due.
RECORD_WITHIN = dt.timedelta(days=30)


def _milestone_step(milestone: Milestone, person: Person, now: dt.datetime) -> NextStep:
    onboarding = milestone.onboarding
    if onboarding.new_starter_id == person.id:
        other = f" with {onboarding.buddy.full_name}" if onboarding.buddy else ""
    else:
        other = f" with {onboarding.new_starter.full_name}"
    name = f"day-{milestone.day} onboarding check-in{other}"
    if milestone.starts_at < now:
        text = f"Record how the {name} went"
    else:
        text = name[0].upper() + name[1:]
    url = reverse("onboarding:milestone", args=[onboarding.id, milestone.id])
    return NextStep(text, url, AREA, due=milestone.starts_at)


def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]:
    now = timezone.now()
    today = timezone.localdate(now)
    steps: list[NextStep] = []
    for item in checklist_due(person=person, until=today + HORIZON, limit=PER_SOURCE):
        url = reverse("onboarding:detail", args=[item.onboarding_id]) + f"#item-{item.id}"
        steps.append(NextStep(f"Onboarding checklist: {item.title}", url, AREA, due=item.due_date))
    for onboarding in buddying_overdue(person=person, today=today, limit=PER_SOURCE):
        count = onboarding.overdue_count  # type: ignore[attr-defined]
        text = (
            f"{onboarding.new_starter.full_name} has {count} overdue checklist "
            f"item{'s' if count != 1 else ''}: go through them together"
        )
        url = reverse("onboarding:detail", args=[onboarding.id])
        steps.append(NextStep(text, url, AREA, due=onboarding.overdue_since))  # type: ignore[attr-defined]
    milestones = milestones_due(
        person=person, since=now - RECORD_WITHIN, until=now + HORIZON, limit=PER_SOURCE
    )
    steps.extend(_milestone_step(milestone, person, now) for milestone in milestones)
    return steps
