"""Export dialog: only what is ticked is shared, files whole or absent; the viewer is read-only."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course.assignments import new_assignment
from course.model import Course
from course.report import ReflectionKey, ReportError

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
IN_SHAME = "I noticed the urge to defend myself and stayed"
IN_DENIAL = "I told myself it was not that bad, again"


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


@pytest.fixture
def store(data_paths: Any, course: Course) -> Iterator[Any]:
    from course.store import open_store

    s = open_store(data_paths, clock=lambda: NOW, backup_at_open=False)
    s.save_reflection(course, "the-mirror", "the-mirror-reflect", "r1", IN_SHAME)
    s.save_reflection(
        course, "the-many-forms-of-denial", "the-many-forms-of-denial-reflect", "r1", IN_DENIAL
    )
    s.complete_lesson(course, "the-mirror")
    s.complete_lesson(course, "the-many-forms-of-denial")
    s.record_rating(course, "denial-comes-back", "denial-comes-back-reflect", "r3", 4)
    yield s
    s.close()


@pytest.fixture
def shame_assignment(course: Course):
    return new_assignment(course, therapist="Sam Rivera", modules=["shame"], today=TODAY)


def _dialog(qtbot, store, course, assignments=()):
    from ui.report_dialogs import ExportReportDialog

    dialog = ExportReportDialog(
        store, {course.id: course}, assignments=list(assignments), today=TODAY
    )
    qtbot.addWidget(dialog)
    return dialog


def test_defaults_share_no_reflection(qtbot, store, course) -> None:
    dialog = _dialog(qtbot, store, course)
    assert dialog.lessons.isChecked() and dialog.quizzes.isChecked() and dialog.ratings.isChecked()
    assert not dialog.reflections.isChecked()
    assert dialog.reflection_list.isHidden()
    assert dialog.save_json.isChecked()  # the report file beside the PDF, by default
    items = dialog.reflection_items()
    assert len(items) == 2
    assert all(i.checkState().name == "Unchecked" for i in items)
    assert dialog.choices().reflections == frozenset()
    # Ticking an item while "Reflections" is off still shares nothing.
    dialog.set_reflection_chosen(ReflectionKey(course.id, "the-mirror-reflect", "r1"))
    assert dialog.choices().reflections == frozenset()
    dialog.reflections.setChecked(True)
    assert not dialog.reflection_list.isHidden()
    assert dialog.choices().reflections == {ReflectionKey(course.id, "the-mirror-reflect", "r1")}


def test_reflections_listed_with_a_preview_only_in_scope(
    qtbot, store, course, shame_assignment
) -> None:
    dialog = _dialog(qtbot, store, course, [shame_assignment])
    texts = [i.text() for i in dialog.reflection_items()]
    assert any(IN_SHAME in t for t in texts) and any(IN_DENIAL in t for t in texts)
    dialog.set_scope(shame_assignment.id)
    texts = [i.text() for i in dialog.reflection_items()]
    assert len(texts) == 1 and IN_SHAME in texts[0] and "The mirror" in texts[0]
    assert dialog.choices().assignment == shame_assignment


def test_long_reflections_are_previewed_short(qtbot, store, course) -> None:
    store.save_reflection(course, "the-mirror", "the-mirror-reflect", "r2", "word " * 200)
    dialog = _dialog(qtbot, store, course)
    longest = max(len(i.text()) for i in dialog.reflection_items())
    assert longest < 300


def _pdf_text(path: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_unticked_kinds_are_in_neither_file(qtbot, store, course, tmp_path) -> None:
    dialog = _dialog(qtbot, store, course)
    dialog.lessons.setChecked(False)
    dialog.ratings.setChecked(False)
    dialog.save_json.setChecked(True)
    dialog.ask_path = lambda s: str(tmp_path / "mine")  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.saved) as saved:
        assert dialog.save()
    assert [Path(p).name for p in saved.args[0]] == ["mine.pdf", "mine.bridgework-report"]
    document = json.loads((tmp_path / "mine.bridgework-report").read_text(encoding="utf-8"))
    assert document["included"] == ["quizzes"]
    assert all(
        not c["lessons"] and not c["ratings"] and not c["reflections"] for c in document["courses"]
    )
    text = _pdf_text(tmp_path / "mine.pdf")
    if text is not None:
        assert "Quizzes" in text
        assert "Self-ratings over time" not in text and "Active minutes" not in text
        assert IN_SHAME not in text and IN_DENIAL not in text


def test_a_failed_save_leaves_no_file_and_keeps_the_old_one(
    qtbot, store, course, tmp_path, monkeypatch
) -> None:
    import ui.report_dialogs as report_dialogs

    old = tmp_path / "report.pdf"
    old.write_bytes(b"%PDF the old one")

    def broken(report, path):
        Path(path).write_bytes(b"%PDF half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_dialogs, "render_pdf", broken)
    dialog = _dialog(qtbot, store, course)
    dialog.save_json.setChecked(True)
    dialog.ask_path = lambda s: str(old)  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.save_failed):
        assert dialog.save()
    assert dialog.save_button.isEnabled()  # they can choose another folder
    assert "No space left on device" in dialog.message.text()
    assert "Nothing was written" in dialog.message.text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["report.pdf"]
    assert old.read_bytes() == b"%PDF the old one"


def test_cancelled_save_writes_nothing(qtbot, store, course, tmp_path) -> None:
    dialog = _dialog(qtbot, store, course)
    dialog.ask_path = lambda s: ""  # type: ignore[method-assign]
    assert dialog.save() is False


def test_pdf_is_a4_dated_and_numbered(qtbot, store, course, tmp_path) -> None:
    from course.report import ReportChoices, build_report
    from ui.report_dialogs import write_report_files

    for lesson in course.lessons():
        store.complete_lesson(course, lesson.id)
    report = build_report(store, {course.id: course}, ReportChoices(), today=TODAY)
    (pdf,) = write_report_files(report, tmp_path / "r.pdf")
    text = _pdf_text(pdf)
    if text is None:
        pytest.skip("pdftotext is not installed")
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert page.strip().splitlines()[-1].strip() == str(number)
    assert "26 November 2026" in pages[0]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=False).stdout.decode()
    if info:
        assert "A4" in info


# --- the therapist's view -----------------------------------------------------------------


def test_viewer_shows_a_report_read_only(qtbot, store, course, tmp_path) -> None:
    from course.report import ReportChoices, build_report, report_to_json
    from ui.report_dialogs import ReportViewer, load_report

    key = ReflectionKey(course.id, "the-mirror-reflect", "r1")
    report = build_report(
        store,
        {course.id: course},
        ReportChoices(reflections=frozenset({key}), client_label="J."),
        today=TODAY,
    )
    path = tmp_path / "r.json"
    path.write_text(report_to_json(report), encoding="utf-8")
    viewer = ReportViewer(load_report(path))
    qtbot.addWidget(viewer)
    assert viewer.browser.isReadOnly()
    text = viewer.browser.toPlainText()
    assert IN_SHAME in text and IN_DENIAL not in text
    assert viewer.windowTitle() == "Progress report from J."


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{broken", "could not be read"),
        (b'{"format": "bridgework-assignment"}', "not a Bridgework progress report"),
        (None, "could not be opened"),
    ],
)
def test_viewer_refuses_bad_files_plainly(tmp_path, content, words) -> None:
    from ui.report_dialogs import load_report

    path = tmp_path / "r.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError) as raised:
        load_report(path)
    assert words in str(raised.value)


def test_report_file_by_default_names_the_assignment(
    qtbot, store, course, shame_assignment, tmp_path
) -> None:
    """Saving with the defaults writes the report file too; "everything" still names the
    assignment, so the therapist's workspace knows whose report it is."""
    from PySide6.QtCore import Qt

    dialog = _dialog(qtbot, store, course, [shame_assignment])
    assert dialog.scope.currentData() is None  # "Everything I have done"
    dialog.ask_path = lambda s: str(tmp_path / "week-1.pdf")  # type: ignore[method-assign]
    dialog.show()
    dialog.save_button.setFocus()
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    assert [Path(p).name for p in saved.args[0]] == ["week-1.pdf", "week-1.bridgework-report"]
    document = json.loads((tmp_path / "week-1.bridgework-report").read_text(encoding="utf-8"))
    assert document["assignment_id"] == shame_assignment.id
    assert document["therapist"] == "Sam Rivera"
    assert document["courses"][0]["lessons"][0]["lesson_id"]
