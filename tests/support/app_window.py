"""Helpers for tests that drive the whole main window: a prepared profile, a started window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from course.paths import DataPaths
from course.store.api import open_store
from ui.app import build_window
from ui.main_window import MainWindow
from ui.progress import SETTING_FIRST_RUN

TIMEOUT = 20000  # ms; generous, because CI machines are slow, and waits end on a signal


def prepare_store(paths: DataPaths, passphrase: str | None = None, **settings: object) -> None:
    """A profile that has been through the welcome already (and maybe has a passphrase)."""
    store = open_store(paths, backup_at_open=False)
    store.set_setting(SETTING_FIRST_RUN, True)
    for key, value in settings.items():
        store.set_setting(key, value)  # type: ignore[arg-type]
    if passphrase:
        store.set_passphrase(passphrase)
    store.close()


def start(
    qtbot, paths: DataPaths, *, wait_ready: bool = True, passphrase: str | None = None
) -> MainWindow:
    """Build and show the window; wait until it is ready (unlocking it with `passphrase`)."""
    window = build_window(paths)
    qtbot.addWidget(window)
    if not wait_ready:
        window.show()
        return window
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
        if passphrase:
            qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
            window.unlock_page.passphrase.setText(passphrase)
            window.unlock_page.unlock_button.click()
    return window


def visible_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
