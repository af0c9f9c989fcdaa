"""`peerlearn jobs-status`: the periodic jobs, their schedules and when each last ran, and the
state of the queue (jobs waiting, running, failed in the last day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from peerlearn.jobs.selectors import periodic_jobs_status, queue_counts


class Command(BaseCommand):
    help = "Show the periodic jobs, when each last ran, and the state of the job queue."

    def handle(self, *args: Any, **options: Any) -> None:
        for status in periodic_jobs_status():
            last = status.last_slot.isoformat() if status.last_slot else "never"
            self.stdout.write(f"{status.name:<40} {status.schedule:<36} last slot: {last}")
        counts = queue_counts(since=timezone.now() - dt.timedelta(days=1))
        self.stdout.write(
            f"queue: {counts['ready']} waiting, {counts['running']} running, "
            f"{counts['failed']} failed and {counts['successful']} done in the last day"
        )
