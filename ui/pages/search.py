"""Search: lessons of every installed course and the learner's own writing, as they type.

The course text index lives in the cache folder (course.search.CourseIndex). It is
brought up to date on a worker thread when the page is first made and whenever the
course changes (an import, a new version); meanwhile the learner's writing can already
be searched and the page says the lessons are being got ready.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QWidget

from course.model import PromptType, ReflectStep
from ui.pages.base import Page, PageHost
from ui.workers import run_task

if TYPE_CHECKING:
    from collections.abc import Callable

    from course.model import Course
    from course.search import CourseIndex
    from ui.search_view import SearchView


class SearchController(Page):
    key = "search"
    title = "&Search"
    icon = "search"
    shortcut = ("Ctrl+K", "Ctrl+F")
    tip = "Search lessons and your own writing (Ctrl+K or Ctrl+F)"

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        self.index: CourseIndex | None = None
        self.indexing = False
        self._again = False
        self._roots: dict[str, Path] = {}
        self.session.current.changed.connect(self._on_course_changed)
        life = self.session.store_life
        life.opened.connect(lambda _snapshot: self._store_opened())
        life.closed.connect(self._store_closed)

    @property
    def view(self) -> SearchView:
        from ui.search_view import SearchView

        widget = self.widget
        assert isinstance(widget, SearchView)
        return widget

    def make(self) -> QWidget:
        from ui.search_view import SearchView

        view = SearchView(self.session.store)
        if self.session.course is not None:
            view.set_courses([self.session.course])
        view.lesson_chosen.connect(self.open_lesson)
        view.writing_chosen.connect(self.open_writing)
        self.refresh_index()
        return view

    def shown(self) -> None:
        self.view.focus_field()

    def search_for(self, text: str) -> None:
        """Show this page searching for `text` (from the search field in the menu bar)."""
        self.host.show_page(self.key)
        self.view.focus_field(text)
        self.view.field.deselect()
        self.view.search_now()

    # -- the course index ----------------------------------------------------------------
    def refresh_index(self) -> None:
        """Bring the course index up to date on a worker thread (again, if one is running)."""
        if self.indexing:
            self._again = True
            return
        from course.search import CourseIndex, index_path

        index = self.index or CourseIndex(index_path(self.session.paths.cache))
        current = self.session.current
        folders = (current.content_dir, current.paths.courses)
        self.indexing = True
        self.view.set_indexing(True)

        def work() -> list[tuple[Path, Course]]:
            from course.install import discover_courses

            found = [(c.root, c.course) for c in discover_courses(*folders) if c.course]
            index.refresh([course for _root, course in found])
            return found

        run_task(work, lambda found: self._indexed(index, found), self._index_failed)

    def _indexed(self, index: CourseIndex, found: list[tuple[Path, Course]]) -> None:
        self.indexing = False
        if not self._alive():
            return
        self.index = index
        self._roots = {course.id: root for root, course in found}
        self.view.set_courses([course for _root, course in found])
        self.view.set_index(index)
        self.view.set_indexing(False)
        if self._again:
            self._again = False
            self.refresh_index()

    def _index_failed(self, _error: BaseException) -> None:
        self.indexing = False
        if not self._alive():
            return
        self.view.set_indexing(False, failed=True)

    def _alive(self) -> bool:
        # The worker may finish after the window has gone (closed while indexing).
        return self.is_made and shiboken6.isValid(self.widget)

    def _on_course_changed(self) -> None:
        if self.is_made:
            self.refresh_index()

    def _set_store(self) -> None:
        if self.is_made:
            self.view.set_store(self.session.store)

    def _store_closed(self) -> None:
        # Let go of the index's file: "Delete all my data" removes the cache folder, and a
        # file held open cannot be removed everywhere. The next search opens it again.
        if self.index is not None:
            self.index.close()
        self._set_store()

    def _store_opened(self) -> None:
        self._set_store()
        if self.is_made and self.index is not None and not self.index.path.exists():
            self.refresh_index()  # the cache was deleted with the data: made again

    # -- opening a result ----------------------------------------------------------------
    def open_lesson(self, course_id: str, lesson_id: str, step: int) -> None:
        self._in_course(course_id, lambda: self.host.open_lesson(lesson_id, step))

    def open_writing(self, course_id: str, lesson: str, reflection_id: str, prompt: str) -> None:
        if not course_id:  # a check-in: it lives on the Insights page
            self.host.show_page("insights")
            return
        self._in_course(course_id, lambda: self._show_writing(lesson, reflection_id, prompt))

    def _in_course(self, course_id: str, then: Callable[[], None]) -> None:
        """`then`, in the course `course_id`: loaded off the GUI thread first when another
        course is on show (a big one takes a second or more)."""
        course = self.session.course
        if (course is None or course.id != course_id) and course_id in self._roots:
            self.session.current.open(self._roots[course_id], then=then)
        else:
            then()

    def _show_writing(self, lesson: str, reflection_id: str, prompt: str) -> None:
        step = _practice_step(self.session.course, lesson, reflection_id, prompt)
        if step is not None:  # a perspective or feelings answer: shown in its lesson
            self.host.open_lesson(lesson, step)
            return
        from ui.pages.journal import JournalController

        self.host.show_page("journal")
        journal = self.host.page("journal")
        if isinstance(journal, JournalController):
            journal.select_entry(reflection_id, prompt)


def _practice_step(
    course: Course | None, lesson_id: str, reflection_id: str, prompt_id: str
) -> int | None:
    """The step of a `perspective` or `feelings` prompt's reflect block, else None."""
    lesson = course.lesson(lesson_id) if course is not None else None
    if lesson is None:
        return None
    for index, step in enumerate(lesson.steps):
        if isinstance(step, ReflectStep) and step.reflection.id == reflection_id:
            practice = (PromptType.PERSPECTIVE, PromptType.FEELINGS)
            if any(p.id == prompt_id and p.type in practice for p in step.reflection.prompts):
                return index
    return None
