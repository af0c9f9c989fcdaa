"""Error answers explain themselves: a page for people, a problem+json body for the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import Org
from peerlearn.people.tests.factories import login

pytestmark = pytest.mark.django_db


def test_opening_a_post_only_address_shows_a_page_that_says_why(org: Org) -> None:
    # given someone signed in who opens the sign-out address by hand
    browser = login(Client(), org.owner)

    # when they GET it
    response = browser.get("/logout/")

    # then they get a 405 page, not a blank one, and are still signed in
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "This address does not work that way" in response.content.decode()
    assert browser.get("/").status_code == 200


def test_the_api_keeps_its_own_problem_body_for_a_wrong_method(org: Org) -> None:
    browser = login(Client(), org.owner)

    response = browser.put("/api/v1/skills", data="{}", content_type="application/json")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == 405
