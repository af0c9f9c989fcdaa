"""Hard constraints and soft criteria, vectorised over arrays of (seeker, provider) pairs.

Every function takes parallel index arrays `seeker` and `provider` and returns one value per
pair, so the same code scores a handful of must-pairs, a candidate graph of millions of arcs
and the representative providers of the ranking tables in `matching_engine.candidates`.
"""

from __future__ import annotations

import numpy as np

from matching_engine.array_types import BoolArray, FloatArray, IntArray
from matching_engine.encoding import EncodedCohort
from matching_engine.keysets import contains
from matching_engine.model import MAX_SKILL_LEVEL, MINUTES_PER_DAY, SameOrDifferent
from matching_engine.results import PAIR_CRITERIA, Criterion


def pair_weights(cohort: EncodedCohort) -> FloatArray:
    """Weights of `PAIR_CRITERIA`, in that order."""
    weights = cohort.problem.weights.as_dict()
    return np.array([weights[c.value] for c in PAIR_CRITERIA], dtype=np.float64)


def skill_scores(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> FloatArray:
    """Provider's level in what the seeker wants, averaged by the seeker's priorities, / 4.

    Looks levels up one wanted skill at a time; candidate generation gets the same numbers
    for whole blocks at once from a sparse matrix product.
    """
    wanted = cohort.wanted
    counts = np.diff(wanted.indptr)[seeker]
    n_entries = int(counts.sum())
    pair_of_entry = np.repeat(np.arange(len(seeker)), counts)
    first_entry = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.repeat(wanted.indptr[seeker], counts) + (np.arange(n_entries) - first_entry)
    skill = wanted.indices[position].astype(np.int64)
    key = provider[pair_of_entry].astype(np.int64) * wanted.shape[1] + skill
    level = np.zeros(n_entries, dtype=np.float64)
    if len(cohort.offered_keys):
        found = np.minimum(np.searchsorted(cohort.offered_keys, key), len(cohort.offered_keys) - 1)
        hit = cohort.offered_keys[found] == key
        level[hit] = cohort.offered_levels[found[hit]]
    weighted = wanted.data[position] * level
    return np.bincount(pair_of_entry, weights=weighted, minlength=len(seeker)) / MAX_SKILL_LEVEL


def same_job_family(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> BoolArray:
    family = cohort.seekers.job_family[seeker]
    same: BoolArray = (family == cohort.providers.job_family[provider]) & (family >= 0)
    return same


def same_team(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> BoolArray:
    team = cohort.seekers.team[seeker]
    same: BoolArray = (team == cohort.providers.team[provider]) & (team >= 0)
    return same


def level_gap(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> IntArray:
    gap = cohort.providers.level_rank[provider] - cohort.seekers.level_rank[seeker]
    return gap.astype(np.int64)


def role_scores(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> FloatArray:
    """Half for the same job family, half for a level gap inside the configured band."""
    rules = cohort.problem.rules
    gap = level_gap(cohort, seeker, provider)
    in_band = (gap >= rules.level_gap_min) & (gap <= rules.level_gap_max)
    score: FloatArray = 0.5 * same_job_family(cohort, seeker, provider) + 0.5 * in_band
    return score


def language_scores(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> FloatArray:
    shared = cohort.seekers.language_bits[seeker] & cohort.providers.language_bits[provider]
    speaks_one: BoolArray = np.any(shared != 0, axis=1)
    return speaks_one.astype(np.float64)


def timezone_distance_minutes(
    cohort: EncodedCohort, seeker: IntArray, provider: IntArray
) -> IntArray:
    """Distance between UTC offsets around the clock (UTC+14 and UTC-10 are 0 apart)."""
    offset_seeker = cohort.seekers.utc_offset_minutes[seeker].astype(np.int64)
    difference = np.abs(offset_seeker - cohort.providers.utc_offset_minutes[provider])
    difference %= MINUTES_PER_DAY
    distance: IntArray = np.minimum(difference, MINUTES_PER_DAY - difference)
    return distance


def timezone_scores(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> FloatArray:
    """Share of the working day both are at work (same local hours, shifted by the offsets)."""
    workday = cohort.problem.rules.workday_minutes
    distance = timezone_distance_minutes(cohort, seeker, provider)
    overlap = np.clip(workday - distance, 0, workday) + np.clip(
        workday - (MINUTES_PER_DAY - distance), 0, workday
    )
    share: FloatArray = np.minimum(overlap, workday).astype(np.float64) / workday
    return share


def cross_team_scores(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> FloatArray:
    return (~same_team(cohort, seeker, provider)).astype(np.float64)


def preference_scores(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> FloatArray:
    """First choice 1, last of n choices 1/n, unlisted 0."""
    scores = np.zeros(len(seeker), dtype=np.float64)
    if len(cohort.preference_keys):
        key = cohort.pair_keys(seeker, provider)
        found = np.minimum(
            np.searchsorted(cohort.preference_keys, key), len(cohort.preference_keys) - 1
        )
        hit = cohort.preference_keys[found] == key
        scores[hit] = cohort.preference_scores[found[hit]]
    return scores


def pair_criteria(
    cohort: EncodedCohort,
    seeker: IntArray,
    provider: IntArray,
    skills: FloatArray | None = None,
) -> FloatArray:
    """Scores in [0, 1], shape (pairs, len(PAIR_CRITERIA)); `skills` if already known."""
    by_criterion = {
        Criterion.SKILLS: skill_scores(cohort, seeker, provider) if skills is None else skills,
        Criterion.ROLE: role_scores(cohort, seeker, provider),
        Criterion.LANGUAGE: language_scores(cohort, seeker, provider),
        Criterion.TIMEZONE: timezone_scores(cohort, seeker, provider),
        Criterion.CROSS_TEAM: cross_team_scores(cohort, seeker, provider),
        Criterion.PREFERENCE: preference_scores(cohort, seeker, provider),
    }
    return np.column_stack([by_criterion[c] for c in PAIR_CRITERIA])


def pair_totals(
    cohort: EncodedCohort,
    seeker: IntArray,
    provider: IntArray,
    skills: FloatArray | None = None,
) -> FloatArray:
    """Weighted pair scores (fairness excluded: it depends on the provider's whole load)."""
    result: FloatArray = pair_criteria(cohort, seeker, provider, skills) @ pair_weights(cohort)
    return result


def rule_allows(rule: SameOrDifferent, same: BoolArray) -> BoolArray:
    if rule is SameOrDifferent.SAME:
        return same
    if rule is SameOrDifferent.DIFFERENT:
        return ~same
    return np.ones(len(same), dtype=np.bool_)


def timezone_allows(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> BoolArray:
    limit = cohort.problem.constraints.max_timezone_difference_hours
    if limit is None:
        return np.ones(len(seeker), dtype=np.bool_)
    return timezone_distance_minutes(cohort, seeker, provider) <= limit * 60 + 1e-9


def attributes_allow(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> BoolArray:
    """The hard constraints that depend on attributes (time zone, job family, team)."""
    constraints = cohort.problem.constraints
    allowed = timezone_allows(cohort, seeker, provider)
    allowed &= rule_allows(constraints.job_family_rule, same_job_family(cohort, seeker, provider))
    allowed &= rule_allows(constraints.team_rule, same_team(cohort, seeker, provider))
    return allowed


def forbidden(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> BoolArray:
    """Pairs excluded one by one: self, reporting line, previous pair, must-not."""
    return contains(cohort.forbidden_keys, cohort.pair_keys(seeker, provider))


def eligible(cohort: EncodedCohort, seeker: IntArray, provider: IntArray) -> BoolArray:
    return attributes_allow(cohort, seeker, provider) & ~forbidden(cohort, seeker, provider)


def ineligibility_reasons(cohort: EncodedCohort, seeker: int, provider: int) -> list[str]:
    """Human reasons why one pair breaks a hard constraint (empty when it is eligible)."""
    problem = cohort.problem
    constraints = problem.constraints
    s_person, p_person = problem.seekers[seeker], problem.providers[provider]
    s_name, p_name = s_person.display_name, p_person.display_name
    s_arr, p_arr = np.array([seeker]), np.array([provider])
    reasons: list[str] = []
    if s_person.id == p_person.id:
        reasons.append(f"{s_name} cannot be paired with themself")
    if constraints.exclude_reporting_line:
        if p_person.id in s_person.manager_chain:
            reasons.append(f"{p_name} is in {s_name}'s reporting line")
        if s_person.id in p_person.manager_chain:
            reasons.append(f"{s_name} is in {p_name}'s reporting line")
    limit = constraints.max_timezone_difference_hours
    if limit is not None and not timezone_allows(cohort, s_arr, p_arr)[0]:
        hours = timezone_distance_minutes(cohort, s_arr, p_arr)[0] / 60
        reasons.append(f"time zones {hours:g} h apart (limit {limit:g} h)")
    is_same_team = bool(same_team(cohort, s_arr, p_arr)[0])
    if not rule_allows(constraints.team_rule, np.array([is_same_team]))[0]:
        wanted = "the same" if constraints.team_rule is SameOrDifferent.SAME else "different"
        reasons.append(f"{wanted} teams required ({s_person.team or '?'}, {p_person.team or '?'})")
    is_same_family = bool(same_job_family(cohort, s_arr, p_arr)[0])
    if not rule_allows(constraints.job_family_rule, np.array([is_same_family]))[0]:
        wanted = "the same" if constraints.job_family_rule is SameOrDifferent.SAME else "different"
        reasons.append(
            f"{wanted} job families required "
            f"({s_person.job_family or '?'}, {p_person.job_family or '?'})"
        )
    if constraints.exclude_previous_pairs:
        pair = {s_person.id, p_person.id}
        if any({a, b} == pair for a, b in problem.previous_pairs):
            reasons.append(f"{s_name} and {p_name} were paired before")
    if (s_person.id, p_person.id) in set(problem.must_not_pairs):
        reasons.append(f"an admin excluded {s_name} with {p_name}")
    return reasons
