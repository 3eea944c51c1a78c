"""Assignments in the window: make one, import it (or be told plainly why not), see it on Home."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course.assignments import (
    ItemKind,
    checksum,
    new_assignment,
    read_assignment,
    to_document,
    write_assignment,
)
from course.model import Course
from course.store.api import CourseKey

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


@pytest.fixture
def courses(course: Course) -> dict[str, Course]:
    return {course.id: course}


@pytest.fixture
def store(data_paths: Any) -> Iterator[Any]:
    from course.store import open_store

    real = open_store(data_paths, backup_at_open=False)
    yield real
    real.close()


def _write_doc(path: Path, doc: dict[str, Any], *, fix_checksum: bool = True) -> Path:
    if fix_checksum:
        doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _good_doc(course: Course, /, **changes: Any) -> dict[str, Any]:
    assignment = new_assignment(
        course,
        therapist="Sam Rivera",
        modules=["shame"],
        lessons=["naming-feelings"],
        due=dt.date(2026, 12, 20),
        note="Take these slowly.",
        client_label="J.",
        today=TODAY,
    )
    doc = to_document(assignment)
    doc.update(changes)
    return doc


# --- making one -------------------------------------------------------------------------


def test_new_assignment_dialog_saves_a_readable_file(qtbot, courses, course, tmp_path) -> None:
    from ui.assignments import NewAssignmentDialog

    dialog = NewAssignmentDialog(courses, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.set_checked("shame")
    dialog.set_checked("naming-feelings")
    dialog.set_item_due("naming-feelings", dt.date(2027, 1, 5))
    dialog.due_check.setChecked(True)
    dialog.mark_check.setChecked(True)
    dialog.pass_mark.setValue(75)
    dialog.note.setPlainText("Go gently.")
    dialog.therapist.setText("Sam Rivera")
    dialog.client_label.setText("J.")
    # A ticked module covers its lessons: they are not assigned a second time.
    modules, lessons, _ = dialog.chosen()
    assert modules == ["shame"] and lessons == ["naming-feelings"]

    target = tmp_path / "for-j.bridgework-assignment.json"
    dialog.ask_path = lambda suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save()
    assert saved.args == [str(target)]
    a = read_assignment(target, today=TODAY)
    assert [(i.kind, i.id) for i in a.items] == [
        (ItemKind.MODULE, "shame"),
        (ItemKind.LESSON, "naming-feelings"),
    ]
    assert a.items[0].due == TODAY + dt.timedelta(days=14)
    assert a.items[1].due == dt.date(2027, 1, 5)
    assert {i.pass_mark for i in a.items} == {0.75}
    assert (a.therapist, a.client_label, a.note) == ("Sam Rivera", "J.", "Go gently.")


def test_new_assignment_dialog_says_what_is_missing(qtbot, courses, tmp_path) -> None:
    from ui.assignments import NewAssignmentDialog

    dialog = NewAssignmentDialog(courses, today=TODAY)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.ask_path = lambda s: asked.append(s) or str(tmp_path / "x.json")  # type: ignore[method-assign]
    dialog.therapist.setText("Sam")
    assert dialog.save() is None
    assert "Choose at least one module or lesson" in dialog.message.text()
    dialog.set_checked("denial")
    dialog.therapist.setText("  ")
    assert dialog.save() is None
    assert "name the client will see" in dialog.message.text()
    assert asked == [] and list(tmp_path.iterdir()) == []


# --- importing --------------------------------------------------------------------------


def test_import_shows_who_what_when_and_stores_on_accept(qtbot, store, courses, course, tmp_path):
    from ui.assignments import ImportAssignmentDialog, stored_assignments

    path = _write_doc(tmp_path / "a.json", _good_doc(course))
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.error is None
    text = dialog.preview.toPlainText()
    for words in (
        "Sam Rivera",
        "J.",
        "26 November 2026",
        "Take these slowly.",
        "Shame",
        "Naming feelings",
        "due 20 December 2026",
        course.title,
    ):
        assert words.lower() in text.lower(), words
    assert dialog.warnings.isHidden()
    with qtbot.waitSignal(dialog.imported):
        assert dialog.accept_assignment()
    stored = stored_assignments(store)
    assert [a.therapist for a in stored] == ["Sam Rivera"]
    assert stored[0] == read_assignment(path, today=TODAY)


def _future(course: Course) -> dict[str, Any]:
    return _good_doc(course, issued="2026-12-05")


def _due_before_issued(course: Course) -> dict[str, Any]:
    doc = _good_doc(course)
    doc["items"][0]["due"] = "2026-11-01"
    return doc


BAD_FILES = {
    "malformed JSON": (
        lambda c, p: p.write_text('{"format": "bridgework-assignment", ', "utf-8"),
        "not a readable assignment file",
    ),
    "wrong checksum": (
        lambda c, p: _write_doc(p, _good_doc(c, note="Changed on the way."), fix_checksum=False),
        "checksum does not match",
    ),
    "unknown format version": (
        lambda c, p: _write_doc(p, _good_doc(c, format_version=7)),
        "newer assignment format",
    ),
    "future-dated": (lambda c, p: _write_doc(p, _future(c)), "still in the future"),
    "past-dated": (
        lambda c, p: _write_doc(p, _due_before_issued(c)),
        "before the day it was issued",
    ),
    "unknown course": (
        lambda c, p: _write_doc(p, _good_doc(c, course={"id": "other", "version": "1"})),
        "isn't installed",
    ),
    "over 1 MiB": (
        lambda c, p: _write_doc(p, _good_doc(c, note="x" * (1024 * 1024))),
        "over 1 MiB",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_plainly_and_change_nothing(
    qtbot, store, courses, course, tmp_path, case
):
    from ui.assignments import ImportAssignmentDialog

    make, words = BAD_FILES[case]
    # One good assignment is already there: it must be exactly as it was afterwards.
    good = _write_doc(tmp_path / "good.json", _good_doc(course))
    first = ImportAssignmentDialog(good, store, courses, today=TODAY)
    qtbot.addWidget(first)
    assert first.accept_assignment()
    before = [(r.id, r.document_json, r.archived_at) for r in store.assignments(True)]

    path = tmp_path / "bad.json"
    make(course, path)
    data = path.read_bytes()
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.error is not None and words in dialog.error, dialog.error
    assert "Traceback" not in dialog.message.text()
    assert "Nothing has been changed." in dialog.message.text()
    assert dialog.accept_button.isHidden()
    assert dialog.accept_assignment() is False
    assert [(r.id, r.document_json, r.archived_at) for r in store.assignments(True)] == before
    assert path.read_bytes() == data


def test_the_same_assignment_twice_is_refused(qtbot, store, courses, course, tmp_path) -> None:
    from ui.assignments import ImportAssignmentDialog

    path = _write_doc(tmp_path / "a.json", _good_doc(course))
    first = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(first)
    assert first.accept_assignment()
    before = [(r.id, r.document_json) for r in store.assignments(True)]
    again = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(again)
    assert again.error is not None and "already imported" in again.error
    assert again.accept_button.isHidden()
    assert [(r.id, r.document_json) for r in store.assignments(True)] == before


def test_a_race_to_import_twice_is_caught_by_the_store(qtbot, store, courses, course, tmp_path):
    from ui.assignments import ImportAssignmentDialog

    path = _write_doc(tmp_path / "a.json", _good_doc(course))
    one = ImportAssignmentDialog(path, store, courses, today=TODAY)
    two = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(one)
    qtbot.addWidget(two)
    assert one.accept_assignment()
    assert two.accept_assignment() is False
    assert two.error and "Traceback" not in two.error
    assert len(store.assignments(True)) == 1


def test_passed_due_dates_and_missing_items_are_shown_gently(
    qtbot, store, courses, course, tmp_path
):
    from ui.assignments import AssignedPanel, ImportAssignmentDialog

    doc = _good_doc(course, issued="2026-10-01", course={"id": course.id, "version": "2.0.0"})
    for item in doc["items"]:
        item["due"] = "2026-11-02"
    doc["items"].append({"kind": "lesson", "id": "a-lesson-from-the-future", "due": "2026-11-03"})
    path = _write_doc(tmp_path / "a.json", doc)
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.error is None
    notes = dialog.warnings.text()
    assert "All the due dates have already passed" in notes
    assert "a-lesson-from-the-future" in notes and "never" not in notes.lower()
    assert "(not found here)" in dialog.preview.toPlainText()
    assert dialog.accept_assignment()

    panel = AssignedPanel(store, courses, today=TODAY)
    qtbot.addWidget(panel)
    panel.refresh()
    statuses = panel.views[0].statuses
    assert [s.item.id for s in statuses] == ["shame", "naming-feelings", "a-lesson-from-the-future"]
    assert statuses[-1].state.value == "missing"
    texts = _label_texts(panel)
    assert "Not in the version of the course installed here" in texts
    assert "was due 2 Nov" in texts


# --- the Home panel ---------------------------------------------------------------------


def _label_texts(widget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in widget.findChildren(QLabel)]


def test_assigned_panel_shows_items_and_live_progress(qtbot, store, courses, course, tmp_path):
    from PySide6.QtWidgets import QLabel, QProgressBar

    from ui.assignments import AssignedPanel, ImportAssignmentDialog

    doc = _good_doc(course)
    doc["items"][1]["due"] = "2026-11-26"
    path = _write_doc(tmp_path / "a.json", doc)
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.accept_assignment()

    panel = AssignedPanel(store, courses, today=TODAY)
    qtbot.addWidget(panel)
    panel.refresh()
    assert not panel.isHidden()
    texts = _label_texts(panel)
    assert "Assigned to you" in texts
    assert "Module: Shame" in texts and "Lesson: Naming feelings" in texts
    assert "due 20 Dec" in texts and "due today" in texts
    shame = next(len(m.lessons) for m in course.modules if m.id == "shame")
    assert f"Not started yet (0 of {shame} lessons)" in texts
    bars = panel.findChildren(QProgressBar)
    assert [(b.value(), b.maximum()) for b in bars] == [(0, shame), (0, 1)]

    key = CourseKey(course.id, course.version)
    store.complete_lesson(key, "shame-and-guilt")
    store.complete_lesson(key, "naming-feelings")
    panel.refresh()
    bars = panel.findChildren(QProgressBar)
    assert [(b.value(), b.maximum()) for b in bars] == [(1, shame), (1, 1)]
    assert f"In progress: 1 of {shame} lessons" in _label_texts(panel)
    assert "Done" in _label_texts(panel)
    # The next lesson to open is the first one not yet done.
    with qtbot.waitSignal(panel.lesson_requested) as opened:
        panel.lesson_requested.emit(panel.views[0].next_lessons[0])
    assert opened.args == ["the-mirror"]
    # Nothing alarming anywhere: no red, no alarm words.
    for label in panel.findChildren(QLabel):
        assert "red" not in label.styleSheet()
        assert not any(w in label.text().lower() for w in ("overdue", "late", "failed", "missed"))


def test_overdue_is_marked_in_a_calm_colour(qtbot, store, courses, course, tmp_path) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.assignments import AssignedPanel, ImportAssignmentDialog

    path = _write_doc(tmp_path / "a.json", _good_doc(course))
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.accept_assignment()
    panel = AssignedPanel(store, courses, today=dt.date(2026, 12, 24))
    qtbot.addWidget(panel)
    panel.refresh()
    due = [lbl for lbl in panel.findChildren(QLabel) if lbl.objectName() == "dueLabel"]
    assert [lbl.text() for lbl in due] == ["was due 20 Dec", "was due 20 Dec"]
    assert all("color:" in lbl.styleSheet() for lbl in due)


def test_archive_takes_it_off_home_and_keeps_it(qtbot, store, courses, course, tmp_path) -> None:
    from ui.assignments import AssignedPanel, ImportAssignmentDialog

    path = _write_doc(tmp_path / "a.json", _good_doc(course))
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.accept_assignment()
    panel = AssignedPanel(store, courses, today=TODAY)
    qtbot.addWidget(panel)
    panel.refresh()
    assignment_id = panel.views[0].assignment.id
    panel.confirm_archive = lambda a: False  # type: ignore[method-assign]
    assert panel.archive(assignment_id) is False
    assert len(panel.views) == 1
    panel.confirm_archive = lambda a: True  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.archived):
        assert panel.archive(assignment_id)
    assert panel.views == [] and panel.isHidden()
    assert [r.id for r in store.assignments(include_archived=True)] == [assignment_id]


def test_several_assignments_are_listed(qtbot, store, courses, course, tmp_path) -> None:
    from ui.assignments import AssignedPanel, ImportAssignmentDialog

    for n, module in enumerate(["shame", "denial"]):
        a = new_assignment(course, therapist=f"T{n}", modules=[module], today=TODAY)
        path = write_assignment(a, tmp_path / f"{n}.json")
        dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
        qtbot.addWidget(dialog)
        assert dialog.accept_assignment()
    panel = AssignedPanel(store, courses, today=TODAY)
    qtbot.addWidget(panel)
    panel.refresh()
    assert [v.assignment.therapist for v in panel.views] == ["T0", "T1"]
    assert "no due date" in _label_texts(panel)


def test_items_of_a_course_no_longer_installed_are_kept(qtbot, store, courses, course, tmp_path):
    from ui.assignments import AssignedPanel, ImportAssignmentDialog

    path = _write_doc(tmp_path / "a.json", _good_doc(course))
    dialog = ImportAssignmentDialog(path, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.accept_assignment()
    panel = AssignedPanel(store, {}, today=TODAY)  # the course was removed since
    qtbot.addWidget(panel)
    panel.refresh()
    texts = _label_texts(panel)
    assert any("empathy-gap (not installed)" in t for t in texts)
    assert texts.count("The course isn't installed here, so progress can't be shown yet") == 2
    assert [s.item.id for s in panel.views[0].statuses] == ["shame", "naming-feelings"]
