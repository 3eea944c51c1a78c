"""The window's hooks: File-menu actions, the Home panel and files opened from the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course.assignments import new_assignment, write_assignment
from course.model import Course
from course.report import ReportChoices, build_report, report_to_json

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


@pytest.fixture
def real_store(data_paths: Any) -> Iterator[Any]:
    from course.store import open_store

    s = open_store(data_paths, clock=lambda: NOW, backup_at_open=False)
    yield s
    s.close()


@pytest.fixture
def features(qtbot, course):
    from PySide6.QtWidgets import QMainWindow

    from ui.assignments import AssignmentFeatures

    window = QMainWindow()
    qtbot.addWidget(window)
    made = AssignmentFeatures(window, lambda: {course.id: course}, today=TODAY)
    window.setCentralWidget(made.panel)
    yield made
    # Dialogs a test opened on purpose are closed here; anything else left open fails the
    # check in conftest.py.
    for dialog in list(made.dialogs):
        dialog.close()


def _assignment_file(course: Course, folder: Path) -> Path:
    a = new_assignment(course, therapist="Sam Rivera", modules=["shame"], today=TODAY)
    return write_assignment(a, folder / "a.bridgework-assignment.json")


def test_actions_wait_for_the_store(qtbot, features, real_store) -> None:
    names = [a.text() for a in features.actions()]
    # A learner's window: making assignments is in the therapist's workspace (issue 11).
    assert names == [
        "Import &assignment…",
        "Export progress &report…",
        "Open progress re&port…",
    ]
    assert not features.act_import_assignment.isEnabled()
    assert not features.act_export_report.isEnabled()
    assert features.act_new_assignment.isEnabled() and features.act_open_report.isEnabled()
    features.set_store(real_store)
    assert features.act_import_assignment.isEnabled() and features.act_export_report.isEnabled()
    qtbot.waitUntil(lambda: features.courses_known)


def test_a_command_line_assignment_opens_once_the_store_is_ready(
    qtbot, features, real_store, course, tmp_path
) -> None:
    from ui.assignments import ImportAssignmentDialog

    path = _assignment_file(course, tmp_path)
    assert features.open_file(str(path)) is None  # not yet: the store is still opening
    features.set_store(real_store)
    qtbot.waitUntil(lambda: len(features.dialogs) == 1)  # courses are found in the background
    (dialog,) = features.dialogs
    assert isinstance(dialog, ImportAssignmentDialog) and dialog.error is None
    with qtbot.waitSignal(features.changed):
        assert dialog.accept_assignment()
    assert [v.assignment.therapist for v in features.panel.views] == ["Sam Rivera"]
    assert not features.panel.isHidden()


def test_a_command_line_report_opens_at_once(features, real_store, course, tmp_path) -> None:
    from ui.report_dialogs import ReportViewer

    report = build_report(real_store, {course.id: course}, ReportChoices(), today=TODAY)
    path = tmp_path / "r.json"
    path.write_text(report_to_json(report), encoding="utf-8")
    dialog = features.open_file(str(path))
    assert isinstance(dialog, ReportViewer)


def test_a_bad_report_is_explained(features, tmp_path) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "r.json"
    path.write_text('{"format": "bridgework-progress-report", "format_version": 99}', "utf-8")
    assert features.open_report(str(path)) is None
    (box,) = features.dialogs
    assert isinstance(box, QMessageBox) and "newer version" in box.text()


def test_import_from_the_menu_asks_for_a_file(
    qtbot, features, real_store, course, tmp_path
) -> None:
    features.set_store(real_store)
    qtbot.waitUntil(lambda: features.courses_known)
    path = _assignment_file(course, tmp_path)
    features.ask_open_path = lambda title, f: str(path)  # type: ignore[method-assign]
    features.act_import_assignment.trigger()
    assert len(features.dialogs) == 1 and features.dialogs[0].error is None
    features.ask_open_path = lambda title, f: ""  # type: ignore[method-assign]
    assert features.import_assignment() is None


def test_export_offers_imported_assignments(qtbot, features, real_store, course, tmp_path) -> None:
    from ui.report_dialogs import ExportReportDialog

    features.set_store(real_store)
    qtbot.waitUntil(lambda: features.courses_known)
    dialog = features.import_assignment(str(_assignment_file(course, tmp_path)))
    assert dialog is not None and dialog.accept_assignment()
    export = features.export_report()
    assert isinstance(export, ExportReportDialog)
    assert [export.scope.itemText(i) for i in range(export.scope.count())] == [
        "Everything I have done",
        "The assignment from Sam Rivera, 26 Nov 2026",
    ]


class _WithoutAssignments:
    """The real store as it was before it kept assignments (an older build, say)."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name in ("add_assignment", "assignments", "archive_assignment"):
            raise AttributeError(name)
        return getattr(self._store, name)


def test_a_store_without_assignments_still_exports(qtbot, features, real_store) -> None:
    from ui.report_dialogs import ExportReportDialog

    features.set_store(_WithoutAssignments(real_store))
    qtbot.waitUntil(lambda: features.courses_known)
    assert not features.act_import_assignment.isEnabled()
    assert features.import_assignment("whatever.json") is None
    export = features.export_report()
    assert isinstance(export, ExportReportDialog) and export.scope.count() == 1


def test_new_assignment_remembers_the_sender(qtbot, features, real_store, tmp_path) -> None:
    from ui.assignments import NewAssignmentDialog

    features.set_store(real_store)
    qtbot.waitUntil(lambda: features.courses_known)
    dialog = features.new_assignment()
    assert isinstance(dialog, NewAssignmentDialog)
    dialog.set_checked("denial")
    dialog.therapist.setText("Dr Lee")
    dialog.ask_path = lambda s: str(tmp_path / "x.json")  # type: ignore[method-assign]
    assert dialog.save() is not None
    again = features.new_assignment()
    assert again.therapist.text() == "Dr Lee"


def test_sniff_file_kind(tmp_path) -> None:
    from ui.assignments import sniff_file_kind

    cases = {
        "a.json": '{"format": "bridgework-assignment"}',
        "r.json": '{"format": "bridgework-progress-report"}',
        "x.json": "[1, 2]",
        "y.json": "not json",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, "utf-8")
    kinds = [sniff_file_kind(tmp_path / n) for n in cases]
    assert kinds == ["assignment", "report", None, None]
    assert sniff_file_kind(tmp_path / "missing.json") is None


def test_courses_are_found_off_the_gui_thread_and_again_when_asked(qtbot, features, real_store):
    import threading

    from ui.assignments import AssignmentFeatures

    threads: list[str] = []
    found = AssignmentFeatures(
        features.panel.window(), lambda: threads.append(threading.current_thread().name) or {}
    )
    found.set_store(real_store)
    qtbot.waitUntil(lambda: found.courses_known)
    assert threads and threads[0] != threading.main_thread().name
    found.forget_courses()
    qtbot.waitUntil(lambda: found.courses_known and len(threads) == 2)


def test_the_main_window_wires_it_all(qtbot, data_paths, course, tmp_path) -> None:
    """File menu, Home panel and a file from the command line, in the real window."""
    from course.store import open_store
    from ui.app import build_window
    from ui.assignments import ImportAssignmentDialog
    from ui.progress import SETTING_FIRST_RUN

    prepared = open_store(data_paths, backup_at_open=False)
    prepared.set_setting(SETTING_FIRST_RUN, True)  # past the welcome already
    prepared.close()
    # The window judges dates by today's date, so the file is issued today.
    a = new_assignment(course, therapist="Sam Rivera", modules=["shame"], today=dt.date.today())
    path = write_assignment(a, tmp_path / "a.bridgework-assignment.json")

    window = build_window(data_paths, open_file=str(path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    features = window.assignments
    assert features is not None
    menu = [act.text() for act in window.commands.file_menu.actions()]
    for action in features.actions():
        assert action.text() in menu
    qtbot.waitUntil(lambda: len(features.dialogs) == 1, timeout=20000)
    (dialog,) = features.dialogs
    assert isinstance(dialog, ImportAssignmentDialog) and dialog.error is None
    assert dialog.accept_assignment()
    qtbot.waitUntil(lambda: features.panel.isVisibleTo(window.home))
    assert [v.assignment.id for v in features.panel.views] == [a.id]
