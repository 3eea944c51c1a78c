"""Small helpers shared by the benchmarks: timing, and one table format for every figure."""

from __future__ import annotations

import re
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


#: The line under a table that `make bench` wrote into a section with notes of its own.
TABLE_NOTE = "*Table above: `make bench` on {date}, one run; the notes below may be older.*"
_MEASURED = re.compile(r"^Measured by `make bench` on .*$", re.MULTILINE)


def merge_report(previous: str, header: str, tables: list[str], date: str, stop: str) -> str:
    """docs/PERFORMANCE.md with `tables` (each from `format_table`) put in.

    The page is partly written by hand: notes under a table say what changed and why,
    and hold before/after figures of their own. So a table replaces only the table of the
    section with its heading, followed by a line saying when (in place of an earlier such
    line), and the notes stay. A table whose section is missing is added before the line
    starting with `stop` (the bundle's figures, written by another command), or at the
    end. With no
    page yet, it is `header` and the tables. `header`'s "Measured by" line replaces the
    page's.
    """
    if not previous.strip():
        return "\n".join([header, *[t + "\n" for t in tables]])
    lines = previous.splitlines()
    note = TABLE_NOTE.format(date=date)
    note_start = TABLE_NOTE.split("{", 1)[0]
    for table in tables:
        heading, *rest = table.splitlines()
        rows = [line for line in rest if line.startswith("|")]
        if heading not in lines:
            at = next((i for i, line in enumerate(lines) if line.startswith(stop)), len(lines))
            block = [heading, "", *rows, "", note, ""]
            lines[at:at] = ["", *block] if at and lines[at - 1].strip() else block
            continue
        start = lines.index(heading) + 1
        first = start
        while first < len(lines) and not lines[first].startswith(("|", "### ")):
            first += 1
        if first == len(lines) or lines[first].startswith("### "):  # a section of notes only
            lines[start:start] = ["", *rows, "", note]
            continue
        last = first
        while last < len(lines) and lines[last].startswith("|"):
            last += 1
        # The line saying when an earlier run wrote it (and the blank line before) goes.
        following = lines[last : last + 2]
        if len(following) == 2 and not following[0] and following[1].startswith(note_start):
            del lines[last : last + 2]
        lines[first:last] = [*rows, "", note]
    text = "\n".join(lines) + "\n"
    measured = _MEASURED.search(header)
    if measured is not None:
        text = _MEASURED.sub(lambda _match: measured.group(0), text, count=1)
    return text
