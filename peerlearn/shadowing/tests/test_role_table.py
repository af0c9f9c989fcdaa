"""The role table of the shadowing pages: every route × every role, with the expected answer
(tests/role_table.py; the API has its rows in peerlearn/mentoring/tests/test_api_roles.py).

The owner is the observer and the peer their host (peerlearn/shadowing/tests/subjects.py); the
manager manages both and, like the admin, sees who, status and dates on the request's page and
nothing else: the plan, the debriefs, the invitation and every change are the pair's alone.
Only the host answers a request. The outsider sees nothing: the same 404 as for a request that
does not exist.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Org
from peerlearn.shadowing.tests.subjects import (
    shadowing_asked,
    shadowing_booked,
    shadowing_observed,
)
from tests.role_table import PageRow, PageTable, everyone, pages

pytestmark = pytest.mark.django_db

NEXT_MONTH = (timezone.localdate() + dt.timedelta(days=30)).isoformat() + "T10:00"
ASKED = "/shadowing/{asked_id}"
BOOKED = "/shadowing/{booked_id}"
PAIR_READS = pages(owner=200, peer=200)
PAIR_WRITES = pages(owner=302, peer=302)
HOST_ANSWERS = pages(peer=302)

TABLE = PageTable(
    rows={
        "shadowing:mine": PageRow("get", "/shadowing/", everyone()),
        "shadowing:new": PageRow("get", "/shadowing/new/", everyone()),
        # anyone may host colleagues
        "shadowing:host_settings": PageRow(
            "post", "/shadowing/hosting/", everyone(302), data={"monthly_capacity": "3"}
        ),
        "shadowing:programme": PageRow("get", "/shadowing/programme/", pages(admin=200)),
        # the pair sees everything; managers and admins an overview (who, status, dates)
        "shadowing:detail": PageRow(
            "get", ASKED + "/", pages(owner=200, peer=200, manager=200, admin=200)
        ),
        # only the host answers; the observer who asked may not accept on their behalf
        "shadowing:accept": PageRow(
            "post",
            ASKED + "/accept/",
            HOST_ANSWERS,
            data={"starts_at": NEXT_MONTH, "duration_minutes": "120"},
        ),
        "shadowing:decline": PageRow(
            "post", ASKED + "/decline/", HOST_ANSWERS, data={"message": "Busy month"}
        ),
        # either may cancel a booked session
        "shadowing:change": PageRow(
            "post", BOOKED + "/change/", PAIR_WRITES, data={"action": "cancel"}
        ),
        "shadowing:plan_add": PageRow(
            "post", BOOKED + "/plan/", PAIR_WRITES, data={"text": "Retro"}
        ),
        "shadowing:plan_toggle": PageRow(
            "post", BOOKED + "/plan/{booked_item_id}/", PAIR_WRITES, data={"observed": "1"}
        ),
        "shadowing:invite": PageRow("get", BOOKED + "/invite.ics", PAIR_READS),
        "shadowing:debrief": PageRow(
            "post",
            "/shadowing/{observed_id}/debrief/",
            PAIR_WRITES,
            data={"learned": "How triage works", "try_next": "Run one"},
        ),
    },
    builders=[shadowing_asked, shadowing_booked, shadowing_observed],
)


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    TABLE.check(client, org, route, role)


def test_a_plan_item_is_not_reachable_through_another_request(client: Client, org: Org) -> None:
    """The item exists and the viewer is in both requests, but it belongs to the other one."""
    observed = shadowing_observed.build(org)  # done first: one open request per pair
    booked = shadowing_booked.build(org)
    client.force_login(org.owner.user)

    response = client.post(
        f"/shadowing/{observed['observed_id']}/plan/{booked['booked_item_id']}/", {"observed": "1"}
    )

    assert response.status_code == 404
