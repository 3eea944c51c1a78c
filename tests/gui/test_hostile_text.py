"""Hostile text from files (issue 13): no label shows a file's text as live HTML, local
links open only for safe document types, and a bad file on the command line gets a dialog.

The label test fills every text a course, an assignment and a report can carry with a
marker that starts with a tag, walks the app's windows and dialogs, and checks every
QLabel whose text holds the raw marker is set to plain text (a label meant for rich
text must escape it, and then the raw marker is not in its text).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from app_window import TIMEOUT, prepare_store
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from course.assignments import new_assignment, write_assignment
from course.loader import load_course
from ui.app import build_window

MARK = "<i>HX</i>"
ESCAPED = "&lt;i&gt;HX"

HOSTILE_COURSE = f"""\
format: 1
id: hostile
version: "1"
title: {MARK} course
summary: {MARK} summary
content_note: {MARK} course note
modules:
  - id: m
    title: {MARK} module
    summary: {MARK} module summary
    lessons:
      - m/a.md
"""

HOSTILE_LESSON = f"""\
---
id: a
title: {MARK} lesson
content_note: {MARK} lesson note
objectives:
  - {MARK} objective
---
Some words.

```quiz
id: q
questions:
  - id: q1
    type: single
    prompt: {MARK} question
    explanation: {MARK} explanation
    options:
      - text: {MARK} right
        correct: true
        feedback: {MARK} feedback
      - text: {MARK} wrong
```

```reflect
id: r
prompts:
  - id: s
    type: scale
    prompt: {MARK} scale
    min: 0
    max: 4
    labels: {{0: "{MARK} low", 4: "{MARK} high"}}
  - id: t
    type: text
    prompt: {MARK} text prompt
```
"""


def _hostile_content(root: Path) -> Path:
    course = root / "empathy-gap"  # the folder the window opens first
    (course / "m").mkdir(parents=True)
    (course / "course.yaml").write_text(HOSTILE_COURSE, encoding="utf-8")
    (course / "m" / "a.md").write_text(HOSTILE_LESSON, encoding="utf-8")
    return root


def _hostile_report(path: Path) -> Path:
    document = {
        "format": "bridgework-progress-report",
        "format_version": 1,
        "made_on": "2026-11-26",
        "scope": f"{MARK} scope",
        "client_label": f"{MARK} client",
        "therapist": f"{MARK} therapist",
        "assignment_id": None,
        "included": ["lessons", "quizzes", "ratings"],
        "courses": [
            {
                "id": "hostile",
                "version": "1",
                "title": f"{MARK} course",
                "lessons": [{"module": MARK, "lesson": MARK, "completed_on": None, "minutes": 1}],
                "quizzes": [],
                "ratings": [],
                "reflections": [],
            }
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _labels_showing_markup() -> tuple[list[str], int]:
    """Labels whose raw text holds the marker but may be shown as rich text; and how many
    labels carried the marker at all (raw or escaped), to show the walk reached them."""
    offenders: list[str] = []
    reached = 0
    for top in QApplication.topLevelWidgets():
        labels = [top] if isinstance(top, QLabel) else []
        for label in labels + top.findChildren(QLabel):
            text = label.text()
            if MARK in text or ESCAPED in text:
                reached += 1
            if MARK in text and label.textFormat() != Qt.TextFormat.PlainText:
                owner = label.parentWidget()
                offenders.append(
                    f"{type(owner).__name__ if owner else '-'}/{label.objectName()}: {text[:60]}"
                )
    return offenders, reached


def test_no_label_shows_text_from_a_file_as_html(qtbot, data_paths, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    content = _hostile_content(tmp_path / "content")
    course = load_course(content / "empathy-gap").course
    assert course is not None
    assignment = new_assignment(
        course,
        therapist=f"{MARK} Dr",
        modules=["m"],
        note=f"{MARK} assignment note",
        client_label=f"{MARK} label",
        item_notes={"m": f"{MARK} item note"},
        today=dt.date.today(),
    )
    assignment_path = write_assignment(assignment, tmp_path / "a.bridgework-assignment.json")
    prepare_store(data_paths)
    window = build_window(data_paths, content_dir=content, open_file=str(assignment_path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    features = window.assignments
    assert features is not None
    offenders: list[str] = []
    reached = 0

    def walk() -> None:
        nonlocal reached
        found, count = _labels_showing_markup()
        offenders.extend(f for f in found if f not in offenders)
        reached += count

    qtbot.waitUntil(lambda: len(features.dialogs) == 1, timeout=TIMEOUT)
    walk()  # the import preview
    (dialog,) = features.dialogs
    assert dialog.accept_assignment()
    qtbot.waitUntil(lambda: features.panel.isVisibleTo(window.home))
    window.show_home()
    walk()  # Home, with the assigned panel
    window.open_lesson("a")
    view = window.lesson_page
    walk()  # the content note
    view.accept_content_note()
    for index in range(len(view.lesson.steps)):
        view.go_to_step(index)
        step = view.current_step_widget()
        if step is not None and hasattr(step, "choose"):
            walk()
            step.choose(0)  # the first option
            step.check()
        walk()
    window.show_library()
    walk()
    window.show_journal()
    walk()
    viewer = features.open_report(str(_hostile_report(tmp_path / "r.json")))
    assert viewer is not None
    walk()
    viewer.close()
    for dialog in (features.export_report(), features.new_assignment()):
        assert dialog is not None
        qtbot.waitUntil(lambda: features.courses_known, timeout=TIMEOUT)
        walk()  # the client's export dialog lists the assignment; the therapist's the course
        dialog.close()
    assert not offenders, "\n".join(offenders)
    assert reached >= 15, reached  # the walk really met the file's text


def test_local_links_open_only_for_safe_document_types(qtbot, tmp_path, monkeypatch):
    from ui.lesson_view import LessonView

    opened: list[str] = []
    told: list[str] = []
    monkeypatch.setattr("ui.lesson_view.QDesktopServices.openUrl", lambda url: opened.append(url))
    monkeypatch.setattr(
        QMessageBox, "information", lambda *args, **kwargs: told.append(str(args[2]))
    )
    view = LessonView(None)
    qtbot.addWidget(view)
    monkeypatch.setattr(view, "confirm_external_link", lambda url: True)
    view.handle_external_links = True
    for name in ("run.desktop", "setup.exe", "go.bat", "x.sh", "page.html", "noext"):
        view.handle_link(QUrl.fromLocalFile(str(tmp_path / name)))
    assert opened == [] and len(told) == 6
    assert all("can't be opened from a lesson" in words for words in told)
    for name in ("photo.PNG", "guide.pdf", "notes.txt", "scan.jpeg"):
        view.handle_link(QUrl.fromLocalFile(str(tmp_path / name)))
    assert len(opened) == 4


def test_a_hostile_file_on_the_command_line_gets_a_dialog(qtbot, data_paths, tmp_path, monkeypatch):
    said: list[str] = []

    def record(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        said.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    deep = tmp_path / "deep.bridgework-assignment.json"
    deep.write_text(
        '{"format": "bridgework-assignment", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    prepare_store(data_paths)
    window = build_window(data_paths, open_file=str(deep))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    features = window.assignments
    assert features is not None

    def told_or_shown() -> bool:
        return bool(said) or any(
            getattr(d, "error", None) for d in features.dialogs if isinstance(d, QWidget)
        )

    qtbot.waitUntil(told_or_shown, timeout=TIMEOUT)
    for dialog in list(features.dialogs):
        dialog.close()
