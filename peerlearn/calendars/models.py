"""A person's private calendar feed: a secret address their calendar app subscribes to."""

from __future__ import annotations

from django.db import models

from peerlearn.core.models import BaseModel
from peerlearn.people.models import Person


class CalendarFeed(BaseModel):
    """Only a SHA-256 digest of the secret is kept: the address is shown once, when created.

    Revoking (or rotating, which revokes and creates) makes the old address answer 404 at once.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calendar_feeds")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="Shown to help recognise the address.")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.prefix}… of {self.person}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
