"""The pruned graph holds exactly what the docs promise: the K best eligible providers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching_engine import MatchingProblem, Weights, match
from matching_engine.candidates import candidate_arcs
from matching_engine.encoding import encode_problem
from matching_engine.tests.cohorts import broken_rules, cohorts, expected_pair_score


@settings(max_examples=100, deadline=None)
@given(cohorts(max_seekers=10, max_providers=12, with_fixed_pairs=False), st.integers(1, 4))
def test_each_seeker_gets_its_k_best_eligible_providers(problem: MatchingProblem, k: int) -> None:
    cohort = encode_problem(problem)
    open_ = np.asarray(problem.capacities, dtype=np.int64) > 0
    arcs = candidate_arcs(
        cohort, seekers=np.arange(len(problem.seekers)), provider_open=open_, top_k=k, threads=1
    )
    without_preference = replace(problem, weights=replace(problem.weights, preference=0.0))
    chosen = {(int(s), int(p)) for s, p in zip(arcs.seeker, arcs.provider, strict=True)}
    assert len(chosen) == len(arcs.seeker), "duplicate arcs"
    for s, seeker in enumerate(problem.seekers):
        eligible = [
            p
            for p, provider in enumerate(problem.providers)
            if open_[p] and not broken_rules(problem, seeker, provider)
        ]
        pool = [
            p
            for p in eligible
            if any(problem.providers[p].skills_offered.get(x, 0) > 0 for x in seeker.skills_wanted)
        ]
        ranked_ids = set(problem.preferences.get(seeker.id, ()))
        preferred = {p for p in eligible if problem.providers[p].id in ranked_ids}
        mine = {p for (t, p) in chosen if t == s}
        assert mine <= set(eligible)
        assert preferred <= mine
        scope = pool if len(pool) >= k else eligible
        assert mine - set(scope) <= preferred
        assert len(mine & set(scope)) >= min(k, len(scope))
        assert len(mine - preferred) <= k

        base = {
            p: expected_pair_score(without_preference, seeker, problem.providers[p]) for p in scope
        }
        kept = [p for p in mine & set(scope) if p not in preferred]
        dropped = [p for p in scope if p not in mine]
        if kept and dropped:
            # ranking runs in float32: near-ties within about 1e-6 may go either way
            assert min(base[p] for p in kept) >= max(base[p] for p in dropped) - 1e-5


@settings(max_examples=60, deadline=None)
@given(cohorts(max_seekers=10, max_providers=8, with_fixed_pairs=False))
def test_a_larger_graph_never_scores_less(problem: MatchingProblem) -> None:
    small = match(problem, top_k=1).total_score
    large = match(problem, top_k=None).total_score
    assert large >= small - 1e-5


def test_ties_are_spread_over_equally_good_providers() -> None:
    from matching_engine import Person

    providers = [Person(f"p{i}", skills_offered={"go": 3}) for i in range(40)]
    seekers = [Person(f"s{i}", skills_wanted={"go": 1.0}) for i in range(40)]
    problem = MatchingProblem(
        seekers=seekers,
        providers=providers,
        capacities=[1] * 40,
        weights=Weights(fairness=0),
    )
    cohort = encode_problem(problem)
    arcs = candidate_arcs(
        cohort, seekers=np.arange(40), provider_open=np.ones(40, dtype=np.bool_), top_k=2
    )
    # the same two providers for everyone would leave 38 seekers without a place
    assert len(set(arcs.provider.tolist())) > 20
    assert len(match(problem, top_k=2).pairs) == 40


def test_seekers_left_out_by_a_small_graph_get_providers_with_room() -> None:
    from matching_engine import Person

    star = Person("star", skills_offered={"go": 4})
    plain = Person("plain", skills_offered={"go": 1})
    seekers = [Person("a", skills_wanted={"go": 1.0}), Person("b", skills_wanted={"go": 1.0})]
    problem = MatchingProblem(seekers=seekers, providers=[star, plain], capacities=[1, 1])
    result = match(problem, top_k=1)  # both seekers' only candidate is the star
    assert {p.provider_id for p in result.pairs} == {"star", "plain"}
    assert result.feasible
    assert result.graph.arcs == 3
