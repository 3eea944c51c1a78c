"""The library page: the installed courses, and the import flow's plain-words findings dialog.

Finding courses and installing them is `course.install`'s job; this module only shows
what it returns (anything with `root`, `course` and `findings`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from course.model import Finding, Severity
from course.versions import UpdatePreview
from course.wording import count
from ui import messages

ROOT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
_WRAP = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2  # (done, total) lessons, or None


class _CourseCard(QStyledItemDelegate):
    """Draws a course as a card: title, size, progress bar with "n of m lessons done",
    summary. The item's text stays the plain description, for screen readers and tests."""

    PAD = 14

    def _lines(self, index: _Index) -> list[str]:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = max(200, option.rect.width() or 600) - 2 * self.PAD
        metrics = QFontMetrics(option.font)
        height = 2 * self.PAD + 8
        for line in self._lines(index):
            height += metrics.boundingRect(QRect(0, 0, width, 10_000), _WRAP, line).height() + 4
        if index.data(PROGRESS_ROLE) is not None:
            height += 16
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        role = QPalette.ColorRole
        card = QRect(option.rect).adjusted(2, 4, -2, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(
            QPen(palette.color(role.Highlight if selected else role.Mid), 2 if selected else 1)
        )
        painter.setBrush(palette.color(role.Base))
        painter.drawRoundedRect(card, 10, 10)
        if focused:
            painter.setPen(QPen(palette.color(role.Highlight), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(3, 3, -3, -3), 8, 8)
        inner = card.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        lines = self._lines(index)
        y = inner.top()
        ink = palette.color(
            QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled, role.Text
        )
        muted = palette.color(role.PlaceholderText)
        for i, line in enumerate(lines):
            font = QFont(option.font)
            if i == 0:
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.15)
            painter.setFont(font)
            painter.setPen(muted if i == 1 else ink)  # the size line is quieter
            rect = QFontMetrics(font).boundingRect(
                QRect(inner.left(), y, inner.width(), 10_000), _WRAP, line
            )
            painter.drawText(QRect(inner.left(), y, inner.width(), rect.height()), _WRAP, line)
            y += rect.height() + 4
            progress = index.data(PROGRESS_ROLE)
            if i == 1 and progress is not None:
                done, total = progress
                bar = QRect(inner.left(), y + 2, min(inner.width(), 240), 8)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.color(role.Mid))
                painter.drawRoundedRect(bar, 4, 4)
                if total and done:
                    filled = QRect(bar)
                    filled.setWidth(round(bar.width() * done / total))
                    painter.setBrush(palette.color(role.Accent))
                    painter.drawRoundedRect(filled, 4, 4)
                y += 16
        painter.restore()


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
        self.list.setObjectName("courseCards")
        self.list.setItemDelegate(_CourseCard(self.list))
        self.list.setSpacing(4)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        for finding in findings:
            self.list.addItem(finding_in_plain_words(finding))
        self.list.setVisible(bool(findings))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("OK")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def _lesson_lines(preview: UpdatePreview) -> list[str]:
    """The lessons a new version adds, changes and leaves out, one line each, in words."""
    diff = preview.diff
    lines = [f"New: {c.title}" for c in diff.lessons_added]
    lines += [f"Changed: {c.title} ({c.detail})" for c in diff.lessons_changed]
    return lines + [f"No longer in this version: {c.title}" for c in diff.lessons_removed]


class CourseUpdateDialog(QDialog):
    """What a new version of an installed course changes, before the learner accepts it.

    Enter installs a newer (or same-numbered) version and Escape keeps what is there;
    for an older version, Enter keeps the newer one and installing takes a deliberate
    choice (Tab to the button). An older version cannot replace one that shipped with
    the app: the dialog then only explains.
    """

    def __init__(self, preview: UpdatePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        diff = preview.diff
        self.preview = preview
        self.setWindowTitle(messages.UPDATE_TITLE)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        older = diff.direction < 0
        if older and not preview.replaceable:
            text = messages.UPDATE_OLDER_SHIPPED
        elif older:
            text = messages.UPDATE_OLDER
        elif diff.direction == 0:
            text = messages.UPDATE_SAME
        else:
            text = messages.UPDATE_NEWER
        self.headline = QLabel(
            text.format(title=preview.title, new=diff.new_version, old=diff.old_version)
        )
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.headline)
        self.list = QListWidget()
        self.list.setAccessibleName("What changed")
        self.list.setWordWrap(True)
        for line in _lesson_lines(preview) or [messages.UPDATE_NO_LESSON_CHANGES]:
            self.list.addItem(line)
        layout.addWidget(self.list)
        self.kept = QLabel(messages.UPDATE_KEPT if diff.lessons_removed or diff.changes else "")
        self.kept.setWordWrap(True)
        self.kept.setVisible(bool(self.kept.text()))
        layout.addWidget(self.kept)
        # Plain buttons, not a QDialogButtonBox: tabbing into a button box lands on its
        # default button only, and "Install the older version" must be reachable by Tab.
        row = QHBoxLayout()
        row.addStretch(1)
        self.install_button: QPushButton | None = None
        if older and not preview.replaceable:
            keep = QPushButton("OK")
        else:
            label = "Install the older version" if older else f"Install version {diff.new_version}"
            self.install_button = QPushButton(label)
            self.install_button.setDefault(not older)
            self.install_button.clicked.connect(self.accept)
            row.addWidget(self.install_button)
            keep = QPushButton(f"Keep version {diff.old_version}" if older else "Not now")
        keep.setDefault(older)
        keep.clicked.connect(self.reject)  # nothing installed: OK, Keep and Not now alike
        row.addWidget(keep)
        self.keep_button = keep
        layout.addLayout(row)
        # Focus starts on the default choice, so Enter does what the button says.
        (keep if older or self.install_button is None else self.install_button).setFocus()


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
        self.list.setObjectName("courseCards")
        self.list.setItemDelegate(_CourseCard(self.list))
        self.list.setSpacing(4)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.itemActivated.connect(self._on_activated)
        layout.addWidget(self.list, 1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: loading a course has no progress to report
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Busy")
        self.busy_label = QLabel("")
        self.busy_label.setObjectName("muted")
        self.busy_label.setAccessibleName("Library status")
        layout.addWidget(self.busy)
        layout.addWidget(self.busy_label)
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
        self._listing: tuple[tuple[Any, ...], dict[str, tuple[int, int]]] | None = None
        self.set_busy("")

    def set_busy(self, text: str) -> None:
        """Show that courses are being found or opened (`text`), or "" when that is done."""
        self.busy.setVisible(bool(text))
        self.busy_label.setText(text)
        self.busy_label.setVisible(bool(text))
        self.open_button.setEnabled(not text)

    def set_courses(
        self,
        installed: Sequence[Any],
        current_root: Path | None = None,
        progress: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        """`installed`: course cards (course_cache.CourseCard: root, title, counts, usable);
        `progress`: (lessons done, lessons) by course id, for the cards' progress bars.

        The same courses with the same progress as last time keep their cards: only the
        course on show is chosen again (each visit lists them, and most visits change
        nothing).
        """
        listing = (tuple(installed), dict(progress or {}))
        if listing == self._listing:
            self._choose(current_root)
            return
        self._listing = listing
        self.list.clear()
        for card in installed:
            if not card.usable:
                text = f"{Path(card.root).name}\nThis course can't be opened: it has problems."
            else:
                done = (progress or {}).get(card.id or "")
                parts = f"{count(card.modules, 'module')}, {count(card.lessons, 'lesson')}"
                text = f"{card.title}\n{parts}"
                if done is not None:
                    text += f", {done[0]} done"
                if card.summary:
                    text += f"\n{card.summary}"
            item = QListWidgetItem(text)
            if card.usable and (progress or {}).get(card.id or "") is not None:
                item.setData(PROGRESS_ROLE, (progress or {})[card.id or ""])
            item.setData(ROOT_ROLE, str(card.root))
            if not card.usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self._choose(current_root)

    def _choose(self, current_root: Path | None) -> None:
        """Select the course on show, else the first."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if current_root is not None and Path(item.data(ROOT_ROLE)) == Path(current_root):
                self.list.setCurrentItem(item)
                return
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
