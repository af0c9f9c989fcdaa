"""Reads about background jobs: what is scheduled and when each periodic job last ran."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from peerlearn.jobs.models import ScheduledRun
from peerlearn.jobs.schedules import PERIODIC_JOBS


@dataclass(frozen=True)
class PeriodicJobStatus:
    name: str
    schedule: str
    task_path: str
    last_slot: dt.datetime | None


def periodic_jobs_status() -> list[PeriodicJobStatus]:
    latest = dict(
        ScheduledRun.objects.values("name").annotate(last=Max("slot")).values_list("name", "last")
    )
    return [
        PeriodicJobStatus(
            name=entry.name,
            schedule=entry.schedule.describe(),
            task_path=entry.task.module_path,
            last_slot=latest.get(entry.name),
        )
        for entry in sorted(PERIODIC_JOBS.values(), key=lambda item: item.name)
    ]
