"""Home: the course, where to continue, progress per module and the latest quiz results."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.home import HomePage, ModuleRow, QuizRow
from ui.outline import FINISHED
from ui.pages.base import Page, PageHost

log = logging.getLogger(__name__)
#: Home lists this many of the latest quiz results.
QUIZ_ROWS = 5

if TYPE_CHECKING:
    from course.model import Course, Lesson
    from course.store.api import Position, QuizAttempt
    from ui.progress import ProgressSnapshot


class HomeController(Page):
    key = "home"
    title = "&Home"
    icon = "home"
    shortcut = "Ctrl+1"
    tip = "The course home page (Ctrl+1)"
    made_at_start = True

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        self._pending: ProgressSnapshot | None = None
        self.session.current.changed.connect(self._on_course_changed)
        self.session.progress.changed.connect(self._show_progress)
        self.session.status.connect(lambda text: self.page.set_status(text))

    @property
    def page(self) -> HomePage:
        widget = self.widget
        assert isinstance(widget, HomePage)
        return widget

    def make(self) -> QWidget:
        page = HomePage()
        page.lesson_requested.connect(self.host.open_lesson)
        page.library_requested.connect(lambda: self.host.show_page("library"))
        page.review_requested.connect(lambda: self.host.show_page("review"))
        page.check_in_requested.connect(self._check_in)
        return page

    def _check_in(self) -> None:
        from ui.check_in import run_check_in

        run_check_in(self.host)

    def shown(self) -> None:
        # Progress is read afresh (writes elsewhere, e.g. a step saved quietly, show now);
        # should that read nothing (no store), the last snapshot that arrived is drawn.
        pending, self._pending = self._pending, None
        progress = self.session.progress
        before = progress.snapshot
        progress.refresh()
        if progress.snapshot is before and pending is not None:
            self._draw_progress(pending)

    def _on_course_changed(self) -> None:
        self.page.set_course(self.session.course)

    def show_review_status(self) -> None:
        """Read how many review questions are due (a cheap count) and show it."""
        store = self.session.store
        if store is None or store.closed:
            return
        try:
            # Only questions the course on show holds: the Review page offers no others.
            course = self.session.course
            available = store.review_status(*([course] if course else [])).available
        except Exception:  # never let a count take Home down; it shows nothing due
            log.exception("reading the review status failed")
            available = 0
        self.page.set_review(available)

    def _show_progress(self, snapshot: ProgressSnapshot) -> None:
        if self.host.current_page() is not self:
            # Not on screen: drawn when Home is next shown, not on every lesson opening.
            self._pending = snapshot
            return
        self._pending = None
        self._draw_progress(snapshot)

    def _draw_progress(self, snapshot: ProgressSnapshot) -> None:
        self.show_review_status()
        course = self.session.course
        if course is None:
            return
        statuses = snapshot.statuses
        self.page.set_modules(
            [
                ModuleRow(
                    m.title,
                    sum(1 for les in m.lessons if statuses.get(les.id) in FINISHED),
                    len(m.lessons),
                )
                for m in course.modules
            ]
        )
        finished = {lesson_id for lesson_id, s in statuses.items() if s in FINISHED}
        resume = resume_point(course, snapshot.position, finished)
        if resume is not None:
            lesson, detail = resume
            self.page.set_position((lesson.id, lesson.title), detail)
        else:
            self.page.set_position(None)
        rows = []
        latest_first = sorted(
            snapshot.scores.values(), key=lambda s: _finished(s.latest), reverse=True
        )
        for scores in latest_first[:QUIZ_ROWS]:  # only those shown: a big course has hundreds
            owner = self.session.current.lesson_of_quiz(scores.quiz_id)
            latest = scores.latest
            rows.append(
                QuizRow(
                    owner.title if owner else scores.quiz_id,
                    latest.score or 0.0,
                    bool(latest.passed),
                    _day(_finished(latest)),
                )
            )
        self.page.set_quizzes(rows)


def resume_point(
    course: Course, position: Position | None, finished: set[str]
) -> tuple[Lesson, str] | None:
    """Where "Continue" goes, with a few words on why; None before the first lesson.

    The lesson last open, at its step, unless it is finished: then the next lesson not
    finished yet, in reading order (and round from the start). With every lesson
    finished, the last one open, to read again.
    """
    lesson = course.lesson(position.lesson_id) if position is not None else None
    if lesson is None or position is None:
        return None
    if lesson.id not in finished:
        total = len(lesson.steps)
        step = min(position.step_index, max(0, total - 1)) + 1
        return lesson, f"step {step} of {total}"
    lessons = list(course.lessons())
    at = next(i for i, candidate in enumerate(lessons) if candidate.id == lesson.id)
    for candidate in lessons[at + 1 :] + lessons[:at]:
        if candidate.id not in finished:
            return candidate, "the next lesson"
    return lesson, "you have finished every lesson; this one is here to read again"


def _finished(attempt: QuizAttempt) -> dt.datetime:
    return attempt.finished_at or attempt.started_at


def _day(when: dt.datetime) -> str:
    local = when.astimezone()
    return f"{local.day} {local:%B}"
