"""Home's "Your progress": one row per module (title, bar, "n of m"), as a model and a view.

A row of widgets per module (a label, a progress bar, a count) cost a big course's first
showing about 1.4 ms a module to make and polish, most of it in one turn of the event
loop: 40 modules stalled the window for 50-70 ms on a course switch (issue 14). A list
model drawn by one delegate costs the same for 5 modules or 500, and a change of
progress repaints only the rows that changed. The view is as tall as its rows (it never
scrolls itself: Home scrolls), takes no focus (the rows are not controls, as the labels
were not), and each row names itself to assistive technology ("Module: 3 of 25 lessons
done"), as the bars did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListView,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from course.wording import count_of

_Index = QModelIndex | QPersistentModelIndex

_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
_WRAP = int(Qt.TextFlag.TextWordWrap) | _TOP_LEFT
DONE_ROLE = Qt.ItemDataRole.UserRole + 1  # lessons finished
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 2  # lessons in the module


@dataclass(frozen=True)
class ModuleRow:
    title: str
    done: int
    total: int


class ModuleProgressModel(QAbstractListModel):
    """The modules' rows; `set_rows` repaints only the rows that changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ModuleRow] = []

    def rows(self) -> list[ModuleRow]:
        return list(self._rows)

    def widest_count(self) -> str:
        """The longest "n of m" any row can show, for the width of its column."""
        return max((f"{r.total} of {r.total}" for r in self._rows), key=len, default="0 of 0")

    def set_rows(self, rows: list[ModuleRow]) -> None:
        """Show `rows`: the same modules again (progress moved on) update in place."""
        rows = list(rows)
        if [row.title for row in rows] != [row.title for row in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        old, self._rows = self._rows, rows
        for n, (before, after) in enumerate(zip(old, rows, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(n), self.index(n))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Shown, not chosen: nothing to select or activate.
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return f"{row.title}: {count_of(row.done, row.total, 'lesson')} done"
        if role == DONE_ROLE:
            return row.done
        if role == TOTAL_ROLE:
            return row.total
        return None


class _ModuleRowDelegate(QStyledItemDelegate):
    """Title (wrapped, never cut short) | bar | "n of m", in the theme's colours.

    The columns share the width as Home's grid did (title 3, bar 2, count as wide as
    its text), with the bar drawn like the app's progress bars (track, accent).
    """

    GAP = 16  # between the columns
    PAD = 7  # above and below a row: the rows' pitch of Home's former grid
    BAR = 8  # the bar's height, as QProgressBar's style sheet has it

    def __init__(self, view: ModuleProgressList) -> None:
        super().__init__(view)
        self._view = view

    def columns(self, width: int, option: QStyleOptionViewItem) -> tuple[int, int, int]:
        """The widths of title, bar and count for a row `width` wide."""
        model = self._view.progress_model
        count = QFontMetrics(option.font).horizontalAdvance(model.widest_count())
        rest = max(60, width - count - 2 * self.GAP)
        title = rest * 3 // 5
        return title, rest - title, count

    def _title_height(self, option: QStyleOptionViewItem, text: str, width: int) -> int:
        metrics = QFontMetrics(option.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text).height()

    def row_height(self, option: QStyleOptionViewItem, index: _Index, width: int) -> int:
        title, _bar, _count = self.columns(width, option)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        line = QFontMetrics(option.font).height()
        return max(self._title_height(option, text, title), line) + 2 * self.PAD

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = self._view.viewport().width()
        return QSize(width, self.row_height(option, index, width))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # The theme's own palette: a style sheet on item views gives them another, whose
        # placeholder (muted) colour is a faded text colour, not the theme's muted.
        palette = QApplication.palette()
        rect = QRect(option.rect).adjusted(0, self.PAD, 0, -self.PAD)
        title_w, bar_w, count_w = self.columns(option.rect.width(), option)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        done, total = int(index.data(DONE_ROLE) or 0), int(index.data(TOTAL_ROLE) or 0)
        line = QFontMetrics(option.font).height()
        painter.save()
        painter.setFont(option.font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(rect.left(), rect.top(), title_w, rect.height()), _WRAP, text)
        # Bar and count sit on the title's first line, as in a grid row centred on it.
        bar = QRect(rect.left() + title_w + self.GAP, rect.top() + (line - self.BAR) // 2, bar_w, 8)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))  # the theme's track
        painter.drawRoundedRect(bar, 4, 4)
        filled = QRect(bar)
        filled.setWidth(round(bar.width() * done / total) if total else 0)
        if filled.width() > 0:
            painter.setBrush(palette.color(QPalette.ColorRole.Accent))
            painter.drawRoundedRect(filled, 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))  # muted
        count = QRect(bar.right() + 1 + self.GAP, rect.top(), count_w, line)
        painter.drawText(count, _TOP_LEFT, f"{done} of {total}")
        painter.restore()


class ModuleProgressList(QListView):
    """The rows of `ModuleProgressModel`, as tall as they are (Home scrolls, not this)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewport(QWidget())  # see OutlineView: a plain viewport, made here
        self.progress_model = ModuleProgressModel(self)
        self.setModel(self.progress_model)
        self._delegate = _ModuleRowDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setObjectName("moduleProgress")
        self.setAccessibleName("Your progress, by module")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # Height for a width, kept until the rows, the font or the style change: laying
        # out Home, Qt asks for the same few widths some 25 times before the first frame.
        self._heights: dict[int, int] = {}
        model = self.progress_model
        model.modelReset.connect(self._rows_changed)
        model.dataChanged.connect(lambda *_args: self._rows_changed())

    def _rows_changed(self) -> None:
        self._heights.clear()
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def set_rows(self, rows: list[ModuleRow]) -> None:
        self.progress_model.set_rows(rows)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            model = self.progress_model
            rows = range(model.rowCount())
            height = sum(self._delegate.row_height(option, model.index(n), width) for n in rows)
            self._heights[width] = height
        return height

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(max(self.width(), 200)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped titles: another height
            self.scheduleDelayedItemsLayout()
