"""Settings: comfort values and the Privacy page (folder, passphrase, auto-lock, export, delete)."""

from __future__ import annotations

import pytest
from app_window import TIMEOUT, prepare_store, visible_dialogs
from PySide6.QtCore import Qt

from course.store.api import is_encrypted, open_store
from ui import messages
from ui.app import build_window
from ui.main_window import MainWindow
from ui.session import CRISIS_LESSON_ID
from ui.settings import DeleteConfirmDialog, PassphraseDialog, SettingsDialog


@pytest.fixture
def window(qtbot, data_paths) -> MainWindow:
    prepare_store(data_paths)
    w = build_window(data_paths)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=TIMEOUT):
        w.show()
    return w


def open_settings(window: MainWindow) -> SettingsDialog:
    window.commands["settings"].trigger()
    dialog = window.preferences.dialog
    assert dialog.isVisible()
    return dialog


def test_privacy_page_shows_the_data_folder_and_warning(window, data_paths):
    dialog = open_settings(window)
    assert dialog.folder.text() == str(data_paths.profile_dir)
    page_text = " ".join(
        label.text() for label in dialog.tabs.widget(1).findChildren(type(dialog.folder))
    )
    assert "no way to recover" in page_text
    assert "not protected" in dialog.passphrase_state.text()
    assert not dialog.set_button.isHidden() and dialog.change_button.isHidden()
    assert not dialog.auto_lock.isEnabled()  # auto-lock needs a passphrase
    dialog.reject()


def test_comfort_values_go_to_the_store(window):
    dialog = open_settings(window)
    dialog.text_size.setValue(14)
    assert window.store.get_setting("text_size") == 14
    dialog.theme.setCurrentIndex(dialog.theme.findData("high-contrast"))
    dialog.theme.activated.emit(dialog.theme.currentIndex())
    assert window.store.get_setting("theme") == "high-contrast"
    assert window.preferences.theme_name() == "high-contrast"
    window.preferences.set_theme("light")
    window.preferences.set_text_size(11)
    dialog.reject()


def test_set_change_and_remove_the_passphrase(qtbot, window, data_paths, monkeypatch):
    dialog = open_settings(window)
    answers = iter(
        [
            (None, "first words"),
            ("first words", "second words"),
            ("second words", None),
        ]
    )

    def fake_exec(self: PassphraseDialog) -> int:
        current, new = next(answers)
        if self.current is not None:
            self.current.setText(current)
        if self.fields is not None:
            self.fields.first.setText(new)
            self.fields.second.setText(new)
        self._on_accept()
        return int(self.result())

    monkeypatch.setattr(PassphraseDialog, "exec", fake_exec)
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        dialog.set_button.click()
    assert is_encrypted(data_paths.database) and window.preferences.has_passphrase()
    assert not dialog.change_button.isHidden() and dialog.auto_lock.isEnabled()
    dialog.auto_lock.setValue(3)
    assert window.store.get_setting("auto_lock_minutes") == 3 and window.privacy.idle.is_active()
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        dialog.change_button.click()
    assert window.store.encrypted
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        dialog.remove_button.click()
    assert not is_encrypted(data_paths.database) and not window.preferences.has_passphrase()
    assert not window.privacy.idle.is_active()
    dialog.reject()


def test_wrong_current_passphrase_changes_nothing(qtbot, window, data_paths):
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        window.privacy.change_passphrase(None, "first words")
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        window.privacy.change_passphrase("not these", "other words")
    box = next(d for d in visible_dialogs())
    assert messages.PASSPHRASE_FAILED in box.text()
    box.accept()
    window.store.close()
    assert open_store(data_paths, "first words", backup_at_open=False).encrypted


def test_delete_needs_the_typed_word(qtbot):
    dialog = DeleteConfirmDialog()
    qtbot.addWidget(dialog)
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.word, "delete")
    assert not dialog.delete_button.isEnabled()
    dialog.word.setText(messages.DELETE_CONFIRM_WORD)
    assert dialog.delete_button.isEnabled()


def _welcomed_again(qtbot, window: MainWindow) -> None:
    """A fresh profile is welcomed again; the welcome is closed without a passphrase."""
    qtbot.waitUntil(
        lambda: (
            getattr(window, "first_run_dialog", None) is not None
            and window.first_run_dialog.isVisible()
        )
    )
    window.first_run_dialog.accept_without_passphrase()


def test_delete_all_my_data_starts_fresh(qtbot, window, data_paths, monkeypatch):
    window.store.visit_lesson(window.course, "how-this-course-works")
    window.store.save_reflection(window.course, "how-this-course-works", "r", "p", "private words")
    dialog = open_settings(window)

    def fake_exec(self: DeleteConfirmDialog) -> int:
        self.word.setText(messages.DELETE_CONFIRM_WORD)
        self.delete_button.click()
        return int(self.result())

    monkeypatch.setattr(DeleteConfirmDialog, "exec", fake_exec)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        dialog.delete_button.click()
    assert window.store is not None
    assert window.store.reflections() == []
    assert window.store.lesson_states(window.course.id) == {}
    dialog.reject()
    _welcomed_again(qtbot, window)


def test_a_delete_that_fails_halfway_opens_what_is_left_again(
    qtbot, window, data_paths, monkeypatch
):
    # Before, the store stayed closed: nothing the learner did afterwards was saved.
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    window.store.save_reflection(window.course, "how-this-course-works", "r", "p", "kept words")
    held, unlink = data_paths.database, Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == held:  # another program holds it (Windows)
            raise PermissionError(13, "in use", str(self))
        unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    dialog = open_settings(window)
    monkeypatch.setattr(
        DeleteConfirmDialog, "exec", lambda self: int(DeleteConfirmDialog.DialogCode.Accepted)
    )
    dialog.delete_button.click()

    qtbot.waitUntil(lambda: window.store is not None, timeout=TIMEOUT)
    shown = [d for d in visible_dialogs() if isinstance(d, QMessageBox)]
    assert [d.text() for d in shown] == [messages.DELETE_FAILED]
    assert [r.text for r in window.store.reflections()] == ["kept words"]
    assert not data_paths.window_settings.exists()  # the rest went all the same
    window.store.visit_lesson(window.course, "how-this-course-works")  # and it saves again
    qtbot.keyClick(shown[0], Qt.Key.Key_Return)  # Enter closes the message
    assert not shown[0].isVisible()
    dialog.reject()


def _when_modal(kind: type, then) -> None:
    """Run `then(dialog)` once a `kind` dialog is the modal one (it runs its own loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and QApplication.activeWindow() is dialog:
            try:
                then(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()  # never left waiting, whatever `then` found
        else:
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)


def test_delete_by_keyboard_removes_the_course_cache_and_the_app_starts_again(
    qtbot, window, data_paths
):
    from PySide6.QtWidgets import QApplication

    window.store.save_reflection(window.course, "how-this-course-works", "r", "p", "my words")
    cache = data_paths.cache
    # The course is cached off the GUI thread after the first start.
    qtbot.waitUntil(lambda: any(cache.glob("course-*.card.json")), timeout=TIMEOUT)
    dialog = open_settings(window)
    dialog.tabs.setCurrentIndex(1)
    dialog.delete_button.setFocus()
    seen: list[str] = []

    def escape(confirm: DeleteConfirmDialog) -> None:
        seen.append(confirm.findChild(type(dialog.folder)).text())
        qtbot.keyClicks(confirm.word, messages.DELETE_CONFIRM_WORD)
        qtbot.keyClick(confirm.word, Qt.Key.Key_Escape)

    _when_modal(DeleteConfirmDialog, escape)
    qtbot.keyClick(dialog.delete_button, Qt.Key.Key_Space)
    assert window.store is not None and any(cache.iterdir())  # Escape: nothing deleted
    assert "imported stay installed" in seen[0] and "which lessons you were on" in seen[0]

    def confirm_by_keyboard(confirm: DeleteConfirmDialog) -> None:
        assert QApplication.focusWidget() is confirm.word  # typing goes there at once
        qtbot.keyClicks(confirm.word, messages.DELETE_CONFIRM_WORD)
        for _ in range(4):  # Tab from the word to the Delete button (Cancel is the default)
            if QApplication.focusWidget() is confirm.delete_button:
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is confirm.delete_button
        qtbot.keyClick(confirm.delete_button, Qt.Key.Key_Space)

    _when_modal(DeleteConfirmDialog, confirm_by_keyboard)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        qtbot.keyClick(dialog.delete_button, Qt.Key.Key_Space)
    assert not cache.exists() and not data_paths.window_settings.exists()
    assert window.store is not None and window.store.reflections() == []
    dialog.reject()
    _welcomed_again(qtbot, window)
    window.close()

    # Started again on the emptied folder: the course loads and is cached again.
    again = build_window(data_paths)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.ready, timeout=TIMEOUT):
        again.show()
    assert again.course is not None and again.store is not None
    qtbot.waitUntil(lambda: any(cache.glob("course-*.card.json")), timeout=TIMEOUT)
    assert again.store.reflections() == []
    again.commands.page_actions["search"].trigger()  # the lesson index is made again too
    search = again.search_pages
    qtbot.keyClicks(search.view.field, "ashamed")
    qtbot.waitUntil(lambda: bool(search.view.hits()), timeout=TIMEOUT)


def test_export_my_data(qtbot, window, tmp_path):
    window.store.save_reflection(window.course, "how-this-course-works", "r", "p", "my words")
    window.privacy.export_to(tmp_path)
    qtbot.waitUntil(lambda: bool(visible_dialogs()), timeout=TIMEOUT)
    box = visible_dialogs()[0]
    assert "written to" in box.text()
    box.accept()
    exported = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert exported and any(exported[0].iterdir())


def test_region_is_chosen_by_keyboard_saved_and_followed_by_the_lesson_page(qtbot, window):
    dialog = open_settings(window)
    assert dialog.region.currentData() == "all" and window.preferences.region() == "all"
    dialog.region.setFocus()
    target = dialog.region.findData("uk")
    for _ in range(target):
        qtbot.keyClick(dialog.region, Qt.Key.Key_Down)
    assert dialog.region.currentData() == "uk"
    assert window.store.get_setting("region") == "uk"
    window.open_lesson(CRISIS_LESSON_ID)
    assert window.lesson_page.region == "uk"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    window.preferences.set_region("nowhere")  # an unknown value falls back to every region
    assert window.preferences.region() == "all" and window.lesson_page.region is None
    assert window.store.get_setting("region") == "all"


def test_the_saved_region_is_used_after_a_restart(qtbot, data_paths):
    prepare_store(data_paths, region="nz")
    window = build_window(data_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    qtbot.waitUntil(lambda: window.preferences.region() == "nz", timeout=TIMEOUT)
    window.open_lesson(CRISIS_LESSON_ID)
    text = window.lesson_page.browser.toPlainText()
    assert "1737" in text and "116 123" not in text


def test_follow_the_system_follows_its_contrast_preference(qtbot, window, monkeypatch) -> None:
    """ "Follow the system" is high contrast when the system asks for more contrast."""
    from PySide6.QtGui import QPalette

    from ui import theme

    monkeypatch.setattr(theme, "system_prefers_high_contrast", lambda: True)
    window.preferences.set_theme("system")
    assert theme.resolve_theme("system") == "high-contrast"
    window_colour = window.palette().color(QPalette.ColorRole.Window).name()
    assert window_colour == theme.COLOURS["high-contrast"]["window"]
    window.open_lesson("shame-and-guilt")
    assert window.lesson_page.theme == "high-contrast"  # the lesson text follows too
    monkeypatch.setattr(theme, "system_prefers_high_contrast", lambda: False)
    window.preferences.set_theme("system")
    assert theme.resolve_theme("system") in ("light", "dark")
