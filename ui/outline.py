"""The course outline: a QAbstractItemModel of modules > lessons with status, and its view.

`OutlineModel` adapts a `course.model.Course` plus a {lesson id: LessonStatus} map for
Qt views; the main window calls `set_statuses` whenever progress changes, so the tree
updates live. Modules show a progress bar (done lessons out of all).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from course.model import Course
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
    }
)

# internalId 0 marks a module row; a lesson row stores its module's row + 1.
_MODULE = 0


class OutlineModel(QAbstractItemModel):
    """Modules (top level) and their lessons (children), two columns: title and progress."""

    COLUMNS = ("Lesson", "Progress")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._course: Course | None = None
        self._statuses: dict[str, LessonStatus] = {}
        self._icons: dict[LessonStatus, QIcon] = {}

    # --- data in -------------------------------------------------------------------------
    def course(self) -> Course | None:
        return self._course

    def set_course(self, course: Course | None) -> None:
        self.beginResetModel()
        self._course = course
        self._statuses = {}
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
        last = self.columnCount() - 1
        for m_row, module in enumerate(self._course.modules):
            changed = [
                l_row
                for l_row, lesson in enumerate(module.lessons)
                if old.get(lesson.id, LessonStatus.NOT_STARTED)
                != self._statuses.get(lesson.id, LessonStatus.NOT_STARTED)
            ]
            if not changed:
                continue
            parent = self.index(m_row, 0)
            self.dataChanged.emit(
                self.index(min(changed), 0, parent), self.index(max(changed), last, parent)
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
        if self._course is None:
            return QModelIndex()
        for m_row, module in enumerate(self._course.modules):
            for l_row, lesson in enumerate(module.lessons):
                if lesson.id == lesson_id:
                    return self.index(l_row, 0, self.index(m_row, 0))
        return QModelIndex()

    # --- QAbstractItemModel ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _MODULE)
        if parent.internalId() == _MODULE:
            return self.createIndex(row, column, parent.row() + 1)
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

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or not index.isValid() or self._course is None:
            return None
        if index.internalId() == _MODULE:
            return self._module_data(index.row(), index.column(), role)
        module = self._course.modules[index.internalId() - 1]
        lesson = module.lessons[index.row()]
        status = self.status(lesson.id)
        label = STATUS_LABELS[status]
        if role == Qt.ItemDataRole.DisplayRole:
            return lesson.title if index.column() == 0 else label
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icon(status)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{lesson.title}: {label.lower()}, about {lesson.minutes} minutes"
        if role == LESSON_ID_ROLE:
            return lesson.id
        if role == MODULE_ID_ROLE:
            return module.id
        if role == STATUS_ROLE:
            return status.value  # a plain str: Qt hands enums back as their value anyway
        if role == KIND_ROLE:
            return "lesson"
        return None

    def _module_data(self, row: int, column: int, role: int) -> Any:
        assert self._course is not None
        module = self._course.modules[row]
        done, total = self.module_progress(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return module.title if column == 0 else f"{done} of {total} done"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{module.title}: {done} of {total} lessons done"
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


class _ProgressDelegate(QStyledItemDelegate):
    """Draws a module's progress column as a slim bar under its "n of m done" text.

    Painted by hand rather than through the style's progress bar, which ignores the
    app's style sheet inside item views and looks different on every platform.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        percent = index.data(PROGRESS_ROLE)
        if index.column() != 1 or percent is None:
            super().paint(painter, option, index)
            return
        # Background (selection, focus) as for any cell, then our text and bar on top.
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        widget = plain.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
        rect = QRect(option.rect).adjusted(4, 3, -6, -3)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar_height = max(4, rect.height() // 5)
        bar = QRect(rect.left(), rect.bottom() - bar_height + 1, rect.width(), bar_height)
        text_rect = QRect(rect.left(), rect.top(), rect.width(), rect.height() - bar_height - 1)
        painter.setPen(palette.color(text_role))
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            str(index.data(Qt.ItemDataRole.DisplayRole)),
        )
        track = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 2, 2)
        done = QRect(bar)
        done.setWidth(round(bar.width() * int(percent) / 100))
        if done.width() > 0:
            painter.setBrush(
                palette.color(
                    QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
                )
            )
            painter.drawRoundedRect(done, 2, 2)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 96), max(hint.height(), 30))


class OutlineView(QTreeView):
    """The outline tree. Enter, Space or a double-click opens the lesson.

    Signals: lesson_activated(str) with the lesson id.
    """

    lesson_activated = Signal(str)

    def __init__(self, model: OutlineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName("outline")
        self.setAccessibleName("Course outline")
        self.setAccessibleDescription(
            "Modules and lessons of the course, with your progress. Press Enter to open a lesson."
        )
        self.setItemDelegateForColumn(1, _ProgressDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(False)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        metrics = self.fontMetrics()
        header.resizeSection(
            1, max(metrics.horizontalAdvance(t) for t in STATUS_LABELS.values()) + 24
        )
        self.activated.connect(self._on_activated)
        model.modelReset.connect(self.expandAll)

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
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
