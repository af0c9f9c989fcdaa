"""Telling people things: in-app notifications and e-mail that is sent at most once per key.

Format apps call `notify(...)` inside their services: the in-app notification is written in the
same transaction, and the e-mail is a background job enqueued with it, so a rolled-back change
tells nobody. Jobs that send (reminders, digests) pass a stable `key` naming the event and the
recipient, so running the job again never notifies twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from peerlearn.notifications.models import Notification, OutboundEmail, OutboundEmailStatus
from peerlearn.people.models import Person

logger = logging.getLogger("peerlearn.notifications")

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class EmailContent:
    """A plain message: a subject, a first line, a few more lines and one call to action."""

    subject: str
    message: str
    lines: Sequence[str] = ()
    url: str = ""
    action_label: str = "Open Peerlearn"


def absolute_url(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url if url.startswith('/') else '/' + url}"


def single_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


@transaction.atomic
def notification_create(
    *, recipient: Person, kind: str, message: str, url: str = "", key: str | None = None
) -> Notification:
    """An in-app notification; with a `key`, asking twice creates it once."""
    fields = {
        "recipient": recipient,
        "kind": kind[:60],
        "message": single_line(message, 300),
        "target_url": url[:500],
    }
    if key is None:
        return Notification.objects.create(**fields)
    notification, _ = Notification.objects.get_or_create(
        recipient=recipient, key=key[:MAX_KEY_LENGTH], defaults=fields
    )
    return notification


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, recipient: Person) -> int:
    now = timezone.now()
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )


def email_claim(*, key: str, recipient: Person, to_address: str, subject: str) -> bool:
    """Claim the right to send the e-mail named `key`, in its own committed transaction.

    True for the one caller that may send now: the first, or a retry after a send that failed.
    """
    key = key[:MAX_KEY_LENGTH]
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                OutboundEmail.objects.create(
                    key=key, recipient=recipient, to_address=to_address, subject=subject
                )
            return True
        except IntegrityError:
            pass
        reclaimed = OutboundEmail.objects.filter(
            recipient=recipient, key=key, status=OutboundEmailStatus.FAILED
        ).update(
            status=OutboundEmailStatus.SENDING,
            attempts=F("attempts") + 1,
            to_address=to_address,
            updated_at=timezone.now(),
        )
        return reclaimed == 1


def email_send_once(*, key: str, recipient: Person, content: EmailContent) -> bool:
    """Send an e-mail unless one with this key was already sent (or is being sent).

    Returns True if this call sent it. Must run outside any transaction, so the claim is
    committed before the mail server is contacted (the durable block enforces it).
    """
    subject = single_line(content.subject, 200)
    to_address = recipient.user.email
    if not recipient.is_active or not to_address:
        return False
    if not email_claim(key=key, recipient=recipient, to_address=to_address, subject=subject):
        return False
    context = {
        "recipient": recipient,
        "message": content.message,
        "lines": list(content.lines),
        "url": absolute_url(content.url),
        "action_label": content.action_label,
        "site_url": settings.SITE_URL,
        "notifications_url": absolute_url("/notifications/"),
    }
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to_address],
        headers={"X-Peerlearn-Key": key[:MAX_KEY_LENGTH]},
    )
    email.attach_alternative(
        render_to_string("notifications/email/message.html", context), "text/html"
    )
    try:
        email.send()
    except Exception as error:
        OutboundEmail.objects.filter(recipient=recipient, key=key[:MAX_KEY_LENGTH]).update(
            status=OutboundEmailStatus.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            updated_at=timezone.now(),
        )
        raise
    OutboundEmail.objects.filter(recipient=recipient, key=key[:MAX_KEY_LENGTH]).update(
        status=OutboundEmailStatus.SENT, sent_at=timezone.now(), updated_at=timezone.now()
    )
    return True


def notify(
    *,
    recipient: Person,
    kind: str,
    key: str,
    content: EmailContent,
    email: bool = True,
) -> Notification | None:
    """Tell someone: an in-app notification now, and an e-mail through the job queue.

    `key` names the event (e.g. "checkin-reminder:<id>:<seq>"); notifying one person twice
    with one key has the effect of notifying them once, and several people may share a key.
    """
    if not recipient.is_active:
        return None
    from peerlearn.jobs.services import enqueue_after_commit
    from peerlearn.notifications.tasks import send_email

    with transaction.atomic():
        notification = notification_create(
            recipient=recipient, kind=kind, message=content.message, url=content.url, key=key
        )
        if email:
            enqueue_after_commit(
                send_email,
                key=key,
                recipient_id=str(recipient.id),
                subject=content.subject,
                message=content.message,
                lines=list(content.lines),
                url=content.url,
                action_label=content.action_label,
            )
    return notification


def notify_now(*, recipient: Person, kind: str, key: str, content: EmailContent) -> bool:
    """For jobs: the in-app notification and the e-mail, both at most once per key.

    Runs outside any transaction (like `email_send_once`); a retried job calls it again safely.
    Returns True if the e-mail went out now.
    """
    if not recipient.is_active:
        return False
    notification_create(
        recipient=recipient, kind=kind, message=content.message, url=content.url, key=key
    )
    return email_send_once(key=key, recipient=recipient, content=content)
