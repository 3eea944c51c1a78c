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
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from course.model import Course
from course.paths import DataPaths, shipped_content_dir
from ui import messages, theme
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
from ui.privacy import QUICK_HIDE_KEYS, IdleWatcher
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

    def __init__(
        self,
        paths: DataPaths,
        *,
        content_dir: Path | None = None,
        open_file: str | None = None,
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
        self.session.current.load_initial()
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
            self.page_actions.values(),
            self.outline,
            (self.act_reading, self.act_settings, self.act_hide),
        )
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.page_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 780])
        self.leave_reading.setDefaultAction(self.act_reading)
        self.leave_reading.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: Any = None,
        icon: str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(QIcon(theme.icon_path(icon)))
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts(list(shortcut))
            else:
                action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is covered
        return action

    def _build_actions(self) -> None:
        key = QKeySequence
        self.page_actions: dict[str, QAction] = {
            page.key: self._action(
                page.title,
                lambda _=False, k=page.key: self.show_page(k),
                _keys(page.shortcut),
                page.icon or None,
                page.tip or None,
            )
            for page in self.page_list
            if page.in_navigation
        }
        self.page_group = QActionGroup(self)
        self.page_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for action in self.page_actions.values():
            action.setCheckable(True)
            self.page_group.addAction(action)
        self.act_home = self.page_actions["home"]
        self.act_library = self.page_actions["library"]
        self.act_journal = self.page_actions["journal"]
        self.act_check_in = self._action(
            "&Check in…",
            self.check_in,
            key("Ctrl+Shift+I"),
            "check-in",
            "How are you right now? (Ctrl+Shift+I)",
        )
        self.act_outline = self._action(
            "Go to &outline",
            self.focus_outline,
            key("Ctrl+L"),
            "outline",
            "Move to the course outline (Ctrl+L)",
        )
        self.act_import = self._action(
            "&Import course…", self.library_pages.import_course, key("Ctrl+O"), "import"
        )
        self.act_export = self._action("&Export my data…", self.export_data)
        preferences = key(key.StandardKey.Preferences)
        self.act_settings = self._action(
            "&Settings…",
            self.show_settings,
            preferences if not preferences.isEmpty() else key("Ctrl+,"),
            "settings",
            "Settings",
        )
        self.act_quit = self._action("&Quit", self.close, key("Ctrl+Q"))
        self.act_hide = self._action(
            "&Hide window",
            self.toggle_cover,
            list(QUICK_HIDE_KEYS),
            "hide",
            "Cover the window at once (F12)",
        )
        self.act_lock = self._action(
            "Lock &now",
            lambda: self.lock(messages.LOCKED_NOW),
            key("Ctrl+Shift+L"),
            "lock",
            "Lock Bridgework now (needs your passphrase to open)",
        )
        self.act_reading = self._action(
            "&Reading mode",
            self.toggle_reading_mode,
            key("F11"),
            "outline",
            "Hide the navigation while you read (F11)",
        )
        self.act_reading.setCheckable(True)
        self.act_bigger = self._action(
            "&Larger text", lambda: self.step_text_size(+1), [key("Ctrl+="), key("Ctrl++")]
        )
        self.act_smaller = self._action(
            "&Smaller text", lambda: self.step_text_size(-1), key("Ctrl+-")
        )
        self.act_reset_text = self._action(
            "&Normal text size", lambda: self.set_text_size(theme.DEFAULT_TEXT_SIZE), key("Ctrl+0")
        )
        self.act_help = self._action(
            "Where to turn for &help", self.open_crisis_lesson, key("F1"), "help"
        )
        self.act_keys = self._action(
            "&Keyboard shortcuts", self.show_keyboard_shortcuts, key("Ctrl+/")
        )
        self.act_about = self._action("&About Bridgework", self.show_about)

        menu = self.menuBar()
        self.file_menu = menu.addMenu("&File")
        _fill(self.file_menu, [self.act_import, None, self.act_export, None])
        _fill(self.file_menu, [self.act_settings, None, self.act_quit])
        self.file_menu_anchor = self.act_export  # assignment actions go just above it
        view_menu = menu.addMenu("&View")
        _fill(view_menu, [*self.page_actions.values(), self.act_outline, self.act_reading, None])
        _fill(view_menu, [self.act_check_in, None])
        _fill(view_menu, [self.act_bigger, self.act_smaller, self.act_reset_text])
        self.theme_menu = view_menu.addMenu("&Theme")
        for name in theme.THEMES:
            act = self.theme_menu.addAction(theme.THEME_LABELS[name])
            act.setCheckable(True)
            act.setData(name)
            act.setChecked(name == self.appearance.theme)
            act.triggered.connect(lambda _=False, n=name: self.set_theme(n))
        self.appearance.changed.connect(self._check_theme_action)
        _fill(menu.addMenu("&Privacy"), [self.act_hide, self.act_lock])
        _fill(menu.addMenu("&Help"), [self.act_help, self.act_keys, self.act_about])

        self._build_navigation()
        # Typing here opens Search with the words so far; the search goes on there.
        self.search_field = QLineEdit()
        self.search_field.setObjectName("menuSearch")
        self.search_field.setMinimumWidth(200)
        self.search_field.setPlaceholderText("Search (Ctrl+K)")
        self.search_field.setAccessibleName("Search lessons and your own writing")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textEdited.connect(self._search_from_menu_bar)
        self.search_field.returnPressed.connect(
            lambda: self._search_from_menu_bar(self.search_field.text())
        )
        # In the menu bar's corner: always in sight, and the window needs no more room.
        self.menuBar().setCornerWidget(self.search_field, Qt.Corner.TopRightCorner)
        self._update_lock_action()

    def _check_theme_action(self) -> None:
        for act in self.theme_menu.actions():
            act.setChecked(act.data() == self.appearance.theme)

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

    def _search_from_menu_bar(self, text: str) -> None:
        if text.strip():
            self.search_field.clear()
            self.search_pages.search_for(text)

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
        action = self.page_actions.get(key)
        if action is not None:
            action.setChecked(True)
        elif self.page_group.checkedAction() is not None:
            self.page_group.checkedAction().setChecked(False)

    def toggle_reading_mode(self) -> None:
        self.set_reading_mode(self.navigation.isVisible())

    def set_reading_mode(self, reading: bool) -> None:
        """Distraction-free reading: the navigation is hidden until F11 (or the button)."""
        self.navigation.setVisible(not reading)
        self.act_reading.setChecked(reading)
        self.act_reading.setText("Leave &reading mode" if reading else "&Reading mode")
        self.leave_reading.setVisible(reading)

    def is_reading_mode(self) -> bool:
        return self.act_reading.isChecked()

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
        self.lesson_pages.open(lesson, step)
        self._make_current("lesson")
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
        for action in features.actions():
            self.file_menu.insertAction(self.file_menu_anchor, action)
        self.file_menu.insertSeparator(self.file_menu_anchor)
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
        self._set_locked_actions(False)
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
        self._set_locked_actions(True)
        self.unlock_page.passphrase.setFocus()

    def _set_locked_actions(self, locked: bool) -> None:
        """While locked, nothing that shows or moves the learner's data can be reached."""
        for action in (
            *self.page_actions.values(),
            self.act_outline,
            self.act_import,
            self.act_export,
            self.act_settings,  # its privacy page exports, re-keys and deletes the data
            self.act_help,
        ):
            action.setEnabled(not locked)
        self.search_field.setEnabled(not locked)
        # Assignment actions follow the store themselves (set_store(None) on lock).

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
        self.act_lock.setEnabled(self.has_passphrase())

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

    def show_keyboard_shortcuts(self) -> None:
        from ui.shortcuts_sheet import ShortcutsSheet

        groups = [
            ("Privacy and help", [self.act_hide, self.act_lock, self.act_help, self.act_keys]),
            (
                "Moving around",
                [*self.page_actions.values(), self.act_outline, self.act_reading],
            ),
            ("Practice", [self.act_check_in]),
            ("Text size", [self.act_bigger, self.act_smaller, self.act_reset_text]),
            ("Courses and the app", [self.act_import, self.act_settings, self.act_quit]),
        ]
        self.show_dialog(ShortcutsSheet(groups, self))

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


def _fill(menu: Any, actions: list[QAction | None]) -> None:
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def _keys(shortcut: str | tuple[str, ...] | None) -> Any:
    """A page's shortcut for an action: none, one key, or a list of keys."""
    if isinstance(shortcut, tuple):
        return [QKeySequence(k) for k in shortcut]
    return QKeySequence(shortcut) if shortcut else None
