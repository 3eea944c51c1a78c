"""JournalView: every reflection the learner has written, by lesson and date, to search and edit.

The entries come from `ProgressStore.reflections()`; edits are saved back through
`ProgressStore.save_reflection()` about a second after the last keystroke, when
another entry is chosen, on focus-out and when the journal is hidden or closed.
The store keeps earlier wording as revisions, so an edit here never loses history.

Built to stay quick with thousands of reflections (issue 14): the entries are read
once each time the journal is shown, a page at a time between the window's events (no
step takes longer than a frame or two), and sorted into the rows of a `JournalModel`
(what each row shows and what a search looks through are prepared then). A search only
refilters them through `JournalFilter`, a QSortFilterProxyModel, a moment after the
last keystroke. Reading order and prompt texts are indexed once per course.

Not a worker thread: reading and sorting are Python, and a thread holding the
interpreter lock made every Python call of the window's painting wait for its turn
(stalls of 100 ms and more while the journal read); slices on the GUI thread are
bounded instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from course.model import Course
from course.store.api import CourseKey, ReflectionEntry, Wording
from ui import messages
from ui.reflect_view import reflection_notifier

if TYPE_CHECKING:
    from course.store.api import ProgressStore

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000
#: The search runs this long after the last keystroke, not on every one.
SEARCH_DELAY_MS = 200
ENTRY_ROLE = Qt.ItemDataRole.UserRole
SNIPPET_CHARS = 90
#: Entries read from the store at a time, and the time one turn of reading may take
#: (a turn ends after the step that passes it: a page of 250 is about 4 ms).
READ_PAGE = 250
READ_SLICE_S = 0.010
_STEP = 250  # entries sorted or made into rows between checks of the time
_LAST = 10**6  # sorts after everything the courses know about

EMPTY_JOURNAL = (
    "Nothing here yet. When you write in a lesson's reflection step, it appears here, "
    "so you can read it again and add to it."
)
NO_MATCHES = "Nothing matches that search. Try a shorter or different word."
READING = "Opening your reflections…"
CHOOSE_ENTRY = "Choose a reflection from the list to read or edit it."
SAVED = "Saved"
SAVING = "Saving soon…"
SAVE_FAILED = (
    "Couldn't save just now. Your words are still here, and Bridgework will try again "
    "when you make a change."
)

_Index = QModelIndex | QPersistentModelIndex
_T = TypeVar("_T")
_EntryKey = tuple[str, str, str]  # course id, reflection id, prompt id
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled  # a lesson heading: not an entry to choose
_ENTRY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _when(entry: ReflectionEntry) -> str:
    local = entry.updated_at.astimezone()
    return f"{local.day} {local:%b %Y, %H:%M}"


def _day(entry: ReflectionEntry) -> str:
    local = entry.updated_at.astimezone()
    return f"{local.day} {local:%b %Y}"


def _key(entry: ReflectionEntry) -> _EntryKey:
    return (entry.course_id, entry.reflection_id, entry.prompt_id)


@dataclass(slots=True)
class JournalRow:
    """One entry in the list. Its search text is prepared once per load; what the row
    shows is made when the row is first drawn (most of thousands never are)."""

    entry: ReflectionEntry
    prompt: str
    lesson_title: str
    haystack: str  # text, question and lesson title, case-folded
    _snippet: str | None = None
    _day: str | None = None

    @classmethod
    def make(cls, entry: ReflectionEntry, prompt: str, lesson_title: str) -> JournalRow:
        return cls(entry, prompt, lesson_title, f"{entry.text} {prompt} {lesson_title}".casefold())

    @property
    def snippet(self) -> str:
        # The learner's own words identify an entry best; the question is the tooltip.
        if self._snippet is None:
            snippet = " ".join(self.entry.text.split())
            if len(snippet) > SNIPPET_CHARS:
                snippet = snippet[: SNIPPET_CHARS - 1] + "…"
            self._snippet = snippet
        return self._snippet

    @property
    def day(self) -> str:
        if self._day is None:
            self._day = _day(self.entry)
        return self._day


@dataclass(slots=True)
class JournalGroup:
    """A lesson heading and its entries."""

    title: str
    rows: list[JournalRow]


class CourseIndex:
    """Lesson titles, reading order and prompts of the installed courses, looked up once."""

    def __init__(self, courses: Iterable[Course], wording: Iterable[Wording] = ()) -> None:
        self.courses = {c.id: c for c in courses}
        self.set_wording(wording)
        self._course_pos = {course_id: i for i, course_id in enumerate(self.courses)}
        self._prompt_text: dict[tuple[str, str, str, str], str] = {}
        self._prompt_pos: dict[tuple[str, str, str], int] = {}
        for course in self.courses.values():
            for lesson in course.lessons():
                place = 0
                for reflection in lesson.reflections:
                    for prompt in reflection.prompts:
                        self._prompt_text.setdefault(
                            (course.id, lesson.id, reflection.id, prompt.id), prompt.prompt
                        )
                        self._prompt_pos.setdefault((course.id, lesson.id, prompt.id), place)
                        place += 1

    def set_wording(self, wording: Iterable[Wording]) -> None:
        """The wording kept of the course versions the learner used (ProgressStore.wording)."""
        self._answered: dict[tuple[str, str, str, str], str] = {}
        self._kept_titles: dict[tuple[str, str], str] = {}
        self.add_wording(wording)

    def add_wording(self, wording: Iterable[Wording]) -> None:
        """More kept wording (prompts and lesson titles; other kinds are not needed)."""
        for w in wording:  # oldest first: the newest kept title wins
            if w.kind == "prompt":
                self._answered[(w.course_id, w.course_version, w.parent_id, w.item_id)] = w.text
            elif w.kind == "lesson":
                self._kept_titles[(w.course_id, w.item_id)] = w.text

    def missing_lessons(self, entries: Iterable[ReflectionEntry]) -> list[str]:
        """Installed courses some entries name a lesson of that they no longer have: the
        only courses whose kept lesson titles `lesson_title` needs."""
        missing = set()
        for entry in entries:
            course = self.courses.get(entry.course_id)
            if course is not None and course.lesson(entry.lesson_id) is None:
                missing.add(entry.course_id)
        return sorted(missing)

    def lesson_title(self, entry: ReflectionEntry) -> str:
        course = self.courses.get(entry.course_id)
        lesson = course.lesson(entry.lesson_id) if course else None
        if lesson is not None:
            return lesson.title
        if course is None:
            return entry.lesson_id  # a course that is not installed here
        kept = self._kept_titles.get((entry.course_id, entry.lesson_id), entry.lesson_id)
        return f"{kept} ({messages.FROM_EARLIER_VERSION.format(version=entry.course_version)})"

    def prompt_text(self, entry: ReflectionEntry) -> str:
        """The prompt as the course words it now; when it has been reworded since the
        entry was written, or is no longer in the course, the words that were answered."""
        found = self._prompt_text.get(
            (entry.course_id, entry.lesson_id, entry.reflection_id, entry.prompt_id)
        )
        answered = self._answered.get(
            (entry.course_id, entry.course_version, entry.reflection_id, entry.prompt_id)
        )
        if found is None:
            return answered or entry.prompt_id
        if answered and answered != found:
            return f"{found}\n\n{messages.ANSWERED_WHEN_IT_READ.format(prompt=answered)}"
        return found

    def sort_key(self, entry: ReflectionEntry) -> tuple[int, int, int, float]:
        """Course, then lesson in reading order, then prompt order, newest first."""
        course = self.courses.get(entry.course_id)
        lesson_pos = course.lesson_order(entry.lesson_id) if course else None
        prompt_pos = _LAST
        if lesson_pos is None:
            lesson_pos = _LAST
        else:
            prompt_pos = self._prompt_pos.get(
                (entry.course_id, entry.lesson_id, entry.prompt_id), _LAST
            )
        course_pos = self._course_pos.get(entry.course_id, _LAST)
        return (course_pos, lesson_pos, prompt_pos, -entry.updated_at.timestamp())

    def groups(self, entries: Iterable[ReflectionEntry]) -> list[JournalGroup]:
        """The entries sorted, under one heading per lesson."""
        return _finish(self.groups_in_steps(list(entries)))

    def groups_in_steps(
        self, entries: list[ReflectionEntry]
    ) -> Generator[None, None, list[JournalGroup]]:
        """`groups`, yielding every few hundred entries (see `read_in_steps`)."""
        keyed: list[tuple[tuple[int, int, int, float], int]] = []
        for n, entry in enumerate(entries):
            keyed.append((self.sort_key(entry), n))  # n: equal keys keep their order
            if n % _STEP == _STEP - 1:
                yield
        keyed.sort()
        yield
        groups: list[JournalGroup] = []
        by_lesson: dict[tuple[str, str], JournalGroup] = {}
        for done, (_sort_key, n) in enumerate(keyed):
            entry = entries[n]
            group = by_lesson.get((entry.course_id, entry.lesson_id))
            if group is None:
                group = JournalGroup(self.lesson_title(entry), [])
                by_lesson[(entry.course_id, entry.lesson_id)] = group
                groups.append(group)
            group.rows.append(JournalRow.make(entry, self.prompt_text(entry), group.title))
            if done % _STEP == _STEP - 1:
                yield
        return groups


def _finish(steps: Generator[None, None, _T]) -> _T:
    """Run `steps` to the end at once; what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class JournalRead:
    """The entries as read from the store, and the model's rows made from them."""

    entries: list[ReflectionEntry]
    rows: list[JournalRow | JournalGroup]
    where: dict[_EntryKey, int]  # an entry's row

    @classmethod
    def of(cls, index: CourseIndex, entries: list[ReflectionEntry]) -> JournalRead:
        return cls.of_groups(entries, index.groups(entries))

    @classmethod
    def of_groups(cls, entries: list[ReflectionEntry], groups: list[JournalGroup]) -> JournalRead:
        rows: list[JournalRow | JournalGroup] = []
        for group in groups:
            rows.append(group)
            rows.extend(group.rows)
        where = {_key(row.entry): n for n, row in enumerate(rows) if isinstance(row, JournalRow)}
        return cls(entries, rows, where)

    def with_edits(self, index: CourseIndex, edited: Iterable[ReflectionEntry]) -> JournalRead:
        """These entries as the journal saved them (newer than the read), in their places."""
        entries, rows = list(self.entries), list(self.rows)
        at = {_key(entry): n for n, entry in enumerate(entries)}
        for entry in edited:
            key = _key(entry)
            if key in at:
                entries[at[key]] = entry
            if key in self.where:
                rows[self.where[key]] = JournalRow.make(
                    entry, index.prompt_text(entry), index.lesson_title(entry)
                )
        return JournalRead(entries, rows, self.where)


def read_in_steps(
    store: ProgressStore | None, index: CourseIndex, edited: dict[_EntryKey, ReflectionEntry]
) -> Generator[None, None, JournalRead]:
    """Every entry with words in it, sorted into rows, yielding after each page read and
    every few hundred entries sorted, so the caller can let the window run in between.

    `edited`: entries the journal saved while this ran (it may add more between steps);
    they are newer than what was read, and one saved after its page was read may have
    moved to a page already read, so they are taken over what the pages brought.
    """
    found: dict[_EntryKey, ReflectionEntry] = {}
    offset = 0
    while store is not None:
        page = store.reflections(limit=READ_PAGE, offset=offset)
        for entry in page:
            found.setdefault(_key(entry), entry)  # a save between pages may repeat one
        offset += len(page)
        if len(page) < READ_PAGE:
            break
        yield
    found.update(edited)
    entries = [entry for entry in found.values() if entry.text.strip()]
    if store is not None:
        # The words each entry answered (prompts reworded since), and the titles of
        # lessons a course no longer has: only those kinds, each in a turn of its own
        # (all the kept wording of a 1,000-lesson course is 30-40 ms to read at once).
        yield
        index.set_wording(store.wording(kind="prompt"))
        for course_id in index.missing_lessons(entries):
            yield
            index.add_wording(store.wording(course_id, kind="lesson"))
        yield
    groups = yield from index.groups_in_steps(entries)
    yield
    return JournalRead.of_groups(entries, groups)


class JournalModel(QAbstractTableModel):
    """One flat list: a heading row per lesson, then that lesson's entries; two columns.

    Flat on purpose: a tree through a filter proxy makes Qt ask Python for every row's
    parent tens of thousands of times per search; a list asks once per row.
    """

    COLUMNS = ("What you wrote", "Last edited")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[JournalRow | JournalGroup] = []
        self._where: dict[_EntryKey, int] = {}

    def set_read(self, read: JournalRead) -> None:
        """Show the rows of a read (prepared off the GUI thread: nothing to sort here)."""
        self.beginResetModel()
        self._rows = read.rows
        self._where = read.where
        self.endResetModel()

    def rows(self) -> list[JournalRow | JournalGroup]:
        return self._rows

    def index_of(self, key: _EntryKey) -> QModelIndex:
        where = self._where.get(key)
        return QModelIndex() if where is None else self.index(where, 0)

    def replace_row(self, key: _EntryKey, row: JournalRow) -> None:
        """Show an entry's new text and date in place (after a save), without a reload."""
        where = self._where.get(key)
        if where is None:
            return
        self._rows[where] = row
        self.dataChanged.emit(self.index(where, 0), self.index(where, len(self.COLUMNS) - 1))

    # --- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

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
        if isinstance(self._rows[index.row()], JournalGroup):
            return _HEADING_FLAGS
        return _ENTRY_FLAGS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if isinstance(item, JournalGroup):
            if column != 0:
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return item.title
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.snippet if column == 0 else item.day
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return item.prompt
        if role == ENTRY_ROLE:
            return item.entry
        return None


class JournalFilter(QSortFilterProxyModel):
    """Shows the entries containing every search word, and the headings of their lessons.

    What matches is worked out in one pass over the rows when the words (or the rows)
    change; Qt's per-row question then only looks the answer up.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._source = JournalModel(self)
        self._shown: list[bool] = []
        self._shown_for: list[JournalRow | JournalGroup] | None = None  # the rows it is for

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, JournalModel)
        self._source = model
        self._shown_for = None
        super().setSourceModel(model)

    @property
    def words(self) -> tuple[str, ...]:
        return self._words

    def set_words(self, words: tuple[str, ...]) -> bool:
        """Filter by `words` (case-folded); False if they are what is shown already."""
        if words == self._words:
            return False
        if hasattr(self, "endFilterChange"):  # Qt 6.10+, where invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self._words, self._shown_for = words, None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words, self._shown_for = words, None
            self.invalidateRowsFilter()
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        rows = self._source.rows()
        if self._shown_for is not rows:  # new words, or reloaded rows: one pass over them
            self._shown, self._shown_for = _matching(rows, self._words), rows
        return source_row < len(self._shown) and self._shown[source_row]


def _matching(rows: list[JournalRow | JournalGroup], words: tuple[str, ...]) -> list[bool]:
    """Per row: an entry containing every word, or the heading of a lesson with one."""
    shown = [False] * len(rows)
    heading = -1
    for n, item in enumerate(rows):
        if isinstance(item, JournalGroup):
            heading = n
        elif all(word in item.haystack for word in words):
            shown[n] = True
            if heading >= 0:
                shown[heading] = True
    return shown


class JournalView(QWidget):
    """All reflections, grouped by lesson, with a search box and an editor.

    The entries are read when the journal is shown (once), or at once if the store or
    courses change while it is on screen; `refresh()` reads them again on demand. A read
    runs in slices between the window's events, with a busy bar: `loaded` says when the
    entries are shown.

    Signals:
        entry_saved(str): an edited entry was saved (its prompt id).
        lesson_link_activated(str): "Open lesson" was chosen; the lesson id to show.
        save_failed(str): a save failed; the message is for the learner.
        loaded(): the entries were read from the store and are shown.
    """

    entry_saved = Signal(str)
    lesson_link_activated = Signal(str)
    save_failed = Signal(str)
    loaded = Signal()

    def __init__(self, store: ProgressStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.index = CourseIndex(())
        self.entries: list[ReflectionEntry] = []
        self.current: ReflectionEntry | None = None
        self._saved_text = ""
        self._loading = False
        self._refiltering = False
        self._stale = True  # entries not read since the store, courses or visibility changed
        self._steps: Generator[None, None, JournalRead] | None = None  # a read under way
        self._reading = False
        # Edits saved while a read is under way: newer than what it may bring back.
        self._edited_while_reading: dict[_EntryKey, ReflectionEntry] = {}
        self._wanted: tuple[str, str] | None = None  # an entry to choose once read
        self.setAccessibleName("Journal")

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search your reflections")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search your reflections")
        self.search_edit.setAccessibleDescription(
            "Shows only reflections whose text, question or lesson contains these words."
        )
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_search)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())

        self.model = JournalModel(self)
        self.proxy = JournalFilter(self)
        self.proxy.setSourceModel(self.model)
        # A table, not a tree view: with thousands of rows a tree lays out every one of them
        # (asking Python about each) after each search; a table only asks about those shown.
        self.list = QTableView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName("Your reflections, by lesson")
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setTabKeyNavigation(False)  # Tab moves on to the editor
        self.list.verticalHeader().hide()
        rows = self.list.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Not ResizeToContents: that measures every row on each change, thousands here.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("00 Mmm 0000") + 24)
        selection = self.list.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)

        self.read_timer = QTimer(self)  # one slice of a read per turn of the event loop
        self.read_timer.setInterval(0)
        self.read_timer.timeout.connect(self._read_some)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: a read has no progress to report
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Busy")
        self.busy.hide()
        self.empty_label = QLabel(EMPTY_JOURNAL)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAccessibleName("Journal status")

        self.lesson_label = QLabel()
        self.lesson_label.setObjectName("muted")
        self.lesson_label.setWordWrap(True)
        self.lesson_label.setTextFormat(Qt.TextFormat.PlainText)
        self.lesson_label.setAccessibleName("Lesson")
        self.prompt_label = QLabel(CHOOSE_ENTRY)
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.prompt_label.font()
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Reflection text")
        self.editor.setAccessibleDescription("Edits are saved as you type.")
        self.editor.setTabChangesFocus(True)
        self.editor.setEnabled(False)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.installEventFilter(self)
        self.prompt_label.setBuddy(self.editor)
        self.status_label = QLabel("")
        self.status_label.setObjectName("muted")
        self.status_label.setAccessibleName("Save status")
        self.open_lesson_button = QPushButton("Open lesson")
        self.open_lesson_button.setAccessibleName("Open the lesson this reflection belongs to")
        self.open_lesson_button.setEnabled(False)
        self.open_lesson_button.clicked.connect(self._open_lesson)

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(AUTOSAVE_MS)
        self.save_timer.timeout.connect(self.flush)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.busy)
        left_layout.addWidget(self.empty_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.lesson_label)
        right_layout.addWidget(self.prompt_label)
        right_layout.addWidget(self.editor, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_lesson_button)
        bottom.addStretch(1)
        bottom.addWidget(self.status_label)
        right_layout.addLayout(bottom)
        # List above, editor below: both get the full width, which the learner's words need.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        title = QLabel("Journal")
        title.setObjectName("pageTitle")
        title_font = title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title.setFont(title_font)
        intro = QLabel(
            "Everything you have written in the reflections, kept only on this computer."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search_edit, self.list)
        self.setTabOrder(self.list, self.editor)
        self.setTabOrder(self.editor, self.open_lesson_button)

    # --- public API -------------------------------------------------------------------

    def set_store(self, store: ProgressStore | None) -> None:
        self.store = store
        self._changed_underneath()

    def set_courses(self, courses: Iterable[Course]) -> None:
        """The installed courses, for lesson titles, prompts and reading order."""
        self.index = CourseIndex(courses)
        self._changed_underneath()

    @property
    def courses(self) -> dict[str, Course]:
        return self.index.courses

    def load_if_stale(self) -> None:
        """Read the entries unless they were read since the journal was last shown."""
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the entries again (saving any pending edit first), a slice at a time
        between the window's events: thousands take longer than a frame to read and
        sort. `loaded` follows."""
        self.flush()
        self._stale = False
        self._stop_reading()
        self._edited_while_reading = {}
        self._steps = read_in_steps(self.store, self.index, self._edited_while_reading)
        self._set_reading(True)
        self.read_timer.start()

    def search(self, text: str) -> None:
        """Search for `text` now (typing in the search box waits for a pause first)."""
        self.search_edit.setText(text)
        self.apply_search()

    def apply_search(self) -> None:
        """Filter the list by the words in the search box (saving any pending edit first)."""
        self.search_timer.stop()
        words = tuple(self.search_edit.text().casefold().split())
        if words == self.proxy.words:
            return
        self.flush()
        keep = _key(self.current) if self.current is not None else None
        self._refiltering = True
        try:
            self.proxy.set_words(words)
        finally:
            self._refiltering = False
        self._after_filter(keep)

    def visible_entries(self) -> list[ReflectionEntry]:
        """The entries the list shows now, top to bottom."""
        proxy = self.proxy
        shown = (proxy.index(row, 0).data(ENTRY_ROLE) for row in range(proxy.rowCount()))
        return [entry for entry in shown if isinstance(entry, ReflectionEntry)]

    def select_entry(self, reflection_id: str, prompt_id: str) -> bool:
        """Choose the entry for this prompt (of any course) if the list shows it; while
        the entries are being read, once they are (True then: it may be among them)."""
        if self._reading:
            self._wanted = (reflection_id, prompt_id)
            return True
        for entry in self.entries:
            if (entry.reflection_id, entry.prompt_id) == (reflection_id, prompt_id):
                index = self.proxy.mapFromSource(self.model.index_of(_key(entry)))
                if index.isValid():
                    self.list.setCurrentIndex(index)
                    return True
        return False

    def flush(self) -> None:
        """Save the entry being edited now, if it changed."""
        self.save_timer.stop()
        entry = self.current
        if entry is None or self.store is None:
            return
        text = self.editor.toPlainText()
        if text == self._saved_text:
            return
        try:
            self.store.save_reflection(
                CourseKey(entry.course_id, entry.course_version),
                entry.lesson_id,
                entry.reflection_id,
                entry.prompt_id,
                text,
            )
        except Exception as error:  # the words stay on screen; never a traceback
            log.exception("saving a journal edit failed")
            text = messages.save_failed(error, SAVE_FAILED)
            self.status_label.setText(text)
            self.save_failed.emit(text)
            return
        self._saved_text = text
        self.status_label.setText(SAVED)
        self._update_current_entry(text)
        # A lesson still showing this reflection must not later save its older text over it.
        reflection_notifier().edited.emit(
            entry.course_id, entry.reflection_id, entry.prompt_id, text
        )
        self.entry_saved.emit(entry.prompt_id)

    # --- Qt events ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load_if_stale()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        self._stop_reading()  # read again when shown
        self._stale = True  # lessons may add reflections while the journal is away
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    # --- inside -------------------------------------------------------------------------

    def _changed_underneath(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _stop_reading(self) -> None:
        self.read_timer.stop()
        steps, self._steps = self._steps, None
        if steps is not None:
            steps.close()
            self._set_reading(False)

    def _read_some(self) -> None:
        """One slice of the read under way; the last one shows what was read."""
        steps = self._steps
        if steps is None:
            self.read_timer.stop()
            return
        until = time.perf_counter() + READ_SLICE_S
        try:
            next(steps)
            while time.perf_counter() < until:
                next(steps)
        except StopIteration as done:
            read = done.value
        except Exception:
            log.exception("reading the journal failed")
            read = JournalRead.of(self.index, [])
        else:
            return  # more next turn
        self.read_timer.stop()
        self._steps = None
        self._show_read(read)

    def _set_reading(self, reading: bool) -> None:
        self._reading = reading
        self.busy.setVisible(reading)
        if reading and not self.entries:  # the first read: say so, not "nothing here"
            self.empty_label.setText(READING)
            self.empty_label.show()

    def _show_read(self, read: JournalRead) -> None:
        """Swap in the rows of a read; words typed meanwhile are saved and kept."""
        self.flush()
        if self._edited_while_reading:
            read = read.with_edits(self.index, self._edited_while_reading.values())
            self._edited_while_reading = {}
        self._set_reading(False)
        self.entries = read.entries
        keep = _key(self.current) if self.current is not None else None
        self._refiltering = True
        try:
            self.model.set_read(read)
        finally:
            self._refiltering = False
        self._after_filter(keep)
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.select_entry(*wanted)
        self.loaded.emit()

    def _after_filter(self, keep: _EntryKey | None) -> None:
        """Say when nothing shows, and keep the entry being read if it is still listed."""
        if self._reading and not self.entries:
            self.empty_label.setText(READING)
            self.empty_label.show()
        elif not self.entries:
            self.empty_label.setText(EMPTY_JOURNAL)
            self.empty_label.show()
        elif self.proxy.rowCount() == 0:
            self.empty_label.setText(NO_MATCHES)
            self.empty_label.show()
        else:
            self.empty_label.hide()
        index = self.proxy.mapFromSource(self.model.index_of(keep)) if keep else QModelIndex()
        self._refiltering = True
        try:
            self.list.setCurrentIndex(index)  # an invalid index clears the choice
        finally:
            self._refiltering = False
        entry = index.data(ENTRY_ROLE) if index.isValid() else None
        if not isinstance(entry, ReflectionEntry):
            self._show_entry(None)
        elif entry != self.current:  # read again with other words: show those
            self._show_entry(entry)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refiltering:
            return  # the list is being rebuilt or filtered: _after_filter decides
        self.flush()
        entry = current.data(ENTRY_ROLE) if current.isValid() else None
        self._show_entry(entry if isinstance(entry, ReflectionEntry) else None)

    def _show_entry(self, entry: ReflectionEntry | None) -> None:
        self.save_timer.stop()
        self.current = entry
        self._loading = True
        if entry is None:
            self.lesson_label.setText("")
            self.prompt_label.setText(CHOOSE_ENTRY)
            self.editor.setPlainText("")
            self.editor.setEnabled(False)
            self.open_lesson_button.setEnabled(False)
            self._saved_text = ""
        else:
            self.lesson_label.setText(f"{self.index.lesson_title(entry)}  ·  {_when(entry)}")
            self.prompt_label.setText(self.index.prompt_text(entry))
            self.editor.setPlainText(entry.text)
            self.editor.setEnabled(True)
            self.open_lesson_button.setEnabled(True)
            self._saved_text = entry.text
        self.status_label.setText("")
        self._loading = False

    def _on_text_changed(self) -> None:
        if self._loading or self.current is None:
            return
        self.status_label.setText(SAVING)
        self.save_timer.start()

    def _update_current_entry(self, text: str) -> None:
        """Keep the list in step with a saved edit without reloading it."""
        entry = self.current
        if entry is None:
            return
        from course.store.api import utc_now

        updated = replace(entry, text=text, updated_at=utc_now())
        self.current = updated
        key = _key(entry)
        if self._reading:
            self._edited_while_reading[key] = updated
        self.entries = [updated if _key(e) == key else e for e in self.entries]
        index = self.index
        self.model.replace_row(
            key, JournalRow.make(updated, index.prompt_text(updated), index.lesson_title(updated))
        )

    def _open_lesson(self) -> None:
        if self.current is not None:
            self.flush()
            self.lesson_link_activated.emit(self.current.lesson_id)
