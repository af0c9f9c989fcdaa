"""In-app notifications and the ledger that makes every e-mail go out at most once."""

from __future__ import annotations

from django.db import models

from peerlearn.core.models import BaseModel
from peerlearn.people.models import Person


class Notification(BaseModel):
    """Something a person should know about, shown under the bell in the header."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60, help_text="What it is about: mentoring.request, …")
    message = models.CharField(max_length=300)
    target_url = models.CharField(max_length=500, blank=True)
    # NULL, not "", for notifications without a key: NULLs never collide in the constraint.
    key = models.CharField(  # noqa: DJ001
        max_length=200,
        null=True,
        blank=True,
        help_text="Idempotency key: a job that runs twice creates the notification once.",
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]
        # Once per person: one event told to several people may share its key.
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class OutboundEmailStatus(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will be retried)"


class OutboundEmail(BaseModel):
    """One e-mail Peerlearn means to send, claimed by its idempotency key before sending.

    The claim is committed before the mail server is contacted, so a retried or concurrent run
    of the same job finds the key taken and does not send again. A send that raised releases
    its claim (FAILED) so a retry can send it; a worker that died between claiming and
    finishing leaves SENDING behind, which is never sent again automatically: a possibly lost
    e-mail is better than a duplicate one.
    """

    key = models.CharField(max_length=200)
    recipient = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=OutboundEmailStatus.choices, default=OutboundEmailStatus.SENDING
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbound_email_status")]
        # Once per person, as for notifications.
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="outbound_email_once_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address} ({self.status})"
