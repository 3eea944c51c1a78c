"""Progress is in the first frame, read without the store, and the store takes over when open."""

from __future__ import annotations

from course.loader import load_course
from course.paths import DataPaths
from course.store import open_store
from ui.outline import LessonStatus


def _profile_with_progress(data_paths: DataPaths, shipped_course_dir) -> str:
    course = load_course(shipped_course_dir).course
    assert course is not None
    lesson = next(iter(course.lessons()))
    with open_store(data_paths, backup_at_open=False) as store:
        store.set_setting("first_run_done", True)
        store.visit_lesson(course, lesson.id)
        store.complete_lesson(course, lesson.id)
    return lesson.id


def test_progress_is_shown_before_the_store_opens(qtbot, data_paths, shipped_course_dir):
    from ui.app import build_window

    lesson_id = _profile_with_progress(data_paths, shipped_course_dir)
    window = build_window(data_paths)
    qtbot.addWidget(window)
    # Before the first paint: no store yet, but the progress is already there to draw.
    assert window.store is None
    assert window.outline_model.status(lesson_id) == LessonStatus.DONE
    assert window.home.continue_button.text() != "Start the course"
    order: list[str] = []
    window.painted.connect(lambda: order.append("painted"))
    window.progress_shown.connect(lambda: order.append("progress"))
    window.ready.connect(lambda: order.append("ready"))
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    assert order == ["painted", "progress", "ready"]
    assert window.outline_model.status(lesson_id) == LessonStatus.DONE
    window.close()


def test_a_new_profile_shows_progress_once_the_store_is_open(qtbot, data_paths):
    from ui.app import build_window

    window = build_window(data_paths)
    qtbot.addWidget(window)
    order: list[str] = []
    window.progress_shown.connect(lambda: order.append("progress"))
    window.ready.connect(lambda: order.append("ready"))
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    assert order == ["progress", "ready"]
    dialog = getattr(window, "first_run_dialog", None)
    if dialog is not None and dialog.isVisible():
        dialog.reject()
    window.close()


def test_the_learners_theme_and_text_size_are_in_the_first_frame(
    qtbot, data_paths, shipped_course_dir
):
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.app import build_window
    from ui.progress import SETTING_TEXT_SIZE, SETTING_THEME

    _profile_with_progress(data_paths, shipped_course_dir)
    bigger = theme.DEFAULT_TEXT_SIZE + 3
    with open_store(data_paths, backup_at_open=False) as store:
        store.set_setting(SETTING_THEME, "dark")
        store.set_setting(SETTING_TEXT_SIZE, bigger)
    window = build_window(data_paths)
    qtbot.addWidget(window)
    # Before the first paint and before the store: no flash of the default look.
    assert window.store is None
    assert window.preferences.theme_name() == "dark" and window.preferences.text_size() == bigger
    assert QApplication.palette().window().color().lightness() < 100
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    window.preferences.set_theme("light")
    window.preferences.set_text_size(theme.DEFAULT_TEXT_SIZE)
    window.close()
