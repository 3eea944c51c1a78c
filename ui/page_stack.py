"""The window's pages in one stack: each made on first use, one current at a time.

Signals: page_changed(str) the key of the page just made current.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.pages.base import Page


class PageStack(QStackedWidget):
    page_changed = Signal(str)

    def __init__(self, pages: Iterable[Page], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pages")
        self.pages = list(pages)
        self.by_key = {page.key: page for page in self.pages}
        for page in self.pages:
            if page.made_at_start:
                self.addWidget(page.widget)

    def page(self, key: str) -> Page:
        return self.by_key[key]

    def widget_for(self, key: str) -> QWidget:
        """The page's widget, made (and put in the stack) on first use."""
        page = self.by_key[key]
        made = page.is_made
        widget = page.widget
        if not made or self.indexOf(widget) < 0:
            self.addWidget(widget)
        return widget

    def current(self) -> Page | None:
        widget = self.currentWidget()
        return next((p for p in self.pages if p.is_made and p.widget is widget), None)

    def leave_all(self) -> None:
        """Save whatever the pages hold before the page changes (or the window locks)."""
        for page in self.pages:
            if page.is_made:
                page.leave()

    def show_page(self, key: str) -> None:
        """Leave the pages, make `key` current and let it refresh."""
        self.leave_all()
        self.make_current(key)
        self.by_key[key].shown()

    def make_current(self, key: str) -> None:
        """Only bring `key` to the front (the caller has left the others)."""
        self.setCurrentWidget(self.widget_for(key))
        self.page_changed.emit(key)
