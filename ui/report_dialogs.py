"""Progress reports in the window: the client chooses what to share; a therapist reads it.

ExportReportDialog (File > Export progress report...) lets the client pick the scope and
each kind of content; reflections are off unless chosen one by one after a preview, and
so is feelings practice (a check-in summary, its notes, perspective answers one by one). It
writes a PDF (report_to_html printed by QTextDocument to QPdfWriter) and, unless unticked,
a JSON file of the same report. ReportViewer (File > Open progress report...) shows a
received JSON report, read-only.

Both files are written to temporary names in the target folder and only then moved
into place, so a half-written report never appears.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QIcon,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from course.assignments import Assignment, assigned_lesson_ids, assignment_from_json
from course.fileio import fsync_file, temp_path_beside
from course.model import Course, PromptType
from course.report import (
    REPORT_SUFFIX,
    ReflectionKey,
    Report,
    ReportChoices,
    build_report,
    read_report_file,
    report_to_html,
    report_to_json,
)
from course.store.api import StoreError
from ui.pdf import print_html

PDF_FILTER = "PDF documents (*.pdf)"
REPORT_STYLE = (
    "h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 14px; }"
    " h3 { font-size: 12pt; } th { background-color: #eef2f5; }"
    " blockquote { margin-left: 16px; }"
)
# *.json: reports saved before they had their own extension.
REPORT_FILTER = f"Bridgework progress reports (*{REPORT_SUFFIX} *.json);;All files (*)"
PREVIEW_CHARS = 160
_KEY_ROLE = Qt.ItemDataRole.UserRole


# --- what can be chosen -------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionChoice:
    """One written reflection the client may choose to share, with a short preview."""

    key: ReflectionKey
    lesson: str
    prompt: str
    preview: str


def lessons_in_scope(course: Course, assignment: Assignment | None) -> list[str]:
    """Lesson ids a report covers: all of the course, or what the assignment names."""
    if assignment is None:
        return [lesson.id for lesson in course.lessons()]
    wanted = assigned_lesson_ids(assignment, course)
    return [lesson.id for lesson in course.lessons() if lesson.id in wanted]


def _courses_in_scope(courses: Mapping[str, Course], assignment: Assignment | None) -> list[Course]:
    if assignment is None:
        return list(courses.values())
    return [courses[assignment.course_id]] if assignment.course_id in courses else []


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def _written_choices(
    courses: Mapping[str, Course],
    assignment: Assignment | None,
    kind: PromptType,
    texts_of: Callable[[Course], Mapping[tuple[str, str], str]],
) -> list[ReflectionChoice]:
    """Every prompt of `kind` in scope with something written, in course order."""
    found = []
    for course in _courses_in_scope(courses, assignment):
        texts = texts_of(course)
        for lesson_id in lessons_in_scope(course, assignment):
            lesson = course.lesson(lesson_id)
            if lesson is None:
                continue
            for reflection in lesson.reflections:
                for prompt in reflection.prompts:
                    text = texts.get((reflection.id, prompt.id))
                    if prompt.type is not kind or not text:
                        continue
                    found.append(
                        ReflectionChoice(
                            ReflectionKey(course.id, reflection.id, prompt.id),
                            lesson.title,
                            prompt.prompt,
                            _preview(text),
                        )
                    )
    return found


def reflection_choices(
    store: Any, courses: Mapping[str, Course], assignment: Assignment | None
) -> list[ReflectionChoice]:
    """Every written text reflection in scope, in course order."""

    def texts(course: Course) -> dict[tuple[str, str], str]:
        return {
            (e.reflection_id, e.prompt_id): e.text
            for e in store.reflections(course.id)
            if e.text.strip()
        }

    return _written_choices(courses, assignment, PromptType.TEXT, texts)


def perspective_choices(
    store: Any, courses: Mapping[str, Course], assignment: Assignment | None
) -> list[ReflectionChoice]:
    """Every perspective exercise in scope that has the learner's own answer, in course order."""
    if not callable(getattr(store, "perspectives", None)):
        return []

    def texts(course: Course) -> dict[tuple[str, str], str]:
        return {
            (a.reflection_id, a.prompt_id): a.first_draft
            for a in store.perspectives(course.id)
            if a.first_draft.strip()
        }

    return _written_choices(courses, assignment, PromptType.PERSPECTIVE, texts)


# --- writing the files --------------------------------------------------------------------


def render_pdf(report: Report, path: Path) -> None:
    """Print the report's HTML to an A4 PDF at `path` (which is overwritten)."""
    print_html(
        report_to_html(report),
        path,
        title=f"Progress report, {report.made_on:%d %B %Y}",
        style=REPORT_STYLE,
    )


def write_report_files(
    report: Report, pdf_path: str | Path, json_path: str | Path | None = None
) -> list[Path]:
    """Write the PDF (and the JSON, if asked) whole or not at all. Returns the paths written."""
    pdf_path = Path(pdf_path)
    targets: list[tuple[Path, Path]] = []
    try:
        pdf_temp = temp_path_beside(pdf_path)
        targets.append((pdf_temp, pdf_path))
        render_pdf(report, pdf_temp)
        if pdf_temp.stat().st_size == 0:
            raise OSError("the PDF came out empty")
        fsync_file(pdf_temp)
        if json_path is not None:
            json_path = Path(json_path)
            json_temp = temp_path_beside(json_path)
            targets.append((json_temp, json_path))
            with json_temp.open("w", encoding="utf-8") as handle:
                handle.write(report_to_json(report))
                handle.flush()
                os.fsync(handle.fileno())
        for temp, final in targets:
            os.replace(temp, final)
    except BaseException:
        for temp, _ in targets:
            temp.unlink(missing_ok=True)
        raise
    return [final for _, final in targets]


def json_path_for(pdf_path: str | Path) -> Path:
    """The report file (JSON inside) saved beside a PDF: same name, .bridgework-report."""
    pdf_path = Path(pdf_path)
    return (
        pdf_path.with_suffix(REPORT_SUFFIX)
        if pdf_path.suffix
        else pdf_path.with_name(pdf_path.name + REPORT_SUFFIX)
    )


# --- the export dialog --------------------------------------------------------------------


class ExportReportDialog(QDialog):
    """Choose what a progress report shares, then save it as PDF (and optionally JSON).

    Signals: saved(list) with the paths written; save_failed(str) with the message shown.
    """

    saved = Signal(list)
    save_failed = Signal(str)

    def __init__(
        self,
        store: Any,
        courses: Mapping[str, Course],
        parent: QWidget | None = None,
        *,
        assignments: Sequence[Assignment] | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export a progress report")
        self.setMinimumSize(600, 640)
        # Wide enough that the list of reflections shows a few rows at once (its words
        # wrap, so a narrower dialog grows taller instead and squeezes the list).
        self.resize(800, 720)
        self._store = store
        self._courses = dict(courses)
        self._today = today or dt.date.today()
        self._assignments = (
            list(assignments) if assignments is not None else _store_assignments(store)
        )

        layout = QVBoxLayout(self)
        intro = QLabel(
            "You decide what goes in. Only what you tick below is put in the report; "
            "nothing else leaves Bridgework. You can look at the PDF before you give it to anyone."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.scope = QComboBox()
        self.scope.addItem("Everything I have done", None)
        several_courses = len({a.course_id for a in self._assignments}) > 1
        for a in self._assignments:
            label = f"The assignment from {a.therapist}, {a.issued:%d %b %Y}"
            if several_courses:
                course = self._courses.get(a.course_id)
                label += f" ({course.title if course else a.course_id})"
            self.scope.addItem(label, a.id)
        self.scope.setAccessibleName("What the report covers")
        form.addRow("Covers", self.scope)
        self.client_label = QLineEdit()
        self.client_label.setPlaceholderText("Initials or a pseudonym (optional)")
        form.addRow("Your name on it", self.client_label)
        layout.addLayout(form)

        contents = QGroupBox("Include")
        c = QVBoxLayout(contents)
        self.lessons = QCheckBox("Lessons completed and time spent")
        self.quizzes = QCheckBox("Quiz scores")
        self.ratings = QCheckBox("Self-ratings over time (with a simple chart)")
        for box in (self.lessons, self.quizzes, self.ratings):
            box.setChecked(True)
            c.addWidget(box)
        self.reflections = QCheckBox("Reflections I choose, one by one")
        self.reflections.setChecked(False)
        c.addWidget(self.reflections)
        self.reflection_hint = QLabel(
            "Tick each reflection you want to share. Unticked ones stay private."
        )
        self.reflection_hint.setWordWrap(True)
        c.addWidget(self.reflection_hint)
        self.reflection_list = QListWidget()
        self.reflection_list.setAccessibleName("Reflections you can choose to share")
        self.reflection_list.setWordWrap(True)
        self.reflection_list.setAlternatingRowColors(True)
        c.addWidget(self.reflection_list, 1)
        layout.addWidget(contents, 1)

        practice = QGroupBox("Feelings practice (shared only if you tick it)")
        f = QVBoxLayout(practice)
        # A check box never wraps its text: the long explanation sits under it, wrapped,
        # so the dialog is not clipped at its natural width.
        self.check_ins = QCheckBox("A summary of my check-ins")
        check_ins_means = (
            "How many days I checked in over the last four weeks, and the kinds of feeling "
            "I picked most."
        )
        self.check_ins.setAccessibleDescription(check_ins_means)
        check_ins_hint = QLabel(check_ins_means)
        check_ins_hint.setWordWrap(True)
        check_ins_hint.setIndent(self.check_ins.iconSize().width() + 8)
        self.check_in_notes = QCheckBox("Also the notes I wrote when checking in")
        self.perspectives = QCheckBox("Perspective exercises I choose, one by one")
        for box in (self.check_ins, self.check_in_notes, self.perspectives):
            box.setChecked(False)  # never shared by default
            f.addWidget(box)
            if box is self.check_ins:
                f.addWidget(check_ins_hint)
        self.check_in_notes.setEnabled(False)
        self.perspective_hint = QLabel(
            "Tick each exercise you want to share: your own answer and what you added after "
            "reading the example. Unticked ones stay private."
        )
        self.perspective_hint.setWordWrap(True)
        f.addWidget(self.perspective_hint)
        self.perspective_list = QListWidget()
        self.perspective_list.setAccessibleName("Perspective exercises you can choose to share")
        self.perspective_list.setWordWrap(True)
        self.perspective_list.setAlternatingRowColors(True)
        f.addWidget(self.perspective_list, 1)
        layout.addWidget(practice)

        self.save_json = QCheckBox("Also save a report file for your therapist's Bridgework")
        self.save_json.setToolTip(
            "The same content as the PDF, in a file Bridgework opens and keeps with your "
            "earlier reports (JSON inside)"
        )
        # On by default (issue 11): the therapist's workspace reads the report file, not
        # the PDF. It holds exactly what the PDF holds; the client can still untick it.
        self.save_json.setChecked(True)
        layout.addWidget(self.save_json)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save report…", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setIcon(QIcon())  # the style's red cross is louder than this needs
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.reflections.toggled.connect(self._show_reflections)
        self.perspectives.toggled.connect(self._show_reflections)
        self.check_ins.toggled.connect(self.check_in_notes.setEnabled)
        for box in (
            self.lessons,
            self.quizzes,
            self.ratings,
            self.reflections,
            self.check_ins,
            self.check_in_notes,
            self.perspectives,
            self.save_json,
        ):
            box.toggled.connect(self._update_summary)
        self.reflection_list.itemChanged.connect(self._update_summary)
        self.perspective_list.itemChanged.connect(self._update_summary)
        self._scope_changed()

    # -- choices ---------------------------------------------------------------------------

    def current_assignment(self) -> Assignment | None:
        wanted = self.scope.currentData()
        return next((a for a in self._assignments if a.id == wanted), None)

    def set_scope(self, assignment_id: str | None) -> None:
        index = self.scope.findData(assignment_id)
        if index >= 0:
            self.scope.setCurrentIndex(index)

    def _scope_changed(self) -> None:
        assignment = self.current_assignment()
        if assignment is not None and not self.client_label.text():
            self.client_label.setText(assignment.client_label or "")
        try:
            reflections = reflection_choices(self._store, self._courses, assignment)
            perspectives = perspective_choices(self._store, self._courses, assignment)
        except StoreError as error:
            self.message.setText(error.message)
            reflections, perspectives = [], []
        _fill_choices(self.reflection_list, reflections, "No written reflections here yet.")
        _fill_choices(
            self.perspective_list, perspectives, "No perspective exercises answered here yet."
        )
        self._show_reflections()

    def _show_reflections(self) -> None:
        for box, widgets in (
            (self.reflections, (self.reflection_list, self.reflection_hint)),
            (self.perspectives, (self.perspective_list, self.perspective_hint)),
        ):
            for widget in widgets:
                widget.setVisible(box.isChecked())
        self._update_summary()

    def _update_summary(self) -> None:
        choices = self.choices()
        parts = [
            words
            for words, on in (
                ("lessons and time spent", choices.lessons),
                ("quiz scores", choices.quizzes),
                ("self-ratings", choices.ratings),
            )
            if on
        ]
        count = len(choices.reflections)
        if count:
            parts.append(f"{count} reflection" + ("" if count == 1 else "s") + " you chose")
        if choices.check_ins:
            parts.append(
                "a check-in summary with your notes"
                if choices.check_in_notes
                else "a check-in summary (without notes)"
            )
        count = len(choices.perspectives)
        if count:
            parts.append(
                f"{count} perspective exercise" + ("" if count == 1 else "s") + " you chose"
            )
        what = ", ".join(parts) if parts else "only the course names"
        files = "a PDF and a report file" if self.save_json.isChecked() else "a PDF"
        self.summary.setText(f"The report will hold {what}. It is saved as {files}.")

    def reflection_items(self) -> list[QListWidgetItem]:
        return _choice_items(self.reflection_list)

    def perspective_items(self) -> list[QListWidgetItem]:
        return _choice_items(self.perspective_list)

    def set_reflection_chosen(self, key: ReflectionKey, chosen: bool = True) -> None:
        _set_chosen(self.reflection_list, key, chosen)

    def set_perspective_chosen(self, key: ReflectionKey, chosen: bool = True) -> None:
        _set_chosen(self.perspective_list, key, chosen)

    def choices(self) -> ReportChoices:
        chosen = _chosen(self.reflection_list) if self.reflections.isChecked() else frozenset()
        check_ins = self.check_ins.isChecked()
        return ReportChoices(
            assignment=self.current_assignment(),
            lessons=self.lessons.isChecked(),
            quizzes=self.quizzes.isChecked(),
            ratings=self.ratings.isChecked(),
            reflections=chosen,
            client_label=self.client_label.text().strip() or None,
            check_ins=check_ins,
            check_in_notes=check_ins and self.check_in_notes.isChecked(),
            perspectives=(
                _chosen(self.perspective_list) if self.perspectives.isChecked() else frozenset()
            ),
            known_assignments=tuple(self._assignments),
        )

    def build(self) -> Report:
        return build_report(self._store, self._courses, self.choices(), today=self._today)

    # -- saving ----------------------------------------------------------------------------

    def ask_path(self, suggested: str) -> str:
        """Where to save the PDF; a separate method so tests can answer it."""
        from ui.file_dialogs import save_file_name

        return save_file_name(self, "Save the progress report", suggested, PDF_FILTER)

    def save(self) -> bool:
        """Ask where, then write the files off the GUI thread; False if nothing was started.

        The report is built here (a few quick store reads, and what the learner chose is
        fixed at this moment); printing it to PDF runs on the thread pool.
        Ends with `saved` or `save_failed`.
        """
        suggested = str(Path.home() / f"progress-report-{self._today.isoformat()}.pdf")
        path = self.ask_path(suggested)
        if not path:
            return False
        pdf = Path(path)
        if not pdf.suffix:
            pdf = pdf.with_suffix(".pdf")
        json_path = json_path_for(pdf) if self.save_json.isChecked() else None
        try:
            report = self.build()
        except StoreError as error:
            self._failed(error)
            return False
        self.save_button.setEnabled(False)
        self.message.setText("Saving your report…")
        # Qt 6 lays out and paints text on any thread, so the PDF is printed off the GUI
        # thread; the worker gets only plain values and touches no widget.
        from ui.workers import run_task

        run_task(lambda: write_report_files(report, pdf, json_path), self._written, self._failed)
        return True

    def _written(self, written: list[Path]) -> None:
        self.message.setText("")
        self.saved.emit([str(p) for p in written])
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, StoreError):
            text = error.message
        elif isinstance(error, OSError):
            text = (
                f"The report couldn't be saved there ({error.strerror or error}). Nothing was "
                "written; please choose another folder."
            )
        else:
            text = "The report couldn't be made just now. Nothing was written; please try again."
        self.message.setText(text)
        self.save_failed.emit(text)


def _fill_choices(widget: QListWidget, found: list[ReflectionChoice], empty_text: str) -> None:
    widget.clear()
    for choice in found:
        item = QListWidgetItem(f"{choice.lesson}: {choice.prompt}\n“{choice.preview}”")
        item.setData(_KEY_ROLE, choice.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        # Never pre-ticked: sharing what you wrote is always a choice made on purpose.
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    if not found:
        empty = QListWidgetItem(empty_text)
        empty.setFlags(Qt.ItemFlag.NoItemFlags)
        widget.addItem(empty)


def _choice_items(widget: QListWidget) -> list[QListWidgetItem]:
    items = (widget.item(i) for i in range(widget.count()))
    return [i for i in items if i is not None and isinstance(i.data(_KEY_ROLE), ReflectionKey)]


def _set_chosen(widget: QListWidget, key: ReflectionKey, chosen: bool) -> None:
    for item in _choice_items(widget):
        if item.data(_KEY_ROLE) == key:
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)


def _chosen(widget: QListWidget) -> frozenset[ReflectionKey]:
    return frozenset(
        item.data(_KEY_ROLE)
        for item in _choice_items(widget)
        if item.checkState() == Qt.CheckState.Checked
    )


def _store_assignments(store: Any) -> list[Assignment]:
    if not callable(getattr(store, "assignments", None)):
        return []  # a store without assignments: reports cover everything
    found = []
    for row in store.assignments(include_archived=True):
        try:
            found.append(assignment_from_json(row.document_json))
        except (KeyError, TypeError, ValueError):
            continue
    return found


# --- the therapist's read-only view -------------------------------------------------------


def load_report(path: str | Path) -> Report:
    """Read a received JSON report; ReportError carries a message for the person opening it."""
    return read_report_file(path)


class ReportViewer(QDialog):
    """A received progress report, shown read-only. Nothing in it touches the reader's own data."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        who = report.client_label or "a client"
        self.setWindowTitle(f"Progress report from {who}")
        self.setMinimumSize(640, 700)
        layout = QVBoxLayout(self)
        note = QLabel(
            f"A report shared by {who} on {report.made_on:%d %B %Y}. It is shown read-only; "
            "it holds only what they chose to share, and opening it changes nothing in your "
            "own data."
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)  # it names the sender
        layout.addWidget(note)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setReadOnly(True)
        self.browser.setHtml(report_to_html(report))
        self.browser.setAccessibleName("Progress report")
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
