"""Jobs that retry. django-tasks runs a task once; `@job()` adds retries with backoff.

    from peerlearn.jobs.retries import job

    @job()
    def send_digest(*, person_id: str) -> int: ...

    send_digest.enqueue(person_id=str(person.id))

When an attempt raises, the attempt is recorded as a failed task result (with its traceback,
visible to operators) and, unless it was the last allowed attempt, the next attempt is enqueued
to run after an exponential backoff: base · 2^(n-2) seconds before attempt n, capped. The
attempt number travels in a reserved keyword argument the job function never sees.

Retries mean a job may run more than once: a job with side effects outside the database
(e-mail, webhooks) must make them idempotent, e.g. with
`peerlearn.notifications.services.email_send_once`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar, cast

from django.conf import settings
from django.utils import timezone
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskResult, task
from django_tasks.base import Task

logger = logging.getLogger("peerlearn.jobs")

ATTEMPT_KWARG = "_peerlearn_attempt"

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """`max_attempts` None means the PEERLEARN_JOB_MAX_ATTEMPTS setting."""

    max_attempts: int | None = None

    @property
    def attempts_allowed(self) -> int:
        if self.max_attempts is not None:
            return self.max_attempts
        return int(settings.PEERLEARN_JOB_MAX_ATTEMPTS)

    def delay_before(self, attempt: int) -> dt.timedelta:
        base = int(settings.PEERLEARN_JOB_RETRY_BASE_SECONDS)
        cap = int(settings.PEERLEARN_JOB_RETRY_MAX_SECONDS)
        return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempt - 2)))


# Task module path -> its policy; plain django-tasks tasks have none and are never retried.
RETRY_POLICIES: dict[str, RetryPolicy] = {}


def attempt_of(kwargs: dict[str, Any]) -> int:
    try:
        return max(1, int(kwargs.get(ATTEMPT_KWARG, 1)))
    except (TypeError, ValueError):
        return 1


def retry_enqueue(
    *,
    task_: Task[Any, Any],
    args: Sequence[Any],
    kwargs: dict[str, Any],
    failed_attempt: int,
) -> TaskResult[Any] | None:
    """Enqueue the attempt after `failed_attempt`, or give up (None) when none is left."""
    policy = RETRY_POLICIES.get(task_.module_path)
    if policy is None or failed_attempt >= policy.attempts_allowed:
        logger.error(
            "Job %s failed on attempt %d of %d; giving up.",
            task_.module_path,
            failed_attempt,
            policy.attempts_allowed if policy else 1,
        )
        return None
    next_attempt = failed_attempt + 1
    run_after = timezone.now() + policy.delay_before(next_attempt)
    clean = {key: value for key, value in kwargs.items() if key != ATTEMPT_KWARG}
    logger.warning(
        "Job %s failed on attempt %d; attempt %d runs after %s.",
        task_.module_path,
        failed_attempt,
        next_attempt,
        run_after.isoformat(),
    )
    return task_.using(run_after=run_after).enqueue(*args, **clean, **{ATTEMPT_KWARG: next_attempt})


def job(
    *,
    max_attempts: int | None = None,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    priority: int = 0,
) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Make a module-level function a background job that is retried when it fails."""

    def decorate(func: Callable[P, T]) -> Task[P, T]:
        @functools.wraps(func)
        def run_attempt(*args: Any, **kwargs: Any) -> T:
            attempt = attempt_of(kwargs)
            kwargs.pop(ATTEMPT_KWARG, None)
            try:
                return func(*args, **kwargs)
            except BaseException:
                # Interrupted attempts (a worker told to stop mid-job) are retried as well.
                try:
                    retry_enqueue(
                        task_=registered, args=args, kwargs=kwargs, failed_attempt=attempt
                    )
                except Exception:
                    logger.exception("Could not enqueue a retry of %s.", func.__qualname__)
                raise

        registered = cast(Task[P, T], task(queue_name=queue_name, priority=priority)(run_attempt))
        RETRY_POLICIES[registered.module_path] = RetryPolicy(max_attempts=max_attempts)
        return registered

    return decorate
