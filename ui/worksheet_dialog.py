"""File > Print worksheet…: a lesson's prompts and questions, without answers, as a PDF.

The worksheet's words come from `course.worksheet`; the PDF is printed by `ui.pdf`
(as the progress report is) off the GUI thread, into a temporary file that only
replaces the target once it is whole.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from course.model import Course, Lesson, QuizStep, ReflectStep
from course.worksheet import STYLE, suggested_file_name, worksheet_html, worksheet_title
from ui.pdf import PAPER_LABELS, default_paper, write_pdf

PDF_FILTER = "PDF documents (*.pdf)"
DISK_FULL = (
    "There isn't enough free space there to save the worksheet. Nothing was written; "
    "please free some space or choose another place."
)


def failure_text(error: BaseException) -> str:
    """What to say when the worksheet could not be written: plainly, and what to do next."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return (
            f"The worksheet couldn't be saved there ({reason}). Nothing was written; "
            "please choose another folder."
        )
    return "The worksheet couldn't be made just now. Nothing was written; please try again."


class WorksheetDialog(QDialog):
    """Choose what a lesson's worksheet holds and its paper, then save it as a PDF.

    Signals: saved(str) with the path written; save_failed(str) with the message shown.
    Enter saves (after asking where), Escape closes.
    """

    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(self, course: Course, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course, self.lesson = course, lesson
        self.setWindowTitle("Print a worksheet")
        has_reflect = any(isinstance(s, ReflectStep) for s in lesson.steps)
        has_quiz = any(isinstance(s, QuizStep) for s in lesson.steps)
        intro = QLabel(
            f"A worksheet of “{lesson.title}” to print and write on by hand, in a session "
            "or on your own. It holds the lesson's questions, never your own answers or "
            "writing, and the quiz comes without its answers."
        )
        intro.setWordWrap(True)
        self.reflections = QCheckBox("&Reflection and perspective prompts")
        self.reflections.setChecked(has_reflect)
        self.reflections.setEnabled(has_reflect)
        self.quizzes = QCheckBox("&Quiz questions (without answers)")
        self.quizzes.setChecked(has_quiz)
        self.quizzes.setEnabled(has_quiz)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        for name, label in PAPER_LABELS.items():
            self.paper.addItem(label, name)
        self.paper.setCurrentIndex(self.paper.findData(default_paper()))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        save.setText("&Save as PDF…")
        save.setDefault(True)
        self.save_button = save
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for box in (self.reflections, self.quizzes):
            box.toggled.connect(self._update_save)

        form = QFormLayout()
        form.addRow("&Paper:", self.paper)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reflections)
        layout.addWidget(self.quizzes)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update_save()

    def chosen_paper(self) -> str:
        return str(self.paper.currentData())

    def html(self) -> str:
        return worksheet_html(
            self.course,
            self.lesson,
            reflections=self.reflections.isChecked(),
            quizzes=self.quizzes.isChecked(),
        )

    def ask_path(self, suggested: str) -> str:
        """Where to save the PDF; a separate method so tests can answer it."""
        from ui.file_dialogs import save_file_name

        return save_file_name(self, "Save the worksheet", suggested, PDF_FILTER)

    def save(self) -> bool:
        """Ask where, then print off the GUI thread; False if nothing was started.

        Ends with `saved` or `save_failed`.
        """
        if not self.save_button.isEnabled():
            return False
        path = self.ask_path(str(Path.home() / suggested_file_name(self.lesson)))
        if not path:
            return False
        pdf = Path(path)
        if not pdf.suffix:
            pdf = pdf.with_suffix(".pdf")
        html, title, paper = self.html(), worksheet_title(self.lesson), self.chosen_paper()
        self.save_button.setEnabled(False)
        self.message.setText("Saving the worksheet…")
        from ui.workers import run_task

        run_task(
            lambda: write_pdf(html, pdf, title=title, style=STYLE, paper=paper),
            self._written,
            self._failed,
        )
        return True

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.reflections.isChecked() or self.quizzes.isChecked())

    def _written(self, path: Path) -> None:
        self.message.setText("")
        self.saved.emit(str(path))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        text = failure_text(error)
        self._update_save()
        self.message.setText(text)
        self.save_failed.emit(text)


def run_worksheet_command(
    path: str,
    lesson_id: str,
    output: str,
    *,
    paper: str | None = None,
    reflections: bool = True,
    quizzes: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`bridgework worksheet PATH LESSON -o FILE.pdf`: 0 written; 1 the course has problems
    or nothing could be written; 2 the path or the lesson id needs fixing."""
    from course.loader import load_course
    from course.suggest import did_you_mean
    from course.worksheet import has_worksheet

    out, err = out or sys.stdout, err or sys.stderr
    result = load_course(path)
    course = result.course
    if course is None or result.errors:
        code = 2 if course is None and not Path(path).exists() else 1
        print(
            f"bridgework worksheet: the course at '{path}' can't be read as it is; "
            f"`bridgework validate {path}` lists what to fix.",
            file=err,
        )
        return code
    lesson = course.lesson(lesson_id)
    if lesson is None:
        hint = did_you_mean(lesson_id, (lesson.id for lesson in course.lessons()))
        print(
            f"bridgework worksheet: no lesson '{lesson_id}' in {course.id}; use a lesson id "
            f"(`bridgework validate --list-ids {path}` lists them).{hint}",
            file=err,
        )
        return 2
    if not has_worksheet(lesson) or not (reflections or quizzes):
        print(
            f"bridgework worksheet: '{lesson.title}' has no reflection prompts or quiz to "
            "print; nothing was written.",
            file=err,
        )
        return 1
    target = Path(output).expanduser()
    if target.is_dir():
        target = target / suggested_file_name(lesson)
    elif not target.suffix:
        target = target.with_suffix(".pdf")
    from PySide6.QtGui import QGuiApplication

    # Printing text needs an application object, but no window: draw off screen.
    app = QGuiApplication.instance() or QGuiApplication(["bridgework", "-platform", "offscreen"])
    paper = paper or default_paper()
    html = worksheet_html(course, lesson, reflections=reflections, quizzes=quizzes)
    try:
        write_pdf(html, target, title=worksheet_title(lesson), style=STYLE, paper=paper)
    except OSError as error:
        print(f"bridgework worksheet: {failure_text(error)}", file=err)
        return 1
    finally:
        del app
    print(f"Wrote the worksheet of '{lesson.title}' ({PAPER_LABELS[paper]}) to {target}", file=out)
    return 0
