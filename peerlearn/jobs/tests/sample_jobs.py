"""Jobs the tests enqueue and a worker runs; they send real e-mail through the ledger."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected
from typing import ClassVar

from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.core.mail.message import EmailMessage

from peerlearn.jobs.retries import job
from peerlearn.notifications.services import EmailContent, email_send_once
from peerlearn.people.models import Person


class FlakyEmailBackend(LocmemEmailBackend):
    """The test mail server, with hiccups: addresses in `refuse_once` are refused the first time."""

    refuse_once: ClassVar[set[str]] = set()

    def send_messages(self, email_messages: list[EmailMessage]) -> int:  # type: ignore[override]
        for message in email_messages:
            for address in message.to:
                if address in self.refuse_once:
                    self.refuse_once.discard(address)
                    raise SMTPServerDisconnected(f"Connection lost while sending to {address}")
        return super().send_messages(email_messages)


@job()
def greet(*, person_ids: list[str], occasion: str) -> int:
    """Greet each person once per occasion, however often the job runs."""
    sent = 0
    for person in Person.objects.select_related("user").filter(pk__in=person_ids).order_by("pk"):
        sent += email_send_once(
            key=f"greeting:{occasion}:{person.pk}",
            recipient=person,
            content=EmailContent(subject=f"Hello for {occasion}", message="Hello!"),
        )
    return sent


@job(max_attempts=3)
def always_fails(*, reason: str) -> None:
    raise RuntimeError(reason)


@job()
def tick(*, slot: str) -> str:
    return slot
