"""A whole lesson walked as a learner would, then the app started again over the same data.

Open the course, read, answer the quiz with a wrong answer, review the summary, write
a reflection, quit; start a new window over the same data dir and find everything
where it was: the step, the quiz result, the reflection, the outline's status.
"""

from __future__ import annotations

from app_window import start, visible_dialogs
from PySide6.QtCore import Qt

from course.grading import correct_answer
from course.model import QuestionType
from course.paths import DataPaths
from ui.quiz_view import QuizView
from ui.reflect_view import ReflectView

LESSON = "shame-and-guilt"  # text, then a quiz, then a reflection


def wrong_answer(question):
    right = correct_answer(question)
    if question.type is QuestionType.TRUE_FALSE:
        return not right
    if question.type is QuestionType.SINGLE:
        return next(i for i in range(len(question.options)) if i != right)
    if question.type is QuestionType.MULTIPLE:
        return frozenset(range(len(question.options))) - frozenset(right) or frozenset({0})
    return tuple(reversed(right))


def run_journey(qtbot, paths: DataPaths) -> None:
    """The learner's path, shared with the no-network test."""
    window = start(qtbot, paths)
    # First run: the welcome, answered without a passphrase.
    qtbot.waitUntil(lambda: getattr(window, "first_run_dialog", None) is not None)
    window.first_run_dialog.use_passphrase.setChecked(False)
    window.first_run_dialog.start_button.click()

    # Open the course's lesson from the outline, with the keyboard.
    window.area.focus_outline()
    window.outline.select_lesson(LESSON)
    qtbot.keyClick(window.outline, Qt.Key.Key_Return)
    view = window.lesson_page
    assert window.pages.currentWidget() is view and view.lesson.id == LESSON
    if view.showing_content_note():
        view.accept_content_note()
    assert view.step_index == 0
    assert window.outline_model.status(LESSON).value == "in_progress"

    # Read, then Next to the quiz.
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    quiz = view.current_step_widget()
    assert isinstance(quiz, QuizView)
    first = quiz.question
    quiz.choose(wrong_answer(first))
    result = quiz.check()
    assert result is not None and not result.correct
    quiz.next_question()
    while not quiz.showing_summary():
        quiz.choose(correct_answer(quiz.question))
        quiz.check()
        quiz.next_question()
    assert first.prompt.split()[0] in quiz.missed_label.text()  # the missed one, to review
    scores = window.store.quiz_scores(window.course.id, quiz.quiz.id)
    assert scores is not None and scores.scored.score < 1.0

    # Reflect.
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    reflect = view.current_step_widget()
    assert isinstance(reflect, ReflectView)
    editor = reflect.prompt_widgets[0].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "I notice I go quiet.")
    window.close()  # quitting saves what was typed


def test_whole_lesson_then_start_again(qtbot, data_paths):
    run_journey(qtbot, data_paths)

    again = start(qtbot, data_paths)
    assert visible_dialogs() == []  # the welcome is not shown twice
    course = again.course
    assert again.home.continue_button.text() == "Continue"
    # The lesson is finished (quiz attempted, last step reached): Continue goes on.
    lessons = [lesson.id for lesson in course.lessons()]
    following = course.lesson(lessons[lessons.index(LESSON) + 1])
    assert following is not None and following.title in again.home.continue_text.text()
    assert again.outline_model.status(LESSON).value in ("in_progress", "done", "quiz_passed")
    assert any(
        "%" in again.home.quizzes_box.itemAt(i).widget().text()
        for i in range(again.home.quizzes_box.count())
    )
    again.open_lesson(LESSON)
    view = again.lesson_page
    assert view.lesson.id == LESSON and view.step_index == 2
    reflect = view.current_step_widget()
    assert isinstance(reflect, ReflectView)
    assert reflect.prompt_widgets[0].editor.toPlainText() == "I notice I go quiet."
    again.show_journal()
    texts = [entry.text for entry in again.store.reflections(course.id)]
    assert "I notice I go quiet." in texts
