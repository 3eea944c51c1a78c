"""Qt's file dialogs, without their memory of where the learner saved or opened files.

Qt's file dialog keeps the folders it showed last (its history and last folder) in the
user's Qt settings shared by every Qt program (~/.config/QtProject.conf on Linux, the
registry on Windows): outside the data folder, where "Delete all my data" cannot reach
them, a folder named for a progress report or for a therapist's assignment would stay
behind. Every dialog here puts those settings back as they were before it opened.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_GROUP = "FileDialog"


def _qt_settings() -> QSettings:
    return QSettings(QSettings.Scope.UserScope, "QtProject")


@contextlib.contextmanager
def _leaving_no_history() -> Iterator[None]:
    before = _qt_settings()
    before.beginGroup(_GROUP)
    kept = {key: before.value(key) for key in before.childKeys()}
    del before
    try:
        yield
    finally:
        # A new object: the dialog wrote the file through its own as it closed.
        after = _qt_settings()
        after.beginGroup(_GROUP)
        after.remove("")  # the whole group, as the dialog left it
        for key, value in kept.items():
            after.setValue(key, value)
        after.endGroup()
        after.sync()


def save_file_name(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str:
    """Where to save (empty if cancelled)."""
    with _leaving_no_history():
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


def open_file_name(parent: QWidget | None, title: str, folder: str, file_filter: str) -> str:
    """Which file to open (empty if cancelled)."""
    with _leaving_no_history():
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
    return path


def existing_directory(parent: QWidget | None, title: str, folder: str) -> str:
    """Which folder (empty if cancelled)."""
    with _leaving_no_history():
        return QFileDialog.getExistingDirectory(parent, title, folder)
