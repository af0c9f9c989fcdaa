"""Set operations on integer keys by sorting and binary search.

numpy 2.4's `unique` and `isin` hash their input and, on the int64 pair keys used here
(`seeker * n_providers + provider`), measured 100x slower than sorting (0.43 s against 4 ms for
700,000 keys), so the engine uses these instead.
"""

from __future__ import annotations

import numpy as np

from matching_engine.array_types import BoolArray, IntArray


def sorted_unique(keys: IntArray) -> IntArray:
    ordered = np.sort(keys)
    if len(ordered) == 0:
        return ordered
    first = np.empty(len(ordered), dtype=np.bool_)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    unique: IntArray = ordered[first]
    return unique


def contains(sorted_keys: IntArray, queries: IntArray) -> BoolArray:
    """For each query, whether it is in `sorted_keys` (which must be sorted)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(queries), dtype=np.bool_)
    position = np.minimum(np.searchsorted(sorted_keys, queries), len(sorted_keys) - 1)
    found: BoolArray = sorted_keys[position] == queries
    return found


def unique_inverse(keys: IntArray) -> tuple[IntArray, IntArray]:
    """(index of the first occurrence of each distinct key, class of every key)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.ones(len(keys), dtype=np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    first: IntArray = order[starts]
    return first, inverse


def unique_rows_inverse(rows: IntArray) -> tuple[IntArray, IntArray]:
    """`unique_inverse` for the rows of a 2-D integer array."""
    if rows.shape[1] == 1:
        return unique_inverse(rows[:, 0])
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.ones(len(rows), dtype=np.bool_)
    np.any(ordered[1:] != ordered[:-1], axis=1, out=starts[1:])
    inverse = np.empty(len(rows), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    first: IntArray = order[starts]
    return first, inverse
