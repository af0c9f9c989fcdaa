"""Every pair's score is the sum of its criteria, each with a sentence a person can read."""

from __future__ import annotations

import math

from hypothesis import given, settings

from matching_engine import Criterion, MatchingProblem, Person, Weights, match
from matching_engine.tests.cohorts import cohorts


@settings(max_examples=80, deadline=None)
@given(cohorts(max_seekers=10, max_providers=6))
def test_contributions_sum_to_the_pair_score(problem: MatchingProblem) -> None:
    result = match(problem)
    for pair in result.pairs:
        assert math.isclose(
            sum(c.contribution for c in pair.criteria), pair.score, rel_tol=0, abs_tol=1e-12
        )
        for part in pair.criteria:
            assert 0.0 <= part.score <= 1.0
            assert part.weight > 0
            assert math.isclose(part.contribution, part.weight * part.score, abs_tol=1e-12)
            assert part.sentence
        assert pair.explanation
    assert math.isclose(result.total_score, sum(p.score for p in result.pairs), abs_tol=1e-9)


def test_sentences_name_skills_roles_and_hours() -> None:
    ana = Person(
        id="ana",
        name="Ana",
        job_family="Data Engineering",
        level_rank=4,
        team="Payments",
        utc_offset_minutes=60,
        languages=frozenset({"English", "Portuguese"}),
        skills_offered={"s-dbt": 4, "s-sql": 3},
    )
    ben = Person(
        id="ben",
        name="Ben",
        job_family="Data Engineering",
        level_rank=2,
        team="Search",
        utc_offset_minutes=420,
        languages=frozenset({"English"}),
        skills_wanted={"s-dbt": 1.0},
    )
    problem = MatchingProblem(
        seekers=[ben],
        providers=[ana],
        capacities=[1],
        preferences={"ben": ["ana"]},
        skill_names={"s-dbt": "dbt", "s-sql": "SQL"},
        weights=Weights(fairness=0.5),
    )
    (pair,) = match(problem).pairs
    sentences = {c.criterion: c.sentence for c in pair.criteria}
    assert sentences[Criterion.SKILLS] == "Ana is level 4 in dbt, which Ben wants to learn"
    assert sentences[Criterion.ROLE] == "both in Data Engineering; Ana is 2 levels above Ben"
    assert sentences[Criterion.LANGUAGE] == "both speak English"
    assert sentences[Criterion.TIMEZONE] == "2 h of shared working hours"
    assert sentences[Criterion.CROSS_TEAM] == "different teams (Search, Payments)"
    assert sentences[Criterion.PREFERENCE] == "Ben ranked Ana #1 of 1"
    assert sentences[Criterion.FAIRNESS] == "Ana is paired with no one else in this round"
    assert pair.explanation.startswith("Ana is level 4 in dbt")
    scores = {c.criterion: c.score for c in pair.criteria}
    assert scores[Criterion.SKILLS] == 1.0
    assert scores[Criterion.TIMEZONE] == 0.25


def test_zero_weight_criteria_are_left_out() -> None:
    weights = Weights(
        skills=1, role=0, language=0, timezone=0, cross_team=0, preference=0, fairness=0
    )
    problem = MatchingProblem(
        seekers=[Person("a", skills_wanted={"go": 1.0})],
        providers=[Person("b", skills_offered={"go": 2})],
        capacities=[1],
        weights=weights,
    )
    (pair,) = match(problem).pairs
    assert [c.criterion for c in pair.criteria] == [Criterion.SKILLS]
    assert pair.score == 0.5
