"""What the engine answers: pairs with their reasons, and why a cohort could not be matched."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Criterion(enum.Enum):
    """Soft criteria, in the order they appear in every breakdown."""

    SKILLS = "skills"
    ROLE = "role"
    LANGUAGE = "language"
    TIMEZONE = "timezone"
    CROSS_TEAM = "cross_team"
    PREFERENCE = "preference"
    FAIRNESS = "fairness"


PAIR_CRITERIA: tuple[Criterion, ...] = (
    Criterion.SKILLS,
    Criterion.ROLE,
    Criterion.LANGUAGE,
    Criterion.TIMEZONE,
    Criterion.CROSS_TEAM,
    Criterion.PREFERENCE,
)
"""Criteria that depend on the pair alone; fairness depends on the provider's whole load."""


class Method(enum.Enum):
    """How `match` assigns seekers to providers."""

    OPTIMAL = "optimal"
    """Min-cost flow: maximum total score over the candidate graph (see `match`)."""
    DENSE = "dense"
    """`scipy.optimize.linear_sum_assignment` over every eligible pair; small cohorts only."""
    GREEDY = "greedy"
    """Best remaining pair first over the candidate graph: a fast baseline, not optimal."""
    STABLE = "stable"
    """Seeker-proposing Gale-Shapley with capacities: no blocking pair, not maximum score."""


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """One criterion's part of a pair score: `contribution == weight * score`."""

    criterion: Criterion
    score: float
    weight: float
    contribution: float
    sentence: str


@dataclass(frozen=True, slots=True)
class MatchedPair:
    """A seeker paired with a provider; `score` is exactly the sum of the contributions."""

    seeker_id: str
    provider_id: str
    score: float
    criteria: tuple[CriterionScore, ...]
    fixed_by_admin: bool = False

    @property
    def explanation(self) -> str:
        """The sentences of the criteria that contributed, most important first."""
        ranked = sorted(
            (c for c in self.criteria if c.contribution > 0),
            key=lambda c: -c.contribution,
        )
        return "; ".join(c.sentence for c in ranked) or "no criterion favours this pair"


class InfeasibilityKind(enum.Enum):
    NO_ELIGIBLE_PROVIDER = "no_eligible_provider"
    PROVIDERS_FULL = "providers_full"
    MUST_PAIR_CONFLICT = "must_pair_conflict"
    MUST_PAIR_VIOLATES_CONSTRAINT = "must_pair_violates_constraint"
    MUST_PAIR_OVER_CAPACITY = "must_pair_over_capacity"


BLOCKING_KINDS = frozenset(
    {
        InfeasibilityKind.MUST_PAIR_CONFLICT,
        InfeasibilityKind.MUST_PAIR_VIOLATES_CONSTRAINT,
        InfeasibilityKind.MUST_PAIR_OVER_CAPACITY,
    }
)
"""Kinds that stop the run: the admin's fixed pairs cannot all hold, so nothing is assigned."""


@dataclass(frozen=True, slots=True)
class Infeasibility:
    """Why (part of) a cohort cannot be matched, with the people affected."""

    kind: InfeasibilityKind
    message: str
    person_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CandidateGraphStats:
    """Size of the graph the solver saw; `top_k is None` means every eligible pair."""

    top_k: int | None
    arcs: int
    seekers_scored_against_everyone: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Assignments with reasons. `feasible` is False when some seeker is left unmatched or the
    admin's fixed pairs cannot hold; `infeasibilities` says why and names the people."""

    method: Method
    pairs: tuple[MatchedPair, ...]
    unmatched_seeker_ids: tuple[str, ...]
    infeasibilities: tuple[Infeasibility, ...]
    graph: CandidateGraphStats
    provider_loads: Mapping[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return not self.infeasibilities

    @property
    def solved(self) -> bool:
        """False when fixed pairs contradict the rules, so no assignment was attempted."""
        return not any(i.kind in BLOCKING_KINDS for i in self.infeasibilities)

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.pairs)

    def pair_for(self, seeker_id: str) -> MatchedPair | None:
        return next((p for p in self.pairs if p.seeker_id == seeker_id), None)
