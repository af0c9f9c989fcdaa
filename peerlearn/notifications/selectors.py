"""Reads of a person's notifications (nobody else's are ever readable)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from peerlearn.notifications.models import Notification
from peerlearn.people.models import Person


def notifications_for(*, recipient: Person, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=recipient)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notification_unread_count(*, recipient: Person) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()


def notification_get_for(*, recipient: Person, notification_id: uuid.UUID) -> Notification | None:
    """The recipient's own notification, or None (someone else's answers as missing)."""
    return Notification.objects.filter(pk=notification_id, recipient=recipient).first()
