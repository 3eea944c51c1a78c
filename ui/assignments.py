"""Therapist-assigned modules in the window: make an assignment, import one, and see it on Home.

Three widgets over `course.assignments`:
- NewAssignmentDialog: a therapist picks a course, modules or lessons, due dates and a
  note, and saves the file (File > New assignment...).
- ImportAssignmentDialog: a client sees who sent an assignment, what is in it and when it
  is due, with any gentle warnings, before accepting it (File > Import assignment...).
  A file that cannot be used is explained in the same dialog and nothing is stored.
- AssignedPanel: "Assigned to you" on Home, each item with its due date, status and a
  progress bar; refreshed whenever the window says progress changed.

The store is reached only through ProgressStore methods that take and return plain values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from course.assignments import (
    FILE_SUFFIX,
    Assignment,
    AssignmentError,
    ItemKind,
    ItemState,
    ItemStatus,
    all_due_dates_passed,
    assignment_from_json,
    assignment_to_json,
    check_against_course,
    item_lesson_ids,
    item_statuses,
    new_assignment,
    read_assignment,
    with_lessons_kept,
    write_assignment,
)
from course.model import Course
from course.store.api import StoreError
from course.wording import count, count_of

# *.json: assignment files named before they had their own extension.
FILE_FILTER = f"Bridgework assignments (*{FILE_SUFFIX} *.json);;All files (*)"


class AssignmentStore(Protocol):
    """The part of ProgressStore these widgets use."""

    def add_assignment(self, assignment_id: str, document_json: str) -> None: ...

    def assignments(self, include_archived: bool = False) -> list[Any]: ...

    def archive_assignment(self, assignment_id: str) -> None: ...

    def lesson_states(self, course_id: str) -> dict[str, Any]: ...

    def all_quiz_scores(self, course_id: str) -> dict[str, Any]: ...


# --- words -------------------------------------------------------------------------------


def day_words(day: dt.date, today: dt.date) -> str:
    """ "3 Dec", or "3 Dec 2027" when the year is not this one."""
    text = f"{day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def due_words(status: ItemStatus, today: dt.date) -> str:
    due = status.item.due
    if due is None:
        return "no due date"
    if status.state is ItemState.DONE:
        return f"due {day_words(due, today)}"
    if due == today:
        return "due today"
    if due < today:
        return f"was due {day_words(due, today)}"
    return f"due {day_words(due, today)}"


def status_words(status: ItemStatus) -> str:
    if status.state is ItemState.MISSING:
        return "Not in the version of the course installed here"
    if status.unavailable:
        gone = count(len(status.unavailable), "lesson")
        return f"{_status_core(status)} ({gone} of it no longer in the course, so left out)"
    return _status_core(status)


def _status_core(status: ItemStatus) -> str:
    if status.state is ItemState.DONE:
        return "Done"
    lessons = count_of(status.lessons_done, status.lessons_total, "lesson")
    if status.lessons_done == status.lessons_total and status.quizzes_below_mark:
        mark = status.item.pass_mark or 0.0
        best = max(score for _, score in status.quizzes_below_mark)
        return (
            f"Lessons read; a quiz is still below the {mark:.0%} asked for (best so far {best:.0%})"
        )
    if status.state is ItemState.NOT_STARTED:
        return f"Not started yet ({lessons})"
    return f"In progress: {lessons}"


def item_kind_words(kind: ItemKind) -> str:
    return "Module" if kind is ItemKind.MODULE else "Lesson"


# --- reading assignments from the store ---------------------------------------------------


@dataclass(frozen=True)
class AssignmentView:
    """One active assignment as the panel shows it: plain values, already worked out."""

    assignment: Assignment
    course_title: str | None  # None: the course isn't installed
    statuses: tuple[ItemStatus, ...]
    next_lessons: tuple[str | None, ...]  # per item: the lesson to open next, if any


def stored_assignments(
    store: AssignmentStore, *, include_archived: bool = False
) -> list[Assignment]:
    """Assignments in the store, oldest import first; rows that cannot be read are skipped."""
    found = []
    for row in store.assignments(include_archived=include_archived):
        try:
            found.append(assignment_from_json(row.document_json))
        except (KeyError, TypeError, ValueError):  # stored text was checked on import
            continue
    return found


def assignment_views(
    store: AssignmentStore, courses: Mapping[str, Course], today: dt.date | None = None
) -> list[AssignmentView]:
    """Every active assignment with each item's progress, read from the store now."""
    today = today or dt.date.today()
    views = []
    progress_cache: dict[str, tuple[set[str], set[str], dict[str, float]]] = {}
    for assignment in stored_assignments(store):
        course = courses.get(assignment.course_id)
        if course is not None and course.id not in progress_cache:
            states = store.lesson_states(course.id)
            scores = store.all_quiz_scores(course.id)
            progress_cache[course.id] = (
                {lesson_id for lesson_id, s in states.items() if s.completed_at is not None},
                set(states),
                {quiz_id: (s.best.score or 0.0) for quiz_id, s in scores.items()},
            )
        completed, started, best = progress_cache.get(assignment.course_id, (set(), set(), {}))
        statuses = item_statuses(
            assignment,
            course,
            completed_lessons=completed,
            started_lessons=started,
            best_scores=best,
            today=today,
        )
        views.append(
            AssignmentView(
                assignment,
                course.title if course else None,
                tuple(statuses),
                tuple(_next_lesson(s, course, completed) for s in statuses),
            )
        )
    return views


def _next_lesson(status: ItemStatus, course: Course | None, completed: set[str]) -> str | None:
    if course is None or status.state is ItemState.MISSING:
        return None
    if status.item.kind is ItemKind.LESSON:
        return status.item.id
    lessons = item_lesson_ids(status.item, course)  # those it had when assigned
    if not lessons:
        return None
    return next((lesson_id for lesson_id in lessons if lesson_id not in completed), lessons[0])


# --- importing ----------------------------------------------------------------------------


def check_assignment_file(
    path: str | Path,
    store: AssignmentStore,
    courses: Mapping[str, Course],
    today: dt.date | None = None,
) -> Assignment:
    """Everything that refuses a file, in one place: raises AssignmentError with the reason."""
    assignment = read_assignment(path, today=today)
    check_against_course(assignment, courses.get(assignment.course_id))
    for existing in store.assignments(include_archived=True):
        if existing.id == assignment.id:
            raise AssignmentError(
                f"You have already imported this assignment from {assignment.therapist} "
                f"(issued {assignment.issued:%d %B %Y}). It is on your Home page"
                + (" in the archive" if existing.archived_at is not None else "")
                + ", so nothing needed to change."
            )
    return assignment


def preview_warnings(
    assignment: Assignment, course: Course | None, today: dt.date | None = None
) -> list[str]:
    """Gentle notes for the preview: nothing here stops the import."""
    today = today or dt.date.today()
    notes = []
    passed = [i.due for i in assignment.items if i.due is not None and i.due < today]
    if all_due_dates_passed(assignment, today):
        notes.append(
            "All the due dates have already passed. That's all right: you can still work "
            "through it at your own pace, and talk about timing with "
            f"{assignment.therapist}."
        )
    elif passed:
        earliest = day_words(min(passed), today)
        notes.append(
            f"Some due dates have already passed (the earliest was {earliest}). "
            "You can still do those parts whenever you are ready."
        )
    if course is not None:
        missing = [
            item.id
            for item in assignment.items
            if (course.module(item.id) if item.kind is ItemKind.MODULE else course.lesson(item.id))
            is None
        ]
        if missing:
            notes.append(
                "Some parts aren't in the version of the course installed here "
                f"(version {course.version}; the assignment was made for version "
                f"{assignment.course_version}): "
                + ", ".join(f"“{m}”" for m in missing)
                + ". They stay on your list, marked as not found, so nothing is lost. "
                "Updating the course may bring them in."
            )
        elif course.version != assignment.course_version:
            notes.append(
                f"This was made for version {assignment.course_version} of the course; you have "
                f"version {course.version}. Everything it asks for is there."
            )
    return notes


def preview_html(assignment: Assignment, course: Course | None, today: dt.date) -> str:
    """Who, what, when and the note, as rich text for the preview."""
    e = html.escape
    parts = [f"<p><b>From:</b> {e(assignment.therapist)}"]
    if assignment.client_label:
        parts.append(f"<br/><b>For:</b> {e(assignment.client_label)}")
    parts.append(f"<br/><b>Issued:</b> {assignment.issued:%d %B %Y}")
    title = course.title if course else assignment.course_id
    parts.append(f"<br/><b>Course:</b> {e(title)}</p>")
    if assignment.note:
        parts.append(f"<p><i>“{e(assignment.note)}”</i></p>")
    parts.append("<p><b>What’s included</b></p><ul>")
    for item in assignment.items:
        found = None
        if course is not None:
            found = (
                course.module(item.id) if item.kind is ItemKind.MODULE else course.lesson(item.id)
            )
        name = e(found.title) if found is not None else f"“{e(item.id)}” (not found here)"
        bits = [f"{item_kind_words(item.kind)}: {name}"]
        if item.due is not None:
            bits.append(f"due {item.due.day} {item.due:%B %Y}")
        if item.pass_mark is not None:
            bits.append(f"quizzes to reach {item.pass_mark:.0%}")
        line = " · ".join(bits)
        if item.note:
            line += f"<br/><i>{e(item.note)}</i>"
        parts.append(f"<li>{line}</li>")
    parts.append("</ul>")
    return "".join(parts)


class ImportAssignmentDialog(QDialog):
    """Preview an assignment file and accept it, or explain why it can't be used.

    Signals: imported(str) with the assignment id, after it is stored.
    `error` holds the message shown when the file was refused (and nothing was stored).
    """

    imported = Signal(str)

    def __init__(
        self,
        path: str | Path,
        store: AssignmentStore,
        courses: Mapping[str, Course],
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import an assignment")
        self.setMinimumWidth(520)
        self._store = store
        self._today = today or dt.date.today()
        self.assignment: Assignment | None = None
        self.error: str | None = None

        layout = self._layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # it names the sender
        layout.addWidget(self.heading)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Assignment preview")
        layout.addWidget(self.preview, 1)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("gentleNote")
        self.warnings.setStyleSheet(
            "QLabel#gentleNote { background: palette(alternate-base); border-radius: 6px;"
            " padding: 8px; }"
        )
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.warnings)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            "Accept", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = self.buttons.addButton(
            "Not now", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.accept_button.clicked.connect(self.accept_assignment)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        try:
            self.assignment = check_assignment_file(path, store, courses, self._today)
        except AssignmentError as error:
            self._refuse(str(error))
        except StoreError as error:
            self._refuse(error.message)
        else:
            course = courses.get(self.assignment.course_id)
            # A file made before assignments kept their modules' lessons keeps them now.
            self.assignment = with_lessons_kept(self.assignment, course)
            self.heading.setText(f"An assignment from {self.assignment.therapist}")
            self.preview.setHtml(preview_html(self.assignment, course, self._today))
            notes = preview_warnings(self.assignment, course, self._today)
            self.warnings.setText("\n\n".join(notes))
            self.warnings.setVisible(bool(notes))
            self.message.setText(
                "Accepting adds it to “Assigned to you” on your Home page. Your progress stays "
                "private: you choose later what, if anything, goes into a report."
            )
            self.accept_button.setDefault(True)

    def _refuse(self, message: str) -> None:
        self.error = message
        self.heading.setText("This assignment can't be imported")
        self.preview.hide()
        self.warnings.hide()
        self.message.setText(message + "\n\nNothing has been changed.")
        self.accept_button.hide()
        self.later_button.setText("Close")
        # Without the preview, keep the words together at the top.
        self._layout.insertStretch(self._layout.indexOf(self.buttons), 1)
        self.adjustSize()

    def accept_assignment(self) -> bool:
        """Store the assignment; on failure say why and keep the dialog open."""
        if self.assignment is None:
            return False
        try:
            self._store.add_assignment(self.assignment.id, assignment_to_json(self.assignment))
        except StoreError as error:
            self.error = error.message
            self.message.setText(error.message)
            return False
        self.imported.emit(self.assignment.id)
        self.accept()
        return True


# --- making one ---------------------------------------------------------------------------

_ID_ROLE = Qt.ItemDataRole.UserRole
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def _tree_item(title: str, item_id: str, kind: ItemKind) -> QTreeWidgetItem:
    """An unchecked, checkable row of the assign tree; column 1 (the due date) is editable."""
    item = QTreeWidgetItem([title, ""])
    item.setData(0, _ID_ROLE, item_id)
    item.setData(0, _KIND_ROLE, kind.value)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
    item.setCheckState(0, Qt.CheckState.Unchecked)
    return item


class NewAssignmentDialog(QDialog):
    """Make an assignment file: course, modules or lessons, due dates, a note, then Save as...

    Ticking a module assigns the whole module; ticking single lessons assigns just those.
    The "Due" column sets a date for one item (double-click it); the date below applies to
    the rest. Signals: saved(str) with the path written.
    """

    saved = Signal(str)

    def __init__(
        self,
        courses: Mapping[str, Course],
        parent: QWidget | None = None,
        *,
        therapist: str = "",
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assignment")
        self.setMinimumSize(560, 620)
        self._courses = dict(courses)
        self._today = today or dt.date.today()
        self._filling = False

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose what to assign. Bridgework saves it as a small file you give to your "
            "client (by email or on a USB stick); they open it with File > Import assignment..."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.course_box = QComboBox()
        for course in sorted(self._courses.values(), key=lambda c: c.title.lower()):
            self.course_box.addItem(f"{course.title} (version {course.version})", course.id)
        self.course_box.currentIndexChanged.connect(self._fill_tree)
        form.addRow("Course", self.course_box)
        layout.addLayout(form)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Modules and lessons", "Due (optional)"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Modules and lessons to assign")
        self.tree.itemChanged.connect(self._item_changed)
        # Only the due column is edited, and only on purpose (a double-click).
        self.tree.setEditTriggers(QTreeWidget.EditTrigger.NoEditTriggers)
        self.tree.itemDoubleClicked.connect(self._edit_due)
        layout.addWidget(self.tree, 1)

        details = QFormLayout()
        due_row = QHBoxLayout()
        self.due_check = QCheckBox("Due by")
        self.due_date = QDateEdit()
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("d MMM yyyy")
        self.due_date.setMinimumDate(_qdate(self._today))
        self.due_date.setDate(_qdate(self._today + dt.timedelta(days=14)))
        self.due_date.setEnabled(False)
        self.due_check.toggled.connect(self.due_date.setEnabled)
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_date)
        due_row.addStretch(1)
        details.addRow("Due date", due_row)

        mark_row = QHBoxLayout()
        self.mark_check = QCheckBox("Quizzes must reach")
        self.pass_mark = QDoubleSpinBox()
        self.pass_mark.setRange(10, 100)
        self.pass_mark.setDecimals(0)
        self.pass_mark.setSuffix(" %")
        self.pass_mark.setValue(80)
        self.pass_mark.setEnabled(False)
        self.mark_check.toggled.connect(self.pass_mark.setEnabled)
        mark_row.addWidget(self.mark_check)
        mark_row.addWidget(self.pass_mark)
        mark_row.addStretch(1)
        details.addRow("Pass mark", mark_row)

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A few words for your client (optional)")
        self.note.setFixedHeight(70)
        details.addRow("Note", self.note)
        self.therapist = QLineEdit(therapist)
        self.therapist.setPlaceholderText("The name your client will see")
        details.addRow("From", self.therapist)
        self.client_label = QLineEdit()
        self.client_label.setPlaceholderText("Initials or a pseudonym (optional)")
        details.addRow("For", self.client_label)
        layout.addLayout(details)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save as…", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setIcon(QIcon())  # the style's red cross is louder than this needs
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_tree()

    # -- the tree --------------------------------------------------------------------------

    def current_course(self) -> Course | None:
        return self._courses.get(self.course_box.currentData())

    def _fill_tree(self) -> None:
        self._filling = True
        self.tree.clear()
        course = self.current_course()
        if course is not None:
            for module in course.modules:
                top = _tree_item(module.title, module.id, ItemKind.MODULE)
                for lesson in module.lessons:
                    top.addChild(_tree_item(lesson.title, lesson.id, ItemKind.LESSON))
                self.tree.addTopLevelItem(top)
        self._filling = False

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        if column != 0:
            return
        if item.childCount():
            # A ticked module covers its lessons, so they are shown ticked and locked.
            checked = item.checkState(0) == Qt.CheckState.Checked
            self._filling = True
            for child in _children(item):
                child.setCheckState(
                    0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                )
                flags = child.flags()
                child.setFlags(
                    flags & ~Qt.ItemFlag.ItemIsEnabled
                    if checked
                    else flags | Qt.ItemFlag.ItemIsEnabled
                )
            self._filling = False

    def _edit_due(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 1 or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        if not isinstance(item.data(1, Qt.ItemDataRole.EditRole), QDate):
            # A QDate in the cell makes Qt's default delegate edit it with a date picker.
            start = self.due_date.date() if self.due_check.isChecked() else _qdate(self._today)
            item.setData(1, Qt.ItemDataRole.EditRole, start)
        self.tree.editItem(item, 1)

    def _module_items(self) -> Iterable[QTreeWidgetItem]:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                yield item

    def set_checked(self, item_id: str, checked: bool = True) -> None:
        """Tick a module or lesson by id (for tests and for re-using a previous choice)."""
        for top in self._module_items():
            for item in [top, *_children(top)]:
                if item.data(0, _ID_ROLE) == item_id:
                    item.setCheckState(
                        0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )

    def set_item_due(self, item_id: str, due: dt.date | None) -> None:
        for top in self._module_items():
            for item in [top, *_children(top)]:
                if item.data(0, _ID_ROLE) == item_id:
                    item.setData(1, Qt.ItemDataRole.EditRole, _qdate(due) if due else None)

    def chosen(self) -> tuple[list[str], list[str], dict[str, dt.date]]:
        """Module ids, lesson ids (outside ticked modules) and per-item due dates."""
        modules: list[str] = []
        lessons: list[str] = []
        dues: dict[str, dt.date] = {}
        for top in self._module_items():
            if top.checkState(0) == Qt.CheckState.Checked:
                modules.append(top.data(0, _ID_ROLE))
                _collect_due(top, dues)
                continue
            for child in _children(top):
                if child.checkState(0) == Qt.CheckState.Checked:
                    lessons.append(child.data(0, _ID_ROLE))
                    _collect_due(child, dues)
        return modules, lessons, dues

    # -- saving ----------------------------------------------------------------------------

    def build_assignment(self) -> Assignment:
        """The assignment as the form describes it; AssignmentError says what to fix."""
        course = self.current_course()
        if course is None:
            raise AssignmentError("There is no course installed to assign from.")
        modules, lessons, dues = self.chosen()
        return new_assignment(
            course,
            therapist=self.therapist.text(),
            modules=modules,
            lessons=lessons,
            due=_pydate(self.due_date.date()) if self.due_check.isChecked() else None,
            item_dues=dues,
            note=self.note.toPlainText(),
            pass_mark=self.pass_mark.value() / 100 if self.mark_check.isChecked() else None,
            client_label=self.client_label.text(),
            today=self._today,
        )

    def ask_path(self, suggested: str) -> str:
        """Where to save; a separate method so tests can answer it."""
        from ui.file_dialogs import save_file_name

        return save_file_name(self, "Save the assignment", suggested, FILE_FILTER)

    def save(self) -> Path | None:
        try:
            assignment = self.build_assignment()
        except AssignmentError as error:
            self.message.setText(str(error))
            return None
        label = (assignment.client_label or "client").replace(" ", "-").replace("/", "-")
        suggested = str(
            Path.home() / f"assignment-{label}-{assignment.issued.isoformat()}{FILE_SUFFIX}"
        )
        path = self.ask_path(suggested)
        if not path:
            return None
        try:
            written = write_assignment(assignment, path)
        except OSError as error:
            self.message.setText(
                f"The file couldn't be saved there ({error.strerror or error}). Nothing was "
                "written; please choose another folder."
            )
            return None
        self.saved.emit(str(written))
        self.accept()
        return written


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]


def _collect_due(item: QTreeWidgetItem, dues: dict[str, dt.date]) -> None:
    value = item.data(1, Qt.ItemDataRole.EditRole)
    if isinstance(value, QDate) and value.isValid():
        dues[item.data(0, _ID_ROLE)] = _pydate(value)
    elif isinstance(value, dt.date):
        dues[item.data(0, _ID_ROLE)] = value


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


# --- the Home panel -----------------------------------------------------------------------


class AssignedPanel(QFrame):
    """ "Assigned to you" on Home: every active assignment, item by item, with live progress.

    Call `refresh()` whenever progress may have changed (a lesson completed, a quiz
    finished); it reads the store again. The panel hides itself when nothing is assigned.
    Signals: lesson_requested(str) with a lesson id to open; archived(str) with an
    assignment id.
    """

    lesson_requested = Signal(str)
    archived = Signal(str)

    def __init__(
        self,
        store: AssignmentStore | None = None,
        courses: Mapping[str, Course] | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Assigned to you")
        self._store = store
        self._courses: dict[str, Course] = dict(courses or {})
        self._today = today
        self.views: list[AssignmentView] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(18, 14, 18, 14)
        self._layout.setSpacing(10)
        self.setVisible(False)

    def set_store(self, store: AssignmentStore | None, courses: Mapping[str, Course]) -> None:
        self._store = store
        self._courses = dict(courses)
        self.refresh()

    def refresh(self) -> None:
        if self._store is None:
            self.show_views([])
            return
        try:
            views = assignment_views(self._store, self._courses, self._today)
        except StoreError:
            # Home stays usable if the store hiccups; the next refresh tries again.
            return
        self.show_views(views)

    def show_views(self, views: list[AssignmentView]) -> None:
        self.views = list(views)
        while self._layout.count():
            child = self._layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                # Detached at once, so the panel never holds old and new rows together.
                widget.setParent(None)
                widget.deleteLater()
        self.setVisible(bool(views))
        if not views:
            return
        heading = QLabel("Assigned to you")
        heading.setObjectName("sectionTitle")
        self._layout.addWidget(heading)
        for view in views:
            self._layout.addWidget(self._assignment_block(view))

    def _today_date(self) -> dt.date:
        return self._today or dt.date.today()

    def _assignment_block(self, view: AssignmentView) -> QWidget:
        today = self._today_date()
        a = view.assignment
        block = QWidget()
        block.setObjectName("assignment")
        v = QVBoxLayout(block)
        v.setContentsMargins(0, 4, 0, 4)
        top = QHBoxLayout()
        course = view.course_title or f"{a.course_id} (not installed)"
        title = QLabel(
            f"<b>{html.escape(course)}</b> · from {html.escape(a.therapist)}, "
            f"{day_words(a.issued, today)}"
        )
        title.setWordWrap(True)
        top.addWidget(title, 1)
        archive = QPushButton("Archive")
        archive.setToolTip("Move this assignment off Home. Your progress is kept.")
        archive.setAccessibleName(f"Archive the assignment from {a.therapist}")
        archive.clicked.connect(lambda _=False, i=a.id: self.archive(i))
        top.addWidget(archive)
        v.addLayout(top)
        if a.note:
            note = QLabel(a.note)
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setStyleSheet("font-style: italic")
            v.addWidget(note)
            v.addSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 1)
        gentle = self.palette().color(QPalette.ColorRole.Link).name()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        for row, (status, next_lesson) in enumerate(
            zip(view.statuses, view.next_lessons, strict=True)
        ):
            name = QLabel(f"{item_kind_words(status.item.kind)}: {status.title}")
            name.setWordWrap(True)
            name.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(name, row * 3, 0)
            due = QLabel(due_words(status, today))
            due.setObjectName("dueLabel")
            if status.overdue:
                # Gently: a calm colour and "was due", never red or alarm words.
                due.setStyleSheet(f"color: {gentle}")
            grid.addWidget(due, row * 3, 1)
            bar = QProgressBar()
            bar.setRange(0, max(1, status.lessons_total))
            bar.setValue(status.lessons_done)
            bar.setTextVisible(False)
            bar.setFixedHeight(8)
            bar.setAccessibleName(f"{status.title}: {status_words(status)}")
            grid.addWidget(bar, row * 3, 2)
            open_button = QPushButton("Open")
            open_button.setEnabled(next_lesson is not None)
            open_button.setAccessibleName(f"Open {status.title}")
            if next_lesson is not None:
                open_button.clicked.connect(
                    lambda _=False, lesson=next_lesson: self.lesson_requested.emit(lesson)
                )
            grid.addWidget(open_button, row * 3, 3, 2, 1)
            said = status_words(status)
            if view.course_title is None:
                said = "The course isn't installed here, so progress can't be shown yet"
            words = QLabel(said)
            words.setObjectName("statusLabel")
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setWordWrap(True)
            words.setStyleSheet(f"color: {muted}")
            smaller = words.font()
            smaller.setPointSizeF(max(8.0, smaller.pointSizeF() * 0.9))
            words.setFont(smaller)
            grid.addWidget(words, row * 3 + 1, 0, 1, 3)
            if status.item.note:
                words.setText(f"{said}. {status.item.note}")
            grid.setRowMinimumHeight(row * 3 + 2, 10)  # air between items
        v.addLayout(grid)
        return block

    def confirm_archive(self, assignment: Assignment) -> bool:
        """Ask first; a separate method so tests can answer it."""
        answer = QMessageBox.question(
            self,
            "Archive this assignment?",
            f"The assignment from {assignment.therapist} will leave your Home page. "
            "Your progress in the lessons is kept, and you can still include it in a report.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def archive(self, assignment_id: str) -> bool:
        view = next((v for v in self.views if v.assignment.id == assignment_id), None)
        if view is None or self._store is None or not self.confirm_archive(view.assignment):
            return False
        try:
            self._store.archive_assignment(assignment_id)
        except StoreError as error:
            QMessageBox.information(self, "Couldn't archive", error.message)
            return False
        self.archived.emit(assignment_id)
        self.refresh()
        return True


# --- the window's hooks -------------------------------------------------------------------


def sniff_file_kind(path: str | Path) -> str | None:
    """ "assignment" or "report" from the file's `format` field; None if it can't be told."""
    from course.report import sniff_file_kind as sniff

    return sniff(path)


def _is_workspace(window: object) -> bool:
    from course.paths import WORKSPACE_PROFILE

    paths = getattr(window, "paths", None)
    return getattr(paths, "profile", None) == WORKSPACE_PROFILE


def store_keeps_assignments(store: Any) -> bool:
    return all(
        callable(getattr(store, name, None))
        for name in ("add_assignment", "assignments", "archive_assignment")
    )


class AssignmentFeatures(QObject):
    """Everything the main window needs for assignments and reports, behind a few calls.

    The window adds `actions()` to its File menu, puts `panel` on Home, calls
    `set_store(store)` once the store is open, `refresh()` when progress changes, and
    `open_file(path)` for a file given on the command line.
    Signals: lesson_requested(str) from the panel; changed() after an import or archive.
    """

    lesson_requested = Signal(str)
    changed = Signal()

    def __init__(
        self,
        window: QWidget,
        courses: Callable[[], Mapping[str, Course]],
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._courses_fn = courses
        self._courses: dict[str, Course] | None = None
        self._search = 0
        self._today = today
        self.store: Any = None
        self._pending: str | None = None
        # Set by the therapist's workspace: takes a report file first (True if it kept it),
        # and makes assignments for the client on show.
        self.report_handler: Callable[[str], bool] | None = None
        self.assignment_maker: Callable[[], QDialog | None] | None = None
        self.dialogs: list[QDialog] = []
        self.panel = AssignedPanel(today=today)
        self.panel.lesson_requested.connect(self.lesson_requested)
        self.panel.archived.connect(lambda _id: self.changed.emit())

        def action(text: str, slot: Callable[[], object], tip: str) -> QAction:
            act = QAction(text, window)
            act.setStatusTip(tip)
            act.setToolTip(tip)
            act.triggered.connect(lambda _=False: slot())
            return act

        self.act_new_assignment = action(
            "&New assignment…", self.new_assignment, "Make an assignment file for a client"
        )
        self.act_import_assignment = action(
            "Import &assignment…", self.import_assignment, "Open an assignment file you were given"
        )
        self.act_export_report = action(
            "Export progress &report…",
            self.export_report,
            "Save a report of your progress, with only what you choose to share",
        )
        self.act_open_report = action(
            "Open progress re&port…", self.open_report, "Read a progress report someone shared"
        )
        self._update_actions()

    def actions(self) -> list[QAction]:
        """The File menu's entries. Making assignments belongs to the therapist's workspace
        (issue 11), so a learner's window does not offer it."""
        making = [self.act_new_assignment] if _is_workspace(self._window) else []
        return [
            *making,
            self.act_import_assignment,
            self.act_export_report,
            self.act_open_report,
        ]

    def courses(self) -> dict[str, Course]:
        """Installed courses, looked up once (in the background when the store opens)."""
        if self._courses is None:
            self._courses = dict(self._courses_fn())
        return self._courses

    @property
    def courses_known(self) -> bool:
        return self._courses is not None

    def forget_courses(self) -> None:
        """A course was installed or removed: look again, in the background."""
        self._courses = None
        self._find_courses()

    def _find_courses(self) -> None:
        from ui.workers import run_task

        # Loading every installed course takes a moment, so it never runs on the GUI
        # thread at start-up; a newer search makes an older one's answer moot.
        self._search += 1
        search = self._search
        provider = self._courses_fn

        def found(result: Mapping[str, Course]) -> None:
            if search == self._search:
                self._courses = dict(result)
                self._attach()

        def failed(_error: BaseException) -> None:
            if search == self._search:
                self._attach()  # the panel lists items plainly even without courses

        run_task(lambda: dict(provider()), found, failed)

    def set_store(self, store: Any) -> None:
        """The store is open (or None: closed); a file waiting for it is opened then."""
        self.store = store
        self._update_actions()
        if store is None:
            self.panel.set_store(None, {})
        elif self._courses is None:
            self._find_courses()  # _attach follows when they are found
        else:
            self._attach()

    def _attach(self) -> None:
        if self.store is None or not shiboken6.isValid(self.panel):
            return  # closed, or the window went away while courses were being found
        if store_keeps_assignments(self.store):
            self.panel.set_store(self.store, self._courses or {})
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.open_file(pending)

    def refresh(self) -> None:
        if self.store is not None and store_keeps_assignments(self.store):
            self.panel.refresh()

    def _update_actions(self) -> None:
        ready = self.store is not None
        self.act_import_assignment.setEnabled(ready and store_keeps_assignments(self.store))
        self.act_export_report.setEnabled(ready)

    def _show(self, dialog: QDialog) -> QDialog:
        """Window-modal and non-blocking, like the window's other dialogs."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(dialog)
        dialog.finished.connect(
            lambda _r, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None
        )
        dialog.open()
        return dialog

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self._window
        )
        self._show(box)

    # -- the four actions ----------------------------------------------------------------

    def new_assignment(self) -> QDialog | None:
        if self.assignment_maker is not None:
            return self.assignment_maker()
        therapist = ""
        if self.store is not None:
            try:
                therapist = str(self.store.get_setting("assignment_sender", "") or "")
            except StoreError:
                therapist = ""
        dialog = NewAssignmentDialog(
            self.courses(), self._window, therapist=therapist, today=self._today
        )
        dialog.saved.connect(lambda _path, d=dialog: self._remember_sender(d.therapist.text()))
        return self._show(dialog)

    def _remember_sender(self, name: str) -> None:
        if self.store is not None and name.strip():
            with contextlib.suppress(StoreError):  # only a convenience for next time
                self.store.set_setting("assignment_sender", name.strip())

    def ask_open_path(self, title: str, file_filter: str) -> str:
        """A separate method so tests can answer it."""
        from ui.file_dialogs import open_file_name

        return open_file_name(self._window, title, "", file_filter)

    def import_assignment(self, path: str | None = None) -> QDialog | None:
        if self.store is None or not store_keeps_assignments(self.store):
            self._tell(
                "Import an assignment",
                "Your saved progress isn't open yet, so an assignment can't be added. "
                "Please wait a moment (or unlock Bridgework) and try again.",
            )
            return None
        path = path or self.ask_open_path("Import an assignment", FILE_FILTER)
        if not path:
            return None
        dialog = ImportAssignmentDialog(
            path, self.store, self.courses(), self._window, today=self._today
        )
        dialog.imported.connect(self._imported)
        return self._show(dialog)

    def _imported(self, _assignment_id: str) -> None:
        self.panel.refresh()
        self.changed.emit()

    def export_report(self) -> QDialog | None:
        from ui.report_dialogs import ExportReportDialog

        if self.store is None:
            self._tell(
                "Export a progress report",
                "Your saved progress isn't open yet. Please wait a moment (or unlock "
                "Bridgework) and try again.",
            )
            return None
        assignments = (
            stored_assignments(self.store, include_archived=True)
            if store_keeps_assignments(self.store)
            else []
        )
        dialog = ExportReportDialog(
            self.store, self.courses(), self._window, assignments=assignments, today=self._today
        )
        return self._show(dialog)

    def open_report(self, path: str | None = None) -> QDialog | None:
        from course.report import ReportError
        from ui.report_dialogs import REPORT_FILTER, ReportViewer, load_report

        path = path or self.ask_open_path("Open a progress report", REPORT_FILTER)
        if not path:
            return None
        if self.report_handler is not None and self.report_handler(path):
            return None  # the therapist's workspace kept it with its client
        try:
            report = load_report(path)
        except ReportError as error:
            self._tell("Open a progress report", str(error))
            return None
        return self._show(ReportViewer(report, self._window))

    def open_file(self, path: str) -> QDialog | None:
        """A file from the command line: a report opens at once; an assignment once the store is."""
        if sniff_file_kind(path) == "report":
            if self.store is None and _is_workspace(self._window):
                self._pending = path  # the workspace keeps it, once its store is open
                return None
            return self.open_report(path)
        if self.store is None:
            self._pending = path
            return None
        return self.import_assignment(path)


def install(window: Any) -> AssignmentFeatures:
    """Assignments and progress reports in the main window (issue 6): File menu actions,
    a Home panel, and the store followed as it opens and closes. Called after the first
    paint (none of this is needed for the first frame)."""
    from ui.session import discover_courses

    content_dir, courses_dir = window.content_dir, window.paths.courses

    def courses() -> dict[str, Course]:
        # Runs on a worker thread: plain files only, no widgets. Courses with errors
        # are left out, as `assign` does: an assignment must name ids that exist.
        from course.assign_command import courses_by_id

        return courses_by_id(discover_courses(content_dir, courses_dir))

    features = AssignmentFeatures(window, courses)
    features.lesson_requested.connect(window.open_lesson)
    features.changed.connect(window.refresh_progress)
    window.commands.add_to_file_menu(features.actions())
    window.home.add_panel(features.panel)
    life = window.session.store_life
    life.opened.connect(lambda _snapshot: features.set_store(life.store))
    life.closed.connect(lambda: features.set_store(None))
    # A course installed: look again, so assignments for it are accepted.
    window.library_pages.import_finished.connect(
        lambda installed: features.forget_courses() if installed else None
    )
    if life.store is not None:
        features.set_store(life.store)
    if window.open_file:
        features.open_file(window.open_file)
    return features
