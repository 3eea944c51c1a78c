"""The main window: composes outline, home, library, lesson and journal, and runs the start-up.

Start-up order (see DESIGN.md and issue 4): the window is painted with the shipped
course first (the loader is cheap), then the progress store is opened off the GUI
thread, then the learner's progress is filled in. An encrypted profile shows the
unlock page instead; a damaged one is explained and its newest backup offered.

Signals (for tests and the benchmark):
    painted()        the first paint with the course shown
    progress_shown() the learner's progress is first shown (from a quick read-only
                     look at the database, or from the store once it is open)
    ready()          the store is open and progress is shown
    store_failed(str) the store could not be opened (message already shown)
    locked()         the window was locked (store closed, unlock page shown)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from course.model import Course, Lesson, LoadResult, Severity
from course.paths import DataPaths, shipped_content_dir
from course.regions import ALL_REGIONS, normalise_region
from ui import messages, theme
from ui.home import HomePage, ModuleRow, QuizRow
from ui.outline import FINISHED, LessonStatus, OutlineModel, OutlineView
from ui.privacy import QUICK_HIDE_KEYS, IdleWatcher, PrivacyCover, QuickHideKeys
from ui.workers import run_task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from course.install import InstalledCourse, InstallResult
    from course.store.api import LessonState, Position, ProgressStore, QuizAttempt, QuizScores
    from ui.assignments import AssignmentFeatures
    from ui.journal import JournalView
    from ui.lesson_view import LessonView
    from ui.library import LibraryPage
    from ui.unlock import UnlockPage

SHIPPED_COURSE_ID = "empathy-gap"
CRISIS_LESSON_ID = "getting-help"

# Keys in the store's settings table.
SETTING_FIRST_RUN = "first_run_done"
SETTING_TEXT_SIZE = "text_size"
SETTING_THEME = "theme"
SETTING_AUTO_LOCK = "auto_lock_minutes"
SETTING_REGION = "region"
DEFAULT_AUTO_LOCK = 10


def load_course_at(root: Path, cache_dir: Path | None = None) -> tuple[LoadResult, bool]:
    """The course at `root`, from the cache when it is current; (result, came from cache)."""
    from course import course_cache

    if cache_dir is not None:
        cached = course_cache.read(cache_dir, root)
        if cached is not None:
            return cached, True
    from course.loader import load_course

    return load_course(root), False


def discover_courses(*folders: Path) -> list[InstalledCourse]:
    from course.install import discover_courses as discover

    return discover(*folders)


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
        self.store: ProgressStore | None = None
        self.course: Course | None = None
        self.course_root: Path | None = None
        self._opening = False
        self._closing = False
        self._after_paint_tasks: list[Callable[[], None]] = []
        self._painted_once = False
        self._progress_shown = False
        self._quick_progress_shown = False
        self._first_run = False
        self._text_size = theme.DEFAULT_TEXT_SIZE
        self._theme = "system"
        self._region = ALL_REGIONS
        self._auto_lock = DEFAULT_AUTO_LOCK
        self._covered_focus: QWidget | None = None
        self._dialogs: list[QDialog] = []

        self.setWindowTitle(messages.APP_TITLE)  # neutral, always: never a lesson title
        self.setWindowIcon(QIcon(theme.icon_path("bridgework")))
        self.setObjectName("mainWindow")
        self.settings = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)

        self._build_pages()
        self._build_actions()
        self.cover = PrivacyCover(self)
        self.cover.show_requested.connect(self.uncover)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.hide_keys = QuickHideKeys(self, start=False)  # started after the first paint
        self.hide_keys.pressed.connect(self.toggle_cover)
        hints = QGuiApplication.styleHints()
        if hints is not None:  # "Follow the system" follows it live, too
            hints.colorSchemeChanged.connect(self._on_system_scheme_changed)
        self._hidden_windows: list[QWidget] = []
        self._restore_geometry()
        self._load_initial_course()
        self._show_quick_progress()  # in the first frame already, when it can be read

    # ------------------------------------------------------------------ building
    def _build_pages(self) -> None:
        self.outline_model = OutlineModel(self)
        self.outline = OutlineView(self.outline_model)
        self.outline.lesson_activated.connect(self.open_lesson)

        self.home = HomePage()
        self.home.lesson_requested.connect(self.open_lesson)
        self.home.library_requested.connect(self.show_library)
        # The library, unlock, lesson and journal pages are made on first use: the first
        # frame needs none of them, and the lesson and journal views pull in the Markdown
        # renderer, which costs more than the whole window (see bench/bench_startup.py).
        self._library: LibraryPage | None = None
        self._unlock_page: UnlockPage | None = None
        self._lesson_page: LessonView | None = None
        self._journal_page: JournalView | None = None
        self.assignments: AssignmentFeatures | None = None  # set up after the first paint

        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(self.home)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 800])
        self.splitter.setChildrenCollapsible(False)

        self.notice = QLabel("")
        self.notice.setObjectName("errorText")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        main = QWidget()
        layout = QVBoxLayout(main)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self.top = QStackedWidget()
        self.top.addWidget(main)
        self.main_page = main
        self.setCentralWidget(self.top)

    @property
    def library(self) -> LibraryPage:
        if self._library is None:
            from ui.library import LibraryPage

            self._library = LibraryPage()
            self._library.course_opened.connect(lambda root: self.switch_course(Path(root)))
            self._library.import_requested.connect(self.import_course)
            self.pages.addWidget(self._library)
        return self._library

    @property
    def unlock_page(self) -> UnlockPage:
        if self._unlock_page is None:
            from ui.unlock import UnlockPage

            self._unlock_page = UnlockPage()
            self._unlock_page.unlock_requested.connect(self._unlock)
            self._unlock_page.forgot_requested.connect(self._forgot_passphrase)
            self.top.addWidget(self._unlock_page)
        return self._unlock_page

    @property
    def lesson_page(self) -> LessonView:
        if self._lesson_page is None:
            self._lesson_page = self._make_lesson_page()
            self.pages.addWidget(self._lesson_page)
        return self._lesson_page

    @property
    def journal_page(self) -> JournalView:
        if self._journal_page is None:
            self._journal_page = self._make_journal_page()
            self.pages.addWidget(self._journal_page)
        return self._journal_page

    def _live_views(self) -> list[Any]:
        return [v for v in (self._lesson_page, self._journal_page) if v is not None]

    def _make_lesson_page(self) -> LessonView:
        from ui.lesson_view import LessonView

        view = LessonView(self.store)
        view.set_appearance(self._theme, self._text_size / theme.DEFAULT_TEXT_SIZE)
        view.set_region(self._lesson_region())
        view.lesson_link_activated.connect(self.open_lesson)
        view.progress_changed.connect(self._on_lesson_progress)
        view.lesson_completed.connect(self._on_lesson_progress)
        view.content_note_declined.connect(lambda _id: self.show_home())
        view.save_failed.connect(self.show_notice)
        return view

    def _make_journal_page(self) -> JournalView:
        from ui.journal import JournalView

        view = JournalView(self.store)
        if self.course is not None:
            view.set_courses([self.course])
        view.lesson_link_activated.connect(self.open_lesson)
        view.save_failed.connect(self.show_notice)
        return view

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
        self.act_home = self._action(
            "&Home", self.show_home, key("Ctrl+1"), "home", "The course home page (Ctrl+1)"
        )
        self.act_library = self._action(
            "&Library",
            self.show_library,
            key("Ctrl+2"),
            "library",
            "Your installed courses (Ctrl+2)",
        )
        self.act_journal = self._action(
            "&Journal", self.show_journal, key("Ctrl+J"), "journal", "All your reflections (Ctrl+J)"
        )
        self.act_outline = self._action(
            "Go to &outline",
            self.focus_outline,
            key("Ctrl+L"),
            "outline",
            "Move to the course outline (Ctrl+L)",
        )
        self.act_import = self._action(
            "&Import course…", self.import_course, key("Ctrl+O"), "import"
        )
        self.act_export = self._action("&Export my data…", self.export_data)
        self.act_settings = self._action(
            "&Settings…",
            self.show_settings,
            key(key.StandardKey.Preferences)
            if not key(key.StandardKey.Preferences).isEmpty()
            else key("Ctrl+,"),
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
            self.lock,
            key("Ctrl+Shift+L"),
            "lock",
            "Lock Bridgework now (needs your passphrase to open)",
        )
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
        file_menu = menu.addMenu("&File")
        for a in (
            self.act_import,
            None,
            self.act_export,
            None,
            self.act_settings,
            None,
            self.act_quit,
        ):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        self.file_menu = file_menu
        self.file_menu_anchor = self.act_export  # assignment actions go just above it
        view_menu = menu.addMenu("&View")
        for a in (
            self.act_home,
            self.act_library,
            self.act_journal,
            self.act_outline,
            None,
            self.act_bigger,
            self.act_smaller,
            self.act_reset_text,
        ):
            view_menu.addSeparator() if a is None else view_menu.addAction(a)
        self.theme_menu = view_menu.addMenu("&Theme")
        for name in theme.THEMES:
            act = self.theme_menu.addAction(theme.THEME_LABELS[name])
            act.setCheckable(True)
            act.setData(name)
            act.setChecked(name == self._theme)
            act.triggered.connect(lambda _=False, n=name: self.set_theme(n))
        privacy_menu = menu.addMenu("&Privacy")
        privacy_menu.addAction(self.act_hide)
        privacy_menu.addAction(self.act_lock)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.act_help)
        help_menu.addAction(self.act_keys)
        help_menu.addAction(self.act_about)

        bar = QToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.act_home, self.act_library, self.act_journal):
            bar.addAction(a)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred
        )
        bar.addWidget(spacer)
        for a in (self.act_settings, self.act_hide):
            bar.addAction(a)
        self.addToolBar(bar)
        self.toolbar = bar
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if widget is not None and action.text():
                widget.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        self._update_lock_action()

    # ------------------------------------------------------------------ geometry
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        state = self.settings.value("splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def _save_geometry(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()

    # ------------------------------------------------------------------ courses
    def _load_initial_course(self) -> None:
        remembered = self.settings.value("course_root")
        root = Path(str(remembered)) if remembered else None
        if root is None or not (root / "course.yaml").is_file():
            root = self.content_dir / SHIPPED_COURSE_ID
        self._set_course(root)

    def _set_course(self, root: Path) -> None:
        cache_dir = self.paths.root / "cache"
        result, cached = load_course_at(root, cache_dir)
        if not cached and result.course is not None:
            # Written after the first paint, off the GUI thread: next start skips the loader.
            from course import course_cache

            def write() -> None:
                run_task(lambda: course_cache.write(cache_dir, root, result))

            if self._painted_once:
                write()
            else:
                self._after_paint_tasks.append(write)
        course = result.course
        if course is None:
            self.course, self.course_root = None, None
            self.show_notice(messages.NO_COURSE)
        else:
            self.course, self.course_root = course, root
            self.settings.setValue("course_root", str(root))
        self.outline_model.set_course(self.course)
        self.home.set_course(self.course)
        if self.course is not None and self._journal_page is not None:
            self._journal_page.set_courses([self.course])
        self.show_home()

    def switch_course(self, root: Path) -> None:
        self._set_course(root)
        self.refresh_progress()

    # ------------------------------------------------------------------ start-up
    def _after_first_paint(self) -> None:
        self.painted.emit()
        if self._quick_progress_shown and not self._closing:
            self._note_progress_shown()
        if not self._closing:
            self.hide_keys.start()
            # The store's worker starts first, so its imports overlap the rest of this.
            self.start_store()
            self._setup_assignments()
            for task in self._after_paint_tasks:
                task()
            self._after_paint_tasks.clear()

    def _setup_assignments(self) -> None:
        """Assignments and progress reports (issue 6): File menu actions and a Home panel."""
        from ui.assignments import AssignmentFeatures

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
        if self.open_file:
            features.open_file(self.open_file)

    def _show_quick_progress(self) -> None:
        """Show progress from a read-only look at the database until the store is open.

        Opening the store waits for SQLAlchemy's import (about half a second); reading a
        plain database with sqlite3 takes milliseconds. The store replaces what is shown
        here as soon as it is open, and everything that writes waits for it.
        """
        if self.store is not None or self.course is None:
            return
        snapshot = quick_progress(self.paths, self.course)
        if snapshot is not None:
            # The learner's own theme and text size from the first frame, not a restyle later.
            self._apply_appearance(snapshot.settings)
            self._show_progress(snapshot)
            self._quick_progress_shown = True  # progress_shown follows the first paint

    def _note_progress_shown(self) -> None:
        if not self._progress_shown:
            self._progress_shown = True
            self.progress_shown.emit()

    def start_store(self) -> None:
        """Open the store off the GUI thread (or ask for the passphrase first)."""
        from course.store.api import is_encrypted

        if self._opening or self.store is not None:
            return
        self._first_run = not self.paths.database.exists()
        if is_encrypted(self.paths.database):
            self._show_unlock()
            return
        self._open_store(None)

    def _open_store(self, passphrase: str | None) -> None:
        self._opening = True
        self.home.set_status(messages.OPENING_DATA)
        paths = self.paths
        course = self.course

        def work() -> tuple[ProgressStore, ProgressSnapshot | None]:
            # The first queries compile SQL and import the query module: slow enough
            # that they belong here too, not on the GUI thread.
            from course.store.api import open_store

            paths.ensure()
            store = open_store(paths, passphrase)
            return store, fetch_progress(store, course) if course is not None else None

        run_task(work, self._store_opened, self._store_failed)

    def _store_opened(self, opened: tuple[ProgressStore, ProgressSnapshot | None]) -> None:
        store, snapshot = opened
        self._opening = False
        if self._closing:  # the window closed while the store was opening
            store.close()
            return
        self.store = store
        if self._unlock_page is not None:
            self._unlock_page.reset()
        self.top.setCurrentWidget(self.main_page)
        self._set_locked_actions(False)
        self.home.set_status("")
        self._load_settings(snapshot.settings if snapshot is not None else None)
        for view in self._live_views():
            view.set_store(store)
        if self.assignments is not None:
            self.assignments.set_store(store)
        self._update_lock_action()
        if snapshot is not None and self.course is not None:
            self._show_progress(snapshot)  # ignored if the course changed meanwhile
        else:
            self.refresh_progress()
        first_run = self._first_run or not snapshot_first_run_done(snapshot, store)
        self._note_progress_shown()
        self.ready.emit()
        if first_run and not self._closing:
            self.show_first_run()

    def _store_failed(self, error: BaseException) -> None:
        from course.store.api import (
            PassphraseRequired,
            StoreCorrupt,
            StoreError,
            WrongPassphrase,
        )

        self._opening = False
        self.home.set_status("")
        if isinstance(error, WrongPassphrase):
            self.unlock_page.show_error(messages.WRONG_PASSPHRASE)
            return
        if isinstance(error, PassphraseRequired):
            self._show_unlock()
            return
        if isinstance(error, StoreCorrupt):
            self.top.setCurrentWidget(self.main_page)
            self._offer_backup(error)
            return
        self.top.setCurrentWidget(self.main_page)
        text = error.message if isinstance(error, StoreError) else messages.STORE_UNAVAILABLE
        self.show_notice(text)
        self.store_failed.emit(text)

    def _offer_backup(self, error: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        backups = list(getattr(error, "backups", ()))
        if not backups:
            self.show_message(messages.STORE_CORRUPT + "\n\n" + messages.STORE_CORRUPT_NO_BACKUP)
            self._open_store(None)
            return
        when = f"{backups[0].made_on:%d %B %Y}"
        answer = QMessageBox.question(
            self,
            messages.APP_TITLE,
            messages.STORE_CORRUPT + "\n\n" + messages.STORE_CORRUPT_BACKUP.format(when=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            from course.store.api import restore_backup

            try:
                restore_backup(self.paths, backups[0].name)
            except Exception:
                self.show_message(messages.RESTORE_FAILED)
            else:
                self.show_notice(messages.RESTORED_BACKUP.format(when=when))
        self.start_store()

    def _show_unlock(self, hint: str | None = None) -> None:
        self.unlock_page.reset()
        self.unlock_page.set_hint(hint or messages.UNLOCK_BODY)
        self.top.setCurrentWidget(self.unlock_page)
        self._set_locked_actions(True)
        self.unlock_page.passphrase.setFocus()

    def _set_locked_actions(self, locked: bool) -> None:
        """While locked, nothing that shows or moves the learner's data can be reached."""
        for action in (
            self.act_home,
            self.act_library,
            self.act_journal,
            self.act_outline,
            self.act_import,
            self.act_export,
            self.act_settings,  # its privacy page exports, re-keys and deletes the data
            self.act_help,
        ):
            action.setEnabled(not locked)
        # Assignment actions follow the store themselves (set_store(None) on lock).

    def _unlock(self, passphrase: str) -> None:
        if self._opening:
            return
        self.unlock_page.set_busy(True)
        self._open_store(passphrase)

    def _forgot_passphrase(self) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from ui.settings import DeleteConfirmDialog

        QMessageBox.information(
            self,
            messages.APP_TITLE,
            messages.FORGOT_PASSPHRASE,
        )
        dialog = DeleteConfirmDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._delete_files_and_restart()

    # ------------------------------------------------------------------ progress
    def refresh_progress(self) -> None:
        """Fill the outline and the home page from the store (a few quick queries)."""
        if self.store is None or self.course is None:
            return
        from course.store.api import StoreError

        try:
            snapshot = fetch_progress(self.store, self.course)
        except StoreError as error:
            self.show_notice(error.message)
            return
        self._show_progress(snapshot)
        if self.assignments is not None:
            self.assignments.refresh()

    def _show_progress(self, snapshot: ProgressSnapshot) -> None:
        if self.course is None or snapshot.course_id != self.course.id:
            self.refresh_progress()
            return
        statuses = snapshot.statuses
        self.outline_model.set_statuses(statuses)
        self.home.set_modules(
            [
                ModuleRow(
                    m.title,
                    sum(1 for les in m.lessons if statuses.get(les.id) in FINISHED),
                    len(m.lessons),
                )
                for m in self.course.modules
            ]
        )
        position = snapshot.position
        lesson = self.course.lesson(position.lesson_id) if position else None
        if lesson is not None and position is not None:
            total = len(lesson.steps)
            step = min(position.step_index, max(0, total - 1)) + 1
            self.home.set_position((lesson.id, lesson.title), f"step {step} of {total}")
        else:
            self.home.set_position(None)
        rows = []
        for scores in sorted(
            snapshot.scores.values(), key=lambda s: _finished(s.latest), reverse=True
        ):
            owner = self._lesson_of_quiz(scores.quiz_id)
            latest = scores.latest
            rows.append(
                QuizRow(
                    owner.title if owner else scores.quiz_id,
                    latest.score or 0.0,
                    bool(latest.passed),
                    _day(_finished(latest)),
                )
            )
        self.home.set_quizzes(rows[:5])

    def _lesson_of_quiz(self, quiz_id: str) -> Lesson | None:
        if self.course is None:
            return None
        return next(
            (les for les in self.course.lessons() if any(q.id == quiz_id for q in les.quizzes)),
            None,
        )

    def _on_lesson_progress(self, *_args: Any) -> None:
        self.refresh_progress()

    # ------------------------------------------------------------------ navigation
    def show_home(self) -> None:
        self._leave_lesson()
        self.pages.setCurrentWidget(self.home)
        self.refresh_progress()

    def show_library(self) -> None:
        self._leave_lesson()
        self.library.set_courses(self.installed_courses(), self.course_root)
        self.pages.setCurrentWidget(self.library)
        self.library.list.setFocus()

    def show_journal(self) -> None:
        self._leave_lesson()
        if self.store is not None:
            self.journal_page.refresh()
        self.pages.setCurrentWidget(self.journal_page)

    def installed_courses(self) -> list[InstalledCourse]:
        return discover_courses(self.content_dir, self.paths.courses)

    def focus_outline(self) -> None:
        self.outline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _leave_lesson(self) -> None:
        """Save whatever the lesson or journal holds before the page changes."""
        if self.store is not None:
            if self._lesson_page is not None:
                self._lesson_page.leave_lesson()
            if self._journal_page is not None:
                self._journal_page.flush()

    def open_lesson(self, lesson_id: str) -> None:
        if self.course is None:
            return
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            self.show_message(messages.LESSON_MISSING)
            return
        self.outline.select_lesson(lesson_id)
        if self._journal_page is not None and self.pages.currentWidget() is self._journal_page:
            self._journal_page.flush()
        self.lesson_page.set_lesson(self.course, lesson, self.course_root)
        self.pages.setCurrentWidget(self.lesson_page)
        self.lesson_page.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh_progress()

    def open_crisis_lesson(self) -> None:
        if self.course is None or self.course.lesson(CRISIS_LESSON_ID) is None:
            shipped = self.content_dir / SHIPPED_COURSE_ID
            if self.course_root != shipped and (shipped / "course.yaml").is_file():
                self.switch_course(shipped)
        if self.course is not None and self.course.lesson(CRISIS_LESSON_ID) is not None:
            self.open_lesson(CRISIS_LESSON_ID)
        else:
            self.show_message(messages.CRISIS_MISSING)

    # ------------------------------------------------------------------ import
    def import_course(self) -> None:
        path = self._ask_import_path()
        if not path:
            return
        self.import_course_from(Path(path))

    def _ask_import_path(self) -> str:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle(messages.IMPORT_TITLE)
        box.setText(messages.IMPORT_WHICH_KIND)
        zip_button = box.addButton("A .zip file…", QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton("A folder…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is zip_button:
            path, _ = QFileDialog.getOpenFileName(
                self, messages.IMPORT_TITLE, str(Path.home()), "Course packages (*.zip)"
            )
            return path
        if box.clickedButton() is folder_button:
            return QFileDialog.getExistingDirectory(self, messages.IMPORT_TITLE, str(Path.home()))
        return ""

    def import_course_from(self, source: Path) -> None:
        """Validate, then install, off the GUI thread; findings shown in plain words."""
        self.home.set_status(messages.IMPORT_CHECKING)
        paths = self.paths

        def work() -> InstallResult:
            from course.install import install_course

            # install_course validates first and never raises on a bad package.
            return install_course(source, paths.courses)

        run_task(work, self._import_done, self._import_failed)

    def _import_done(self, result: InstallResult) -> None:
        from ui.library import FindingsDialog

        self.home.set_status("")
        if not result.ok or result.course is None:
            errors = [f for f in result.findings if f.severity is Severity.ERROR]
            headline = (
                messages.IMPORT_FAILED if errors else (result.message or messages.IMPORT_UNREADABLE)
            )
            self._show_dialog(FindingsDialog(headline, errors, self))
            self.import_finished.emit(False)
            return
        warnings = [f for f in result.findings if f.severity is Severity.WARNING]
        headline = (messages.IMPORT_WARNINGS if warnings else messages.IMPORT_OK).format(
            title=result.course.title
        )
        self._show_dialog(FindingsDialog(headline, warnings, self))
        if self.assignments is not None:
            self.assignments.forget_courses()  # so assignments for the new course are accepted
        if self._library is not None and self.pages.currentWidget() is self._library:
            self.show_library()
        self.import_finished.emit(True)

    def _import_failed(self, _error: BaseException) -> None:
        from ui.library import FindingsDialog

        self.home.set_status("")
        self._show_dialog(FindingsDialog(messages.IMPORT_UNREADABLE, [], self))
        self.import_finished.emit(False)

    def _show_dialog(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: tests and the event loop keep running."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda _r, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None
        )
        dialog.open()

    # ------------------------------------------------------------------ first run
    def show_first_run(self) -> None:
        from ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(self)
        dialog.help_requested.connect(self.open_crisis_lesson)
        dialog.accepted.connect(lambda d=dialog: self._first_run_done(d.passphrase()))
        dialog.rejected.connect(lambda: self._first_run_done(None))
        self.first_run_dialog = dialog
        self._show_dialog(dialog)

    def _first_run_done(self, passphrase: str | None) -> None:
        self._first_run = False
        if self.store is not None:
            self.store.set_setting(SETTING_FIRST_RUN, True)
        if passphrase:
            self.change_passphrase(None, passphrase)

    # ------------------------------------------------------------------ settings host
    def data_folder(self) -> Path:
        return self.paths.profile_dir

    def store_is_open(self) -> bool:
        return self.store is not None and not self.store.closed

    def has_passphrase(self) -> bool:
        return self.store is not None and self.store.encrypted

    def text_size(self) -> int:
        return self._text_size

    def theme_name(self) -> str:
        return self._theme

    def auto_lock_minutes(self) -> int:
        return self._auto_lock

    def region(self) -> str:
        """The learner's region code for crisis lines, or ALL_REGIONS (course.regions)."""
        return self._region

    def set_region(self, code: str) -> None:
        self._apply_region(code)
        self._save_setting(SETTING_REGION, self._region)

    def _apply_region(self, code: object) -> None:
        self._region = normalise_region(code)
        if self._lesson_page is not None:
            self._lesson_page.set_region(self._lesson_region())

    def _lesson_region(self) -> str | None:
        return None if self._region == ALL_REGIONS else self._region

    def _load_settings(self, values: dict[str, Any] | None = None) -> None:
        assert self.store is not None
        if values is None:
            values = self.store.settings()
        self._apply_appearance(values)
        if normalise_region(values.get(SETTING_REGION)) != self._region:
            self._apply_region(values.get(SETTING_REGION))
        minutes = values.get(SETTING_AUTO_LOCK)
        if isinstance(minutes, int):
            self._auto_lock = max(0, minutes)
        self._update_idle()

    def _apply_appearance(self, values: dict[str, Any]) -> None:
        size = values.get(SETTING_TEXT_SIZE)
        name = values.get(SETTING_THEME)
        # Re-applying an unchanged font or style sheet re-lays out every widget: skip it.
        if isinstance(size, int) and theme.clamp_text_size(size) != self._text_size:
            self._apply_text_size(size)
        if isinstance(name, str) and name in theme.THEMES and name != self._theme:
            self._apply_theme(name)

    def _save_setting(self, key: str, value: Any) -> None:
        if self.store is None:
            return
        from course.store.api import StoreError

        try:
            self.store.set_setting(key, value)
        except StoreError as error:
            self.show_notice(error.message)

    def set_text_size(self, points: int) -> None:
        self._apply_text_size(points)
        self._save_setting(SETTING_TEXT_SIZE, self._text_size)

    def step_text_size(self, delta: int) -> None:
        self.set_text_size(self._text_size + delta)

    def _apply_text_size(self, points: int) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._text_size = theme.apply_text_size(app, points, self._theme)
        if self._lesson_page is not None:
            self._lesson_page.set_appearance(self._theme, self._text_size / theme.DEFAULT_TEXT_SIZE)

    def set_theme(self, name: str) -> None:
        self._apply_theme(name)
        self._save_setting(SETTING_THEME, name)

    def _apply_theme(self, name: str) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._theme = name
        theme.apply_theme(app, name, self._text_size)
        for act in self.theme_menu.actions():
            act.setChecked(act.data() == name)
        if self._lesson_page is not None:
            self._lesson_page.set_appearance(name, self._text_size / theme.DEFAULT_TEXT_SIZE)

    def _on_system_scheme_changed(self, _scheme: object) -> None:
        if self._theme == "system":
            self._apply_theme("system")

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
        self._show_dialog(dialog)

    def change_passphrase(self, current: str | None, new: str | None) -> None:
        """Set (current None), change, or remove (new None) the passphrase, off the GUI thread."""
        store = self.store
        if store is None:
            self.show_message(messages.STORE_NOT_OPEN)
            return

        def work() -> str:
            if current is None and new is not None:
                store.set_passphrase(new)
                return messages.PASSPHRASE_SET
            if current is not None and new is not None:
                store.change_passphrase(current, new)
                return messages.PASSPHRASE_CHANGED
            assert current is not None
            store.remove_passphrase(current)
            return messages.PASSPHRASE_REMOVED

        def failed(error: BaseException) -> None:
            from course.store.api import WrongPassphrase

            if isinstance(error, WrongPassphrase):
                self.show_message(messages.WRONG_PASSPHRASE + " " + messages.PASSPHRASE_FAILED)
            else:
                self.show_message(messages.PASSPHRASE_FAILED)
            self._after_passphrase_change()

        def finished(text: str) -> None:
            self.statusBar().showMessage(text, 8000)
            self._after_passphrase_change()

        run_task(work, finished, failed)

    def _after_passphrase_change(self) -> None:
        self._update_lock_action()
        self._update_idle()
        dialog = getattr(self, "settings_dialog", None)
        if dialog is not None and dialog.isVisible():
            dialog.refresh()
        self.passphrase_changed.emit()

    def export_data(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.store is None:
            self.show_message(messages.STORE_NOT_OPEN)
            return
        folder = QFileDialog.getExistingDirectory(self, "Export my data", str(Path.home()))
        if not folder:
            return
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
        from course.store.api import StoreError, delete_all_data

        try:
            if self.store is not None:
                self.store.delete_everything()
            else:
                delete_all_data(self.paths)
        except (StoreError, OSError):
            self.show_message(messages.DELETE_FAILED)
            return
        self.store = None
        for view in self._live_views():
            view.set_store(None)
        if self.assignments is not None:
            self.assignments.set_store(None)
        self.idle.set_minutes(0)
        self._update_lock_action()
        self.outline_model.set_statuses({})
        self.home.set_course(self.course)
        self.statusBar().showMessage(messages.DELETE_DONE, 8000)
        self.top.setCurrentWidget(self.main_page)
        self.start_store()

    # ------------------------------------------------------------------ privacy
    def is_covered(self) -> bool:
        return self.cover.isVisible()

    def toggle_cover(self) -> None:
        if self.is_covered():
            self.uncover()
        else:
            self.cover_window()

    def cover_window(self) -> None:
        """Quick-hide: cover everything at once; nothing underneath keeps focus."""
        if self.is_covered():
            return
        self._covered_focus = QApplication.focusWidget()
        # Dialogs are windows of their own: hide them too, or they would stay on top.
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self
            and w.isVisible()
            and w.isWindow()
            and w.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Sheet)
        ]
        for window in self._hidden_windows:
            window.hide()
        for widget in (self.top, self.menuBar(), self.toolbar):
            widget.setEnabled(False)
        self.cover.cover()
        self.activateWindow()

    def uncover(self) -> None:
        if not self.is_covered():
            return
        for widget in (self.top, self.menuBar(), self.toolbar):
            widget.setEnabled(True)
        self.cover.hide()
        hidden, self._hidden_windows = self._hidden_windows, []
        for window in hidden:
            if shiboken6.isValid(window):
                window.show()
        if self._covered_focus is not None and shiboken6.isValid(self._covered_focus):
            self._covered_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._covered_focus = None

    def lock(self) -> None:
        """Auto-lock (or Lock now): close the store and ask for the passphrase again."""
        if self.store is None or not self.store.encrypted:
            return
        self._leave_lesson()
        self.uncover()
        # Nothing may stay open over the lock: close every dialog of ours.
        for dialog in list(self._dialogs):
            if shiboken6.isValid(dialog):
                dialog.reject()
        self.idle.pause()
        for view in self._live_views():
            view.set_store(None)
        if self.assignments is not None:
            self.assignments.set_store(None)
        store, self.store = self.store, None
        store.close()
        self.outline_model.set_statuses({})
        self.home.set_course(self.course)
        self.pages.setCurrentWidget(self.home)
        self._show_unlock(messages.LOCKED_HINT)
        self._update_lock_action()
        self.locked.emit()

    # ------------------------------------------------------------------ messages
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
        self._show_dialog(box)

    def show_keyboard_shortcuts(self) -> None:
        self.show_message(messages.KEYBOARD_SHORTCUTS)

    def show_about(self) -> None:
        from course import __version__

        self.show_message(messages.ABOUT.format(version=__version__))

    # ------------------------------------------------------------------ closing
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted_once:
            self._painted_once = True
            # Queued: the first frame is finished before the store is touched.
            QTimer.singleShot(0, self._after_first_paint)
        elif (
            event.type() == QEvent.Type.WindowTitleChange
            and self.windowTitle() != messages.APP_TITLE
        ):
            self.setWindowTitle(messages.APP_TITLE)  # nothing may put a lesson in the title
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self._leave_lesson()
        self._save_geometry()
        self.idle.stop()
        self.hide_keys.stop()
        from ui.workers import wait_for_all

        wait_for_all()
        # Detach the views first, so nothing they do while being torn down reaches a closed store.
        for view in self._live_views():
            view.set_store(None)
        if self.assignments is not None:
            self.assignments.set_store(None)
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)


@dataclass(frozen=True)
class ProgressSnapshot:
    """What the window shows about the learner's progress in one course, read in one go."""

    course_id: str
    statuses: dict[str, LessonStatus]
    position: Position | None
    scores: dict[str, QuizScores]
    settings: dict[str, Any]


def fetch_progress(store: ProgressStore, course: Course) -> ProgressSnapshot:
    """Read progress for `course` (safe on a worker thread: the store takes turns)."""
    return _snapshot(
        course,
        store.lesson_states(course.id),
        store.all_quiz_scores(course.id),
        store.last_position(course.id),
        dict(store.settings()),
    )


def quick_progress(paths: DataPaths, course: Course) -> ProgressSnapshot | None:
    """Progress read without the store (plain profiles only), or None: see quick_read."""
    from course.store.quick_read import read_progress

    quick = read_progress(paths.database, course.id)
    if quick is None:
        return None
    return _snapshot(
        course, quick.lesson_states, quick.quiz_scores, quick.last_position, quick.settings
    )


def _snapshot(
    course: Course,
    states: dict[str, LessonState],
    scores: dict[str, QuizScores],
    position: Position | None,
    settings: dict[str, Any],
) -> ProgressSnapshot:
    statuses: dict[str, LessonStatus] = {}
    for lesson in course.lessons():
        state = states.get(lesson.id)
        if state is None:
            continue
        quizzes = lesson.quizzes
        passed = bool(quizzes) and all(
            q.id in scores and bool(scores[q.id].best.passed) for q in quizzes
        )
        if state.completed and passed:
            statuses[lesson.id] = LessonStatus.QUIZ_PASSED
        elif state.completed:
            statuses[lesson.id] = LessonStatus.DONE
        else:
            statuses[lesson.id] = LessonStatus.IN_PROGRESS
    return ProgressSnapshot(course.id, statuses, position, scores, settings)


def snapshot_first_run_done(snapshot: ProgressSnapshot | None, store: ProgressStore) -> bool:
    if snapshot is not None:
        return bool(snapshot.settings.get(SETTING_FIRST_RUN, False))
    return bool(store.get_setting(SETTING_FIRST_RUN, False))


def _finished(attempt: QuizAttempt) -> dt.datetime:
    return attempt.finished_at or attempt.started_at


def _day(when: dt.datetime) -> str:
    local = when.astimezone()
    return f"{local.day} {local:%B}"
