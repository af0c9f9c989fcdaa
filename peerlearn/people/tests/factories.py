"""Building people and skills for tests through the same services the product uses."""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client

from peerlearn.people.models import JobFamily, Level, Person, Skill, Team
from peerlearn.people.services import job_family_create, person_create, skill_create, team_create

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_team(name: str | None = None, parent: Team | None = None) -> Team:
    return team_create(name=name or f"Team {next(_counter)}", parent=parent)


def make_family(name: str | None = None) -> JobFamily:
    return job_family_create(name=name or f"Family {next(_counter)}")


def level(code: str) -> Level:
    return Level.objects.get(code=code)


def make_skill(name: str | None = None, parent: Skill | None = None, **kwargs: Any) -> Skill:
    return skill_create(name=name or f"Skill {next(_counter)}", parent=parent, **kwargs)


def make_person(full_name: str | None = None, email: str | None = None, **kwargs: Any) -> Person:
    n = next(_counter)
    kwargs.setdefault("password", PASSWORD)
    return person_create(
        email=email or f"person{n}@example.com",
        full_name=full_name or f"Person {n}",
        **kwargs,
    )


def login(client: Client, person: Person) -> Client:
    assert client.login(username=person.user.email, password=PASSWORD)
    return client
