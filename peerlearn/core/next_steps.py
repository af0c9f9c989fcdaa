"""What each person should do next, gathered across formats for the home page and My learning.

Core knows no format. Each app that has work waiting for people contributes a function in its
own `next_steps.py`, built on that app's selectors, and registers it in its AppConfig.ready():

    # peerlearn/<app>/next_steps.py
    def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]: ...

    # peerlearn/<app>/apps.py
    def ready(self) -> None:
        from peerlearn.<app>.next_steps import next_steps_for
        register_next_steps("<app>", next_steps_for)

A source only ever reads the viewer's own work (their pairs, requests, pages, invitations), in
a fixed number of queries however much is waiting, and bounds what it returns (`PER_SOURCE`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils import timezone

from peerlearn.core.permissions import Actor

if TYPE_CHECKING:
    from peerlearn.people.models import Person

# Steps a source returns at most for one kind of work; the home page shows fewer (HOME_LIMIT).
PER_SOURCE = 20
HOME_LIMIT = 8
# How far ahead a dated step (a check-in, a session, a checklist item) counts as "next".
HORIZON = dt.timedelta(days=7)


class Urgency(enum.IntEnum):
    """The order steps are shown in: what happens today, then people waiting for an answer,
    then what is overdue, then what comes up soon, then the rest."""

    TODAY = 0
    WAITING = 1
    OVERDUE = 2
    SOON = 3
    LATER = 4


@dataclass(frozen=True)
class NextStep:
    """One thing waiting for the viewer: a short sentence that links to where it is done."""

    text: str
    url: str
    area: str  # the format it belongs to, shown as a label: "Mentoring", "Hub", ...
    due: dt.datetime | dt.date | None = None  # when it happens or is due
    waiting_since: dt.datetime | None = None  # someone has waited for the viewer's answer since

    @property
    def has_time(self) -> bool:
        return isinstance(self.due, dt.datetime)

    def urgency(self, now: dt.datetime) -> Urgency:
        today = timezone.localdate(now)
        overdue = False
        if isinstance(self.due, dt.datetime):
            if self.due >= now and timezone.localdate(self.due) == today:
                return Urgency.TODAY
            overdue = self.due < now
        elif self.due is not None:
            if self.due == today:
                return Urgency.TODAY
            overdue = self.due < today
        if self.waiting_since is not None:
            return Urgency.WAITING
        if overdue:
            return Urgency.OVERDUE
        return Urgency.LATER if self.due is None else Urgency.SOON

    def due_moment(self) -> dt.datetime | None:
        """When it is due, a date as the start of that day in the viewer's time zone."""
        if self.due is None or isinstance(self.due, dt.datetime):
            return self.due
        start = dt.datetime.combine(self.due, dt.time.min)
        return timezone.make_aware(start, timezone.get_current_timezone())

    @property
    def is_overdue(self) -> bool:
        return self.urgency(timezone.now()) == Urgency.OVERDUE

    @property
    def is_today(self) -> bool:
        return self.urgency(timezone.now()) == Urgency.TODAY


class NextStepSource(Protocol):
    def __call__(self, *, actor: Actor, person: Person) -> list[NextStep]:
        """The person's own steps of one app; `actor` is that person, for permission reads."""
        ...


NEXT_STEP_SOURCES: dict[str, NextStepSource] = {}


def register_next_steps(name: str, source: NextStepSource) -> None:
    """Called from an app's AppConfig.ready(); registering a name again replaces it."""
    NEXT_STEP_SOURCES[name] = source


@dataclass(frozen=True)
class NextSteps:
    steps: list[NextStep]
    total: int  # how many there are in all (at most PER_SOURCE of each kind)

    @property
    def more(self) -> int:
        return self.total - len(self.steps)


def in_order(steps: Iterable[NextStep], *, now: dt.datetime) -> list[NextStep]:
    """Most urgent first (see Urgency); within a kind of urgency the soonest due, then the
    longest waiting."""

    def key(step: NextStep) -> tuple[int, float, float, str]:
        moment = step.due_moment()
        due = moment.timestamp() if moment is not None else float("inf")
        since = step.waiting_since.timestamp() if step.waiting_since is not None else float("inf")
        return (step.urgency(now), due, since, step.text)

    return sorted(steps, key=key)


def next_steps_for(*, actor: Actor, limit: int | None = None) -> NextSteps:
    """The viewer's own next steps, most urgent first; nothing for anyone but an employee."""
    person = actor.person
    if not actor.is_employee or person is None:
        return NextSteps(steps=[], total=0)
    steps: list[NextStep] = []
    for source in NEXT_STEP_SOURCES.values():
        steps.extend(source(actor=actor, person=person))
    ordered = in_order(steps, now=timezone.now())
    return NextSteps(steps=ordered if limit is None else ordered[:limit], total=len(ordered))
