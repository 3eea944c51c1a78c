"""The learner's privacy in the window: quick-hide, locking and unlocking, the
passphrase, and exporting or deleting the data.

The widgets are elsewhere (the cover and the idle watcher in `ui.privacy`, the cover's
logic in `ui.quick_hide`, the unlock page in `ui.unlock`); this object decides what
happens, over the store's life cycle (`ui.session.StoreSession`).

Signals:
    locked()             the window was locked (store closed, unlock page shown)
    passphrase_changed() the passphrase was set, changed or removed (or that failed)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui import messages
from ui.privacy import IdleWatcher
from ui.progress import DEFAULT_AUTO_LOCK
from ui.quick_hide import QuickHide
from ui.workers import run_task

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.privacy import PrivacyCover
    from ui.progress import ProgressSnapshot
    from ui.unlock import UnlockPage


class PrivacyController(QObject):
    locked = Signal()
    passphrase_changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.life = window.session.store_life
        self.auto_lock = DEFAULT_AUTO_LOCK  # minutes; 0 is off
        self._unlock_page: UnlockPage | None = None
        self.quick_hide = QuickHide(
            window,
            lambda: (window.top, window.menuBar()),
            lambda: self.lock(messages.LOCKED_ON_HIDE),
        )
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        life = self.life
        life.opened.connect(self._on_store_opened)
        life.closed.connect(self._on_store_closed)
        life.passphrase_needed.connect(self._show_unlock)
        life.wrong_passphrase.connect(lambda text: self.unlock_page.show_error(text))
        life.passphrase_changed.connect(self._on_passphrase_changed)
        life.passphrase_failed.connect(self._on_passphrase_failed)

    # -- quick-hide -------------------------------------------------------------------
    @property
    def cover(self) -> PrivacyCover:
        return self.quick_hide.cover

    def is_covered(self) -> bool:
        return self.quick_hide.is_covered()

    def toggle_cover(self) -> None:
        self.quick_hide.toggle()

    def cover_window(self) -> None:
        self.quick_hide.cover_window()

    def uncover(self) -> None:
        self.quick_hide.uncover()

    @property
    def lock_on_hide(self) -> bool:
        return self.quick_hide.lock_on_hide

    @lock_on_hide.setter
    def lock_on_hide(self, on: bool) -> None:
        self.quick_hide.lock_on_hide = bool(on)

    # -- locking ----------------------------------------------------------------------
    def lock(self, hint: str = messages.LOCKED_HINT) -> None:
        """Auto-lock (or Lock now, or on hiding): close the store and ask for the passphrase.

        `hint` is what the unlock page says about why it is locked.
        """
        if not self.life.encrypted:
            return
        self.window.pages.leave_all()
        self.uncover()
        self.window.close_dialogs()  # nothing may stay open over the lock
        self.idle.pause()
        self.window.pages.make_current("home")
        self.life.lock(hint)  # closed, then passphrase_needed: the unlock page
        self.locked.emit()

    def set_auto_lock(self, minutes: int) -> None:
        self.auto_lock = max(0, int(minutes))
        self.update_idle()

    def update_idle(self) -> None:
        on = self.life.encrypted and self.auto_lock > 0
        self.idle.set_minutes(self.auto_lock if on else 0)

    def _update_lock_action(self) -> None:
        self.window.commands["lock"].setEnabled(self.life.encrypted)

    @property
    def unlock_page(self) -> UnlockPage:
        """The page under the cover while locked, made on first use."""
        if self._unlock_page is None:
            from ui.unlock import UnlockPage

            self._unlock_page = UnlockPage()
            self._unlock_page.unlock_requested.connect(self._unlock)
            self._unlock_page.forgot_requested.connect(self._forgot_passphrase)
            self.window.top.addWidget(self._unlock_page)
        return self._unlock_page

    def _show_unlock(self, hint: str) -> None:
        page = self.unlock_page
        page.reset()
        page.set_hint(hint)
        self.window.top.setCurrentWidget(page)
        self.window.commands.set_locked(True)
        page.passphrase.setFocus()

    def _unlock(self, passphrase: str) -> None:
        if not self.life.is_opening:
            self.unlock_page.set_busy(True)
            self.life.unlock(passphrase)

    def _forgot_passphrase(self) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from ui.settings import DeleteConfirmDialog

        QMessageBox.information(self.window, messages.APP_TITLE, messages.FORGOT_PASSPHRASE)
        if DeleteConfirmDialog(self.window).exec() == QDialog.DialogCode.Accepted:
            self.delete_all_data()

    def _on_store_opened(self, _snapshot: ProgressSnapshot | None) -> None:
        if self._unlock_page is not None:
            self._unlock_page.reset()
        self.window.show_main_page()
        self.window.commands.set_locked(False)
        self.update_idle()
        self._update_lock_action()

    def _on_store_closed(self) -> None:
        self.idle.set_minutes(0)
        self._update_lock_action()

    # -- the passphrase ---------------------------------------------------------------
    def change_passphrase(self, current: str | None, new: str | None) -> None:
        """Set (current None), change, or remove (new None) the passphrase, off the GUI thread."""
        if not self.life.change_passphrase(current, new):
            self.window.show_message(messages.STORE_NOT_OPEN)

    def _on_passphrase_changed(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)
        self._after_passphrase_change()

    def _on_passphrase_failed(self, text: str) -> None:
        self.window.show_message(text)
        self._after_passphrase_change()

    def _after_passphrase_change(self) -> None:
        self._update_lock_action()
        self.update_idle()
        self.passphrase_changed.emit()

    # -- export and delete --------------------------------------------------------------
    def export_data(self) -> None:
        from ui.file_dialogs import existing_directory

        if self.life.store is None:
            self.window.show_message(messages.STORE_NOT_OPEN)
            return
        folder = existing_directory(self.window, "Export my data", str(Path.home()))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        store = self.life.store
        assert store is not None
        show = self.window.show_message
        run_task(
            lambda: store.export_all(folder),
            lambda out: show(messages.EXPORT_DONE.format(folder=out)),
            lambda _e: show(messages.EXPORT_FAILED),
        )

    def delete_all_data(self) -> None:
        """After the typed confirmation: delete everything, then start again with fresh data."""
        if not self.life.delete_everything():
            # What is left opens again, so the window keeps saving while they try again.
            self.window.show_main_page()
            self.life.start()
            self.window.show_message(messages.DELETE_FAILED)
            return
        self.window.statusBar().showMessage(messages.DELETE_DONE, 8000)
        self.window.show_main_page()
        self.life.start()

    def stop(self) -> None:
        """The window is closing."""
        self.idle.stop()
        self.quick_hide.keys.stop()
