"""The role table of the mentoring pages: every route × every role, with the expected answer
(tests/role_table.py; the API has its own table in test_api_roles.py).

The owner is the mentee and the peer their mentor (peerlearn/mentoring/tests/subjects.py); the
manager manages both and, like the admin, sees a pair's overview (who, status, dates) and
nothing inside it; the outsider sees nothing. A check-in, its notes, goals and feedback are the
pair's alone: everyone else gets the same 404 as for a pair that does not exist.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Org
from peerlearn.mentoring.tests.subjects import mentoring_subject
from tests.role_table import PageRow, PageTable, everyone, pages

pytestmark = pytest.mark.django_db

PAIR_READS = pages(owner=200, peer=200)
PAIR_WRITES = pages(owner=302, peer=302)
PAIR_AND_OVERVIEW = pages(owner=200, peer=200, manager=200, admin=200)
PAIR = "/mentoring/{mentorship_id}"
CHECK_IN = PAIR + "/check-ins/{check_in_id}"

TABLE = PageTable(
    rows={
        "mentoring:mine": PageRow("get", "/mentoring/", everyone()),
        "mentoring:request": PageRow("get", "/mentoring/request/", everyone()),
        "mentoring:now": PageRow("get", "/mentoring/now/", everyone()),
        "mentoring:programme": PageRow("get", "/mentoring/programme/", pages(admin=200)),
        "mentoring:team": PageRow("get", "/mentoring/team/", pages(manager=200)),
        # the owner's private note: only its author may delete it
        "mentoring:note_delete": PageRow(
            "post", "/mentoring/notes/{note_id}/delete/", pages(owner=302)
        ),
        "mentoring:detail": PageRow("get", PAIR + "/", PAIR_AND_OVERVIEW),
        # the owner asked the peer: the peer's answer is taken, the owner is sent back to the
        # pair's page, everyone else learns nothing
        "mentoring:respond": PageRow(
            "post", "/mentoring/{requested_id}/respond/", PAIR_WRITES, data={"answer": "accept"}
        ),
        "mentoring:withdraw": PageRow("post", "/mentoring/{requested_id}/withdraw/", PAIR_WRITES),
        "mentoring:agreement": PageRow("get", PAIR + "/agreement/", PAIR_READS),
        "mentoring:goal_new": PageRow("get", PAIR + "/goals/new/", PAIR_READS),
        "mentoring:goal_status": PageRow(
            "post", PAIR + "/goals/{link_id}/status/", PAIR_WRITES, data={"status": "achieved"}
        ),
        "mentoring:check_in_new": PageRow("get", PAIR + "/check-ins/new/", PAIR_READS),
        "mentoring:check_in": PageRow("get", CHECK_IN + "/", PAIR_READS),
        "mentoring:check_in_edit": PageRow("get", CHECK_IN + "/edit/", PAIR_READS),
        "mentoring:check_in_record": PageRow(
            "post",
            PAIR + "/check-ins/{held_id}/record/",
            PAIR_WRITES,
            data={"progress_rating": "4", "mood": "4"},
        ),
        "mentoring:check_in_cancel": PageRow("post", CHECK_IN + "/cancel/", PAIR_WRITES),
        "mentoring:check_in_invite": PageRow("get", CHECK_IN + "/invite.ics", PAIR_READS),
        "mentoring:close": PageRow("get", PAIR + "/close/", PAIR_READS),
        "mentoring:feedback": PageRow("get", "/mentoring/{closed_id}/feedback/", PAIR_READS),
    },
    builders=[mentoring_subject],
)


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    TABLE.check(client, org, route, role)


def test_a_check_in_is_not_reachable_through_another_pair(client: Client, org: Org) -> None:
    """The check-in exists and the viewer is in both pairs, but it belongs to the other one."""
    made = mentoring_subject.build(org)
    client.force_login(org.owner.user)

    response = client.get(f"/mentoring/{made['closed_id']}/check-ins/{made['check_in_id']}/")

    assert response.status_code == 404
