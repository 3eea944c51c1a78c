"""Export dialog: check-ins and perspective answers stay off until ticked, by keyboard too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from coursekit import perspective_course
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from course.feelings import Pick
from course.model import Course
from course.report import ReflectionKey, report_from_json, report_to_json

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
DRAFT = "She may feel hurt and alone"
OTHER_DRAFT = "He may feel shut out"
NOTE = "After a hard phone call"


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return perspective_course(tmp_path / "course")


@pytest.fixture
def store(data_paths: Any, course: Course) -> Iterator[Any]:
    from course.store import open_store

    s = open_store(data_paths, clock=lambda: NOW, backup_at_open=False)
    s.add_check_in([Pick("hurt", "hurt", 3)], NOTE)
    s.save_perspective(course, "a", "empathy", "partner", first_draft=DRAFT)
    s.save_perspective(course, "a", "empathy", "brother", first_draft=OTHER_DRAFT)
    yield s
    s.close()


def _dialog(qtbot, store, course):
    from ui.report_dialogs import ExportReportDialog

    dialog = ExportReportDialog(store, {course.id: course}, assignments=[], today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_practice_is_off_by_default_and_not_in_the_report(qtbot, store, course) -> None:
    dialog = _dialog(qtbot, store, course)
    assert not dialog.check_ins.isChecked() and not dialog.check_in_notes.isChecked()
    assert not dialog.check_in_notes.isEnabled()
    assert not dialog.perspectives.isChecked() and dialog.perspective_list.isHidden()
    assert len(dialog.perspective_items()) == 2
    assert all(i.checkState() == Qt.CheckState.Unchecked for i in dialog.perspective_items())
    choices = dialog.choices()
    assert (choices.check_ins, choices.check_in_notes, choices.perspectives) == (
        False,
        False,
        frozenset(),
    )
    text = report_to_json(dialog.build())
    assert DRAFT not in text and NOTE not in text and '"check_ins": null' in text
    # An item ticked while its box is off still shares nothing.
    dialog.set_perspective_chosen(ReflectionKey(course.id, "empathy", "partner"))
    assert dialog.choices().perspectives == frozenset()


def test_ticked_items_appear_and_unticked_do_not(qtbot, store, course) -> None:
    dialog = _dialog(qtbot, store, course)
    dialog.check_ins.setChecked(True)
    dialog.perspectives.setChecked(True)
    dialog.set_perspective_chosen(ReflectionKey(course.id, "empathy", "partner"))
    report = dialog.build()
    text = report_to_json(report)
    assert DRAFT in text and OTHER_DRAFT not in text
    assert NOTE not in text  # notes have their own tick
    assert report.check_ins is not None and report.check_ins.days == 1
    assert "a check-in summary (without notes)" in dialog.summary.text()
    assert "1 perspective exercise you chose" in dialog.summary.text()
    assert report_from_json(text.encode("utf-8")) == report
    dialog.check_in_notes.setChecked(True)
    assert NOTE in report_to_json(dialog.build())
    # Unticking the summary takes its notes with it.
    dialog.check_ins.setChecked(False)
    assert not dialog.check_in_notes.isEnabled()
    assert dialog.build().check_ins is None


def _tab_to(qtbot, dialog, widget, limit: int = 30) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
    raise AssertionError(
        f"Tab never reached {widget.text() if hasattr(widget, 'text') else widget}"
    )


def test_new_boxes_reached_by_tab_and_ticked_by_space(qtbot, store, course) -> None:
    dialog = _dialog(qtbot, store, course)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.lessons.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.lessons)
    _tab_to(qtbot, dialog, dialog.check_ins)
    qtbot.keyClick(dialog.check_ins, Qt.Key.Key_Space)
    assert dialog.check_ins.isChecked()
    _tab_to(qtbot, dialog, dialog.check_in_notes)
    qtbot.keyClick(dialog.check_in_notes, Qt.Key.Key_Space)
    assert dialog.check_in_notes.isChecked()
    _tab_to(qtbot, dialog, dialog.perspectives)
    qtbot.keyClick(dialog.perspectives, Qt.Key.Key_Space)
    assert dialog.perspectives.isChecked() and dialog.perspective_list.isVisible()
    _tab_to(qtbot, dialog, dialog.perspective_list)
    qtbot.keyClick(dialog.perspective_list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.perspective_list, Qt.Key.Key_Space)
    chosen = dialog.choices()
    assert chosen.check_ins and chosen.check_in_notes
    assert len(chosen.perspectives) == 1
    qtbot.keyClick(dialog.perspective_list, Qt.Key.Key_Space)
    assert dialog.choices().perspectives == frozenset()
    # Space on the summary box again: off, and the notes go with it.
    _tab_to(qtbot, dialog, dialog.check_ins)
    qtbot.keyClick(dialog.check_ins, Qt.Key.Key_Space)
    assert not dialog.choices().check_ins and not dialog.choices().check_in_notes


def test_pdf_and_report_file_hold_the_ticked_practice(qtbot, store, course, tmp_path) -> None:
    from ui.report_dialogs import load_report, write_report_files

    dialog = _dialog(qtbot, store, course)
    dialog.check_ins.setChecked(True)
    dialog.check_in_notes.setChecked(True)
    dialog.perspectives.setChecked(True)
    dialog.set_perspective_chosen(ReflectionKey(course.id, "empathy", "brother"))
    report = dialog.build()
    pdf, saved = write_report_files(report, tmp_path / "r.pdf", tmp_path / "r.bridgework-report")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    again = load_report(saved)
    assert again == report
    assert again.sections[0].perspectives[0].first_draft == OTHER_DRAFT
    assert again.check_ins is not None and again.check_ins.notes[0][1] == NOTE
