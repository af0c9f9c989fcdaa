"""The fairness weight spreads seekers over providers instead of piling them on one."""

from __future__ import annotations

from collections import Counter

from matching_engine import MatchingProblem, Person, Weights, match


def crowded_cohort(fairness: float) -> MatchingProblem:
    star = Person("star", skills_offered={"go": 4})
    others = [Person(f"solid{i}", skills_offered={"go": 3}) for i in range(3)]
    seekers = [Person(f"seeker{i}", skills_wanted={"go": 1.0}) for i in range(4)]
    return MatchingProblem(
        seekers=seekers,
        providers=[star, *others],
        capacities=[4, 4, 4, 4],
        weights=Weights(
            skills=1,
            role=0,
            language=0,
            timezone=0,
            cross_team=0,
            preference=0,
            fairness=fairness,
        ),
    )


def max_load(problem: MatchingProblem) -> int:
    return max(Counter(p.provider_id for p in match(problem).pairs).values())


def test_without_fairness_everyone_goes_to_the_star() -> None:
    assert max_load(crowded_cohort(0.0)) == 4


def test_fairness_spreads_the_load() -> None:
    assert max_load(crowded_cohort(1.0)) < max_load(crowded_cohort(0.0))
    assert max_load(crowded_cohort(1.0)) == 1


def test_a_small_fairness_weight_only_moves_seekers_when_worth_it() -> None:
    # the star beats the others by 0.25 per seeker; a second seeker costs 0.2 * (1 - 1/2) = 0.1
    # of fairness, a third 0.2 * (1 - 1/3), a fourth 0.2 * (1 - 1/4): all below 0.25
    assert max_load(crowded_cohort(0.2)) == 4
    # with fairness 0.6 the second seeker already costs 0.3 > 0.25
    assert max_load(crowded_cohort(0.6)) == 1
