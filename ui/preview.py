"""`bridgework preview PATH`: the player, with a throwaway profile, following a course folder.

The course is shown in the ordinary main window; this module adds what an author needs
beside it: a watch on the folder that reloads the lesson being read after each save, and
a panel of findings (FILE:LINE, as `validate` prints them) where activating one opens
its lesson at that step. A broken save never blanks the window: the last good version
stays on show, with the findings beside it. Which version to show, and where a finding
points, is decided in course.preview (no Qt); this module only watches and shows.

The profile lives in a temporary folder, removed when the preview ends: no passphrase,
no welcome, and nothing of the author's own learner data is read or written.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QFileSystemWatcher,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QListView, QVBoxLayout, QWidget

from course.model import Finding, LoadResult, Severity
from course.paths import DataPaths
from course.preview import (
    finding_target,
    fingerprint,
    load_for_preview,
    should_show,
    summary,
    watch_paths,
)
from ui import messages
from ui.actions import MOVING_AROUND
from ui.workers import run_task

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: Editors write a file in several steps (a temporary file, a rename, a touch of the
#: folder): one reload after the last of them.
DEBOUNCE_MS = 300
PROFILE = "preview"
NOT_SHOWN_YET = (
    "This course cannot be opened yet: the findings beside it say why. "
    "Save a fix and it opens here."
)
KEPT_LAST_GOOD = (
    "Your last save has errors, so the last version without errors stays on show. "
    "Fix them and save again: the lesson follows."
)
PREVIEWING = "Previewing {root}. Nothing you do in this window is kept."
NOT_A_LESSON = "{file} is not a lesson; the problem is at {where} in your editor."

_Index = QModelIndex | QPersistentModelIndex


class FindingsModel(QAbstractListModel):
    """The findings of the latest load, one row each, errors first, then by file and line."""

    FindingRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []

    def set_findings(self, findings: tuple[Finding, ...] | list[Finding]) -> None:
        self.beginResetModel()
        self._findings = sorted(
            findings, key=lambda f: (f.severity is not Severity.ERROR, f.file, f.line, f.message)
        )
        self.endResetModel()

    def finding(self, row: int) -> Finding | None:
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        finding = self.finding(index.row()) if index.isValid() else None
        if finding is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return finding.format()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            where = f"{finding.file}, line {finding.line}" if finding.line else finding.file
            return f"{finding.severity}: {where}: {finding.message}"
        if role == self.FindingRole:
            return finding
        return None


class FindingsPanel(QWidget):
    """What the latest load of the course found, beside the player.

    Signals:
        finding_activated(object)  a finding was activated (Enter, or a double click)
    """

    finding_activated = Signal(object)

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewFindings")
        self.where = QLabel(PREVIEWING.format(root=root))
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setAccessibleName("What is previewed")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Preview summary")
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setObjectName("errorText")
        self.note.setAccessibleName("Preview note")
        self.note.hide()
        self.model = FindingsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Findings")
        self.list.setAccessibleDescription(
            "Each finding names a file and line; press Enter to open its lesson"
        )
        self.list.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)

    def show_result(self, result: LoadResult, *, kept_last_good: bool) -> None:
        self.summary.setText(summary(result))
        self.model.set_findings(result.findings)
        self.set_note(KEPT_LAST_GOOD if kept_last_good else "")
        if self.model.rowCount() and not self.list.currentIndex().isValid():
            # A first row to start from, so Tab then Enter works at once.
            self.list.setCurrentIndex(self.model.index(0, 0))

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _activated(self, index: QModelIndex) -> None:
        finding = self.model.finding(index.row())
        if finding is not None:
            self.finding_activated.emit(finding)


class CoursePreview(QObject):
    """Keeps the window's course in step with the folder `root` while an author edits it.

    Signals:
        reloaded(bool)  a change was loaded; True when the new version is now on show
    """

    reloaded = Signal(bool)

    def __init__(self, window: MainWindow, root: Path, first: LoadResult) -> None:
        super().__init__(window)
        self.window = window
        self.root = root
        self.latest = first
        self.shown: LoadResult | None = first if first.course is not None else None
        self._fingerprint = fingerprint(root)
        self._generation = 0

        self.panel = FindingsPanel(root)
        self.panel.finding_activated.connect(self.open_finding)
        self.dock = QDockWidget("Preview: findings", window)
        self.dock.setObjectName("previewDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.act_findings = QAction("Go to &findings", window)
        self.act_findings.setShortcut(QKeySequence("F8"))
        self.act_findings.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.act_findings.triggered.connect(self.focus_findings)
        window.addAction(self.act_findings)
        window.commands.list_in_sheet(self.act_findings, MOVING_AROUND)
        self.panel.show_result(first, kept_last_good=False)
        if first.course is None:
            window.show_notice(NOT_SHOWN_YET)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.reload)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self._watch()

    # -- watching ---------------------------------------------------------------------
    def _watch(self) -> None:
        """Watch what the folder holds now. A file an editor replaced by renaming is a
        new file, no longer watched: everything is watched afresh after each change."""
        old = [*self.watcher.files(), *self.watcher.directories()]
        if old:
            self.watcher.removePaths(old)
        paths = watch_paths(self.root)
        if paths:
            self.watcher.addPaths(paths)

    def _changed(self, _path: str) -> None:
        self.timer.start()  # (re)started: one reload after the last of a burst

    def reload(self) -> None:
        """Load the folder again if anything in it changed (off the GUI thread)."""
        self._watch()
        now = fingerprint(self.root)
        if now == self._fingerprint:
            return  # an editor's swap file came and went: nothing to reload
        self._fingerprint = now
        self._generation += 1
        generation, root = self._generation, self.root

        def done(result: LoadResult) -> None:
            if generation == self._generation:  # a later save wins over an earlier load
                self._apply(result)

        run_task(lambda: load_for_preview(root), done)

    # -- showing ----------------------------------------------------------------------
    def reading(self) -> str | None:
        """The id of the lesson on show, or None when another page is."""
        page = self.window.current_page()
        if page is None or page.key != "lesson":
            return None
        lesson = self._lesson_view().lesson
        return lesson.id if lesson is not None else None

    def _lesson_view(self) -> Any:
        return self.window.page("lesson").view  # type: ignore[attr-defined]

    def _apply(self, result: LoadResult) -> None:
        self.latest = result
        current = self.window.session.current
        elsewhere = current.course is not None and current.root != self.root
        reading = None if elsewhere else self.reading()
        show = not elsewhere and should_show(self.shown, result, reading)
        self.panel.show_result(result, kept_last_good=not show and self.shown is not None)
        if show:
            self._show(result, reading)
        self.reloaded.emit(show)

    def _show(self, result: LoadResult, reading: str | None) -> None:
        window = self.window
        page = window.current_page()
        key = page.key if page is not None else None
        # With the store open the lesson view resumes the step and scroll it saved on
        # leaving; before that, keep at least the step.
        step = self._lesson_view().step_index if reading and window.store is None else None
        self.shown = result
        window.session.current.show_loaded(self.root, result)  # Home, with the new outline
        if window.notice.text() in (NOT_SHOWN_YET, messages.NO_COURSE):
            window.show_notice("")
        course = result.course
        if reading and course is not None and course.lesson(reading) is not None:
            window.open_lesson(reading, step)
        elif key not in (None, "home", "lesson"):
            window.show_page(key)

    def open_finding(self, finding: Finding) -> None:
        """Open the lesson `finding` is in, at the step that holds its line."""
        shown = self.shown
        target = finding_target(shown.course if shown is not None else None, finding)
        if target is None:
            where = f"line {finding.line}" if finding.line else "the top"
            self.panel.set_note(NOT_A_LESSON.format(file=finding.file, where=where))
            return
        current = self.window.session.current
        if shown is not None and current.root != self.root:
            current.show_loaded(self.root, shown)  # back from another course in the Library
        self.window.open_lesson(target.lesson_id, target.step)

    def focus_findings(self) -> None:
        self.dock.show()
        self.panel.list.setFocus(Qt.FocusReason.ShortcutFocusReason)


def open_preview(paths: DataPaths, root: Path) -> tuple[MainWindow, CoursePreview]:
    """The main window showing the course at `root`, with the preview beside it."""
    from ui.app import build_window

    first = load_for_preview(root)
    window = build_window(paths, course=(root, first))
    window.startup.welcome = False  # a throwaway profile: nothing to welcome anyone to
    window.profile_switch.action.setVisible(False)  # no workspace in a throwaway profile
    preview = CoursePreview(window, root, first)
    width = window.width() + 360
    window.resize(width, window.height())
    window.resizeDocks([preview.dock], [360], Qt.Orientation.Horizontal)
    return window, preview


@contextlib.contextmanager
def throwaway_profile() -> Iterator[DataPaths]:
    """A data folder of its own, removed (with everything in it) when the preview ends."""
    with tempfile.TemporaryDirectory(
        prefix="bridgework-preview-", ignore_cleanup_errors=True
    ) as folder:
        yield DataPaths(Path(folder), PROFILE)


def run_preview(root: Path) -> int:
    """Run the preview of the course folder `root` until its window closes."""
    from ui.app import create_application
    from ui.workers import wait_for_all

    with throwaway_profile() as paths:
        app = create_application()
        window, _preview = open_preview(paths, root)
        # Ctrl+C in the terminal (or a polite kill) closes the window, so the store is
        # closed and the throwaway folder removed; the timer lets Python see the signal.
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, lambda *_args: window.close())
        tick = QTimer()
        tick.timeout.connect(lambda: None)
        tick.start(200)
        print(
            f"Previewing {root}. Edit and save its files: the window follows. Close the "
            "window (or press Ctrl+C here) to stop; nothing done in it is kept.",
            flush=True,
        )
        window.show()
        code = int(app.exec())
        tick.stop()
        wait_for_all()
        sys.stdout.flush()
    return code
