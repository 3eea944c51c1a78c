"""The whole data folder holds nothing the learner wrote in plain bytes once a passphrase is set.

One test writes every kind of learner data the app keeps, each carrying a canary where a
person can type, in a learner profile and a therapist's workspace that both have a
passphrase; then it walks every file under the data folder (cache/, courses/, window.ini,
start-profile, backups, -wal/-shm, anything else) while the stores are open and again
after the windows close. The per-kind canary tests (test_store_practice,
test_store_workspace, test_store_search_review, ...) check the store; this one checks
what the rest of the app writes beside it. It also checks that the copy of a PDF made
for the system's viewer leaves the temporary folder when the workspace locks.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from app_window import TIMEOUT, prepare_store, start
from damage import plain_text_in, write_canary
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from workspace_kit import add_client_by_keyboard, export_report

from course.model import Pick
from course.paths import WORKSPACE_PROFILE, DataPaths

CANARY = "quillwort-canary-4418"
PASSPHRASE = "a quiet harbour at dusk"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
TODAY = dt.date(2026, 11, 26)
COURSE_LESSON, REFLECT = "shame-and-guilt", "shame-and-guilt-reflect"


def _say(kind: str) -> str:
    """The canary as written for one kind of data, so the export shows each was kept."""
    return f"{CANARY} {kind}"


def _leaks(root: Path) -> list[Path]:
    return plain_text_in(root, CANARY, ENCODINGS)


def _lock_by_keyboard(qtbot, window) -> None:
    window.activateWindow()  # the dialogs shown before took the focus away
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    with qtbot.waitSignal(window.locked, timeout=TIMEOUT):
        qtbot.keyClick(
            window,
            Qt.Key.Key_L,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )


def _learner_writes_everything(qtbot, window, outbox: Path) -> list[str]:
    """Every kind of learner data, through the store the window has open and its pages.

    Returns the words that must come back in the learner's own export.
    """
    from course.assignments import new_assignment, write_assignment
    from course.report import ReflectionKey
    from ui.assignments import ImportAssignmentDialog

    store = window.store
    course = window.session.current.course
    courses = {course.id: course}
    written = []

    write_canary(store, _say("reflection"))  # the shared canary helper's reflection
    store.save_reflection(course, COURSE_LESSON, REFLECT, "r1", _say("journal"))
    written += [_say("reflection"), _say("journal")]
    store.record_rating(course, "three-shame-reactions", "three-shame-reactions-reflect", "r4", 3)
    # Quiz answers and review cards hold no typed words; ask-again and a missed answer
    # make cards (the search-review helper's way), answers are kept by the quiz.
    quiz = course.lesson(COURSE_LESSON).quizzes[0]
    attempt = store.start_quiz_attempt(course, COURSE_LESSON, quiz.id)
    store.record_answer(attempt, quiz.questions[0].id, 0, 0.0)
    store.finish_quiz_attempt(attempt, question_count=len(quiz.questions), pass_ratio=0.7)
    store.ask_again(course, COURSE_LESSON, quiz.id, quiz.questions[-1].id)
    store.add_check_in([Pick("lonely", "lonely", 4)], note=_say("check-in"))
    store.save_feelings(
        course, COURSE_LESSON, REFLECT, "r2", [Pick("ashamed", "ashamed", 5)], body=_say("body")
    )
    store.save_perspective(course, "l", "r", "q", first_draft=_say("first draft"), reveal=True)
    store.save_perspective(course, "l", "r", "q", second_draft=_say("second draft"))
    written += [_say("check-in"), _say("body"), _say("first draft"), _say("second draft")]
    store.set_setting("a-typed-setting", _say("setting"))
    written.append(_say("setting"))

    # An assignment from a therapist, imported by keyboard (its note and label are private).
    assignment = new_assignment(
        course,
        therapist=_say("therapist"),
        modules=["shame"],
        lessons=[],
        due=TODAY + dt.timedelta(days=30),
        note=_say("assignment note"),
        client_label="J.",
        today=TODAY,
    )
    file = write_assignment(assignment, outbox / "from-therapist.bridgework-assignment")
    dialog = ImportAssignmentDialog(file, store, courses, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        dialog.accept_button.setFocus()
        qtbot.keyClick(dialog.accept_button, Qt.Key.Key_Space)
    dialog.reject()
    written.append(_say("assignment note"))

    # The pages: a lesson, the journal, review, a search typed with the canary, settings.
    window.open_lesson(COURSE_LESSON)
    window.show_page("journal")
    window.show_page("review")
    window.commands.page_actions["search"].trigger()
    page = window.search_pages
    qtbot.waitUntil(lambda: page.index is not None and not page.indexing, timeout=TIMEOUT)
    qtbot.keyClicks(page.view.field, CANARY)
    qtbot.waitUntil(lambda: bool(page.view.hits()), timeout=TIMEOUT)
    window.preferences.show_settings()
    settings = window.preferences.dialog
    qtbot.waitExposed(settings)
    qtbot.keyClick(settings.tabs, Qt.Key.Key_Escape)
    assert not settings.isVisible()

    # A progress report shared on purpose (outside the data folder), for the workspace.
    export_report(qtbot, store, courses, TODAY, outbox, [ReflectionKey(course.id, REFLECT, "r1")])
    store.backup_now()  # a backup holding all of it
    return written


def _therapist_writes_everything(qtbot, window, outbox: Path, opened: list[Path]) -> Path:
    """A client, an assignment made for them, a report kept, a PDF attached and opened.

    Returns the copy of the PDF made for the system viewer.
    """
    page = window.page("workspace")
    qtbot.waitUntil(lambda: window.current_page() is page, timeout=TIMEOUT)
    page.today = TODAY
    add_client_by_keyboard(qtbot, page, _say("client"))
    dialog = page.new_assignment()
    dialog.set_checked("shame")
    dialog.therapist.setText(_say("sender"))
    dialog.note.setPlainText(_say("note to client"))
    dialog.ask_path = lambda suggested: str(outbox / "for-client.bridgework-assignment")
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
        dialog.save()
    assert page.import_report(str(outbox / f"report-{TODAY.isoformat()}.bridgework-report"))
    pdf = outbox / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4 notes " + _say("pdf").encode() + b"\n%%EOF\n")
    assert page.attach_pdf(str(pdf))
    (kept,) = window.store.client_files()
    shown = page.open_pdf(kept.id)
    assert shown is not None and opened == [shown]
    # The copy really is the PDF in plain bytes: the check below can see one.
    assert plain_text_in(shown.parent, CANARY) == [shown]
    window.store.backup_now()
    return shown


@pytest.fixture
def system_temp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, for Python and Qt, as a folder of this test's own."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def test_no_learner_words_in_plain_bytes_anywhere_in_the_data_folder(
    qtbot, tmp_path, monkeypatch, system_temp
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    root = tmp_path / "data"
    outbox = tmp_path / "outbox"  # what the person saves elsewhere by choice
    outbox.mkdir()

    learner_paths = DataPaths(root)
    prepare_store(learner_paths, passphrase=PASSPHRASE)
    learner = start(qtbot, learner_paths, passphrase=PASSPHRASE)
    written = _learner_writes_everything(qtbot, learner, outbox)
    exported = learner.store.export_all(tmp_path / "export")
    for words in written:  # each kind was kept (the export is plain by design) ...
        assert plain_text_in(exported, words), words
    wal = learner_paths.database.with_name(learner_paths.database.name + "-wal")
    assert wal.is_file()  # the store is open: its write-ahead log is walked too
    assert _leaks(root) == []  # ... and none of it is readable here
    _lock_by_keyboard(qtbot, learner)
    learner.close()

    workspace_paths = DataPaths(root, WORKSPACE_PROFILE)
    prepare_store(workspace_paths, passphrase=PASSPHRASE)
    therapist = start(qtbot, workspace_paths, passphrase=PASSPHRASE)
    shown = _therapist_writes_everything(qtbot, therapist, outbox, opened)
    assert _leaks(root) == []
    _lock_by_keyboard(qtbot, therapist)
    assert not shown.exists() and _leaks(system_temp) == []  # the viewer's copy is gone
    therapist.close()
    QApplication.processEvents()

    every = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    # The walk saw the files beside the stores, not just the databases.
    assert "window.ini" in every
    assert any(name.startswith("cache/") for name in every)
    assert any("/backups/" in name for name in every)
    assert _leaks(root) == []
    assert _leaks(system_temp) == []


def test_viewer_copies_left_by_a_crashed_copy_go_when_the_workspace_opens(
    qtbot, tmp_path, system_temp
) -> None:
    import os
    import subprocess
    import sys

    from ui.pages.workspace import VIEWING_PREFIX

    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    crashed = system_temp / f"{VIEWING_PREFIX}{int(ended.stdout)}-x1"
    running = system_temp / f"{VIEWING_PREFIX}{os.getpid()}-x2"  # a copy still running
    other = system_temp / "bridgework-viewer-notes"  # not one of ours
    for folder in (crashed, running, other):
        folder.mkdir()
        (folder / "1-notes.pdf").write_bytes(b"%PDF-1.4 " + _say("left").encode())

    paths = DataPaths(tmp_path / "data", WORKSPACE_PROFILE)
    prepare_store(paths, passphrase=PASSPHRASE)
    start(qtbot, paths, passphrase=PASSPHRASE)
    assert not crashed.exists()
    assert running.is_dir() and other.is_dir()
