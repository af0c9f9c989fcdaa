"""Hard constraints, capacities and fixed pairs hold for every method; infeasibility is named."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings

from matching_engine import (
    Constraints,
    InfeasibilityKind,
    MatchingProblem,
    MatchResult,
    Method,
    Person,
    match,
)
from matching_engine.tests.cohorts import broken_rules, cohorts

ALL_METHODS = (Method.OPTIMAL, Method.DENSE, Method.GREEDY, Method.STABLE)


def assert_rules_hold(problem: MatchingProblem, result: MatchResult) -> None:
    seekers = {p.id: p for p in problem.seekers}
    providers = {p.id: p for p in problem.providers}
    capacity = {p.id: c for p, c in zip(problem.providers, problem.capacities, strict=True)}
    seen = Counter(pair.seeker_id for pair in result.pairs)
    assert all(count == 1 for count in seen.values()), "a seeker was paired twice"
    loads = Counter(pair.provider_id for pair in result.pairs)
    for provider_id, load in loads.items():
        assert load <= capacity[provider_id], f"{provider_id} over capacity"
    assert dict(loads) == dict(result.provider_loads)
    for pair in result.pairs:
        broken = broken_rules(problem, seekers[pair.seeker_id], providers[pair.provider_id])
        assert not broken, f"{pair.seeker_id}-{pair.provider_id} breaks {broken}"
    matched = {pair.seeker_id for pair in result.pairs}
    assert matched.isdisjoint(result.unmatched_seeker_ids)
    if result.solved:
        assert matched | set(result.unmatched_seeker_ids) == set(seekers)
        for seeker_id, provider_id in problem.must_pairs:
            fixed = result.pair_for(seeker_id)
            assert fixed is not None
            assert fixed.provider_id == provider_id
            assert fixed.fixed_by_admin


@settings(max_examples=80, deadline=None)
@given(cohorts(max_seekers=12, max_providers=8))
def test_no_method_breaks_a_hard_constraint(problem: MatchingProblem) -> None:
    for method in ALL_METHODS:
        for top_k in (None, 1, 3):
            assert_rules_hold(problem, match(problem, method=method, top_k=top_k))


@settings(max_examples=80, deadline=None)
@given(cohorts(max_seekers=10, max_providers=6, with_fixed_pairs=False))
def test_unmatched_seekers_are_reported_with_the_right_reason(problem: MatchingProblem) -> None:
    result = match(problem, top_k=None)
    eligible = {
        seeker.id: [
            provider.id
            for provider, capacity in zip(problem.providers, problem.capacities, strict=True)
            if capacity > 0 and not broken_rules(problem, seeker, provider)
        ]
        for seeker in problem.seekers
    }
    reported = {i.kind: set(i.person_ids) for i in result.infeasibilities}
    unmatched = set(result.unmatched_seeker_ids)
    assert reported.get(InfeasibilityKind.NO_ELIGIBLE_PROVIDER, set()) == {
        s for s in unmatched if not eligible[s]
    }
    assert reported.get(InfeasibilityKind.PROVIDERS_FULL, set()) == {
        s for s in unmatched if eligible[s]
    }
    loads = Counter(pair.provider_id for pair in result.pairs)
    capacity = {p.id: c for p, c in zip(problem.providers, problem.capacities, strict=True)}
    for seeker_id in reported.get(InfeasibilityKind.PROVIDERS_FULL, set()):
        # the optimum never leaves a seeker out while an eligible provider has room
        assert all(loads[p] == capacity[p] for p in eligible[seeker_id])
    assert result.feasible == (not unmatched)


def person(person_id: str, **fields: object) -> Person:
    return Person(id=person_id, name=person_id.title(), **fields)  # type: ignore[arg-type]


def test_seekers_without_eligible_provider_are_listed_by_id() -> None:
    far = [person(f"far{i}", utc_offset_minutes=600) for i in range(3)]
    near = person("near", utc_offset_minutes=0)
    problem = MatchingProblem(
        seekers=[*far, near],
        providers=[person("mentor", utc_offset_minutes=60)],
        capacities=[5],
        constraints=Constraints(max_timezone_difference_hours=2),
    )
    result = match(problem)
    assert [p.seeker_id for p in result.pairs] == ["near"]
    (issue,) = result.infeasibilities
    assert issue.kind is InfeasibilityKind.NO_ELIGIBLE_PROVIDER
    assert issue.person_ids == ("far0", "far1", "far2")
    assert issue.message.startswith("3 seeker(s) have no eligible provider")
    assert "far0, far1, far2" in issue.message
    assert not result.feasible


def test_a_full_provider_leaves_the_rest_unmatched_with_a_reason() -> None:
    problem = MatchingProblem(
        seekers=[person("a"), person("b"), person("c")],
        providers=[person("mentor")],
        capacities=[2],
    )
    result = match(problem)
    assert len(result.pairs) == 2
    (issue,) = result.infeasibilities
    assert issue.kind is InfeasibilityKind.PROVIDERS_FULL
    assert issue.person_ids == result.unmatched_seeker_ids


def test_must_pair_in_the_reporting_line_stops_the_run() -> None:
    problem = MatchingProblem(
        seekers=[person("ben", manager_chain=("ana",)), person("cy")],
        providers=[person("ana"), person("dee")],
        capacities=[1, 1],
        must_pairs=[("ben", "ana")],
    )
    result = match(problem)
    assert not result.solved
    assert result.pairs == ()
    (issue,) = result.infeasibilities
    assert issue.kind is InfeasibilityKind.MUST_PAIR_VIOLATES_CONSTRAINT
    assert issue.person_ids == ("ben", "ana")
    assert "reporting line" in issue.message


def test_must_pairs_beyond_capacity_are_reported() -> None:
    problem = MatchingProblem(
        seekers=[person("a"), person("b")],
        providers=[person("mentor")],
        capacities=[1],
        must_pairs=[("a", "mentor"), ("b", "mentor")],
    )
    (issue,) = match(problem).infeasibilities
    assert issue.kind is InfeasibilityKind.MUST_PAIR_OVER_CAPACITY
    assert issue.person_ids == ("mentor", "a", "b")


@pytest.mark.parametrize(
    ("must", "must_not", "expected_ids"),
    [
        ([("a", "m1"), ("a", "m2")], [], ("a", "m1", "m2")),
        ([("a", "m1")], [("a", "m1")], ("a", "m1")),
    ],
)
def test_contradictory_fixed_pairs_are_conflicts(
    must: list[tuple[str, str]], must_not: list[tuple[str, str]], expected_ids: tuple[str, ...]
) -> None:
    problem = MatchingProblem(
        seekers=[person("a")],
        providers=[person("m1"), person("m2")],
        capacities=[1, 1],
        must_pairs=must,
        must_not_pairs=must_not,
    )
    (issue,) = match(problem).infeasibilities
    assert issue.kind is InfeasibilityKind.MUST_PAIR_CONFLICT
    assert issue.person_ids == expected_ids


def test_must_not_and_previous_pairs_are_avoided_even_when_best() -> None:
    star = person("star", skills_offered={"go": 4})
    plain = person("plain", skills_offered={"go": 1})
    seekers = [person("a", skills_wanted={"go": 1.0}), person("b", skills_wanted={"go": 1.0})]
    problem = MatchingProblem(
        seekers=seekers,
        providers=[star, plain],
        capacities=[2, 2],
        must_not_pairs=[("a", "star")],
        previous_pairs=[("star", "b")],  # either direction counts
    )
    result = match(problem)
    assert {(p.seeker_id, p.provider_id) for p in result.pairs} == {("a", "plain"), ("b", "plain")}
    allowed_again = MatchingProblem(
        seekers=seekers,
        providers=[star, plain],
        capacities=[2, 2],
        previous_pairs=[("star", "b")],
        constraints=Constraints(exclude_previous_pairs=False),
    )
    assert all(p.provider_id == "star" for p in match(allowed_again).pairs)


def test_a_person_on_both_sides_is_never_paired_with_themself() -> None:
    both = person("both", skills_offered={"go": 4}, skills_wanted={"go": 1.0})
    result = match(MatchingProblem(seekers=[both], providers=[both], capacities=[1]))
    assert result.pairs == ()
    assert result.infeasibilities[0].person_ids == ("both",)
