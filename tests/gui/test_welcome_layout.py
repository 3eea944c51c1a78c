"""The welcome shows every wrapped line: each label is as tall as its text needs at its
width (under a bare X server with no window manager the last lines were cut off)."""

from __future__ import annotations

from app_window import TIMEOUT, start
from PySide6.QtWidgets import QApplication, QLabel

from ui.first_run import FirstRunDialog


def clipped_labels(dialog) -> list[str]:
    clipped = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisible() or not label.wordWrap():
            continue
        needed = label.heightForWidth(label.width())
        if label.height() < needed:
            clipped.append(f"{label.text()[:40]!r}: {label.height()} < {needed}")
    return clipped


def test_the_welcome_shows_every_line_of_its_text(qtbot, data_paths) -> None:
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    dialog = window.first_run_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    try:
        # Fonts and the theme settle after the first show; then nothing may stay cut off.
        qtbot.waitUntil(lambda: clipped_labels(dialog) == [], timeout=TIMEOUT)
        # The inline reason appears below: still nothing cut off.
        dialog.explain_choice()
        qtbot.waitUntil(lambda: dialog.choice_hint.isVisible())
        qtbot.waitUntil(lambda: clipped_labels(dialog) == [], timeout=TIMEOUT)
    finally:
        dialog.accept_without_passphrase()
