"""The demo's notifications: what the story's history sent is history.

Seeding runs the services, which notify people and queue e-mails as real use would. For a demo
that just started, e-mails about events of months ago are not worth sending and notifications
older than a week have long been read; the last days' ones stay unread, so the bell shows what
a person would really find waiting.
"""

from __future__ import annotations

import datetime as dt

from django_tasks_db.models import DBTaskResult

from peerlearn.notifications.models import Notification
from peerlearn.people.demo import DemoContext

UNREAD_FOR = dt.timedelta(days=7)


def settle_notifications(ctx: DemoContext) -> None:
    queued = DBTaskResult.objects.filter(
        task_path="peerlearn.notifications.tasks.send_email", status="READY"
    )
    ctx.count("e-mails not sent for past events", queued.count())
    queued.delete()
    Notification.objects.filter(read_at__isnull=True, created_at__lt=ctx.now - UNREAD_FOR).update(
        read_at=ctx.now
    )
