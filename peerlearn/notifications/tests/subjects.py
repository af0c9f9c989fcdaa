"""The notification the role tables name: one of the owner's, made through the service."""

from __future__ import annotations

from conftest import Org
from peerlearn.notifications.services import notification_create
from tests.role_table import provides


@provides("notification_id")
def notification_subject(org: Org) -> dict[str, str]:
    notification = notification_create(
        recipient=org.owner, kind="test", message="Hi", url="/mentoring/"
    )
    return {"notification_id": str(notification.id)}
