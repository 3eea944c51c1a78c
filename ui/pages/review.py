"""Review: questions missed in quizzes (or flagged "ask me again"), brought back on a schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.pages.base import Page, PageHost

if TYPE_CHECKING:
    from ui.review_view import ReviewView


class ReviewController(Page):
    key = "review"
    title = "&Review"
    icon = "review"
    shortcut = "Ctrl+R"
    tip = "Questions from earlier lessons, brought back to help them stay (Ctrl+R)"

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        life = self.session.store_life
        life.opened.connect(lambda _snapshot: self._set_store())
        life.closed.connect(self._set_store)

    @property
    def view(self) -> ReviewView:
        from ui.review_view import ReviewView

        widget = self.widget
        assert isinstance(widget, ReviewView)
        return widget

    def make(self) -> QWidget:
        from ui.review_view import ReviewView

        view = ReviewView(self.session.store)
        view.finished.connect(lambda: self.host.show_page("home"))
        view.reviewed.connect(self.session.progress.refresh)
        view.save_failed.connect(self.host.show_notice)
        return view

    def shown(self) -> None:
        view = self.view
        view.set_store(self.session.store)
        if view.current is None:  # not in the middle of a session: start a new one
            course = self.session.course
            view.set_courses([course] if course is not None else [])
            view.start()
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_store(self) -> None:
        if self.is_made:
            self.view.set_store(self.session.store)
