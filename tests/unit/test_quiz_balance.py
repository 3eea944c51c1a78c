"""The shipped course's quizzes cannot be answered by guessing from their shape.

A learner who has not read a lesson should not be able to score by picking the
longest option, the second option, "false" for every true/false item, or the first
option of every multiple-answer question. These figures are measured on the course
as authored (the player may also shuffle options at display time, but the course must
be balanced without that).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from course.model import Course, Question, QuestionType

#: No single-choice answer position may hold the right answer more often than this.
MAX_POSITION_SHARE = 0.40
#: The right option may be the longest one in at most this share of single-choice questions.
MAX_LONGEST_SHARE = 0.40
#: A right option at most this many times the mean length of the others in its question.
MAX_LENGTH_RATIO = 1.6
#: True/false items that are true, as a share of all of them.
TRUE_SHARE = (0.40, 0.60)
#: Words that give a false statement away ("always", "proves", ...).
GIVEAWAY = re.compile(r"\b(always|never|proves?|guarantees?|completely|entirely)\b", re.I)
ORDER_ITEMS = (3, 4)


def questions(course: Course, kind: QuestionType) -> Iterator[tuple[str, Question]]:
    for lesson in course.lessons():
        for quiz in lesson.quizzes:
            for question in quiz.questions:
                if question.type is kind:
                    yield f"{quiz.id}/{question.id}", question


def correct_positions(question: Question) -> list[int]:
    return [i for i, option in enumerate(question.options) if option.correct]


def test_single_choice_answers_are_spread_over_positions(shipped_course: Course) -> None:
    singles = list(questions(shipped_course, QuestionType.SINGLE))
    assert len(singles) >= 20
    positions = Counter(correct_positions(q)[0] for _, q in singles)
    shares = {pos + 1: round(n / len(singles), 2) for pos, n in sorted(positions.items())}
    assert max(shares.values()) <= MAX_POSITION_SHARE, shares
    assert len(shares) >= 3, shares


def test_the_right_option_is_not_given_away_by_its_length(shipped_course: Course) -> None:
    longest = 0
    too_long = []
    for name, q in questions(shipped_course, QuestionType.SINGLE):
        right = next(o for o in q.options if o.correct)
        others = [len(o.text) for o in q.options if not o.correct]
        if len(right.text) > max(others):
            longest += 1
        if len(right.text) > MAX_LENGTH_RATIO * sum(others) / len(others):
            too_long.append(name)
    singles = len(list(questions(shipped_course, QuestionType.SINGLE)))
    assert longest / singles <= MAX_LONGEST_SHARE, f"{longest} of {singles} are the longest"
    assert not too_long, too_long


def test_true_false_items_are_about_half_true_with_no_giveaway_words(
    shipped_course: Course,
) -> None:
    items = list(questions(shipped_course, QuestionType.TRUE_FALSE))
    true_share = sum(q.answer is True for _, q in items) / len(items)
    assert TRUE_SHARE[0] <= true_share <= TRUE_SHARE[1], round(true_share, 2)
    flagged = [name for name, q in items if GIVEAWAY.search(q.prompt)]
    assert not flagged, flagged


def test_multiple_answer_sets_vary_in_size_and_position(shipped_course: Course) -> None:
    multiples = [q for _, q in questions(shipped_course, QuestionType.MULTIPLE)]
    assert len(multiples) >= 5
    sizes = Counter(len(correct_positions(q)) for q in multiples)
    assert len(sizes) >= 2 and max(sizes.values()) / len(multiples) <= 0.6, sizes
    first_right = sum(q.options[0].correct for q in multiples) / len(multiples)
    assert first_right <= 0.6, round(first_right, 2)
    # Never "every option but one is right" in every question, nor all options right.
    assert all(0 < len(correct_positions(q)) < len(q.options) for q in multiples)
    last_wrong = sum(not q.options[-1].correct for q in multiples) / len(multiples)
    assert last_wrong <= 0.6, round(last_wrong, 2)


def test_ordering_questions_are_short(shipped_course: Course) -> None:
    lengths = {name: len(q.items) for name, q in questions(shipped_course, QuestionType.ORDER)}
    wrong = {name: n for name, n in lengths.items() if not ORDER_ITEMS[0] <= n <= ORDER_ITEMS[1]}
    assert lengths and not wrong, wrong


def test_every_option_teaches(shipped_course: Course) -> None:
    missing = [
        name
        for kind in (QuestionType.SINGLE, QuestionType.MULTIPLE)
        for name, q in questions(shipped_course, kind)
        if any(not o.feedback for o in q.options)
    ]
    missing += [
        name
        for kind in (QuestionType.TRUE_FALSE, QuestionType.ORDER)
        for name, q in questions(shipped_course, kind)
        if not q.explanation
    ]
    assert not missing, missing
