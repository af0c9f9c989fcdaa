"""Seeker-proposing Gale-Shapley with provider capacities (hospitals/residents).

Preferences: a seeker ranks the providers they listed first, in their order, then the other
candidates by pair score; a provider ranks seekers the same way from `provider_preferences`.
Only candidates are acceptable, so with a pruned graph the matching is stable with respect to
the truncated lists. When both sides rank purely by the same score, the stable matching is the
greedy one; it differs when preferences are stated.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

import numpy as np

from matching_engine.array_types import FloatArray, IntArray
from matching_engine.encoding import EncodedCohort

UNLISTED = 1e9
"""Listed choices (rank 0, 1, ...) come before every unlisted one (UNLISTED - score)."""


def gale_shapley(
    seeker_choices: Sequence[Sequence[int]],
    provider_rank: Sequence[Mapping[int, int]],
    capacities: Sequence[int],
) -> list[int]:
    """Provider per seeker (-1 if unmatched). `seeker_choices[s]` lists providers best first;
    `provider_rank[p][s]` is p's rank of s (lower is better); unranked seekers are refused."""
    next_choice = [0] * len(seeker_choices)
    held: list[list[tuple[int, int]]] = [[] for _ in capacities]  # (-rank, seeker): max-heap
    assignment = [-1] * len(seeker_choices)
    free = list(range(len(seeker_choices) - 1, -1, -1))
    while free:
        seeker = free.pop()
        choices = seeker_choices[seeker]
        while next_choice[seeker] < len(choices):
            provider = choices[next_choice[seeker]]
            next_choice[seeker] += 1
            rank = provider_rank[provider].get(seeker)
            if rank is None or capacities[provider] == 0:
                continue
            if len(held[provider]) < capacities[provider]:
                heapq.heappush(held[provider], (-rank, seeker))
                assignment[seeker] = provider
                break
            worst_rank, worst_seeker = -held[provider][0][0], held[provider][0][1]
            if rank < worst_rank:
                heapq.heapreplace(held[provider], (-rank, seeker))
                assignment[seeker] = provider
                assignment[worst_seeker] = -1
                free.append(worst_seeker)
                break
    return assignment


def _ranks(
    owner: IntArray,
    other: IntArray,
    value: FloatArray,
    stated: Mapping[tuple[int, int], int],
) -> IntArray:
    """Order of arcs by (owner, stated rank or UNLISTED - value); stable for ties."""
    key = UNLISTED - value
    if stated:
        pairs = list(zip(owner.tolist(), other.tolist(), strict=True))
        listed = [i for i, pair in enumerate(pairs) if pair in stated]
        key[listed] = [stated[pairs[i]] for i in listed]
    return np.lexsort((key, owner))


def solve_stable(
    cohort: EncodedCohort,
    seekers: IntArray,
    arc_seeker: IntArray,
    arc_provider: IntArray,
    arc_value: FloatArray,
    free_places: IntArray,
) -> IntArray:
    """Provider per entry of `seekers` (-1 if unmatched); `arc_seeker` indexes `seekers`."""
    problem = cohort.problem
    local_of = {int(g): i for i, g in enumerate(seekers.tolist())}
    seeker_stated: dict[tuple[int, int], int] = {}
    for seeker_id, ranked in problem.preferences.items():
        local = local_of.get(cohort.seeker_index[seeker_id])
        if local is not None:
            for rank, provider_id in enumerate(ranked):
                seeker_stated[(local, cohort.provider_index[provider_id])] = rank
    provider_stated: dict[tuple[int, int], int] = {}
    for provider_id, ranked in problem.provider_preferences.items():
        provider = cohort.provider_index[provider_id]
        for rank, seeker_id in enumerate(ranked):
            local = local_of.get(cohort.seeker_index[seeker_id])
            if local is not None:
                provider_stated[(provider, local)] = rank

    choices: list[list[int]] = [[] for _ in range(len(seekers))]
    for arc in _ranks(arc_seeker, arc_provider, arc_value, seeker_stated).tolist():
        choices[int(arc_seeker[arc])].append(int(arc_provider[arc]))
    provider_rank: list[dict[int, int]] = [{} for _ in range(cohort.n_providers)]
    for arc in _ranks(arc_provider, arc_seeker, arc_value, provider_stated).tolist():
        ranking = provider_rank[int(arc_provider[arc])]
        ranking[int(arc_seeker[arc])] = len(ranking)
    assignment = gale_shapley(choices, provider_rank, free_places.tolist())
    return np.asarray(assignment, dtype=np.int64)
