"""The main window's pages, registered in one place.

A new page is one module here with a `Page` subclass, plus one line in `PAGES`. The
frame builds the navigation (buttons, View menu entries, shortcuts) from this list, in
this order; see docs/architecture.md.
"""

from __future__ import annotations

from ui.pages.base import Page, PageHost
from ui.pages.home import HomeController
from ui.pages.insights import InsightsController
from ui.pages.journal import JournalController
from ui.pages.lesson import LessonController
from ui.pages.library import LibraryController
from ui.pages.review import ReviewController
from ui.pages.search import SearchController
from ui.pages.workspace import WorkspaceController

PAGES: tuple[type[Page], ...] = (
    WorkspaceController,  # only in the therapist's workspace profile (`available`)
    HomeController,
    LibraryController,
    JournalController,
    ReviewController,
    SearchController,
    InsightsController,
    LessonController,
)

__all__ = ["PAGES", "Page", "PageHost"]
