"""Start-up when things go wrong: a damaged store without backups, a store that can't be
opened, a forgotten passphrase, and the About box. Always plain words, never a traceback."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start, visible_dialogs
from PySide6.QtWidgets import QMessageBox

from course.store.api import StoreCorrupt, StoreUnavailable
from ui import messages
from ui.app import build_window
from ui.settings import DeleteConfirmDialog


def test_damaged_store_without_backup_starts_fresh_and_says_so(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.store.close()
    life = window.session.store_life
    life.store = None
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        life.open_failed(StoreCorrupt(data_paths.database.with_suffix(".damaged"), []))
    box = next(d for d in visible_dialogs() if isinstance(d, QMessageBox))
    assert messages.STORE_CORRUPT_NO_BACKUP in box.text()
    assert "Traceback" not in box.text()
    box.accept()
    assert window.store is not None


def test_unavailable_store_leaves_the_lessons_usable(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.store.close()
    life = window.session.store_life
    life.store = None
    with qtbot.waitSignal(window.store_failed) as blocker:
        life.open_failed(StoreUnavailable("the disk is full"))
    assert "free space" in blocker.args[0]
    assert window.notice.isVisible() and "disk is full" in window.notice.text()
    window.open_lesson("how-this-course-works")
    assert window.pages.currentWidget() is window.lesson_page


def test_unexpected_error_is_shown_in_plain_words(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.store.close()
    life = window.session.store_life
    life.store = None
    with qtbot.waitSignal(window.store_failed) as blocker:
        life.open_failed(RuntimeError("sqlite3.OperationalError: something internal"))
    assert blocker.args == [messages.STORE_UNAVAILABLE]
    assert "sqlite3" not in window.notice.text()


def test_forgotten_passphrase_can_start_over(qtbot, data_paths, monkeypatch):
    prepare_store(data_paths, passphrase="lost words")
    window = build_window(data_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))

    def confirm(self: DeleteConfirmDialog) -> int:
        self.word.setText(messages.DELETE_CONFIRM_WORD)
        self.delete_button.click()
        return int(self.result())

    monkeypatch.setattr(DeleteConfirmDialog, "exec", confirm)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.unlock_page.forgot_button.click()
    assert told == [messages.FORGOT_PASSPHRASE]
    assert window.store is not None and not window.store.encrypted
    qtbot.waitUntil(lambda: window.first_run_dialog.isVisible())
    window.first_run_dialog.accept_without_passphrase()


def test_forgotten_passphrase_cancelled_changes_nothing(qtbot, data_paths, monkeypatch):
    prepare_store(data_paths, passphrase="lost words")
    window = build_window(data_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    monkeypatch.setattr(DeleteConfirmDialog, "exec", lambda self: 0)
    window.unlock_page.forgot_button.click()
    assert data_paths.database.exists()
    assert window.top.currentWidget() is window.unlock_page


def test_about_box(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.commands["about"].trigger()
    box = next(d for d in visible_dialogs() if isinstance(d, QMessageBox))
    assert "F12" in box.text() and "offline" in box.text()
    box.accept()
