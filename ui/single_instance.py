"""One running Bridgework per profile, and files handed to it by the system or a second start.

Two copies writing one profile could lose what either saved, so the first start holds
a QLockFile in the profile folder (a lock left by a crashed copy is noticed as stale
and taken over). A later start does not open the store: it drops a small request file
into the profile's `requests/` folder, which the running copy watches with
QFileSystemWatcher, and closes. No socket and no Qt network module are involved, so
the app still opens no connection of any kind.

macOS hands a double-clicked file to the running app as a QFileOpenEvent rather than
on the command line; `FileOpenFilter` turns it into the same request.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QLockFile, QObject, Signal
from PySide6.QtGui import QFileOpenEvent

from course.fileio import write_text_atomically
from course.paths import DataPaths

if TYPE_CHECKING:
    from ui.main_window import MainWindow

LOCK_NAME = "bridgework.lock"
REQUESTS = "requests"
REQUEST_SUFFIX = ".request"


class ProfileLock(QObject):
    """The running copy's claim on a profile, and its ear for later starts.

    Signals:
        open_requested(str)  a later start (or the system) asks to open this file
        show_requested()     a later start asks the window to come forward
    """

    open_requested = Signal(str)
    show_requested = Signal()

    def __init__(self, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self._lock: QLockFile | None = None
        self._watcher: QFileSystemWatcher | None = None

    @property
    def requests_dir(self) -> Path:
        return self.paths.profile_dir / REQUESTS

    def try_claim(self) -> bool:
        """Take the profile for this process; False if another running copy holds it.

        A folder that cannot be written is no sign of another copy: this start goes on
        without the lock, and opening the store explains the folder problem.
        """
        try:
            self.paths.ensure()
        except OSError:
            return True
        lock = QLockFile(str(self.paths.profile_dir / LOCK_NAME))
        if not lock.tryLock(0):
            return lock.error() != QLockFile.LockError.LockFailedError
        self._lock = lock
        try:
            self.requests_dir.mkdir(exist_ok=True)
        except OSError:
            return True
        for stale in self.requests_dir.glob("*" + REQUEST_SUFFIX):
            stale.unlink(missing_ok=True)  # left by starts while no copy was running
        self._watcher = QFileSystemWatcher([str(self.requests_dir)], self)
        self._watcher.directoryChanged.connect(self.read_requests)
        return True

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.directories())
            self._watcher = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def read_requests(self, _folder: str = "") -> None:
        """Act on every request waiting in the folder, oldest first, and remove it."""
        try:
            waiting = sorted(
                self.requests_dir.glob("*" + REQUEST_SUFFIX), key=lambda p: p.stat().st_mtime_ns
            )
        except OSError:
            return
        for request in waiting:
            try:
                data = json.loads(request.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            request.unlink(missing_ok=True)
            path = data.get("open") if isinstance(data, dict) else None
            if isinstance(path, str) and path:
                self.open_requested.emit(path)
            self.show_requested.emit()


def hand_over(paths: DataPaths, open_file: str | None) -> None:
    """From a later start: ask the running copy to come forward, and to open `open_file`."""
    folder = paths.profile_dir / REQUESTS
    folder.mkdir(parents=True, exist_ok=True)
    target = os.path.abspath(open_file) if open_file else None
    import uuid  # only a second start hands over; uuid brings platform along

    name = f"{uuid.uuid4().hex}{REQUEST_SUFFIX}"
    write_text_atomically(folder / name, json.dumps({"open": target}))


class FileOpenFilter(QObject):
    """Turns the system's QFileOpenEvent (macOS Finder) into `file_opened(path)`.

    Signals:
        file_opened(str)  a file the system asked the app to open
    """

    file_opened = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                self.file_opened.emit(path)
                return True
        return super().eventFilter(watched, event)


def claim_or_hand_over(lock: ProfileLock, open_file: str | None) -> bool:
    """True if this start runs the app; else hand over to the running copy and say so."""
    if lock.try_claim():
        return True
    hand_over(lock.paths, open_file)
    if open_file is None:  # with a file, the running window opening it says enough
        from PySide6.QtWidgets import QMessageBox

        from ui import messages

        QMessageBox.information(None, messages.APP_TITLE, messages.ALREADY_OPEN)
    return False


def connect_window(app: QObject, lock: ProfileLock, window: MainWindow) -> None:
    """Route later starts' requests and the system's file-open events to the window."""
    lock.open_requested.connect(lambda path: open_given_file(window, path))
    lock.show_requested.connect(lambda: bring_forward(window))
    opener = FileOpenFilter(window)
    opener.file_opened.connect(lambda path: open_given_file(window, path))
    opener.file_opened.connect(lambda _path: bring_forward(window))
    if sys.platform == "darwin":
        app.installEventFilter(opener)  # a double-clicked file may come with the first events
    else:
        # Only macOS sends QFileOpenEvent. Elsewhere the filter waits for the first frame:
        # an app-wide Python filter called for every event of start-up (and PySide making
        # a Python type for each new kind of object it is handed) costs more than it does.
        window.startup.after_first_paint(lambda: app.installEventFilter(opener))


def open_given_file(window: MainWindow, path: str) -> None:
    """Open an assignment or report in the running window (after its first paint)."""
    if window.assignments is not None:
        window.assignments.open_file(path)
    else:
        window.open_file = path  # the first paint sets up assignments and opens it


def bring_forward(window: MainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
