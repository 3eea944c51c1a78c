"""The window's main page: the navigation (page buttons, the course outline, the quiet
actions) beside the page area (a way out of reading mode, the reminder bar, the notice
line and the page stack), with distraction-free reading mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QToolButton, QVBoxLayout, QWidget

from ui.check_in_reminder import ReminderBar
from ui.navigation import NavigationBar
from ui.outline import LessonStatus, OutlineModel, OutlineView

if TYPE_CHECKING:
    from collections.abc import Mapping

    from course.model import Course
    from ui.actions import Commands
    from ui.page_stack import PageStack


class MainArea(QWidget):
    def __init__(self, pages: PageStack, commands: Commands, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
        self.reading_action = commands["reading"]
        self.outline_model = OutlineModel(self)
        self.outline = OutlineView(self.outline_model)
        self.navigation = NavigationBar(
            commands.page_actions.values(), self.outline, commands.navigation_bottom()
        )

        self.notice = QLabel("")
        self.notice.setObjectName("errorText")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        self.reminder_bar = ReminderBar()
        self.leave_reading = QToolButton()
        self.leave_reading.setObjectName("navQuiet")
        self.leave_reading.setDefaultAction(self.reading_action)
        self.leave_reading.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.leave_reading.hide()
        page_area = QWidget()
        page_area.setObjectName("pageArea")
        area = QVBoxLayout(page_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        area.addWidget(self.leave_reading, 0, Qt.AlignmentFlag.AlignLeft)
        area.addWidget(self.reminder_bar)
        area.addWidget(self.notice)
        area.addWidget(pages, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(page_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 780])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_course(
        self, course: Course | None, statuses: Mapping[str, LessonStatus] | None = None
    ) -> None:
        """Show `course` in the outline, with its lessons' `statuses` if already known."""
        self.outline_model.set_course(course, statuses)
        self.navigation.set_course_title(course.title if course is not None else "")

    # -- reading mode -----------------------------------------------------------------
    def toggle_reading_mode(self) -> None:
        self.set_reading_mode(self.navigation.isVisible())

    def set_reading_mode(self, reading: bool) -> None:
        """Distraction-free reading: the navigation is hidden until F11 (or the button)."""
        self.navigation.setVisible(not reading)
        self.reading_action.setChecked(reading)
        self.reading_action.setText("Leave &reading mode" if reading else "&Reading mode")
        self.leave_reading.setVisible(reading)

    def is_reading_mode(self) -> bool:
        return self.reading_action.isChecked()

    def focus_outline(self) -> None:
        if self.is_reading_mode():
            self.set_reading_mode(False)
        self.outline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- the split, kept between runs -------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("navigation_splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("navigation_splitter", self.splitter.saveState())
