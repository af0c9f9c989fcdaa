"""What the scheduler remembers: one row per periodic job and due slot."""

from __future__ import annotations

from django.db import models

from peerlearn.core.models import BaseModel


class ScheduledRun(BaseModel):
    """A periodic job's slot that has been enqueued.

    The unique (name, slot) pair is the lock between schedulers: every worker on every machine
    tries to insert the row for a due slot, and only the insert that wins enqueues the job.
    """

    name = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="When the run was due (UTC).")
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-slot", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")
        ]
        indexes = [models.Index(fields=["name", "-slot"], name="scheduled_run_latest")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot.isoformat()}"
