"""Privacy and safety flows by keyboard: the welcome never skips the passphrase silently,
and quick-hide is undone only by its own key (or the passphrase)."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start, visible_dialogs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from course.store.api import is_encrypted
from ui import messages
from ui.first_run import FirstRunDialog
from ui.progress import SETTING_FIRST_RUN


def welcome(qtbot, data_paths):
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    dialog = window.first_run_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window, dialog


def type_into(qtbot, text: str) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


# --- the welcome ----------------------------------------------------------------------------


def test_the_help_button_is_never_what_enter_presses(qtbot, data_paths) -> None:
    _window, dialog = welcome(qtbot, data_paths)
    assert not dialog.help_button.autoDefault() and not dialog.help_button.isDefault()
    assert QApplication.focusWidget() is not dialog.help_button
    dialog.fields.first.setText("tide pools")
    dialog.fields.second.setText("tide pools")
    dialog.help_button.setFocus()  # even with the keyboard on it, Enter is not "help"
    dialog.fields.second.setFocus()
    assert dialog.start_button.isDefault()
    dialog.help_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.choice_hint.isVisible()  # explained, not skipped
    assert _window.pages.currentWidget() is _window.home
    dialog.accept_without_passphrase()


def test_enter_in_the_second_field_sets_the_passphrase_and_lands_on_home(qtbot, data_paths) -> None:
    window, dialog = welcome(qtbot, data_paths)
    assert QApplication.focusWidget() is dialog.fields.first  # ready to type
    type_into(qtbot, "tide pools")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.fields.second
    type_into(qtbot, "tide pools")
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)
    assert visible_dialogs() == []
    assert window.pages.currentWidget() is window.home  # Home, not the crisis lesson
    assert window.store is not None and window.store.encrypted
    assert is_encrypted(data_paths.database)


def test_enter_with_a_short_passphrase_stays_and_says_why(qtbot, data_paths) -> None:
    window, dialog = welcome(qtbot, data_paths)
    type_into(qtbot, "tide")
    press(qtbot, Qt.Key.Key_Tab)
    type_into(qtbot, "tide")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.fields.error.isVisible()
    assert dialog.fields.error.text() == messages.PASSPHRASE_TOO_SHORT.format(n=6)
    assert window.pages.currentWidget() is window.home
    assert window.store is not None and not window.store.encrypted
    assert window.store.get_setting(SETTING_FIRST_RUN) is not True
    # Enter in the first field says so too, and a mismatch is named as such.
    dialog.fields.first.setText("tide pools")
    dialog.fields.second.setText("tide pool")
    dialog.fields.first.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.fields.error.text() == messages.PASSPHRASE_MISMATCH
    dialog.accept_without_passphrase()


def test_escape_does_not_skip_the_passphrase_silently(qtbot, data_paths) -> None:
    window, dialog = welcome(qtbot, data_paths)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.choice_hint.isVisible()
    assert "without a passphrase" in dialog.choice_hint.text()
    assert window.store is not None and window.store.get_setting(SETTING_FIRST_RUN) is not True
    # Going on without one is a choice made on purpose: untick, then Start.
    assert QApplication.focusWidget() is dialog.use_passphrase
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.start_button.text() == "Start without a passphrase"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: visible_dialogs() == [])
    assert window.store.get_setting(SETTING_FIRST_RUN) is True
    assert not window.store.encrypted


def test_the_help_button_still_opens_help_and_keeps_the_welcome_for_later(
    qtbot, data_paths
) -> None:
    window, dialog = welcome(qtbot, data_paths)
    dialog.help_button.click()
    assert window.lesson_page.lesson is not None
    assert window.lesson_page.lesson.id == "getting-help"


# --- quick-hide -----------------------------------------------------------------------------


def test_f12_then_space_or_enter_leaves_the_window_covered(qtbot, data_paths) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.open_lesson("how-this-course-works")
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.privacy.is_covered()
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, key)
        assert window.privacy.is_covered(), f"{key} uncovered the window"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert not window.privacy.is_covered()


def test_lock_on_hide_locks_when_a_passphrase_is_set(qtbot, data_paths) -> None:
    prepare_store(data_paths, passphrase="still water", lock_on_hide=True)
    window = start(qtbot, data_paths, passphrase="still water")
    assert window.preferences.lock_on_hide()
    with qtbot.waitSignal(window.locked, timeout=TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.privacy.is_covered()
    assert window.store is None
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert not window.privacy.is_covered()
    assert window.top.currentWidget() is window.unlock_page  # the passphrase uncovers the rest
    assert window.unlock_page.body.text().startswith(messages.LOCKED_ON_HIDE.split(".")[0])


def test_without_lock_on_hide_the_store_stays_open(qtbot, data_paths) -> None:
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    assert not window.preferences.lock_on_hide()
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.privacy.is_covered() and window.store is not None
    window.preferences.set_lock_on_hide(True)
    assert window.store.get_setting("lock_on_hide") is True
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert not window.privacy.is_covered()


def test_lock_now_says_it_was_locked_on_request(qtbot, data_paths) -> None:
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    with qtbot.waitSignal(window.locked, timeout=TIMEOUT):
        window.commands["lock"].trigger()
    text = window.unlock_page.body.text()
    assert "quiet while" not in text
    assert text == messages.LOCKED_NOW or messages.LOCKED_NOW in text


def test_lock_on_hide_is_offered_in_settings_only_with_a_passphrase(qtbot, data_paths) -> None:
    prepare_store(data_paths, passphrase="still water")
    window = start(qtbot, data_paths, passphrase="still water")
    window.preferences.show_settings()
    dialog = window.preferences.dialog
    box = dialog.lock_on_hide
    assert box.isEnabled() and not box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert window.preferences.lock_on_hide() and window.store.get_setting("lock_on_hide") is True
    assert dialog.auto_lock.suffix() == " minutes"
    dialog.auto_lock.setValue(1)
    assert dialog.auto_lock.suffix() == " minute"  # never "1 minutes"
    dialog.reject()


def test_lock_on_hide_is_off_without_a_passphrase(qtbot, data_paths) -> None:
    prepare_store(data_paths, lock_on_hide=True)
    window = start(qtbot, data_paths)
    window.preferences.show_settings()
    assert not window.preferences.dialog.lock_on_hide.isEnabled()
    window.preferences.dialog.reject()
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.privacy.is_covered() and window.store is not None  # nothing to lock: just covered
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert not window.privacy.is_covered()
