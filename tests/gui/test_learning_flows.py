"""Learning flows in the whole window: every shipped quiz fits 1100x720 with Check in
view, a quiz left by the lesson's Next is finished (and stays so after a restart), and
"Continue where you left off" goes on to the next lesson after a finished one."""

from __future__ import annotations

from app_window import prepare_store, start

from course.grading import correct_answer
from course.model import QuizStep
from ui.quiz_view import QuizView


def test_every_shipped_quiz_shows_check_at_1100x720_without_sideways_scrolling(
    qtbot, data_paths
) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.resize(1100, 720)
    qtbot.waitUntil(lambda: window.width() == 1100 and window.height() == 720)
    course = window.course
    assert course is not None
    checked = 0
    for lesson in course.lessons():
        for index, step in enumerate(lesson.steps):
            if not isinstance(step, QuizStep):
                continue
            window.open_lesson(lesson.id)
            view = window.lesson_page
            if view.showing_content_note():
                view.accept_content_note()
            view.go_to_step(index)
            quiz = view.current_step_widget()
            assert isinstance(quiz, QuizView)
            while not quiz.showing_summary():
                question = quiz.question
                assert question is not None
                where = f"{lesson.id}, {question.id}"
                qtbot.waitUntil(lambda q=quiz: q.check_button.isVisible())
                button = quiz.check_button
                corner = button.mapTo(window, button.rect().bottomRight())
                assert window.rect().contains(corner), f"Check is off-screen in {where}"
                scroll = quiz.scroll_area
                assert scroll.horizontalScrollBar().maximum() == 0, where
                assert quiz.pages.width() <= scroll.viewport().width(), where
                for option in quiz._choice_options:
                    right = option.label.mapTo(scroll.viewport(), option.label.rect().topRight())
                    assert right.x() <= scroll.viewport().width(), f"clipped option in {where}"
                quiz.choose(correct_answer(question))
                quiz.check()
                quiz.next_question()
                checked += 1
    assert checked >= 30  # every question of every quiz in the course


def test_a_quiz_left_by_next_is_finished_and_the_lesson_complete_after_a_restart(
    qtbot, data_paths
) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    course = window.course
    assert course is not None
    lesson = course.lesson("shame-and-guilt")  # text, then the quiz, then a reflection
    assert lesson is not None
    window.open_lesson(lesson.id)
    view = window.lesson_page
    if view.showing_content_note():
        view.accept_content_note()
    view.next_button.click()
    quiz = view.current_step_widget()
    assert isinstance(quiz, QuizView)
    while True:
        quiz.choose(correct_answer(quiz.question))
        quiz.check()
        if quiz.next_button.text() == "See your results":
            break
        quiz.next_question()
    view.next_button.click()  # the lesson's Next, not "See your results"
    view.next_button.click()  # and on past the reflection, to the next lesson
    window.close()

    again = start(qtbot, data_paths)
    store = again.store
    assert store is not None
    quiz_id = lesson.quizzes[0].id
    attempts = store.quiz_attempts(course.id, quiz_id)
    assert len(attempts) == 1 and attempts[0].finished_at is not None
    assert attempts[0].score == 1.0
    state = store.lesson_state(course.id, lesson.id)
    assert state is not None and state.completed
    assert again.outline_model.status(lesson.id).value == "quiz_passed"


def test_continue_points_to_the_next_lesson_after_a_finished_one(qtbot, data_paths) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    course = window.course
    assert course is not None
    lessons = list(course.lessons())
    first = lessons[0]  # text and a reflection: done when its last step is reached
    window.open_lesson(first.id)
    view = window.lesson_page
    if view.showing_content_note():
        view.accept_content_note()
    view.go_to_step(len(first.steps) - 1)
    view.leave_lesson()
    assert window.store is not None
    assert window.store.lesson_state(course.id, first.id).completed
    window.show_home()
    home = window.home
    assert home.continue_heading.text() == "Continue where you left off"
    assert lessons[1].title in home.continue_text.text()
    assert first.title not in home.continue_text.text()
    home.continue_button.click()
    assert window.lesson_page.lesson is not None
    assert window.lesson_page.lesson.id == lessons[1].id


def test_counts_in_the_outline_are_written_for_people(qtbot) -> None:
    from PySide6.QtCore import Qt

    from course.model import Course, Lesson, Module, TextStep
    from ui.outline import OutlineModel

    one = Lesson(id="one", title="One", path="m/one.md", minutes=1, steps=(TextStep("Hi"),))
    model = OutlineModel()
    model.set_course(Course(id="c", version="1", title="C", modules=(Module("m", "M", (one,)),)))
    accessible = Qt.ItemDataRole.AccessibleTextRole
    module = model.index(0, 0)
    assert model.data(module, accessible) == "M: 0 of 1 lesson done"
    assert model.data(model.index(0, 0, module), accessible).endswith("about 1 minute")


def test_disabled_buttons_look_disabled(qtbot, data_paths) -> None:
    """Back on the first step and Check before an answer are drawn unlike their enabled selves."""
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.resize(1100, 720)
    lesson = window.course.lesson("shame-and-guilt")
    window.open_lesson(lesson.id)
    view = window.lesson_page
    if view.showing_content_note():
        view.accept_content_note()
    view.go_to_step(0)

    def looks(button) -> bytes:
        image = button.grab().toImage()
        return bytes(image.constBits())[: image.sizeInBytes()]

    back = view.back_button
    assert not back.isEnabled()
    disabled = looks(back)
    back.setEnabled(True)
    assert looks(back) != disabled
    view.go_to_step(1)
    quiz = view.current_step_widget()
    assert isinstance(quiz, QuizView)
    check = quiz.check_button
    assert not check.isEnabled()  # nothing chosen yet
    disabled = looks(check)
    quiz.choose(correct_answer(quiz.question))
    assert check.isEnabled() and looks(check) != disabled
    # The primary action carries the accent when it can be used, and loses it when not.
    assert check.isDefault()
