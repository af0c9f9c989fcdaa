"""The role table of the onboarding pages: every route × every role, with the expected answer
(tests/role_table.py; the API has its rows in peerlearn/mentoring/tests/test_api_roles.py).

The owner is the new starter and the peer their buddy (peerlearn/onboarding/tests/subjects.py);
the manager manages the owner and, like the admin, sees the checklist progress and milestone
dates, adds items and chooses the buddy, but never ticks items or records a check-in: that is
the pair's work. The check-in invitations are the pair's alone. Plans and the programme page
are the admin's. The outsider sees nothing: the same 404 as for an onboarding that does not
exist.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Org
from peerlearn.onboarding import services
from peerlearn.onboarding.models import TemplateItem
from peerlearn.onboarding.tests.subjects import onboarding_subject
from tests.role_table import PageRow, PageTable, everyone, pages

pytestmark = pytest.mark.django_db

ONBOARDING = "/onboarding/{onboarding_id}"
PLAN = "/onboarding/plans/{template_id}"
PAIR_READS = pages(owner=200, peer=200)
PAIR_WRITES = pages(owner=302, peer=302)
PAIR_AND_OVERSEERS = pages(owner=200, peer=200, manager=200, admin=200)
OVERSEERS = pages(manager=200, admin=200)
ADMIN_READS = pages(admin=200)

TABLE = PageTable(
    rows={
        "onboarding:mine": PageRow("get", "/onboarding/", everyone()),
        # anyone may offer to welcome new starters
        "onboarding:volunteer": PageRow(
            "post",
            "/onboarding/buddy-pool/",
            everyone(302),
            data={"is_available": "on", "max_new_starters": "2", "note": "Happy to help"},
        ),
        # managers start onboarding for their people, admins for anyone
        "onboarding:start": PageRow("get", "/onboarding/start/", OVERSEERS),
        "onboarding:programme": PageRow("get", "/onboarding/programme/", ADMIN_READS),
        "onboarding:templates": PageRow("get", "/onboarding/plans/", ADMIN_READS),
        "onboarding:template": PageRow("get", PLAN + "/", ADMIN_READS),
        "onboarding:template_item_remove": PageRow(
            "post", PLAN + "/items/{template_item_id}/remove/", pages(admin=302)
        ),
        "onboarding:detail": PageRow("get", ONBOARDING + "/", PAIR_AND_OVERSEERS),
        # choosing the buddy is for the new starter's managers and admins, not the pair
        "onboarding:buddy": PageRow("get", ONBOARDING + "/buddy/", OVERSEERS),
        # the buddy adds to the checklist too; the new starter works it, not writes it
        "onboarding:item_new": PageRow(
            "get", ONBOARDING + "/items/new/", pages(peer=200, manager=200, admin=200)
        ),
        "onboarding:item_toggle": PageRow(
            "post", ONBOARDING + "/items/{item_id}/toggle/", PAIR_WRITES, data={"done": "1"}
        ),
        # overseers see a check-in's date and status (never the new starter's answer)
        "onboarding:milestone": PageRow(
            "get", ONBOARDING + "/milestones/{day1_id}/", PAIR_AND_OVERSEERS
        ),
        "onboarding:milestone_invite": PageRow(
            "get", ONBOARDING + "/milestones/{day90_id}/invite.ics", PAIR_READS
        ),
    },
    builders=[onboarding_subject],
)


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    TABLE.check(client, org, route, role)


def test_a_plan_item_is_not_removed_through_another_plan(client: Client, org: Org) -> None:
    """The item exists and the admin may edit both plans, but it belongs to the other one."""
    made = onboarding_subject.build(org)
    other = services.onboarding_template_create(name="Sales")
    client.force_login(org.admin.user)

    response = client.post(f"/onboarding/plans/{other.id}/items/{made['template_item_id']}/remove/")

    assert response.status_code == 404
    assert TemplateItem.objects.filter(pk=made["template_item_id"]).exists()
