"""A lesson: its steps, quizzes and reflections (reached from the outline, Home or a link)."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui import messages
from ui.pages.base import Page, PageHost
from ui.session import CRISIS_LESSON_ID
from ui.theme import resolve_theme

if TYPE_CHECKING:
    from course.model import Lesson
    from ui.lesson_view import LessonView
    from ui.worksheet_dialog import WorksheetDialog

WORKSHEET_SAVED = "The worksheet is saved as {path}. It holds no answers and nothing you wrote."
NO_WORKSHEET = (
    "A worksheet holds a lesson's reflection prompts and quiz questions. Open a lesson "
    "that has some, then choose File > Print worksheet… again."
)


#: How long after the store opens (or a course is loaded) the lesson page is made ahead.
PREPARE_AHEAD_MS = 300
#: What the lesson page imports, slowest parts first, one per turn of the event loop
#: (course.render alone took about 60 ms, much of it Markdown's extensions). Only what
#: the page itself imports: course.render no longer needs urllib.request (http.client,
#: ssl, email), so importing it here ahead would cost 25-35 ms for nothing.
PREPARE_MODULES = (
    "importlib.metadata",
    "markdown",
    "markdown.extensions.codehilite",
    "course.render",
    "ui.quiz_view",
    "ui.reflect_view",
    "ui.lesson_view",
)


class LessonController(Page):
    """Signals: opened(str) a lesson was opened (its id), wherever from."""

    opened = Signal(str)
    key = "lesson"
    title = "Lesson"
    in_navigation = False

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        life = self.session.store_life
        life.opened.connect(lambda _snapshot: self._set_store())
        life.opened.connect(lambda _snapshot: self._prepare_soon())
        life.closed.connect(self._set_store)
        self.session.current.changed.connect(self._course_changed)
        self.session.current.loading.connect(self._hold_while_loading)
        host.appearance.changed.connect(self._follow_appearance)
        self._lesson: Lesson | None = None  # on show, for File > Print worksheet…
        self._preparing = False

    @property
    def view(self) -> LessonView:
        from ui.lesson_view import LessonView

        widget = self.widget
        assert isinstance(widget, LessonView)
        return widget

    def make(self) -> QWidget:
        # Made on first use: the lesson view pulls in the Markdown renderer, which costs
        # more than the whole first frame (see bench/bench_startup.py).
        from ui.lesson_view import LessonView

        view = LessonView(self.session.store)
        appearance = self.host.appearance
        view.set_appearance(resolve_theme(appearance.theme), appearance.text_scale)
        view.set_region(appearance.lesson_region)
        progress = self.session.progress
        view.lesson_link_activated.connect(self.host.open_lesson)
        view.progress_changed.connect(progress.lesson_changed)
        view.lesson_completed.connect(progress.lesson_changed)
        view.content_note_declined.connect(lambda _id: self.host.show_page("home"))
        view.app_help_requested.connect(self.open_crisis_lesson)
        view.save_failed.connect(self.host.show_notice)
        view.step_pool.hold(self.session.current.is_loading)
        return view

    def open_lesson(self, lesson_id: str, step: int | None = None) -> None:
        """Open the lesson at `step` (or where the learner left it), from anywhere."""
        lesson = self.session.current.lesson(lesson_id)
        if lesson is None:
            if self.session.course is not None:
                self.host.show_message(messages.LESSON_MISSING)
            return
        self.opened.emit(lesson_id)
        current = self.host.current_page()
        if current is not None and current is not self:
            current.leave()
        self.host.pages.make_current(self.key)  # first: the page left is not redrawn for it
        self.open(lesson, step)
        self.shown()
        # No refresh here: the lesson view reports the visit once (progress_changed).

    def open_crisis_lesson(self) -> None:
        """Where to turn for help (F1): from the shipped course if this one has none."""
        current = self.session.current
        if current.lesson(CRISIS_LESSON_ID) is None:
            shipped = current.shipped_root
            if current.root != shipped and (shipped / "course.yaml").is_file():
                self.host.switch_course(shipped)
        if current.lesson(CRISIS_LESSON_ID) is not None:
            self.open_lesson(CRISIS_LESSON_ID)
        else:
            self.host.show_message(messages.CRISIS_MISSING)

    def open(self, lesson: Lesson, step: int | None = None) -> None:
        course = self.session.course
        assert course is not None
        self.view.set_lesson(course, lesson, self.session.current.root, step)
        self._lesson = lesson

    def shown(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_worksheet(self) -> WorksheetDialog | None:
        """File > Print worksheet…: the dialog for the lesson on show, or a word on what
        to open first (None then)."""
        from course.worksheet import has_worksheet
        from ui.worksheet_dialog import WorksheetDialog

        course, lesson = self.session.course, self._lesson
        if course is None or lesson is None or not has_worksheet(lesson):
            self.host.show_message(NO_WORKSHEET)
            return None
        dialog = WorksheetDialog(course, lesson, self.host.dialog_parent())
        dialog.saved.connect(lambda path: self.host.show_notice(WORKSHEET_SAVED.format(path=path)))
        self.host.show_dialog(dialog)
        return dialog

    def leave(self) -> None:
        self._lesson = None
        if self.is_made and self.session.store is not None:
            self.view.leave_lesson()

    def _prepare_soon(self) -> None:
        """Once the window is idle, make the lesson page and its step views ahead of the
        first opening (issue 14): one module or view per turn of the event loop, so the
        window never waits long, and an opening only fills them in."""
        if self._preparing:
            return
        self._preparing = True
        QTimer.singleShot(PREPARE_AHEAD_MS, self.host.pages, self._prepare_next)

    def _hold_while_loading(self, loading: bool) -> None:
        # Work made ahead waits while a course loads beside the window (see StepViewPool.hold).
        if self.is_made:
            self.view.step_pool.hold(loading)
        if not loading and self._preparing:
            QTimer.singleShot(0, self.host.pages, self._prepare_next)

    def _course_changed(self) -> None:
        if self.is_made:  # else it is prepared once the store opens
            self.view.step_pool.prepare(self.session.course)

    def _prepare_next(self) -> None:
        if self.session.current.is_loading:
            return  # taken up again once the course is loaded (_hold_while_loading)
        if PREPARE_MODULES[-1] not in sys.modules:
            module = next(m for m in PREPARE_MODULES if m not in sys.modules)
            importlib.import_module(module)
            QTimer.singleShot(0, self.host.pages, self._prepare_next)
            return
        self._preparing = False
        if not self.is_made:
            self.host.pages.widget_for(self.key)  # made, not shown
        self.view.step_pool.prepare(self.session.course)

    def _set_store(self) -> None:
        if self.is_made:
            self.view.set_store(self.session.store)

    def _follow_appearance(self) -> None:
        if self.is_made:
            appearance = self.host.appearance
            self.view.set_appearance(resolve_theme(appearance.theme), appearance.text_scale)
            self.view.set_region(appearance.lesson_region)
