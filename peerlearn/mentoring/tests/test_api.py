"""The relationships API: bad input answers with a 4xx problem naming the field, content
follows the privacy rules, and lists cost the same for 3 or 30 rows."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from conftest import Org
from peerlearn.mentoring.models import CheckIn
from peerlearn.mentoring.services import mentorship_decline
from peerlearn.mentoring.tests.factories import make_mentorship, notes, schedule
from peerlearn.onboarding.services import onboarding_start_for
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem
from peerlearn.people.tests.factories import make_person
from peerlearn.shadowing.services import shadowing_accept, shadowing_host_set, shadowing_request

pytestmark = pytest.mark.django_db


class TestBadInput:
    def test_a_check_in_in_the_past(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        response = ApiClient(org.owner).post(
            f"/mentorships/{pair.id}/check-ins",
            {"starts_at": (timezone.now() - dt.timedelta(hours=3)).isoformat()},
        )
        body = assert_problem(response, 422)
        assert body["errors"] == [
            {
                "field": "starts_at",
                "message": "That time has already passed: choose a time in the future.",
            }
        ]
        assert not CheckIn.objects.exists()

    def test_a_check_in_time_without_a_zone(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        response = ApiClient(org.owner).post(
            f"/mentorships/{pair.id}/check-ins", {"starts_at": "2031-01-01T10:00:00"}
        )
        assert_problem(response, 422)

    def test_a_goal_for_a_skill_that_does_not_exist(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        response = ApiClient(org.owner).post(
            f"/mentorships/{pair.id}/goals",
            {"title": "Learn Cobol", "skill": "cobol", "target_level": 2},
        )
        body = assert_problem(response, 422)
        assert body["errors"] == [{"field": "skill", "message": "There is no skill “cobol”."}]

    def test_accepting_an_already_declined_request(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)
        mentorship_decline(mentorship=pair, by=org.peer)
        response = ApiClient(org.peer).post(f"/mentorships/{pair.id}/accept", {})
        body = assert_problem(response, 422)
        assert "already declined" in body["errors"][0]["message"]

    def test_booking_a_host_over_capacity(self, org: Org) -> None:
        shadowing_host_set(person=org.peer, monthly_capacity=1)
        first = shadowing_request(observer=org.owner, host=org.peer, what_to_observe="a", why="b")
        second = shadowing_request(
            observer=org.outsider, host=org.peer, what_to_observe="a", why="b"
        )
        zone = zoneinfo.ZoneInfo(org.peer.time_zone)
        start = (timezone.now().astimezone(zone).replace(day=1) + dt.timedelta(days=40)).replace(
            day=2, hour=10, minute=0, second=0, microsecond=0
        )
        shadowing_accept(request=first, by=org.peer, starts_at=start)

        response = ApiClient(org.peer).post(
            f"/shadowing/{second.id}/accept",
            {"starts_at": (start + dt.timedelta(days=3)).isoformat()},
        )

        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "starts_at"
        assert "fully booked" in body["errors"][0]["message"]

    def test_a_note_that_is_neither_shared_nor_private(self, org: Org) -> None:
        check_in = schedule(make_mentorship(mentor=org.peer, mentee=org.owner))
        response = ApiClient(org.owner).post(
            f"/check-ins/{check_in.id}/notes", {"visibility": "everyone", "body": "Hi"}
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "visibility"


class TestPrivacy:
    def test_notes_over_the_api(self, org: Org) -> None:
        check_in = schedule(make_mentorship(mentor=org.peer, mentee=org.owner))
        notes(check_in)

        mentee = ApiClient(org.owner).get(f"/check-ins/{check_in.id}/notes").json()
        mentor = ApiClient(org.peer).get(f"/check-ins/{check_in.id}/notes").json()

        assert sorted(n["body"] for n in mentee["items"]) == [
            "PRIVATE-of-mentee",
            "SHARED-by-mentee",
        ]
        assert sorted(n["body"] for n in mentor["items"]) == [
            "PRIVATE-of-mentor",
            "SHARED-by-mentee",
        ]
        assert_problem(ApiClient(org.manager).get(f"/check-ins/{check_in.id}/notes"), 404)
        assert_problem(ApiClient(org.admin).get(f"/check-ins/{check_in.id}/notes"), 404)

    def test_managers_and_admins_get_an_overview(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner, message="SECRET-MESSAGE")
        schedule(pair, agenda="SECRET-AGENDA")
        for who in (org.manager, org.admin):
            client = ApiClient(who)
            detail = client.get(f"/mentorships/{pair.id}")
            check_ins = client.get(f"/mentorships/{pair.id}/check-ins")
            assert detail.json()["access"] == "overview"
            assert detail.json()["request_message"] is None
            assert check_ins.json()["items"][0]["agenda"] is None
            assert "SECRET" not in detail.text + check_ins.text
        assert ApiClient(org.owner).get(f"/mentorships/{pair.id}").json()["request_message"] == (
            "SECRET-MESSAGE"
        )

    def test_the_confidence_answer_is_the_new_starters_own(self, org: Org) -> None:
        onboarding = onboarding_start_for(person=org.owner, buddy=org.peer)
        path = f"/onboardings/{onboarding.id}/milestones"
        assert "confidence" in ApiClient(org.owner).get(path).json()[0]
        for who in (org.peer, org.manager, org.admin):
            assert ApiClient(who).get(path).json()[0]["confidence"] is None


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("owner", "/mentorships"),
        ("admin", "/mentoring/programme/pairs"),
        ("manager", "/mentoring/team/pairs"),
        ("owner", "/shadowing"),
        ("admin", "/onboardings"),
        ("owner", "/notifications"),
    ],
)
def test_api_lists_cost_the_same_for_3_or_30(
    org: Org,
    count: int,
    who: str,
    path: str,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for n in range(count):
        other = make_person(f"Colleague {n}", manager=org.manager)
        schedule(make_mentorship(mentor=org.owner, mentee=other))
        shadowing_request(observer=org.owner, host=other, what_to_observe="x", why="y")
        onboarding_start_for(person=other, assign_buddy=False)
    client = ApiClient(getattr(org, who))
    with django_assert_max_num_queries(14):
        response = client.get(path)
    assert response.status_code == 200
    assert response.json()["count"] >= min(count, 25) or path == "/notifications"


def test_the_invite_comes_over_the_api_too(org: Org) -> None:
    check_in = schedule(make_mentorship(mentor=org.peer, mentee=org.owner))
    response = ApiClient(org.owner).get(f"/check-ins/{check_in.id}/invite.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
