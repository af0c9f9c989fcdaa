"""Lunch-roulette groups: never alone, sizes in range, repeats avoided, reproducible."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching_engine import Person, make_groups
from matching_engine.groups import group_sizes


def staff(count: int, teams: int = 3) -> list[Person]:
    return [Person(id=f"u{i}", name=f"User {i}", team=f"team{i % teams}") for i in range(count)]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 40), st.integers(2, 5), st.integers(0, 2**32 - 1))
def test_nobody_is_alone_and_sizes_stay_in_range(n: int, size: int, seed: int) -> None:
    result = make_groups(staff(n), group_size=size, seed=seed, restarts=1)
    sizes = [len(g) for g in result.groups]
    assert sorted(sizes) == sorted(group_sizes(n, size))
    if n >= 2:
        assert all(2 <= s <= size + 1 for s in sizes)
        assert max(sizes) - min(sizes) <= 1
        assert result.ungrouped_ids == ()
    else:
        assert result.groups == ()
        assert len(result.ungrouped_ids) == n
    grouped = [i for g in result.groups for i in g]
    assert len(grouped) == len(set(grouped))
    assert set(grouped) | set(result.ungrouped_ids) == {p.id for p in staff(n)}


@pytest.mark.parametrize(("n", "size"), [(5, 2), (7, 4), (11, 4), (9, 3), (3, 4), (8, 6)])
def test_leftovers_join_other_groups(n: int, size: int) -> None:
    sizes = group_sizes(n, size)
    assert sum(sizes) == n
    assert min(sizes) >= 2


@settings(max_examples=40, deadline=None)
@given(st.integers(6, 30), st.integers(0, 2**32 - 1))
def test_repeats_are_avoided_when_avoidable(n: int, seed: int) -> None:
    people = staff(n)
    last_round = make_groups(people, group_size=2, seed=seed)
    # one earlier round of pairs leaves plenty of fresh partners for everyone
    result = make_groups(people, group_size=2, past_groups=last_round.groups, seed=seed + 1)
    assert result.repeated_pairs == ()
    previous = {frozenset(p) for g in last_round.groups for p in combinations(g, 2)}
    assert not any(frozenset(p) in previous for g in result.groups for p in combinations(g, 2))


def test_unavoidable_repeats_are_reported() -> None:
    people = staff(3)
    result = make_groups(people, group_size=2, past_groups=[("u0", "u1", "u2")])
    (group,) = result.groups
    assert len(group) == 3
    assert {frozenset((r.first_id, r.second_id)) for r in result.repeated_pairs} == {
        frozenset(p) for p in combinations(["u0", "u1", "u2"], 2)
    }
    assert all(r.times_before == 1 for r in result.repeated_pairs)


def test_cross_team_groups_are_preferred() -> None:
    people = staff(12, teams=3)
    result = make_groups(people, group_size=3, seed=7)
    assert result.same_team_pairs == 0
    team = {p.id: p.team for p in people}
    assert all(len({team[i] for i in g}) == len(g) for g in result.groups)


def test_same_seed_same_groups_other_seed_other_groups() -> None:
    people = staff(30)
    first = make_groups(people, group_size=3, seed=42)
    assert make_groups(people, group_size=3, seed=42) == first
    assert make_groups(people, group_size=3, seed=43).groups != first.groups
