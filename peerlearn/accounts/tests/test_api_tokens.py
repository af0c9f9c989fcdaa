"""Personal access tokens over the API, and how every way of authenticating is refused."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Org
from peerlearn.accounts.models import PersonalAccessToken
from peerlearn.accounts.services import token_create, token_revoke
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.api_helpers import API, ApiClient, assert_problem
from peerlearn.people.tests.factories import login

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def with_secret(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- managing tokens ------------------------------------------------------------------------


def test_created_token_shows_its_secret_once_and_then_works(org: Org) -> None:
    api = ApiClient(org.owner)

    created = api.post("/tokens", {"name": "Laptop script", "expires_in_days": 30})

    assert created.status_code == 201, created.content
    secret = body(created)["secret"]
    assert secret.startswith("plp_")
    assert body(created)["prefix"] == secret[:12]
    listed = body(api.get("/tokens"))["items"]
    assert "secret" not in listed[0]
    assert listed[0]["name"] == "Laptop script"
    me = Client().get(f"{API}/people/me", **with_secret(secret))
    assert body(me)["id"] == str(org.owner.id)


def test_token_without_expiry_when_asked(org: Org) -> None:
    created = ApiClient(org.owner).post("/tokens", {"name": "CI", "expires_in_days": None})

    assert body(created)["expires_at"] is None


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "CI", "expires_in_days": 0},
        {"name": "CI", "expires_in_days": 3651},
    ],
)
def test_token_with_bad_input_is_refused(org: Org, payload: dict[str, object]) -> None:
    assert_problem(ApiClient(org.owner).post("/tokens", payload), 422)
    assert PersonalAccessToken.objects.filter(user=org.owner.user).count() == 1  # the client's


def test_token_list_is_mine_only(org: Org) -> None:
    token_create(user=org.peer.user, name="Peer's")

    names = [t["name"] for t in body(ApiClient(org.owner).get("/tokens"))["items"]]

    assert names == ["tests"]


def test_revoking_my_token_stops_it_at_once(org: Org) -> None:
    issued = token_create(user=org.owner.user, name="Old")
    api = ApiClient(org.owner)

    response = api.delete(f"/tokens/{issued.token.id}")

    assert response.status_code == 204
    assert_problem(Client().get(f"{API}/people/me", **with_secret(issued.secret)), 401)
    assert api.get("/people/me").status_code == 200  # the other token still works


def test_someone_elses_token_cannot_be_revoked_and_looks_missing(org: Org) -> None:
    issued = token_create(user=org.peer.user, name="Peer's")

    response = ApiClient(org.admin).delete(f"/tokens/{issued.token.id}")

    assert_problem(response, 404)
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_token_list_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.owner)
    api.get("/tokens")

    with CaptureQueriesContext(connection) as few:
        api.get("/tokens?page_size=100")
    for n in range(30):
        token_create(user=org.owner.user, name=f"Token {n}")
    with CaptureQueriesContext(connection) as many:
        response = api.get("/tokens?page_size=100")

    assert body(response)["count"] == 31
    assert len(many) == len(few)


# --- every way in that must be refused ------------------------------------------------------


def test_anonymous_requests_are_told_how_to_authenticate(org: Org) -> None:
    response = Client().get(f"{API}/people")

    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization",
    ["Bearer plp_not-a-real-token", "Bearer", "Basic b3duZXI6cGFzcw==", "plp_abc", "Bearer \u00e9"],
)
def test_unknown_or_malformed_credentials_are_401(org: Org, authorization: str) -> None:
    response = Client().get(f"{API}/people/me", HTTP_AUTHORIZATION=authorization)

    assert_problem(response, 401)


def test_a_revoked_token_is_401_even_for_unsafe_methods(org: Org) -> None:
    issued = token_create(user=org.owner.user, name="Old")
    token_revoke(token=issued.token)

    response = Client().post(
        f"{API}/tokens", data="{}", content_type="application/json", **with_secret(issued.secret)
    )

    assert_problem(response, 401)


def test_an_expired_token_is_401(org: Org) -> None:
    issued = token_create(
        user=org.owner.user, name="Short", expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert_problem(Client().get(f"{API}/people/me", **with_secret(issued.secret)), 401)


def test_a_deactivated_persons_token_stops_working_at_once(org: Org) -> None:
    issued = token_create(user=org.peer.user, name="Script")
    assert Client().get(f"{API}/people/me", **with_secret(issued.secret)).status_code == 200

    person_deactivate(person=org.peer)

    assert_problem(Client().get(f"{API}/people/me", **with_secret(issued.secret)), 401)
    assert_problem(Client().get(f"{API}/tokens", **with_secret(issued.secret)), 401)


def test_a_deactivated_persons_session_stops_working_at_once(org: Org) -> None:
    browser = login(Client(), org.peer)
    assert browser.get(f"{API}/people/me").status_code == 200

    person_deactivate(person=org.peer)

    assert_problem(browser.get(f"{API}/people/me"), 401)


# --- the browser's session ------------------------------------------------------------------


def test_session_reads_need_no_csrf_token(org: Org) -> None:
    browser = login(Client(enforce_csrf_checks=True), org.owner)

    assert browser.get(f"{API}/people/me").status_code == 200


def test_session_writes_without_the_csrf_token_are_refused(org: Org) -> None:
    browser = login(Client(enforce_csrf_checks=True), org.owner)

    response = browser.post(f"{API}/tokens", data='{"name": "x"}', content_type="application/json")

    assert_problem(response, 403)
    assert not PersonalAccessToken.objects.filter(user=org.owner.user).exists()


def test_session_writes_with_the_csrf_token_are_accepted(org: Org) -> None:
    browser = login(Client(enforce_csrf_checks=True), org.owner)
    browser.get(f"{API}/docs")  # any page that renders the token sets the cookie
    csrf = browser.cookies["csrftoken"].value

    response = browser.post(
        f"{API}/tokens",
        data='{"name": "From the docs page"}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )

    assert response.status_code == 201, response.content


def test_token_writes_need_no_csrf_token(org: Org) -> None:
    issued = token_create(user=org.owner.user, name="Script")

    response = Client(enforce_csrf_checks=True).post(
        f"{API}/tokens",
        data='{"name": "x"}',
        content_type="application/json",
        **with_secret(issued.secret),
    )

    assert response.status_code == 201
