"""Maximum-score assignment with capacities as a min-cost flow (OR-Tools).

Network: each seeker has supply 1 and three kinds of arcs leave it: to each candidate provider
(capacity 1, cost = -value of the pair) and to the sink ("unmatched", cost 0), so any pruned
graph stays feasible. Each provider reaches the sink through one arc per free place; with a
fairness weight w the k-th place costs -w/k, an increasing (convex) marginal cost, which a min-cost
flow fills cheapest first, so the load term is optimised exactly.

OR-Tools needs integer costs: values are scaled so that the largest path value is
RESOLUTION units (pair values are then exact to 1 / RESOLUTION of the largest one). Every
matched arc gets one extra unit, which breaks ties towards matching more seekers (it can
outweigh at most one unit of score per seeker). Larger costs buy no precision that matters,
slow the cost-scaling algorithm down (more scaling phases), and make OR-Tools give up with
BAD_COST_RANGE when its potentials could overflow; then the solve is retried coarser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from matching_engine.array_types import FloatArray, IntArray

RESOLUTION = 10_000_000
INT64_BUDGET = 2**61
"""OR-Tools 9.15 rejects max|cost| * 2.25 * (nodes + 1) > 2^63 up front (measured)."""


@dataclass(frozen=True, slots=True)
class FlowInput:
    arc_seeker: IntArray
    """Indices into `seekers` (0..len(seekers)-1), not global seeker indices."""
    arc_provider: IntArray
    arc_value: FloatArray
    n_seekers: int
    free_places: IntArray
    """Per provider, places left after admin-fixed pairs."""
    fixed_load: IntArray
    """Per provider, seekers already assigned by admin-fixed pairs (they hold the first places)."""
    fairness_weight: float


def place_values(fairness_weight: float, first_place: int, places: int) -> FloatArray:
    """Fairness value of places first_place+1 .. first_place+places: w/k for the k-th mentee."""
    k = np.arange(first_place + 1, first_place + places + 1, dtype=np.float64)
    return fairness_weight / k


def integer_unit(max_path_value: float, n_nodes: int, resolution: int = RESOLUTION) -> float:
    """Units per point of value: the largest path value becomes about `resolution` units,
    and never so many that |cost| * (nodes + 1) could leave int64."""
    if max_path_value <= 0:
        return 1.0
    budget = INT64_BUDGET // (n_nodes + 1) - 1
    return min(resolution, budget) / max_path_value


def solve_flow(problem: FlowInput) -> IntArray:
    """Provider index per seeker (-1 when unmatched), maximising total value."""
    n_seekers = problem.n_seekers
    has_arc = np.bincount(problem.arc_provider, minlength=len(problem.free_places)) > 0
    providers_used = np.flatnonzero(has_arc)
    arc_provider_local = (np.cumsum(has_arc) - 1)[problem.arc_provider]
    indegree = np.bincount(arc_provider_local, minlength=len(providers_used))
    places = np.minimum(problem.free_places[providers_used], indegree)
    fixed = problem.fixed_load[providers_used]
    sink = n_seekers + len(providers_used)
    n_nodes = sink + 1

    if problem.fairness_weight > 0:
        place_provider = np.repeat(np.arange(len(providers_used)), places)
        first = np.repeat(np.cumsum(places) - places, places)
        place_number = fixed[place_provider] + (np.arange(len(place_provider)) - first) + 1
        place_value = problem.fairness_weight / place_number.astype(np.float64)
        place_capacity = np.ones(len(place_provider), dtype=np.int64)
    else:
        place_provider = np.arange(len(providers_used))
        place_value = np.zeros(len(providers_used))
        place_capacity = places.astype(np.int64)
    max_arc = float(problem.arc_value.max()) if len(problem.arc_value) else 0.0
    max_place = float(place_value.max()) if len(place_value) else 0.0
    n_arcs = len(problem.arc_seeker)
    tails = np.concatenate(
        [problem.arc_seeker, np.arange(n_seekers), n_seekers + place_provider]
    ).astype(np.int32)
    heads = np.concatenate(
        [
            n_seekers + arc_provider_local,
            np.full(n_seekers, sink),
            np.full(len(place_provider), sink),
        ]
    ).astype(np.int32)
    capacities = np.concatenate([np.ones(n_arcs + n_seekers, dtype=np.int64), place_capacity])
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[:n_seekers] = 1
    supplies[sink] = -n_seekers

    resolution = RESOLUTION
    while True:
        unit = integer_unit(max(max_arc, 0.0) + max_place, n_nodes, resolution)
        costs = np.concatenate(
            [
                -(np.rint(problem.arc_value * unit).astype(np.int64) + 1),
                np.zeros(n_seekers, dtype=np.int64),
                -np.rint(place_value * unit).astype(np.int64),
            ]
        )
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        solver.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
        status = solver.solve()
        if status == min_cost_flow.SimpleMinCostFlow.BAD_COST_RANGE and resolution > 1000:
            resolution //= 100
            continue
        if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
            raise RuntimeError(f"min-cost flow ended with status {status}")
        break
    flows = solver.flows(np.arange(n_arcs, dtype=np.int32)) if n_arcs else np.empty(0)
    chosen = np.flatnonzero(flows > 0)
    assignment = np.full(n_seekers, -1, dtype=np.int64)
    assignment[problem.arc_seeker[chosen]] = problem.arc_provider[chosen]
    return assignment
