from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Org
from peerlearn.accounts.services import token_create
from peerlearn.people.tests.factories import login

pytestmark = pytest.mark.django_db


def queries_for_tokens_page(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 200
    return len(captured)


def test_the_tokens_page_costs_the_same_for_3_and_30_tokens(client: Client, org: Org) -> None:
    login(client, org.owner)
    for n in range(3):
        token_create(user=org.owner.user, name=f"script {n}")
    few = queries_for_tokens_page(client)
    for n in range(27):
        token_create(user=org.owner.user, name=f"more {n}")
    assert queries_for_tokens_page(client) == few


def test_the_tokens_page_is_paged_and_shows_only_mine(client: Client, org: Org) -> None:
    # given 30 tokens of mine and one of a colleague
    for n in range(30):
        token_create(user=org.owner.user, name=f"mine {n:02}")
    token_create(user=org.peer.user, name="the peer's token")
    login(client, org.owner)
    # when I open the first and second pages
    first = client.get(reverse("accounts:tokens")).content.decode()
    second = client.get(reverse("accounts:tokens"), {"page": 2}).content.decode()
    # then every one of mine appears once, and the colleague's never
    assert "Page 1 of 2" in first
    shown = [n for n in range(30) if f"mine {n:02}" in first or f"mine {n:02}" in second]
    assert shown == list(range(30))
    assert "the peer" not in first + second


def test_revoking_someone_elses_token_reads_as_missing(client: Client, org: Org) -> None:
    issued = token_create(user=org.peer.user, name="peer's")
    login(client, org.owner)
    response = client.post(reverse("accounts:token_revoke", args=[issued.token.id]))
    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None
