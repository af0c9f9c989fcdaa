"""Goals (private to the person, their managers and admins) and teams over the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.people.models import Goal, GoalStatus
from peerlearn.people.services import goal_create, person_deactivate
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem, error_fields
from peerlearn.people.tests.factories import make_person, make_team

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


# --- goals ----------------------------------------------------------------------------------


def test_owner_sets_a_goal_for_a_skill(org: Org) -> None:
    response = ApiClient(org.owner).post(
        f"/people/{org.owner.id}/goals",
        {"title": "Write a query planner talk", "skill": "sql", "target_level": 3},
    )

    assert response.status_code == 201, response.content
    assert body(response)["skill"]["slug"] == "sql"
    assert body(response)["status"] == "open"
    assert Goal.objects.get().person == org.owner


@pytest.mark.parametrize(("who", "status"), [("manager", 200), ("admin", 200), ("owner", 200)])
def test_goals_are_read_by_the_person_their_managers_and_admins(
    org: Org, who: str, status: int
) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL")

    listed = ApiClient(getattr(org, who)).get(f"/people/{org.owner.id}/goals")
    detail = ApiClient(getattr(org, who)).get(f"/goals/{goal.id}")

    assert listed.status_code == detail.status_code == status
    assert [g["title"] for g in body(listed)["items"]] == ["Learn SQL"]


@pytest.mark.parametrize("who", ["peer", "outsider"])
def test_goals_are_missing_for_colleagues(org: Org, who: str) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL")
    api = ApiClient(getattr(org, who))

    assert_problem(api.get(f"/people/{org.owner.id}/goals"), 404)
    assert_problem(api.get(f"/goals/{goal.id}"), 404)
    assert_problem(api.patch(f"/goals/{goal.id}", {"title": "Hacked"}), 404)
    assert_problem(api.delete(f"/goals/{goal.id}"), 404)
    assert_problem(api.post(f"/people/{org.owner.id}/goals", {"title": "Planted"}), 404)
    assert list(Goal.objects.values_list("title", flat=True)) == ["Learn SQL"]


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_and_admins_read_goals_but_do_not_change_them(org: Org, who: str) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL")
    api = ApiClient(getattr(org, who))

    assert_problem(api.patch(f"/goals/{goal.id}", {"title": "Their goal"}), 403)
    assert_problem(api.delete(f"/goals/{goal.id}"), 403)
    assert_problem(api.post(f"/people/{org.owner.id}/goals", {"title": "Another"}), 403)
    assert list(Goal.objects.values_list("title", flat=True)) == ["Learn SQL"]


def test_owner_achieves_a_goal_and_that_is_recorded(org: Org) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL", skill=org.sql)

    response = ApiClient(org.owner).patch(f"/goals/{goal.id}", {"status": "achieved"})

    assert response.status_code == 200, response.content
    goal.refresh_from_db()
    assert (goal.status, goal.title, goal.skill) == (GoalStatus.ACHIEVED, "Learn SQL", org.sql)
    assert LearningActivity.objects.filter(action="goal.achieved").count() == 1


def test_goal_patch_clears_optional_fields_and_refuses_bad_ones(org: Org) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL", skill=org.sql, target_level=3)
    api = ApiClient(org.owner)

    cleared = api.patch(f"/goals/{goal.id}", {"skill": None, "target_level": None})
    null_title = api.patch(f"/goals/{goal.id}", {"title": None})
    bad_status = api.patch(f"/goals/{goal.id}", {"status": "forgotten"})
    bad_skill = api.patch(f"/goals/{goal.id}", {"skill": "cobol"})

    assert body(cleared)["skill"] is None
    assert body(cleared)["target_level"] is None
    assert error_fields(null_title) == {"title"}
    assert error_fields(bad_status) == {"status"}
    assert error_fields(bad_skill) == {"skill"}


def test_owner_deletes_a_goal(org: Org) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL")

    response = ApiClient(org.owner).delete(f"/goals/{goal.id}")

    assert response.status_code == 204
    assert not Goal.objects.exists()
    assert not LearningActivity.objects.filter(action="goal.set").exists()


def test_goal_list_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.manager)
    goal_create(person=org.owner, title="First", skill=org.sql)
    api.get(f"/people/{org.owner.id}/goals")

    with CaptureQueriesContext(connection) as few:
        api.get(f"/people/{org.owner.id}/goals?page_size=100")
    for n in range(30):
        goal_create(person=org.owner, title=f"Goal {n}", skill=org.python)
    with CaptureQueriesContext(connection) as many:
        response = api.get(f"/people/{org.owner.id}/goals?page_size=100")

    assert body(response)["count"] == 31
    assert len(many) == len(few)


def test_goals_of_someone_who_left_are_missing_for_their_manager(org: Org) -> None:
    goal = goal_create(person=org.owner, title="Learn SQL")
    person_deactivate(person=org.owner)

    assert_problem(ApiClient(org.manager).get(f"/goals/{goal.id}"), 404)
    assert ApiClient(org.admin).get(f"/goals/{goal.id}").status_code == 200


# --- teams ----------------------------------------------------------------------------------


def test_teams_come_as_a_tree_with_member_counts(org: Org) -> None:
    items = body(ApiClient(org.owner).get("/teams"))["items"]

    assert [(t["name"], t["depth"], t["member_count"]) for t in items] == [
        ("Engineering", 0, 0),
        ("Platform", 1, 3),
        ("Sales", 0, 2),
    ]
    assert items[1]["parent_id"] == items[0]["id"]


def test_team_detail_by_slug_or_id(org: Org) -> None:
    api = ApiClient(org.owner)
    platform = org.owner.team
    assert platform is not None

    by_slug = body(api.get("/teams/engineering"))
    by_id = body(api.get(f"/teams/{platform.id}"))

    assert [child["slug"] for child in by_slug["children"]] == ["platform"]
    assert (by_id["parent"]["slug"], by_id["member_count"]) == ("engineering", 3)
    assert_problem(api.get("/teams/nowhere"), 404)


def test_team_members_include_sub_teams_unless_asked_not_to(org: Org) -> None:
    api = ApiClient(org.owner)
    make_person("Eve Engineer", team=org.owner.team.parent if org.owner.team else None)

    everyone = body(api.get("/teams/engineering/members"))["items"]
    direct = body(api.get("/teams/engineering/members?include_subteams=false"))["items"]

    assert [p["full_name"] for p in everyone] == [
        "Eve Engineer",
        "Mona Manager",
        "Olive Owner",
        "Piet Peer",
    ]
    assert [p["full_name"] for p in direct] == ["Eve Engineer"]


def test_team_list_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.owner)
    api.get("/teams")

    with CaptureQueriesContext(connection) as few:
        api.get("/teams?page_size=100")
    parent = make_team("Operations")
    for n in range(30):
        make_person(team=make_team(f"Squad {n:02}", parent=parent))
    with CaptureQueriesContext(connection) as many:
        response = api.get("/teams?page_size=100")

    assert body(response)["count"] == 34
    assert len(many) == len(few)
