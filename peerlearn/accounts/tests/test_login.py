from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.factories import PASSWORD, login

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_in_any_case(client: Client, org: Org) -> None:
    # given a person with a password
    # when they sign in with their address in upper case
    response = client.post(
        reverse("accounts:login"), {"username": "OWNER@Example.com", "password": PASSWORD}
    )
    # then they land on the home page, signed in
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_shows_an_error_summary(client: Client, org: Org) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "owner@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"is not right" in response.content


def test_anonymous_home_redirects_to_login(client: Client, db: None) -> None:
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_deactivation_ends_an_open_session(client: Client, org: Org) -> None:
    # given the owner is signed in
    login(client, org.owner)
    assert client.get(reverse("core:home")).status_code == 200
    # when an admin deactivates them
    person_deactivate(person=org.owner)
    # then the very next request is anonymous
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_reset_reaches_an_imported_person_without_password(
    client: Client, org: Org
) -> None:
    # given a person imported without a password
    org.outsider.user.set_unusable_password()
    org.outsider.user.save()
    # when they ask for a reset link
    response = client.post(reverse("accounts:password_reset"), {"email": "Outsider@example.com"})
    # then an e-mail with a working link is sent
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-New-passw0rd-42", "new_password2": "a-New-passw0rd-42"},
    )
    assert done.status_code == 302
    assert client.login(username="outsider@example.com", password="a-New-passw0rd-42")


def test_password_reset_for_unknown_address_sends_nothing(client: Client, db: None) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
