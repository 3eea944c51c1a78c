"""What every page of the main window is: a QObject that makes its widget on first use.

A page owns its behaviour: it subscribes to the session's signals itself, saves what it
holds when the learner leaves it, and asks the frame (its `PageHost`) for the few things
only the frame can do (show another page, a notice, a dialog).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QDialog, QWidget

    from ui.appearance import Appearance
    from ui.page_stack import PageStack
    from ui.session import Session


class PageHost(Protocol):
    """What a page may ask of the frame around it."""

    session: Session
    appearance: Appearance
    pages: PageStack

    def show_page(self, key: str) -> None: ...

    def open_lesson(self, lesson_id: str, step: int | None = None) -> None: ...

    def switch_course(self, root: Path) -> None: ...

    def show_notice(self, text: str) -> None: ...

    def show_message(self, text: str) -> None: ...

    def show_dialog(self, dialog: QDialog) -> None: ...

    def dialog_parent(self) -> QWidget: ...

    def current_page(self) -> Page | None: ...

    def page(self, key: str) -> Page: ...


class Page(QObject):
    """One page in the window's page stack; subclasses say how to make and fill it.

    Class attributes describe its place in the navigation: `key` (unique), `title`
    (with an & for the mnemonic), `icon` (a file in resources/icons), `shortcut` and
    `tip` (`shortcut` may be a tuple of keys; the first is shown in menus).
    `in_navigation` is False for pages reached only from other pages (a lesson).
    `made_at_start` pages are built with the window; the rest on first use, which keeps
    the first frame cheap.
    """

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    icon: ClassVar[str] = ""
    shortcut: ClassVar[str | tuple[str, ...] | None] = None
    tip: ClassVar[str] = ""
    in_navigation: ClassVar[bool] = True
    made_at_start: ClassVar[bool] = False

    @classmethod
    def available(cls, profile: str) -> bool:
        """Whether the page is part of a window on `profile` (the workspace: only its own)."""
        return True

    def __init__(self, host: PageHost) -> None:
        super().__init__()
        self.host = host
        self.session = host.session
        self._widget: QWidget | None = None

    # -- for the frame ------------------------------------------------------------------
    @property
    def widget(self) -> QWidget:
        """The page's widget, made on first use."""
        if self._widget is None:
            self._widget = self.make()
        return self._widget

    @property
    def is_made(self) -> bool:
        return self._widget is not None

    def make(self) -> QWidget:
        raise NotImplementedError

    def shown(self) -> None:
        """The page has just become the current one (refresh, move the focus)."""

    def leave(self) -> None:
        """The page is about to be left, or the app closed: save whatever it holds."""
