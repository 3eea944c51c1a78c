"""Small helpers shared by the benchmarks: timing, and one table format for every figure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float
    unit: str
    budget: str = ""  # the budget in words, e.g. "< 1 s" or "<= 1.5x bare window"
    within: bool | None = None  # None when there is no budget to compare with
    note: str = ""


#: No gap between the window's event-loop ticks may be longer than this (issue 14: "no
#: GUI-thread stall over 50 ms"), whatever the row's own budget.
GAP_LIMIT_MS = 50.0


def within_budget(
    median_ms: float,
    budget_ms: float | None,
    worst_gap_ms: float,
    gap_limit_ms: float = GAP_LIMIT_MS,
) -> bool:
    """Strict: the median under its budget (a row without a time budget has none to
    meet) and the longest event-loop gap of every run at most `gap_limit_ms`."""
    if budget_ms is not None and not median_ms < budget_ms:
        return False
    return worst_gap_ms <= gap_limit_ms


def median_seconds(fn: Callable[[], object], repeat: int = 50, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def format_table(title: str, rows: list[Measurement]) -> str:
    lines = [
        f"### {title}",
        "",
        "| measure | value | budget | within | note |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        within = "" if r.within is None else ("yes" if r.within else "NO")
        lines.append(f"| {r.name} | {r.value:.3f} {r.unit} | {r.budget} | {within} | {r.note} |")
    return "\n".join(lines)
