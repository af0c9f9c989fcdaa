"""The role table of the home page, people, skills, teams, the learning record, the
organisation import and the API's own documents: every route × every role, with the expected
answer (tests/role_table.py); tests/test_route_coverage.py fails on a route without a row.

Denials answer 404 (no existence leak); the one 403 is endorsing yourself, which hides nothing.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Org
from peerlearn.activities.models import ActivityFormat, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.services import endorsement_create, goal_create, person_skill_set
from tests.role_table import ROLES, PageRow, PageTable, everyone, pages, provides

pytestmark = pytest.mark.django_db

OWNER_OR_ADMIN = pages(owner=200, admin=200)
OWNER_OR_ADMIN_WRITE = pages(owner=302, admin=302)
# The API describes itself to anyone: the document names operations, never data.
PUBLIC = dict.fromkeys(ROLES, 200)


@provides("edge", "goal", "activity")
def owner_things(org: Org) -> dict[str, str]:
    """The owner's Python skill endorsed by the peer, a goal, and a private check-in of the
    owner with the outsider."""
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    endorsement_create(endorser=org.peer, person_skill=edge)
    goal = goal_create(person=org.owner, title="Ship it")
    activity = activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title="Private check-in",
        participants=[
            Participant(person=org.owner, role=ParticipantRole.MENTEE),
            Participant(person=org.outsider, role=ParticipantRole.MENTOR),
        ],
    )
    return {"edge": str(edge.id), "goal": str(goal.id), "activity": str(activity.id)}


TABLE = PageTable(
    rows={
        "core:home": PageRow("get", "/", everyone()),
        "people:directory": PageRow("get", "/people/", everyone()),
        "people:detail": PageRow("get", "/people/{owner_id}/", everyone()),
        "people:endorse": PageRow(
            "post", "/people/{owner_id}/skills/{edge}/endorse/", pages(default=302, owner=403)
        ),
        "people:unendorse": PageRow(
            "post",
            "/people/{owner_id}/skills/{edge}/unendorse/",
            pages(owner=403, peer=302),  # only the peer has endorsed it
        ),
        "people:edit_profile": PageRow("get", "/me/profile/?person={owner_id}", OWNER_OR_ADMIN),
        "people:edit_skills": PageRow("get", "/me/skills/?person={owner_id}", OWNER_OR_ADMIN),
        "people:skill_suggest": PageRow("get", "/me/skills/suggest/?skill=py", everyone()),
        "people:skill_update": PageRow(
            "post", "/me/skills/{edge}/", OWNER_OR_ADMIN_WRITE, data={"s-{edge}-level": "4"}
        ),
        "people:skill_remove": PageRow("post", "/me/skills/{edge}/remove/", OWNER_OR_ADMIN_WRITE),
        "people:goals": PageRow("get", "/me/goals/?person={owner_id}", OWNER_OR_ADMIN),
        "people:goal_edit": PageRow("get", "/me/goals/{goal}/", OWNER_OR_ADMIN),
        "people:goal_status": PageRow(
            "post", "/me/goals/{goal}/status/", OWNER_OR_ADMIN_WRITE, data={"status": "achieved"}
        ),
        "people:goal_remove": PageRow("post", "/me/goals/{goal}/delete/", OWNER_OR_ADMIN_WRITE),
        "people:skills": PageRow("get", "/skills/", everyone()),
        "people:skill_detail": PageRow("get", "/skills/python/", everyone()),
        "people:teams": PageRow("get", "/teams/", everyone()),
        "people:team_detail": PageRow("get", "/teams/platform/", everyone()),
        "people:my_team": PageRow("get", "/my-team/", pages(manager=200)),
        "people:import": PageRow("get", "/organisation/import/", pages(admin=200)),
        "activities:mine": PageRow("get", "/learning/", everyone()),
        # the private check-in of the owner with the outsider: the manager and the admin see
        # that it happened, the peer nothing
        "activities:detail": PageRow(
            "get",
            "/learning/{activity}/",
            pages(owner=200, outsider=200, manager=200, admin=200),
        ),
        "api:openapi-json": PageRow("get", "/api/v1/openapi.json", PUBLIC),
        "api:openapi-view": PageRow("get", "/api/v1/docs", PUBLIC),
    },
    builders=[owner_things],
)


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    TABLE.check(client, org, route, role)
