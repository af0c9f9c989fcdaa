"""When periodic jobs are due, and the registry each app's tasks.py fills.

A schedule maps "now" to the most recent *slot* (the instant a run was due). The scheduler
enqueues a job once per slot; looking only at the latest slot is what makes a worker that was
down for three days run a daily job once on restart, not three times.

    from peerlearn.jobs.schedules import DailyAt, periodic

    @periodic(name="mentoring.nudges", schedule=DailyAt(hour=7))
    @job()
    def send_nudges(*, slot: str) -> int: ...

Periodic jobs receive the slot as an ISO 8601 string (`slot=`), handy for idempotency keys.
All times are UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django_tasks.base import Task

UTC = dt.UTC
EPOCH = dt.datetime(2000, 1, 3, tzinfo=UTC)  # a Monday at midnight, so weekly slots align


class Schedule(Protocol):
    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The most recent instant at or before `now` when a run was due."""
        ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class Every:
    """Every N minutes, aligned to the clock (every 15 minutes → :00, :15, :30, :45)."""

    minutes: int

    def __post_init__(self) -> None:
        if self.minutes < 1:
            raise ValueError("A periodic job runs at most once a minute.")

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        step = dt.timedelta(minutes=self.minutes)
        return EPOCH + ((now.astimezone(UTC) - EPOCH) // step) * step

    def describe(self) -> str:
        return f"every {self.minutes} minutes" if self.minutes != 1 else "every minute"


@dataclass(frozen=True)
class DailyAt:
    """Once a day at hour:minute UTC."""

    hour: int
    minute: int = 0

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        now = now.astimezone(UTC)
        slot = now.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        return slot if slot <= now else slot - dt.timedelta(days=1)

    def describe(self) -> str:
        return f"daily at {self.hour:02d}:{self.minute:02d} UTC"


@dataclass(frozen=True)
class WeeklyAt:
    """Once a week on `weekday` (0 = Monday) at hour:minute UTC."""

    weekday: int
    hour: int
    minute: int = 0

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        daily = DailyAt(self.hour, self.minute).latest_slot(now)
        return daily - dt.timedelta(days=(daily.weekday() - self.weekday) % 7)

    def describe(self) -> str:
        day = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        return f"weekly on {day[self.weekday]} at {self.hour:02d}:{self.minute:02d} UTC"


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task[Any, Any]
    schedule: Schedule


PERIODIC_JOBS: dict[str, PeriodicJob] = {}

TaskT = TypeVar("TaskT", bound=Task[Any, Any])


def register_periodic(*, name: str, task: Task[Any, Any], schedule: Schedule) -> PeriodicJob:
    existing = PERIODIC_JOBS.get(name)
    if existing is not None and existing.task.module_path != task.module_path:
        raise ValueError(f"Two periodic jobs are called {name!r}.")
    entry = PeriodicJob(name=name, task=task, schedule=schedule)
    PERIODIC_JOBS[name] = entry
    return entry


def periodic(*, name: str, schedule: Schedule) -> Callable[[TaskT], TaskT]:
    """Decorator form of `register_periodic`, placed above `@job()`."""

    def register(task: TaskT) -> TaskT:
        register_periodic(name=name, task=task, schedule=schedule)
        return task

    return register
