"""Running the real worker inside a test, and reading what it left in the queue."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


def run_worker(*, scheduler: bool = False, **options: Any) -> None:
    """`peerlearn worker --batch`: every job that is due, then exit.

    With `scheduler=True` one scheduler pass runs first (due periodic jobs are enqueued and
    jobs of dead workers recovered); tests that want it choose which periodic jobs exist.
    """
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "worker",
            batch=True,
            startup_delay=False,
            reload=False,
            verbosity=0,
            scheduler=scheduler,
            **options,
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def task_rows(task_name: str) -> list[DBTaskResult[Any, Any]]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith=f".{task_name}").order_by("enqueued_at")
    )
