"""The role table of the web pages: every route × every role, with the expected answer.

A route without a row fails `test_every_page_route_has_a_row`, so a new page cannot ship
without deciding who may use it. Denials answer 404 (no existence leak); the one 403 is
endorsing yourself, which hides nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import Org
from peerlearn.activities.models import ActivityFormat, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.services import endorsement_create, goal_create, person_skill_set

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "peer", "outsider", "manager", "admin")
# Pages another engineer owns and tests with their own table.
NOT_IN_THIS_TABLE = {"people:import"}


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[Org, dict[str, str]], str]
    expected: dict[str, int]
    data: Callable[[dict[str, str]], dict[str, str]] = lambda objects: {}


def everyone(status: int = 200) -> dict[str, int]:
    return {"anonymous": 302, **dict.fromkeys(ROLES[1:], status)}


def only(allowed: dict[str, int], denied: int = 404) -> dict[str, int]:
    return {"anonymous": 302, **{role: allowed.get(role, denied) for role in ROLES[1:]}}


OWNER_OR_ADMIN = {"owner": 200, "admin": 200}
OWNER_OR_ADMIN_WRITE = {"owner": 302, "admin": 302}

TABLE: dict[str, Row] = {
    "core:home": Row("get", lambda org, o: reverse("core:home"), everyone()),
    "people:directory": Row("get", lambda org, o: reverse("people:directory"), everyone()),
    "people:detail": Row(
        "get", lambda org, o: reverse("people:detail", args=[org.owner.id]), everyone()
    ),
    "people:endorse": Row(
        "post",
        lambda org, o: reverse("people:endorse", args=[org.owner.id, o["edge"]]),
        only({"owner": 403}, denied=302),
    ),
    "people:unendorse": Row(
        "post",
        lambda org, o: reverse("people:unendorse", args=[org.owner.id, o["edge"]]),
        only({"owner": 403, "peer": 302}),  # only the peer has endorsed it
    ),
    "people:edit_profile": Row(
        "get",
        lambda org, o: f"{reverse('people:edit_profile')}?person={org.owner.id}",
        only(OWNER_OR_ADMIN),
    ),
    "people:edit_skills": Row(
        "get",
        lambda org, o: f"{reverse('people:edit_skills')}?person={org.owner.id}",
        only(OWNER_OR_ADMIN),
    ),
    "people:skill_suggest": Row(
        "get", lambda org, o: f"{reverse('people:skill_suggest')}?skill=py", everyone()
    ),
    "people:skill_update": Row(
        "post",
        lambda org, o: reverse("people:skill_update", args=[o["edge"]]),
        only(OWNER_OR_ADMIN_WRITE),
        data=lambda o: {f"s-{o['edge']}-level": "4"},
    ),
    "people:skill_remove": Row(
        "post",
        lambda org, o: reverse("people:skill_remove", args=[o["edge"]]),
        only(OWNER_OR_ADMIN_WRITE),
    ),
    "people:goals": Row(
        "get",
        lambda org, o: f"{reverse('people:goals')}?person={org.owner.id}",
        only(OWNER_OR_ADMIN),
    ),
    "people:goal_edit": Row(
        "get", lambda org, o: reverse("people:goal_edit", args=[o["goal"]]), only(OWNER_OR_ADMIN)
    ),
    "people:goal_status": Row(
        "post",
        lambda org, o: reverse("people:goal_status", args=[o["goal"]]),
        only(OWNER_OR_ADMIN_WRITE),
        data=lambda o: {"status": "achieved"},
    ),
    "people:goal_remove": Row(
        "post",
        lambda org, o: reverse("people:goal_remove", args=[o["goal"]]),
        only(OWNER_OR_ADMIN_WRITE),
    ),
    "people:skills": Row("get", lambda org, o: reverse("people:skills"), everyone()),
    "people:skill_detail": Row(
        "get", lambda org, o: reverse("people:skill_detail", args=["python"]), everyone()
    ),
    "people:teams": Row("get", lambda org, o: reverse("people:teams"), everyone()),
    "people:team_detail": Row(
        "get", lambda org, o: reverse("people:team_detail", args=["platform"]), everyone()
    ),
    "people:my_team": Row("get", lambda org, o: reverse("people:my_team"), only({"manager": 200})),
    "activities:mine": Row("get", lambda org, o: reverse("activities:mine"), everyone()),
    "activities:detail": Row(
        "get",
        lambda org, o: reverse("activities:detail", args=[o["activity"]]),
        # a private check-in of the owner with the outsider: the manager and the admin see
        # that it happened, the peer nothing
        only({"owner": 200, "outsider": 200, "manager": 200, "admin": 200}),
    ),
}


def page_route_names() -> set[str]:
    names = set()
    for namespace in ("core", "people", "activities"):
        for pattern in get_resolver().url_patterns:
            if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
                names |= {
                    f"{namespace}:{p.name}"
                    for p in pattern.url_patterns
                    if isinstance(p, URLPattern) and p.name
                }
    return names - NOT_IN_THIS_TABLE


def test_every_page_route_has_a_row() -> None:
    assert page_route_names() == set(TABLE)


def objects_for(org: Org) -> dict[str, str]:
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    row = TABLE[route]
    objects = objects_for(org)
    if role != "anonymous":
        client.force_login(getattr(org, role).user)
    url = row.url(org, objects)
    response = getattr(client, row.method)(url, row.data(objects))
    assert response.status_code == row.expected[role], (route, role, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
