"""Driving the therapist's workspace in GUI tests: adding a client, exporting a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_window import TIMEOUT
from PySide6.QtCore import Qt


def add_client_by_keyboard(qtbot, page, label: str) -> None:
    dialog = page.add_client()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.label, label)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.label, Qt.Key.Key_Return)  # Enter adds


def export_report(qtbot, store, courses, day: dt.date, folder: Path, chosen) -> Path:
    from ui.report_dialogs import ExportReportDialog

    dialog = ExportReportDialog(store, courses, today=day)
    qtbot.addWidget(dialog)
    assert dialog.save_json.isChecked()  # the report file comes by default
    dialog.reflections.setChecked(True)
    for key in chosen:
        dialog.set_reflection_chosen(key)
    pdf = folder / f"report-{day.isoformat()}.pdf"
    dialog.ask_path = lambda suggested: str(pdf)  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        assert dialog.save()
    return pdf
