"""My learning and an activity's page: content for participants, metadata for managers and
admins, nothing for anyone else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.activities.models import (
    ActivityFormat,
    ActivityVisibility,
    LearningActivity,
    ParticipantRole,
)
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.services import endorsement_create, person_skill_set
from peerlearn.people.tests.factories import make_skill
from peerlearn.people.tests.view_helpers import queries_for

pytestmark = pytest.mark.django_db

MINE = reverse("activities:mine")


def mentoring(org: Org, **kwargs: object) -> LearningActivity:
    """A private check-in between the owner (mentee) and the outsider (mentor)."""
    return activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title="Check-in about the data migration",
        outcome="Agreed to pair on Friday",
        rating=5,
        participants=[
            Participant(person=org.owner, role=ParticipantRole.MENTEE),
            Participant(person=org.outsider, role=ParticipantRole.MENTOR),
        ],
        skills=[org.sql],
        **kwargs,  # type: ignore[arg-type]
    )


def test_my_learning_lists_my_activities_with_my_role(as_owner: Client, org: Org) -> None:
    mentoring(org)
    html = as_owner.get(MINE).content.decode()
    assert "Check-in about the data migration" in html
    assert "Mentee" in html
    assert "Peer mentoring" in html


def test_my_learning_shows_endorsements_given_and_received(client: Client, org: Org) -> None:
    edge = person_skill_set(person=org.peer, skill=org.python, level=3)
    endorsement_create(endorser=org.owner, person_skill=edge)
    title = "Olive Owner endorsed Piet Peer for Python"
    for person in (org.owner, org.peer):
        client.force_login(person.user)
        assert title in client.get(MINE).content.decode()
    client.force_login(org.outsider.user)
    assert title not in client.get(MINE).content.decode()  # not theirs, though visible


def test_my_learning_filters_by_format(as_owner: Client, org: Org) -> None:
    mentoring(org)
    person_skill_set(person=org.owner, skill=org.python, level=2)
    html = as_owner.get(MINE, {"format": "mentoring"}).content.decode()
    assert "Check-in about" in html
    assert "added Python" not in html
    html = as_owner.get(MINE, {"format": "lunch_and_learn"}).content.decode()
    assert "Nothing of this format yet" in html
    assert as_owner.get(MINE, {"format": "bogus"}).status_code == 200


def test_my_learning_shows_dates_in_my_time_zone(as_owner: Client, org: Org) -> None:
    mentoring(org, starts_at=datetime(2026, 1, 15, 23, 30, tzinfo=UTC))
    html = as_owner.get(MINE).content.decode()
    # the owner works in Europe/Berlin: 23:30 UTC is 00:30 the next day there
    assert "16 Jan 2026" in html
    assert "00:30" in html


def test_my_learning_empty_state_says_how_to_start(as_owner: Client, org: Org) -> None:
    html = as_owner.get(MINE).content.decode()
    assert "Your learning starts here" in html


def test_my_learning_query_count_does_not_grow(as_owner: Client, org: Org) -> None:
    for _ in range(3):
        mentoring(org)
    few = queries_for(as_owner, MINE)
    for _ in range(27):
        person_skill_set(person=org.owner, skill=make_skill(), level=2)
        mentoring(org)
    many = queries_for(as_owner, MINE)
    assert few == many
    assert many <= 25  # the next steps above the list ask each format a fixed few (core.next_steps)


@pytest.mark.parametrize(
    ("viewer", "status", "sees_content"),
    [
        ("owner", 200, True),  # a participant
        ("outsider", 200, True),  # the other participant
        ("manager", 200, False),  # the owner's manager: that it happened
        ("admin", 200, False),  # programme admin: that it happened
        ("peer", 404, False),  # a colleague who took no part
    ],
)
def test_activity_page_by_role(
    client: Client, org: Org, viewer: str, status: int, sees_content: bool
) -> None:
    activity = mentoring(org)
    client.force_login(getattr(org, viewer).user)
    response = client.get(reverse("activities:detail", args=[activity.id]))
    assert response.status_code == status
    html = response.content.decode()
    assert ("Check-in about the data migration" in html) is sees_content
    assert ("Agreed to pair on Friday" in html) is sees_content
    if status == 200 and not sees_content:
        assert "Peer mentoring · checkin.held" in html
        assert "You can see that this happened" in html


def test_organisation_wide_activity_is_readable_by_every_colleague(
    as_peer: Client, org: Org
) -> None:
    activity = mentoring(org, visibility=ActivityVisibility.ORGANISATION)
    response = as_peer.get(reverse("activities:detail", args=[activity.id]))
    assert b"Agreed to pair on Friday" in response.content


def test_unknown_activity_answers_like_a_hidden_one(as_peer: Client, org: Org) -> None:
    url = reverse("activities:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert as_peer.get(url).status_code == 404


def test_activity_pages_need_sign_in(client: Client, org: Org) -> None:
    activity = mentoring(org)
    for url in (MINE, reverse("activities:detail", args=[activity.id])):
        response = client.get(url)
        assert response.status_code == 302
