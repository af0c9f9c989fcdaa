"""The one table format every benchmark prints, so `make bench` reads as a single report."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Table:
    title: str
    columns: Sequence[str]
    rows: list[Sequence[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *row: object) -> None:
        self.rows.append(row)

    def render(self) -> str:
        cells = [[str(c) for c in self.columns]] + [[format_cell(c) for c in r] for r in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        out = [f"\n## {self.title}", line]
        for n, row in enumerate(cells):
            out.append(
                "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
            )
            if n == 0:
                out.append(line)
        out.append(line)
        out.extend(f"  {note}" for note in self.notes)
        return "\n".join(out)


def format_cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run fn once; return its result and the wall time in seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def timed_with_peak_memory(fn: Callable[[], T]) -> tuple[T, float, float]:
    """Run fn once; return result, seconds and peak Python-heap MiB (numpy buffers included)."""
    tracemalloc.start()
    try:
        result, seconds = timed(fn)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak / 2**20


def percentiles_ms(samples_s: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of latency samples given in seconds, returned in milliseconds."""
    ordered = sorted(samples_s)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000
