"""The matching API: rounds for programme admins, matches and suggestions for everyone else;
every refused input a 422 problem naming the field; lists that cost the same for 3 or 30."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Org
from peerlearn.matching.models import Match, MatchingRound, MatchStatus
from peerlearn.matching.tests.factories import (
    coffee_rounds,
    groups_round,
    pairs_round,
    published_round,
    skills_for_mentoring,
    teacher,
)
from peerlearn.mentoring.models import Mentorship, MentorshipStatus
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem, error_fields

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def test_an_admin_creates_runs_pins_and_publishes_a_round(org: Org) -> None:
    skills_for_mentoring(org)
    teacher("Tom Teacher", org.sql)
    admin = ApiClient(org.admin)

    created = admin.post(
        "/matching/rounds",
        {
            "name": "Spring mentoring",
            "format": "mentoring",
            "weights": {"cross_team": 0.5},
            "places_per_provider": 1,
            "constraints": {"max_timezone_difference_hours": 8},
        },
    )
    assert created.status_code == 201, created.content
    round_id = body(created)["id"]
    assert body(created)["config"]["weights"]["cross_team"] == 0.5
    assert body(created)["config"]["weights"]["skills"] == 1.0  # the format's default
    assert body(created)["summary"][0] == "Mentees: everyone active who wants to learn something."

    ran = admin.post(f"/matching/rounds/{round_id}/run")
    assert ran.status_code == 200
    assert body(ran)["proposal_current"] is True
    assert body(ran)["stats"]["coverage"] == 1.0

    matches = body(admin.get(f"/matching/rounds/{round_id}/matches"))
    [pair] = matches["items"]
    assert pair["status"] == "proposed"
    assert pair["explanation"]
    assert sum(c["contribution"] for c in pair["criteria"]) == pytest.approx(pair["score"])

    pinned = admin.post(
        f"/matching/rounds/{round_id}/rules",
        {"kind": "must", "seeker": org.owner.user.email, "provider": "Tom Teacher".lower()},
    )
    assert_problem(pinned, 422)
    pinned = admin.post(
        f"/matching/rounds/{round_id}/rules",
        {"kind": "must", "seeker": org.owner.user.email, "provider": org.outsider.user.email},
    )
    assert pinned.status_code == 201
    stale = admin.post(f"/matching/rounds/{round_id}/publish")
    assert "out of date" in assert_problem(stale, 422)["errors"][0]["message"]
    admin.post(f"/matching/rounds/{round_id}/run")
    published = admin.post(f"/matching/rounds/{round_id}/publish")

    assert published.status_code == 200
    assert body(published)["status"] == "published"
    assert Match.objects.get(round_id=round_id).provider == org.outsider


def test_people_accept_and_decline_their_own_matches(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = published_round(org, config={"places_per_provider": 1})
    olive, piet = ApiClient(org.owner), ApiClient(org.peer)

    [mine] = body(olive.get("/matching/me/matches"))["items"]
    assert mine["provider"]["full_name"] == "Piet Peer"
    assert [m["response"] for m in mine["members"]] == ["pending", "pending"]

    declined = piet.post(f"/matching/matches/{mine['id']}/decline", {"message": "Full"})
    assert declined.status_code == 200
    assert body(declined)["match"]["status"] == "declined"
    assert body(declined)["replacement"] is None  # Piet is not in Olive's new match

    [new, old] = body(olive.get("/matching/me/matches"))["items"]
    assert (new["status"], new["provider"]["full_name"]) == ("offered", "Oscar Outsider")
    assert new["replaces_id"] == old["id"]
    assert old["status"] == "declined"
    ApiClient(org.outsider).post(f"/matching/matches/{new['id']}/accept", {})
    accepted = olive.post(f"/matching/matches/{new['id']}/accept", {"message": "Thanks"})

    assert accepted.status_code == 200
    assert body(accepted)["status"] == "accepted"
    mentorship = Mentorship.objects.get(mentee=org.owner)
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert body(accepted)["outcome_url"] == f"/mentoring/{mentorship.id}/"
    again = olive.post(f"/matching/matches/{new['id']}/decline", {})
    assert "already accepted" in assert_problem(again, 422)["errors"][0]["message"]
    assert matching_round.matches.count() == 2


def test_suggestions_are_ranked_explained_and_linked(org: Org) -> None:
    skills_for_mentoring(org)

    response = ApiClient(org.owner).get("/matching/me/suggestions?format=mentoring")

    items = body(response)["items"]
    assert [i["person"]["full_name"] for i in items] == ["Piet Peer", "Oscar Outsider"]
    assert items[0]["request_url"] == f"/mentoring/request/?mentor={org.peer.id}"
    assert items[0]["score"] > items[1]["score"]
    bad = ApiClient(org.owner).get("/matching/me/suggestions?format=coffee")
    assert error_fields(bad) == {"format"}


# --- bad input -----------------------------------------------------------------------------------


def create(org: Org, **fields: Any) -> Any:
    payload = {"name": "Round", "format": "mentoring", **fields}
    return ApiClient(org.admin).post("/matching/rounds", payload)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"weights": {"role": -1}}, "weights.role", "cannot be negative"),
        ({"places_per_provider": 0}, "places_per_provider", "from 1 to 50 places"),
        ({"seekers": {"skills": ["python"]}}, "seekers", "nobody to match"),
        ({"seekers": {"teams": ["nowhere"]}}, "seekers.teams", "There is no team “nowhere”."),
        (
            {"must_pairs": [{"seeker": "owner@example.com", "provider": "zed@example.com"}]},
            "must_pairs",
            "nobody active has the e-mail or id “zed@example.com”",
        ),
        (
            {"providers": {"people": ["00000000-0000-0000-0000-000000000000"]}},
            "providers.people",
            "no active person",
        ),
        ({"name": " "}, "name", "Give the round a name"),
        ({"level_gap_min": 2, "level_gap_max": 1}, "level_gap_max", "at least the smallest"),
    ],
)
def test_a_bad_configuration_is_a_422_naming_the_field(
    org: Org, fields: dict[str, Any], field: str, message: str
) -> None:
    skills_for_mentoring(org)

    problem = assert_problem(create(org, **fields), 422)

    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert field in messages, messages
    assert message in messages[field]
    assert not MatchingRound.objects.exists()


def test_nan_and_infinite_weights_sent_as_json_are_refused(org: Org) -> None:
    skills_for_mentoring(org)
    raw = '{"name": "R", "format": "mentoring", "weights": {"skills": NaN, "role": Infinity}}'

    response = ApiClient(org.admin).client.post(
        "/api/v1/matching/rounds",
        raw,
        content_type="application/json",
        **ApiClient(org.admin).headers,
    )

    problem = assert_problem(response, 422)
    assert {e["field"] for e in problem["errors"]} == {"weights.skills", "weights.role"}


def test_a_published_round_cannot_be_reconfigured(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = published_round(org)

    response = ApiClient(org.admin).patch(
        f"/matching/rounds/{matching_round.id}", {"weights": {"skills": 2}}
    )

    assert "published" in assert_problem(response, 422)["errors"][0]["message"]


def test_patching_merges_nested_settings(org: Org) -> None:
    skills_for_mentoring(org)
    round_id = body(create(org, weights={"role": 0.9}))["id"]

    response = ApiClient(org.admin).patch(
        f"/matching/rounds/{round_id}", {"weights": {"skills": 2}, "name": "Renamed"}
    )

    config = body(response)["config"]
    assert (config["weights"]["skills"], config["weights"]["role"]) == (2, 0.9)
    assert body(response)["name"] == "Renamed"
    assert body(response)["config_version"] == 2


# --- list endpoints cost the same for 3 or 30 rows ------------------------------------------------


@pytest.mark.parametrize(
    ("who", "path", "grow"),
    [
        ("admin", "/matching/rounds?page_size=100", coffee_rounds),
        ("admin", "/matching/rounds/{round}/matches?page_size=100", pairs_round),
        ("admin", "/matching/rounds/{round}/matches?page_size=100", groups_round),
        ("manager", "/matching/team/matches?page_size=100", pairs_round),
        ("owner", "/matching/me/matches?page_size=100", coffee_rounds),
    ],
)
def test_list_endpoints_cost_the_same_for_3_or_30_rows(
    org: Org, who: str, path: str, grow: Any
) -> None:
    skills_for_mentoring(org)
    client = ApiClient(getattr(org, who))

    def cost(matching_round: MatchingRound) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path.format(round=matching_round.id))
        assert response.status_code == 200
        return len(captured), len(body(response)["items"])

    few = grow(org, 3)
    cost(few)  # the token's first use of the day is recorded once
    few_queries, few_rows = cost(few)
    many_queries, many_rows = cost(grow(org, 30))

    assert few_rows >= 3
    assert many_rows >= 30
    assert many_queries == few_queries


def test_a_status_filter_that_is_not_a_status_is_ignored(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = published_round(org)

    response = ApiClient(org.admin).get(f"/matching/rounds/{matching_round.id}/matches?status=x")

    assert [m["status"] for m in body(response)["items"]] == [MatchStatus.OFFERED]
