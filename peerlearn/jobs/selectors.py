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


def queue_counts(*, since: dt.datetime) -> dict[str, int]:
    """Jobs waiting and running now, and failed or done since `since` (database queue only)."""
    from django.db.models import Count, Q
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    counts = DBTaskResult.objects.aggregate(
        ready=Count("id", filter=Q(status=TaskResultStatus.READY)),
        running=Count("id", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("id", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=since)),
        successful=Count(
            "id", filter=Q(status=TaskResultStatus.SUCCESSFUL, finished_at__gte=since)
        ),
    )
    return {key: int(value or 0) for key, value in counts.items()}
