"""Numbers and counts written for people: "1 minute", "0 of 1 lesson", "3.7 out of 6".

Every place that puts a count or a score into a sentence goes through these, so no
screen or report says "1 minutes" or "3.66667". English only for now, like the rest of
the app's words. Nothing here does I/O.
"""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {"activity": "activities", "entry": "entries", "summary": "summaries"}


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """`noun` for `count` of them: plural("minute", 1) is "minute", for 2 "minutes"."""
    if count == 1:
        return noun
    return plural_form or _IRREGULAR.get(noun, noun + "s")


def count(number: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 minute", "3 minutes", "0 lessons"."""
    return f"{number} {plural(number, noun, plural_form)}"


def count_of(done: int, total: int, noun: str, plural_form: str | None = None) -> str:
    """ "2 of 5 lessons", "0 of 1 lesson": the noun agrees with the total."""
    return f"{done} of {total} {plural(total, noun, plural_form)}"


def number(value: float) -> str:
    """A score for reading: whole numbers as they are, others to one decimal place.

    Partial credit makes sums such as 3.6666…; a person reads "3.7". A value that
    rounds to a whole number is shown as one ("4", never "4.0").
    """
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def score_words(points: float, total: int) -> str:
    """ "4 out of 6", or "about 3.7 out of 6" when partial credit made it a fraction."""
    text = f"{number(points)} out of {total}"
    return text if round(points, 1) == points else f"about {text}"
