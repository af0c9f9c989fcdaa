"""Fixtures every test can use: a small organisation with the roles the privacy rules name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from peerlearn.people.models import Person, Skill
from peerlearn.people.tests.factories import (
    level,
    login,
    make_family,
    make_person,
    make_skill,
    make_team,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Argon2 is right for production and needlessly slow for hundreds of test logins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@dataclass
class Org:
    """owner: the employee whose things are at stake; peer: a teammate; outsider: another team;
    manager: the owner's manager; admin: a programme admin (L&D)."""

    admin: Person
    manager: Person
    owner: Person
    peer: Person
    outsider: Person
    python: Skill
    sql: Skill


@pytest.fixture
def org(db: None) -> Org:
    engineering = make_team("Engineering")
    platform = make_team("Platform", parent=engineering)
    sales = make_team("Sales")
    family = make_family("Software Engineering")
    admin = make_person("Ada Admin", "admin@example.com", is_programme_admin=True, team=sales)
    manager = make_person(
        "Mona Manager", "manager@example.com", team=platform, job_family=family, level=level("L5")
    )
    owner = make_person(
        "Olive Owner",
        "owner@example.com",
        team=platform,
        manager=manager,
        job_family=family,
        level=level("L2"),
        time_zone="Europe/Berlin",
    )
    peer = make_person(
        "Piet Peer",
        "peer@example.com",
        team=platform,
        manager=manager,
        job_family=family,
        level=level("L4"),
    )
    outsider = make_person("Oscar Outsider", "outsider@example.com", team=sales)
    data = make_skill("Data")
    return Org(
        admin=admin,
        manager=manager,
        owner=owner,
        peer=peer,
        outsider=outsider,
        python=make_skill("Python", parent=None, aliases=["py"]),
        sql=make_skill("SQL", parent=data),
    )


@pytest.fixture
def as_owner(client: Client, org: Org) -> Client:
    return login(client, org.owner)


@pytest.fixture
def as_peer(client: Client, org: Org) -> Client:
    return login(client, org.peer)


@pytest.fixture
def as_admin(client: Client, org: Org) -> Client:
    return login(client, org.admin)


@pytest.fixture
def as_manager(client: Client, org: Org) -> Client:
    return login(client, org.manager)


@pytest.fixture
def as_outsider(client: Client, org: Org) -> Client:
    return login(client, org.outsider)
