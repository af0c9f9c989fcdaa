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


# --- growing lists for query-count tests ---------------------------------------------------


def coffee_rounds(org: Org, n: int) -> MatchingRound:
    """n more published coffee rounds in which Olive meets Piet (each a row of her list)."""
    people = [org.owner.user.email, org.peer.user.email]
    last = None
    for _ in range(n):
        last = published_round(
            org,
            name=f"Coffee {MatchingRound.objects.count()}",
            format="coffee",
            config={"seekers": {"people": people}, "avoid_repeats": False},
        )
    assert last is not None
    return last


def pairs_round(org: Org, n: int) -> MatchingRound:
    """A published round of n pairs whose seekers report to Mona."""
    existing = MatchingRound.objects.count()
    for i in range(n):
        learner(f"Learner {existing}-{i:02}", org.sql, manager=org.manager)
        teacher(f"Teacher {existing}-{i:02}", org.sql)
    return published_round(
        org,
        name=f"Pairs {existing}",
        config={
            "seekers": {
                "people": [
                    p.user.email
                    for p in Person.objects.filter(full_name__startswith=f"Learner {existing}-")
                ]
            },
            "places_per_provider": 1,
        },
    )


def groups_round(org: Org, n: int) -> MatchingRound:
    """A published coffee round of n pairs of new people."""
    existing = MatchingRound.objects.count()
    people = [make_person(f"Coffee {existing}-{i:02}").user.email for i in range(2 * n)]
    return published_round(
        org,
        name=f"Coffee {existing}",
        format="coffee",
        config={"seekers": {"people": people}},
    )
