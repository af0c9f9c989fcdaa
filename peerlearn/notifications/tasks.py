"""Background jobs of the notifications app."""

from __future__ import annotations

from peerlearn.jobs.retries import job
from peerlearn.notifications.services import EmailContent, email_send_once
from peerlearn.people.models import Person


@job()
def send_email(
    *,
    key: str,
    recipient_id: str,
    subject: str,
    message: str,
    lines: list[str],
    url: str,
    action_label: str,
) -> str:
    """Deliver one notification e-mail; retried on failure, never sent twice for one key."""
    recipient = Person.objects.select_related("user").filter(pk=recipient_id).first()
    if recipient is None:
        return "recipient gone"
    sent = email_send_once(
        key=key,
        recipient=recipient,
        content=EmailContent(
            subject=subject, message=message, lines=lines, url=url, action_label=action_label
        ),
    )
    return "sent" if sent else "already sent or not deliverable"
