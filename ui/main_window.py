"""The main window: a thin frame around the main area, the menus and the dialogs.

What happens lives elsewhere: the application's state (current course, the store's
life cycle, progress) in `ui.session`, the start-up order in `ui.startup`, each page's
behaviour in `ui.pages` (registered in `ui.pages.PAGES`, stacked by `ui.page_stack`),
the navigation, notice line and reading mode in `ui.main_area`, the actions and menus
in `ui.actions`, quick-hide, locking, export and delete in `ui.privacy_controller`, the
learner's settings in `ui.preferences`. See docs/architecture.md.

Signals (for tests and the benchmark):
    painted()        the first paint with the course shown
    progress_shown() the learner's progress is first shown (from a quick read-only
                     look at the database, or from the store once it is open)
    ready()          the store is open and progress is shown
    store_failed(str) the store could not be opened (message already shown)
    locked()         the window was locked (store closed, unlock page shown)
    import_finished(bool) a course import ended (True when installed)
    passphrase_changed() the passphrase was set, changed or removed (or that failed)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from course.paths import DataPaths, shipped_content_dir
from ui import check_in_reminder, messages, theme
from ui.actions import Commands
from ui.appearance import Appearance
from ui.main_area import MainArea
from ui.page_stack import PageStack
from ui.pages import PAGES, Page
from ui.pages.lesson import LessonController
from ui.pages.library import LibraryController
from ui.pages.search import SearchController
from ui.preferences import Preferences
from ui.privacy_controller import PrivacyController
from ui.session import Session
from ui.startup import Startup
from ui.workspace_mode import ProfileSwitch

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from course.model import Course, LoadResult
    from course.store.api import ProgressStore
    from ui.assignments import AssignmentFeatures
    from ui.home import HomePage
    from ui.journal import JournalView
    from ui.lesson_view import LessonView
    from ui.library import LibraryPage
    from ui.unlock import UnlockPage

P = TypeVar("P", bound=Page)


class MainWindow(QMainWindow):
    painted = Signal()
    progress_shown = Signal()
    ready = Signal()
    store_failed = Signal(str)
    locked = Signal()
    import_finished = Signal(bool)
    passphrase_changed = Signal()
    commands: Commands
    pages: PageStack
    area: MainArea
    top: QStackedWidget
    privacy: PrivacyController
    preferences: Preferences

    def __init__(
        self,
        paths: DataPaths,
        *,
        content_dir: Path | None = None,
        open_file: str | None = None,
        course: tuple[Path, LoadResult] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.content_dir = content_dir or shipped_content_dir()
        self.open_file = open_file
        self._dialogs: list[QDialog] = []
        self._painted_once = False
        self.assignments: AssignmentFeatures | None = None  # set up after the first paint

        self.setWindowTitle(messages.APP_TITLE)  # neutral, always: never a lesson title
        self.setWindowIcon(QIcon(theme.icon_path("bridgework")))
        self.setObjectName("mainWindow")
        self.settings = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)
        self.session = Session(paths, self.content_dir, self.settings, self)
        self.appearance = Appearance(self)

        self.page_list: list[Page] = [
            page_type(self) for page_type in PAGES if page_type.available(paths.profile)
        ]
        self.pages = PageStack(self.page_list)
        self.commands = Commands(self, self.page_list, self.appearance)
        self.pages.page_changed.connect(self.commands.show_page_checked)
        self.main_page = self.area = MainArea(self.pages, self.commands)
        # The parts tests and pages reach for, named as before the split.
        self.outline, self.outline_model = self.area.outline, self.area.outline_model
        self.navigation, self.notice = self.area.navigation, self.area.notice
        self.reminder_bar, self.leave_reading = self.area.reminder_bar, self.area.leave_reading
        self.top = QStackedWidget()  # the main area, or the unlock page
        self.top.addWidget(self.area)
        self.setCentralWidget(self.top)

        self.privacy = PrivacyController(self)
        self.profile_switch = ProfileSwitch(self)  # File > the workspace, or back (issue 11)
        self.reminder = check_in_reminder.in_window(self)
        self.preferences = Preferences(self, self.reminder, self.privacy)
        self._connect()
        self.startup = Startup(self)  # after the frame's own handlers: ready comes last
        for name in ("painted", "progress_shown", "ready"):
            getattr(self.startup, name).connect(getattr(self, name))
        self.startup.after_first_paint(self.privacy.quick_hide.keys.start)
        self.startup.after_first_paint(self._setup_assignments)
        self._restore_geometry()
        if course is None:
            self.session.current.load_initial()
        else:  # `bridgework preview`: the course it loaded and checked, not the last one
            self.session.current.show_loaded(*course)
        self.startup.show_quick_progress()  # in the first frame already, when it can be read

    def _connect(self) -> None:
        session, life = self.session, self.session.store_life
        self.outline.lesson_activated.connect(self.open_lesson)
        self.lesson_pages.opened.connect(self.outline.select_lesson)
        self.privacy.locked.connect(self.locked)
        self.privacy.passphrase_changed.connect(self.passphrase_changed)
        self.library_pages.import_finished.connect(self.import_finished)
        session.current.changed.connect(self._on_course_changed)
        session.progress.changed.connect(lambda s: self.outline_model.set_statuses(s.statuses))
        session.progress.failed.connect(self.show_notice)
        life.closed.connect(self._on_store_closed)
        life.failed.connect(self._on_store_failed)

    def _setup_assignments(self) -> None:
        from ui.assignments import install

        self.assignments = install(self)

    # ------------------------------------------------------------------ state, for tests
    @property
    def store(self) -> ProgressStore | None:
        return self.session.store

    @property
    def course(self) -> Course | None:
        return self.session.course

    @property
    def course_root(self) -> Path | None:
        return self.session.current.root

    @property
    def first_run_dialog(self) -> QDialog | None:
        return self.startup.first_run_dialog

    @property
    def unlock_page(self) -> UnlockPage:
        return self.privacy.unlock_page

    def _controller(self, key: str, kind: type[P]) -> P:
        page = self.pages.page(key)
        assert isinstance(page, kind)
        return page

    @property
    def library_pages(self) -> LibraryController:
        return self._controller("library", LibraryController)

    @property
    def search_pages(self) -> SearchController:
        return self._controller("search", SearchController)

    @property
    def lesson_pages(self) -> LessonController:
        return self._controller("lesson", LessonController)

    @property
    def home(self) -> HomePage:
        return self.pages.widget_for("home")  # type: ignore[return-value]

    @property
    def library(self) -> LibraryPage:
        return self.pages.widget_for("library")  # type: ignore[return-value]

    @property
    def lesson_page(self) -> LessonView:
        return self.pages.widget_for("lesson")  # type: ignore[return-value]

    @property
    def journal_page(self) -> JournalView:
        return self.pages.widget_for("journal")  # type: ignore[return-value]

    # ------------------------------------------------------------------ pages (PageHost)
    def page(self, key: str) -> Page:
        return self.pages.page(key)

    def current_page(self) -> Page | None:
        return self.pages.current()

    def show_page(self, key: str) -> None:
        self.pages.show_page(key)

    def show_home(self) -> None:
        self.pages.show_page("home")

    def show_library(self) -> None:
        self.pages.show_page("library")

    def show_journal(self) -> None:
        self.pages.show_page("journal")

    def open_lesson(self, lesson_id: str, step: int | None = None) -> None:
        self.lesson_pages.open_lesson(lesson_id, step)

    def switch_course(self, root: Path) -> None:
        self.session.current.load(root)

    def import_course_from(self, source: Path) -> None:
        self.library_pages.import_course_from(source)

    def refresh_progress(self) -> None:
        self.session.progress.refresh()
        if self.assignments is not None and self.store is not None:
            self.assignments.refresh()

    def _on_course_changed(self) -> None:
        course = self.session.course
        if course is None:
            self.show_notice(messages.NO_COURSE)
        ahead = self.session.current.progress_ahead  # read with the course, if it was
        self.area.set_course(course, ahead.statuses if ahead is not None else None)
        self.show_home()

    # ------------------------------------------------------------------ the store
    def show_main_page(self) -> None:
        self.top.setCurrentWidget(self.area)

    def _on_store_closed(self) -> None:
        self.session.progress.clear()

    def _on_store_failed(self, text: str) -> None:
        self.show_main_page()
        self.show_notice(text)
        self.store_failed.emit(text)

    # ------------------------------------------------------------------ messages and dialogs
    def check_in(self) -> None:
        """View > Check in: "How are you right now?", from anywhere in the app."""
        from ui.check_in import run_check_in

        run_check_in(self)

    def show_notice(self, text: str) -> None:
        self.area.show_notice(text)

    def show_message(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton.Ok
        icon = QMessageBox.Icon.Information
        self.show_dialog(QMessageBox(icon, messages.APP_TITLE, text, buttons, self))

    def show_about(self) -> None:
        from course import __version__

        self.show_message(messages.ABOUT.format(version=__version__))

    def dialog_parent(self) -> QWidget:
        return self

    def show_dialog(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: tests and the event loop keep running."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda _r, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None
        )
        dialog.open()

    def close_dialogs(self) -> None:
        """Nothing may stay open over the lock."""
        for dialog in list(self._dialogs):
            if shiboken6.isValid(dialog):
                dialog.reject()

    # ------------------------------------------------------------------ geometry, closing
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        self.area.restore_state(self.settings)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted_once:
            self._painted_once = True
            # Queued: the first frame is finished before the store is touched.
            QTimer.singleShot(0, self.startup.first_paint)
        elif (
            event.type() == QEvent.Type.WindowTitleChange
            and self.windowTitle() != messages.APP_TITLE
        ):
            self.setWindowTitle(messages.APP_TITLE)  # nothing may put a lesson in the title
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.store_life.shutting_down = True
        self.pages.leave_all()
        self.settings.setValue("geometry", self.saveGeometry())
        self.area.save_state(self.settings)
        self.settings.sync()
        self.privacy.stop()
        self.reminder.stop()
        # Detach the pages first, so nothing they do while torn down reaches a closed store.
        self.session.store_life.shut_down()
        super().closeEvent(event)
