"""The role table of the sign-in, password and API-token pages: every route × every role, with
the expected answer (tests/role_table.py; the token API has its own tests in test_api_tokens.py).

Signing in and resetting a forgotten password are public: whoever asks gets the page, signed in
or not, signed in as someone who left included (their session no longer counts, so to these
pages they are anonymous). A password reset link is a key like any other: whoever holds it
reaches the step that sets a new password, and it stops working once its owner signs in. The
password change and the token pages are a signed-in person's own; a token belongs to the owner,
and revoking it as anyone else answers the 404 of a token that does not exist.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conftest import Org
from peerlearn.accounts.models import PersonalAccessToken
from peerlearn.accounts.services import token_create
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.factories import make_person
from tests.role_table import ROLES, SIGNED_OUT, PageRow, PageTable, everyone, pages, provides

pytestmark = pytest.mark.django_db


@provides("token_id", "reset_uid", "reset_token")
def accounts_subject(org: Org) -> dict[str, str]:
    """The owner's API token and the password reset link e-mailed to the owner."""
    issued = token_create(user=org.owner.user, name="Nightly export")
    return {
        "token_id": str(issued.token.id),
        "reset_uid": urlsafe_base64_encode(force_bytes(org.owner.user.pk)),
        "reset_token": default_token_generator.make_token(org.owner.user),
    }


def public(status: int = 200, **by_role: int) -> dict[str, int]:
    """A page anyone may open, signed in or not: every role answers `status` unless named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {role: by_role.get(role, status) for role in ROLES}


RESET_LINK = "/password/reset/{reset_uid}/{reset_token}/"

TABLE = PageTable(
    rows={
        # a signed-in person is sent on to the home page; a leaver's session is no sign-in
        "accounts:login": PageRow("get", "/login/", public(302, anonymous=200, left=200)),
        # signing out ends whatever session there is and always lands on the sign-in page
        "accounts:logout": PageRow("post", "/logout/", public(302)),
        # Django's own choice, kept: a signed-in person may have forgotten their password too
        "accounts:password_reset": PageRow("get", "/password/reset/", public()),
        "accounts:password_reset_done": PageRow("get", "/password/reset/sent/", public()),
        "accounts:password_reset_complete": PageRow("get", "/password/reset/done/", public()),
        # the owner's link takes whoever holds it on to the set-password step; the owner signed
        # in after asking for it (the table's owner is signed in), which ends the link: 200 is
        # the "this link no longer works" page
        "accounts:password_reset_confirm": PageRow(
            "get", RESET_LINK, public(302, owner=200), signed_out_to="/password/reset/"
        ),
        "accounts:password_change": PageRow("get", "/password/change/", everyone()),
        "accounts:password_change_done": PageRow("get", "/password/change/done/", everyone()),
        "accounts:tokens": PageRow("get", "/settings/tokens/", everyone()),
        "accounts:token_revoke": PageRow(
            "post", "/settings/tokens/{token_id}/revoke/", pages(owner=302)
        ),
    },
    builders=[accounts_subject],
)

# Where a signed-in person's 302 must land: a redirect to the sign-in page would also be a 302.
LANDS_ON = {
    "accounts:login": r"/",
    "accounts:logout": r"/login/",
    "accounts:password_reset_confirm": r"/password/reset/[^/]+/set-password/",
    "accounts:token_revoke": r"/settings/tokens/",
}


@pytest.mark.parametrize(("route", "role"), TABLE.cases())
def test_role_table(client: Client, org: Org, route: str, role: str) -> None:
    response = TABLE.check(client, org, route, role)

    if response.status_code == 302 and role not in SIGNED_OUT:
        assert re.fullmatch(LANDS_ON[route], response["Location"]), response["Location"]


def test_a_revoke_denied_to_others_leaves_the_token_working(client: Client, org: Org) -> None:
    # given the owner's token
    made = accounts_subject.build(org)
    # when every other signed-in role tries to revoke it
    for someone in (org.peer, org.outsider, org.manager, org.admin):
        client.force_login(someone.user)
        client.post(f"/settings/tokens/{made['token_id']}/revoke/")
    # then it is still active
    assert PersonalAccessToken.objects.get(pk=made["token_id"]).revoked_at is None


def test_a_made_up_reset_link_says_it_no_longer_works(client: Client, org: Org) -> None:
    # given the owner's address in a link with a token nobody issued
    made = accounts_subject.build(org)
    # when anyone opens it
    response = client.get(f"/password/reset/{made['reset_uid']}/1a2-b3c4d5e6f7a8b9c0d1e2/")
    # then the page says the link no longer works, and offers no form
    assert response.status_code == 200
    assert b"This link no longer works" in response.content
    assert b"new_password1" not in response.content


def test_signing_out_ends_the_session(client: Client, org: Org) -> None:
    client.force_login(org.owner.user)

    client.post("/logout/")

    assert client.get("/settings/tokens/")["Location"].startswith("/login/")


def test_a_reset_link_of_someone_who_left_no_longer_works(client: Client, org: Org) -> None:
    # given a link e-mailed to a person (an invitation, say), opened before they left
    leaver = make_person("Lou Leaver")
    uid = urlsafe_base64_encode(force_bytes(leaver.user.pk))
    link = f"/password/reset/{uid}/{default_token_generator.make_token(leaver.user)}/"
    set_password = client.get(link)["Location"]
    person_deactivate(person=leaver)
    # when they open it again, or send the new password to the step it led to
    opened = client.get(link)
    sent = client.post(
        set_password, {"new_password1": "a-New-passw0rd-42", "new_password2": "a-New-passw0rd-42"}
    )
    # then neither sets a password: leaving ends every way in
    for response in (opened, sent):
        assert response.status_code == 200
        assert b"This link no longer works" in response.content
    leaver.user.refresh_from_db()
    assert not leaver.user.check_password("a-New-passw0rd-42")
