"""Stable mode: no seeker and provider would both rather be together."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from matching_engine import MatchingProblem, Method, evaluate_pair, match
from matching_engine.stable import gale_shapley
from matching_engine.tests.cohorts import cohorts


@st.composite
def preference_games(draw: st.DrawFn) -> tuple[list[list[int]], list[dict[int, int]], list[int]]:
    n_seekers = draw(st.integers(1, 8))
    n_providers = draw(st.integers(1, 5))
    choices = [
        draw(
            st.permutations(range(n_providers))
            .map(lambda p: list(p))
            .flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k]))
        )
        for _ in range(n_seekers)
    ]
    ranks = []
    for _ in range(n_providers):
        order = draw(st.permutations(range(n_seekers)))
        accepted = draw(st.integers(0, n_seekers))
        ranks.append({s: r for r, s in enumerate(order[:accepted])})
    capacities = draw(st.lists(st.integers(0, 3), min_size=n_providers, max_size=n_providers))
    return choices, ranks, capacities


@settings(max_examples=200, deadline=None)
@given(preference_games())
def test_gale_shapley_leaves_no_blocking_pair(
    game: tuple[list[list[int]], list[dict[int, int]], list[int]],
) -> None:
    choices, ranks, capacities = game
    assignment = gale_shapley(choices, ranks, capacities)
    held: defaultdict[int, list[int]] = defaultdict(list)
    for seeker, provider in enumerate(assignment):
        if provider >= 0:
            assert provider in choices[seeker]
            assert seeker in ranks[provider]
            held[provider].append(seeker)
    for provider, seekers in held.items():
        assert len(seekers) <= capacities[provider]
    for seeker, listed in enumerate(choices):
        current = assignment[seeker]
        better = listed if current < 0 else listed[: listed.index(current)]
        for provider in better:
            if seeker not in ranks[provider] or capacities[provider] == 0:
                continue
            has_room = len(held[provider]) < capacities[provider]
            worst = max((ranks[provider][s] for s in held[provider]), default=-1)
            assert not has_room, f"seeker {seeker} and provider {provider} block"
            assert ranks[provider][seeker] > worst, f"seeker {seeker} and {provider} block"


@settings(max_examples=80, deadline=None)
@given(cohorts(max_seekers=8, max_providers=5, with_fixed_pairs=False))
def test_stable_mode_has_no_pair_that_both_strictly_prefer(problem: MatchingProblem) -> None:
    """Without stated preferences both sides rank by pair score: no pair may score strictly
    higher than what the seeker has and than what the provider's worst seeker gives it."""
    problem = MatchingProblem(
        seekers=problem.seekers,
        providers=problem.providers,
        capacities=problem.capacities,
        constraints=problem.constraints,
        weights=problem.weights,
        previous_pairs=problem.previous_pairs,
        must_not_pairs=problem.must_not_pairs,
    )
    result = match(problem, method=Method.STABLE, top_k=None)
    partner = {p.seeker_id: p.provider_id for p in result.pairs}
    held: defaultdict[str, list[str]] = defaultdict(list)
    for seeker_id, provider_id in partner.items():
        held[provider_id].append(seeker_id)
    capacity = {p.id: c for p, c in zip(problem.providers, problem.capacities, strict=True)}

    def score(seeker_id: str, provider_id: str) -> float:
        return evaluate_pair(problem, seeker_id, provider_id).score

    for seeker in problem.seekers:
        for provider in problem.providers:
            evaluation = evaluate_pair(problem, seeker.id, provider.id)
            if not evaluation.eligible or capacity[provider.id] == 0:
                continue
            if partner.get(seeker.id) == provider.id:
                continue
            current = partner.get(seeker.id)
            seeker_gains = current is None or evaluation.score > score(seeker.id, current) + 1e-9
            if not seeker_gains:
                continue
            room = len(held[provider.id]) < capacity[provider.id]
            worst = min((score(s, provider.id) for s in held[provider.id]), default=0.0)
            assert not room, f"{seeker.id} and {provider.id} block: provider has room"
            assert evaluation.score <= worst + 1e-9, f"{seeker.id} and {provider.id} block"
