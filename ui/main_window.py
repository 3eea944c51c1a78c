"""The main window: a thin frame around the navigation, the page stack and the notices.

What happens lives elsewhere: the application's state (current course, the store's
life cycle, progress) in `ui.session`, the start-up order in `ui.startup`, each page's
behaviour in `ui.pages` (registered in `ui.pages.PAGES`), the actions and menus in
`ui.actions`, quick-hide, locking, export and delete in `ui.privacy_controller`, the
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
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from course.model import Course, LoadResult
from course.paths import DataPaths, shipped_content_dir
from ui import messages, theme
from ui.actions import Commands
from ui.appearance import Appearance
from ui.check_in_reminder import CheckInReminder, ReminderBar, checked_in_on
from ui.navigation import NavigationBar
from ui.outline import OutlineModel, OutlineView
from ui.pages import PAGES, Page
from ui.pages.lesson import LessonController
from ui.pages.library import LibraryController
from ui.pages.search import SearchController
from ui.preferences import Preferences
from ui.privacy_controller import PrivacyController
from ui.progress import ProgressSnapshot
from ui.session import CRISIS_LESSON_ID, Session
from ui.startup import Startup

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from course.store.api import ProgressStore
    from ui.assignments import AssignmentFeatures
    from ui.home import HomePage
    from ui.journal import JournalView
    from ui.lesson_view import LessonView
    from ui.library import LibraryPage
    from ui.unlock import UnlockPage


class MainWindow(QMainWindow):
    painted = Signal()
    progress_shown = Signal()
    ready = Signal()
    store_failed = Signal(str)
    locked = Signal()
    import_finished = Signal(bool)
    passphrase_changed = Signal()
    commands: Commands
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

        self.page_list: list[Page] = [page_type(self) for page_type in PAGES]
        self.page_by_key = {page.key: page for page in self.page_list}
        self._build_frame()
        self._build_actions()
        self.privacy = PrivacyController(self)
        self.privacy.locked.connect(self.locked)
        self.reminder = CheckInReminder(
            self.reminder_bar,
            self._reminder_blocked,
            lambda day: checked_in_on(self.store, day),
            parent=self,
        )
        self.reminder.check_in_requested.connect(self.check_in)
        self.session.check_in_saved.connect(self.reminder_bar.hide)  # done another way
        self.preferences = Preferences(self, self.reminder, self.privacy)
        self.privacy.passphrase_changed.connect(self.passphrase_changed)
        self._connect_session()
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

    # ------------------------------------------------------------------ building
    def _build_frame(self) -> None:
        self.outline_model = OutlineModel(self)
        self.outline = OutlineView(self.outline_model)
        self.outline.lesson_activated.connect(self.open_lesson)

        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        for page in self.page_list:
            if page.made_at_start:
                self.pages.addWidget(page.widget)

        self.notice = QLabel("")
        self.notice.setObjectName("errorText")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        self.reminder_bar = ReminderBar()
        self.leave_reading = QToolButton()
        self.leave_reading.setObjectName("navQuiet")
        self.leave_reading.hide()
        self.page_area = QWidget()
        self.page_area.setObjectName("pageArea")
        area = QVBoxLayout(self.page_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        area.addWidget(self.leave_reading, 0, Qt.AlignmentFlag.AlignLeft)
        area.addWidget(self.reminder_bar)
        area.addWidget(self.notice)
        area.addWidget(self.pages, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        main = QWidget()
        layout = QVBoxLayout(main)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)

        self.top = QStackedWidget()
        self.top.addWidget(main)
        self.main_page = main
        self.setCentralWidget(self.top)

    def _build_navigation(self) -> None:
        """The left side, from the page actions; after the actions exist."""
        self.navigation = NavigationBar(
            self.commands.page_actions.values(),
            self.outline,
            self.commands.navigation_bottom(),
        )
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.page_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 780])
        self.leave_reading.setDefaultAction(self.commands["reading"])
        self.leave_reading.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _build_actions(self) -> None:
        self.commands = Commands(self, self.page_list, self.appearance)
        self._build_navigation()

    def _connect_session(self) -> None:
        session = self.session
        session.current.changed.connect(self._on_course_changed)
        session.progress.changed.connect(self._show_statuses)
        session.progress.failed.connect(self.show_notice)
        life = session.store_life
        life.opened.connect(self._on_store_opened)
        life.closed.connect(self._on_store_closed)
        life.failed.connect(self._on_store_failed)
        self.library_pages.import_finished.connect(self._on_import_finished)

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
    def library_pages(self) -> LibraryController:
        page = self.page_by_key["library"]
        assert isinstance(page, LibraryController)
        return page

    @property
    def search_pages(self) -> SearchController:
        page = self.page_by_key["search"]
        assert isinstance(page, SearchController)
        return page

    @property
    def lesson_pages(self) -> LessonController:
        page = self.page_by_key["lesson"]
        assert isinstance(page, LessonController)
        return page

    @property
    def home(self) -> HomePage:
        return self.page_widget("home")  # type: ignore[return-value]

    @property
    def library(self) -> LibraryPage:
        return self.page_widget("library")  # type: ignore[return-value]

    @property
    def lesson_page(self) -> LessonView:
        return self.page_widget("lesson")  # type: ignore[return-value]

    @property
    def journal_page(self) -> JournalView:
        return self.page_widget("journal")  # type: ignore[return-value]

    @property
    def unlock_page(self) -> UnlockPage:
        return self.privacy.unlock_page

    # ------------------------------------------------------------------ pages
    def page_widget(self, key: str) -> QWidget:
        """The page's widget, made (and put in the stack) on first use."""
        page = self.page_by_key[key]
        made = page.is_made
        widget = page.widget
        if not made or self.pages.indexOf(widget) < 0:
            self.pages.addWidget(widget)
        return widget

    def page(self, key: str) -> Page:
        return self.page_by_key[key]

    def current_page(self) -> Page | None:
        current = self.pages.currentWidget()
        return next((p for p in self.page_list if p.is_made and p.widget is current), None)

    def leave_pages(self) -> None:
        """Save whatever the pages hold before the page changes (or the window locks)."""
        for page in self.page_list:
            if page.is_made:
                page.leave()

    def show_page(self, key: str) -> None:
        self.leave_pages()
        self.make_current(key)
        self.page_by_key[key].shown()

    def make_current(self, key: str) -> None:
        self.pages.setCurrentWidget(self.page_widget(key))
        self.commands.show_page_checked(key)

    def toggle_reading_mode(self) -> None:
        self.set_reading_mode(self.navigation.isVisible())

    def set_reading_mode(self, reading: bool) -> None:
        """Distraction-free reading: the navigation is hidden until F11 (or the button)."""
        self.navigation.setVisible(not reading)
        action = self.commands["reading"]
        action.setChecked(reading)
        action.setText("Leave &reading mode" if reading else "&Reading mode")
        self.leave_reading.setVisible(reading)

    def is_reading_mode(self) -> bool:
        return self.commands["reading"].isChecked()

    def show_home(self) -> None:
        self.show_page("home")

    def show_library(self) -> None:
        self.show_page("library")

    def show_journal(self) -> None:
        self.show_page("journal")

    def dialog_parent(self) -> QWidget:
        return self

    def focus_outline(self) -> None:
        if self.is_reading_mode():
            self.set_reading_mode(False)
        self.outline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_lesson(self, lesson_id: str, step: int | None = None) -> None:
        lesson = self.session.current.lesson(lesson_id)
        if lesson is None:
            if self.course is not None:
                self.show_message(messages.LESSON_MISSING)
            return
        self.outline.select_lesson(lesson_id)
        current = self.current_page()
        if current is not None and current.key != "lesson":
            current.leave()
        self.make_current("lesson")  # first: the page left (Home) is not redrawn for it
        self.lesson_pages.open(lesson, step)
        self.lesson_pages.shown()
        # No refresh here: the lesson view reports the visit once (progress_changed).

    def open_crisis_lesson(self) -> None:
        current = self.session.current
        if current.lesson(CRISIS_LESSON_ID) is None:
            shipped = current.shipped_root
            if current.root != shipped and (shipped / "course.yaml").is_file():
                self.switch_course(shipped)
        if current.lesson(CRISIS_LESSON_ID) is not None:
            self.open_lesson(CRISIS_LESSON_ID)
        else:
            self.show_message(messages.CRISIS_MISSING)

    def switch_course(self, root: Path) -> None:
        self.session.current.load(root)

    def installed_courses(self) -> Any:
        return self.session.current.installed()

    def import_course(self) -> None:
        self.library_pages.import_course()

    def import_course_from(self, source: Path) -> None:
        self.library_pages.import_course_from(source)

    def _on_course_changed(self) -> None:
        course = self.session.course
        if course is None:
            self.show_notice(messages.NO_COURSE)
        self.outline_model.set_course(course)
        self.navigation.set_course_title(course.title if course is not None else "")
        self.show_home()

    def _show_statuses(self, snapshot: ProgressSnapshot) -> None:
        self.outline_model.set_statuses(snapshot.statuses)

    def refresh_progress(self) -> None:
        self.session.progress.refresh()
        if self.assignments is not None and self.store is not None:
            self.assignments.refresh()

    # ------------------------------------------------------------------ geometry
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        state = self.settings.value("navigation_splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def _save_geometry(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("navigation_splitter", self.splitter.saveState())
        self.settings.sync()

    # ------------------------------------------------------------------ the store
    def _setup_assignments(self) -> None:
        """Assignments and progress reports (issue 6): File menu actions and a Home panel."""
        from ui.assignments import AssignmentFeatures
        from ui.session import discover_courses

        content_dir, courses_dir = self.content_dir, self.paths.courses

        def courses() -> dict[str, Course]:
            # Runs on a worker thread: plain files only, no widgets. Courses with errors
            # are left out, as `assign` does: an assignment must name ids that exist.
            from course.assign_command import courses_by_id

            return courses_by_id(discover_courses(content_dir, courses_dir))

        features = AssignmentFeatures(self, courses)
        features.lesson_requested.connect(self.open_lesson)
        features.changed.connect(self.refresh_progress)
        self.commands.add_to_file_menu(features.actions())
        self.home.add_panel(features.panel)
        self.assignments = features
        if self.store is not None:
            features.set_store(self.store)
        if self.open_file:
            features.open_file(self.open_file)

    def start_store(self) -> None:
        self.session.store_life.start()

    def _on_store_opened(self, _snapshot: ProgressSnapshot | None) -> None:
        if self.assignments is not None:
            self.assignments.set_store(self.store)

    def _on_store_closed(self) -> None:
        if self.assignments is not None:
            self.assignments.set_store(None)
        self.reminder.stop()
        self.session.progress.clear()

    def _on_store_failed(self, text: str) -> None:
        self.show_main_page()
        self.show_notice(text)
        self.store_failed.emit(text)

    def show_main_page(self) -> None:
        self.top.setCurrentWidget(self.main_page)

    def _on_import_finished(self, installed: bool) -> None:
        if installed and self.assignments is not None:
            self.assignments.forget_courses()  # so assignments for the new course are accepted
        self.import_finished.emit(installed)

    def _reminder_blocked(self) -> bool:
        """Never over the quick-hide cover or the unlock page, nor without a store."""
        return (
            self.store is None
            or self.privacy.is_covered()
            or self.top.currentWidget() is not self.main_page
        )

    # ------------------------------------------------------------------ messages
    def check_in(self) -> None:
        """View > Check in: "How are you right now?", from anywhere in the app."""
        from ui.check_in import run_check_in

        run_check_in(self)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_message(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Information,
            messages.APP_TITLE,
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.show_dialog(box)

    def show_about(self) -> None:
        from course import __version__

        self.show_message(messages.ABOUT.format(version=__version__))

    def close_dialogs(self) -> None:
        for dialog in list(self._dialogs):
            if shiboken6.isValid(dialog):
                dialog.reject()

    def show_dialog(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: tests and the event loop keep running."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda _r, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None
        )
        dialog.open()

    # ------------------------------------------------------------------ closing
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
        self.leave_pages()
        self._save_geometry()
        self.privacy.stop()
        self.reminder.stop()
        # Detach the pages first, so nothing they do while torn down reaches a closed store.
        self.session.store_life.shut_down()
        super().closeEvent(event)
