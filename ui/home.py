"""The home page: the course, "Continue where you left off", module progress, latest quiz results.

It shows plain values the main window hands it; it never reads the store itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from course.model import Course
from ui.module_progress import ModuleProgressList, ModuleRow

__all__ = ["HomePage", "ModuleRow", "QuizRow"]


@dataclass(frozen=True)
class QuizRow:
    lesson_title: str
    score: float  # 0.0 to 1.0
    passed: bool
    when: str  # already formatted for people, e.g. "12 March"


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class HomePage(QScrollArea):
    """Signals: lesson_requested(str) with a lesson id; library_requested();
    review_requested(); check_in_requested()."""

    lesson_requested = Signal(str)
    library_requested = Signal()
    review_requested = Signal()
    check_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Home")
        inner = QWidget()
        self.setWidget(inner)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)

        self.title = QLabel("")
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # course text is never markup
        layout.addWidget(self.title)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)

        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(18, 14, 18, 14)
        self.continue_heading = QLabel("Continue where you left off")
        self.continue_heading.setObjectName("sectionTitle")
        card_layout.addWidget(self.continue_heading)
        self.continue_text = QLabel("")
        self.continue_text.setWordWrap(True)
        self.continue_text.setTextFormat(Qt.TextFormat.PlainText)
        card_layout.addWidget(self.continue_text)
        self.continue_button = QPushButton("Start the course")
        self.continue_button.setAccessibleName("Start the course")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._on_continue)
        card_layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(card)
        review = QFrame()
        review.setObjectName("card")
        review_layout = QVBoxLayout(review)
        review_layout.setContentsMargins(18, 14, 18, 14)
        heading = QLabel("Review")
        heading.setObjectName("sectionTitle")
        review_layout.addWidget(heading)
        self.review_text = QLabel("")
        self.review_text.setWordWrap(True)
        self.review_text.setTextFormat(Qt.TextFormat.PlainText)
        review_layout.addWidget(self.review_text)
        self.review_button = QPushButton("Review")
        self.review_button.clicked.connect(self.review_requested)
        review_layout.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(review)
        self.review_card = review
        self.set_review(0)
        self._panels = QVBoxLayout()  # extra panels, e.g. "Assigned to you"
        layout.addLayout(self._panels)

        check_in = QFrame()
        check_in.setObjectName("card")
        check_in_layout = QHBoxLayout(check_in)
        check_in_layout.setContentsMargins(18, 10, 18, 10)
        check_in_text = QLabel(
            "How are you right now? Naming a feeling takes a few seconds, and it is practice."
        )
        check_in_text.setWordWrap(True)
        check_in_layout.addWidget(check_in_text, 1)
        self.check_in_button = QPushButton("Check in…")
        self.check_in_button.setAccessibleName("Check in: how are you right now?")
        self.check_in_button.setAutoDefault(False)
        self.check_in_button.clicked.connect(self.check_in_requested)
        check_in_layout.addWidget(self.check_in_button)
        layout.addWidget(check_in)

        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

        heading = QLabel("Your progress")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        # A list model, not a row of widgets per module: see ui.module_progress.
        self.modules = ModuleProgressList()
        layout.addWidget(self.modules)

        heading = QLabel("Latest quiz results")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        self.quizzes_box = QVBoxLayout()
        layout.addLayout(self.quizzes_box)

        self.content_note = QLabel("")
        self.content_note.setObjectName("muted")
        self.content_note.setWordWrap(True)
        self.content_note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.content_note)

        self.library_button = QPushButton("Your courses…")
        self.library_button.setAccessibleName("Your courses")
        self.library_button.clicked.connect(self.library_requested)
        layout.addWidget(self.library_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._continue_lesson: str | None = None
        self._first_lesson: str | None = None
        self._quiz_rows: list[QuizRow] | None = None
        self._position: tuple[tuple[str, str] | None, str] | None = None

    def add_panel(self, panel: QWidget) -> None:
        """Show another panel under the continue card (the window decides which)."""
        self._panels.addWidget(panel)

    def set_course(self, course: Course | None) -> None:
        if course is None:
            self.title.setText("No course yet")
            self.summary.setText("")
            self.content_note.setText("")
            self._first_lesson = None
        else:
            self.title.setText(course.title)
            self.summary.setText(course.summary or "")
            self.content_note.setText(
                f"About this course: {course.content_note}" if course.content_note else ""
            )
            first = next(course.lessons(), None)
            self._first_lesson = first.id if first else None
        self.continue_button.setEnabled(self._first_lesson is not None)
        self.set_position(None)
        self.set_modules(
            [ModuleRow(m.title, 0, len(m.lessons)) for m in course.modules] if course else []
        )
        self.set_quizzes([])

    def set_status(self, text: str) -> None:
        """A quiet line under the continue card, e.g. while progress is being opened."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def set_position(self, lesson: tuple[str, str] | None, detail: str = "") -> None:
        """`lesson` is (lesson id, lesson title), or None when the learner has not started."""
        if self._position == (lesson, detail):
            return
        self._position = (lesson, detail)
        if lesson is None:
            self._continue_lesson = None
            self.continue_heading.setText("Begin")
            self.continue_text.setText("Start with the first lesson, at your own pace.")
            self.continue_button.setText("Start the course")
            self.continue_button.setAccessibleName("Start the course")
        else:
            self._continue_lesson = lesson[0]
            self.continue_heading.setText("Continue where you left off")
            self.continue_text.setText(f"{lesson[1]}{' · ' + detail if detail else ''}")
            self.continue_button.setText("Continue")
            self.continue_button.setAccessibleName(f"Continue: {lesson[1]}")

    def set_review(self, available: int) -> None:
        """How many review questions a session would offer now (due, within today's limit)."""
        self.review_button.setText(f"Review ({available} due)")
        self.review_button.setAccessibleName(
            f"Review: {available} question{'s' if available != 1 else ''} due"
        )
        self.review_button.setVisible(available > 0)
        self.review_text.setText(
            "A few questions from earlier lessons are ready to look at again."
            if available
            else "Nothing to review right now. Questions you miss in a quiz, or ask to see "
            "again, will wait here until it is a good time to look at them again."
        )

    def set_modules(self, rows: list[ModuleRow]) -> None:
        """Progress per module; the same modules again (progress moved on) repaint only
        the rows that changed: Home is refreshed often, and a big course has dozens."""
        self.modules.set_rows(rows)

    def module_rows(self) -> list[ModuleRow]:
        """The rows shown under "Your progress"."""
        return self.modules.progress_model.rows()

    def set_quizzes(self, rows: list[QuizRow]) -> None:
        if rows == self._quiz_rows:
            return  # nothing new: keep the labels (rebuilding them is most of a refresh)
        self._quiz_rows = list(rows)
        _clear(self.quizzes_box)
        if not rows:
            empty = QLabel("No quizzes yet. They come at the end of some lessons.")
            empty.setObjectName("muted")
            self.quizzes_box.addWidget(empty)
            return
        for row in rows:
            verdict = "passed" if row.passed else "not passed yet"
            label = QLabel(f"{row.lesson_title}: {round(row.score * 100)}%, {verdict} ({row.when})")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.quizzes_box.addWidget(label)

    def _on_continue(self) -> None:
        target = self._continue_lesson or self._first_lesson
        if target:
            self.lesson_requested.emit(target)
