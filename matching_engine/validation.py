"""Checks that turn bad input into a `MatchingInputError` naming the field and the id."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from matching_engine.errors import MatchingInputError
from matching_engine.model import (
    MAX_LEVEL_RANK,
    MAX_SKILL_LEVEL,
    MAX_UTC_OFFSET_MINUTES,
    MIN_SKILL_LEVEL,
    MIN_UTC_OFFSET_MINUTES,
    MINUTES_PER_DAY,
    Constraints,
    MatchingProblem,
    Person,
    SameOrDifferent,
    ScoringRules,
    Weights,
)


def check_top_k(top_k: int | None) -> None:
    if top_k is None:
        return
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise MatchingInputError(f"top_k must be None or an integer >= 1, got {top_k!r}")


def check_weights(weights: Weights) -> None:
    for name, value in weights.as_dict().items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise MatchingInputError(f"weights.{name} must be a number, got {value!r}")
        if math.isnan(value):
            raise MatchingInputError(f"weights.{name} is NaN; weights must be numbers >= 0")
        if math.isinf(value) or value < 0:
            raise MatchingInputError(f"weights.{name} is {value}; weights must be finite and >= 0")


def check_rules(rules: ScoringRules) -> None:
    if rules.level_gap_min > rules.level_gap_max:
        raise MatchingInputError(
            f"rules.level_gap_min ({rules.level_gap_min}) is above "
            f"rules.level_gap_max ({rules.level_gap_max})"
        )
    start, end = rules.workday_start_minutes, rules.workday_end_minutes
    if not 0 <= start < end <= MINUTES_PER_DAY:
        raise MatchingInputError(
            f"rules.workday_start_minutes/workday_end_minutes ({start}, {end}) must satisfy "
            f"0 <= start < end <= {MINUTES_PER_DAY}"
        )


def check_constraints(constraints: Constraints) -> None:
    limit = constraints.max_timezone_difference_hours
    if limit is not None and (
        isinstance(limit, bool)
        or not isinstance(limit, int | float)
        or not math.isfinite(limit)
        or limit < 0
    ):
        raise MatchingInputError(
            f"constraints.max_timezone_difference_hours must be None or a finite number >= 0, "
            f"got {limit!r}"
        )
    for name in ("team_rule", "job_family_rule"):
        if not isinstance(getattr(constraints, name), SameOrDifferent):
            raise MatchingInputError(f"constraints.{name} must be a SameOrDifferent value")


def check_person(person: Person, side: str, position: int) -> None:
    where = f"{side}[{position}] (id {person.id!r})"
    if not isinstance(person.id, str) or not person.id:
        raise MatchingInputError(f"{side}[{position}]: id must be a non-empty string")
    if isinstance(person.level_rank, bool) or not isinstance(person.level_rank, int):
        raise MatchingInputError(f"{where}: level_rank must be an integer")
    if not 0 <= person.level_rank <= MAX_LEVEL_RANK:
        raise MatchingInputError(
            f"{where}: level_rank {person.level_rank} is outside 0-{MAX_LEVEL_RANK}"
        )
    offset = person.utc_offset_minutes
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise MatchingInputError(f"{where}: utc_offset_minutes must be an integer")
    if not MIN_UTC_OFFSET_MINUTES <= offset <= MAX_UTC_OFFSET_MINUTES:
        raise MatchingInputError(
            f"{where}: utc_offset_minutes {offset} is outside "
            f"{MIN_UTC_OFFSET_MINUTES}..{MAX_UTC_OFFSET_MINUTES}"
        )
    if person.id in person.manager_chain:
        raise MatchingInputError(f"{where}: manager_chain contains the person themself")
    for skill, level in person.skills_offered.items():
        if isinstance(level, bool) or not isinstance(level, int):
            raise MatchingInputError(
                f"{where}: skills_offered[{skill!r}] must be an integer level, got {level!r}"
            )
        if not MIN_SKILL_LEVEL <= level <= MAX_SKILL_LEVEL:
            raise MatchingInputError(
                f"{where}: skills_offered[{skill!r}] level {level} is outside "
                f"{MIN_SKILL_LEVEL}-{MAX_SKILL_LEVEL}"
            )
    for skill, priority in person.skills_wanted.items():
        if (
            isinstance(priority, bool)
            or not isinstance(priority, int | float)
            or not math.isfinite(priority)
            or priority <= 0
        ):
            raise MatchingInputError(
                f"{where}: skills_wanted[{skill!r}] priority must be a finite number > 0, "
                f"got {priority!r}"
            )


def _plausible(people: Sequence[Person]) -> bool:
    """One cheap pass over everyone; `check_person` then finds and names the culprit."""
    return (
        all(type(p.id) is str and p.id for p in people)
        and all(type(p.level_rank) is int and 0 <= p.level_rank <= MAX_LEVEL_RANK for p in people)
        and all(
            type(p.utc_offset_minutes) is int
            and MIN_UTC_OFFSET_MINUTES <= p.utc_offset_minutes <= MAX_UTC_OFFSET_MINUTES
            for p in people
        )
        and not any(p.id in p.manager_chain for p in people)
        and all(
            type(level) is int and MIN_SKILL_LEVEL <= level <= MAX_SKILL_LEVEL
            for p in people
            for level in p.skills_offered.values()
        )
        and all(
            type(priority) in (int, float) and 0 < priority < math.inf  # NaN fails both
            for p in people
            for priority in p.skills_wanted.values()
        )
    )


def index_ids(people: Sequence[Person], side: str) -> dict[str, int]:
    """Map id -> position, validating every person and rejecting duplicate ids."""
    if not _plausible(people):
        for position, person in enumerate(people):
            check_person(person, side, position)
    index = {person.id: position for position, person in enumerate(people)}
    if len(index) != len(people):
        first: dict[str, int] = {}
        for position, person in enumerate(people):
            seen = first.setdefault(person.id, position)
            if seen != position:
                raise MatchingInputError(
                    f"{side}: duplicate id {person.id!r} at positions {seen} and {position}"
                )
    return index


def check_capacities(capacities: Sequence[int], providers: Sequence[Person]) -> None:
    if len(capacities) != len(providers):
        raise MatchingInputError(
            f"capacities has {len(capacities)} entries but there are {len(providers)} providers"
        )
    for provider, capacity in zip(providers, capacities, strict=True):
        if isinstance(capacity, bool) or not isinstance(capacity, int):
            raise MatchingInputError(
                f"capacities: provider {provider.id!r} has non-integer capacity {capacity!r}"
            )
        if capacity < 0:
            raise MatchingInputError(
                f"capacities: provider {provider.id!r} has negative capacity {capacity}"
            )


def check_pairs(
    field_name: str,
    pairs: Iterable[tuple[str, str]],
    seeker_index: Mapping[str, int],
    provider_index: Mapping[str, int],
) -> None:
    for position, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise MatchingInputError(
                f"{field_name}[{position}] must be a (seeker_id, provider_id) tuple"
            )
        seeker_id, provider_id = pair
        if seeker_id not in seeker_index:
            raise MatchingInputError(
                f"{field_name}[{position}]: seeker id {seeker_id!r} is not among the seekers"
            )
        if provider_id not in provider_index:
            raise MatchingInputError(
                f"{field_name}[{position}]: provider id {provider_id!r} is not among the providers"
            )


def check_rankings(
    field_name: str,
    rankings: Mapping[str, Sequence[str]],
    owner_index: Mapping[str, int],
    owner_side: str,
    ranked_index: Mapping[str, int],
    ranked_side: str,
) -> None:
    for owner_id, ranked in rankings.items():
        if owner_id not in owner_index:
            raise MatchingInputError(f"{field_name}: {owner_id!r} is not among the {owner_side}")
        if isinstance(ranked, str):
            raise MatchingInputError(
                f"{field_name}[{owner_id!r}] must be a sequence of ids, not a string"
            )
        seen: set[str] = set()
        for ranked_id in ranked:
            if ranked_id not in ranked_index:
                raise MatchingInputError(
                    f"{field_name}[{owner_id!r}]: {ranked_id!r} is not among the {ranked_side}"
                )
            if ranked_id in seen:
                raise MatchingInputError(
                    f"{field_name}[{owner_id!r}]: {ranked_id!r} is listed twice"
                )
            seen.add(ranked_id)


def check_problem(
    problem: MatchingProblem,
) -> tuple[dict[str, int], dict[str, int]]:
    """Validate everything except the solver options; return the seeker and provider indexes."""
    if not problem.seekers:
        raise MatchingInputError("nothing to match: seekers is empty")
    check_weights(problem.weights)
    check_constraints(problem.constraints)
    check_rules(problem.rules)
    seeker_index = index_ids(problem.seekers, "seekers")
    provider_index = index_ids(problem.providers, "providers")
    check_capacities(problem.capacities, problem.providers)
    check_pairs("must_pairs", problem.must_pairs, seeker_index, provider_index)
    check_pairs("must_not_pairs", problem.must_not_pairs, seeker_index, provider_index)
    for position, pair in enumerate(problem.previous_pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise MatchingInputError(f"previous_pairs[{position}] must be a pair of ids")
    check_rankings(
        "preferences", problem.preferences, seeker_index, "seekers", provider_index, "providers"
    )
    check_rankings(
        "provider_preferences",
        problem.provider_preferences,
        provider_index,
        "providers",
        seeker_index,
        "seekers",
    )
    return seeker_index, provider_index
