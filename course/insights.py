"""Figures a learner can look at to see their feelings practice grow.

Pure functions over plain values (dates, words, intensities), so the Insights page
and the tests compute exactly the same numbers, without Qt and without a database.
Every figure here is a self-reflection aid: the words that present them say so, and
none of them is a score of worth or a diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Below this many check-ins the differentiation estimate swings too much to show.
MIN_CHECKINS_FOR_DIFFERENTIATION = 10
MIN_FAMILIES_FOR_DIFFERENTIATION = 2


@dataclass(frozen=True, slots=True)
class Practice:
    """How many of the last `window` days had at least one check-in."""

    days: int
    window: int

    def sentence(self) -> str:
        """Counted kindly: what was done, never a streak that breaks and never a reproach."""
        if self.days == 0:
            return "Check-ins are here whenever you want them."
        day_word = "day" if self.days == 1 else "days"
        return f"You checked in on {self.days} {day_word} of the last {self.window}."


def practice(check_in_days: Iterable[date], today: date, window: int = 14) -> Practice:
    first = today - timedelta(days=window - 1)
    return Practice(len({d for d in check_in_days if first <= d <= today}), window)


def week_start(day: date) -> date:
    """The Monday of `day`'s week (ISO weeks), so weeks line up the same way everywhere."""
    return day - timedelta(days=day.weekday())


def distinct_words_per_week(picks: Iterable[tuple[date, str]]) -> list[tuple[date, int]]:
    """For each week with any pick, how many different feeling words were used in it."""
    weeks: dict[date, set[str]] = {}
    for day, word in picks:
        weeks.setdefault(week_start(day), set()).add(word.casefold())
    return [(week, len(words)) for week, words in sorted(weeks.items())]


def words_used_so_far(picks: Iterable[tuple[date, str]]) -> list[tuple[date, int]]:
    """For each week, how many different feeling words had been used up to its end."""
    seen: set[str] = set()
    result: list[tuple[date, int]] = []
    by_week: dict[date, set[str]] = {}
    for day, word in picks:
        by_week.setdefault(week_start(day), set()).add(word.casefold())
    for week, words in sorted(by_week.items()):
        seen |= words
        result.append((week, len(seen)))
    return result


@dataclass(frozen=True, slots=True)
class Differentiation:
    """How distinctly the unpleasant feelings were told apart across check-ins.

    `icc` is the consistency intraclass correlation, ICC(3,k) in Shrout and Fleiss's
    terms, of the intensities given to each unpleasant feeling family across
    check-ins: near 1 when those families always rise and fall together (they are
    felt, or named, as one undivided bad feeling); lower when they move separately.
    Experience-sampling research reports emotion differentiation as the inverse of
    this correlation; `differentiation` is 1 - icc, kept within 0 to 1 for display.
    """

    icc: float
    check_ins: int
    families: int

    @property
    def differentiation(self) -> float:
        return min(1.0, max(0.0, 1.0 - self.icc))


def emotion_differentiation(
    check_ins: Sequence[Mapping[str, int]],
    unpleasant_families: Iterable[str],
    *,
    min_check_ins: int = MIN_CHECKINS_FOR_DIFFERENTIATION,
) -> Differentiation | None:
    """The estimate over check-ins that named at least one unpleasant feeling.

    Each check-in maps a family id to the strongest intensity (1-5) picked in it; a
    family not picked counts as 0. Only families used at least once take part. None
    when there is too little to go on: fewer than `min_check_ins` such check-ins,
    fewer than two families, or no variation between check-ins at all.
    """
    families = set(unpleasant_families)
    rows = [{f: v for f, v in c.items() if f in families and v > 0} for c in check_ins]
    rows = [r for r in rows if r]
    used = sorted({f for r in rows for f in r})
    if len(rows) < max(min_check_ins, 2) or len(used) < MIN_FAMILIES_FOR_DIFFERENTIATION:
        return None
    matrix = [[float(r.get(f, 0)) for f in used] for r in rows]
    icc = icc_consistency(matrix)
    if icc is None:
        return None
    return Differentiation(icc, len(rows), len(used))


def icc_consistency(matrix: Sequence[Sequence[float]]) -> float | None:
    """ICC(3,k): two-way mixed model, consistency, average of k measures.

    Rows are occasions (check-ins), columns are items (feeling families):
    (MS_rows - MS_error) / MS_rows. None when it is undefined (fewer than two rows
    or columns, or every row has the same mean).
    """
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2 or any(len(row) != k for row in matrix):
        return None
    grand = sum(map(sum, matrix)) / (n * k)
    row_means = [sum(row) / k for row in matrix]
    col_means = [sum(row[j] for row in matrix) / n for j in range(k)]
    ss_rows = k * sum((m - grand) ** 2 for m in row_means)
    ss_cols = n * sum((m - grand) ** 2 for m in col_means)
    ss_total = sum((x - grand) ** 2 for row in matrix for x in row)
    ss_error = max(0.0, ss_total - ss_rows - ss_cols)
    ms_rows = ss_rows / (n - 1)
    ms_error = ss_error / ((n - 1) * (k - 1))
    if ms_rows <= 0 or math.isclose(ms_rows, 0.0, abs_tol=1e-12):
        return None
    return (ms_rows - ms_error) / ms_rows


DIFFERENTIATION_EXPLAINED = (
    "This looks at the check-ins where you named an unpleasant feeling. When the "
    "different kinds of hard feeling (hurt, fear, shame, anger and so on) always rise "
    "and fall together, they may be reaching you as one big 'bad' feeling. When they "
    "move separately, you are telling them apart. Researchers who study feelings day "
    "to day call this emotion differentiation, and being able to tell feelings apart "
    "can make them easier to work with. The figure is only a rough mirror for your own "
    "reflection: it is not a test, a score of how well you are doing, or a diagnosis, "
    "and it changes with what your days bring."
)


# -- weekly series for the charts ------------------------------------------------------

#: At most this many weeks are drawn (two years); older ones stay in the export.
MAX_WEEKS = 104


def week_range(days: Iterable[date], today: date, max_weeks: int = MAX_WEEKS) -> list[date]:
    """The Mondays from the week of the earliest day up to this week, at most `max_weeks`."""
    days = list(days)
    if not days:
        return []
    last = week_start(today)
    first = max(week_start(min(days)), last - timedelta(weeks=max_weeks - 1))
    count = (last - first).days // 7 + 1
    return [first + timedelta(weeks=n) for n in range(count)]


Moment = tuple[date, Sequence[tuple[str, int]]]  # a day, and its (family, intensity) picks


def family_counts_by_week(moments: Iterable[Moment], weeks: Sequence[date]) -> dict[str, list[int]]:
    """How many times each family was picked in each week (weeks as from week_range)."""
    index = {week: n for n, week in enumerate(weeks)}
    counts: dict[str, list[int]] = {}
    for day, picks in moments:
        slot = index.get(week_start(day))
        if slot is None:
            continue
        for family, _intensity in picks:
            counts.setdefault(family, [0] * len(weeks))[slot] += 1
    return counts


def mean_intensity_by_week(
    moments: Iterable[Moment], weeks: Sequence[date], families: set[str]
) -> list[float | None]:
    """The mean intensity of the picks from `families` in each week; None for none."""
    index = {week: n for n, week in enumerate(weeks)}
    totals = [0.0] * len(weeks)
    counts = [0] * len(weeks)
    for day, picks in moments:
        slot = index.get(week_start(day))
        if slot is None:
            continue
        for family, intensity in picks:
            if family in families:
                totals[slot] += intensity
                counts[slot] += 1
    return [totals[n] / counts[n] if counts[n] else None for n in range(len(weeks))]


def latest_by_week(
    points: Iterable[tuple[date, float]], weeks: Sequence[date]
) -> list[float | None]:
    """For each week, the last value given in it (points in time order); None for none."""
    index = {week: n for n, week in enumerate(weeks)}
    values: list[float | None] = [None] * len(weeks)
    for day, value in points:
        slot = index.get(week_start(day))
        if slot is not None:
            values[slot] = value
    return values
