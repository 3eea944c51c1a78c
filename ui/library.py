"""The library page: the installed courses, and the import flow's plain-words findings dialog.

Finding courses and installing them is `course.install`'s job; this module only shows
what it returns (anything with `root`, `course` and `findings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from course.model import Finding, Severity
from ui import messages

ROOT_ROLE = Qt.ItemDataRole.UserRole + 1


def finding_in_plain_words(finding: Finding) -> str:
    """A finding for someone who is not the author: where, then what, no jargon prefix."""
    where = finding.file if not finding.line else f"{finding.file}, line {finding.line}"
    kind = "Problem" if finding.severity is Severity.ERROR else "Note"
    return f"{kind} in {where}: {finding.message}"


class FindingsDialog(QDialog):
    """Shows an import's result: a headline and, if any, the findings in plain words."""

    def __init__(
        self, headline: str, findings: Sequence[Finding], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(messages.IMPORT_TITLE)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        label = QLabel(headline)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setAccessibleName("Findings")
        self.list.setWordWrap(True)
        for finding in findings:
            self.list.addItem(finding_in_plain_words(finding))
        self.list.setVisible(bool(findings))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("OK")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class LibraryPage(QWidget):
    """Installed courses.

    Signals: course_opened(str) with the course root; import_requested().
    """

    course_opened = Signal(str)
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        title = QLabel("Your courses")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.list = QListWidget()
        self.list.setAccessibleName("Installed courses")
        self.list.setAccessibleDescription("Press Enter to open a course")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._on_activated)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open the selected course")
        self.open_button.clicked.connect(self._open_current)
        self.import_button = QPushButton("Import course…")
        self.import_button.setAccessibleName("Import course")
        self.import_button.clicked.connect(self.import_requested)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        layout.addLayout(row)

    def set_courses(self, installed: Sequence[Any], current_root: Path | None = None) -> None:
        """`installed`: objects with `root`, `course` (or None) and `findings`."""
        self.list.clear()
        for entry in installed:
            course = entry.course
            if course is None:
                text = f"{Path(entry.root).name}\nThis course can't be opened: it has problems."
            else:
                lessons = sum(len(m.lessons) for m in course.modules)
                text = f"{course.title}\n{len(course.modules)} modules, {lessons} lessons"
                if course.summary:
                    text += f"\n{course.summary}"
            item = QListWidgetItem(text)
            item.setData(ROOT_ROLE, str(entry.root))
            if course is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            if current_root is not None and Path(entry.root) == Path(current_root):
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def _on_activated(self, item: QListWidgetItem) -> None:
        root = item.data(ROOT_ROLE)
        if root:
            self.course_opened.emit(root)

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self._on_activated(item)
