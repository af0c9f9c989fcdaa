"""The role table of matching: every page route and API operation × every role, with the
expected answer (tests/role_table.py; tests/test_route_coverage.py fails on a route or operation
without a row).

The owner (Olive) is the seeker of a published match whose provider is the peer (Piet); the
manager manages both but sees only their team's statuses; the admin runs the rounds; the
outsider has nothing to do with any of it; a colleague who left is sent to sign in (401 on the
API). Whoever may not see a match or a round gets the same 404, byte for byte, as for one that
does not exist.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Org
from peerlearn.matching import services
from peerlearn.matching.models import Match
from peerlearn.matching.tests.factories import (
    learner,
    make_round,
    published_round,
    skills_for_mentoring,
)
from peerlearn.people.tests.api_helpers import API, bearer
from tests.role_table import (
    ApiRow,
    ApiTable,
    PageRow,
    PageTable,
    assert_same_as_missing,
    everyone,
    pages,
    provides,
    with_made_up_ids,
)

pytestmark = pytest.mark.django_db


@provides("match_id", "draft_id", "rule_id")
def matching_subject(org: Org) -> dict[str, str]:
    """A published round matching the owner with the peer, and a draft round (run, so it holds a
    proposal nobody but the admin sees) with a rule keeping the owner from the outsider."""
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
    return {"match_id": str(match.id), "draft_id": str(draft.id), "rule_id": str(rule.id)}


@provides("wanted_skill")
def wanted_skill(org: Org) -> dict[str, str]:
    """A skill the owner wants to learn and others teach: what a new mentoring round needs."""
    skills_for_mentoring(org)
    return {"wanted_skill": org.sql.slug}


# --- pages --------------------------------------------------------------------------------------

MATCH = "/matching/matches/{match_id}"
ROUND = "/matching/rounds/{draft_id}"
MEMBERS_AND_ADMIN = pages(owner=200, peer=200, admin=200)
MEMBERS_ANSWER = pages(owner=302, peer=302)
ADMIN_PAGE = pages(admin=200)
ADMIN_ACTION = pages(admin=302)

PAGE_TABLE = PageTable(
    rows={
        "matching:mine": PageRow("get", "/matching/", everyone()),
        "matching:suggestions": PageRow("get", "/matching/suggestions/", everyone()),
        "matching:team": PageRow("get", "/matching/team/", pages(manager=200)),
        "matching:match": PageRow("get", MATCH + "/", MEMBERS_AND_ADMIN),
        "matching:match_answer": PageRow(
            "post", MATCH + "/answer/", MEMBERS_ANSWER, data={"answer": "accept"}
        ),
        "matching:rounds": PageRow("get", "/matching/rounds/", ADMIN_PAGE),
        "matching:round_new": PageRow("get", "/matching/rounds/new/?format=coffee", ADMIN_PAGE),
        "matching:round": PageRow("get", ROUND + "/", ADMIN_PAGE),
        "matching:round_edit": PageRow("get", ROUND + "/edit/", ADMIN_PAGE),
        "matching:round_run": PageRow("post", ROUND + "/run/", ADMIN_ACTION),
        "matching:round_progress": PageRow("get", ROUND + "/progress/", ADMIN_ACTION),
        "matching:round_rule_add": PageRow(
            "post",
            ROUND + "/rules/",
            ADMIN_ACTION,
            data={"kind": "must", "seeker": "owner@example.com", "provider": "peer@example.com"},
        ),
        "matching:round_rule_remove": PageRow(
            "post", ROUND + "/rules/{rule_id}/remove/", ADMIN_ACTION
        ),
        "matching:round_publish": PageRow("post", ROUND + "/publish/", ADMIN_ACTION),
        "matching:round_config": PageRow("get", ROUND + "/config.json", ADMIN_PAGE),
    },
    builders=[matching_subject],
)


@pytest.mark.parametrize(("route", "role"), PAGE_TABLE.cases())
def test_page_role_table(client: Client, org: Org, route: str, role: str) -> None:
    PAGE_TABLE.check(client, org, route, role)


def test_a_match_answered_by_both_is_no_longer_answerable(client: Client, org: Org) -> None:
    made = matching_subject.build(org)
    for person in (org.owner, org.peer):
        client.force_login(person.user)
        client.post(f"/matching/matches/{made['match_id']}/answer/", {"answer": "accept"})

    response = client.get(f"/matching/matches/{made['match_id']}/")

    assert "Your answer" not in response.content.decode()
    assert "Everyone accepted" in response.content.decode()


# --- the API ------------------------------------------------------------------------------------

EVERYONE_API = (401, 401, 200, 200, 200, 200, 200)
ADMIN_COLLECTION = (401, 401, 403, 403, 403, 403, 200)
ADMIN_CREATES = (401, 401, 403, 403, 403, 403, 201)
ADMIN_ROUND = (401, 401, 404, 404, 404, 404, 200)
ADMIN_ROUND_CREATES = (401, 401, 404, 404, 404, 404, 201)
ADMIN_ROUND_DELETES = (401, 401, 404, 404, 404, 404, 204)
MEMBERS_READ = (401, 401, 200, 200, 404, 404, 200)
MEMBERS_WRITE = (401, 401, 200, 200, 404, 404, 403)
MANAGERS = (401, 401, 403, 403, 403, 200, 403)
API_ROUND = "/matching/rounds/{draft_id}"
API_MATCH = "/matching/matches/{match_id}"

API_TABLE = ApiTable(
    rows={
        ("GET", "/matching/rounds"): ApiRow(None, ADMIN_COLLECTION),
        ("POST", "/matching/rounds"): ApiRow(
            {"name": "New", "format": "mentoring", "seekers": {"skills": ["{wanted_skill}"]}},
            ADMIN_CREATES,
        ),
        ("GET", API_ROUND): ApiRow(None, ADMIN_ROUND),
        ("PATCH", API_ROUND): ApiRow({"name": "Renamed"}, ADMIN_ROUND),
        ("POST", API_ROUND + "/run"): ApiRow(None, ADMIN_ROUND),
        ("GET", API_ROUND + "/matches"): ApiRow(None, ADMIN_ROUND),
        ("POST", API_ROUND + "/rules"): ApiRow(
            {"kind": "must", "seeker": "owner@example.com", "provider": "peer@example.com"},
            ADMIN_ROUND_CREATES,
        ),
        ("DELETE", API_ROUND + "/rules/{rule_id}"): ApiRow(None, ADMIN_ROUND_DELETES),
        ("POST", API_ROUND + "/publish"): ApiRow(None, ADMIN_ROUND),
        ("GET", "/matching/me/matches"): ApiRow(None, EVERYONE_API),
        ("GET", "/matching/me/suggestions"): ApiRow(None, EVERYONE_API),
        ("GET", API_MATCH): ApiRow(None, MEMBERS_READ),
        ("POST", API_MATCH + "/accept"): ApiRow({}, MEMBERS_WRITE),
        ("POST", API_MATCH + "/decline"): ApiRow({"message": "No"}, MEMBERS_WRITE),
        ("GET", "/matching/team/matches"): ApiRow(None, MANAGERS),
    },
    builders=[matching_subject, wanted_skill],
)


@pytest.mark.parametrize(("operation", "role"), API_TABLE.cases())
def test_api_role_table(org: Org, operation: tuple[str, str], role: str) -> None:
    API_TABLE.check(org, operation, role)


def test_nobody_but_the_admin_sees_a_proposal(org: Org) -> None:
    """A draft round's proposed match answers 404 even to the people in it, the same 404 as for
    a match that does not exist."""
    matching_subject.build(org)
    proposed = Match.objects.select_related("seeker", "provider").get(round__name="Draft")
    assert proposed.seeker is not None
    assert proposed.provider is not None
    api_path = f"{API}/matching/matches/{proposed.id}"
    page_path = f"/matching/matches/{proposed.id}/"

    missing_api_path = with_made_up_ids(api_path)
    missing_page_path = with_made_up_ids(page_path)
    assert missing_api_path is not None
    assert missing_page_path is not None

    for person in (proposed.seeker, proposed.provider, org.manager):
        headers = bearer(person)
        denied = Client().get(api_path, **headers)
        assert denied.status_code == 404
        assert_same_as_missing(denied, Client().get(missing_api_path, **headers))
        page = Client()
        page.force_login(person.user)
        denied_page = page.get(page_path)
        assert denied_page.status_code == 404
        assert_same_as_missing(denied_page, page.get(missing_page_path))
    admin = Client().get(api_path, **bearer(org.admin))
    assert admin.status_code == 200
