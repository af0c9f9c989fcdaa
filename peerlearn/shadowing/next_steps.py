"""Shadowing's part of the home page's next steps: requests to answer as host, sessions this
week, sessions to mark as done, and debriefs to write. One query."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from peerlearn.core.next_steps import HORIZON, PER_SOURCE, NextStep
from peerlearn.core.permissions import Actor
from peerlearn.people.models import Person
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus
from peerlearn.shadowing.selectors import shadowing_waiting_on

AREA = "Shadowing"
# A debrief not written this long after the session is no longer asked for on the home page.
DEBRIEF_WITHIN = dt.timedelta(days=30)


def _step(request: ShadowingRequest, person: Person, now: dt.datetime) -> NextStep:
    url = reverse("shadowing:detail", args=[request.id])
    hosting = request.host_id == person.id
    partner = request.observer.full_name if hosting else request.host.full_name
    if request.status == ShadowingStatus.REQUESTED:
        text = f"{partner} would like to shadow you: accept with a time, or decline"
        return NextStep(text, url, AREA, waiting_since=request.created_at)
    if request.status == ShadowingStatus.COMPLETED:
        text = f"Write your debrief of the shadowing {'by' if hosting else 'with'} {partner}"
        return NextStep(text, f"{url}#debriefs-heading", AREA)
    if request.starts_at is not None and request.starts_at < now:
        text = f"Mark the shadowing {'by' if hosting else 'with'} {partner} as done"
        return NextStep(text, url, AREA, due=request.starts_at)
    text = f"{partner} shadows you" if hosting else f"Shadowing {partner}"
    return NextStep(text, url, AREA, due=request.starts_at)


def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]:
    now = timezone.now()
    requests = shadowing_waiting_on(
        person=person, until=now + HORIZON, debrief_since=now - DEBRIEF_WITHIN, limit=PER_SOURCE
    )
    return [_step(request, person, now) for request in requests]
