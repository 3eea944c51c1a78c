"""Importing another version of an installed course: the learner sees what changes first.

A newer version (2.0.0 of the shipped course, see tests/support/versionkit.py) keeps
the progress and writing of every id it still has, and the outline and Home show its
structure as soon as it is installed. An older version asks first, with "keep" as the
default; one older than the shipped course cannot replace it. Every choice is made by
keyboard here: Enter, Escape and Tab.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_window import TIMEOUT, prepare_store, start, visible_dialogs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from versionkit import V2_DROPPED, make_version_1_0, make_version_2_0

from course.install import install_course
from course.store.api import CourseKey, open_store
from ui import messages
from ui.library import CourseUpdateDialog, FindingsDialog

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"
V1_1 = CourseKey("empathy-gap", "1.1.0")
KEPT = "what-is-the-empathy-gap"


def outline_lessons(window) -> list[str]:
    """The lesson titles the outline shows, module by module."""
    model = window.outline_model
    return [
        str(model.index(row, 0, model.index(module, 0)).data())
        for module in range(model.rowCount())
        for row in range(model.rowCount(model.index(module, 0)))
    ]


def update_dialog(qtbot, window) -> CourseUpdateDialog:
    qtbot.waitUntil(
        lambda: any(isinstance(d, CourseUpdateDialog) for d in visible_dialogs()),
        timeout=TIMEOUT,
    )
    dialog = next(d for d in visible_dialogs() if isinstance(d, CourseUpdateDialog))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def close_the_result(qtbot) -> None:
    """The import's result ("... is installed") is on screen; Enter closes it."""
    dialog = next(d for d in visible_dialogs() if isinstance(d, FindingsDialog))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def lines(dialog: CourseUpdateDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


@pytest.fixture
def version_2(tmp_path: Path) -> Path:
    return make_version_2_0(SHIPPED, tmp_path / "v2")


def test_a_newer_version_shows_what_changes_and_enter_installs_it(
    qtbot, data_paths, version_2
) -> None:
    prepare_store(data_paths)
    store = open_store(data_paths, backup_at_open=False)
    for lesson_id in (KEPT, V2_DROPPED):
        store.visit_lesson(V1_1, lesson_id)
        store.complete_lesson(V1_1, lesson_id)
    store.save_reflection(V1_1, KEPT, f"{KEPT}-reflect", "r1", "I noticed warmth.")
    store.close()
    window = start(qtbot, data_paths)
    assert window.course is not None and window.course.version == "1.1.0"

    window.import_course_from(version_2)
    dialog = update_dialog(qtbot, window)
    text = dialog.headline.text()
    assert "version 2.0.0" in text and "You have version 1.1.0" in text
    shown = lines(dialog)
    assert "New: Staying in touch with your progress" in shown
    assert "No longer in this version: Worked scenarios" in shown
    assert "Changed: What is the empathy gap? (its content was revised)" in shown
    assert dialog.kept.isVisible() and dialog.kept.text() == messages.UPDATE_KEPT
    assert not (data_paths.courses / "empathy-gap").exists()  # nothing until accepted

    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert blocker.args == [True]
    # The outline and Home show the new structure without reopening the course.
    qtbot.waitUntil(
        lambda: window.course is not None and window.course.version == "2.0.0", timeout=TIMEOUT
    )
    assert "Staying in touch with your progress" in outline_lessons(window)
    assert "Worked scenarios" not in outline_lessons(window)
    assert window.pages.currentWidget() is window.home
    # Progress and writing under every id that survived are there.
    assert window.store is not None
    state = window.store.lesson_state("empathy-gap", KEPT)
    assert state is not None and state.completed
    text = window.store.reflection_text("empathy-gap", f"{KEPT}-reflect", "r1")
    assert text == "I noticed warmth."
    close_the_result(qtbot)


def test_escape_keeps_the_installed_version(qtbot, data_paths, version_2) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.import_course_from(version_2)
    dialog = update_dialog(qtbot, window)
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [False]
    assert not (data_paths.courses / "empathy-gap").exists()
    assert window.course is not None and window.course.version == "1.1.0"


def test_an_older_version_asks_and_enter_keeps_the_newer_one(
    qtbot, data_paths, version_2, tmp_path
) -> None:
    prepare_store(data_paths)
    assert install_course(version_2, data_paths.courses).ok
    window = start(qtbot, data_paths)
    assert window.course is not None and window.course.version == "2.0.0"

    window.import_course_from(SHIPPED)  # 1.1.0, older than the installed 2.0.0
    dialog = update_dialog(qtbot, window)
    assert "older than the version 2.0.0 you have" in dialog.headline.text()
    assert "New: Worked scenarios" in lines(dialog)
    assert dialog.keep_button.isDefault() and not dialog.install_button.isDefault()
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert blocker.args == [False]
    assert window.course.version == "2.0.0"

    # Installing the older one takes a deliberate choice: Tab to its button, then Space.
    window.import_course_from(SHIPPED)
    dialog = update_dialog(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.keep_button)
    for _ in range(10):
        if QApplication.focusWidget() is dialog.install_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.install_button
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(dialog.install_button, Qt.Key.Key_Space)
    assert blocker.args == [True]
    close_the_result(qtbot)
    qtbot.waitUntil(lambda: window.course.version == "1.1.0", timeout=TIMEOUT)
    assert "Worked scenarios" in outline_lessons(window)


def test_a_version_older_than_the_shipped_one_cannot_replace_it(
    qtbot, data_paths, tmp_path
) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.import_course_from(make_version_1_0(SHIPPED, tmp_path / "v1"))
    dialog = update_dialog(qtbot, window)
    assert dialog.headline.text() == messages.UPDATE_OLDER_SHIPPED.format(
        title="Bridging the Empathy Gap", new="1.0.0", old="1.1.0"
    )
    assert dialog.install_button is None
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert blocker.args == [False]
    assert not (data_paths.courses / "empathy-gap").exists()


def test_the_newer_import_of_the_shipped_course_opens_after_a_restart(
    qtbot, data_paths, version_2
) -> None:
    prepare_store(data_paths, course_folder="empathy-gap")
    assert install_course(version_2, data_paths.courses).ok
    window = start(qtbot, data_paths)
    assert window.course is not None and window.course.version == "2.0.0"
    assert "Staying in touch with your progress" in outline_lessons(window)


def test_an_assignment_names_a_dropped_lesson_gently(version_2) -> None:
    import datetime as dt

    from course.assignments import item_statuses, new_assignment
    from course.loader import load_course
    from ui.assignments import status_words

    v1 = load_course(SHIPPED).course
    assert v1 is not None
    module = v1.module_of(V2_DROPPED)
    assert module is not None
    assignment = new_assignment(
        v1, therapist="Sam", modules=[module.id], today=dt.date(2026, 11, 26)
    )
    v2 = load_course(version_2)
    (status,) = item_statuses(assignment, v2.course, completed_lessons=[], best_scores={})
    assert status.unavailable == (V2_DROPPED,)
    assert status_words(status).endswith("(1 lesson of it no longer in the course, so left out)")
