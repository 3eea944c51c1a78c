"""The left side of the window: one button per registered page, the course outline, and
the quiet actions (settings, quick-hide) at the bottom.

The buttons are made from the page actions the frame builds out of `ui.pages.PAGES`, so
a new page appears here by being registered. The outline shows the current course in
full, so the side stays on screen while a lesson is read (F11 hides it for reading).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from ui.outline import OutlineView


class NavigationBar(QFrame):
    """Page buttons, the outline and the bottom actions, in reading order for Tab."""

    def __init__(
        self,
        page_actions: Iterable[QAction],
        outline: OutlineView,
        bottom_actions: Iterable[QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Navigation")
        self.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for action in page_actions:
            button = self._button(action, "navButton")
            layout.addWidget(button)
        self.course_title = QLabel("")
        self.course_title.setObjectName("navHeading")
        self.course_title.setWordWrap(True)
        self.course_title.setTextFormat(Qt.TextFormat.PlainText)  # a course's words, never markup
        layout.addSpacing(12)
        layout.addWidget(self.course_title)
        self.outline = outline
        layout.addWidget(outline, 1)
        layout.addSpacing(6)
        for action in bottom_actions:
            layout.addWidget(self._button(action, "navQuiet"))

    def _button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIconSize(QSize(18, 18))
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setSizePolicy(button.sizePolicy().Policy.Expanding, button.sizePolicy().Policy.Fixed)
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        self.buttons[action.text().replace("&", "").rstrip("…")] = button
        return button

    def button_for(self, action: QAction) -> QToolButton | None:
        return next((b for b in self.buttons.values() if b.defaultAction() is action), None)

    def set_course_title(self, title: str) -> None:
        self.course_title.setText(title)
        self.course_title.setAccessibleName(f"Course: {title}" if title else "No course")
