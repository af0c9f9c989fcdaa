"""The role table of matching: every page route and API operation × every role, with the
expected answer. The owner (Olive) is the seeker of a published match whose provider is the peer
(Piet); the manager manages both but sees only their team's statuses; the admin runs the
rounds; the outsider has nothing to do with any of it. A route or operation without a row fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from conftest import Org
from peerlearn.matching import services
from peerlearn.matching.models import Match
from peerlearn.matching.tests.factories import (
    learner,
    make_round,
    published_round,
    skills_for_mentoring,
)
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.api_helpers import API, bearer
from peerlearn.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

PAGE_ROLES = ("anonymous", "owner", "peer", "outsider", "manager", "admin")


def subject(org: Org) -> dict[str, str]:
    skills_for_mentoring(org)
    published = published_round(org, name="Published", config={"places_per_provider": 1})
    match = Match.objects.get(round=published)
    assert (match.seeker, match.provider) == (org.owner, org.peer)
    learner("Lena Learner", org.sql)
    draft = make_round(org, name="Draft")
    rule = services.round_rule_add(
        matching_round=draft, kind="must_not", seeker=org.owner, provider=org.outsider,
        by=org.admin,
    )  # fmt: skip
    services.round_run(matching_round=draft)
    return {"match": str(match.id), "draft": str(draft.id), "rule": str(rule.id)}


# --- pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    expected: tuple[int, ...]  # in PAGE_ROLES order
    data: dict[str, str] | None = None


EVERYONE = (302, 200, 200, 200, 200, 200)
MEMBERS_AND_ADMIN = (302, 200, 200, 404, 404, 200)
MEMBERS_ANSWER = (302, 302, 302, 404, 404, 404)
ADMIN_PAGE = (302, 404, 404, 404, 404, 200)
ADMIN_ACTION = (302, 404, 404, 404, 404, 302)

PAGES: dict[str, Page] = {
    "matching:mine": Page("get", "/matching/", EVERYONE),
    "matching:suggestions": Page("get", "/matching/suggestions/", EVERYONE),
    "matching:team": Page("get", "/matching/team/", (302, 404, 404, 404, 200, 404)),
    "matching:match": Page("get", "/matching/matches/{match}/", MEMBERS_AND_ADMIN),
    "matching:match_answer": Page(
        "post", "/matching/matches/{match}/answer/", MEMBERS_ANSWER, {"answer": "accept"}
    ),
    "matching:rounds": Page("get", "/matching/rounds/", ADMIN_PAGE),
    "matching:round_new": Page("get", "/matching/rounds/new/?format=coffee", ADMIN_PAGE),
    "matching:round": Page("get", "/matching/rounds/{draft}/", ADMIN_PAGE),
    "matching:round_edit": Page("get", "/matching/rounds/{draft}/edit/", ADMIN_PAGE),
    "matching:round_run": Page("post", "/matching/rounds/{draft}/run/", ADMIN_ACTION),
    "matching:round_progress": Page("get", "/matching/rounds/{draft}/progress/", ADMIN_ACTION),
    "matching:round_rule_add": Page(
        "post",
        "/matching/rounds/{draft}/rules/",
        ADMIN_ACTION,
        {"kind": "must", "seeker": "owner@example.com", "provider": "peer@example.com"},
    ),
    "matching:round_rule_remove": Page(
        "post", "/matching/rounds/{draft}/rules/{rule}/remove/", ADMIN_ACTION
    ),
    "matching:round_publish": Page("post", "/matching/rounds/{draft}/publish/", ADMIN_ACTION),
    "matching:round_config": Page("get", "/matching/rounds/{draft}/config.json", ADMIN_PAGE),
}


def matching_route_names() -> set[str]:
    names: set[str] = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "matching":
            names |= {
                f"matching:{p.name}"
                for p in pattern.url_patterns
                if isinstance(p, URLPattern) and p.name
            }
    return names


def test_every_page_route_has_a_row() -> None:
    assert matching_route_names() == set(PAGES)


@pytest.mark.parametrize("role", PAGE_ROLES)
@pytest.mark.parametrize("route", sorted(PAGES))
def test_page_role_table(client: Client, org: Org, route: str, role: str) -> None:
    page = PAGES[route]
    ids = subject(org)
    if role != "anonymous":
        client.force_login(getattr(org, role).user)

    response = getattr(client, page.method)(page.path.format(**ids), page.data or {})

    assert response.status_code == page.expected[PAGE_ROLES.index(role)], (route, role)
    if role == "anonymous":
        assert response["Location"].startswith("/login/")


def test_a_match_answered_by_both_is_no_longer_answerable(client: Client, org: Org) -> None:
    ids = subject(org)
    for person in (org.owner, org.peer):
        client.force_login(person.user)
        client.post(f"/matching/matches/{ids['match']}/answer/", {"answer": "accept"})

    response = client.get(f"/matching/matches/{ids['match']}/")

    assert "Your answer" not in response.content.decode()
    assert "Everyone accepted" in response.content.decode()


# --- the API ------------------------------------------------------------------------------------

API_ROLES = ("anonymous", "left", "owner", "peer", "outsider", "manager", "admin")
EVERYONE_API = (401, 401, 200, 200, 200, 200, 200)
ADMIN_COLLECTION = (401, 401, 403, 403, 403, 403, 200)
ADMIN_CREATES = (401, 401, 403, 403, 403, 403, 201)
ADMIN_ROUND = (401, 401, 404, 404, 404, 404, 200)
ADMIN_ROUND_CREATES = (401, 401, 404, 404, 404, 404, 201)
ADMIN_ROUND_DELETES = (401, 401, 404, 404, 404, 404, 204)
MEMBERS_READ = (401, 401, 200, 200, 404, 404, 200)
MEMBERS_WRITE = (401, 401, 200, 200, 404, 404, 403)
MANAGERS = (401, 401, 403, 403, 403, 200, 403)

OPERATIONS: dict[tuple[str, str], tuple[dict[str, Any] | None, tuple[int, ...]]] = {
    ("GET", "/matching/rounds"): (None, ADMIN_COLLECTION),
    ("POST", "/matching/rounds"): ({"name": "New", "format": "mentoring"}, ADMIN_CREATES),
    ("GET", "/matching/rounds/{round_id}"): (None, ADMIN_ROUND),
    ("PATCH", "/matching/rounds/{round_id}"): ({"name": "Renamed"}, ADMIN_ROUND),
    ("POST", "/matching/rounds/{round_id}/run"): (None, ADMIN_ROUND),
    ("GET", "/matching/rounds/{round_id}/matches"): (None, ADMIN_ROUND),
    ("POST", "/matching/rounds/{round_id}/rules"): (
        {"kind": "must", "seeker": "owner@example.com", "provider": "peer@example.com"},
        ADMIN_ROUND_CREATES,
    ),
    ("DELETE", "/matching/rounds/{round_id}/rules/{rule_id}"): (None, ADMIN_ROUND_DELETES),
    ("POST", "/matching/rounds/{round_id}/publish"): (None, ADMIN_ROUND),
    ("GET", "/matching/me/matches"): (None, EVERYONE_API),
    ("GET", "/matching/me/suggestions"): (None, EVERYONE_API),
    ("GET", "/matching/matches/{match_id}"): (None, MEMBERS_READ),
    ("POST", "/matching/matches/{match_id}/accept"): ({}, MEMBERS_WRITE),
    ("POST", "/matching/matches/{match_id}/decline"): ({"message": "No"}, MEMBERS_WRITE),
    ("GET", "/matching/team/matches"): (None, MANAGERS),
}


def own_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path.removeprefix(API))
        for path, item in schema["paths"].items()
        for method, spec in item.items()
        if spec.get("operationId", "").startswith("peerlearn_matching_api")
    }


def test_every_operation_has_a_row() -> None:
    assert own_operations() == set(OPERATIONS)


def credentials(org: Org, role: str) -> dict[str, Any]:
    if role == "anonymous":
        return {}
    if role == "left":
        person = make_person("Lou Leaver")
        headers = bearer(person)
        person_deactivate(person=person)
        return headers
    return bearer(getattr(org, role))


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize(("method", "path"), list(OPERATIONS), ids=str)
def test_api_role_table(org: Org, method: str, path: str, role: str) -> None:
    body, statuses = OPERATIONS[(method, path)]
    ids = subject(org)
    values = {"round_id": ids["draft"], "rule_id": ids["rule"], "match_id": ids["match"]}

    response = Client().generic(
        method,
        API + path.format(**values),
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        **credentials(org, role),
    )

    expected = statuses[API_ROLES.index(role)]
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_nobody_but_the_admin_sees_a_proposal(org: Org) -> None:
    """A draft round's proposed match answers 404 even to the people in it."""
    subject(org)
    proposed = Match.objects.select_related("seeker", "provider").get(round__name="Draft")
    assert proposed.seeker is not None
    assert proposed.provider is not None

    for person in (proposed.seeker, proposed.provider, org.manager):
        response = Client().get(f"{API}/matching/matches/{proposed.id}", **bearer(person))
        assert response.status_code == 404
        page = Client()
        page.force_login(person.user)
        assert page.get(f"/matching/matches/{proposed.id}/").status_code == 404
    admin = Client().get(f"{API}/matching/matches/{proposed.id}", **bearer(org.admin))
    assert admin.status_code == 200
