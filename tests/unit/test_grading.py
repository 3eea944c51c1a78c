"""Grading: every question type, partial credit, the pass rule and the player's shuffle."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.grading import (
    ItemPlacement,
    Result,
    correct_answer,
    grade,
    option_order,
    passes,
    score_quiz,
    shuffled_order,
)
from course.model import Option, Question, QuestionType, Quiz


def single(correct: int = 1, count: int = 3) -> Question:
    return Question(
        id="s",
        type=QuestionType.SINGLE,
        prompt="Which thought is shame?",
        options=tuple(
            Option(text=f"option {i}", correct=i == correct, feedback=f"why {i}")
            for i in range(count)
        ),
        explanation="Shame is about the self.",
    )


def multiple(correct: set[int], count: int = 5) -> Question:
    return Question(
        id="m",
        type=QuestionType.MULTIPLE,
        prompt="Which are feelings?",
        options=tuple(Option(text=f"option {i}", correct=i in correct) for i in range(count)),
    )


def true_false(answer: bool = True) -> Question:
    return Question(
        id="tf",
        type=QuestionType.TRUE_FALSE,
        prompt="Defensiveness is a shame reaction.",
        answer=answer,
        explanation="It protects the self.",
    )


def order(count: int = 4) -> Question:
    return Question(
        id="o",
        type=QuestionType.ORDER,
        prompt="Put the steps in order.",
        items=tuple(f"step {i}" for i in range(count)),
    )


# --- single ---------------------------------------------------------------------------------


def test_single_right_and_wrong() -> None:
    q = single(correct=1)
    right = grade(q, 1)
    assert (right.score, right.correct) == (1.0, True)
    assert right.explanation == "Shame is about the self."
    wrong = grade(q, 0)
    assert (wrong.score, wrong.correct) == (0.0, False)


def test_single_feedback_marks_every_option() -> None:
    result = grade(single(correct=1), 0)
    assert [(o.index, o.chosen, o.correct, o.feedback) for o in result.options] == [
        (0, True, False, "why 0"),
        (1, False, True, "why 1"),
        (2, False, False, "why 2"),
    ]
    assert [o.mistaken for o in result.options] == [True, True, False]


@pytest.mark.parametrize("bad", [True, "1", 1.0, None, (1,), frozenset({1})])
def test_single_rejects_wrong_types(bad: object) -> None:
    with pytest.raises(ValueError, match="single question 's' takes an int"):
        grade(single(), bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, 3, 99])
def test_single_rejects_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        grade(single(count=3), bad)


# --- multiple -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "score", "correct"),
    [
        ({0, 1, 2}, 1.0, True),
        ({0, 1}, 2 / 3, False),
        ({0}, 1 / 3, False),
        ({0, 1, 3}, 1 / 3, False),  # two right, one wrong
        ({0, 3}, 0.0, False),  # one right, one wrong
        ({0, 3, 4}, 0.0, False),  # floored at 0, not negative
        (set(), 0.0, False),
        ({0, 1, 2, 3}, 2 / 3, False),  # all right plus one wrong is not correct
    ],
)
def test_multiple_partial_credit(chosen: set[int], score: float, correct: bool) -> None:
    result = grade(multiple({0, 1, 2}), frozenset(chosen))
    assert result.score == pytest.approx(score)
    assert result.correct is correct


def test_multiple_accepts_a_plain_set_and_reports_options() -> None:
    result = grade(multiple({1}, count=3), {1, 2})  # type: ignore[arg-type]
    assert [(o.chosen, o.correct) for o in result.options] == [
        (False, False),
        (True, True),
        (True, False),
    ]


@pytest.mark.parametrize("bad", [1, (0, 1), [0, 1], frozenset({True}), frozenset({"0"}), None])
def test_multiple_rejects_wrong_types(bad: object) -> None:
    with pytest.raises(ValueError, match="multiple question 'm' takes a frozenset"):
        grade(multiple({0}), bad)  # type: ignore[arg-type]


def test_multiple_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="index 5 is out of range"):
        grade(multiple({0}, count=5), frozenset({0, 5}))


def test_multiple_without_a_correct_option_does_not_divide_by_zero() -> None:
    q = multiple(set(), count=3)
    assert grade(q, frozenset()).correct
    assert grade(q, frozenset({1})).score == 0.0


# --- true_false -----------------------------------------------------------------------------


@pytest.mark.parametrize("expected", [True, False])
def test_true_false(expected: bool) -> None:
    q = true_false(expected)
    assert grade(q, expected).correct
    wrong = grade(q, not expected)
    assert (wrong.score, wrong.correct) == (0.0, False)
    assert [(o.text, o.chosen, o.correct) for o in wrong.options] == [
        ("True", not expected, expected),
        ("False", expected, not expected),
    ]
    assert wrong.explanation == "It protects the self."


@pytest.mark.parametrize("bad", [1, 0, "true", None])
def test_true_false_rejects_non_bool(bad: object) -> None:
    with pytest.raises(ValueError, match="takes a bool"):
        grade(true_false(), bad)  # type: ignore[arg-type]


def test_true_false_without_answer_is_a_programming_error() -> None:
    q = Question(id="tf", type=QuestionType.TRUE_FALSE, prompt="?")
    with pytest.raises(ValueError, match="has no answer"):
        grade(q, True)


# --- order ----------------------------------------------------------------------------------


def test_order_exact_only() -> None:
    q = order(4)
    assert grade(q, (0, 1, 2, 3)).correct
    almost = grade(q, (0, 1, 3, 2))
    assert (almost.score, almost.correct) == (0.0, False)
    assert almost.placements == (
        ItemPlacement(item=0, text="step 0", placed_at=0),
        ItemPlacement(item=1, text="step 1", placed_at=1),
        ItemPlacement(item=3, text="step 3", placed_at=2),
        ItemPlacement(item=2, text="step 2", placed_at=3),
    )
    assert [p.in_place for p in almost.placements] == [True, True, False, False]
    assert almost.placements[2].correct_at == 3


@pytest.mark.parametrize(
    "bad",
    [(0, 1, 2), (0, 1, 2, 3, 4), (0, 0, 1, 2), (1, 2, 3, 4), (0, 1, 2, True), "0123", 3, None],
)
def test_order_rejects_non_permutations(bad: object) -> None:
    with pytest.raises(ValueError, match="order question 'o'"):
        grade(order(4), bad)  # type: ignore[arg-type]


# --- score_quiz and the pass rule -----------------------------------------------------------


def quiz(pass_ratio: float, count: int = 3) -> Quiz:
    questions = tuple(
        Question(id=f"q{i}", type=QuestionType.TRUE_FALSE, prompt="?", answer=True)
        for i in range(count)
    )
    return Quiz(id="quiz", pass_ratio=pass_ratio, questions=questions)


def test_two_of_three_passes_a_mark_of_0_67() -> None:
    q = quiz(0.67)
    results = {
        "q0": grade(q.questions[0], True),
        "q1": grade(q.questions[1], True),
        "q2": grade(q.questions[2], False),
    }
    score = score_quiz(q, results)
    assert score.score == pytest.approx(2 / 3)
    assert score.passed
    assert (score.answered, score.correct, score.total) == (3, 2, 3)


def test_unanswered_questions_count_zero() -> None:
    q = quiz(0.67)
    score = score_quiz(q, {"q0": grade(q.questions[0], True), "q1": grade(q.questions[1], True)})
    assert score.score == pytest.approx(2 / 3)
    assert score.answered == 2
    assert score.passed
    assert not score_quiz(q, {"q0": grade(q.questions[0], True)}).passed
    assert score_quiz(q, {}).score == 0.0


def test_results_for_other_questions_are_ignored() -> None:
    q = quiz(0.5, count=2)
    stray = Result(question_id="zz", type=QuestionType.SINGLE, score=1.0, correct=True)
    score = score_quiz(q, {"zz": stray})
    assert (score.score, score.answered, score.passed) == (0.0, 0, False)


def test_empty_quiz_passes() -> None:
    score = score_quiz(Quiz(id="e", pass_ratio=0.7, questions=()), {})
    assert (score.score, score.passed, score.total) == (1.0, True, 0)


@pytest.mark.parametrize(
    ("score", "ratio", "passed"),
    [
        (2 / 3, 0.67, True),
        (1 / 3, 0.33, True),
        (0.7, 0.7, True),
        (0.1 + 0.2, 0.3, True),
        (0.69, 0.7, False),
        (0.6, 0.67, False),
        (1.0, 1.0, True),
        (0.99, 1.0, False),
    ],
)
def test_pass_rule(score: float, ratio: float, passed: bool) -> None:
    assert passes(score, ratio) is passed


# --- shuffled_order -------------------------------------------------------------------------


def test_shuffled_order_is_deterministic_and_never_correct() -> None:
    assert shuffled_order(5, "q3:1") == shuffled_order(5, "q3:1")
    assert shuffled_order(0, 1) == ()
    assert shuffled_order(1, 1) == (0,)
    # With two items the only shuffle that is not the answer is the swap.
    assert all(shuffled_order(2, seed) == (1, 0) for seed in range(50))


@pytest.mark.parametrize("bad", [-1, True, 2.0, "3"])
def test_shuffled_order_rejects_bad_counts(bad: object) -> None:
    with pytest.raises(ValueError, match="items_count"):
        shuffled_order(bad, 0)  # type: ignore[arg-type]


# --- option_order ---------------------------------------------------------------------------


def test_option_order_shuffles_choices_per_seed_and_is_stable() -> None:
    question = single(count=5)
    orders = {option_order(question, f"quiz:s:{attempt}") for attempt in range(1, 30)}
    assert len(orders) > 1  # two attempts can show a different order
    assert all(sorted(order) == [0, 1, 2, 3, 4] for order in orders)  # every option, once
    assert option_order(question, "quiz:s:1") == option_order(question, "quiz:s:1")
    assert len({option_order(multiple({0, 2}), seed) for seed in range(30)}) > 1


def test_option_order_keeps_the_authors_order_when_asked_and_for_true_false() -> None:
    fixed = dataclasses.replace(single(count=5), shuffle=False)
    assert {option_order(fixed, seed) for seed in range(30)} == {(0, 1, 2, 3, 4)}
    assert {option_order(true_false(), seed) for seed in range(30)} == {(0, 1)}


def test_grading_uses_authored_indices_whatever_the_order_shown() -> None:
    question = single(correct=3, count=5)
    shown = option_order(question, 7)
    position = shown.index(3)  # where the right answer is on screen
    result = grade(question, shown[position])
    assert result.correct
    assert [o.index for o in result.options] == [0, 1, 2, 3, 4]  # feedback in authored terms
    assert result.options[3].chosen and result.options[3].text == "option 3"


# --- properties -----------------------------------------------------------------------------

choice_questions = st.integers(min_value=1, max_value=8).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.frozensets(st.integers(0, n - 1), min_size=1),
        st.frozensets(st.integers(0, n - 1)),
    )
)


@given(choice_questions)
def test_multiple_properties(data: tuple[int, frozenset[int], frozenset[int]]) -> None:
    count, correct, chosen = data
    q = multiple(set(correct), count=count)
    result = grade(q, chosen)
    assert 0.0 <= result.score <= 1.0
    assert result.correct is (result.score == 1.0)
    assert result.correct is (chosen == correct)
    assert grade(q, correct_answer(q)).score == 1.0
    # Adding a wrong choice never raises the score; adding a missing right one never lowers it.
    for extra in range(count):
        more = grade(q, chosen | {extra})
        if extra in correct:
            assert more.score >= result.score
        else:
            assert more.score <= result.score


@given(st.integers(1, 8).flatmap(lambda n: st.tuples(st.integers(0, n - 1), st.integers(0, 20))))
def test_single_properties(data: tuple[int, int]) -> None:
    correct, chosen = data
    q = single(correct=correct, count=max(correct, chosen) + 1)
    result = grade(q, chosen)
    assert result.score in (0.0, 1.0)
    assert result.correct is (result.score == 1.0) is (chosen == correct)
    assert grade(q, correct_answer(q)).correct


@given(st.integers(2, 8).flatmap(lambda n: st.permutations(list(range(n)))))
def test_order_properties(arranged: list[int]) -> None:
    q = order(len(arranged))
    result = grade(q, tuple(arranged))
    assert result.correct is (result.score == 1.0) is (arranged == sorted(arranged))
    assert sorted(p.item for p in result.placements) == list(range(len(arranged)))
    assert result.correct is all(p.in_place for p in result.placements)


def test_every_permutation_of_four_but_one_is_wrong() -> None:
    q = order(4)
    scores = [grade(q, p).score for p in itertools.permutations(range(4))]
    assert scores.count(1.0) == 1
    assert scores.count(0.0) == 23


@given(st.integers(0, 8), st.one_of(st.integers(), st.text(max_size=20)))
def test_shuffled_order_properties(count: int, seed: int | str) -> None:
    shuffled = shuffled_order(count, seed)
    assert sorted(shuffled) == list(range(count))
    assert shuffled == shuffled_order(count, seed)
    if count >= 2:
        assert shuffled != tuple(range(count))
        assert not grade(order(count), shuffled).correct


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=10),
    st.floats(0.01, 1.0),
    st.data(),
)
def test_quiz_score_properties(scores: list[float], ratio: float, data: st.DataObject) -> None:
    questions = tuple(
        Question(id=f"q{i}", type=QuestionType.SINGLE, prompt="?") for i in range(len(scores))
    )
    q = Quiz(id="quiz", pass_ratio=ratio, questions=questions)
    answered = data.draw(st.sets(st.integers(0, len(scores) - 1)))
    results = {
        f"q{i}": Result(question_id=f"q{i}", type=QuestionType.SINGLE, score=s, correct=s == 1.0)
        for i, s in enumerate(scores)
        if i in answered
    }
    total = score_quiz(q, results)
    assert 0.0 <= total.score <= 1.0
    assert total.passed is passes(total.score, ratio)
    if len(answered) == len(scores) and all(s == 1.0 for s in scores):
        assert total.score == 1.0 and total.passed
