"""File dialogs leave no trace of the folders the learner chose in Qt's shared settings.

Qt's own file dialog writes the folders it showed (history, last folder) into the user's
QtProject settings when it closes, outside the data folder, where "Delete all my data"
cannot reach them. ui.file_dialogs puts those settings back as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from ui import file_dialogs

CANARY = "folder-canary-6620"


def _settings_file() -> Path:
    return Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName())


def _answer_by_keyboard(qtbot, text: str | None) -> None:
    """Once the file dialog is up: type `text` and press Enter, or press Escape (None)."""

    def answer() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(10, answer)
            return
        dialog = shown[0]
        if text is None:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return
        # Typed into the name field a completer pops up and takes the Enter; choosing
        # the file puts the same text there without it.
        dialog.selectFile(text)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize("kind", ["save", "open", "folder"])
def test_a_chosen_folder_is_not_remembered_in_qt_settings(qtbot, tmp_path, kind) -> None:
    earlier = QSettings(QSettings.Scope.UserScope, "QtProject")
    earlier.setValue("FileDialog/lastVisited", "file:///somewhere-earlier")
    earlier.setValue("Another/kept", "yes")
    earlier.sync()
    del earlier
    folder = tmp_path / f"reports {CANARY}"
    folder.mkdir()
    existing = folder / "report.pdf"
    existing.write_bytes(b"%PDF-1.4\n")

    if kind == "save":
        _answer_by_keyboard(qtbot, str(folder / "new.pdf"))
        chosen = file_dialogs.save_file_name(None, "Save", str(folder / "new.pdf"), "PDF (*.pdf)")
        assert chosen == str(folder / "new.pdf")
    elif kind == "open":
        _answer_by_keyboard(qtbot, str(existing))
        chosen = file_dialogs.open_file_name(None, "Open", str(folder), "PDF (*.pdf)")
        assert chosen == str(existing)
    else:
        _answer_by_keyboard(qtbot, str(folder))
        chosen = file_dialogs.existing_directory(None, "Choose", str(tmp_path))
        assert Path(chosen) == folder

    text = _settings_file().read_text(encoding="utf-8", errors="replace")
    assert CANARY not in text and "reports" not in text
    assert "somewhere-earlier" in text and "kept=yes" in text


def test_escape_cancels_and_leaves_nothing_either(qtbot, tmp_path) -> None:
    folder = tmp_path / f"notes {CANARY}"
    folder.mkdir()
    _answer_by_keyboard(qtbot, None)
    assert file_dialogs.open_file_name(None, "Open", str(folder), "All files (*)") == ""
    settings = _settings_file()
    assert not settings.exists() or CANARY not in settings.read_text(errors="replace")
