"""The content-note card and the lesson footer link the course's own help lesson
(`help_lesson:`), or the app's own page on where to turn for help when the course has
none (issue 11); by keyboard as well as by mouse."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from course.model import Course, Lesson, Module, TextStep
from ui.lesson_view import APP_HELP_URL, LessonView

NOTED = Lesson(
    id="hard-part",
    title="The hard part",
    path="m/01.md",
    minutes=3,
    steps=(TextStep("Some text."),),
    content_note="This lesson talks about betrayal.",
)
SUPPORT = Lesson(
    id="support-now",
    title="Support right now",
    path="m/02.md",
    minutes=2,
    steps=(TextStep("Call someone you trust."),),
)
WITH_HELP = Course(
    id="with-help",
    version="1.0.0",
    title="With help",
    modules=(Module(id="m", title="M", lessons=(NOTED, SUPPORT)),),
    help_lesson="support-now",
)
WITHOUT_HELP = Course(
    id="without-help",
    version="1.0.0",
    title="Without help",
    modules=(Module(id="m", title="M", lessons=(NOTED,)),),
)


@pytest.fixture
def view(qtbot) -> LessonView:
    v = LessonView(None)
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def activate_link_by_keyboard(qtbot, view: LessonView) -> None:
    """Tab from Not now to the help link on the card, then Enter, as a keyboard user would."""
    view.activateWindow()
    view.not_now_button.setFocus()
    qtbot.keyClick(view.not_now_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(view.note_help_label.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_the_note_card_links_the_courses_own_help_lesson(view: LessonView, qtbot) -> None:
    view.set_lesson(WITH_HELP, NOTED, None)
    assert view.showing_content_note()
    assert view.note_help_label.isVisible()
    assert 'href="lesson:support-now"' in view.note_help_label.text()
    assert "Support right now" in view.note_help_label.text()
    with qtbot.waitSignal(view.lesson_link_activated) as blocker:
        activate_link_by_keyboard(qtbot, view)
    assert blocker.args == ["support-now"]


def test_without_a_help_lesson_the_card_links_the_apps_own_page(view: LessonView, qtbot) -> None:
    view.set_lesson(WITHOUT_HELP, NOTED, None)
    assert APP_HELP_URL in view.note_help_label.text()
    with qtbot.waitSignal(view.app_help_requested):
        activate_link_by_keyboard(qtbot, view)
    # The footer points there too, rather than disappearing.
    view.accept_content_note()
    assert view.help_label.isVisible() and APP_HELP_URL in view.help_label.text()
    with qtbot.waitSignal(view.app_help_requested):
        view.help_label.linkActivated.emit(APP_HELP_URL)


def test_the_help_lesson_has_no_footer_link_to_itself(view: LessonView) -> None:
    view.set_lesson(WITH_HELP, SUPPORT, None)
    assert not view.help_label.isVisible()
    view.set_lesson(WITH_HELP, NOTED, None)
    view.accept_content_note()
    assert view.help_label.isVisible() and "lesson:support-now" in view.help_label.text()


def test_help_lesson_naming_a_missing_lesson_falls_back_to_the_app(view: LessonView) -> None:
    # The loader refuses this; a course built another way still gets a working link.
    broken = dataclasses.replace(WITHOUT_HELP, help_lesson="nowhere")
    view.set_lesson(broken, NOTED, None)
    assert APP_HELP_URL in view.note_help_label.text()


def test_in_the_window_a_course_without_help_leads_to_the_apps_page(qtbot, data_paths, tmp_path):
    from app_window import TIMEOUT, prepare_store, start

    folder = tmp_path / "tiny"
    (folder / "m").mkdir(parents=True)
    (folder / "course.yaml").write_text(
        'format: 1\nid: tiny\nversion: "1.0.0"\ntitle: Tiny\n'
        "content_note: This one is hard.\n"
        "modules:\n  - id: m\n    title: M\n    lessons: [m/one.md]\n",
        encoding="utf-8",
    )
    (folder / "m" / "one.md").write_text(
        "---\nid: one\ntitle: One\n---\nSome text.\n", encoding="utf-8"
    )
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.switch_course(folder)
    qtbot.waitUntil(
        lambda: window.course is not None and window.course.id == "tiny", timeout=TIMEOUT
    )
    window.open_lesson("one")
    view = window.lesson_pages.view
    assert view.showing_content_note()
    view.note_help_label.linkActivated.emit(APP_HELP_URL)
    # The app's own page: the shipped course's lesson on where to turn for help.
    qtbot.waitUntil(
        lambda: view.lesson is not None and view.lesson.id == "getting-help", timeout=TIMEOUT
    )
    assert window.course is not None and window.course.id == "empathy-gap"
