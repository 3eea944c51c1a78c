"""The quiz teaches through feedback on every question type (issue 11): the author's words
for True and for False, and for each item of an order question, shown after Check and
again in the summary, all driven by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from course.model import Course, Lesson, Module, Question, QuestionType, Quiz, QuizStep
from course.paths import DataPaths
from course.store.api import open_store
from ui.quiz_view import QuizView

SAID_TO_TRUE = "Yes: defending is one way shame protects the self."
SAID_TO_FALSE = "Look again: defending often starts with shame."
SAID_TO_REFLECT = "Saying back what you heard shows you listened."
TRUE_FALSE = Question(
    id="q-tf",
    type=QuestionType.TRUE_FALSE,
    prompt="Defensiveness can be a shame reaction.",
    answer=True,
    answer_feedback=(SAID_TO_TRUE, SAID_TO_FALSE),
)
ORDER = Question(
    id="q-order",
    type=QuestionType.ORDER,
    prompt="Put the steps of a repair conversation in order.",
    items=("Listen", "Reflect back", "Ask what would help"),
    item_feedback=(None, SAID_TO_REFLECT, None),
)
QUIZ = Quiz(id="feedback-check", pass_ratio=0.7, questions=(TRUE_FALSE, ORDER))
LESSON = Lesson(id="l1", title="Repair", path="m/01.md", minutes=5, steps=(QuizStep(QUIZ),))
COURSE = Course(
    id="feedback-course",
    version="1.0.0",
    title="Test",
    modules=(Module(id="m", title="Module", lessons=(LESSON,)),),
)


@pytest.fixture
def view(qtbot, tmp_path: Path):
    store = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    v = QuizView(store)
    qtbot.addWidget(v)
    v.set_quiz(COURSE, LESSON, QUIZ)
    v.resize(700, 600)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    v.focus_first_answer()
    yield v
    store.close()


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def test_true_false_shows_the_feedback_for_each_answer_by_keyboard(view: QuizView, qtbot) -> None:
    # Down moves to "False" and chooses it, as arrow keys do in a group of radio buttons.
    qtbot.waitUntil(lambda: view._choice_buttons[0].hasFocus())
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)
    assert view.current_answer() is False
    press(qtbot, Qt.Key.Key_Return)  # Enter is Check
    result = view.results["q-tf"]
    assert not result.correct
    text = view.feedback_label.text()
    assert SAID_TO_FALSE in text and SAID_TO_TRUE in text
    # Each answer's words sit under that answer, in the order shown (True, then False).
    assert text.index("True") < text.index(SAID_TO_TRUE) < text.index("False")
    assert text.index("False") < text.index(SAID_TO_FALSE)


def test_order_item_feedback_after_check_and_in_the_summary(view: QuizView, qtbot) -> None:
    view.choose(True)
    press(qtbot, Qt.Key.Key_Return)  # Check
    press(qtbot, Qt.Key.Key_Return)  # Next question
    order_list = view.order_list
    assert order_list is not None
    qtbot.waitUntil(order_list.hasFocus)
    # Put "Listen" first with Alt+Up, and leave the other two swapped if they are.
    row = order_list.order().index(0)
    order_list.setCurrentRow(row)
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    if order_list.order() == (0, 1, 2):
        order_list.setCurrentRow(1)
        press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert order_list.order() == (0, 2, 1)
    press(qtbot, Qt.Key.Key_Return)  # Check
    text = view.feedback_label.text()
    assert SAID_TO_REFLECT in text
    assert text.index("Reflect back") < text.index(SAID_TO_REFLECT)
    with qtbot.waitSignal(view.attempt_finished):
        press(qtbot, Qt.Key.Key_Return)  # See your results
    # The summary brings back what the author said about the item put in the wrong place.
    assert view.showing_summary()
    missed = view.missed_label.text()
    assert ORDER.prompt in missed and SAID_TO_REFLECT in missed
    assert TRUE_FALSE.prompt not in missed


def test_summary_of_a_wrong_true_false_repeats_its_feedback(view: QuizView, qtbot) -> None:
    view.choose(False)
    view.check()
    view.next_question()
    view.choose((0, 1, 2))
    view.check()
    view.next_question()
    missed = view.missed_label.text()
    assert TRUE_FALSE.prompt in missed and SAID_TO_FALSE in missed
    assert ORDER.prompt not in missed


def test_review_shows_the_authors_feedback_again(qtbot, tmp_path: Path) -> None:
    from ui.review_view import ReviewView

    store = open_store(DataPaths(tmp_path / "review"), backup_at_open=False)
    try:
        store.ask_again(COURSE, LESSON.id, QUIZ.id, TRUE_FALSE.id)
        view = ReviewView(store)
        view.set_courses([COURSE])
        qtbot.addWidget(view)
        view.show()
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow)
        assert view.start() == 1
        view.quiz_view.choose(False)
        qtbot.keyClick(view.quiz_view, Qt.Key.Key_Return)  # Enter checks, as in a lesson
        text = view.quiz_view.feedback_label.text()
        assert SAID_TO_FALSE in text and SAID_TO_TRUE in text
    finally:
        store.close()
