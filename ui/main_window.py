"""The main window: a thin frame of navigation, menus, the page stack, quick-hide and lock.

What is shown lives elsewhere: the application's state (current course, the store's
life cycle, progress) in `ui.session`, the start-up order in `ui.startup`, each page's
behaviour in `ui.pages` (registered in `ui.pages.PAGES`), quick-hide in
`ui.quick_hide`. See docs/architecture.md.

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

import datetime as dt
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
from ui.check_in_reminder import SETTING_ON as SETTING_REMINDER
from ui.check_in_reminder import SETTING_TIME as SETTING_REMINDER_TIME
from ui.check_in_reminder import (
    CheckInReminder,
    ReminderBar,
    checked_in_on,
    format_time,
    parse_time,
)
from ui.navigation import NavigationBar
from ui.outline import OutlineModel, OutlineView
from ui.pages import PAGES, Page
from ui.pages.lesson import LessonController
from ui.pages.library import LibraryController
from ui.pages.search import SearchController
from ui.privacy import IdleWatcher
from ui.progress import (
    DEFAULT_AUTO_LOCK,
    SETTING_AUTO_LOCK,
    SETTING_LOCK_ON_HIDE,
    ProgressSnapshot,
)
from ui.progress import SETTING_FIRST_RUN as SETTING_FIRST_RUN
from ui.progress import SETTING_REGION as SETTING_REGION
from ui.progress import SETTING_TEXT_SIZE as SETTING_TEXT_SIZE
from ui.progress import SETTING_THEME as SETTING_THEME
from ui.quick_hide import QuickHide
from ui.session import CRISIS_LESSON_ID, Session
from ui.startup import Startup
from ui.workers import run_task

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
        self._auto_lock = DEFAULT_AUTO_LOCK
        self._unlock_page: UnlockPage | None = None
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
        self.quick_hide = QuickHide(
            self,
            lambda: (self.top, self.menuBar()),
            lambda: self.lock(messages.LOCKED_ON_HIDE),
        )
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.reminder = CheckInReminder(
            self.reminder_bar,
            self._reminder_blocked,
            lambda day: checked_in_on(self.store, day),
            parent=self,
        )
        self.reminder.check_in_requested.connect(self.check_in)
        self.session.check_in_saved.connect(self.reminder_bar.hide)  # done another way
        self._connect_session()
        self.startup = Startup(self)  # after the frame's own handlers: ready comes last
        for name in ("painted", "progress_shown", "ready"):
            getattr(self.startup, name).connect(getattr(self, name))
        self.startup.after_first_paint(self.quick_hide.keys.start)
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
        self._update_lock_action()

    def _connect_session(self) -> None:
        session = self.session
        session.current.changed.connect(self._on_course_changed)
        session.progress.changed.connect(self._show_statuses)
        session.progress.failed.connect(self.show_notice)
        life = session.store_life
        life.opened.connect(self._on_store_opened)
        life.closed.connect(self._on_store_closed)
        life.passphrase_needed.connect(self._show_unlock)
        life.wrong_passphrase.connect(lambda text: self.unlock_page.show_error(text))
        life.failed.connect(self._on_store_failed)
        life.passphrase_changed.connect(self._on_passphrase_changed)
        life.passphrase_failed.connect(self._on_passphrase_failed)
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
    def cover(self) -> Any:
        return self.quick_hide.cover

    @property
    def hide_keys(self) -> Any:
        return self.quick_hide.keys

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
        if self._unlock_page is None:
            from ui.unlock import UnlockPage

            self._unlock_page = UnlockPage()
            self._unlock_page.unlock_requested.connect(self._unlock)
            self._unlock_page.forgot_requested.connect(self._forgot_passphrase)
            self.top.addWidget(self._unlock_page)
        return self._unlock_page

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
        self._make_current(key)
        self.page_by_key[key].shown()

    def _make_current(self, key: str) -> None:
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
        self._make_current("lesson")  # first: the page left (Home) is not redrawn for it
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

    def _on_store_opened(self, snapshot: ProgressSnapshot | None) -> None:
        store = self.store
        assert store is not None
        if self._unlock_page is not None:
            self._unlock_page.reset()
        self.show_main_page()
        self.commands.set_locked(False)
        values = snapshot.settings if snapshot is not None else self.session.store_life.settings()
        self.appearance.apply_settings(values)
        minutes = values.get(SETTING_AUTO_LOCK)
        if isinstance(minutes, int):
            self._auto_lock = max(0, minutes)
        self.quick_hide.lock_on_hide = values.get(SETTING_LOCK_ON_HIDE) is True
        self.reminder.set_schedule(
            values.get(SETTING_REMINDER) is True, parse_time(values.get(SETTING_REMINDER_TIME))
        )
        self._update_idle()
        if self.assignments is not None:
            self.assignments.set_store(store)
        self._update_lock_action()

    def _on_store_closed(self) -> None:
        if self.assignments is not None:
            self.assignments.set_store(None)
        self.idle.set_minutes(0)
        self.reminder.stop()
        self._update_lock_action()
        self.session.progress.clear()

    def _on_store_failed(self, text: str) -> None:
        self.show_main_page()
        self.show_notice(text)
        self.store_failed.emit(text)

    def show_main_page(self) -> None:
        self.top.setCurrentWidget(self.main_page)

    def _show_unlock(self, hint: str) -> None:
        self.unlock_page.reset()
        self.unlock_page.set_hint(hint)
        self.top.setCurrentWidget(self.unlock_page)
        self.commands.set_locked(True)
        self.unlock_page.passphrase.setFocus()

    def _unlock(self, passphrase: str) -> None:
        if not self.session.store_life.is_opening:
            self.unlock_page.set_busy(True)
            self.session.store_life.unlock(passphrase)

    def _forgot_passphrase(self) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from ui.settings import DeleteConfirmDialog

        QMessageBox.information(self, messages.APP_TITLE, messages.FORGOT_PASSPHRASE)
        dialog = DeleteConfirmDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._delete_files_and_restart()

    def _on_import_finished(self, installed: bool) -> None:
        if installed and self.assignments is not None:
            self.assignments.forget_courses()  # so assignments for the new course are accepted
        self.import_finished.emit(installed)

    # ------------------------------------------------------------------ settings host
    def data_folder(self) -> Path:
        return self.paths.profile_dir

    def store_is_open(self) -> bool:
        return self.session.store_life.is_open

    def has_passphrase(self) -> bool:
        return self.session.store_life.encrypted

    def text_size(self) -> int:
        return self.appearance.text_size

    def theme_name(self) -> str:
        return self.appearance.theme

    def auto_lock_minutes(self) -> int:
        return self._auto_lock

    def lock_on_hide(self) -> bool:
        return self.quick_hide.lock_on_hide

    def set_lock_on_hide(self, on: bool) -> None:
        self.quick_hide.lock_on_hide = bool(on)
        self._save_setting(SETTING_LOCK_ON_HIDE, bool(on))

    def check_in_reminder(self) -> tuple[bool, dt.time]:
        return self.reminder.on, self.reminder.at

    def set_check_in_reminder(self, on: bool, at: dt.time) -> None:
        self.reminder.set_schedule(on, at)
        self._save_setting(SETTING_REMINDER, bool(on))
        self._save_setting(SETTING_REMINDER_TIME, format_time(at))

    def _reminder_blocked(self) -> bool:
        """Never over the quick-hide cover or the unlock page, nor without a store."""
        return (
            self.store is None
            or self.is_covered()
            or self.top.currentWidget() is not self.main_page
        )

    def region(self) -> str:
        """The learner's region code for crisis lines, or ALL_REGIONS (course.regions)."""
        return self.appearance.region

    def set_region(self, code: str) -> None:
        self.appearance.apply_region(code)
        self._save_setting(SETTING_REGION, self.appearance.region)

    def _save_setting(self, key: str, value: Any) -> None:
        problem = self.session.store_life.save_setting(key, value)
        if problem:
            self.show_notice(problem)

    def set_text_size(self, points: int) -> None:
        self.appearance.apply_text_size(points)
        self._save_setting(SETTING_TEXT_SIZE, self.appearance.text_size)

    def step_text_size(self, delta: int) -> None:
        self.set_text_size(self.appearance.text_size + delta)

    def set_theme(self, name: str) -> None:
        self.appearance.apply_theme(name)
        self._save_setting(SETTING_THEME, name)

    def review_daily_limit(self) -> int:
        """How many review questions a day at most (a store setting; 10 until changed)."""
        from course.store.review import DEFAULT_DAILY_LIMIT

        store = self.session.store
        if store is None or store.closed:
            return DEFAULT_DAILY_LIMIT
        try:
            return store.review_daily_limit()
        except Exception:
            return DEFAULT_DAILY_LIMIT

    def set_review_daily_limit(self, limit: int) -> None:
        from course.store.review import DAILY_LIMIT_SETTING

        self._save_setting(DAILY_LIMIT_SETTING, max(1, int(limit)))
        self.page("home").shown()  # "Review (n due)" follows the new limit

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self._auto_lock = max(0, int(minutes))
        self._save_setting(SETTING_AUTO_LOCK, self._auto_lock)
        self._update_idle()

    def _update_idle(self) -> None:
        if self.has_passphrase() and self._auto_lock > 0:
            self.idle.set_minutes(self._auto_lock)
        else:
            self.idle.set_minutes(0)

    def _update_lock_action(self) -> None:
        self.commands["lock"].setEnabled(self.has_passphrase())

    def show_settings(self) -> None:
        from ui.settings import SettingsDialog

        dialog = SettingsDialog(self, self)
        self.settings_dialog = dialog
        self.show_dialog(dialog)

    def change_passphrase(self, current: str | None, new: str | None) -> None:
        """Set (current None), change, or remove (new None) the passphrase, off the GUI thread."""
        if not self.session.store_life.change_passphrase(current, new):
            self.show_message(messages.STORE_NOT_OPEN)

    def _on_passphrase_changed(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)
        self._after_passphrase_change()

    def _on_passphrase_failed(self, text: str) -> None:
        self.show_message(text)
        self._after_passphrase_change()

    def _after_passphrase_change(self) -> None:
        self._update_lock_action()
        self._update_idle()
        dialog = getattr(self, "settings_dialog", None)
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.refresh()
        self.passphrase_changed.emit()

    def export_data(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.store is None:
            self.show_message(messages.STORE_NOT_OPEN)
            return
        folder = QFileDialog.getExistingDirectory(self, "Export my data", str(Path.home()))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        store = self.store
        assert store is not None
        run_task(
            lambda: store.export_all(folder),
            lambda out: self.show_message(messages.EXPORT_DONE.format(folder=out)),
            lambda _e: self.show_message(messages.EXPORT_FAILED),
        )

    def delete_all_data(self) -> None:
        """Called after the typed confirmation: delete, then start again with fresh data."""
        self._delete_files_and_restart()

    def _delete_files_and_restart(self) -> None:
        if not self.session.store_life.delete_everything():
            self.show_message(messages.DELETE_FAILED)
            return
        self.statusBar().showMessage(messages.DELETE_DONE, 8000)
        self.show_main_page()
        self.start_store()

    # ------------------------------------------------------------------ privacy
    def is_covered(self) -> bool:
        return self.quick_hide.is_covered()

    def toggle_cover(self) -> None:
        self.quick_hide.toggle()

    def cover_window(self) -> None:
        self.quick_hide.cover_window()

    def uncover(self) -> None:
        self.quick_hide.uncover()

    def lock(self, hint: str = messages.LOCKED_HINT) -> None:
        """Auto-lock (or Lock now, or on hiding): close the store and ask for the passphrase.

        `hint` is what the unlock page says about why it is locked.
        """
        if not self.session.store_life.encrypted:
            return
        self.leave_pages()
        self.uncover()
        # Nothing may stay open over the lock: close every dialog of ours.
        for dialog in list(self._dialogs):
            if shiboken6.isValid(dialog):
                dialog.reject()
        self.idle.pause()
        self._make_current("home")
        self.session.store_life.lock(hint)  # closed, then passphrase_needed: the unlock page
        self.locked.emit()

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
        self.idle.stop()
        self.reminder.stop()
        self.quick_hide.keys.stop()
        # Detach the pages first, so nothing they do while torn down reaches a closed store.
        self.session.store_life.shut_down()
        super().closeEvent(event)
