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
