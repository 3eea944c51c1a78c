"""ReviewView: a short session that brings back missed (or flagged) quiz questions.

Each card's question is shown again through a one-question QuizView with no store, so
nothing here can touch a quiz's recorded attempts. After Check, the feedback is shown
as in the lesson; a right answer asks how it felt (Hard / Good / Easy), a wrong one is
simply kept for the next day. Every review is committed the moment it is given.
Cards whose course or question is no longer installed are left as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from course.grading import Answer, Result
from course.model import Course, Lesson, Question, Quiz
from course.store import ProgressStore, ReviewCard, ReviewGrade
from ui.quiz_view import QuizView

log = logging.getLogger(__name__)

INTRO = (
    "A few questions from earlier lessons, to help what you learned stay with you. "
    "There is no score here: your quiz results stay as they are."
)
NOTHING_DUE = (
    "Nothing to review right now. Questions you miss in a quiz, or ask to see again, "
    "will wait here until it is a good time to look at them again."
)
ALL_DONE = (
    "That is today's review done. Thank you for coming back to these. The questions "
    "will return when it helps to see them again."
)
AGAIN_NOTE = "No problem: this one will come back tomorrow, with its feedback."
HOW_DID_IT_FEEL = "How did that feel?"
SAVE_FAILED = (
    "Your review could not be saved just now. Nothing else is affected; "
    "the question will simply come back."
)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A due card with the question it points at, resolved from the installed courses."""

    card: ReviewCard
    course: Course
    lesson: Lesson
    quiz: Quiz
    question: Question


def resolve(cards: Iterable[ReviewCard], courses: Iterable[Course]) -> list[ReviewItem]:
    """The cards whose course, quiz and question are installed, in the order given."""
    by_id = {course.id: course for course in courses}
    items = []
    for card in cards:
        course = by_id.get(card.course_id)
        lesson = course.lesson(card.lesson_id) if course is not None else None
        if course is None or lesson is None:
            continue
        quiz = next((q for q in lesson.quizzes if q.id == card.quiz_id), None)
        question = (
            next((q for q in quiz.questions if q.id == card.question_id), None) if quiz else None
        )
        if quiz is not None and question is not None:
            items.append(ReviewItem(card, course, lesson, quiz, question))
    return items


class ReviewView(QWidget):
    """The review session page.

    Signals:
        reviewed(): a review was saved (Home's "Review (n due)" changes).
        finished(): the learner left the finished (or empty) session.
        save_failed(str): a store write failed; the message is for the learner.

    Tests drive it through `start()`, `answer(answer)`, `grade(grade)` and `go_on()`.
    """

    reviewed = Signal()
    finished = Signal()
    save_failed = Signal(str)

    def __init__(self, store: ProgressStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review")
        self.setAccessibleName("Review")
        self.store = store
        self._courses: list[Course] = []
        self.items: list[ReviewItem] = []
        self.position = 0
        self._result: Result | None = None
        self._answer: Answer | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        title = QLabel("Review")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.where = QLabel("")
        self.where.setObjectName("muted")
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.where)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        # The question page: the quiz view, then how it felt.
        question_page = QWidget()
        q_layout = QVBoxLayout(question_page)
        q_layout.setContentsMargins(0, 0, 0, 0)
        self.quiz_view = QuizView(None)
        self.quiz_view.progress_label.hide()
        self.quiz_view.answer_checked.connect(self._on_checked)
        q_layout.addWidget(self.quiz_view, 1)
        self.after = QWidget()
        after = QHBoxLayout(self.after)
        after.setContentsMargins(0, 6, 0, 0)
        self.after_label = QLabel("")
        self.after_label.setWordWrap(True)
        self.after_label.setTextFormat(Qt.TextFormat.PlainText)
        after.addWidget(self.after_label, 1)
        self.grade_buttons: dict[ReviewGrade, QPushButton] = {}
        for grade, text, description in (
            (ReviewGrade.HARD, "Hard", "It took effort: it will come back fairly soon"),
            (ReviewGrade.GOOD, "Good", "It came to me: it will come back in a while"),
            (ReviewGrade.EASY, "Easy", "I knew it at once: it will come back much later"),
        ):
            button = QPushButton(text)
            button.setAccessibleName(f"{text}: {description}")
            button.setToolTip(description)
            button.clicked.connect(lambda _=False, g=grade: self.grade(g))
            after.addWidget(button)
            self.grade_buttons[grade] = button
        self.next_button = QPushButton("Next")
        self.next_button.setAccessibleName("Next question")
        self.next_button.clicked.connect(self.go_on)
        after.addWidget(self.next_button)
        q_layout.addWidget(self.after)
        self.stack.addWidget(question_page)
        self.question_page = question_page
        # The message page: nothing due, or all done.
        message_page = QWidget()
        m_layout = QVBoxLayout(message_page)
        m_layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Review")
        m_layout.addWidget(self.message)
        self.done_button = QPushButton("Back to Home")
        self.done_button.setAccessibleName("Back to Home")
        self.done_button.clicked.connect(self.finished)
        m_layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        m_layout.addStretch(1)
        self.stack.addWidget(message_page)
        self.message_page = message_page
        self._show_message(NOTHING_DUE)

    # -- set up --------------------------------------------------------------------------
    def set_store(self, store: ProgressStore | None) -> None:
        self.store = store

    def set_courses(self, courses: Iterable[Course]) -> None:
        self._courses = list(courses)

    # -- the session ---------------------------------------------------------------------
    def start(self) -> int:
        """Begin a session with the cards due now (up to today's limit); returns how many."""
        courses = self._courses
        cards = self._call(lambda store: store.review_session(*courses)) if self.store else None
        self.items = resolve(cards if isinstance(cards, list) else [], self._courses)
        self.position = 0
        if not self.items:
            self._show_message(NOTHING_DUE)
        else:
            self._show_item()
        return len(self.items)

    @property
    def current(self) -> ReviewItem | None:
        if self.stack.currentWidget() is not self.question_page:
            return None
        return self.items[self.position] if 0 <= self.position < len(self.items) else None

    @property
    def showing_message(self) -> bool:
        return self.stack.currentWidget() is self.message_page

    def answer(self, answer: Answer) -> Result | None:
        """Choose `answer` for the question shown and check it, as the learner would."""
        self.quiz_view.choose(answer)
        return self.quiz_view.check()

    def grade(self, grade: ReviewGrade) -> bool:
        """After a right answer: save how it felt, then go on. False if not the moment."""
        item = self.current
        if item is None or self._result is None or not self._result.correct:
            return False
        if not self._save(item, correct=True, grade=grade):
            return False
        self._advance()
        return True

    def go_on(self) -> None:
        """Next (after a wrong answer, already saved), or leave the finished session."""
        if self.showing_message:
            self.finished.emit()
            return
        if self._result is not None and not self._result.correct:
            self._advance()

    # -- showing -------------------------------------------------------------------------
    def _show_item(self) -> None:
        item = self.items[self.position]
        self._result = None
        self._answer = None
        one = Quiz(item.quiz.id, item.quiz.pass_ratio, (item.question,), item.quiz.line)
        self.quiz_view.attempt_number = item.card.reviews + 1  # a fresh option order
        self.quiz_view.set_quiz(item.course, item.lesson, one)
        self.where.setText(
            f"Question {self.position + 1} of {len(self.items)} · from “{item.lesson.title}”"
        )
        self.after.hide()
        self.stack.setCurrentWidget(self.question_page)
        self.quiz_view.focus_first_answer()

    def _show_message(self, text: str) -> None:
        self.items = self.items if text is ALL_DONE else []
        self.where.setText(INTRO if text is NOTHING_DUE else "")
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message_page)
        if self.isVisible():
            self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_checked(self, _question_id: str, correct: bool) -> None:
        item = self.current
        if item is None:
            return
        self._answer = self.quiz_view.current_answer()
        self._result = self.quiz_view.results.get(item.question.id)
        self.quiz_view.next_button.hide()  # this view says what comes next
        self.after.show()
        for button in self.grade_buttons.values():
            button.setVisible(correct)
        self.next_button.setVisible(not correct)
        if correct:
            self.after_label.setText(HOW_DID_IT_FEEL)
            self.grade_buttons[ReviewGrade.GOOD].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._save(item, correct=False, grade=None)
            self.after_label.setText(AGAIN_NOTE)
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _advance(self) -> None:
        self.position += 1
        if self.position >= len(self.items):
            self._show_message(ALL_DONE)
        else:
            self._show_item()

    def _save(self, item: ReviewItem, *, correct: bool, grade: ReviewGrade | None) -> bool:
        answer = self._answer
        if answer is None:
            return False
        saved = self._call(
            lambda store: store.record_review(item.card.id, answer, correct=correct, grade=grade)
        )
        if saved is None:
            return False
        self.reviewed.emit()
        return True

    def _call(self, call: Callable[[ProgressStore], object]) -> object:
        if self.store is None:
            return None
        try:
            return call(self.store)
        except Exception:  # a failed write must not take the session down
            log.exception("saving a review failed")
            self.save_failed.emit(SAVE_FAILED)
            return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter: Check, then Good (after a right answer) or Next; 1/2/3 for Hard/Good/Easy."""
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton) and self.isAncestorOf(focus) and focus.isEnabled():
                focus.click()
                event.accept()
                return
        checked = self._result is not None and self.current is not None
        if checked and self._result is not None and self._result.correct:
            by_key = {
                Qt.Key.Key_1: ReviewGrade.HARD,
                Qt.Key.Key_2: ReviewGrade.GOOD,
                Qt.Key.Key_3: ReviewGrade.EASY,
            }
            if key in by_key:
                self.grade(by_key[key])
                event.accept()
                return
        super().keyPressEvent(event)
