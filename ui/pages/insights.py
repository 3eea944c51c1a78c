"""Insights: the learner's feelings practice over time, and check-ins.

The page and its charts are imported when it first opens, so the first frame never pays
for them. `check_in()` is also what the menu's "Check in" and Home's button call.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from course.store.errors import StoreError  # the API's dataclasses wait for the store
from ui.pages.base import Page, PageHost

if TYPE_CHECKING:
    from ui.insights import InsightsView

log = logging.getLogger(__name__)

NO_STORE = "Check-ins are saved with your progress, which is not open just now."
READ_FAILED = "Your check-ins could not be read just now. Nothing has been lost."


class InsightsController(Page):
    key = "insights"
    title = "&Insights"
    icon = "insights"
    shortcut = "Ctrl+I"
    tip = "Your feelings practice over time (Ctrl+I)"

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        life = self.session.store_life
        life.opened.connect(lambda _snapshot: self._refresh_if_shown())
        self.session.check_in_saved.connect(self._refresh_if_shown)

    @property
    def view(self) -> InsightsView:
        from ui.insights import InsightsView

        widget = self.widget
        assert isinstance(widget, InsightsView)
        return widget

    def make(self) -> QWidget:
        from ui.insights import InsightsView

        view = InsightsView()
        view.check_in_requested.connect(self.check_in)
        return view

    def shown(self) -> None:
        self.refresh()
        self.view.check_in_button.setFocus()

    def _refresh_if_shown(self) -> None:
        if self.is_made and self.host.current_page() is self:
            self.refresh()

    def refresh(self) -> None:
        from ui.insights import insights_from
        from ui.practice_prompts import vocabulary_for

        store, course = self.session.store, self.session.course
        if store is None:
            self.view.practice_label.setText(NO_STORE)
            return
        try:
            check_ins = store.check_ins()
            ratings = store.ratings(course.id) if course is not None else []
        except StoreError:
            log.exception("reading check-ins failed")
            self.host.show_notice(READ_FAILED)
            return
        data = insights_from(check_ins, ratings, course, vocabulary_for(course), date.today())
        self.view.show_insights(data)

    def check_in(self) -> None:
        """Open "How are you right now?" (the page refreshes when one is saved)."""
        from ui.check_in import run_check_in

        run_check_in(self.host)
