"""Notifications in the API: a person's own, newest first; mark one or all as read."""

import uuid
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from peerlearn.core.api import Pagination, api_actor
from peerlearn.notifications.models import Notification
from peerlearn.notifications.selectors import (
    notification_get_for,
    notification_unread_count,
    notifications_for,
)
from peerlearn.notifications.services import notification_mark_read, notifications_mark_all_read
from peerlearn.people.models import Person

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: uuid.UUID
    kind: str
    message: str
    target_url: str
    created_at: datetime
    read_at: datetime | None


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


def _recipient(request: HttpRequest) -> Person:
    actor = api_actor(request)
    if actor.person is None:
        raise Http404
    return actor.person


@router.get("/notifications", response=list[NotificationOut])
@paginate(Pagination)
def list_notifications(request: HttpRequest, unread: bool = False) -> QuerySet[Notification]:
    return notifications_for(recipient=_recipient(request), unread_only=unread)


@router.get("/notifications/unread-count", response=UnreadCountOut)
def unread_count(request: HttpRequest) -> UnreadCountOut:
    return UnreadCountOut(unread=notification_unread_count(recipient=_recipient(request)))


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def mark_read(request: HttpRequest, notification_id: uuid.UUID) -> Notification:
    notification = notification_get_for(
        recipient=_recipient(request), notification_id=notification_id
    )
    if notification is None:
        raise Http404
    return notification_mark_read(notification=notification)


@router.post("/notifications/read-all", response=MarkedOut)
def mark_all_read(request: HttpRequest) -> MarkedOut:
    return MarkedOut(marked=notifications_mark_all_read(recipient=_recipient(request)))
