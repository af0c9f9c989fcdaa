"""Random-but-constrained groups for lunch roulette and cross-team introductions.

People are split into groups of `group_size` (leftovers join other groups, so nobody is left
alone), avoiding people who met in past groupings and, optionally, people of the same team.
The search is a seeded randomised greedy construction followed by improving swaps, restarted a
few times; the result is deterministic for a given seed. Repeats that remain are reported:
they could not be avoided by the search (which is a heuristic, not an exhaustive proof).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations

from matching_engine.errors import MatchingInputError
from matching_engine.model import Person
from matching_engine.validation import index_ids

REPEAT_COST = 1000.0
SAME_TEAM_COST = 1.0
CANDIDATES_PER_STEP = 64
SWAP_PARTNERS_PER_PERSON = 256


@dataclass(frozen=True, slots=True)
class RepeatedPair:
    first_id: str
    second_id: str
    times_before: int


@dataclass(frozen=True, slots=True)
class GroupingResult:
    groups: tuple[tuple[str, ...], ...]
    repeated_pairs: tuple[RepeatedPair, ...]
    """Pairs grouped together again although they met before: the search found no way out."""
    same_team_pairs: int
    ungrouped_ids: tuple[str, ...]
    """Only ever a single person: one person alone cannot form a group."""


def group_sizes(n_people: int, group_size: int) -> list[int]:
    """Sizes group_size or group_size + 1; if leftovers outnumber groups, one more group and
    sizes as even as possible. Never a group of one."""
    if n_people < 2:
        return []
    groups, leftover = divmod(n_people, group_size)
    if groups == 0:
        return [n_people]
    if leftover > groups:
        groups += 1
    base, extra = divmod(n_people, groups)
    return [base + 1] * extra + [base] * (groups - extra)


class _Costs:
    def __init__(
        self,
        people: Sequence[Person],
        past_groups: Sequence[Collection[str]],
        *,
        avoid_repeats: bool,
        prefer_cross_team: bool,
    ) -> None:
        index = {p.id: i for i, p in enumerate(people)}
        self.met: Counter[tuple[int, int]] = Counter()
        for group in past_groups:
            members = sorted({index[i] for i in group if i in index})
            for a, b in combinations(members, 2):
                self.met[(a, b)] += 1
        self.teams = [p.team for p in people]
        self.avoid_repeats = avoid_repeats
        self.prefer_cross_team = prefer_cross_team

    def pair(self, a: int, b: int) -> float:
        cost = 0.0
        if self.avoid_repeats:
            cost += REPEAT_COST * self.met.get((a, b) if a < b else (b, a), 0)
        if self.prefer_cross_team and self.teams[a] and self.teams[a] == self.teams[b]:
            cost += SAME_TEAM_COST
        return cost

    def with_group(self, person: int, group: Collection[int]) -> float:
        return sum(self.pair(person, other) for other in group if other != person)

    def total(self, groups: Sequence[Sequence[int]]) -> float:
        return sum(self.pair(a, b) for g in groups for a, b in combinations(g, 2))


def _construct(order: list[int], sizes: list[int], costs: _Costs) -> list[list[int]]:
    remaining = list(order)
    groups: list[list[int]] = []
    for size in sizes:
        group = [remaining.pop(0)]
        while len(group) < size:
            window = remaining[:CANDIDATES_PER_STEP]
            best = min(range(len(window)), key=lambda i: costs.with_group(window[i], group))
            group.append(remaining.pop(best))
        groups.append(group)
    return groups


def _improve(groups: list[list[int]], costs: _Costs, rng: random.Random) -> None:
    """Swap people between groups while a swap lowers the cost of someone in conflict."""
    where = {person: g for g, group in enumerate(groups) for person in group}
    everyone = list(where)
    improved = True
    while improved:
        improved = False
        for person in everyone:
            home = groups[where[person]]
            own = costs.with_group(person, home)
            if own == 0:
                continue
            for partner in rng.sample(everyone, min(SWAP_PARTNERS_PER_PERSON, len(everyone))):
                away = groups[where[partner]]
                if away is home:
                    continue
                before = own + costs.with_group(partner, away)
                home_without = [m for m in home if m != person]
                away_without = [m for m in away if m != partner]
                after = costs.with_group(partner, home_without) + costs.with_group(
                    person, away_without
                )
                if after < before:
                    home[home.index(person)] = partner
                    away[away.index(partner)] = person
                    where[person], where[partner] = where[partner], where[person]
                    improved = True
                    break


def make_groups(
    people: Sequence[Person],
    *,
    group_size: int = 2,
    past_groups: Sequence[Collection[str]] = (),
    prefer_cross_team: bool = True,
    avoid_repeats: bool = True,
    seed: int = 0,
    restarts: int = 8,
) -> GroupingResult:
    """Split `people` into groups; the same inputs and seed always give the same groups.

    `past_groups` are earlier groupings (ids of people not present are ignored). Groups have
    `group_size` or `group_size + 1` members (see `group_sizes`), never one.
    """
    if isinstance(group_size, bool) or not isinstance(group_size, int) or group_size < 2:
        raise MatchingInputError(f"group_size must be an integer >= 2, got {group_size!r}")
    if isinstance(restarts, bool) or not isinstance(restarts, int) or restarts < 1:
        raise MatchingInputError(f"restarts must be an integer >= 1, got {restarts!r}")
    index_ids(people, "people")
    for position, group in enumerate(past_groups):
        if isinstance(group, str):
            raise MatchingInputError(f"past_groups[{position}] must be a collection of ids")
    sizes = group_sizes(len(people), group_size)
    if not sizes:
        return GroupingResult((), (), 0, tuple(p.id for p in people))
    costs = _Costs(
        people, past_groups, avoid_repeats=avoid_repeats, prefer_cross_team=prefer_cross_team
    )
    rng = random.Random(seed)
    best: list[list[int]] | None = None
    best_cost = float("inf")
    for _ in range(restarts):
        order = list(range(len(people)))
        rng.shuffle(order)
        groups = _construct(order, sizes, costs)
        _improve(groups, costs, rng)
        cost = costs.total(groups)
        if cost < best_cost:
            best, best_cost = groups, cost
        if cost == 0:
            break
    assert best is not None
    repeated = [
        RepeatedPair(people[a].id, people[b].id, costs.met[(min(a, b), max(a, b))])
        for group in best
        for a, b in combinations(group, 2)
        if costs.met.get((min(a, b), max(a, b)), 0)
    ]
    same_team = sum(
        1
        for group in best
        for a, b in combinations(group, 2)
        if people[a].team and people[a].team == people[b].team
    )
    return GroupingResult(
        groups=tuple(tuple(people[i].id for i in group) for group in best),
        repeated_pairs=tuple(repeated),
        same_team_pairs=same_team,
        ungrouped_ids=(),
    )
