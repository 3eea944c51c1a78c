"""Insights figures (course/insights.py), checked against hand-computed values."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from course.insights import (
    distinct_words_per_week,
    emotion_differentiation,
    icc_consistency,
    practice,
    words_used_so_far,
)


def test_icc_matches_a_hand_computed_two_way_anova():
    # Rows (check-ins) [1,2], [3,4], [5,5]; k = 2 columns, n = 3 rows. Grand mean 10/3;
    # row means 3/2, 7/2, 5; column means 3 and 11/3.
    # SS_rows = 2 * (121/36 + 1/36 + 100/36) = 37/3; SS_cols = 3 * (1/9 + 1/9) = 2/3;
    # SS_total = 40/3, so SS_error = 1/3. MS_rows = (37/3)/2 = 37/6; MS_error = (1/3)/2 = 1/6.
    # ICC(3,k) = (37/6 - 1/6) / (37/6) = 36/37.
    assert icc_consistency([[1, 2], [3, 4], [5, 5]]) == pytest.approx(float(Fraction(36, 37)))


def test_icc_is_one_when_the_items_move_in_lockstep_and_undefined_without_variation():
    assert icc_consistency([[1, 2], [2, 3], [4, 5]]) == pytest.approx(1.0)
    assert icc_consistency([[3, 3], [3, 3]]) is None
    assert icc_consistency([[1, 2]]) is None


def test_differentiation_uses_only_unpleasant_families_and_waits_for_enough_check_ins():
    lockstep = [{"hurt": v, "afraid": v, "calm": 5 - v} for v in (1, 2, 3, 4, 5) * 2]
    result = emotion_differentiation(lockstep, {"hurt", "afraid", "ashamed"})
    assert result is not None
    assert result.icc == pytest.approx(1.0)
    assert result.differentiation == pytest.approx(0.0)
    assert (result.check_ins, result.families) == (10, 2)
    # Nine check-ins are too few; a pleasant-only check-in does not count.
    assert emotion_differentiation(lockstep[:9], {"hurt", "afraid"}) is None
    assert emotion_differentiation([{"calm": 3}] * 20, {"hurt", "afraid"}) is None


def test_feelings_told_apart_give_a_higher_differentiation():
    apart = [{"hurt": 5}, {"afraid": 4}, {"hurt": 1, "afraid": 5}, {"ashamed": 3}] * 3
    result = emotion_differentiation(apart, {"hurt", "afraid", "ashamed"})
    assert result is not None and result.differentiation > 0.5


def test_practice_is_counted_kindly():
    today = date(2026, 12, 4)
    days = [today - timedelta(days=n) for n in (0, 0, 1, 3, 13, 14, 40)]
    counted = practice(days, today)
    assert (counted.days, counted.window) == (4, 14)
    assert counted.sentence() == "You checked in on 4 days of the last 14."
    assert practice([today], today).sentence() == "You checked in on 1 day of the last 14."
    assert "whenever you want" in practice([], today).sentence()


def test_vocabulary_growth_by_week():
    monday = date(2026, 11, 30)
    picks = [
        (monday, "hurt"),
        (monday + timedelta(days=2), "Hurt"),
        (monday + timedelta(days=6), "lonely"),
        (monday + timedelta(days=7), "hurt"),
        (monday + timedelta(days=8), "relieved"),
    ]
    assert distinct_words_per_week(picks) == [(monday, 2), (monday + timedelta(days=7), 2)]
    assert words_used_so_far(picks) == [(monday, 2), (monday + timedelta(days=7), 3)]


def test_weekly_series_for_the_charts():
    from course.insights import (
        family_counts_by_week,
        latest_by_week,
        mean_intensity_by_week,
        week_range,
    )

    today = date(2026, 12, 4)  # a Friday; its week starts on Monday 30 November
    monday = date(2026, 11, 30)
    weeks = week_range([today - timedelta(days=10), today], today)
    assert weeks == [monday - timedelta(weeks=1), monday]
    assert len(week_range([date(2020, 1, 1)], today)) == 104
    assert week_range([], today) == []
    moments = [
        (monday - timedelta(days=3), [("hurt", 4), ("calm", 2)]),
        (monday + timedelta(days=1), [("hurt", 2)]),
        (monday + timedelta(days=2), [("hurt", 5), ("afraid", 3)]),
        (date(2019, 1, 1), [("hurt", 1)]),  # before the range: left out
    ]
    assert family_counts_by_week(moments, weeks) == {
        "hurt": [1, 2],
        "calm": [1, 0],
        "afraid": [0, 1],
    }
    assert mean_intensity_by_week(moments, weeks, {"hurt", "afraid"}) == [
        4.0,
        pytest.approx(10 / 3),
    ]
    assert mean_intensity_by_week(moments, weeks, {"glad"}) == [None, None]
    assert latest_by_week([(monday, 3), (monday + timedelta(days=1), 6)], weeks) == [None, 6]
