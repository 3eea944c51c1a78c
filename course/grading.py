"""Grading of quiz answers: pure functions from (question, answer) to a score and feedback.

Answers are plain values, one shape per question type:

| type         | answer                                                           |
| ------------ | ---------------------------------------------------------------- |
| `single`     | `int`, the chosen option's index                                 |
| `multiple`   | `frozenset[int]` (any set of ints), the chosen options' indices  |
| `true_false` | `bool`                                                           |
| `order`      | `tuple[int, ...]`, the ORIGINAL item indices in the order the    |
|              | learner arranged them (the authored order is the correct one)    |

An answer of the wrong shape is a programming error in the caller, not something a
learner can do, so it raises `ValueError` instead of scoring 0. Nothing here does I/O.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from course.model import Question, QuestionType, Quiz

Answer = int | frozenset[int] | bool | tuple[int, ...]

# Authors write pass marks with two decimals ("0.67" for two thirds out of three), so a
# score counts as reaching the mark when it is at most half a percentage point below it:
# in other words, the score is compared after rounding to the nearest whole percent.
# 2/3 = 0.6667 then passes 0.67, while 0.69 does not pass 0.7. The extra 1e-9 absorbs
# float noise such as 0.1 + 0.2.
PASS_TOLERANCE = 0.005 + 1e-9

TRUE_FALSE_LABELS = ("True", "False")


@dataclass(frozen=True, slots=True)
class OptionFeedback:
    """One option as the UI shows it after "Check": was it chosen, is it right, and why.

    For `true_false` questions the two options are "True" (index 0) and "False" (index 1),
    so the UI can show every choice-like question the same way.
    """

    index: int
    text: str
    chosen: bool
    correct: bool
    feedback: str | None = None

    @property
    def mistaken(self) -> bool:
        """Chosen but wrong, or right but missed: the options worth pointing at."""
        return self.chosen != self.correct


@dataclass(frozen=True, slots=True)
class ItemPlacement:
    """One item of an `order` question: where the learner put it and where it belongs.

    Positions are 0-based. `item` is the item's original (authored, correct) index, which
    is also its correct position.
    """

    item: int
    text: str
    placed_at: int
    feedback: str | None = None

    @property
    def correct_at(self) -> int:
        return self.item

    @property
    def in_place(self) -> bool:
        return self.placed_at == self.item


@dataclass(frozen=True, slots=True)
class Result:
    """The grade of one answer, with everything the UI needs to explain it.

    - `options`: for single, multiple and true_false, every option in authored order.
    - `placements`: for order, every item in the order the learner arranged them.
    - `explanation`: the question's explanation, shown whatever the answer was.
    """

    question_id: str
    type: QuestionType
    score: float
    correct: bool
    options: tuple[OptionFeedback, ...] = ()
    placements: tuple[ItemPlacement, ...] = ()
    explanation: str | None = None

    def feedback_to_revisit(self) -> tuple[str, ...]:
        """The author's feedback on what went wrong, for a summary of missed questions:
        options chosen wrongly or missed, and items put in the wrong place."""
        notes = [o.feedback for o in self.options if o.mistaken and o.feedback]
        notes += [p.feedback for p in self.placements if not p.in_place and p.feedback]
        return tuple(notes)


@dataclass(frozen=True, slots=True)
class QuizScore:
    """A whole quiz: mean of its question scores, unanswered questions counting 0."""

    quiz_id: str
    score: float
    passed: bool
    pass_ratio: float
    answered: int
    correct: int
    total: int


def grade(question: Question, answer: Answer) -> Result:
    """Grade one answer; raises ValueError if the answer's shape does not fit the question."""
    if question.type is QuestionType.SINGLE:
        return _grade_single(question, answer)
    if question.type is QuestionType.MULTIPLE:
        return _grade_multiple(question, answer)
    if question.type is QuestionType.TRUE_FALSE:
        return _grade_true_false(question, answer)
    if question.type is QuestionType.ORDER:
        return _grade_order(question, answer)
    raise ValueError(f"question {question.id!r} has unknown type {question.type!r}")


def correct_answer(question: Question) -> Answer:
    """The answer that scores 1, in the shape `grade` takes (for "show me" and tests)."""
    if question.type is QuestionType.SINGLE:
        indices = sorted(question.correct_indices)
        if not indices:
            raise ValueError(f"single question {question.id!r} has no correct option")
        return indices[0]
    if question.type is QuestionType.MULTIPLE:
        return question.correct_indices
    if question.type is QuestionType.TRUE_FALSE:
        return _expected_bool(question)
    if question.type is QuestionType.ORDER:
        return tuple(range(len(question.items)))
    raise ValueError(f"question {question.id!r} has unknown type {question.type!r}")


def score_quiz(quiz: Quiz, results: Mapping[str, Result]) -> QuizScore:
    """Score a quiz from the results of its questions, keyed by question id.

    The score is the mean over ALL questions of the quiz; a question with no result
    counts 0, and results for ids that are not in the quiz are ignored. A quiz passes when
    `score >= pass_ratio - PASS_TOLERANCE` (see PASS_TOLERANCE: the score is compared as
    a whole percentage, so 2/3 passes a mark of 0.67). A quiz with no questions scores 1
    and passes: there is nothing in it to get wrong.
    """
    answered = [results[q.id] for q in quiz.questions if q.id in results]
    total = len(quiz.questions)
    score = sum(r.score for r in answered) / total if total else 1.0
    return QuizScore(
        quiz_id=quiz.id,
        score=score,
        passed=passes(score, quiz.pass_ratio),
        pass_ratio=quiz.pass_ratio,
        answered=len(answered),
        correct=sum(1 for r in answered if r.correct),
        total=total,
    )


def passes(score: float, pass_ratio: float) -> bool:
    """The pass rule on its own, for callers that keep scores rather than Results."""
    return score >= pass_ratio - PASS_TOLERANCE


def shuffled_order(items_count: int, seed: int | str) -> tuple[int, ...]:
    """A deterministic shuffle of range(items_count) that is never the correct order.

    The player shows `order` items in this order (item indices), so the same seed (say,
    question id plus attempt number) always gives the same arrangement, and a learner is
    never handed the answer already in place. With 0 or 1 items there is only one order.
    """
    if isinstance(items_count, bool) or not isinstance(items_count, int) or items_count < 0:
        raise ValueError(f"items_count must be a non-negative int, got {items_count!r}")
    order = list(range(items_count))
    random.Random(seed).shuffle(order)
    if items_count >= 2 and order == sorted(order):
        # A rotation by one is never the identity, and stays deterministic.
        order = order[1:] + order[:1]
    return tuple(order)


def option_order(question: Question, seed: int | str) -> tuple[int, ...]:
    """The order to show a question's options in, as authored option indices.

    `single` and `multiple` options are shuffled with `seed` (the player uses the quiz,
    question and attempt, so one attempt always shows the same order, while another
    attempt may show a different one) unless the author wrote `shuffle: false`. Other
    types keep their order: `true_false` is always True then False, and `order` items
    have their own shuffle (`shuffled_order`). Answers and grading always use the
    authored indices; only the display changes.
    """
    if question.type is QuestionType.TRUE_FALSE:
        return tuple(range(len(TRUE_FALSE_LABELS)))
    order = list(range(len(question.options)))
    if question.shuffle and question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        random.Random(seed).shuffle(order)
    return tuple(order)


# --- one grader per question type ---------------------------------------------------------


def _grade_single(question: Question, answer: Answer) -> Result:
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ValueError(
            f"single question {question.id!r} takes an int option index, got {answer!r}"
        )
    _check_index(question, answer, len(question.options))
    correct = answer in question.correct_indices
    return Result(
        question_id=question.id,
        type=question.type,
        score=1.0 if correct else 0.0,
        correct=correct,
        options=_option_feedback(question, frozenset((answer,))),
        explanation=question.explanation,
    )


def _grade_multiple(question: Question, answer: Answer) -> Result:
    if not isinstance(answer, Set) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in answer
    ):
        raise ValueError(
            f"multiple question {question.id!r} takes a frozenset of int option indices, "
            f"got {answer!r}"
        )
    chosen = frozenset(answer)
    for index in chosen:
        _check_index(question, index, len(question.options))
    expected = question.correct_indices
    right = len(chosen & expected)
    wrong = len(chosen - expected)
    correct = chosen == expected
    if correct:
        score = 1.0
    elif expected:
        score = max(0.0, (right - wrong) / len(expected))
    else:
        # A question with no correct option is a content error the validator reports;
        # here it only needs a score that keeps "correct iff score == 1" true.
        score = 0.0
    return Result(
        question_id=question.id,
        type=question.type,
        score=score,
        correct=correct,
        options=_option_feedback(question, chosen),
        explanation=question.explanation,
    )


def _grade_true_false(question: Question, answer: Answer) -> Result:
    if not isinstance(answer, bool):
        raise ValueError(f"true_false question {question.id!r} takes a bool, got {answer!r}")
    expected = _expected_bool(question)
    correct = answer is expected
    options = tuple(
        OptionFeedback(
            index=index,
            text=label,
            chosen=answer is value,
            correct=expected is value,
            feedback=question.answer_feedback[index],
        )
        for index, (label, value) in enumerate(zip(TRUE_FALSE_LABELS, (True, False), strict=True))
    )
    return Result(
        question_id=question.id,
        type=question.type,
        score=1.0 if correct else 0.0,
        correct=correct,
        options=options,
        explanation=question.explanation,
    )


def _grade_order(question: Question, answer: Answer) -> Result:
    count = len(question.items)
    if (
        isinstance(answer, Set | str | bytes)
        or not isinstance(answer, Sequence)
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in answer)
    ):
        raise ValueError(
            f"order question {question.id!r} takes a tuple of int item indices, got {answer!r}"
        )
    arranged = tuple(answer)
    if sorted(arranged) != list(range(count)):
        raise ValueError(
            f"order question {question.id!r} has {count} items, so its answer must use each "
            f"index 0..{count - 1} exactly once; got {arranged!r}"
        )
    correct = arranged == tuple(range(count))
    return Result(
        question_id=question.id,
        type=question.type,
        score=1.0 if correct else 0.0,
        correct=correct,
        placements=tuple(
            ItemPlacement(
                item=item,
                text=question.items[item],
                placed_at=position,
                feedback=_item_feedback(question, item),
            )
            for position, item in enumerate(arranged)
        ),
        explanation=question.explanation,
    )


def _option_feedback(question: Question, chosen: frozenset[int]) -> tuple[OptionFeedback, ...]:
    return tuple(
        OptionFeedback(
            index=index,
            text=option.text,
            chosen=index in chosen,
            correct=option.correct,
            feedback=option.feedback,
        )
        for index, option in enumerate(question.options)
    )


def _item_feedback(question: Question, item: int) -> str | None:
    feedback = question.item_feedback
    return feedback[item] if item < len(feedback) else None


def _check_index(question: Question, index: int, count: int) -> None:
    if not 0 <= index < count:
        raise ValueError(
            f"question {question.id!r} has {count} options, so index {index} is out of range"
        )


def _expected_bool(question: Question) -> bool:
    if question.answer is None:
        raise ValueError(f"true_false question {question.id!r} has no answer")
    return question.answer
