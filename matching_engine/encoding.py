"""The vectorised form of a `MatchingProblem`, built once per run.

Hot paths (candidate generation, scoring, solving) work on these arrays and never touch
`Person` objects. Seekers and providers are indexed separately (0..n-1 on each side); a person
on both sides keeps one *global* id so that self-pairs and reporting lines can be found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from matching_engine.array_types import BitsArray, FloatArray, Int32Array, IntArray
from matching_engine.keysets import sorted_unique
from matching_engine.model import MatchingProblem, Person
from matching_engine.validation import check_problem

UNKNOWN_CODE = -1
"""Code of an empty team or job family: never equal to anything, itself included."""


@dataclass(frozen=True, slots=True)
class SideArrays:
    """Attributes of one side (seekers or providers), one row per person."""

    ids: tuple[str, ...]
    global_ids: IntArray
    job_family: Int32Array
    level_rank: Int32Array
    team: Int32Array
    utc_offset_minutes: Int32Array
    language_bits: BitsArray
    """Shape (n, words): bit j of the row is set when the person speaks language j."""

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class EncodedCohort:
    problem: MatchingProblem
    seeker_index: Mapping[str, int]
    provider_index: Mapping[str, int]
    seekers: SideArrays
    providers: SideArrays
    skill_ids: tuple[str, ...]
    job_families: tuple[str, ...]
    teams: tuple[str, ...]
    wanted: sp.csr_matrix
    """Seekers x skills; each row holds the seeker's priorities normalised to sum to 1."""
    offered: sp.csr_matrix
    """Providers x skills; the provider's level 0-4 (stored entries only)."""
    offered_keys: IntArray
    """Sorted `provider * n_skills + skill` of every stored offer, for pair look-ups."""
    offered_levels: FloatArray
    capacities: IntArray
    forbidden_keys: IntArray
    """Sorted `seeker * n_providers + provider` of pairs excluded one by one: self-pairs,
    reporting lines, previous pairs and must-not pairs (the switches in `Constraints` apply)."""
    preference_keys: IntArray
    preference_scores: FloatArray

    @property
    def n_seekers(self) -> int:
        return len(self.seekers)

    @property
    def n_providers(self) -> int:
        return len(self.providers)

    def pair_keys(self, seeker: IntArray, provider: IntArray) -> IntArray:
        return seeker.astype(np.int64) * self.n_providers + provider


class _Codes:
    """Dense integer codes for strings, shared by both sides."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def code(self, value: str) -> int:
        if not value:
            return UNKNOWN_CODE
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.index)
        return found

    def values(self) -> tuple[str, ...]:
        return tuple(self.index)


def encode_problem(problem: MatchingProblem) -> EncodedCohort:
    """Validate `problem` and build its arrays (raises `MatchingInputError` on bad input)."""
    seeker_index, provider_index = check_problem(problem)
    global_codes = _Codes()
    families, teams, languages, skills = _Codes(), _Codes(), _Codes(), _Codes()
    for person in problem.seekers:
        for language in person.languages:
            languages.code(language)
    for person in problem.providers:
        for language in person.languages:
            languages.code(language)
    words = max(1, -(-len(languages.index) // 64))

    def side(people: Sequence[Person]) -> SideArrays:
        n = len(people)
        bits = np.zeros((n, words), dtype=np.uint64)
        for row, person in enumerate(people):
            for language in person.languages:
                j = languages.index[language]
                bits[row, j // 64] |= np.uint64(1 << (j % 64))
        return SideArrays(
            ids=tuple(p.id for p in people),
            global_ids=np.fromiter((global_codes.code(p.id) for p in people), np.int64, n),
            job_family=np.fromiter((families.code(p.job_family) for p in people), np.int32, n),
            level_rank=np.fromiter((p.level_rank for p in people), np.int32, n),
            team=np.fromiter((teams.code(p.team) for p in people), np.int32, n),
            utc_offset_minutes=np.fromiter((p.utc_offset_minutes for p in people), np.int32, n),
            language_bits=bits,
        )

    seekers = side(problem.seekers)
    providers = side(problem.providers)
    wanted = _skill_matrix(problem.seekers, skills, wanted=True)
    offered = _skill_matrix(problem.providers, skills, wanted=False)
    n_skills = len(skills.index)
    wanted.resize((len(problem.seekers), n_skills))
    offered.resize((len(problem.providers), n_skills))
    offered_rows = np.repeat(np.arange(offered.shape[0], dtype=np.int64), np.diff(offered.indptr))
    offered_keys = offered_rows * max(n_skills, 1) + offered.indices
    order = np.argsort(offered_keys, kind="stable")

    cohort_without_pairs = EncodedCohort(
        problem=problem,
        seeker_index=seeker_index,
        provider_index=provider_index,
        seekers=seekers,
        providers=providers,
        skill_ids=skills.values(),
        job_families=families.values(),
        teams=teams.values(),
        wanted=wanted,
        offered=offered,
        offered_keys=offered_keys[order],
        offered_levels=offered.data[order].astype(np.float64),
        capacities=np.asarray(problem.capacities, dtype=np.int64),
        forbidden_keys=np.empty(0, dtype=np.int64),
        preference_keys=np.empty(0, dtype=np.int64),
        preference_scores=np.empty(0, dtype=np.float64),
    )
    preference_keys, preference_scores = _preferences(cohort_without_pairs)
    return replace(
        cohort_without_pairs,
        forbidden_keys=_forbidden_keys(cohort_without_pairs),
        preference_keys=preference_keys,
        preference_scores=preference_scores,
    )


def _skill_matrix(people: Sequence[Person], skills: _Codes, *, wanted: bool) -> sp.csr_matrix:
    indptr = [0]
    columns: list[int] = []
    values: list[float] = []
    for person in people:
        entries = person.skills_wanted if wanted else person.skills_offered
        if wanted:
            total = sum(entries.values())
            for skill, priority in entries.items():
                columns.append(skills.code(skill))
                values.append(priority / total)
        else:
            for skill, level in entries.items():
                if level > 0:  # level 0 means "knows of it": nothing to teach
                    columns.append(skills.code(skill))
                    values.append(float(level))
        indptr.append(len(columns))
    matrix = sp.csr_matrix(
        (
            np.asarray(values, dtype=np.float64),
            np.asarray(columns, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(people), max(len(skills.index), 1)),
    )
    matrix.sort_indices()
    return matrix


def _forbidden_keys(cohort: EncodedCohort) -> IntArray:
    problem = cohort.problem
    n_providers = cohort.n_providers
    seeker_of, provider_of = cohort.seeker_index, cohort.provider_index
    keys: list[int] = []
    for seeker_id, s in seeker_of.items():
        p = provider_of.get(seeker_id)
        if p is not None:
            keys.append(s * n_providers + p)
    if problem.constraints.exclude_reporting_line:
        for s, person in enumerate(problem.seekers):
            for manager_id in person.manager_chain:
                p = provider_of.get(manager_id)
                if p is not None:
                    keys.append(s * n_providers + p)
        for p, person in enumerate(problem.providers):
            for manager_id in person.manager_chain:
                s_found = seeker_of.get(manager_id)
                if s_found is not None:
                    keys.append(s_found * n_providers + p)
    if problem.constraints.exclude_previous_pairs:
        for a, b in problem.previous_pairs:
            for seeker_id, provider_id in ((a, b), (b, a)):
                s_found, p_found = seeker_of.get(seeker_id), provider_of.get(provider_id)
                if s_found is not None and p_found is not None:
                    keys.append(s_found * n_providers + p_found)
    for seeker_id, provider_id in problem.must_not_pairs:
        keys.append(seeker_of[seeker_id] * n_providers + provider_of[provider_id])
    return sorted_unique(np.asarray(keys, dtype=np.int64))


def _preferences(cohort: EncodedCohort) -> tuple[IntArray, FloatArray]:
    """Rank r (0-based) of n listed providers scores (n - r) / n: first 1, last 1/n."""
    keys: list[int] = []
    scores: list[float] = []
    for seeker_id, ranked in cohort.problem.preferences.items():
        s = cohort.seeker_index[seeker_id]
        n = len(ranked)
        for rank, provider_id in enumerate(ranked):
            keys.append(s * cohort.n_providers + cohort.provider_index[provider_id])
            scores.append((n - rank) / n)
    key_array = np.asarray(keys, dtype=np.int64)
    order = np.argsort(key_array, kind="stable")
    return key_array[order], np.asarray(scores, dtype=np.float64)[order]
