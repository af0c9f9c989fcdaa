"""`peerlearn worker`: process the job queue and run the periodic scheduler.

Run as many as you like, on as many machines as share the database: each claims queued jobs
with row locks, and each runs the scheduler, whose (job, slot) unique constraint makes sure a
due periodic job is enqueued exactly once however many schedulers see it.

    peerlearn worker                 # forever (Ctrl-C stops after the current job)
    peerlearn worker --batch         # run the scheduler once, process what is due, then exit
    peerlearn worker --no-scheduler  # only process jobs
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from peerlearn.jobs.services import scheduler_tick, stale_runs_recover

logger = logging.getLogger("peerlearn.jobs")


def scheduler_pass() -> None:
    """One scheduler pass; errors are logged so one bad pass never stops the scheduler."""
    try:
        close_old_connections()
        stale_runs_recover()
        scheduler_tick()
    except Exception:
        logger.exception("The scheduler pass failed; the next one will try again.")


class SchedulerThread(threading.Thread):
    def __init__(self, interval: float) -> None:
        super().__init__(name="peerlearn-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            scheduler_pass()
            # This thread has its own database connections; do not hold them while idle.
            connections.close_all()
            self.stopped.wait(self.interval)


class Command(DatabaseWorkerCommand):
    help = "Run Peerlearn's background worker: the job queue and the periodic scheduler."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Only process queued jobs; do not enqueue periodic ones.",
        )
        parser.add_argument(
            "--schedule-interval",
            type=float,
            default=float(settings.PEERLEARN_SCHEDULER_INTERVAL_SECONDS),
            help="Seconds between scheduler passes (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = options.pop("scheduler")
        interval = options.pop("schedule_interval")
        if scheduler:
            if options.get("batch"):
                scheduler_pass()
            elif not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # With --reload only the reloaded child process schedules.
                SchedulerThread(interval).start()
        super().handle(*args, **options)
