"""Bad input raises MatchingInputError naming the field and the id; nothing crashes."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from matching_engine import (
    Constraints,
    MatchingInputError,
    MatchingProblem,
    Person,
    ScoringRules,
    Weights,
    evaluate_pair,
    make_groups,
    match,
)


def valid() -> MatchingProblem:
    return MatchingProblem(
        seekers=[Person("ben", skills_wanted={"go": 1.0})],
        providers=[Person("ana", skills_offered={"go": 3}), Person("cy")],
        capacities=[1, 0],
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"weights": Weights(skills=math.nan)}, r"weights\.skills is NaN"),
        ({"weights": Weights(role=-0.5)}, r"weights\.role is -0\.5"),
        ({"weights": Weights(fairness=math.inf)}, r"weights\.fairness is inf"),
        ({"seekers": []}, r"nothing to match: seekers is empty"),
        ({"capacities": [1, -1]}, r"provider 'cy' has negative capacity -1"),
        ({"capacities": [1]}, r"capacities has 1 entries but there are 2 providers"),
        ({"must_pairs": [("ben", "zed")]}, r"must_pairs\[0\]: provider id 'zed'"),
        ({"must_not_pairs": [("zed", "ana")]}, r"must_not_pairs\[0\]: seeker id 'zed'"),
        ({"preferences": {"ben": ["ana", "zed"]}}, r"preferences\['ben'\]: 'zed'"),
        ({"preferences": {"zed": ["ana"]}}, r"preferences: 'zed' is not among the seekers"),
        ({"provider_preferences": {"ana": ["zed"]}}, r"provider_preferences\['ana'\]: 'zed'"),
        (
            {"providers": [Person("ana"), Person("ana")]},
            r"providers: duplicate id 'ana' at positions 0 and 1",
        ),
        (
            {"providers": [Person("ana", skills_offered={"go": 5}), Person("cy")]},
            r"providers\[0\] \(id 'ana'\): skills_offered\['go'\] level 5 is outside 0-4",
        ),
        (
            {"seekers": [Person("ben", level_rank=-1)]},
            r"seekers\[0\] \(id 'ben'\): level_rank -1 is outside",
        ),
        (
            {"seekers": [Person("ben", skills_wanted={"go": 0.0})]},
            r"skills_wanted\['go'\] priority must be a finite number > 0",
        ),
        (
            {"seekers": [Person("ben", utc_offset_minutes=15 * 60)]},
            r"utc_offset_minutes 900 is outside",
        ),
        ({"seekers": [Person("")]}, r"seekers\[0\]: id must be a non-empty string"),
        (
            {"seekers": [Person("ben", manager_chain=("ben",))]},
            r"'ben'\): manager_chain contains the person themself",
        ),
        (
            {"constraints": Constraints(max_timezone_difference_hours=-1)},
            r"max_timezone_difference_hours must be None or a finite number >= 0",
        ),
        ({"rules": ScoringRules(level_gap_min=3, level_gap_max=1)}, r"level_gap_min \(3\)"),
        ({"rules": ScoringRules(workday_start_minutes=600, workday_end_minutes=500)}, r"workday"),
    ],
)
def test_bad_problem_fields(change: dict[str, object], expected: str) -> None:
    problem = replace(valid(), **change)  # type: ignore[arg-type]
    with pytest.raises(MatchingInputError, match=expected):
        match(problem)


@pytest.mark.parametrize("top_k", [0, -3, True])
def test_top_k_below_one(top_k: int) -> None:
    with pytest.raises(MatchingInputError, match="top_k must be None or an integer >= 1"):
        match(valid(), top_k=top_k)


def test_capacity_zero_is_allowed_and_takes_nobody() -> None:
    result = match(replace(valid(), capacities=[0, 0]))
    assert result.pairs == ()
    assert result.infeasibilities[0].person_ids == ("ben",)


def test_no_providers_is_a_result_not_an_error() -> None:
    result = match(replace(valid(), providers=[], capacities=[]))
    assert result.unmatched_seeker_ids == ("ben",)
    assert not result.feasible


def test_matching_input_error_is_a_value_error() -> None:
    assert issubclass(MatchingInputError, ValueError)


def test_evaluate_pair_names_unknown_ids() -> None:
    with pytest.raises(MatchingInputError, match="provider_id 'zed'"):
        evaluate_pair(valid(), "ben", "zed")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"group_size": 1}, "group_size must be an integer >= 2"),
        ({"restarts": 0}, "restarts must be an integer >= 1"),
        ({"past_groups": ["u0u1"]}, r"past_groups\[0\] must be a collection of ids"),
    ],
)
def test_bad_grouping_options(kwargs: dict[str, object], expected: str) -> None:
    with pytest.raises(MatchingInputError, match=expected):
        make_groups([Person("u0"), Person("u1")], **kwargs)  # type: ignore[arg-type]


def test_duplicate_people_in_groups() -> None:
    with pytest.raises(MatchingInputError, match="people: duplicate id 'u0'"):
        make_groups([Person("u0"), Person("u0")])
