"""Peerlearn's matching engine: plain data in, assignments and reasons out. No Django.

Guarantees
----------
- Hard constraints are never broken: no self-pairs, capacities respected, and (as switched
  on in `Constraints`) no reporting-line pairs, time zones within the limit, same/different
  team and job family, no repeat of previous pairs, admin must-not pairs excluded. Admin
  must-pairs are always kept; if they contradict the rules nothing is assigned and the
  result says why (`MatchResult.solved` is False).
- `match(..., method=Method.OPTIMAL)` maximises the total score (weighted pair criteria plus
  the fairness load term) over its candidate graph. With `top_k=K` that graph holds, per
  seeker, the K best eligible providers among those offering a wanted skill (all eligible
  providers when fewer than K offer one) plus the providers the seeker ranked: the result is
  optimal over that graph, not necessarily over all pairs. With `top_k=None` it is optimal
  over every eligible pair. The README gives the measured loss of the default K.
- Every `MatchedPair.score` equals the sum of its criteria contributions, each with a sentence.
- Bad input raises `MatchingInputError` (a `ValueError`) naming the field and the id. An empty
  seeker list is bad input ("nothing to match"); a cohort that cannot be fully matched is a
  result with `infeasibilities`, not an error.
- `make_groups` is deterministic for a given seed and never forms a group of one.
"""

from matching_engine.engine import DEFAULT_TOP_K, PairEvaluation, evaluate_pair, match
from matching_engine.errors import MatchingInputError
from matching_engine.groups import GroupingResult, RepeatedPair, make_groups
from matching_engine.model import (
    Constraints,
    MatchingProblem,
    Person,
    SameOrDifferent,
    ScoringRules,
    Weights,
)
from matching_engine.results import (
    CandidateGraphStats,
    Criterion,
    CriterionScore,
    Infeasibility,
    InfeasibilityKind,
    MatchedPair,
    MatchResult,
    Method,
)

__all__ = [
    "DEFAULT_TOP_K",
    "CandidateGraphStats",
    "Constraints",
    "Criterion",
    "CriterionScore",
    "GroupingResult",
    "Infeasibility",
    "InfeasibilityKind",
    "MatchResult",
    "MatchedPair",
    "MatchingInputError",
    "MatchingProblem",
    "Method",
    "PairEvaluation",
    "Person",
    "RepeatedPair",
    "SameOrDifferent",
    "ScoringRules",
    "Weights",
    "evaluate_pair",
    "make_groups",
    "match",
]
