"""Running the real worker inside a test, and reading what it left in the queue."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import OperationalError, connections
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


def retry_while_table_locked(action: Callable[[], object]) -> object:
    """SQLite's in-memory test database (shared cache) answers a lock with an error at once
    where a file database waits for its busy timeout; waiting here gives the production
    behaviour. PostgreSQL never raises this."""
    for _ in range(200):
        try:
            return action()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    return action()


def in_parallel(action: Callable[[], object], threads: int = 4) -> list[object]:
    """Run `action` in several threads released at the same moment, each on its own connection."""
    barrier = threading.Barrier(threads)
    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(retry_while_table_locked(action))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    return results
