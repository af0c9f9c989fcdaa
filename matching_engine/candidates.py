"""The candidate graph: for each seeker, the K best eligible providers.

For each seeker the *pool* is the eligible providers who offer at least one skill the seeker
wants; it comes from the sparse product `wanted @ offered.T`, one block of seekers at a time,
so the work grows with the number of skill overlaps rather than with seekers x providers.
The other criteria depend only on a person's *class*, (job family, level) and (time zone,
languages), so they come from small class-by-class tables (see `_CandidateBuilder`).

Candidates of a seeker are
  - the K best pool members by pair score, or, when the pool has fewer than K eligible
    providers, the K best of *all* eligible providers (scored against everyone), and
  - every eligible provider the seeker ranked in their preferences.
Exact ties are broken by a fixed pseudo-random order of pairs, so that equally good providers
are spread over seekers instead of everyone getting the same K. With `top_k=None` the graph
is every eligible pair (cost grows with seekers x providers: small cohorts only).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching_engine.array_types import (
    BoolArray,
    Float32Array,
    FloatArray,
    Int32Array,
    IntArray,
)
from matching_engine.encoding import EncodedCohort, SideArrays
from matching_engine.keysets import contains, unique_inverse, unique_rows_inverse
from matching_engine.model import MAX_LEVEL_RANK, MAX_SKILL_LEVEL, SameOrDifferent
from matching_engine.scoring import (
    eligible,
    forbidden,
    language_scores,
    role_scores,
    rule_allows,
    same_job_family,
    skill_scores,
    timezone_allows,
    timezone_scores,
)

POOL_ENTRIES_PER_BLOCK = 2_000_000
"""Bounds the memory of one block (a few tens of bytes per entry) and keeps both cores busy."""
MAX_ROWS_PER_BLOCK = 4096
TABLE_CELLS_PER_BLOCK = 4_000_000
"""Bounds a block's seekers x (role class, locale class) table when classes are many."""
HISTOGRAM_BINS = 512


@dataclass(frozen=True, slots=True)
class CandidateArcs:
    seeker: IntArray
    provider: IntArray
    skills: FloatArray
    """Skill score of each arc, already known from the product; saves a second look-up."""
    seekers_scored_against_everyone: int


@dataclass(frozen=True, slots=True)
class _Classes:
    """People grouped by the attributes the non-skill criteria depend on: role classes by
    (job family, level), locale classes by (time zone, languages)."""

    role: Int32Array
    locale: Int32Array
    role_representative: IntArray
    locale_representative: IntArray


def _classes(side: SideArrays, members: IntArray) -> _Classes:
    role_key = side.job_family[members].astype(np.int64) * (MAX_LEVEL_RANK + 1)
    role_key += side.level_rank[members]
    role_first, role = unique_inverse(role_key)
    locale_key = np.column_stack(
        [
            side.utc_offset_minutes[members].astype(np.int64),
            side.language_bits[members].view(np.int64),
        ]
    )
    locale_first, locale = unique_rows_inverse(locale_key)
    return _Classes(
        role=role.astype(np.int32),
        locale=locale.astype(np.int32),
        role_representative=members[role_first],
        locale_representative=members[locale_first],
    )


@dataclass(frozen=True, slots=True)
class _BlockTable:
    scores: Float32Array
    """Block seekers x provider cells (role class, locale class), flattened per row."""
    cells: int


@dataclass(frozen=True, slots=True)
class _Block:
    seeker: IntArray
    provider: IntArray
    skills: Float32Array
    short_rows: IntArray
    """Global seeker indices whose pool held fewer than K eligible providers."""


class _CandidateBuilder:
    """Ranks providers for blocks of seekers.

    Non-skill criteria come from two small tables computed once, seeker class x provider
    class: role (job family and level, with the job-family rule as -inf) and locale (time
    zone and languages, with the time-zone rule as -inf). Per block they are combined into
    one row per seeker and one column per provider cell, so an entry costs one look-up.
    The cross-team bonus is counted for every entry and taken back only from the few
    entries that survive selection (see `_select`).
    """

    def __init__(self, cohort: EncodedCohort, provider_open: BoolArray, top_k: int | None) -> None:
        self.cohort = cohort
        self.top_k = top_k
        self.open_providers = np.flatnonzero(provider_open).astype(np.int64)
        offered_open = cohort.offered[self.open_providers]
        # Ranking runs in float32 (half the memory traffic of float64); the arcs it keeps are
        # scored again in float64. Near-ties within ~1e-6 may therefore rank either way.
        self.offered_t = (offered_open.T / MAX_SKILL_LEVEL).tocsr().astype(np.float32)
        self.wanted = cohort.wanted.astype(np.float32)
        self.providers_per_skill = np.diff(offered_open.tocsc().indptr).astype(np.float64)
        weights = cohort.problem.weights
        self.skill_weight = weights.skills
        self.team_weight = weights.cross_team
        self.team_rule = cohort.problem.constraints.team_rule

        self.provider_classes = _classes(cohort.providers, self.open_providers)
        self.seeker_classes = _classes(cohort.seekers, np.arange(cohort.n_seekers))
        self.role_table = self._class_table(
            self.seeker_classes.role_representative,
            self.provider_classes.role_representative,
            self._role_score,
        )
        self.locale_table = self._class_table(
            self.seeker_classes.locale_representative,
            self.provider_classes.locale_representative,
            self._locale_score,
        )
        n_locale = self.locale_table.shape[1]
        self.cells = self.role_table.shape[1] * n_locale
        self.provider_cell = self.provider_classes.role * n_locale + self.provider_classes.locale
        self.max_rows = max(1, min(MAX_ROWS_PER_BLOCK, TABLE_CELLS_PER_BLOCK // max(self.cells, 1)))

        # unknown teams are -1 on the seeker side and -2 here, so they never compare equal
        provider_team = cohort.providers.team[self.open_providers]
        self.provider_team = np.where(provider_team < 0, -2, provider_team)
        open_per_team = np.bincount(
            provider_team[provider_team >= 0], minlength=len(cohort.teams) + 1
        )
        seeker_team = cohort.seekers.team
        self.teammates_per_seeker = np.where(
            seeker_team >= 0, open_per_team[np.maximum(seeker_team, 0)], 0
        )
        seekers_of_forbidden = cohort.forbidden_keys // max(cohort.n_providers, 1)
        self.forbidden_per_seeker = np.bincount(seekers_of_forbidden, minlength=cohort.n_seekers)

    # -- scoring of one block of entries -------------------------------------------------

    def _class_table(
        self,
        seeker_representatives: IntArray,
        provider_representatives: IntArray,
        score: Callable[[IntArray, IntArray], FloatArray],
    ) -> Float32Array:
        seeker = np.repeat(seeker_representatives, len(provider_representatives))
        provider = np.tile(provider_representatives, len(seeker_representatives))
        table = score(seeker, provider).astype(np.float32)
        return table.reshape(len(seeker_representatives), len(provider_representatives))

    def _role_score(self, seeker: IntArray, provider: IntArray) -> FloatArray:
        score = self.cohort.problem.weights.role * role_scores(self.cohort, seeker, provider)
        family_rule = self.cohort.problem.constraints.job_family_rule
        score[~rule_allows(family_rule, same_job_family(self.cohort, seeker, provider))] = -np.inf
        return score

    def _locale_score(self, seeker: IntArray, provider: IntArray) -> FloatArray:
        weights = self.cohort.problem.weights
        score = weights.language * language_scores(self.cohort, seeker, provider)
        score += weights.timezone * timezone_scores(self.cohort, seeker, provider)
        score[~timezone_allows(self.cohort, seeker, provider)] = -np.inf
        return score

    def _table(self, seekers: IntArray) -> _BlockTable:
        role = self.role_table[self.seeker_classes.role[seekers]]
        locale = self.locale_table[self.seeker_classes.locale[seekers]]
        scores = (role[:, :, None] + locale[:, None, :]).reshape(len(seekers), self.cells)
        scores += np.float32(self.team_weight)
        return _BlockTable(scores.ravel(), self.cells)

    def _totals(
        self,
        seekers: IntArray,
        table: _BlockTable,
        row: Int32Array,
        open_index: Int32Array,
        skills: Float32Array,
    ) -> Float32Array:
        """Pair scores without the preference term (preferred providers are added anyway),
        as if every provider were on another team unless the team rule is SAME; -inf where
        a hard constraint on attributes is broken."""
        index = row * np.int32(table.cells) + self.provider_cell[open_index]
        total: Float32Array = table.scores[index]
        total += np.float32(self.skill_weight) * skills
        if self.team_rule is SameOrDifferent.SAME:
            same = self._same_team(seekers, row, open_index)
            total[same] -= np.float32(self.team_weight)
            total[~same] = -np.inf
        return total

    def _same_team(self, seekers: IntArray, row: Int32Array, open_index: Int32Array) -> BoolArray:
        same: BoolArray = self.cohort.seekers.team[seekers][row] == self.provider_team[open_index]
        return same

    # -- selection ---------------------------------------------------------------------

    def _select(
        self,
        seekers: IntArray,
        row: Int32Array,
        open_index: Int32Array,
        skills: Float32Array,
        total: Float32Array,
    ) -> _Block:
        """Keep the best K eligible entries of each row (all of them when K is None)."""
        n_rows = len(seekers)
        usable = np.isfinite(total)
        if not usable.all():
            row, open_index, skills, total = (
                row[usable],
                open_index[usable],
                skills[usable],
                total[usable],
            )
        different_teams = self.team_rule is SameOrDifferent.DIFFERENT
        if self.top_k is None:
            keep = ~forbidden(self.cohort, seekers[row], self.open_providers[open_index])
            if different_teams:
                keep &= ~self._same_team(seekers, row, open_index)
            return _Block(
                seekers[row[keep]],
                self.open_providers[open_index[keep]],
                skills[keep],
                np.empty(0, np.int64),
            )
        # Up to `forbidden_per_seeker` of a row's best may be excluded one by one, and up to
        # `teammates_per_seeker` lose the cross-team bonus counted for everyone (or are
        # excluded by a different-teams rule). Taking that many extra entries first means
        # the K best eligible ones, by their exact score, are among them.
        team_counts = self.team_rule is not SameOrDifferent.SAME and (
            self.team_weight > 0 or different_teams
        )
        quota = self.top_k + self.forbidden_per_seeker[seekers]
        if team_counts:
            quota = quota + self.teammates_per_seeker[seekers]
        tie_breaker = self._tie_breaker(seekers, row, open_index)
        chosen = _top_per_row(n_rows, row, total, quota, tie_breaker)
        keep = ~forbidden(
            self.cohort, seekers[row[chosen]], self.open_providers[open_index[chosen]]
        )
        if team_counts:
            same = self._same_team(seekers, row[chosen], open_index[chosen])
            if different_teams:
                keep &= ~same
            exact = total[chosen]
            exact[same] -= np.float32(self.team_weight)
            chosen, exact = chosen[keep], exact[keep]
            chosen = chosen[np.lexsort((tie_breaker(chosen), -exact, row[chosen]))]
        else:
            chosen = chosen[keep]
        rank = _rank_within_rows(row[chosen], n_rows)
        best = chosen[rank < self.top_k]
        per_row = np.bincount(row[best], minlength=n_rows)
        return _Block(
            seekers[row[best]],
            self.open_providers[open_index[best]],
            skills[best],
            seekers[per_row < self.top_k],
        )

    def _tie_breaker(
        self, seekers: IntArray, row: Int32Array, open_index: Int32Array
    ) -> Callable[[IntArray], IntArray]:
        def order(chosen: IntArray) -> IntArray:
            mixed = (seekers[row[chosen]].astype(np.uint64) + np.uint64(1)) * np.uint64(
                0x9E3779B97F4A7C15
            )
            mixed ^= self.open_providers[open_index[chosen]].astype(np.uint64) * np.uint64(
                0xBF58476D1CE4E5B9
            )
            mixed ^= mixed >> np.uint64(31)
            return mixed.astype(np.int64)

        return order

    # -- the two ways of producing entries -------------------------------------------------

    def pool_block(self, seekers: IntArray) -> _Block:
        product = (self.wanted[seekers] @ self.offered_t).tocsr()
        per_row = np.diff(product.indptr)
        row = np.repeat(np.arange(len(seekers), dtype=np.int32), per_row)
        open_index = product.indices
        skills = product.data
        total = self._totals(seekers, self._table(seekers), row, open_index, skills)
        return self._select(seekers, row, open_index, skills, total)

    def everyone_block(self, seekers: IntArray) -> _Block:
        n_open = len(self.open_providers)
        product = self.wanted[seekers] @ self.offered_t
        skills = np.asarray(sp.csr_matrix(product).toarray(), dtype=np.float32).ravel()
        row = np.repeat(np.arange(len(seekers), dtype=np.int32), n_open)
        open_index = np.tile(np.arange(n_open, dtype=np.int32), len(seekers))
        total = self._totals(seekers, self._table(seekers), row, open_index, skills)
        return self._select(seekers, row, open_index, skills, total)

    def pool_blocks(self, seekers: IntArray) -> Iterator[IntArray]:
        wanted_pattern = self.cohort.wanted[seekers].copy()
        wanted_pattern.data[:] = 1.0
        estimate = np.asarray(wanted_pattern @ self.providers_per_skill).reshape(-1)
        yield from _split(seekers, estimate + 1.0, self.max_rows)

    def everyone_blocks(self, seekers: IntArray) -> Iterator[IntArray]:
        cost = np.full(len(seekers), float(max(len(self.open_providers), 1)))
        yield from _split(seekers, cost, self.max_rows)


def _split(seekers: IntArray, cost: FloatArray, max_rows: int) -> Iterator[IntArray]:
    """Consecutive blocks of seekers whose summed cost stays near POOL_ENTRIES_PER_BLOCK."""
    cumulative = np.cumsum(cost)
    start = 0
    while start < len(seekers):
        base = cumulative[start - 1] if start else 0.0
        end = int(np.searchsorted(cumulative, base + POOL_ENTRIES_PER_BLOCK, side="right"))
        end = min(max(end, start + 1), start + max_rows, len(seekers))
        yield seekers[start:end]
        start = end


def _rank_within_rows(row: Int32Array | IntArray, n_rows: int) -> IntArray:
    """Position of each entry within its row; `row` must be sorted."""
    starts = np.searchsorted(row, np.arange(n_rows))
    return np.arange(len(row)) - starts[row]


def _histogram_threshold(
    n_rows: int, row: Int32Array, values: Float32Array, quota: IntArray
) -> tuple[Int32Array, IntArray]:
    """Per entry its bin counted from the best (0 = highest values), and per row the bin
    that completes the row's quota (the last bin when the row has fewer entries).

    A per-row histogram finds, in linear time, how deep each row must go to keep its quota.
    """
    low = float(values.min())
    span = float(values.max()) - low
    scale = (HISTOGRAM_BINS - 1) / span if span > 0 else 0.0
    descending_bin = (HISTOGRAM_BINS - 1) - ((values - low) * scale).astype(np.int32)
    counts = np.bincount(
        row * HISTOGRAM_BINS + descending_bin, minlength=n_rows * HISTOGRAM_BINS
    ).reshape(n_rows, HISTOGRAM_BINS)
    cumulative = np.cumsum(counts, axis=1)
    threshold = np.argmax(cumulative >= quota[:, None], axis=1).astype(np.int64)
    threshold[cumulative[:, -1] < quota] = HISTOGRAM_BINS - 1
    return descending_bin, threshold


def _top_per_row(
    n_rows: int,
    row: Int32Array,
    total: Float32Array,
    quota: IntArray,
    tie_breaker: Callable[[IntArray], IntArray],
) -> IntArray:
    """Indices of the `quota[r]` best entries of each row r, sorted by row then score, ties
    in `tie_breaker` order. Only entries down to the threshold bin get sorted."""
    if len(total) == 0:
        return np.empty(0, dtype=np.int64)
    descending_bin, threshold = _histogram_threshold(n_rows, row, total, quota)
    chosen = np.flatnonzero(descending_bin <= threshold[row])
    row64 = row.astype(np.int64)
    order = np.lexsort((tie_breaker(chosen), -total[chosen], row64[chosen]))
    chosen = chosen[order]
    rank = _rank_within_rows(row64[chosen], n_rows)
    result: IntArray = chosen[rank < quota[row64[chosen]]]
    return result


def _map_blocks(
    work: Callable[[IntArray], _Block], blocks: list[IntArray], threads: int
) -> list[_Block]:
    if threads <= 1 or len(blocks) <= 1:
        return [work(block) for block in blocks]
    # numpy and scipy's sparse kernels release the GIL, so threads use both cores.
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(work, blocks))


def default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def candidate_arcs(
    cohort: EncodedCohort,
    *,
    seekers: IntArray,
    provider_open: BoolArray,
    top_k: int | None,
    threads: int | None = None,
) -> CandidateArcs:
    """Arcs of the candidate graph for `seekers`, over providers with `provider_open`."""
    threads = default_threads() if threads is None else threads
    builder = _CandidateBuilder(cohort, provider_open, top_k)
    if len(builder.open_providers) == 0 or len(seekers) == 0:
        empty = np.empty(0, dtype=np.int64)
        return CandidateArcs(empty, empty, np.empty(0), 0)
    if top_k is None:
        blocks = _map_blocks(
            builder.everyone_block, list(builder.everyone_blocks(seekers)), threads
        )
        everyone = len(seekers)
    else:
        blocks = _map_blocks(builder.pool_block, list(builder.pool_blocks(seekers)), threads)
        short = np.concatenate([b.short_rows for b in blocks])
        everyone = len(short)
        if everyone:
            short_set = np.zeros(cohort.n_seekers, dtype=np.bool_)
            short_set[short] = True
            blocks = [_without_seekers(b, short_set) for b in blocks]
            blocks += _map_blocks(
                builder.everyone_block, list(builder.everyone_blocks(short)), threads
            )
    seeker = np.concatenate([b.seeker for b in blocks])
    provider = np.concatenate([b.provider for b in blocks])
    skills = np.concatenate([b.skills for b in blocks]).astype(np.float64)
    seeker, provider, skills = _with_preferred(
        cohort, seekers, provider_open, seeker, provider, skills
    )
    return CandidateArcs(seeker, provider, skills, everyone)


def _without_seekers(block: _Block, drop: BoolArray) -> _Block:
    keep = ~drop[block.seeker]
    return _Block(block.seeker[keep], block.provider[keep], block.skills[keep], block.short_rows)


def _with_preferred(
    cohort: EncodedCohort,
    seekers: IntArray,
    provider_open: BoolArray,
    seeker: IntArray,
    provider: IntArray,
    skills: FloatArray,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Add every eligible, open provider a seeker ranked, unless already a candidate."""
    if len(cohort.preference_keys) == 0:
        return seeker, provider, skills
    n_providers = cohort.n_providers
    wanted_seeker = np.zeros(cohort.n_seekers, dtype=np.bool_)
    wanted_seeker[seekers] = True
    pref_seeker = cohort.preference_keys // n_providers
    pref_provider = cohort.preference_keys % n_providers
    keep = wanted_seeker[pref_seeker] & provider_open[pref_provider]
    pref_seeker, pref_provider = pref_seeker[keep], pref_provider[keep]
    keep = eligible(cohort, pref_seeker, pref_provider)
    known = np.sort(cohort.pair_keys(seeker, provider))
    keep &= ~contains(known, cohort.pair_keys(pref_seeker, pref_provider))
    pref_seeker, pref_provider = pref_seeker[keep], pref_provider[keep]
    return (
        np.concatenate([seeker, pref_seeker]),
        np.concatenate([provider, pref_provider]),
        np.concatenate([skills, skill_scores(cohort, pref_seeker, pref_provider)]),
    )
