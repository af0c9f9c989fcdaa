"""The learning-activity record over the API: only what the caller may see, never more."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Org
from peerlearn.activities.models import (
    ActivityFormat,
    ActivityVisibility,
    LearningActivity,
    ParticipantRole,
)
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.models import Person, Skill
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem, error_fields

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def mentoring(
    mentor: Person, mentee: Person, *, title: str = "Check-in: query plans", days_ago: int = 0
) -> LearningActivity:
    skill = Skill.objects.filter(slug="sql").first()
    return activity_record(
        skills=[skill] if skill else [],
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title=title,
        outcome="Mentee now reads EXPLAIN output alone.",
        rating=5,
        starts_at=timezone.now() - timedelta(days=days_ago),
        participants=[
            Participant(person=mentor, role=ParticipantRole.MENTOR),
            Participant(person=mentee, role=ParticipantRole.MENTEE),
        ],
    )


def talk(presenter: Person) -> LearningActivity:
    return activity_record(
        format=ActivityFormat.LUNCH_AND_LEARN,
        action="session.presented",
        title="Lunch talk: SQL window functions",
        visibility=ActivityVisibility.ORGANISATION,
        participants=[Participant(person=presenter, role=ParticipantRole.PRESENTER)],
    )


@pytest.fixture
def private_checkin(org: Org) -> LearningActivity:
    """A private mentoring check-in between the outsider (mentor) and the owner (mentee)."""
    return mentoring(org.outsider, org.owner)


def test_participants_see_the_content(org: Org, private_checkin: LearningActivity) -> None:
    item = body(ApiClient(org.owner).get(f"/activities/{private_checkin.id}"))

    assert item["access"] == "full"
    assert item["title"] == "Check-in: query plans"
    assert item["outcome"] == "Mentee now reads EXPLAIN output alone."
    assert item["rating"] == 5
    assert [skill["slug"] for skill in item["skills"]] == ["sql"]
    assert {(p["person"]["full_name"], p["role"]) for p in item["participants"]} == {
        ("Oscar Outsider", "mentor"),
        ("Olive Owner", "mentee"),
    }


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_and_admins_see_only_that_it_happened(
    org: Org, private_checkin: LearningActivity, who: str
) -> None:
    api = ApiClient(getattr(org, who))

    detail = body(api.get(f"/activities/{private_checkin.id}"))
    listed = body(api.get("/activities"))["items"]

    for item in (detail, listed[0]):
        assert item["access"] == "metadata"
        assert "query plans" not in json.dumps(item)
        assert (item["outcome"], item["rating"], item["skills"]) == ("", None, [])
        assert (item["format"], item["status"]) == ("mentoring", "recorded")


def test_colleagues_outside_see_nothing_of_a_private_activity(
    org: Org, private_checkin: LearningActivity
) -> None:
    api = ApiClient(org.peer)

    assert_problem(api.get(f"/activities/{private_checkin.id}"), 404)
    assert body(api.get("/activities"))["items"] == []
    assert body(api.get(f"/activities?person={org.owner.id}"))["count"] == 0


def test_organisation_wide_activities_are_read_by_everyone(org: Org) -> None:
    shared = talk(org.peer)

    item = body(ApiClient(org.outsider).get(f"/activities/{shared.id}"))

    assert (item["access"], item["title"]) == ("full", "Lunch talk: SQL window functions")


def test_list_and_detail_agree_for_every_role(org: Org, private_checkin: LearningActivity) -> None:
    talk(org.peer)
    mentoring(org.peer, org.manager, title="Manager learns")
    for person in (org.owner, org.peer, org.outsider, org.manager, org.admin):
        api = ApiClient(person)
        listed = {item["id"] for item in body(api.get("/activities"))["items"]}
        for activity in LearningActivity.objects.all():
            allowed = api.get(f"/activities/{activity.id}").status_code == 200
            assert (str(activity.id) in listed) == allowed, (person, activity.title)


def test_filters_by_person_format_and_time(org: Org) -> None:
    mentoring(org.outsider, org.owner, title="Old check-in", days_ago=30)
    mentoring(org.outsider, org.owner, title="New check-in", days_ago=1)
    talk(org.owner)
    api = ApiClient(org.owner)
    since = quote((timezone.now() - timedelta(days=7)).isoformat())

    by_format = body(api.get("/activities?format=mentoring"))["items"]
    recent = body(api.get(f"/activities?format=mentoring&since={since}"))["items"]
    about_outsider = body(api.get(f"/activities?person={org.outsider.id}"))["items"]

    assert [a["title"] for a in by_format] == ["New check-in", "Old check-in"]
    assert [a["title"] for a in recent] == ["New check-in"]
    assert len(about_outsider) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("format=juggling", "format"),
        ("since=2024-01-01T00:00:00", "since"),  # no time zone: ambiguous
        ("since=yesterday", "since"),
        ("person=someone", "person"),
    ],
)
def test_bad_filters_name_the_parameter(org: Org, query: str, field: str) -> None:
    response = ApiClient(org.owner).get(f"/activities?{query}")

    assert_problem(response, 422)
    assert error_fields(response) == {field}


def test_unknown_activity_is_not_found(org: Org) -> None:
    api = ApiClient(org.owner)

    assert_problem(api.get("/activities/00000000-0000-0000-0000-000000000000"), 404)
    assert_problem(api.get("/activities/nope"), 404)


@pytest.mark.parametrize("who", ["owner", "manager", "admin"])
def test_activity_list_query_count_does_not_grow(org: Org, who: str) -> None:
    api = ApiClient(getattr(org, who))
    mentoring(org.outsider, org.owner)
    api.get("/activities")

    with CaptureQueriesContext(connection) as few:
        api.get("/activities?page_size=100")
    for n in range(15):
        mentoring(org.outsider, org.owner, title=f"Check-in {n}")
        talk(org.peer).skills.add(org.python, org.sql)
    with CaptureQueriesContext(connection) as many:
        response = api.get("/activities?page_size=100")

    assert body(response)["count"] >= 16
    assert len(many) == len(few)
