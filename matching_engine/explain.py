"""Score breakdowns with one human sentence per criterion.

Scores come from the vectorised criteria; only the sentences are built per pair, for the pairs
actually returned. A pair's score is computed as the sum of its contributions, so the two
always agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching_engine.array_types import FloatArray, IntArray
from matching_engine.encoding import EncodedCohort
from matching_engine.model import Person
from matching_engine.results import PAIR_CRITERIA, Criterion, CriterionScore, MatchedPair
from matching_engine.scoring import pair_criteria, pair_weights


def fairness_scores(loads: IntArray) -> FloatArray:
    """Per pair of a provider with load L: the mean of 1/k over its places, H(L) / L.

    The provider's pairs share its load term equally, so their fairness contributions add up
    to exactly the value the flow optimised for that provider.
    """
    loads = np.maximum(loads, 1)
    harmonic = np.cumsum(1.0 / np.arange(1, int(loads.max(initial=1)) + 1))
    result: FloatArray = harmonic[loads - 1] / loads
    return result


class _Sentences:
    def __init__(self, cohort: EncodedCohort) -> None:
        self.cohort = cohort
        self.problem = cohort.problem

    def skills(self, seeker: Person, provider: Person) -> str:
        if not seeker.skills_wanted:
            return f"{seeker.display_name} listed no skill to learn"
        taught = [
            (priority, skill, provider.skills_offered.get(skill, 0))
            for skill, priority in seeker.skills_wanted.items()
        ]
        taught = sorted((t for t in taught if t[2] > 0), key=lambda t: (-t[0], t[1]))
        if not taught:
            return f"{provider.display_name} offers none of the skills {seeker.display_name} wants"
        levels = _listed(
            [f"level {level} in {self.problem.skill_name(skill)}" for _, skill, level in taught]
        )
        return f"{provider.display_name} is {levels}, which {seeker.display_name} wants to learn"

    def role(self, seeker: Person, provider: Person) -> str:
        rules = self.problem.rules
        gap = provider.level_rank - seeker.level_rank
        same_family = bool(seeker.job_family) and seeker.job_family == provider.job_family
        if same_family:
            family = f"both in {seeker.job_family}"
        else:
            families = f"{seeker.job_family or '?'}, {provider.job_family or '?'}"
            family = f"different job families ({families})"
        if rules.level_gap_min <= gap <= rules.level_gap_max:
            return f"{family}; {provider.display_name} is {_levels(gap)} {seeker.display_name}"
        return f"{family}; level gap {gap} is outside {rules.level_gap_min}..{rules.level_gap_max}"

    def language(self, seeker: Person, provider: Person) -> str:
        shared = sorted(seeker.languages & provider.languages)
        return f"both speak {', '.join(shared)}" if shared else "no shared language"

    def timezone(self, overlap_share: float) -> str:
        overlap_hours = round(overlap_share * self.problem.rules.workday_minutes / 60, 1)
        if overlap_hours == 0:
            return "no shared working hours"
        return f"{overlap_hours:g} h of shared working hours"

    def cross_team(self, seeker: Person, provider: Person) -> str:
        if seeker.team and seeker.team == provider.team:
            return f"same team ({seeker.team})"
        return f"different teams ({seeker.team or '?'}, {provider.team or '?'})"

    def preference(self, seeker: Person, provider: Person) -> str:
        ranked = list(self.problem.preferences.get(seeker.id, ()))
        if provider.id in ranked:
            rank = ranked.index(provider.id) + 1
            return f"{seeker.display_name} ranked {provider.display_name} #{rank} of {len(ranked)}"
        return f"{provider.display_name} is not among {seeker.display_name}'s choices"

    def fairness(self, provider: Person, load: int) -> str:
        others = load - 1
        if others == 0:
            return f"{provider.display_name} is paired with no one else in this round"
        people = "person" if others == 1 else "people"
        return f"{provider.display_name} is paired with {others} other {people} in this round"


def _listed(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c": how a sentence lists things."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _levels(gap: int) -> str:
    if gap == 0:
        return "at the same level as"
    noun = "level" if abs(gap) == 1 else "levels"
    return f"{abs(gap)} {noun} {'above' if gap > 0 else 'below'}"


def build_pairs(
    cohort: EncodedCohort,
    seeker: IntArray,
    provider: IntArray,
    loads: IntArray,
    fixed: Sequence[bool],
) -> tuple[MatchedPair, ...]:
    """Pairs with breakdowns; `loads[provider]` is the provider's final load (fixed included)."""
    if len(seeker) == 0:
        return ()
    problem = cohort.problem
    criteria = pair_criteria(cohort, seeker, provider)
    weights = pair_weights(cohort)
    fairness_weight = problem.weights.fairness
    fairness = fairness_scores(loads[provider])
    sentences = _Sentences(cohort)
    active = [(column, c) for column, c in enumerate(PAIR_CRITERIA) if weights[column] > 0]
    pairs: list[MatchedPair] = []
    for row, (s, p) in enumerate(zip(seeker.tolist(), provider.tolist(), strict=True)):
        seeker_person, provider_person = problem.seekers[s], problem.providers[p]
        parts: list[CriterionScore] = []
        for column, criterion in active:
            score = float(criteria[row, column])
            weight = float(weights[column])
            parts.append(
                CriterionScore(
                    criterion,
                    score,
                    weight,
                    weight * score,
                    _sentence(sentences, criterion, score, seeker_person, provider_person),
                )
            )
        if fairness_weight > 0:
            score = float(fairness[row])
            parts.append(
                CriterionScore(
                    Criterion.FAIRNESS,
                    score,
                    fairness_weight,
                    fairness_weight * score,
                    sentences.fairness(provider_person, int(loads[p])),
                )
            )
        pairs.append(
            MatchedPair(
                seeker_id=seeker_person.id,
                provider_id=provider_person.id,
                score=sum(part.contribution for part in parts),
                criteria=tuple(parts),
                fixed_by_admin=fixed[row],
            )
        )
    return tuple(pairs)


def _sentence(
    sentences: _Sentences,
    criterion: Criterion,
    score: float,
    seeker: Person,
    provider: Person,
) -> str:
    if criterion is Criterion.SKILLS:
        return sentences.skills(seeker, provider)
    if criterion is Criterion.ROLE:
        return sentences.role(seeker, provider)
    if criterion is Criterion.LANGUAGE:
        return sentences.language(seeker, provider)
    if criterion is Criterion.TIMEZONE:
        return sentences.timezone(score)
    if criterion is Criterion.CROSS_TEAM:
        return sentences.cross_team(seeker, provider)
    return sentences.preference(seeker, provider)
