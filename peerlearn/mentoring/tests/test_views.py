"""The mentoring pages over HTTP: who sees what, what the forms refuse, what lists cost."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Org
from peerlearn.mentoring.models import CheckIn, Mentorship, MentorshipStatus
from peerlearn.mentoring.services import mentorship_create_from_match, mentorship_decline
from peerlearn.mentoring.tests.factories import make_mentorship, notes, schedule
from peerlearn.people.tests.factories import login, make_person

pytestmark = pytest.mark.django_db

ROLES = ("owner", "peer", "outsider", "manager", "admin")


@pytest.fixture
def pair(org: Org) -> Mentorship:
    """Piet (peer) mentors Olive (owner); Mona manages both; Oscar is an outsider."""
    return make_mentorship(mentor=org.peer, mentee=org.owner)


def as_role(client: Client, org: Org, role: str) -> Client:
    return login(client, getattr(org, role))


class TestDetailPrivacy:
    @pytest.mark.parametrize(
        ("role", "status", "sees_agenda"),
        [
            ("owner", 200, True),
            ("peer", 200, True),
            ("manager", 200, False),
            ("admin", 200, False),
            ("outsider", 404, False),
        ],
    )
    def test_who_sees_the_mentorship_and_its_agenda(
        self, client: Client, org: Org, pair: Mentorship, role: str, status: int, sees_agenda: bool
    ) -> None:
        schedule(pair, agenda="AGENDA-TEXT")
        response = as_role(client, org, role).get(reverse("mentoring:detail", args=[pair.id]))
        assert response.status_code == status
        assert ("AGENDA-TEXT" in response.text) is sees_agenda

    def test_someone_elses_mentorship_answers_like_a_missing_one(
        self, client: Client, org: Org, pair: Mentorship
    ) -> None:
        login(client, org.outsider)
        theirs = client.get(reverse("mentoring:detail", args=[pair.id]))
        missing = client.get(reverse("mentoring:detail", args=[uuid.uuid4()]))
        assert theirs.status_code == missing.status_code == 404

    @pytest.mark.parametrize(
        ("role", "status", "visible"),
        [
            ("owner", 200, {"SHARED-by-mentee", "PRIVATE-of-mentee"}),
            ("peer", 200, {"SHARED-by-mentee", "PRIVATE-of-mentor"}),
            ("manager", 404, set()),
            ("admin", 404, set()),
            ("outsider", 404, set()),
        ],
    )
    def test_notes_on_the_check_in_page(
        self,
        client: Client,
        org: Org,
        pair: Mentorship,
        role: str,
        status: int,
        visible: set[str],
    ) -> None:
        check_in = schedule(pair)
        notes(check_in)
        response = as_role(client, org, role).get(
            reverse("mentoring:check_in", args=[pair.id, check_in.id])
        )
        assert response.status_code == status
        every = {"SHARED-by-mentee", "PRIVATE-of-mentee", "PRIVATE-of-mentor"}
        assert {text for text in every if text in response.text} == visible

    @pytest.mark.parametrize("role", ROLES)
    def test_no_page_shows_a_private_note_to_anyone_but_its_author(
        self, client: Client, org: Org, pair: Mentorship, role: str
    ) -> None:
        check_in = schedule(pair)
        notes(check_in)
        login(client, getattr(org, role))
        pages = [
            reverse("mentoring:detail", args=[pair.id]),
            reverse("mentoring:mine"),
            reverse("mentoring:team"),
            reverse("mentoring:programme"),
        ]
        for url in pages:
            text = client.get(url).text
            assert "PRIVATE-of-mentee" not in text
            assert "PRIVATE-of-mentor" not in text


class TestForms:
    def test_a_check_in_in_the_past_is_a_field_error(
        self, as_owner: Client, pair: Mentorship
    ) -> None:
        past = timezone.localtime(timezone.now() - dt.timedelta(days=1))
        response = as_owner.post(
            reverse("mentoring:check_in_new", args=[pair.id]),
            {"starts_at": past.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 45},
        )
        assert response.status_code == 422
        assert "That time has already passed" in response.text
        assert 'href="#id_starts_at"' in response.text  # the error summary links to the field
        assert not CheckIn.objects.exists()

    def test_a_check_in_is_scheduled_in_the_viewers_time_zone(
        self, as_owner: Client, org: Org, pair: Mentorship
    ) -> None:
        # Olive works in Europe/Berlin: "10:00" in the form means 10:00 in Berlin.
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
        day = (timezone.now() + dt.timedelta(days=60)).astimezone(berlin).date()
        response = as_owner.post(
            reverse("mentoring:check_in_new", args=[pair.id]),
            {"starts_at": f"{day.isoformat()}T10:00", "duration_minutes": 45},
        )
        assert response.status_code == 302
        check_in = CheckIn.objects.get()
        assert check_in.starts_at == dt.datetime.combine(day, dt.time(10), tzinfo=berlin)

    def test_a_goal_for_a_skill_that_does_not_exist_is_a_field_error(
        self, as_owner: Client, pair: Mentorship
    ) -> None:
        response = as_owner.post(
            reverse("mentoring:goal_new", args=[pair.id]),
            {"title": "Learn Cobol", "skill": str(uuid.uuid4()), "target_level": 2},
        )
        assert response.status_code == 422
        assert "that one does not exist" in response.text

    def test_accepting_an_already_declined_request_shows_why(
        self, client: Client, org: Org
    ) -> None:
        mentorship = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)
        login(client, org.peer)
        mentorship_decline(mentorship=mentorship, by=org.peer)

        response = client.post(
            reverse("mentoring:respond", args=[mentorship.id]), {"answer": "accept"}
        )

        assert response.status_code == 422
        assert "There is a problem" in response.text
        assert "already declined" in response.text
        assert "it can no longer be accepted" in response.text
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.DECLINED

    def test_request_form_starts_a_request(self, as_owner: Client, org: Org) -> None:
        response = as_owner.post(
            reverse("mentoring:request"),
            {
                "person": str(org.peer.id),
                "direction": "mentor_me",
                "focus_skills": [str(org.sql.id)],
                "message": "Could you help me with SQL?",
                "cadence": "fortnightly",
                "channel": "video",
                "duration_months": 3,
            },
        )
        mentorship = Mentorship.objects.get()
        assert response.status_code == 302
        assert (mentorship.mentor, mentorship.mentee) == (org.peer, org.owner)
        assert list(mentorship.focus_skills.all()) == [org.sql]

    def test_the_request_form_refuses_more_than_three_skills(
        self, as_owner: Client, org: Org
    ) -> None:
        from peerlearn.people.tests.factories import make_skill

        skills = [org.sql, org.python, make_skill("Go"), make_skill("Rust")]
        response = as_owner.post(
            reverse("mentoring:request"),
            {
                "person": str(org.peer.id),
                "direction": "mentor_me",
                "focus_skills": [str(s.id) for s in skills],
                "cadence": "fortnightly",
                "channel": "video",
                "duration_months": 3,
            },
        )
        assert "at most three skills" in response.text
        assert not Mentorship.objects.exists()

    @pytest.mark.parametrize("role", ["manager", "admin", "outsider"])
    def test_only_the_pair_may_schedule(
        self, client: Client, org: Org, pair: Mentorship, role: str
    ) -> None:
        login(client, getattr(org, role))
        response = client.post(
            reverse("mentoring:check_in_new", args=[pair.id]),
            {"starts_at": "2099-01-01T10:00", "duration_minutes": 45},
        )
        assert response.status_code == 404
        assert not CheckIn.objects.exists()

    def test_a_note_can_be_deleted_by_its_author_only(
        self, client: Client, org: Org, pair: Mentorship
    ) -> None:
        check_in = schedule(pair)
        shared, _, _ = notes(check_in)
        login(client, org.peer)
        assert client.post(reverse("mentoring:note_delete", args=[shared.id])).status_code == 404
        login(client, org.owner)
        assert client.post(reverse("mentoring:note_delete", args=[shared.id])).status_code == 302


class TestListsAgreeWithDetails:
    @pytest.mark.parametrize("role", ROLES)
    def test_a_mentorship_is_listed_iff_its_detail_is_allowed(
        self, client: Client, org: Org, pair: Mentorship, role: str
    ) -> None:
        login(client, getattr(org, role))
        detail = client.get(reverse("mentoring:detail", args=[pair.id])).status_code == 200
        listed_urls = [reverse("mentoring:mine")]
        if role == "manager":
            listed_urls.append(reverse("mentoring:team"))
        if role == "admin":
            listed_urls.append(reverse("mentoring:programme"))
        link = reverse("mentoring:detail", args=[pair.id])
        listed = any(link in client.get(url).text for url in listed_urls)
        assert listed == detail

    @pytest.mark.parametrize(
        ("role", "status"),
        [("owner", 404), ("peer", 404), ("outsider", 404), ("manager", 404), ("admin", 200)],
    )
    def test_the_programme_view_is_for_admins(
        self, client: Client, org: Org, role: str, status: int
    ) -> None:
        login(client, getattr(org, role))
        assert client.get(reverse("mentoring:programme")).status_code == status

    @pytest.mark.parametrize(
        ("role", "status"),
        [("owner", 404), ("peer", 404), ("outsider", 404), ("manager", 200), ("admin", 404)],
    )
    def test_the_team_view_is_for_managers(
        self, client: Client, org: Org, role: str, status: int
    ) -> None:
        login(client, getattr(org, role))
        assert client.get(reverse("mentoring:team")).status_code == status


class TestEmptyStates:
    def test_my_mentoring_says_how_to_start(self, as_outsider: Client) -> None:
        text = as_outsider.get(reverse("mentoring:mine")).text
        assert "No mentor yet." in text
        assert reverse("mentoring:request") in text


def test_a_match_waiting_for_the_mentee_reads_as_a_match_not_a_request(
    client: Client, org: Org
) -> None:
    # given a matching round paired the peer (mentor) with the owner, who has not answered yet
    mentorship_create_from_match(mentor=org.peer, mentee=org.owner, reason="Both in Platform.")

    # when the mentor opens their mentoring page
    page = login(client, org.peer).get(reverse("mentoring:mine")).text

    # then the pair waits for an answer as a match, not as a request the mentor sent
    assert "Waiting for an answer" in page
    assert "Requests you sent" not in page
    assert "waiting for their answer" in page
    assert "Asked " not in page


def many_pairs(org: Org, count: int) -> list[Mentorship]:
    """`count` mentorships: the owner mentors people in the manager's reporting line."""
    pairs = []
    for n in range(count):
        mentee = make_person(f"Mentee {n}", manager=org.manager)
        pair = make_mentorship(mentor=org.owner, mentee=mentee)
        schedule(pair, hours=24 + n)
        pairs.append(pair)
    return pairs


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("role", "url_name"),
    [("owner", "mentoring:mine"), ("manager", "mentoring:team"), ("admin", "mentoring:programme")],
)
def test_lists_cost_the_same_queries_for_3_or_30_pairs(
    client: Client,
    org: Org,
    count: int,
    role: str,
    url_name: str,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    many_pairs(org, count)
    login(client, getattr(org, role))
    with django_assert_max_num_queries(24):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_detail_page_costs_the_same_for_3_or_30_check_ins(
    client: Client, org: Org, pair: Mentorship, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    login(client, org.owner)
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for total in (3, 30):
        while pair.check_ins.count() < total:
            notes(schedule(pair, hours=24 + pair.check_ins.count()))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("mentoring:detail", args=[pair.id])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


class TestPeerLearningNow:
    def test_my_learning_loads_the_section_and_it_lists_the_viewers_pairs(
        self, as_owner: Client, org: Org, pair: Mentorship
    ) -> None:
        schedule(pair, hours=30)
        page = as_owner.get(reverse("activities:mine")).text
        assert f'hx-get="{reverse("mentoring:now")}"' in page

        fragment = as_owner.get(reverse("mentoring:now"), HTTP_HX_REQUEST="true")

        assert fragment.status_code == 200
        assert "<html" not in fragment.text
        assert "Mentor: <a" in fragment.text
        assert "Piet Peer" in fragment.text
        assert "check-in" in fragment.text

    def test_without_javascript_it_is_a_page(self, as_peer: Client, pair: Mentorship) -> None:
        response = as_peer.get(reverse("mentoring:now"))
        assert response.status_code == 200
        assert "<h1>Your peer learning now</h1>" in response.text
        assert "Mentee: <a" in response.text

    def test_it_shows_nobody_elses_pairs(self, as_outsider: Client, pair: Mentorship) -> None:
        text = as_outsider.get(reverse("mentoring:now")).text
        assert "Olive Owner" not in text
        assert "No mentoring yet." in text

    @pytest.mark.parametrize("count", [3, 30])
    def test_it_costs_the_same_for_3_or_30_pairs(
        self,
        client: Client,
        org: Org,
        count: int,
        django_assert_max_num_queries: Callable[..., Any],
    ) -> None:
        many_pairs(org, count)
        login(client, org.owner)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("mentoring:now"), HTTP_HX_REQUEST="true").status_code == 200
