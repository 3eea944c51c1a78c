"""Library: the installed courses, switching between them, and importing a new one.

Signals (of LibraryController):
    import_finished(bool)  an import ended (True when the course was installed)
    courses_listed()       the installed courses are listed (read off the GUI thread)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from course.model import Severity
from ui import messages
from ui.pages.base import Page, PageHost
from ui.workers import run_task

if TYPE_CHECKING:
    from course.install import InstallResult
    from course.store.api import ProgressStore
    from course.versions import UpdatePreview
    from ui.library import LibraryPage


class LibraryController(Page):
    key = "library"
    title = "&Library"
    icon = "library"
    shortcut = "Ctrl+2"
    tip = "Your installed courses (Ctrl+2)"

    import_finished = Signal(bool)
    courses_listed = Signal()

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        self._listing = 0  # which listing of the courses is the latest
        self.update_dialog: QDialog | None = None  # the last "what changed" dialog, for tests
        self.session.current.loading.connect(self._on_loading)

    @property
    def page(self) -> LibraryPage:
        from ui.library import LibraryPage

        widget = self.widget
        assert isinstance(widget, LibraryPage)
        return widget

    def make(self) -> QWidget:
        from ui.library import LibraryPage

        page = LibraryPage()
        page.course_opened.connect(lambda root: self.session.current.open(Path(root)))
        page.import_requested.connect(self.import_course)
        return page

    def shown(self) -> None:
        """List the installed courses, read from the course cache off the GUI thread."""
        current = self.session.current
        self.page.set_busy(messages.FINDING_COURSES)
        self.page.list.setFocus()
        self._listing += 1
        listing = self._listing

        store = self.session.store

        def work() -> tuple[list[Any], dict[str, tuple[int, int]]]:
            cards = current.installed()
            return cards, _progress(store, cards)

        def listed(found: tuple[list[Any], dict[str, tuple[int, int]]]) -> None:
            if listing == self._listing and self.is_made:  # else a newer listing is coming
                self.page.set_courses(found[0], current.root, found[1])
                self.page.set_busy("")
                self.courses_listed.emit()

        def failed(_error: BaseException) -> None:
            if listing == self._listing and self.is_made:
                self.page.set_busy("")
                self.host.show_notice(messages.COURSES_UNREADABLE)

        run_task(work, listed, failed)

    def _on_loading(self, loading: bool) -> None:
        if self.is_made:
            self.page.set_busy(messages.OPENING_COURSE if loading else "")

    # -- importing ----------------------------------------------------------------------
    def import_course(self) -> None:
        path = self._ask_import_path()
        if path:
            self.import_course_from(Path(path))

    def _ask_import_path(self) -> str:
        from PySide6.QtWidgets import QMessageBox

        from ui.file_dialogs import existing_directory, open_file_name

        parent = self.host.dialog_parent()
        box = QMessageBox(parent)
        box.setWindowTitle(messages.IMPORT_TITLE)
        box.setText(messages.IMPORT_WHICH_KIND)
        zip_button = box.addButton("A .zip file…", QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton("A folder…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is zip_button:
            return open_file_name(
                parent, messages.IMPORT_TITLE, str(Path.home()), "Course packages (*.zip)"
            )
        if box.clickedButton() is folder_button:
            return existing_directory(parent, messages.IMPORT_TITLE, str(Path.home()))
        return ""

    def import_course_from(self, source: Path) -> None:
        """Validate, then install, off the GUI thread; findings shown in plain words.

        A new version of a course the learner has (newer, older, or the same number with
        other content) is installed only after the learner has seen what it changes.
        """
        self.session.status.emit(messages.IMPORT_CHECKING)
        current = self.session.current
        courses = self.session.paths.courses

        def work() -> UpdatePreview | InstallResult:
            from course import course_cache
            from course.install import install_course
            from course.versions import preview_update

            installed = [(card.id, card.root) for card in current.installed()]
            preview = preview_update(
                source,
                installed,
                lambda root: course_cache.load(current.cache_dir, root)[0].course,
                courses,
            )
            if preview is not None and preview.asks_first:
                return preview
            # install_course validates first and never raises on a bad package.
            return install_course(source, courses)

        def checked(found: UpdatePreview | InstallResult) -> None:
            from course.versions import UpdatePreview

            if isinstance(found, UpdatePreview):
                self._ask_about_update(source, found)
            else:
                self._import_done(found)

        run_task(work, checked, self._import_failed)

    def _ask_about_update(self, source: Path, preview: UpdatePreview) -> None:
        """Show what the new version changes; install it only if the learner accepts."""
        from ui.library import CourseUpdateDialog

        self.session.status.emit("")
        dialog = CourseUpdateDialog(preview, self.host.dialog_parent())
        dialog.accepted.connect(lambda: self._install(source))
        dialog.rejected.connect(lambda: self.import_finished.emit(False))
        self.update_dialog = dialog
        self.host.show_dialog(dialog)

    def _install(self, source: Path) -> None:
        self.session.status.emit(messages.IMPORT_INSTALLING)
        courses = self.session.paths.courses

        def work() -> InstallResult:
            from course.install import install_course

            return install_course(source, courses)

        run_task(work, self._import_done, self._import_failed)

    def _import_done(self, result: InstallResult) -> None:
        from ui.library import FindingsDialog

        self.session.status.emit("")
        parent = self.host.dialog_parent()
        if not result.ok or result.course is None:
            errors = [f for f in result.findings if f.severity is Severity.ERROR]
            headline = (
                messages.IMPORT_FAILED if errors else (result.message or messages.IMPORT_UNREADABLE)
            )
            self.host.show_dialog(FindingsDialog(headline, errors, parent))
            self.import_finished.emit(False)
            return
        warnings = [f for f in result.findings if f.severity is Severity.WARNING]
        headline = (messages.IMPORT_WARNINGS if warnings else messages.IMPORT_OK).format(
            title=result.course.title
        )
        self.host.show_dialog(FindingsDialog(headline, warnings, parent))
        current = self.session.current
        course = current.course
        if result.root is not None and course is not None and course.id == result.course.id:
            current.open(result.root, fresh=True)  # the outline and Home show it now
        if self.is_made and self.host.current_page() is self:
            self.shown()  # the new course in the list
        self.import_finished.emit(True)

    def _import_failed(self, _error: BaseException) -> None:
        from ui.library import FindingsDialog

        self.session.status.emit("")
        parent = self.host.dialog_parent()
        self.host.show_dialog(FindingsDialog(messages.IMPORT_UNREADABLE, [], parent))
        self.import_finished.emit(False)


def _progress(store: ProgressStore | None, cards: list[Any]) -> dict[str, tuple[int, int]]:
    """Lessons done and lessons, by course id, for the cards (none while locked).

    Runs on the listing's worker (the store takes turns between threads).
    """
    if store is None or store.closed:
        return {}
    from course.store.api import StoreError

    usable = [card for card in cards if card.usable]
    try:
        # One count per course, not every lesson's state: the Library shows no more.
        done = store.completed_lesson_counts([card.id for card in usable])
    except StoreError:
        return {}
    return {card.id: (min(done.get(card.id, 0), card.lessons), card.lessons) for card in usable}
