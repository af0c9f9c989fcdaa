"""`match` and `evaluate_pair`: validation, admin-fixed pairs, candidates, solver, reasons."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from matching_engine.array_types import BoolArray, IntArray
from matching_engine.baselines import solve_dense, solve_greedy
from matching_engine.candidates import CandidateArcs, candidate_arcs
from matching_engine.encoding import EncodedCohort, encode_problem
from matching_engine.errors import MatchingInputError
from matching_engine.explain import build_pairs
from matching_engine.flow import FlowInput, solve_flow
from matching_engine.gc_pause import paused_gc
from matching_engine.keysets import contains
from matching_engine.model import MatchingProblem
from matching_engine.results import (
    CandidateGraphStats,
    Criterion,
    CriterionScore,
    Infeasibility,
    InfeasibilityKind,
    MatchResult,
    Method,
)
from matching_engine.scoring import ineligibility_reasons, pair_totals
from matching_engine.stable import solve_stable
from matching_engine.validation import check_top_k

DEFAULT_TOP_K = 20
"""Candidates per seeker, chosen with `python -m benchmarks --only matching`: on the synthetic
cohorts there, the optimum over this graph is 0.003% below that of a 400-candidate graph at
10,000 seekers (K=10: 0.073%), and 0.088% below a 40-candidate graph at 100,000 (contention
for the best providers grows with the cohort)."""

MAX_REPAIR_ROUNDS = 3
IDS_IN_MESSAGE = 20


@dataclass(frozen=True, slots=True)
class PairEvaluation:
    """Why a given pair would or would not be formed; fairness is left out because it
    depends on the provider's whole load."""

    seeker_id: str
    provider_id: str
    eligible: bool
    ineligibility_reasons: tuple[str, ...]
    score: float
    criteria: tuple[CriterionScore, ...]


def match(
    problem: MatchingProblem,
    *,
    method: Method = Method.OPTIMAL,
    top_k: int | None = DEFAULT_TOP_K,
    threads: int | None = None,
) -> MatchResult:
    """Assign each seeker at most one provider, within capacities and hard constraints.

    OPTIMAL maximises the total score (pair scores plus the fairness load term) over the
    candidate graph: the K best eligible providers per seeker (see
    `matching_engine.candidates`). With `top_k=None` the graph is every eligible pair and the
    result is optimal over all of them. When a seeker is left unmatched while an eligible
    provider outside the graph still has room, that seeker's candidates among providers with
    room are added and the flow is solved again, so the result is optimal over the final graph.
    Among assignments of equal score, the one matching more seekers wins.

    DENSE ignores `top_k` and is exact over all eligible pairs (small cohorts). GREEDY and
    STABLE use the same candidate graph as OPTIMAL.

    Raises `MatchingInputError` for bad input. A cohort that cannot be fully matched is not an
    error: see `MatchResult.infeasibilities`.
    """
    check_top_k(top_k)
    method = Method(method)
    with paused_gc():
        return _match(problem, method, top_k, threads)


def _match(
    problem: MatchingProblem, method: Method, top_k: int | None, threads: int | None
) -> MatchResult:
    cohort = encode_problem(problem)
    fixed_seeker, fixed_provider, blocking = _fixed_pairs(cohort)
    if blocking:
        return MatchResult(
            method=method,
            pairs=(),
            unmatched_seeker_ids=cohort.seekers.ids,
            infeasibilities=tuple(blocking),
            graph=CandidateGraphStats(top_k, 0, 0),
        )
    fixed_load = np.bincount(fixed_provider, minlength=cohort.n_providers).astype(np.int64)
    free_places = cohort.capacities - fixed_load
    is_fixed = np.zeros(cohort.n_seekers, dtype=np.bool_)
    is_fixed[fixed_seeker] = True
    open_seekers = np.flatnonzero(~is_fixed).astype(np.int64)
    graph_top_k = None if method is Method.DENSE else top_k

    arcs = candidate_arcs(
        cohort,
        seekers=open_seekers,
        provider_open=free_places > 0,
        top_k=graph_top_k,
        threads=threads,
    )
    assignment = _solve(cohort, method, open_seekers, arcs, free_places, fixed_load)
    rounds = 0
    while graph_top_k is not None and method is not Method.STABLE and rounds < MAX_REPAIR_ROUNDS:
        extra = _arcs_for_unmatched(
            cohort, open_seekers, assignment, arcs, free_places, graph_top_k, threads
        )
        if extra is None:
            break
        arcs = _union(arcs, extra)
        assignment = _solve(cohort, method, open_seekers, arcs, free_places, fixed_load)
        rounds += 1

    matched = assignment >= 0
    seeker = np.concatenate([fixed_seeker, open_seekers[matched]])
    provider = np.concatenate([fixed_provider, assignment[matched]])
    order = np.argsort(seeker, kind="stable")
    loads = np.bincount(provider, minlength=cohort.n_providers).astype(np.int64)
    fixed_flags = [True] * len(fixed_seeker) + [False] * int(matched.sum())
    pairs = build_pairs(
        cohort, seeker[order], provider[order], loads, [fixed_flags[i] for i in order.tolist()]
    )
    unmatched = open_seekers[~matched]
    with_arcs = np.zeros(cohort.n_seekers, dtype=np.bool_)
    with_arcs[arcs.seeker] = True
    return MatchResult(
        method=method,
        pairs=pairs,
        unmatched_seeker_ids=tuple(cohort.seekers.ids[i] for i in unmatched.tolist()),
        infeasibilities=tuple(_unmatched_reasons(cohort, unmatched, with_arcs)),
        graph=CandidateGraphStats(
            graph_top_k, len(arcs.seeker), arcs.seekers_scored_against_everyone
        ),
        provider_loads={
            cohort.providers.ids[p]: int(loads[p]) for p in np.flatnonzero(loads).tolist()
        },
    )


def _solve(
    cohort: EncodedCohort,
    method: Method,
    open_seekers: IntArray,
    arcs: CandidateArcs,
    free_places: IntArray,
    fixed_load: IntArray,
) -> IntArray:
    local = np.full(cohort.n_seekers, -1, dtype=np.int64)
    local[open_seekers] = np.arange(len(open_seekers))
    arc_seeker = local[arcs.seeker]
    values = pair_totals(cohort, arcs.seeker, arcs.provider, arcs.skills)
    if method is Method.STABLE:
        return solve_stable(cohort, open_seekers, arc_seeker, arcs.provider, values, free_places)
    flow_input = FlowInput(
        arc_seeker=arc_seeker,
        arc_provider=arcs.provider,
        arc_value=values,
        n_seekers=len(open_seekers),
        free_places=free_places,
        fixed_load=fixed_load,
        fairness_weight=cohort.problem.weights.fairness,
    )
    if method is Method.GREEDY:
        return solve_greedy(flow_input)
    if method is Method.DENSE:
        return solve_dense(flow_input)
    return solve_flow(flow_input)


def _arcs_for_unmatched(
    cohort: EncodedCohort,
    open_seekers: IntArray,
    assignment: IntArray,
    arcs: CandidateArcs,
    free_places: IntArray,
    top_k: int,
    threads: int | None,
) -> CandidateArcs | None:
    """Candidates among providers with room for seekers the pruned graph left unmatched."""
    unmatched = open_seekers[assignment < 0]
    load = np.bincount(assignment[assignment >= 0], minlength=cohort.n_providers)
    room = (free_places - load) > 0
    if len(unmatched) == 0 or not room.any():
        return None
    extra = candidate_arcs(
        cohort, seekers=unmatched, provider_open=room, top_k=top_k, threads=threads
    )
    known = contains(
        np.sort(cohort.pair_keys(arcs.seeker, arcs.provider)),
        cohort.pair_keys(extra.seeker, extra.provider),
    )
    if known.all():
        return None
    return CandidateArcs(extra.seeker[~known], extra.provider[~known], extra.skills[~known], 0)


def _union(arcs: CandidateArcs, extra: CandidateArcs) -> CandidateArcs:
    return CandidateArcs(
        np.concatenate([arcs.seeker, extra.seeker]),
        np.concatenate([arcs.provider, extra.provider]),
        np.concatenate([arcs.skills, extra.skills]),
        arcs.seekers_scored_against_everyone,
    )


def _id_list(ids: list[str]) -> str:
    shown = ", ".join(ids[:IDS_IN_MESSAGE])
    more = len(ids) - IDS_IN_MESSAGE
    return f"{shown} and {more} more" if more > 0 else shown


def _unmatched_reasons(
    cohort: EncodedCohort, unmatched: IntArray, had_candidates: BoolArray
) -> list[Infeasibility]:
    reasons: list[Infeasibility] = []
    without = [cohort.seekers.ids[s] for s in unmatched.tolist() if not had_candidates[s]]
    if without:
        reasons.append(
            Infeasibility(
                InfeasibilityKind.NO_ELIGIBLE_PROVIDER,
                f"{len(without)} seeker(s) have no eligible provider with a free place: "
                f"{_id_list(without)}",
                tuple(without),
            )
        )
    crowded = [cohort.seekers.ids[s] for s in unmatched.tolist() if had_candidates[s]]
    if crowded:
        reasons.append(
            Infeasibility(
                InfeasibilityKind.PROVIDERS_FULL,
                f"{len(crowded)} seeker(s) left unmatched because their eligible providers "
                f"are full: {_id_list(crowded)}",
                tuple(crowded),
            )
        )
    return reasons


def _fixed_pairs(cohort: EncodedCohort) -> tuple[IntArray, IntArray, list[Infeasibility]]:
    """Admin must-pairs as index arrays, or the reasons they cannot all hold."""
    problem = cohort.problem
    problems: list[Infeasibility] = []
    must = list(dict.fromkeys(problem.must_pairs))
    by_seeker: defaultdict[str, list[str]] = defaultdict(list)
    for seeker_id, provider_id in must:
        by_seeker[seeker_id].append(provider_id)
    for seeker_id, provider_ids in by_seeker.items():
        if len(provider_ids) > 1:
            problems.append(
                Infeasibility(
                    InfeasibilityKind.MUST_PAIR_CONFLICT,
                    f"must-pairs give seeker {seeker_id} {len(provider_ids)} providers "
                    f"({', '.join(provider_ids)}); a seeker gets at most one",
                    (seeker_id, *provider_ids),
                )
            )
    must_not = set(problem.must_not_pairs)
    for seeker_id, provider_id in must:
        if (seeker_id, provider_id) in must_not:
            problems.append(
                Infeasibility(
                    InfeasibilityKind.MUST_PAIR_CONFLICT,
                    f"{seeker_id} with {provider_id} is both a must-pair and a must-not pair",
                    (seeker_id, provider_id),
                )
            )
            continue
        reasons = ineligibility_reasons(
            cohort, cohort.seeker_index[seeker_id], cohort.provider_index[provider_id]
        )
        if reasons:
            problems.append(
                Infeasibility(
                    InfeasibilityKind.MUST_PAIR_VIOLATES_CONSTRAINT,
                    f"must-pair {seeker_id} with {provider_id} breaks a hard constraint: "
                    + "; ".join(reasons),
                    (seeker_id, provider_id),
                )
            )
    load = Counter(provider_id for _, provider_id in must)
    for provider_id, count in load.items():
        capacity = int(cohort.capacities[cohort.provider_index[provider_id]])
        if count > capacity:
            seekers = [s for s, p in must if p == provider_id]
            problems.append(
                Infeasibility(
                    InfeasibilityKind.MUST_PAIR_OVER_CAPACITY,
                    f"must-pairs give provider {provider_id} {count} seekers but capacity is "
                    f"{capacity}: {', '.join(seekers)}",
                    (provider_id, *seekers),
                )
            )
    seeker = np.array([cohort.seeker_index[s] for s, _ in must], dtype=np.int64)
    provider = np.array([cohort.provider_index[p] for _, p in must], dtype=np.int64)
    return seeker, provider, problems


def evaluate_pair(problem: MatchingProblem, seeker_id: str, provider_id: str) -> PairEvaluation:
    """Score breakdown of one pair and the hard constraints it breaks, if any."""
    cohort = encode_problem(problem)
    if seeker_id not in cohort.seeker_index:
        raise MatchingInputError(f"seeker_id {seeker_id!r} is not among the seekers")
    if provider_id not in cohort.provider_index:
        raise MatchingInputError(f"provider_id {provider_id!r} is not among the providers")
    s, p = cohort.seeker_index[seeker_id], cohort.provider_index[provider_id]
    reasons = ineligibility_reasons(cohort, s, p)
    breakdown = build_pairs(
        cohort,
        np.array([s]),
        np.array([p]),
        np.ones(cohort.n_providers, dtype=np.int64),
        [False],
    )[0]
    criteria = tuple(c for c in breakdown.criteria if c.criterion is not Criterion.FAIRNESS)
    return PairEvaluation(
        seeker_id=seeker_id,
        provider_id=provider_id,
        eligible=not reasons,
        ineligibility_reasons=tuple(reasons),
        score=sum(c.contribution for c in criteria),
        criteria=criteria,
    )
