"""Solvers to compare against the min-cost flow: dense assignment and greedy.

Both take the same `FlowInput` as `matching_engine.flow.solve_flow` and return a provider
index per seeker (-1 when unmatched).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from matching_engine.array_types import IntArray
from matching_engine.flow import FlowInput, integer_unit, place_values


def solve_dense(problem: FlowInput) -> IntArray:
    """Exact optimum by `linear_sum_assignment` on a seekers x (places + unmatched) matrix.

    Memory and time grow with seekers x total places, so this is for small cohorts and as an
    independent check of the flow. Uses the flow's integer objective, so both agree exactly.
    """
    n_seekers = problem.n_seekers
    place_provider: list[int] = []
    place_value: list[float] = []
    for provider, places in enumerate(problem.free_places.tolist()):
        if places > 0:
            place_provider.extend([provider] * places)
            place_value.extend(
                place_values(problem.fairness_weight, int(problem.fixed_load[provider]), places)
                if problem.fairness_weight > 0
                else [0.0] * places
            )
    providers = np.asarray(place_provider, dtype=np.int64)
    values = np.asarray(place_value, dtype=np.float64)
    max_arc = float(problem.arc_value.max()) if len(problem.arc_value) else 0.0
    max_place = float(values.max()) if len(values) else 0.0
    unit = integer_unit(max_arc + max_place, n_seekers + len(providers) + 1)
    cost = np.full((n_seekers, len(providers) + n_seekers), np.inf)
    cost[:, len(providers) :] = 0.0
    for seeker, provider, value in zip(
        problem.arc_seeker.tolist(),
        problem.arc_provider.tolist(),
        problem.arc_value.tolist(),
        strict=True,
    ):
        columns = np.flatnonzero(providers == provider)
        cost[seeker, columns] = -(np.rint(value * unit) + np.rint(values[columns] * unit) + 1)
    rows, columns = linear_sum_assignment(cost)
    assignment = np.full(n_seekers, -1, dtype=np.int64)
    matched = columns < len(providers)
    assignment[rows[matched]] = providers[columns[matched]]
    return assignment


def solve_greedy(problem: FlowInput) -> IntArray:
    """Best remaining arc first while the seeker is free and the provider has a place.

    Ignores fairness when choosing (the load term is still counted in the result's score).
    Arcs of equal value keep their order, which candidate generation already shuffled.
    """
    order = np.argsort(-problem.arc_value, kind="stable")
    free = problem.free_places.tolist()
    assignment = [-1] * problem.n_seekers
    remaining = problem.n_seekers
    for seeker, provider in zip(
        problem.arc_seeker[order].tolist(), problem.arc_provider[order].tolist(), strict=True
    ):
        if assignment[seeker] < 0 and free[provider] > 0:
            assignment[seeker] = provider
            free[provider] -= 1
            remaining -= 1
            if remaining == 0:
                break
    return np.asarray(assignment, dtype=np.int64)
