"""The engine's inputs from the organisation: who is eligible, their profiles and reporting
lines, capacities and earlier pairs, read with the same number of queries for any cohort."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Org
from peerlearn.matching import selectors, services
from peerlearn.matching.config import Eligibility, parse_config
from peerlearn.matching.tests.factories import (
    learner,
    make_round,
    skills_for_mentoring,
    teacher,
)
from peerlearn.mentoring.tests.factories import make_mentorship
from peerlearn.onboarding.services import buddy_volunteer_set
from peerlearn.people.models import Person
from peerlearn.people.services import person_skill_set
from peerlearn.people.tests.factories import level, make_person, make_team

pytestmark = pytest.mark.django_db


def names(people: object) -> set[str]:
    return {p.full_name for p in people}  # type: ignore[attr-defined]


def test_teams_include_their_sub_teams_and_filters_combine(org: Org) -> None:
    skills_for_mentoring(org)
    squad = make_team("Squad", parent=org.owner.team)
    learner("Sam Squad", org.sql, team=squad, level=level("L2"))
    learner("Sal Senior", org.sql, team=squad, level=level("L6"))

    found = selectors.eligible_people(
        eligibility=Eligibility(teams=("engineering",), levels=("L2",)),
        format="mentoring",
        side="seekers",
    )

    assert names(found) == {"Olive Owner", "Sam Squad"}


def test_without_an_opt_in_list_taking_part_means_wanting_or_offering_something(
    org: Org,
) -> None:
    skills_for_mentoring(org)

    seekers = selectors.eligible_people(
        eligibility=Eligibility(), format="mentoring", side="seekers"
    )
    listed = selectors.eligible_people(
        eligibility=Eligibility(people=(str(org.admin.id), str(org.owner.id))),
        format="mentoring",
        side="seekers",
    )

    assert names(seekers) == {"Olive Owner"}
    assert names(listed) == {"Ada Admin", "Olive Owner"}


def test_buddies_come_from_the_pool_after_ninety_days(org: Org) -> None:
    today = timezone.localdate()
    veteran = make_person("Vera Veteran", hire_date=today - dt.timedelta(days=400))
    newish = make_person("Nico Newish", hire_date=today - dt.timedelta(days=30))
    for person in (veteran, newish, org.peer):
        buddy_volunteer_set(person=person, is_available=True)
    buddy_volunteer_set(person=org.outsider, is_available=False)

    found = selectors.eligible_people(eligibility=Eligibility(), format="buddy", side="providers")

    assert names(found) == {"Vera Veteran", "Piet Peer"}


def test_recent_hires_without_a_buddy(org: Org) -> None:
    today = timezone.localdate()
    make_person("Nia New", hire_date=today - dt.timedelta(days=5))
    make_person("Old Hand", hire_date=today - dt.timedelta(days=500))

    found = selectors.eligible_people(
        eligibility=Eligibility(hired_within_days=30, without_buddy=True),
        format="buddy",
        side="seekers",
    )

    assert names(found) == {"Nia New"}


def test_the_cohort_costs_the_same_queries_for_3_or_30_people(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)
    services.round_rule_add(
        matching_round=matching_round, kind="must_not", seeker=org.owner, provider=org.peer,
        by=org.admin,
    )  # fmt: skip

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            cohort = selectors.round_cohort(matching_round=matching_round)
        return len(captured), len(cohort.seekers) + len(cohort.providers)

    few_queries, few_people = cost()
    for i in range(15):
        learner(f"Learner {i}", org.sql, manager=org.peer)
        teacher(f"Teacher {i}", org.sql, manager=org.outsider)
    many_queries, many_people = cost()

    assert (few_people, many_people) == (4, 34)
    assert many_queries == few_queries


def test_a_persons_candidate_carries_what_the_engine_compares(org: Org) -> None:
    skills_for_mentoring(org)
    person_skill_set(person=org.owner, skill=org.python, level=2, wants_to_learn=True)
    Person.objects.filter(pk=org.owner.pk).update(languages=["en", "de"])
    matching_round = make_round(org, config={"seekers": {"skills": ["sql"]}})

    cohort = selectors.round_cohort(matching_round=matching_round)

    [olive] = cohort.seekers
    assert olive.name == "Olive Owner"
    assert olive.team == "Platform"
    assert olive.job_family == "Software Engineering"
    assert olive.level_rank == level("L2").rank
    assert olive.manager_chain == (str(org.manager.id),)
    assert olive.languages == frozenset({"English", "German"})  # names: the reasons show them
    assert olive.utc_offset_minutes in (60, 120)  # Berlin, winter or summer
    assert list(olive.skills_wanted) == [str(org.sql.id)]  # the round is about SQL
    assert cohort.skill_names[str(org.sql.id)] == "SQL"
    piet = next(p for p in cohort.providers if p.name == "Piet Peer")
    assert piet.skills_offered == {str(org.sql.id): 3}
    assert not piet.skills_wanted


def test_reporting_lines_survive_a_corrupt_cycle(org: Org) -> None:
    Person.objects.filter(pk=org.manager.pk).update(manager=org.owner)

    chains = selectors.manager_chains([str(org.owner.id), str(org.manager.id)])

    assert chains[str(org.owner.id)] == (str(org.manager.id),)
    assert chains[str(org.manager.id)] == (str(org.owner.id),)


def test_earlier_mentorships_and_published_matches_are_previous_pairs(org: Org) -> None:
    make_mentorship(mentor=org.peer, mentee=org.owner)

    pairs = selectors.previous_pairs(format="mentoring", exclude_round=None)

    assert (str(org.owner.id), str(org.peer.id)) in pairs


def test_suggestions_never_include_the_seekers_own_reports(org: Org) -> None:
    # given Mona (a manager) wants to learn SQL, which her report Piet and Oscar teach
    skills_for_mentoring(org)
    person_skill_set(person=org.manager, skill=org.sql, level=1, wants_to_learn=True)

    ranked = selectors.suggestions_for(person=org.manager, format="mentoring")

    assert [s.person.full_name for s in ranked.suggestions] == ["Oscar Outsider"]
    assert ranked.wants == ["SQL"]


def test_a_colleague_paired_before_is_explained_as_such(org: Org) -> None:
    skills_for_mentoring(org)
    make_mentorship(mentor=org.peer, mentee=org.owner)

    check = selectors.pair_check(person=org.owner, other=org.peer, format="mentoring")

    assert not check.eligible
    assert check.reasons == ["Olive Owner and Piet Peer were paired before"]
    assert check.score > 0


def test_a_stored_configuration_reads_back_the_same(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org, config={"weights": {"role": 0.9}, "places_per_provider": 3})

    config = selectors.round_config(matching_round)

    assert config == parse_config(matching_round.config, format="mentoring")
    assert (config.weights["role"], config.places_per_provider) == (0.9, 3)


def test_suggestions_cost_the_same_queries_for_3_or_30_mentors(org: Org) -> None:
    skills_for_mentoring(org)

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            ranked = selectors.suggestions_for(person=org.owner, format="mentoring")
        return len(captured), len(ranked.suggestions)

    few_queries, few = cost()
    for i in range(27):
        teacher(f"Teacher {i:02}", org.sql)
    many_queries, many = cost()

    assert (few, many) == (2, 29)
    assert many_queries == few_queries
