"""Quick-hide covers everything at once; auto-lock closes the store until the passphrase."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QToolButton


def test_quick_hide_key_covers_the_whole_window_and_toggles_back(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.open_lesson("how-this-course-works")
    window.outline.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.privacy.is_covered()
    assert window.privacy.cover.geometry() == window.rect()
    assert window.privacy.cover.isVisible()
    # Nothing underneath can take keystrokes while covered, the menu bar included.
    assert not window.top.isEnabled() and not window.menuBar().isEnabled()
    assert QApplication.focusWidget() in (window.privacy.cover, None)  # the cover holds the keys
    window.resize(window.width() + 40, window.height() + 30)
    assert window.privacy.cover.geometry() == window.rect()
    qtbot.keyClick(window.privacy.cover.show_button, Qt.Key.Key_F12)
    assert not window.privacy.is_covered()
    assert window.top.isEnabled() and window.menuBar().isEnabled()


def test_quick_hide_second_key_and_show_button(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    qtbot.keyClick(
        window,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.privacy.is_covered()
    window.privacy.cover.show_button.click()
    assert not window.privacy.is_covered()


def test_navigation_hide_button_hides(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    button = window.navigation.button_for(window.commands["hide"])
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.privacy.is_covered()
    window.privacy.uncover()


def test_auto_lock_after_idle_closes_the_store_until_the_passphrase(qtbot, data_paths):
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    assert window.privacy.idle.minutes == window.preferences.auto_lock_minutes() > 0
    store = window.store
    window.open_lesson("how-this-course-works")
    with qtbot.waitSignal(window.locked, timeout=TIMEOUT):
        window.privacy.idle.set_interval_ms(30)
    assert window.store is None and store is not None and store.closed
    assert window.top.currentWidget() is window.unlock_page
    assert "Locked" in window.unlock_page.body.text()
    assert window.outline_model.status("how-this-course-works").value == "not_started"
    window.unlock_page.passphrase.setText("still water")
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.unlock_page.unlock_button.click()
    assert window.store is not None and window.privacy.idle.is_active()


def test_input_resets_the_idle_timer(qtbot, data_paths):
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    restarts: list[int] = []

    class CountingTimer:
        """Stands in for the QTimer so the test counts restarts instead of timing them."""

        def isActive(self) -> bool:
            return True

        def start(self, *args: int) -> None:
            restarts.append(len(args))

    real = window.privacy.idle._timer
    window.privacy.idle._timer = CountingTimer()  # type: ignore[assignment]
    try:
        qtbot.keyClick(window.outline, Qt.Key.Key_Down)
        qtbot.mouseClick(window.outline.viewport(), Qt.MouseButton.LeftButton)
    finally:
        window.privacy.idle._timer = real
    assert len(restarts) >= 2


def test_no_auto_lock_without_a_passphrase(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    assert not window.privacy.idle.is_active()
    assert not window.commands["lock"].isEnabled()
    window.privacy.lock()
    assert window.store is not None


def test_lock_now(qtbot, data_paths):
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    with qtbot.waitSignal(window.locked):
        qtbot.keyClick(
            window,
            Qt.Key.Key_L,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert window.top.currentWidget() is window.unlock_page
    # Nothing that shows, exports or deletes the data is reachable until it is unlocked.
    assert not window.commands["settings"].isEnabled()
    assert not window.commands["journal"].isEnabled() and not window.commands["export"].isEnabled()
    assert window.commands["hide"].isEnabled()


def test_quick_hide_from_a_dialog_hides_the_dialog_too(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.preferences.show_settings()
    dialog = window.preferences.dialog
    assert dialog.isVisible()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_F12)
    assert window.privacy.is_covered() and not dialog.isVisible()
    qtbot.keyClick(window.privacy.cover.show_button, Qt.Key.Key_F12)
    assert not window.privacy.is_covered() and dialog.isVisible()
    dialog.reject()


def test_auto_lock_closes_open_dialogs(qtbot, data_paths):
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    window.preferences.show_settings()
    assert window.preferences.dialog.isVisible()
    with qtbot.waitSignal(window.locked, timeout=TIMEOUT):
        window.privacy.idle.set_interval_ms(30)
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
