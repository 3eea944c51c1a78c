"""Journal: every reflection the learner has written, searchable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.pages.base import Page, PageHost

if TYPE_CHECKING:
    from ui.journal import JournalView


class JournalController(Page):
    """The Journal page.

    Signals:
        loaded()  the entries were read (off the GUI thread) and are shown
    """

    key = "journal"
    title = "&Journal"
    icon = "journal"
    shortcut = "Ctrl+J"
    tip = "All your reflections (Ctrl+J)"

    loaded = Signal()

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        self.session.current.changed.connect(self._on_course_changed)
        life = self.session.store_life
        life.opened.connect(lambda _snapshot: self._set_store())
        life.closed.connect(self._set_store)

    @property
    def view(self) -> JournalView:
        from ui.journal import JournalView

        widget = self.widget
        assert isinstance(widget, JournalView)
        return widget

    def make(self) -> QWidget:
        # Made on first use: the journal pulls in the Markdown renderer.
        from ui.journal import JournalView

        view = JournalView(self.session.store)
        if self.session.course is not None:
            view.set_courses([self.session.course])
        view.lesson_link_activated.connect(self.host.open_lesson)
        view.save_failed.connect(self.host.show_notice)
        view.loaded.connect(self.loaded)
        return view

    def shown(self) -> None:
        # One read per visit, off the GUI thread: showing the view starts it (issue 14).
        if self.session.store is not None:
            self.view.load_if_stale()

    def select_entry(self, reflection_id: str, prompt_id: str) -> bool:
        """Show one entry (a search result), with the journal's own filter cleared."""
        self.view.search("")
        return self.view.select_entry(reflection_id, prompt_id)

    def leave(self) -> None:
        if self.is_made and self.session.store is not None:
            self.view.flush()

    def _set_store(self) -> None:
        if self.is_made:
            self.view.set_store(self.session.store)

    def _on_course_changed(self) -> None:
        if self.is_made and self.session.course is not None:
            self.view.set_courses([self.session.course])
