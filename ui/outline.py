"""The course outline: a QAbstractItemModel of modules > lessons with status, and its view.

`OutlineModel` adapts a `course.model.Course` plus a {lesson id: LessonStatus} map for
Qt views; the main window calls `set_statuses` whenever progress changes, so the tree
updates live. One column: a lesson shows its full title (wrapped, never cut short) after
a status mark drawn in the theme's text colour, with the status in its accessible name;
a module shows its title, "n of m done" and a slim progress bar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from course.model import Course
from course.wording import count, count_of
from ui.theme import icon_path

_Index = QModelIndex | QPersistentModelIndex


class LessonStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    QUIZ_PASSED = "quiz_passed"


STATUS_LABELS = {
    LessonStatus.NOT_STARTED: "Not started",
    LessonStatus.IN_PROGRESS: "In progress",
    LessonStatus.DONE: "Done",
    LessonStatus.QUIZ_PASSED: "Done, quiz passed",
}
FINISHED = frozenset({LessonStatus.DONE, LessonStatus.QUIZ_PASSED})

LESSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3  # module: percent of lessons finished
KIND_ROLE = Qt.ItemDataRole.UserRole + 4  # "module" or "lesson"
MODULE_ID_ROLE = Qt.ItemDataRole.UserRole + 5
PROGRESS_TEXT_ROLE = Qt.ItemDataRole.UserRole + 6  # module: "n of m done"
# The roles data() answers. Views ask for about a dozen roles per cell on every paint
# (font, colours, alignment, check state, size...); the rest get None straight away.
_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        LESSON_ID_ROLE,
        STATUS_ROLE,
        PROGRESS_ROLE,
        KIND_ROLE,
        MODULE_ID_ROLE,
        PROGRESS_TEXT_ROLE,
    }
)

_WRAP_TOP_LEFT = int(
    Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
)

# internalId 0 marks a module row; a lesson row stores its module's row + 1.
_MODULE = 0
_MODULE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LESSON_FLAGS = _MODULE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class OutlineModel(QAbstractItemModel):
    """Modules (top level) and their lessons (children), in one column."""

    COLUMNS = ("Lesson",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._course: Course | None = None
        self._statuses: dict[str, LessonStatus] = {}
        self._places: dict[str, tuple[int, int]] = {}
        self._icons: dict[LessonStatus, QIcon] = {}

    # --- data in -------------------------------------------------------------------------
    def course(self) -> Course | None:
        return self._course

    def set_course(
        self, course: Course | None, statuses: Mapping[str, LessonStatus] | None = None
    ) -> None:
        """Show `course`, with `statuses` if they are known already (read with the course):
        then they are drawn with it, not changed row by row after it."""
        self.beginResetModel()
        self._course = course
        self._statuses = dict(statuses or {})
        # Once per course: where each lesson's row is (module row, row in the module).
        self._places = {
            lesson.id: (m_row, l_row)
            for m_row, module in enumerate(course.modules if course is not None else ())
            for l_row, lesson in enumerate(module.lessons)
        }
        self.endResetModel()

    def status(self, lesson_id: str) -> LessonStatus:
        return self._statuses.get(lesson_id, LessonStatus.NOT_STARTED)

    def set_statuses(self, statuses: dict[str, LessonStatus]) -> None:
        """Replace the status map; only rows whose status changed are repainted."""
        if self._course is None:
            self._statuses = dict(statuses)
            return
        old = self._statuses
        self._statuses = dict(statuses)
        # Only the lessons whose status moved, found from the two maps (a lesson opening
        # changes one of a thousand); each module's changed rows repaint as one range.
        changed: dict[int, list[int]] = {}
        for lesson_id in old.keys() | self._statuses.keys():
            place = self._places.get(lesson_id)
            if place is not None and self.status(lesson_id) != old.get(
                lesson_id, LessonStatus.NOT_STARTED
            ):
                changed.setdefault(place[0], []).append(place[1])
        last = self.columnCount() - 1
        for m_row, rows in sorted(changed.items()):
            parent = self.index(m_row, 0)
            self.dataChanged.emit(
                self.index(min(rows), 0, parent), self.index(max(rows), last, parent)
            )
            self.dataChanged.emit(parent, self.index(m_row, last))

    def set_status(self, lesson_id: str, status: LessonStatus) -> None:
        statuses = dict(self._statuses)
        statuses[lesson_id] = status
        self.set_statuses(statuses)

    def module_progress(self, module_row: int) -> tuple[int, int]:
        """(finished lessons, all lessons) of a module."""
        assert self._course is not None
        lessons = self._course.modules[module_row].lessons
        return sum(1 for lesson in lessons if self.status(lesson.id) in FINISHED), len(lessons)

    def index_of_lesson(self, lesson_id: str) -> QModelIndex:
        place = self._places.get(lesson_id)
        if place is None:
            return QModelIndex()
        return self.index(place[1], 0, self.index(place[0], 0))

    # --- QAbstractItemModel ----------------------------------------------------------------
    # index(), flags() and hasChildren() answer without calling back into the model:
    # a tree view lays out every row of an expanded outline through them (a thousand
    # lessons: thousands of calls into Python on a course switch), and the default
    # hasIndex() and hasChildren() would each add rowCount() and columnCount() calls.
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        course = self._course
        if course is None or column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _MODULE) if row < len(course.modules) else QModelIndex()
        module = parent.row()
        if (
            parent.internalId() == _MODULE
            and parent.column() == 0
            and module < len(course.modules)
            and row < len(course.modules[module].lessons)
        ):
            return self.createIndex(row, 0, module + 1)
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _MODULE:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _MODULE)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if self._course is None:
            return 0
        if not parent.isValid():
            return len(self._course.modules)
        if parent.column() != 0:
            return 0
        if parent.internalId() == _MODULE:
            return len(self._course.modules[parent.row()].lessons)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if self._course is None:
            return False
        if not parent.isValid():
            return bool(self._course.modules)
        return parent.internalId() == _MODULE and parent.column() == 0

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _MODULE:
            return _MODULE_FLAGS
        return _LESSON_FLAGS  # "never has children": the view does not ask

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or not index.isValid() or self._course is None:
            return None
        if index.internalId() == _MODULE:
            return self._module_data(index.row(), role)
        module = self._course.modules[index.internalId() - 1]
        lesson = module.lessons[index.row()]
        status = self.status(lesson.id)
        label = STATUS_LABELS[status]
        if role == Qt.ItemDataRole.DisplayRole:
            return lesson.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(status)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{lesson.title}: {label.lower()}, about {count(lesson.minutes, 'minute')}"
        if role == LESSON_ID_ROLE:
            return lesson.id
        if role == MODULE_ID_ROLE:
            return module.id
        if role == STATUS_ROLE:
            return status.value  # a plain str: Qt hands enums back as their value anyway
        if role == KIND_ROLE:
            return "lesson"
        return None

    def _module_data(self, row: int, role: int) -> Any:
        assert self._course is not None
        module = self._course.modules[row]
        done, total = self.module_progress(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return module.title
        if role == PROGRESS_TEXT_ROLE:
            return f"{done} of {total} done"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{module.title}: {count_of(done, total, 'lesson')} done"
        if role == PROGRESS_ROLE:
            return round(100 * done / total) if total else 0
        if role == MODULE_ID_ROLE:
            return module.id
        if role == KIND_ROLE:
            return "module"
        return None

    def _icon(self, status: LessonStatus) -> QIcon:
        if status not in self._icons:
            self._icons[status] = QIcon(icon_path(f"status-{status.value.replace('_', '-')}"))
        return self._icons[status]


class _OutlineDelegate(QStyledItemDelegate):
    """Draws outline rows: a lesson's status mark and wrapped title; a module's title,
    count and slim progress bar.

    Painted by hand rather than through the style, which ignores the app's style sheet
    inside item views and elides long titles. Colours come from the palette, which the
    theme builds from its tokens, so the high-contrast theme stays high contrast.
    """

    PAD = 6
    MARK = 14

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def _text_width(self, option: QStyleOptionViewItem, index: _Index) -> int:
        width = option.rect.width()
        if width <= 0:
            depth = 1 if index.parent().isValid() else 0
            width = self._view.viewport().width() - self._view.indentation() * (depth + 1)
        if index.data(KIND_ROLE) == "lesson":
            width -= self.MARK + self.PAD
        return max(40, width - 2 * self.PAD)

    def _title_font(self, option: QStyleOptionViewItem, index: _Index) -> QFont:
        font = QFont(option.font)
        if index.data(KIND_ROLE) == "module":
            font.setBold(True)
        return font

    def _title_height(self, option: QStyleOptionViewItem, index: _Index, width: int) -> int:
        metrics = QFontMetrics(self._title_font(option, index))
        flags = int(Qt.TextFlag.TextWordWrap)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = self._text_width(option, index)
        height = self._title_height(option, index, width) + 2 * self.PAD
        if index.data(KIND_ROLE) == "module":
            height += QFontMetrics(option.font).height() + 8
        return QSize(width, max(height, 30))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # Background (selection, focus) as for any cell, then our text on top.
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        plain.icon = QIcon()
        widget = plain.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect = QRect(option.rect).adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        flags = int(
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if index.data(KIND_ROLE) == "lesson":
            top = rect.top() + (QFontMetrics(option.font).height() - self.MARK) // 2
            mark = QRect(rect.left(), top, self.MARK, self.MARK)
            _draw_status(painter, mark, str(index.data(STATUS_ROLE)), ink, palette, selected)
            rect.setLeft(rect.left() + self.MARK + self.PAD)
            painter.setPen(ink)
            painter.setFont(option.font)
            painter.drawText(rect, flags, title)
        else:
            painter.setFont(self._title_font(option, index))
            painter.setPen(ink)
            title_height = self._title_height(option, index, rect.width())
            painter.drawText(rect, flags, title)
            painter.setFont(option.font)
            line = QFontMetrics(option.font).height()
            count = QRect(rect.left(), rect.top() + title_height + 2, rect.width(), line)
            painter.drawText(count, flags, str(index.data(PROGRESS_TEXT_ROLE) or ""))
            percent = int(index.data(PROGRESS_ROLE) or 0)
            bar = QRect(rect.left(), count.bottom() + 3, min(rect.width(), 160), 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Mid))
            painter.drawRoundedRect(bar, 2, 2)
            done = QRect(bar)
            done.setWidth(round(bar.width() * percent / 100))
            if done.width() > 0:
                accent = (
                    QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
                )
                painter.setBrush(palette.color(accent))
                painter.drawRoundedRect(done, 2, 2)
        painter.restore()


def _draw_status(
    painter: QPainter, rect: QRect, status: str, ink: QColor, palette: QPalette, selected: bool
) -> None:
    """A status mark in the text colour: ring (not started), half-filled ring (in
    progress), filled disc with a tick (done), and with a second ring (quiz passed)."""
    pen = QPen(ink, 1.6)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    circle = QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5)
    if status == LessonStatus.IN_PROGRESS.value:
        painter.drawEllipse(circle)
        painter.setBrush(ink)
        painter.drawPie(circle, 90 * 16, 180 * 16)
    elif status in (LessonStatus.DONE.value, LessonStatus.QUIZ_PASSED.value):
        painter.setBrush(ink)
        painter.drawEllipse(circle)
        back = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        tick = QPen(back, 1.8)
        painter.setPen(tick)
        c = circle
        painter.drawPolyline(
            [
                QPointF(c.left() + c.width() * 0.27, c.top() + c.height() * 0.52),
                QPointF(c.left() + c.width() * 0.45, c.top() + c.height() * 0.70),
                QPointF(c.left() + c.width() * 0.75, c.top() + c.height() * 0.32),
            ]
        )
        if status == LessonStatus.QUIZ_PASSED.value:
            painter.setPen(QPen(ink, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(rect).adjusted(-1.5, -1.5, 1.5, 1.5))
    else:
        painter.drawEllipse(circle)


#: Rows measured ahead per turn of the event loop (about 4 ms on a loaded machine)...
MEASURE_ROWS = 100
#: ...starting this long after the outline was laid out anew (after its paint).
MEASURE_DELAY_MS = 100


class OutlineView(QTreeView):
    """The outline tree. Enter, Space or a double-click opens the lesson.

    Signals: lesson_activated(str) with the lesson id.
    """

    lesson_activated = Signal(str)

    def __init__(self, model: OutlineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, the same plain QWidget Qt would make: handed the one Qt
        # made, PySide looks for its most derived type and makes a Python type (with its
        # enums) for every QWidget subclass on the way, about 25 ms before the first frame.
        self.setViewport(QWidget())
        self.setModel(model)
        self.setObjectName("outline")
        self.setAccessibleName("Course outline")
        self.setAccessibleDescription(
            "Modules and lessons of the course, with your progress. Press Enter to open a lesson."
        )
        self.setItemDelegate(_OutlineDelegate(self))
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(False)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(True)
        self.header().setStretchLastSection(True)
        self.activated.connect(self._on_activated)
        model.modelReset.connect(self.expandAll)
        model.modelReset.connect(self.measure_rows_soon)
        self.expandAll()
        # Rows are measured (wrapped titles, by the delegate) on first need and kept: the
        # first scroll to the end of a 1,000-lesson outline measured every row above it,
        # about 40 ms inside a lesson opening. They are measured ahead instead, a slice of
        # rows per turn of the event loop, whenever the outline is laid out anew.
        self._unmeasured: list[QModelIndex] | None = []
        self._measure_timer = QTimer(self)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.timeout.connect(self._measure_some_rows)
        self._scroll_when_measured = False
        self.measure_rows_soon()

    def measure_rows_soon(self) -> None:
        """Measure every row's height ahead of need, MEASURE_ROWS rows per turn."""
        self._unmeasured = None  # listed in the first turn, not while the view lays out
        self._measure_timer.start(MEASURE_DELAY_MS)

    def unmeasured_rows(self) -> int:
        """Rows still to measure (1 until they are listed)."""
        return 1 if self._unmeasured is None else len(self._unmeasured)

    def _measure_some_rows(self) -> None:
        if self._unmeasured is None:
            model = self.model()
            rows: list[QModelIndex] = []
            for row in range(model.rowCount()):  # in the order shown: a module, its lessons
                module = model.index(row, 0)
                rows.append(module)
                rows += [model.index(r, 0, module) for r in range(model.rowCount(module))]
            self._unmeasured = rows
        some, self._unmeasured = self._unmeasured[:MEASURE_ROWS], self._unmeasured[MEASURE_ROWS:]
        for index in some:
            if index.isValid():
                self.rowHeight(index)  # measured by the delegate, and kept by the view
        if self._unmeasured:
            self._measure_timer.start(0)
        elif self._scroll_when_measured:
            self._scroll_when_measured = False
            self.scrollTo(self.currentIndex())
            self.viewport().update()

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if self.unmeasured_rows() and top_left == bottom_right:
            # A row's status changed (a lesson just opened) before the rows are measured:
            # finding where it is to repaint it would measure every row down to it, as
            # select_lesson would. A row's height never depends on its status, so the
            # rows on show are repainted instead (a lesson far down is not on show).
            self.viewport().update()
            return
        super().dataChanged(top_left, bottom_right, list(roles))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # wrapped titles need new row heights
            self.measure_rows_soon()

    def _on_activated(self, index: QModelIndex) -> None:
        lesson_id = index.data(LESSON_ID_ROLE)
        if lesson_id:
            self.lesson_activated.emit(lesson_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Space opens a lesson too: Enter alone is easy to miss for keyboard users.
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            self._on_activated(self.currentIndex())
            return
        super().keyPressEvent(event)

    def select_lesson(self, lesson_id: str) -> None:
        model = self.model()
        assert isinstance(model, OutlineModel)
        index = model.index_of_lesson(lesson_id)
        if not index.isValid():
            return
        if self.unmeasured_rows() == 0:
            self.setCurrentIndex(index)
            self.scrollTo(index)
            return
        # Rows not measured yet (a course just shown, a new width): the view would measure
        # every row above this one to draw or scroll to it, inside the lesson opening that
        # asked (about 30 ms far down a 1,000-lesson outline, issue 14). The lesson is made
        # current at once, quietly, and shown (scrolled to, drawn) once the rows are measured.
        selection = self.selectionModel()
        was_blocked = selection.blockSignals(True)
        try:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
        finally:
            selection.blockSignals(was_blocked)
        self._scroll_when_measured = True
