"""SearchView: one field that finds lessons and the learner's own writing as they type.

Results come in two groups, Lessons and Your writing, each row a title and a short
excerpt with the matching words in bold. The course text index (course.search) and the
store's private index answer in a few tens of milliseconds, so searches run on the GUI
thread after a short pause in typing. Nothing typed here is ever saved.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from course.model import Course
from course.search import KIND_QUIZ, KIND_REFLECTION, KIND_TITLE, CourseIndex, LessonHit
from course.store import Excerpt, ProgressStore, WritingHit

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
LIMIT = 20  # per group
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2

NOTHING_FOUND = "Nothing found for that. Try a shorter word, or another way of saying it."
WRITING_LOCKED = "Your own writing can be searched once your progress is open."
INDEXING = "Getting the lessons ready to search… Your own writing can be searched already."
INDEX_FAILED = (
    "The lessons could not be got ready for searching just now. Your own writing can "
    "still be searched; the lessons will be tried again next time."
)
SEARCH_FAILED = "Search did not work just now. Nothing you saved is affected; please try again."
_WHERE = {KIND_TITLE: "", KIND_QUIZ: " · quiz", KIND_REFLECTION: " · reflection"}


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One row: a group heading (hit is None) or a lesson or writing hit."""

    title: str
    excerpt: Excerpt = ()
    hit: LessonHit | WritingHit | None = None

    @property
    def plain(self) -> str:
        words = "".join(text for text, _ in self.excerpt)
        return f"{self.title}: {words}" if words else self.title

    @property
    def html(self) -> str:
        if self.hit is None:
            return f"<b>{html.escape(self.title)}</b>"
        words = "".join(
            f"<b>{html.escape(text)}</b>" if matched else html.escape(text)
            for text, matched in self.excerpt
        )
        return f"<b>{html.escape(self.title)}</b><br>{words}"


class SearchResultsModel(QAbstractListModel):
    """The grouped results as a flat list; heading rows cannot be selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.plain
        if role == HTML_ROLE:
            return row.html
        if role == HEADER_ROLE:
            return row.hit is None
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].hit is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ExcerptDelegate(QStyledItemDelegate):
    """Draws a row's title and excerpt as rich text, wrapped to the view's width."""

    def _document(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        colour: str = "",
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(6)
        if colour:  # the palette's text colour, so every theme (and selection) reads well
            document.setDefaultStyleSheet(f"body {{ color: {colour}; }}")
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        document.setTextWidth(max(100, option.rect.width()))
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        document = self._document(option, index, option.palette.color(role).name())
        option.text = ""
        style = option.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.topLeft())
        document.drawContents(painter, QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)


class SearchView(QWidget):
    """Search across the installed courses' lessons and the learner's writing.

    Signals:
        lesson_chosen(str, str, int): course id, lesson id and step index to open.
        writing_chosen(str, str, str, str): course id, lesson id, reflection id and
            prompt id of the journal entry to open.
    """

    lesson_chosen = Signal(str, str, int)
    writing_chosen = Signal(str, str, str, str)

    def __init__(
        self,
        store: ProgressStore | None = None,
        index: CourseIndex | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("search")
        self.setAccessibleName("Search")
        self.store = store
        self.index = index
        self._courses: dict[str, Course] = {}
        self.indexing = False
        self._index_failed = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        title = QLabel("Search")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.field = SearchField()
        self.field.setPlaceholderText("Search lessons and your own writing")
        self.field.setAccessibleName("Search lessons and your own writing")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(self.activate_first)
        self.field.down_pressed.connect(self._to_results)
        layout.addWidget(self.field)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(ExcerptDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.activated.connect(self._on_activated)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.setFocusProxy(self.field)

    # -- set up --------------------------------------------------------------------------
    def set_store(self, store: ProgressStore | None) -> None:
        self.store = store
        if self.field.text().strip():
            self.search_now()

    def set_index(self, index: CourseIndex | None) -> None:
        self.index = index
        if self.field.text().strip():
            self.search_now()

    def set_indexing(self, indexing: bool, failed: bool = False) -> None:
        """While the course index is being brought up to date, only writing is searched."""
        self.indexing = indexing
        self._index_failed = failed
        self.search_now()

    def set_courses(self, courses: Iterable[Course]) -> None:
        """The courses whose titles and prompts name the results."""
        self._courses = {course.id: course for course in courses}

    def focus_field(self, text: str | None = None) -> None:
        """Put the keyboard in the search field, its text selected (Ctrl+K, Ctrl+F)."""
        if text is not None:
            self.field.setText(text)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    # -- searching -----------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Search for `text` at once, as if typed (tests use it)."""
        self.field.blockSignals(True)
        self.field.setText(text)
        self.field.blockSignals(False)
        self.search_now()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.field.text()
        if not text.strip():
            self.model.set_rows([])
            self.status.setText(INDEXING if self.indexing else "")
            return
        lessons: list[LessonHit] = []
        writing: list[WritingHit] = []
        failed = False
        try:
            if self.index is not None and not self.indexing:
                lessons = self.index.search(text, LIMIT)
            if self.store is not None and not self.store.closed:
                writing = self.store.search_writing(text, LIMIT)
        except Exception:  # a damaged index must not take the page down; say so calmly
            log.exception("search failed")
            failed = True
        rows: list[ResultRow] = []
        if lessons:
            rows.append(ResultRow("Lessons"))
            rows += [ResultRow(self._lesson_title(hit), hit.excerpt, hit) for hit in lessons]
        if writing:
            rows.append(ResultRow("Your writing"))
            rows += [ResultRow(self._writing_title(hit), hit.excerpt, hit) for hit in writing]
        self.model.set_rows(rows)
        if failed:
            self.status.setText(SEARCH_FAILED)
        elif self.indexing:
            self.status.setText(INDEXING)
        elif self._index_failed:
            self.status.setText(INDEX_FAILED)
        elif not rows:
            self.status.setText(NOTHING_FOUND)
        elif self.store is None or self.store.closed:
            self.status.setText(WRITING_LOCKED)
        else:
            self.status.setText(_found_words(len(lessons), len(writing)))

    def hits(self) -> list[LessonHit | WritingHit]:
        return [row.hit for row in self.model.rows if row.hit is not None]

    def activate(self, row: int) -> bool:
        """Open what result `row` points at; False for a heading or no such row."""
        if not 0 <= row < len(self.model.rows):
            return False
        hit = self.model.rows[row].hit
        if isinstance(hit, LessonHit):
            self.lesson_chosen.emit(hit.course_id, hit.lesson_id, hit.step_index)
        elif isinstance(hit, WritingHit):
            self.writing_chosen.emit(hit.course_id, hit.lesson_id, hit.reflection_id, hit.prompt_id)
        else:
            return False
        return True

    def activate_first(self) -> bool:
        """Enter in the field opens the first result (the current one, if any)."""
        self.search_now()
        current = self.results.currentIndex()
        if current.isValid() and self.activate(current.row()):
            return True
        return any(self.activate(row) for row in range(len(self.model.rows)))

    # -- helpers -------------------------------------------------------------------------
    def _lesson_title(self, hit: LessonHit) -> str:
        course = self._courses.get(hit.course_id)
        prefix = f"{course.title} · " if course is not None and len(self._courses) > 1 else ""
        return f"{prefix}{hit.lesson_title}{_WHERE.get(hit.kind, '')}"

    def _writing_title(self, hit: WritingHit) -> str:
        course = self._courses.get(hit.course_id)
        lesson = course.lesson(hit.lesson_id) if course is not None else None
        when = hit.updated_at.astimezone()
        day = f"{when.day} {when:%B %Y}"
        if hit.kind == "check-in" and not hit.course_id:
            return f"A check-in · {day}"
        place = lesson.title if lesson is not None else "A reflection"
        what = {"perspective": " · your perspective answer", "check-in": " · feelings"}
        return f"{place}{what.get(hit.kind, '')} · {day}"

    def _on_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_activated(self, index: QModelIndex) -> None:
        self.activate(index.row())

    def _to_results(self) -> None:
        # Down from the field goes to the results, so the keyboard never has to Tab.
        first = next((i for i, r in enumerate(self.model.rows) if r.hit is not None), None)
        if first is None:
            return
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)
        self.results.setCurrentIndex(self.model.index(first, 0))


class SearchField(QLineEdit):
    """The search field; Down moves to the results.

    Signals:
        down_pressed(): the Down key, to move into the results.
    """

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _found_words(lessons: int, writing: int) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = []
    if lessons:
        parts.append(count(lessons, "lesson", "lessons"))
    if writing:
        parts.append(count(writing, "piece of your writing", "pieces of your writing"))
    return "Found " + " and ".join(parts) + ". Press Enter or double-click to open one."
