"""`bridgework preview` (issue 11): the player follows a course folder as an author edits it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_window import TIMEOUT
from coursekit import MANIFEST, lesson, write_course
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from course.paths import DataPaths
from ui.main_window import MainWindow
from ui.preview import (
    KEPT_LAST_GOOD,
    NOT_SHOWN_YET,
    CoursePreview,
    FindingsModel,
    open_preview,
    throwaway_profile,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

TWO_LESSONS = MANIFEST + "      - m1/b.md\n"
LESSON_A = lesson(
    "First words about noticing.\n\n"
    "```reflect\nid: a-reflect\nprompts:\n  - id: r1\n    type: text\n"
    "    prompt: What did you notice?\n```\n\n"
    "Words after the reflection.\n"
)
LESSON_B = lesson("The second lesson.\n", front="id: b\ntitle: Lesson B\n")


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    return write_course(
        tmp_path / "course",
        {"course.yaml": TWO_LESSONS, "m1/a.md": LESSON_A, "m1/b.md": LESSON_B},
    )


def _start(qtbot, root: Path, tmp_path: Path) -> tuple[MainWindow, CoursePreview]:
    window, preview = open_preview(DataPaths(tmp_path / "throwaway", "preview"), root)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    return window, preview


def _text(window: MainWindow) -> str:
    return window.lesson_page.browser.toPlainText()


def _save_by_rename(path: Path, text: str) -> None:
    """As editors that write a new file and rename it over the old one do."""
    temporary = path.with_name(path.name + ".tmp-save")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _edit(qtbot, preview: CoursePreview, path: Path, text: str, *, rename: bool) -> bool:
    with qtbot.waitSignal(preview.reloaded, timeout=TIMEOUT) as blocker:
        if rename:
            _save_by_rename(path, text)
        else:
            path.write_text(text, encoding="utf-8")
    return bool(blocker.args[0])


def test_the_lesson_being_read_reloads_after_each_save(
    qtbot, course_dir: Path, tmp_path: Path
) -> None:
    window, preview = _start(qtbot, course_dir, tmp_path)
    assert window.first_run_dialog is None  # no welcome, no passphrase: a throwaway profile
    assert window.course is not None and window.course_root == course_dir.resolve()
    window.open_lesson("a")
    assert "First words" in _text(window)

    # In place, as most editors save; by rename, as some do (the file watched is then
    # gone: the in-place save after it is only seen if the new file is watched again).
    path = course_dir / "m1" / "a.md"
    for words, rename in (("Rewritten", False), ("Renamed", True), ("In place again", False)):
        assert _edit(qtbot, preview, path, LESSON_A.replace("First words", words), rename=rename)
        assert window.current_page().key == "lesson"
        assert window.lesson_page.lesson.id == "a"
        assert words in _text(window)
    assert preview.panel.summary.text() == "No problems found."


def test_a_new_lesson_in_the_manifest_appears_in_the_outline(
    qtbot, course_dir: Path, tmp_path: Path
) -> None:
    window, preview = _start(qtbot, course_dir, tmp_path)
    (course_dir / "m1" / "c.md").write_text(
        lesson("A third lesson.\n", front="id: c\ntitle: Lesson C\n"), encoding="utf-8"
    )
    assert _edit(
        qtbot, preview, course_dir / "course.yaml", TWO_LESSONS + "      - m1/c.md\n", rename=True
    )
    assert window.course is not None and window.course.lesson("c") is not None


def test_a_broken_save_keeps_the_last_good_lesson_beside_its_findings(
    qtbot, course_dir: Path, tmp_path: Path
) -> None:
    window, preview = _start(qtbot, course_dir, tmp_path)
    window.open_lesson("a")
    window.lesson_page.go_next()  # the reflection: the step must survive the reloads
    assert window.lesson_page.step_index == 1
    good = window.course

    broken = LESSON_A.replace("title: Lesson A\n", "title: [Lesson A\n")  # a YAML error
    assert not _edit(qtbot, preview, course_dir / "m1" / "a.md", broken, rename=True)
    assert window.course is good  # the last good version stays on show
    assert window.lesson_page.lesson.id == "a" and window.lesson_page.step_index == 1
    assert window.current_page().key == "lesson"
    model = preview.panel.model
    rows = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert rows and rows[0].startswith("m1/a.md:3: error:"), rows
    assert "1 error" in preview.panel.summary.text()
    assert preview.panel.note.text() == KEPT_LAST_GOOD

    # An error that leaves the lesson in the course, without its reflection: still the
    # last good version, with all three steps.
    broken = LESSON_A.replace("type: text", "type: essay")
    assert not _edit(qtbot, preview, course_dir / "m1" / "a.md", broken, rename=False)
    assert preview.latest.course is not None and preview.latest.course.lesson("a") is not None
    assert window.course is good and window.lesson_page.step_count() == 3
    assert window.lesson_page.step_index == 1

    fixed = LESSON_A.replace("Words after", "Fixed words after")
    assert _edit(qtbot, preview, course_dir / "m1" / "a.md", fixed, rename=False)
    assert window.course is not good
    assert window.lesson_page.lesson.id == "a" and window.lesson_page.step_index == 1
    assert model.rowCount() == 0 and preview.panel.note.isHidden()
    window.lesson_page.go_next()
    assert "Fixed words after" in _text(window)


def test_a_broken_manifest_never_blanks_the_window(qtbot, course_dir: Path, tmp_path: Path) -> None:
    window, preview = _start(qtbot, course_dir, tmp_path)
    window.open_lesson("b")
    good = window.course
    assert not _edit(qtbot, preview, course_dir / "course.yaml", "id: [\n", rename=False)
    assert window.course is good and window.lesson_page.lesson.id == "b"
    assert "The second lesson" in _text(window)
    assert preview.panel.model.rowCount() >= 1


def test_findings_open_their_lesson_by_keyboard_and_mouse(
    qtbot, course_dir: Path, tmp_path: Path
) -> None:
    # Two findings, each in its own lesson: an unknown key (a warning) in a and a link
    # to a lesson that does not exist (an error) in b.
    write_course(
        course_dir,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": LESSON_A.replace("Words after", "Words after [x](lesson:nowhere)"),
            "m1/b.md": lesson("The second lesson.\n", front="id: b\ntitle: B\nfeedbak: x\n"),
        },
    )
    window, preview = _start(qtbot, course_dir, tmp_path)
    panel = preview.panel
    assert panel.model.rowCount() == 2
    assert window.course is not None  # shown despite the errors: nothing better was seen

    # F8 moves to the findings; the first row is current; Enter opens its lesson.
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert QApplication.focusWidget() is panel.list
    first = panel.model.finding(0)
    assert first is not None and first.file == "m1/a.md"  # errors first
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.current_page().key == "lesson"
    assert window.lesson_page.lesson.id == "a"
    assert window.lesson_page.step_index == 2  # the step that holds the line

    # Down, then Enter, by keyboard again.
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    qtbot.keyClick(panel.list, Qt.Key.Key_Enter)
    assert window.lesson_page.lesson.id == "b"

    # And a double click on the first row (QTest sends the press of the first click apart).
    rect = panel.list.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.lesson_page.lesson.id == "b"  # one click only selects
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.lesson_page.lesson.id == "a"


def test_the_shortcuts_sheet_lists_the_findings_key(qtbot, course_dir: Path, tmp_path: Path):
    from ui.shortcuts_sheet import ShortcutsSheet

    window, _preview = _start(qtbot, course_dir, tmp_path)
    window.commands["keys"].trigger()
    (sheet,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsSheet)]
    assert "Go to findings: F8" in sheet.text()
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)


def test_a_finding_outside_any_lesson_says_where_to_look(
    qtbot, course_dir: Path, tmp_path: Path
) -> None:
    write_course(course_dir, {"course.yaml": TWO_LESSONS + "summry: typo\n"})
    window, preview = _start(qtbot, course_dir, tmp_path)
    finding = preview.panel.model.finding(0)
    assert finding is not None and finding.file == "course.yaml"
    page = window.current_page()
    preview.panel.list.setFocus()
    qtbot.keyClick(preview.panel.list, Qt.Key.Key_Return)
    assert window.current_page() is page  # nothing opened
    assert "course.yaml is not a lesson" in preview.panel.note.text()
    assert f"line {finding.line}" in preview.panel.note.text()


def test_a_course_broken_from_the_start_opens_once_fixed(qtbot, tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", {"course.yaml": "id: [\n"})
    window, preview = _start(qtbot, root, tmp_path)
    assert window.course is None
    assert window.notice.text() == NOT_SHOWN_YET and window.notice.isVisible()
    assert preview.panel.model.rowCount() == 1
    assert _edit(qtbot, preview, root / "course.yaml", MANIFEST, rename=True)
    assert window.course is not None and window.course.lesson("a") is not None
    assert window.notice.isHidden()
    assert preview.panel.model.rowCount() == 0


def test_the_findings_model_passes_qtmodeltester(qtmodeltester, course_dir: Path) -> None:
    from course.preview import load_for_preview

    write_course(
        course_dir,
        {"course.yaml": TWO_LESSONS, "m1/b.md": lesson("x\n", front="id: b\ntitle: B\nfoo: x\n")},
    )
    model = FindingsModel()
    model.set_findings(load_for_preview(course_dir).findings)
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)


def test_the_throwaway_profile_is_removed_at_exit() -> None:
    with throwaway_profile() as paths:
        paths.ensure()
        (paths.profile_dir / "progress.db").write_bytes(b"x")
        root = paths.root
        assert root.is_dir()
    assert not root.exists()


def test_the_command_keeps_nothing_and_never_touches_the_real_profile(tmp_path: Path) -> None:
    """`main.py preview` end to end: it starts, writes only to its own temporary folder,
    and removes that folder when told to stop (as Ctrl+C in the terminal does)."""
    root = write_course(tmp_path / "course")
    temp, real = tmp_path / "tmp", tmp_path / "real-data"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(TMPDIR=str(temp), BRIDGEWORK_DATA_DIR=str(real), QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "main.py"), "preview", str(root)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Started once the store made its database in the throwaway folder.
        deadline = time.monotonic() + TIMEOUT / 1000 * 3
        while not list(temp.glob("bridgework-preview-*/profiles/preview/*.db")):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.1)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=TIMEOUT / 1000 * 3)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert "Traceback" not in err
    assert f"Previewing {root.resolve()}" in out
    assert list(temp.iterdir()) == []  # the throwaway folder is gone
    assert not real.exists()  # the author's own profile was never opened


def test_a_course_folder_deleted_keeps_the_window_as_it_was(
    qtbot, course_dir: Path, tmp_path: Path
) -> None:
    window, preview = _start(qtbot, course_dir, tmp_path)
    window.open_lesson("b")
    good = window.course
    with qtbot.waitSignal(preview.reloaded, timeout=TIMEOUT) as blocker:
        shutil.rmtree(course_dir)
    assert blocker.args == [False]
    assert window.course is good and window.lesson_page.lesson.id == "b"
    assert preview.panel.model.rowCount() == 1  # says the folder cannot be read
    assert preview.watcher.files() == [] and preview.watcher.directories() == []
