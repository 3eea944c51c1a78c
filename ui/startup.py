"""The start-up order, and what happens each time the store opens or fails to.

Order (see DESIGN.md and issue 4): the window is painted with the course first (the
loader is cheap, or the course comes from its cache), with the learner's progress from a
read-only look at a plain database when there is one; then the store is opened off the
GUI thread and the learner's progress is filled in. An encrypted profile shows the
unlock page instead; a damaged one is explained and its newest backup offered; a new
profile gets the welcome.

Signals:
    painted()         the first paint with the course shown
    progress_shown()  the learner's progress is first shown (quick read or store)
    ready()           the store is open and progress is shown
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui import messages

if TYPE_CHECKING:
    from ui.first_run import FirstRunDialog
    from ui.main_window import MainWindow
    from ui.progress import ProgressSnapshot


class Startup(QObject):
    painted = Signal()
    progress_shown = Signal()
    ready = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.first_paint_done = False
        self.first_run_dialog: FirstRunDialog | None = None
        self.welcome = True  # False: a new profile gets no welcome (a throwaway preview)
        self._progress_shown = False
        self._quick_progress_shown = False
        self._after_paint: list[Callable[[], None]] = []
        life = self.session.store_life
        life.opened.connect(self._store_opened)
        life.corrupt.connect(self._offer_backup)

    def after_first_paint(self, task: Callable[[], None]) -> None:
        """Run `task` once the first frame is on screen (at once if it already is)."""
        if self.first_paint_done:
            task()
        else:
            self._after_paint.append(task)

    def show_quick_progress(self) -> None:
        """Show progress from a read-only look at the database until the store is open.

        Opening the store waits for SQLAlchemy's import (about half a second); reading a
        plain database with sqlite3 takes milliseconds. The store replaces what is shown
        here as soon as it is open, and everything that writes waits for it.
        """
        snapshot = self.session.progress.quick_read()
        if snapshot is not None:
            # The learner's own theme and text size from the first frame, not a restyle later.
            self.window.appearance.apply_settings(snapshot.settings)
            self.session.progress.show(snapshot)
            self._quick_progress_shown = True  # progress_shown follows the first paint

    def first_paint(self) -> None:
        """Called (queued) after the window's first paint event."""
        self.first_paint_done = True
        self.painted.emit()
        if self.session.store_life.shutting_down:
            return
        if self._quick_progress_shown:
            self._note_progress_shown()
        # The store's worker starts first, so its imports overlap the rest of this.
        self.session.store_life.start()
        self.session.current.allow_background_work()
        tasks, self._after_paint = self._after_paint, []
        for task in tasks:
            task()

    def _note_progress_shown(self) -> None:
        if not self._progress_shown:
            self._progress_shown = True
            self.progress_shown.emit()

    def _store_opened(self, snapshot: ProgressSnapshot | None) -> None:
        progress = self.session.progress
        if snapshot is not None and self.session.course is not None:
            progress.show(snapshot)  # read again if the course changed meanwhile
        else:
            progress.refresh()
        self._note_progress_shown()
        self.ready.emit()
        life = self.session.store_life
        if self.welcome and life.first_run and not life.shutting_down:
            self.show_first_run()

    # -- a damaged store --------------------------------------------------------------
    def _offer_backup(self, error: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        window = self.window
        window.show_main_page()
        backups = list(getattr(error, "backups", ()))
        life = self.session.store_life
        if not backups:
            window.show_message(messages.STORE_CORRUPT + "\n\n" + messages.STORE_CORRUPT_NO_BACKUP)
            life.start()
            return
        when = f"{backups[0].made_on:%d %B %Y}"
        answer = QMessageBox.question(
            window,
            messages.APP_TITLE,
            messages.STORE_CORRUPT + "\n\n" + messages.STORE_CORRUPT_BACKUP.format(when=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            text = life.restore_newest_backup(error)
            if text == messages.RESTORE_FAILED:
                window.show_message(text)
            else:
                window.show_notice(text)
        life.start()

    # -- the welcome ------------------------------------------------------------------
    def show_first_run(self) -> None:
        from course.paths import WORKSPACE_PROFILE
        from ui.first_run import FirstRunDialog

        in_workspace = self.window.paths.profile == WORKSPACE_PROFILE
        dialog = FirstRunDialog(
            self.window, offer_workspace=not in_workspace, workspace=in_workspace
        )
        dialog.help_requested.connect(self.window.lesson_pages.open_crisis_lesson)
        dialog.accepted.connect(lambda d=dialog: self._first_run_done(d.passphrase(), d))
        dialog.rejected.connect(lambda: self._first_run_done(None))
        self.first_run_dialog = dialog
        self.window.show_dialog(dialog)

    def _first_run_done(self, passphrase: str | None, dialog: Any = None) -> None:
        if dialog is not None and dialog.workspace_chosen:
            # This profile's welcome waits for the day it is opened for learning.
            self.window.profile_switch.open_other()
            return
        self.session.store_life.finish_first_run()
        if passphrase:
            self.window.privacy.change_passphrase(None, passphrase)
