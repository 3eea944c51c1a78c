"""QuizView: every question type right and wrong, partial credit, order by keyboard,
first answer kept, summary, try again, and every attempt saved as it happens."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QStackedWidget, QWidget
from store_helpers import CountingStore

from course.grading import correct_answer, grade
from course.model import Course, Lesson, Module, Option, Question, QuestionType, Quiz, QuizStep
from course.paths import DataPaths
from course.store.api import open_store
from ui.quiz_view import QuizView, answer_to_store

SINGLE = Question(
    id="q-single",
    type=QuestionType.SINGLE,
    prompt="Which thought is shame?",
    options=(
        Option("I made a mistake.", feedback="That is guilt: it is about an action."),
        Option("I am a mistake.", correct=True, feedback="Yes: shame is about the self."),
    ),
    explanation="Guilt is about what I did; shame is about who I am.",
)
MULTIPLE = Question(
    id="q-multiple",
    type=QuestionType.MULTIPLE,
    prompt="Which are shame reactions?",
    options=(
        Option("Defending", correct=True),
        Option("Withdrawing", correct=True),
        Option("Listening", feedback="Listening is what shame makes hard."),
    ),
)
TRUE_FALSE = Question(
    id="q-tf",
    type=QuestionType.TRUE_FALSE,
    prompt="Defensiveness can be a shame reaction.",
    answer=True,
    explanation="Defending protects the self from shame.",
)
ORDER = Question(
    id="q-order",
    type=QuestionType.ORDER,
    prompt="Put the steps of a repair conversation in order.",
    items=("Listen", "Reflect back", "Acknowledge impact", "Ask what would help"),
)
QUIZ = Quiz(id="check", pass_ratio=0.7, questions=(SINGLE, MULTIPLE, TRUE_FALSE, ORDER))
LESSON = Lesson(
    id="lesson-1", title="Shame and guilt", path="m/01.md", minutes=5, steps=(QuizStep(QUIZ),)
)
COURSE = Course(
    id="test-course",
    version="1.0.0",
    title="Test",
    modules=(Module(id="m", title="Module", lessons=(LESSON,)),),
)


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    yield s
    s.close()


@pytest.fixture
def view(qtbot, store) -> QuizView:
    v = QuizView(store)
    qtbot.addWidget(v)
    v.set_quiz(COURSE, LESSON, QUIZ)
    v.resize(700, 600)
    v.show()
    return v


def go_to(view: QuizView, question_id: str) -> None:
    """Answer (rightly) every question before `question_id`."""
    while view.question is not None and view.question.id != question_id:
        view.choose(correct_answer(view.question))
        view.check()
        view.next_question()


def test_single_right_shows_feedback_and_explanation(view: QuizView, qtbot) -> None:
    assert view.progress_label.text() == "Question 1 of 4"
    assert not view.check_button.isEnabled()  # nothing chosen yet
    view.choice_for(1).button.click()
    assert view.check_button.isEnabled()
    with qtbot.waitSignal(view.answer_checked) as blocker:
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["q-single", True]
    text = view.feedback_label.text()
    assert "That's right" in text
    assert "Yes: shame is about the self." in text
    assert "That is guilt" in text  # feedback on every option, not only the chosen one
    assert "Guilt is about what I did" in text
    assert view.choice_for(1).label.text().startswith("✓")


def test_single_wrong_is_kind_and_locks_the_first_answer(view: QuizView, store) -> None:
    view.choose(0)
    result = view.check()
    assert result is not None and not result.correct
    assert "worth another look" in view.feedback_label.text()
    assert view.choice_for(0).label.text().startswith("✗")
    # The first answer is the one kept: the inputs are locked and a second check does nothing.
    assert view.locked
    other = view.choice_for(1).button
    assert other.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert other.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert other.isEnabled()  # locked but fully readable, not greyed out
    view.choose(1)
    assert view.check() is None
    assert view.results["q-single"].score == 0.0
    attempt = store.quiz_attempts(COURSE.id, QUIZ.id)[0]
    assert [(a.question_id, a.answer, a.score) for a in attempt.answers] == [("q-single", 0, 0.0)]


def test_multiple_gives_partial_credit(view: QuizView, store) -> None:
    go_to(view, "q-multiple")
    assert view.check_button.text() == "Check"
    view.choose(frozenset({0, 2}))  # one right, one wrong, one missed
    view.check()
    assert view.results["q-multiple"].score == 0.0
    view.try_again()
    go_to(view, "q-multiple")
    view.choose(frozenset({0}))
    result = view.check()
    assert result is not None and result.score == 0.5 and not result.correct
    assert "Partly right" in view.feedback_label.text()
    assert "Listening is what shame makes hard." in view.feedback_label.text()


def test_multiple_all_right(view: QuizView) -> None:
    go_to(view, "q-multiple")
    view.choose(frozenset({0, 1}))
    assert view.check().correct  # type: ignore[union-attr]


@pytest.mark.parametrize(("answer", "correct"), [(True, True), (False, False)])
def test_true_false(view: QuizView, answer: bool, correct: bool) -> None:
    go_to(view, "q-tf")
    assert [o.label.text() for o in view._choice_options] == ["True", "False"]
    view.choose(answer)
    result = view.check()
    assert result is not None and result.correct is correct
    assert "Defending protects the self" in view.feedback_label.text()


def test_order_by_keyboard(view: QuizView, qtbot) -> None:
    go_to(view, "q-order")
    order_list = view.order_list
    assert order_list is not None
    assert order_list.order() != (0, 1, 2, 3)  # never handed the answer already in place
    # Selection sort with Alt+Up only, as a keyboard user would do it.
    order_list.setFocus()
    for target in range(4):
        row = order_list.order().index(target)
        order_list.setCurrentRow(row)
        for _ in range(row - target):
            qtbot.keyClick(order_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert order_list.order() == (0, 1, 2, 3)
    result = view.check()
    assert result is not None and result.correct
    assert "in the right place" in view.feedback_label.text()


def test_order_wrong_with_move_buttons(view: QuizView, qtbot) -> None:
    go_to(view, "q-order")
    order_list = view.order_list
    assert order_list is not None
    start = order_list.order()
    order_list.setCurrentRow(0)
    qtbot.mouseClick(view.move_down_button, Qt.MouseButton.LeftButton)
    assert order_list.order() == (start[1], start[0], *start[2:])
    qtbot.mouseClick(view.move_up_button, Qt.MouseButton.LeftButton)
    assert order_list.order() == start
    view.choose((3, 2, 1, 0))
    result = view.check()
    assert result is not None and not result.correct
    assert "The order that fits" in view.feedback_label.text()
    assert order_list.locked  # locked after Check
    order_list.setCurrentRow(0)
    assert not order_list.move_current(1)
    assert order_list.order() == (3, 2, 1, 0)


def test_summary_passed_and_attempt_saved(view: QuizView, qtbot, store) -> None:
    with qtbot.waitSignal(view.attempt_finished) as blocker:
        go_to(view, "no-such-question")
    assert blocker.args == ["check", 1.0, True]
    assert view.showing_summary()
    assert view.summary_title.text() == "Well done"
    assert "4 out of 4" in view.summary_label.text()
    assert view.missed_label.isHidden()
    scores = store.quiz_scores(COURSE.id, QUIZ.id)
    assert scores is not None and scores.scored.passed and scores.scored.score == 1.0


def test_summary_not_passed_is_warm_and_lists_what_to_review(view: QuizView, qtbot) -> None:
    view.choose(0)  # wrong
    view.check()
    view.next_question()
    view.choose(frozenset({2}))  # wrong
    view.check()
    view.next_question()
    go_to(view, "no-such-question")
    assert view.summary_title.text() == "Worth another look"
    summary = view.summary_label.text() + view.missed_label.text()
    assert "fail" not in summary.lower()
    assert "Which thought is shame?" in view.missed_label.text()
    assert "Which are shame reactions?" in view.missed_label.text()
    assert "Defensiveness can be" not in view.missed_label.text()
    assert view.try_again_button.isVisible()


def test_try_again_is_a_new_attempt_and_the_first_stays_scored(view: QuizView, store) -> None:
    view.choose(0)
    view.check()
    view.next_question()
    go_to(view, "no-such-question")
    first_score = view.last_score.score  # type: ignore[union-attr]
    view.try_again()
    assert not view.showing_summary()
    assert view.progress_label.text() == "Question 1 of 4"
    assert view.check_button.isVisible() and not view.locked
    go_to(view, "no-such-question")
    assert "practice attempt 2" in view.summary_label.text()
    assert "Your first attempt (75%) is the score that is kept" in view.summary_label.text()
    assert "Your best so far is 100%." in view.summary_label.text()
    attempts = store.quiz_attempts(COURSE.id, QUIZ.id)
    assert [a.number for a in attempts] == [1, 2]
    scores = store.quiz_scores(COURSE.id, QUIZ.id)
    assert scores.scored.score == pytest.approx(first_score)
    assert scores.best.score == 1.0


def _answer_the_first_question_and_leave(qtbot, store) -> QuizView:
    """An attempt left open after its first question, as a learner who walked away."""
    first = QuizView(store)
    qtbot.addWidget(first)
    first.set_quiz(COURSE, LESSON, QUIZ)
    first.choose(1)
    first.check()
    first.next_question()
    return first


def test_open_attempt_resumes_and_finished_shows_summary(qtbot, store) -> None:
    first = _answer_the_first_question_and_leave(qtbot, store)
    again = QuizView(store)
    qtbot.addWidget(again)
    again.set_quiz(COURSE, LESSON, QUIZ)
    assert again.question is not None and again.question.id == "q-multiple"
    assert again.attempt_id == first.attempt_id
    go_to(again, "no-such-question")
    third = QuizView(store)
    qtbot.addWidget(third)
    third.set_quiz(COURSE, LESSON, QUIZ)
    assert third.showing_summary()
    assert third.summary_title.text() == "Well done"


def test_a_failing_store_does_not_stop_the_quiz(qtbot, store) -> None:
    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise OSError("disk full")

            return fail

    view = QuizView(Broken())  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.set_quiz(COURSE, LESSON, QUIZ)
    view.choose(1)
    with qtbot.waitSignal(view.save_failed):
        result = view.check()
    assert result is not None and result.correct
    assert "That's right" in view.feedback_label.text()


def test_every_control_has_an_accessible_name(view: QuizView) -> None:
    for qid in ("q-single", "q-multiple", "q-tf", "q-order"):
        go_to(view, qid)
        controls = view.findChildren(QAbstractButton) + view.findChildren(QListWidget)
        unnamed = [w for w in controls if w.isVisible() and not w.accessibleName()]
        assert unnamed == []


def test_a_quiz_without_questions_is_calm(qtbot) -> None:
    empty = Quiz(id="empty", pass_ratio=0.7, questions=())
    view = QuizView(None)
    qtbot.addWidget(view)
    view.set_quiz(COURSE, LESSON, empty)
    assert view.showing_summary()
    assert view.summary_title.text() == "Nothing to answer here"


# --- opening reads the store once (issue 14) ------------------------------------------


def _finished_attempts(qtbot, store, count: int) -> None:
    view = QuizView(store)
    qtbot.addWidget(view)
    view.set_quiz(COURSE, LESSON, QUIZ)
    view.choose(0)  # the first attempt misses one question: 75%
    view.check()
    view.next_question()
    go_to(view, "no-such-question")
    for _ in range(count - 1):
        view.try_again()
        go_to(view, "no-such-question")


def test_opening_on_a_summary_reads_the_store_once(qtbot, store) -> None:
    _finished_attempts(qtbot, store, 2)
    counting = CountingStore(store)
    view = QuizView(counting)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.set_quiz(COURSE, LESSON, QUIZ)
    assert counting.calls == ["quiz_opening"]
    assert view.showing_summary()
    text = view.summary_label.text()
    assert "practice attempt 2" in text
    assert "Your first attempt (75%) is the score that is kept" in text
    assert "Your best so far is 100%." in text


def test_opening_mid_attempt_reads_once_and_resumes_with_earlier_answers(qtbot, store) -> None:
    first = _answer_the_first_question_and_leave(qtbot, store)
    counting = CountingStore(store)
    again = QuizView(counting)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    again.set_quiz(COURSE, LESSON, QUIZ)
    assert counting.calls == ["quiz_opening"]
    assert again.question is not None and again.question.id == "q-multiple"
    assert again.attempt_id == first.attempt_id and "q-single" in again.results


def test_a_resumed_attempt_that_finishes_on_opening_scores_it_afresh(qtbot, store) -> None:
    """Every question answered but not finished (the app closed on the last one): opening
    finishes it, and the summary counts it, not the scores read before it finished."""
    _finished_attempts(qtbot, store, 1)
    attempt = store.start_quiz_attempt(COURSE, LESSON.id, QUIZ.id)
    for q in QUIZ.questions:
        answer = correct_answer(q)
        store.record_answer(attempt, q.id, answer_to_store(answer), grade(q, answer).score)
    view = QuizView(store)
    qtbot.addWidget(view)
    view.set_quiz(COURSE, LESSON, QUIZ)
    assert view.showing_summary()
    text = view.summary_label.text()
    assert "practice attempt 2" in text
    assert "Your best so far is 100%." in text


def test_showing_a_summary_lays_its_text_out_once_a_width(qtbot, store, monkeypatch) -> None:
    """Issue 14: showing a quiz on its summary (a quiz opening) cost 11 ms, most of it
    the summary's word-wrapped labels laying their text out again each time the layouts
    asked their height (12 times each, at three widths). Each width is laid out once."""
    _finished_attempts(qtbot, store, 1)
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.resize(700, 500)
    stack.addWidget(QWidget())
    stack.show()
    view = QuizView(store)
    stack.addWidget(view)
    view.set_quiz(COURSE, LESSON, QUIZ)
    assert view.showing_summary() and view.missed_label.text()
    laid_out: Counter[tuple[str, int]] = Counter()
    original = QLabel.heightForWidth

    def counted(label: QLabel, width: int) -> int:
        laid_out[(label.accessibleName(), width)] += 1
        return original(label, width)

    monkeypatch.setattr(QLabel, "heightForWidth", counted)
    stack.setCurrentWidget(view)
    qtbot.waitExposed(view)
    names = {name for name, _width in laid_out}
    assert {"Your result", "Questions to look at again"} <= names
    assert max(laid_out.values()) == 1
    view.missed_label.setText(view.missed_label.text() + "<p>One more.</p>")
    view.missed_label.heightForWidth(view.missed_label.width())
    assert laid_out[("Questions to look at again", view.missed_label.width())] == 2  # new text
