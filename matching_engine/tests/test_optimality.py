"""The optimal solver against brute force on small random cohorts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from matching_engine import MatchingProblem, Method, evaluate_pair, match
from matching_engine.tests.cohorts import (
    all_assignments,
    broken_rules,
    cohorts,
    expected_pair_score,
    fairness_value,
)

TOLERANCE = 1e-5


def brute_force_optimum(problem: MatchingProblem) -> float | None:
    """Best total score over every assignment that keeps all rules; None if there is none."""
    seekers, providers = list(problem.seekers), list(problem.providers)
    score = {
        (s, p): expected_pair_score(problem, seekers[s], providers[p])
        for s in range(len(seekers))
        for p in range(len(providers))
        if not broken_rules(problem, seekers[s], providers[p])
    }
    index_of = {p.id: i for i, p in enumerate(providers)}
    must = {
        [x.id for x in seekers].index(s_id): index_of[p_id] for s_id, p_id in problem.must_pairs
    }
    best: float | None = None
    for assignment in all_assignments(len(seekers), len(providers)):
        if any(assignment[s] != p for s, p in must.items()):
            continue
        loads = [0] * len(providers)
        total = 0.0
        valid = True
        for s, p in enumerate(assignment):
            if p is None:
                continue
            if (s, p) not in score:
                valid = False
                break
            loads[p] += 1
            total += score[(s, p)]
        if not valid or any(
            load > cap for load, cap in zip(loads, problem.capacities, strict=True)
        ):
            continue
        total += fairness_value(problem, loads)
        if best is None or total > best + 1e-12:
            best = total
    return best


@settings(max_examples=120, deadline=None)
@given(cohorts())
def test_optimal_equals_brute_force(problem: MatchingProblem) -> None:
    best = brute_force_optimum(problem)
    for top_k in (None, 4):  # 4 >= providers here, so the pruned graph is complete too
        result = match(problem, top_k=top_k)
        if best is None:
            assert not result.solved
            assert result.pairs == ()
        else:
            assert result.solved
            assert result.total_score == pytest.approx(best, abs=TOLERANCE)


@settings(max_examples=60, deadline=None)
@given(cohorts(with_fixed_pairs=False))
def test_dense_assignment_agrees_with_flow(problem: MatchingProblem) -> None:
    flow = match(problem, method=Method.OPTIMAL, top_k=None)
    dense = match(problem, method=Method.DENSE)
    assert dense.total_score == pytest.approx(flow.total_score, abs=TOLERANCE)


@settings(max_examples=60, deadline=None)
@given(cohorts(with_fixed_pairs=False))
def test_greedy_and_stable_never_beat_the_optimum(problem: MatchingProblem) -> None:
    optimum = match(problem, top_k=None).total_score
    for method in (Method.GREEDY, Method.STABLE):
        assert match(problem, method=method, top_k=None).total_score <= optimum + TOLERANCE


@settings(max_examples=80, deadline=None)
@given(cohorts())
def test_engine_scores_match_an_independent_implementation(problem: MatchingProblem) -> None:
    for seeker in problem.seekers:
        for provider in problem.providers:
            evaluation = evaluate_pair(problem, seeker.id, provider.id)
            assert evaluation.score == pytest.approx(
                expected_pair_score(problem, seeker, provider), abs=1e-9
            )
            assert evaluation.eligible == (not broken_rules(problem, seeker, provider))
