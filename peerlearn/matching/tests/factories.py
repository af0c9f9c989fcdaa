"""Matching rounds for tests, made through the services the product uses."""

from __future__ import annotations

from typing import Any

from conftest import Org
from peerlearn.matching.models import MatchingRound
from peerlearn.matching.services import round_create, round_publish, round_run
from peerlearn.people.models import Person
from peerlearn.people.services import person_skill_set
from peerlearn.people.tests.factories import make_person


def skills_for_mentoring(org: Org) -> None:
    """Olive (owner) wants to learn SQL; Piet (peer, her teammate) teaches it at level 3,
    Oscar (outsider, another team) at level 4; Mona, Olive's manager, teaches it too but is
    in her reporting line."""
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.outsider, skill=org.sql, level=4, can_teach=True)
    person_skill_set(person=org.manager, skill=org.sql, level=4, can_teach=True)


def make_round(
    org: Org,
    *,
    name: str = "Spring mentoring",
    format: str = "mentoring",
    config: dict[str, Any] | None = None,
    by: Person | None = None,
    **kwargs: Any,
) -> MatchingRound:
    return round_create(name=name, format=format, config=config or {}, by=by or org.admin, **kwargs)


def proposed_round(org: Org, **kwargs: Any) -> MatchingRound:
    matching_round = make_round(org, **kwargs)
    round_run(matching_round=matching_round)
    matching_round.refresh_from_db()
    return matching_round


def published_round(org: Org, **kwargs: Any) -> MatchingRound:
    matching_round = proposed_round(org, **kwargs)
    return round_publish(matching_round=matching_round, by=org.admin)


def learner(name: str, skill: Any, **kwargs: Any) -> Person:
    person = make_person(name, **kwargs)
    person_skill_set(person=person, skill=skill, level=1, wants_to_learn=True)
    return person


def teacher(name: str, skill: Any, level: int = 3, **kwargs: Any) -> Person:
    person = make_person(name, **kwargs)
    person_skill_set(person=person, skill=skill, level=level, can_teach=True)
    return person
