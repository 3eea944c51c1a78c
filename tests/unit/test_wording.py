"""Counts and scores written for people, never "1 minutes" or "3.66667"."""

from __future__ import annotations

import pytest

from course.wording import count, count_of, number, plural, score_words


def test_plurals_agree_with_the_number() -> None:
    assert count(1, "minute") == "1 minute"
    assert count(0, "minute") == "0 minutes"
    assert count(3, "entry") == "3 entries"
    assert plural(2, "person", "people") == "people"
    assert count_of(0, 1, "lesson") == "0 of 1 lesson"
    assert count_of(2, 5, "lesson") == "2 of 5 lessons"


@pytest.mark.parametrize(
    ("value", "text"),
    [(4, "4"), (4.0, "4"), (3.6666666, "3.7"), (1.5, "1.5"), (0.04, "0"), (5.96, "6")],
)
def test_numbers_for_reading(value: float, text: str) -> None:
    assert number(value) == text


def test_scores_say_about_only_when_rounded() -> None:
    assert score_words(4, 6) == "4 out of 6"
    assert score_words(1.5, 3) == "1.5 out of 3"
    assert score_words(11 / 3, 6) == "about 3.7 out of 6"
