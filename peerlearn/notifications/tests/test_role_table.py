"""The role table of the notification pages: every route × every role, with the expected answer
(tests/role_table.py).

A notification belongs to its recipient, the owner (peerlearn/notifications/tests/subjects.py):
opening it marks it read and follows its link; anyone else, the owner's manager and a programme
admin included, gets the same 404 as for a notification that does not exist. The list and
"mark all read" act on the signed-in person's own notifications only.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import Org
from peerlearn.notifications.models import Notification
from peerlearn.notifications.tests.subjects import notification_subject
from tests.role_table import SIGNED_OUT, PageRow, PageTable, everyone, pages

pytestmark = pytest.mark.django_db

TABLE = PageTable(
    rows={
        "notifications:list": PageRow("get", "/notifications/", everyone()),
        "notifications:read_all": PageRow("post", "/notifications/read-all/", everyone(302)),
        "notifications:open": PageRow(
            "post", "/notifications/{notification_id}/open/", pages(owner=302)
        ),
    },
    builders=[notification_subject],
)

# Where a signed-in person's 302 must land: a redirect to the sign-in page would also be a 302.
LANDS_ON = {
    "notifications:read_all": "/notifications/",
    "notifications:open": "/mentoring/",  # the notification's own link
}


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    response = TABLE.check(client, org, route, role)

    if response.status_code == 302 and role not in SIGNED_OUT:
        assert re.fullmatch(LANDS_ON[route], response["Location"]), response["Location"]


def test_only_the_recipient_marks_a_notification_read(client: Client, org: Org) -> None:
    # given the owner's unread notification
    made = notification_subject.build(org)
    # when everyone else opens it and marks all of theirs read
    for someone in (org.peer, org.outsider, org.manager, org.admin):
        client.force_login(someone.user)
        client.post(f"/notifications/{made['notification_id']}/open/")
        client.post("/notifications/read-all/")
    # then it is still unread
    assert Notification.objects.get(pk=made["notification_id"]).read_at is None
