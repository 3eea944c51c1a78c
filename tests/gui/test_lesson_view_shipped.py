"""Every lesson of the shipped course opens in LessonView and every step shows, end to end."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from course.grading import correct_answer
from course.loader import load_course
from course.model import QuizStep, ReflectStep, TextStep
from course.paths import DataPaths
from course.store.api import open_store
from ui.lesson_view import LessonView
from ui.quiz_view import QuizView
from ui.reflect_view import ReflectView


def _completed(store, course_id: str, lesson_id: str) -> bool:
    state = store.lesson_state(course_id, lesson_id)
    return state is not None and state.completed


@pytest.fixture(scope="module")
def shipped():
    root = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"
    result = load_course(root)
    assert result.course is not None, [f.format() for f in result.findings]
    return result.course, root


def test_every_shipped_lesson_walks_through(qtbot, tmp_path: Path, shipped) -> None:
    course, root = shipped
    store = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    try:
        view = LessonView(store)
        qtbot.addWidget(view)
        view.resize(1000, 700)
        view.show()
        for lesson in course.lessons():
            view.set_lesson(course, lesson, root)
            if view.showing_content_note():
                view.accept_content_note()
            for index, step in enumerate(lesson.steps):
                view.go_to_step(index)
                widget = view.current_step_widget()
                if isinstance(step, TextStep):
                    assert widget is view.browser
                    assert view.browser.toPlainText().strip(), (lesson.id, index)
                elif isinstance(step, QuizStep):
                    assert isinstance(widget, QuizView)
                    while not widget.showing_summary():
                        assert widget.question is not None
                        widget.choose(correct_answer(widget.question))
                        assert widget.check() is not None
                        widget.next_question()
                    assert widget.last_score is not None and widget.last_score.passed
                elif isinstance(step, ReflectStep):
                    assert isinstance(widget, ReflectView)
                    assert len(widget.prompt_widgets) == len(step.reflection.prompts)
            # Completion is written just after the last step is painted.
            qtbot.waitUntil(partial(_completed, store, course.id, lesson.id))
        view.leave_lesson()
        view.set_store(None)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("region", "shown", "hidden"),
    [
        (None, ["988", "116 123", "13 11 14", "1737", "112"], []),
        ("uk", ["116 123", "0808 2000 247", "0808 1000 900"], ["988", "13 11 14", "1737"]),
        ("us", ["988", "911", "1-800-799-7233"], ["116 123", "000", "1737"]),
        ("ie", ["116 123", "112"], ["988", "0808 1000 900", "0808 2000 247"]),
        ("nz", ["1737", "111"], ["988", "116 123", "13 11 14"]),
        ("other", ["local emergency number"], ["988", "116 123", "1737"]),
    ],
)
def test_the_crisis_lesson_shows_the_learners_region(qtbot, shipped, region, shown, hidden) -> None:
    course, root = shipped
    view = LessonView(None)
    qtbot.addWidget(view)
    view.set_region(region)
    help_lesson = next(lesson for lesson in course.lessons() if lesson.id == "getting-help")
    view.set_lesson(course, help_lesson, root)
    text = view.browser.toPlainText()
    assert "region" not in text.lower().replace("your region", "")
    for words in shown:
        assert words in text, (region, words)
    for words in hidden:
        assert words not in text, (region, words)
