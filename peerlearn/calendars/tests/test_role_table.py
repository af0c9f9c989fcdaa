"""The role table of the calendar pages: every route × every role, with the expected answer
(tests/role_table.py).

The feed address belongs to the owner, and its secret is the key: a calendar app fetches it
without signing in, so whoever holds the address gets the owner's calendar whatever session
they have, and without it there is nothing to ask for (a wrong secret answers 404, like the
address of someone who left). The settings page, rotating and revoking act on the signed-in
person's own address only: no row names anybody else's.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import Org
from peerlearn.calendars.services import calendar_feed_rotate
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.factories import make_person
from tests.role_table import (
    ROLES,
    SIGNED_OUT,
    PageRow,
    PageTable,
    comparable,
    everyone,
    provides,
)

pytestmark = pytest.mark.django_db


@provides("feed_secret")
def calendar_subject(org: Org) -> dict[str, str]:
    """The owner's feed address, made the way the settings page makes it."""
    return {"feed_secret": calendar_feed_rotate(person=org.owner).secret}


FEED = "/calendar/feed/{}.ics"

TABLE = PageTable(
    rows={
        # the secret is the key, not the session: a leaver holding the owner's address gets it
        # like anyone (their own old address answers 404, tested below)
        "calendars:feed": PageRow("get", FEED.format("{feed_secret}"), dict.fromkeys(ROLES, 200)),
        "calendars:settings": PageRow("get", "/calendar/", everyone()),
        "calendars:rotate": PageRow("post", "/calendar/rotate/", everyone(302)),
        "calendars:revoke": PageRow("post", "/calendar/revoke/", everyone(302)),
    },
    builders=[calendar_subject],
)


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    response = TABLE.check(client, org, route, role)

    if route == "calendars:feed":
        assert response["Content-Type"].startswith("text/calendar")
        assert "Olive Owner" in response.text  # the owner's calendar, whoever asks
    elif response.status_code == 302 and role not in SIGNED_OUT:
        assert re.fullmatch("/calendar/", response["Location"]), response["Location"]


def test_a_wrong_secret_and_a_leavers_old_address_answer_alike(client: Client, org: Org) -> None:
    # given the address of someone who has left since they subscribed
    leaver = make_person("Lou Leaver")
    old = calendar_feed_rotate(person=leaver).secret
    person_deactivate(person=leaver)
    # when their calendar app fetches it, and someone guesses an address
    gone = client.get(FEED.format(old))
    guessed = client.get(FEED.format("x" + old[1:]))
    # then both are the same 404: leaving ends the feed, and says nothing about it
    assert gone.status_code == guessed.status_code == 404
    assert comparable(gone) == comparable(guessed)  # but for the masked CSRF token


@pytest.mark.parametrize("role", ["peer", "outsider", "manager", "admin"])
def test_rotating_or_revoking_touches_only_your_own_address(
    client: Client, org: Org, role: str
) -> None:
    # given the owner's address and someone else signed in
    secret = calendar_subject.build(org)["feed_secret"]
    client.force_login(getattr(org, role).user)
    # when they rotate and revoke theirs
    client.post("/calendar/rotate/")
    client.post("/calendar/revoke/")
    # then the owner's address still works
    client.logout()
    assert client.get(FEED.format(secret)).status_code == 200
