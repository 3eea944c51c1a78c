"""The quiz as a learner meets it: shuffled options, the keyboard alone, wrapping text,
Check always in reach, a summary that opens at its heading, and leaving a quiz step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from course.grading import correct_answer
from course.model import (
    Course,
    Lesson,
    Module,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizStep,
    TextStep,
)
from course.paths import DataPaths
from course.store.api import open_store
from ui.lesson_view import LessonView
from ui.quiz_view import QuizView

LONG = (
    "Saying that you understand, and then explaining at length why it happened, why it "
    "was not as bad as it seems, and why the person you hurt should really be able to "
    "move on by now, which feels reasonable from the inside but lands as a wall."
)
FIVE = Question(
    id="five",
    type=QuestionType.SINGLE,
    prompt="Which response stays with your partner's pain?",
    options=(
        Option("Explaining yourself", feedback="Explaining moves the focus to you."),
        Option("Changing the subject", feedback="That leaves them alone with it."),
        Option("Staying, and saying what you see", correct=True, feedback="Yes, for anyone."),
        Option("Promising it will never happen again", feedback="A promise is not presence."),
        Option(LONG, feedback="This is the long one."),
    ),
    explanation="Presence comes before repair.",
)
FIXED = Question(
    id="fixed",
    type=QuestionType.SINGLE,
    prompt="How often do you notice shame turning into anger?",
    options=(Option("Rarely"), Option("Sometimes"), Option("Often", correct=True)),
    explanation="Any answer is a start.",
    shuffle=False,
)
MULTI = Question(
    id="multi",
    type=QuestionType.MULTIPLE,
    prompt="Which are shame reactions?",
    options=(
        Option("Defending", correct=True),
        Option("Withdrawing", correct=True),
        Option("Listening"),
    ),
    explanation="Defending and withdrawing both protect the self.",
)
TRUE_FALSE = Question(
    id="tf",
    type=QuestionType.TRUE_FALSE,
    prompt="Defensiveness can be a shame reaction.",
    answer=True,
    explanation="It protects the self.",
)
ORDER = Question(
    id="order",
    type=QuestionType.ORDER,
    prompt="Put the steps of a repair conversation in order.",
    items=("Listen", "Reflect back", "Acknowledge impact"),
    explanation="Listening comes first.",
)
QUIZ = Quiz(id="flow-check", pass_ratio=0.7, questions=(FIVE, MULTI, TRUE_FALSE, ORDER))
LESSON = Lesson(
    id="flow-lesson",
    title="Staying present",
    path="m/01.md",
    minutes=5,
    steps=(TextStep("Some words first."), QuizStep(QUIZ), TextStep("Some words after.")),
)
NEXT = Lesson(id="flow-next", title="After", path="m/02.md", minutes=1, steps=(TextStep("Next."),))
COURSE = Course(
    id="flow-course",
    version="1.0.0",
    title="Flow",
    modules=(Module(id="m", title="Module", lessons=(LESSON, NEXT)),),
)


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    yield s
    s.close()


def quiz_view(qtbot, store, quiz: Quiz = QUIZ, width: int = 700, height: int = 600) -> QuizView:
    view = QuizView(store)
    qtbot.addWidget(view)
    view.set_quiz(COURSE, LESSON, quiz)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def shown_texts(view: QuizView) -> list[str]:
    return [option.label.text() for option in view._choice_options]


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the learner presses it: to whatever has the keyboard focus."""
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focus, key, modifier)


# --- shuffle ------------------------------------------------------------------------------


def test_options_are_shuffled_per_attempt_and_stay_put_within_one(qtbot, store) -> None:
    quiz = Quiz(id="two", pass_ratio=0.7, questions=(FIVE, FIXED))
    view = quiz_view(qtbot, store, quiz)
    authored = [o.text for o in FIVE.options]
    orders = []
    for _attempt in range(8):
        shown = shown_texts(view)
        assert sorted(shown) == sorted(authored)  # every option, once
        orders.append(tuple(shown))
        view.set_quiz(COURSE, LESSON, quiz)  # opened again within the same attempt...
        assert shown_texts(view) == shown  # ...the same order
        view.choose(0)
        view.check()
        assert [text.lstrip("✓✗ ") for text in shown_texts(view)] == shown  # and after Check
        view.next_question()
        view.choose(2)
        view.check()
        view.next_question()
        assert view.showing_summary()
        view.try_again()
    assert len(set(orders)) > 1, "two attempts should be able to show different orders"
    assert any(list(order) != authored for order in orders)


def test_grading_feedback_and_the_stored_answer_use_the_authored_options(qtbot, store) -> None:
    view = quiz_view(qtbot, store)
    # Find the right answer by its words, wherever it is shown, and pick it with the mouse.
    position = shown_texts(view).index("Staying, and saying what you see")
    qtbot.mouseClick(view._choice_options[position].label, Qt.MouseButton.LeftButton)
    assert view.current_answer() == 2  # the authored index, not the place on screen
    result = view.check()
    assert result is not None and result.correct
    assert view._choice_options[position].label.text().startswith("✓")
    stored = store.quiz_attempts(COURSE.id, QUIZ.id)[0].answers
    assert [(a.question_id, a.answer) for a in stored] == [("five", 2)]
    # Feedback lists every option in the order the learner saw them.
    feedback = view.feedback_label.text()
    shown = [FIVE.options[i].text for i in view._shown_order]
    places = [feedback.index(text) for text in shown]
    assert places == sorted(places)
    assert "Yes, for anyone.</i>" in feedback
    assert ".: You chose" not in feedback and ".: " not in feedback


def test_shuffle_false_keeps_the_authors_order(qtbot, store) -> None:
    quiz = Quiz(id="fixed-quiz", pass_ratio=0.7, questions=(FIXED,))
    view = quiz_view(qtbot, store, quiz)
    for _attempt in range(5):
        assert shown_texts(view) == ["Rarely", "Sometimes", "Often"]
        view.choose(2)
        view.check()
        view.next_question()
        view.try_again()


# --- the keyboard -------------------------------------------------------------------------


def test_a_quiz_from_first_option_to_summary_by_keyboard_alone(qtbot, store) -> None:
    view = quiz_view(qtbot, store)
    view.focus_first_answer()
    # single: arrows move through the options (and choose), Enter checks, Enter goes on.
    target = view._shown_order.index(2)
    for _ in range(target):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert view.current_answer() == 2
    press(qtbot, Qt.Key.Key_Return)
    assert view.results["five"].correct
    press(qtbot, Qt.Key.Key_Return)
    assert view.question is MULTI
    # The next question starts with the keyboard on its first option, not on a button.
    assert QApplication.focusWidget() is view._choice_buttons[0]
    # multiple: Tab from box to box, Space ticks.
    for position in range(len(MULTI.options)):
        if view._shown_order[position] in (0, 1):
            press(qtbot, Qt.Key.Key_Space)
        if position + 1 < len(MULTI.options):
            press(qtbot, Qt.Key.Key_Tab)
    assert view.current_answer() == frozenset({0, 1})
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter works too
    press(qtbot, Qt.Key.Key_Return)
    # true/false: Down to False and back Up to True; Enter checks.
    assert QApplication.focusWidget() is view._choice_buttons[0]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Space)
    assert view.current_answer() is True
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    # order: the list has the keyboard; arrows pick an item, Alt+arrows move it.
    assert QApplication.focusWidget() is view.order_list
    assert view.order_list is not None
    for wanted in range(len(ORDER.items)):
        row = view.order_list.order().index(wanted)
        view_list = view.order_list
        while view_list.currentRow() != row:
            press(qtbot, Qt.Key.Key_Down if view_list.currentRow() < row else Qt.Key.Key_Up)
        for _ in range(row - wanted):
            press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.order_list.order() == (0, 1, 2)
    press(qtbot, Qt.Key.Key_Return)
    assert view.next_button.text() == "See your results"
    with qtbot.waitSignal(view.attempt_finished) as finished:
        press(qtbot, Qt.Key.Key_Return)
    assert finished.args == [QUIZ.id, 1.0, True]
    assert view.showing_summary()
    assert store.quiz_scores(COURSE.id, QUIZ.id) is not None


def test_enter_with_nothing_chosen_says_what_to_do(qtbot, store) -> None:
    view = quiz_view(qtbot, store)
    view.focus_first_answer()
    assert not view.check_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert view.hint_label.text() == "Choose an answer first."
    assert not view.locked and store.quiz_attempts(COURSE.id, QUIZ.id) == []


def test_check_stays_in_view_and_options_wrap_in_a_small_window(qtbot, store) -> None:
    view = quiz_view(qtbot, store, width=420, height=260)
    qtbot.waitUntil(lambda: view._choice_options[0].label.width() > 0)
    assert view.scroll_area.horizontalScrollBar().maximum() == 0
    long_option = view.choice_for(4)
    assert long_option.label.height() > 2 * long_option.label.fontMetrics().height()  # wrapped
    assert long_option.geometry().right() <= view.scroll_area.viewport().width()
    # The options overflow downwards, yet Check sits in its bar inside the view.
    assert view.scroll_area.verticalScrollBar().maximum() > 0
    assert view.check_button.isVisible()
    bar = view.check_button.mapTo(view, view.check_button.rect().bottomRight())
    assert view.rect().contains(bar)


def test_the_summary_opens_at_its_heading(qtbot, store) -> None:
    many = Quiz(
        id="many",
        pass_ratio=0.7,
        questions=tuple(
            Question(
                id=f"q{i}",
                type=QuestionType.TRUE_FALSE,
                prompt=f"Statement {i}: {LONG}",
                answer=True,
                explanation=LONG,
            )
            for i in range(8)
        ),
    )
    view = quiz_view(qtbot, store, many, width=500, height=300)
    view.focus_first_answer()
    for _question in many.questions:
        press(qtbot, Qt.Key.Key_Down)  # False: every answer missed, a long list to read
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Return)
    assert view.showing_summary()
    qtbot.waitUntil(lambda: view.scroll_area.verticalScrollBar().maximum() > 0)  # laid out
    assert view.scroll_area.verticalScrollBar().value() == 0
    assert view.summary_title.visibleRegion().boundingRect().height() > 0
    assert QApplication.focusWidget() is view.summary_label
    assert "0 out of 8" in view.summary_label.text()


def test_partial_credit_is_written_for_people(qtbot, store) -> None:
    quiz = Quiz(id="partial", pass_ratio=0.7, questions=(MULTI, TRUE_FALSE, FIXED))
    view = quiz_view(qtbot, store, quiz)
    view.choose(frozenset({0, 1, 2}))  # two right, one wrong: half a point
    view.check()
    view.next_question()
    view.choose(True)
    view.check()
    view.next_question()
    view.choose(0)
    view.check()
    view.next_question()
    text = view.summary_label.text()
    assert "1.5 out of 3" in text and "about" not in text
    view.close()
    three = Question(
        id="three",
        type=QuestionType.MULTIPLE,
        prompt="Pick the feelings.",
        options=(
            Option("Sad", correct=True),
            Option("Hurt", correct=True),
            Option("Alone", correct=True),
        ),
    )
    quiz = Quiz(id="thirds", pass_ratio=0.7, questions=(three, TRUE_FALSE, FIXED))
    view = quiz_view(qtbot, store, quiz)
    view.choose(frozenset({0, 1}))  # two of three: 0.666...
    view.check()
    view.next_question()
    view.choose(True)
    view.check()
    view.next_question()
    view.choose(2)
    view.check()
    view.next_question()
    text = view.summary_label.text()
    assert "about 2.7 out of 3" in text
    assert "2.66667" not in text


# --- leaving a quiz step --------------------------------------------------------------------


def lesson_view(qtbot, store) -> LessonView:
    view = LessonView(store)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.set_lesson(COURSE, LESSON, None)
    return view


def answer_everything(quiz_view: QuizView) -> None:
    """Answer and check every question, without pressing "See your results"."""
    while True:
        question = quiz_view.question
        assert question is not None
        quiz_view.choose(correct_answer(question))
        quiz_view.check()
        if quiz_view.next_button.text() == "See your results":
            return
        quiz_view.next_question()


def test_leaving_an_answered_quiz_by_next_finishes_the_attempt(qtbot, store) -> None:
    view = lesson_view(qtbot, store)
    view.go_next()
    quiz = view.current_step_widget()
    assert isinstance(quiz, QuizView)
    answer_everything(quiz)
    assert store.quiz_scores(COURSE.id, QUIZ.id) is None  # answered, not yet finished
    with qtbot.waitSignal(view.lesson_completed):
        view.go_next()  # the lesson's Next, not "See your results"
    scores = store.quiz_scores(COURSE.id, QUIZ.id)
    assert scores is not None and scores.scored.passed
    assert store.lesson_state(COURSE.id, LESSON.id).completed
    view.go_back()
    assert quiz.showing_summary()  # back on the quiz: its results, not a question


def test_a_half_answered_quiz_stays_open_and_the_lesson_is_not_complete(qtbot, store) -> None:
    view = lesson_view(qtbot, store)
    view.go_next()
    quiz = view.current_step_widget()
    assert isinstance(quiz, QuizView)
    quiz.choose(correct_answer(FIVE))
    quiz.check()
    view.go_next()  # on to the last step, with three questions unanswered
    view.leave_lesson()
    assert store.quiz_scores(COURSE.id, QUIZ.id) is None  # never scored unseen questions
    assert not store.lesson_state(COURSE.id, LESSON.id).completed
    view.set_lesson(COURSE, LESSON, None)
    assert view.step_index == 2 and not store.lesson_state(COURSE.id, LESSON.id).completed


def test_the_focus_chain_starts_with_the_first_option(qtbot, store) -> None:
    view = quiz_view(qtbot, store)
    chain = view.focus_chain()
    assert chain[0] is view._choice_buttons[0]
    assert all(isinstance(w, QWidget) for w in chain)
