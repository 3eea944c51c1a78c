"""The round trip: therapist assigns, client works and shares ONE reflection, therapist reads it.

The report files are read back (the PDF through pdftotext) to prove that the reflection
the client did not choose is in neither of them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course.model import Course

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.UTC)  # the store's clock, the same day

CHOSEN = "When I feel exposed I go quiet and walk away from the kitchen"
UNCHOSEN = "Something private about the night of the argument with Alex"


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


@pytest.fixture
def store(data_paths: Any) -> Iterator[Any]:
    from course.store import open_store

    real = open_store(data_paths, clock=lambda: NOW, backup_at_open=False)
    yield real
    real.close()


def _pdf_text(path: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    # Join lines so a sentence wrapped across lines still reads as one.
    return " ".join(done.stdout.decode("utf-8").split())


def test_assign_import_work_share_one_reflection_and_read_it(qtbot, store, course, tmp_path):
    from ui.assignments import AssignedPanel, ImportAssignmentDialog, NewAssignmentDialog
    from ui.report_dialogs import ExportReportDialog, ReportViewer, load_report

    courses = {course.id: course}
    therapist_dir = tmp_path / "therapist"
    client_dir = tmp_path / "client"
    therapist_dir.mkdir()
    client_dir.mkdir()

    # 1. The therapist makes an assignment: the Shame module, due in two weeks.
    new = NewAssignmentDialog(courses, today=TODAY)
    qtbot.addWidget(new)
    new.set_checked("shame")
    new.due_check.setChecked(True)
    new.therapist.setText("Sam Rivera")
    new.client_label.setText("J.")
    new.note.setPlainText("Take these slowly.")
    file = therapist_dir / "for-j.bridgework-assignment.json"
    new.ask_path = lambda suggested: str(file)  # type: ignore[method-assign]
    assert new.save() == file

    # 2. The client imports it (the file travels by USB stick).
    carried = client_dir / file.name
    shutil.copy(file, carried)
    dialog = ImportAssignmentDialog(carried, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.error is None
    assert "Sam Rivera" in dialog.preview.toPlainText()
    assert dialog.accept_assignment()
    panel = AssignedPanel(store, courses, today=TODAY)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.views[0].statuses[0].lessons_done == 0

    # 3. The client completes a lesson and writes two reflections in it.
    lesson = course.lesson("shame-and-guilt")
    assert lesson is not None
    reflection = lesson.reflections[0]
    first, second = reflection.prompts[0], reflection.prompts[1]
    store.visit_lesson(course, lesson.id)
    store.add_active_time(course, lesson.id, 720)
    store.save_reflection(course, lesson.id, reflection.id, first.id, CHOSEN)
    store.save_reflection(course, lesson.id, reflection.id, second.id, UNCHOSEN)
    store.complete_lesson(course, lesson.id)
    panel.refresh()
    assert panel.views[0].statuses[0].lessons_done == 1

    # 4. The client exports a report for this assignment, choosing ONE reflection.
    export = ExportReportDialog(store, courses, today=TODAY)
    qtbot.addWidget(export)
    export.set_scope(panel.views[0].assignment.id)
    assert export.client_label.text() == "J."
    export.reflections.setChecked(True)
    listed = [item.text() for item in export.reflection_items()]
    assert len(listed) == 2
    assert any(CHOSEN in text for text in listed) and any(UNCHOSEN in text for text in listed)
    from course.report import ReflectionKey

    export.set_reflection_chosen(ReflectionKey(course.id, reflection.id, first.id))
    export.save_json.setChecked(True)
    pdf = client_dir / "report.pdf"
    export.ask_path = lambda suggested: str(pdf)  # type: ignore[method-assign]
    with qtbot.waitSignal(export.saved) as saved:
        export.save()
    json_file = client_dir / "report.bridgework-report"
    assert saved.args == [[str(pdf), str(json_file)]]
    assert sorted(p.name for p in client_dir.iterdir()) == sorted(
        [carried.name, "report.bridgework-report", "report.pdf"]
    )

    # 5. Read both files back: the chosen reflection is there, the other is not.
    raw_json = json_file.read_text(encoding="utf-8")
    assert CHOSEN in raw_json
    assert UNCHOSEN not in raw_json and "argument with Alex" not in raw_json
    document = json.loads(raw_json)
    assert document["included"] == ["lessons", "quizzes", "ratings", "reflections"]
    (section,) = document["courses"]
    assert [r["text"] for r in section["reflections"]] == [CHOSEN]
    assert [line["lesson"] for line in section["lessons"]] == ["Shame and guilt"]
    assert section["lessons"][0]["minutes"] == 12

    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    if text is not None:  # pdftotext (poppler-utils) reads the PDF back when installed
        assert CHOSEN in text
        assert UNCHOSEN not in text and "Alex" not in text
        assert "Progress report" in text and "Shame and guilt" in text
        assert f"{TODAY:%d %B %Y}" in text  # dated
        assert "For: J." in text and "Sam Rivera" in text

    # 6. The therapist opens the JSON report and sees exactly that reflection.
    received = therapist_dir / "report-from-j.json"
    shutil.copy(json_file, received)
    report = load_report(received)
    viewer = ReportViewer(report)
    qtbot.addWidget(viewer)
    shown = viewer.browser.toPlainText()
    assert CHOSEN in shown and UNCHOSEN not in shown
    assert "Shame and guilt" in shown and "J." in viewer.windowTitle()
    assert viewer.browser.isReadOnly()
    shared = [r.text for s in report.sections for r in s.reflections]
    assert shared == [CHOSEN]
