"""Running the real worker inside a test, and reading what it left in the queue."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


def run_worker(**options: Any) -> None:
    """`peerlearn worker --batch`: one scheduler pass, then every job that is due, then exit."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "worker", batch=True, startup_delay=False, reload=False, verbosity=0, **options
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def task_rows(task_name: str) -> list[DBTaskResult[Any, Any]]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith=f".{task_name}").order_by("enqueued_at")
    )
