"""The scheduler's writes: enqueue due periodic jobs once, recover jobs of workers that died."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

from peerlearn.jobs.models import ScheduledRun
from peerlearn.jobs.retries import attempt_of, retry_enqueue
from peerlearn.jobs.schedules import PERIODIC_JOBS, PeriodicJob

logger = logging.getLogger("peerlearn.jobs")


def uses_database_queue(task_: Task[Any, Any]) -> bool:
    return isinstance(task_.get_backend(), DatabaseBackend)


def enqueue_after_commit(task_: Task[Any, Any], /, *args: Any, **kwargs: Any) -> None:
    """Enqueue a job that must only run if the current transaction commits.

    With the database queue the job row is written in the same transaction (a transactional
    outbox: it commits or rolls back with the change that asked for it). Other backends cannot
    share the transaction, so the job is enqueued once it has committed.
    """
    if uses_database_queue(task_):
        task_.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(functools.partial(task_.enqueue, *args, **kwargs))


def periodic_job_enqueue_if_due(*, job: PeriodicJob, now: dt.datetime) -> ScheduledRun | None:
    """Enqueue the job for its latest due slot unless some scheduler already did."""
    slot = job.schedule.latest_slot(now)
    if ScheduledRun.objects.filter(name=job.name, slot=slot).exists():
        return None
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=job.name, slot=slot)
            if uses_database_queue(job.task):
                result = job.task.enqueue(slot=slot.isoformat())
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id", "updated_at"])
            else:
                transaction.on_commit(functools.partial(job.task.enqueue, slot=slot.isoformat()))
    except IntegrityError:
        return None  # another worker won this slot
    logger.info("Enqueued %s for slot %s.", job.name, slot.isoformat())
    return run


def scheduler_tick(*, now: dt.datetime | None = None) -> list[ScheduledRun]:
    """One pass of the scheduler: every registered periodic job whose slot is due, once."""
    now = now or timezone.now()
    enqueued = []
    for job in sorted(PERIODIC_JOBS.values(), key=lambda entry: entry.name):
        run = periodic_job_enqueue_if_due(job=job, now=now)
        if run is not None:
            enqueued.append(run)
    return enqueued


def stale_runs_recover(*, now: dt.datetime | None = None) -> int:
    """Jobs left "running" by a worker that died are marked failed and retried.

    A worker killed mid-job (power loss, OOM, kill -9) leaves its task result RUNNING forever;
    past the lease (PEERLEARN_JOB_LEASE_SECONDS) it is failed and, if it is a `@job` with
    attempts left, its next attempt is enqueued. The conditional update makes exactly one
    recovering worker win each stale row.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=int(settings.PEERLEARN_JOB_LEASE_SECONDS))
    recovered = 0
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).order_by("started_at")[:100]
    for row in stale:
        with transaction.atomic():
            won = DBTaskResult.objects.filter(
                pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="peerlearn.jobs.WorkerLost",
                traceback=(
                    f"The worker running this job stopped answering; it started at "
                    f"{row.started_at.isoformat() if row.started_at else '?'} and the lease "
                    f"is {settings.PEERLEARN_JOB_LEASE_SECONDS}s."
                ),
            )
            if not won:
                continue
            try:
                task_ = row.task
            except Exception:
                logger.exception("Stale job %s names a task that no longer exists.", row.pk)
                continue
            args = list(row.args_kwargs.get("args", []))
            kwargs = dict(row.args_kwargs.get("kwargs", {}))
            retry_enqueue(task_=task_, args=args, kwargs=kwargs, failed_attempt=attempt_of(kwargs))
            recovered += 1
    return recovered
