"""QuizView: one quiz, one question at a time, with feedback that teaches and a kind summary.

Grading and scoring come from `course.grading`; this widget shows the question, turns
the learner's choices into an answer value, and shows the `Result`. The first answer
to each question in an attempt is the one kept: after "Check" the answer is locked.
Every answer is saved through the ProgressStore the moment it is checked.

The options of `single` and `multiple` questions are shown in a shuffled order, fixed for
the attempt (`course.grading.option_order`); answers, grading and the store always use
the authored option indices. Check / Next question sit in a bar under the scrolling
question, so they never scroll away, and Enter means whichever of them is shown.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from course.grading import (
    TRUE_FALSE_LABELS,
    Answer,
    QuizScore,
    Result,
    grade,
    option_order,
    passes,
    score_quiz,
    shuffled_order,
)
from course.model import Course, Lesson, Question, QuestionType, Quiz
from course.store.quick_read import QuizOpening
from course.wording import score_words
from ui import messages
from ui.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from course.store.api import ProgressStore, QuizAttempt, QuizScores

log = logging.getLogger(__name__)

ASK_AGAIN = "Ask me again later"
ASKED_AGAIN = "Saved for Review"
COMES_BACK = "This one will come back in Review"
SAVE_FAILED = (
    "Your answer couldn't be saved just now. You can carry on; Bridgework will keep "
    "trying with your next answer."
)


def answer_to_store(answer: Answer) -> int | bool | list[int]:
    """The plain value the store keeps for an answer (sets and tuples become lists)."""
    if isinstance(answer, bool | int):
        return answer
    if isinstance(answer, frozenset):
        return sorted(answer)
    return list(answer)


def answer_from_store(question: Question, value: object) -> Answer | None:
    """The grading shape of a stored answer, or None if it no longer fits the question."""
    try:
        if question.type is QuestionType.SINGLE and isinstance(value, int):
            return int(value)
        if question.type is QuestionType.TRUE_FALSE and isinstance(value, bool | int):
            return bool(value)
        if isinstance(value, list | tuple):
            if question.type is QuestionType.MULTIPLE:
                return frozenset(int(v) for v in value)
            if question.type is QuestionType.ORDER:
                return tuple(int(v) for v in value)
    except (TypeError, ValueError):
        return None
    return None


class OrderList(QListWidget):
    """The items of an `order` question: reorder by drag, or with Alt+Up / Alt+Down."""

    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Items to put in order")
        self.setAccessibleDescription(
            "Select an item, then press Alt+Up or Alt+Down to move it, or drag it."
        )
        self.model().rowsMoved.connect(lambda *_: self.moved.emit())
        self.locked = False

    def lock(self) -> None:
        """Keep the order as checked: no more moves, but the text stays fully readable."""
        self.locked = True
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)

    def order(self) -> tuple[int, ...]:
        """The original item indices, in the order shown."""
        role = Qt.ItemDataRole.UserRole
        return tuple(int(self.item(row).data(role)) for row in range(self.count()))

    def arrange(self, order: tuple[int, ...]) -> None:
        """Show the items in `order` (original item indices)."""
        items = {
            int(self.item(row).data(Qt.ItemDataRole.UserRole)): self.item(row)
            for row in range(self.count())
        }
        while self.count():
            self.takeItem(0)  # the items live on in `items` until added back
        for index in order:
            self.addItem(items[index])

    def move_current(self, delta: int) -> bool:
        row = self.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.count() or self.locked:
            return False
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.moved.emit()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class OptionLabel(WrappedLabel):
    """The text of one option: wraps to the width there is, and a click on it chooses it."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)


class ChoiceOption(QWidget):
    """One option of a choice question: a radio button or check box, and its wrapping text.

    A QRadioButton's own text never wraps, so a long option would be clipped or widen
    the quiz past the window; here the button carries the accessible name and takes the
    keyboard (Space, arrows), while the label beside it shows the text across lines.
    """

    def __init__(self, text: str, multiple: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choiceOption")
        self.button: QRadioButton | QCheckBox = QCheckBox() if multiple else QRadioButton()
        self.button.setAccessibleName(text)
        self.label = OptionLabel(text)
        self.label.setObjectName("choiceText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setBuddy(self.button)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.clicked.connect(self.button.click)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(8)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def lock(self) -> None:
        """Unchangeable from now on, yet fully readable (see QuizView._show_feedback)."""
        _lock_button(self.button)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_shown_text(self, text: str) -> None:
        self.label.setText(text)


class QuizView(QWidget):
    """Shows one `Quiz` and records every attempt through the ProgressStore.

    Signals:
        answer_checked(str, bool): a question was checked (question id, fully right).
        attempt_finished(str, float, bool): an attempt ended (quiz id, score 0..1, passed).
        save_failed(str): a store write failed; the message is for the learner.
        page_changed(): a new question or the summary is shown, so the controls in
            `focus_chain()` changed (the lesson view re-orders Tab around them).

    Testing and automation drive it through `choose(answer)`, `check()`,
    `next_question()` and `try_again()`, the same paths the buttons use.
    """

    answer_checked = Signal(str, bool)
    attempt_finished = Signal(str, float, bool)
    save_failed = Signal(str)
    page_changed = Signal()

    def __init__(self, store: ProgressStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course: Course | None = None
        self.lesson: Lesson | None = None
        self.quiz: Quiz | None = None
        self.index = 0
        self.attempt_number = 1
        self.attempt_id: int | None = None
        self.results: dict[str, Result] = {}
        self.last_score: QuizScore | None = None
        # A finished attempt made under an earlier version of the course whose questions
        # have changed since: (its version, its score, the questions it answered as they
        # read then with their scores); None otherwise. See _from_earlier_version.
        self.earlier: tuple[str, float, list[tuple[str, float]]] | None = None
        # While `set_quiz` runs: what it read of the store in one go (the latest attempt
        # and the scores), so its summary reads nothing more. None outside it.
        self._opening: QuizOpening | None = None
        self._choice_buttons: list[QRadioButton | QCheckBox] = []  # in the order shown
        self._choice_options: list[ChoiceOption] = []
        # The authored option index of each button, in the order shown (see option_order).
        self._shown_order: tuple[int, ...] = ()
        self._choice_group: QButtonGroup | None = None
        self.order_list: OrderList | None = None
        self.setAccessibleName("Quiz")

        # --- question page ------------------------------------------------------------
        self.progress_label = QLabel()
        self.progress_label.setObjectName("muted")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label = WrappedLabel()
        self.prompt_label.setObjectName("quizPrompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.prompt_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.prompt_label.setFont(font)
        self.answer_box = QVBoxLayout()
        self.hint_label = WrappedLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback_label = WrappedLabel()
        self.feedback_label.setObjectName("quizFeedback")
        self.feedback_label.setWordWrap(True)
        self.feedback_label.setTextFormat(Qt.TextFormat.RichText)
        self.feedback_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.feedback_label.setAccessibleName("Feedback on your answer")
        self.feedback_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.feedback_label.setMargin(10)
        self.feedback_label.hide()

        self.check_button = QPushButton("Check")
        self.check_button.setAccessibleName("Check my answer")
        self.check_button.setAccessibleDescription(
            "Shows feedback on each option. Your first answer is the one that counts."
        )
        # "Default" only for its look (the accent of the primary action): outside a dialog
        # it does nothing for Enter, which keyPressEvent handles.
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.next_button = QPushButton("Next question")
        self.next_button.setAccessibleName("Next question")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_question)
        self.next_button.hide()
        self.ask_again_button = QPushButton(ASK_AGAIN)
        self.ask_again_button.setAccessibleName("Ask me this question again later, in Review")
        self.ask_again_button.clicked.connect(self.ask_again)
        self.ask_again_button.hide()

        question_page = QWidget()
        q_layout = QVBoxLayout(question_page)
        q_layout.addWidget(self.progress_label)
        q_layout.addWidget(self.prompt_label)
        q_layout.addLayout(self.answer_box)
        q_layout.addWidget(self.hint_label)
        q_layout.addWidget(self.feedback_label)
        q_layout.addStretch(1)

        # --- summary page -------------------------------------------------------------
        self.summary_title = QLabel()
        self.summary_title.setObjectName("quizSummaryTitle")
        self.summary_title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.summary_title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.summary_title.setFont(title_font)
        self.summary_label = WrappedLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAccessibleName("Your result")
        # Focusable, so the summary opens with the keyboard at its top, not at a button.
        self.summary_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.missed_label = WrappedLabel()
        self.missed_label.setWordWrap(True)
        self.missed_label.setTextFormat(Qt.TextFormat.RichText)
        self.missed_label.setAccessibleName("Questions to look at again")
        self.missed_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.try_again_button = QPushButton("Try again")
        self.try_again_button.setAccessibleName("Try the quiz again")
        self.try_again_button.setAccessibleDescription(
            "Starts a new practice attempt. Your first attempt's score is kept."
        )
        self.try_again_button.clicked.connect(self.try_again)
        summary_page = QWidget()
        s_layout = QVBoxLayout(summary_page)
        s_layout.addWidget(self.summary_title)
        s_layout.addWidget(self.summary_label)
        s_layout.addWidget(self.missed_label)
        s_layout.addStretch(1)

        # --- the action bar: Check / Next question / Try again never scroll away ---------
        self.action_bar = QWidget()
        self.action_bar.setObjectName("quizActions")
        bar = QHBoxLayout(self.action_bar)
        bar.setContentsMargins(0, 6, 0, 0)
        bar.addWidget(self.try_again_button)
        bar.addWidget(self.ask_again_button)
        bar.addStretch(1)
        bar.addWidget(self.check_button)
        bar.addWidget(self.next_button)
        self.try_again_button.hide()

        self.pages = QStackedWidget()
        self.pages.addWidget(question_page)
        self.pages.addWidget(summary_page)
        self.question_page, self.summary_page = question_page, summary_page
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it follows the focused control instead
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Everything wraps to the width there is: a quiz never scrolls sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.pages)
        self.scroll_area = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.action_bar)

    # --- public API -------------------------------------------------------------------

    def set_store(self, store: ProgressStore | None) -> None:
        self.store = store
        if self.course is not None and self.lesson is not None and self.quiz is not None:
            self.set_quiz(self.course, self.lesson, self.quiz)

    def set_quiz(self, course: Course, lesson: Lesson, quiz: Quiz) -> None:
        """Show `quiz`: resume an open attempt, or show the summary of the last finished one."""
        self.course, self.lesson, self.quiz = course, lesson, quiz
        self.results = {}
        self.attempt_id = None
        self.index = 0
        self.earlier = None
        if not quiz.questions:  # the validator reports this; show something calm anyway
            self._show_summary(score_quiz(quiz, {}))
            return
        self._opening = self._read_opening()
        try:
            self._resume(quiz, self._opening.latest)
        finally:
            self._opening = None

    def _resume(self, quiz: Quiz, latest: QuizAttempt | None) -> None:
        self.attempt_number = (latest.number if latest else 0) + 1
        if latest is not None:
            results = self._results_from(latest)
            if latest.finished_at is not None:
                self.attempt_number = latest.number
                self.results = results
                self.earlier = self._from_earlier_version(latest, results)
                score = score_quiz(quiz, results)
                if self.earlier is not None:  # the score it earned, not one of new questions
                    earned = self.earlier[1]
                    score = replace(score, score=earned, passed=passes(earned, quiz.pass_ratio))
                self._show_summary(score)
                return
            # An open attempt: carry on from its first unanswered question.
            self.attempt_number = latest.number
            self.attempt_id = latest.id
            self.results = results
            self.index = next(
                (i for i, q in enumerate(quiz.questions) if q.id not in results),
                len(quiz.questions),
            )
            if self.index >= len(quiz.questions):
                self._finish()
                return
        self._show_question()

    @property
    def question(self) -> Question | None:
        if self.quiz is None or not 0 <= self.index < len(self.quiz.questions):
            return None
        return self.quiz.questions[self.index]

    @property
    def locked(self) -> bool:
        """True once the current question was checked: its first answer is kept."""
        q = self.question
        return q is not None and q.id in self.results

    def showing_summary(self) -> bool:
        return self.pages.currentWidget() is self.summary_page

    def current_answer(self) -> Answer | None:
        """What the learner has chosen so far for the current question, or None."""
        q = self.question
        if q is None:
            return None
        if q.type is QuestionType.ORDER:
            return self.order_list.order() if self.order_list is not None else None
        chosen = sorted(
            self._shown_order[i] for i, b in enumerate(self._choice_buttons) if b.isChecked()
        )
        if q.type is QuestionType.MULTIPLE:
            return frozenset(chosen) if chosen else None
        if not chosen:
            return None
        if q.type is QuestionType.TRUE_FALSE:
            return chosen[0] == 0  # option 0 is "True"
        return chosen[0]

    def choice_for(self, authored_index: int) -> ChoiceOption:
        """The option on screen for the option written at `authored_index`."""
        return self._choice_options[self._shown_order.index(authored_index)]

    def choose(self, answer: Answer) -> None:
        """Set the inputs to `answer` (the grading shape), as a learner clicking would."""
        q = self.question
        if q is None or self.locked:
            return
        if q.type is QuestionType.ORDER:
            assert self.order_list is not None
            self.order_list.arrange(tuple(answer))  # type: ignore[arg-type]
            self._update_check_enabled()
            return
        if q.type is QuestionType.TRUE_FALSE:
            wanted = {0 if answer else 1}
        elif q.type is QuestionType.MULTIPLE:
            wanted = set(answer)  # type: ignore[arg-type]
        else:
            wanted = {int(answer)}  # type: ignore[arg-type]
        for i, button in enumerate(self._choice_buttons):
            button.setChecked(self._shown_order[i] in wanted)
        self._update_check_enabled()

    def check(self) -> Result | None:
        """Grade the current answer, lock it, save it, and show the feedback."""
        q = self.question
        if q is None or self.quiz is None or self.locked:
            return None
        answer = self.current_answer()
        if answer is None:
            self.hint_label.setText(
                "Choose an answer first."
                if q.type is not QuestionType.MULTIPLE
                else "Choose every answer you think fits, then press Check."
            )
            return None
        result = grade(q, answer)
        self.results[q.id] = result
        self._save_answer(q, answer, result)
        self._show_feedback(q, result)
        self.answer_checked.emit(q.id, result.correct)
        return result

    def next_question(self) -> None:
        """Move on after Check; after the last question, finish the attempt."""
        if self.quiz is None or not self.locked:
            return
        self.index += 1
        if self.index >= len(self.quiz.questions):
            self._finish()
        else:
            self._show_question()
            self.focus_first_answer()

    def ask_again(self) -> bool:
        """Keep the question shown for Review ("ask me again"); False if it could not be."""
        q = self.question
        if q is None or self.store is None or self.course is None or self.lesson is None:
            return False
        if self.quiz is None:
            return False
        try:
            self.store.ask_again(self.course, self.lesson.id, self.quiz.id, q.id)
        except Exception:  # tell the learner calmly; the quiz carries on
            log.exception("saving a question for review failed")
            self.save_failed.emit(SAVE_FAILED)
            return False
        self._mark_asked(ASKED_AGAIN)
        return True

    def _mark_asked(self, text: str) -> None:
        self.ask_again_button.setText(text)
        self.ask_again_button.setAccessibleName(text)
        self.ask_again_button.setEnabled(False)

    def try_again(self) -> None:
        """Start a new attempt (practice: the first attempt's score is the one kept)."""
        if self.quiz is None:
            return
        self.earlier = None
        self.attempt_number += 1
        self.attempt_id = None
        self.results = {}
        self.index = 0
        self._show_question()
        self.focus_first_answer()

    def primary_action(self) -> bool:
        """What Enter does: Check, or else Next question / See your results.

        Enter with nothing chosen yet explains what to do instead of doing nothing.
        False when there is no such action (on the summary).
        """
        if self.quiz is None or self.showing_summary():
            return False
        if self.locked:
            self.next_question()
        else:
            self.check()
        return True

    def finish_if_answered(self) -> bool:
        """Finish the attempt if every question has been answered (the learner is leaving).

        "See your results" is the usual way to end an attempt; a learner who answers
        the last question and moves on with the lesson's Next has finished it just the
        same. An attempt with unanswered questions stays open, to resume later: it is
        never scored with questions the learner has not seen.
        """
        if self.quiz is None or self.showing_summary() or not self.quiz.questions:
            return False
        if any(q.id not in self.results for q in self.quiz.questions):
            return False
        self.index = len(self.quiz.questions)
        self._finish()
        return True

    def focus_first_answer(self) -> None:
        """Put the keyboard on the first option (or the order list) of the question shown."""
        target: QWidget | None = None
        if self.locked:
            target = self.next_button
        elif self._choice_buttons:
            target = self._choice_buttons[0]
        elif self.order_list is not None:
            target = self.order_list
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (or Return) means Check, then Next: from an option, the list or a button.

        A focused push button of the quiz (Move up, Try again, ...) is pressed instead,
        as Enter does in a dialog.
        """
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if (
                isinstance(focus, QPushButton)
                and self.isAncestorOf(focus)
                and focus.isEnabled()
                and focus is not self.check_button
            ):
                focus.click()
                event.accept()
                return
            if self.primary_action():
                event.accept()
                return
        super().keyPressEvent(event)

    # --- showing ----------------------------------------------------------------------

    def _clear_answer_box(self) -> None:
        _clear_layout(self.answer_box)
        self._choice_buttons = []
        self._choice_options = []
        self._shown_order = ()
        self._choice_group = None
        self.order_list = None

    def _show_question(self) -> None:
        q = self.question
        assert q is not None and self.quiz is not None
        self.pages.setCurrentWidget(self.question_page)
        self._clear_answer_box()
        total = len(self.quiz.questions)
        self.progress_label.setText(f"Question {self.index + 1} of {total}")
        self.prompt_label.setText(q.prompt)
        self.hint_label.setText("")
        self.feedback_label.hide()
        self.feedback_label.setText("")
        self.check_button.show()
        self.next_button.hide()
        self.try_again_button.hide()
        self.ask_again_button.hide()
        self.scroll_area.verticalScrollBar().setValue(0)

        if q.type is QuestionType.ORDER:
            self._build_order(q)
        else:
            labels = (
                list(TRUE_FALSE_LABELS)
                if q.type is QuestionType.TRUE_FALSE
                else [o.text for o in q.options]
            )
            multiple = q.type is QuestionType.MULTIPLE
            if multiple:
                self.hint_label.setText("Choose every answer that fits.")
            else:
                self._choice_group = QButtonGroup(self)
                self._choice_group.setExclusive(True)
            seed = f"{self.quiz.id}:{q.id}:{self.attempt_number}"
            self._shown_order = option_order(q, seed)
            for position, authored in enumerate(self._shown_order):
                option = ChoiceOption(labels[authored], multiple)
                button = option.button
                button.setAccessibleDescription(f"Option {position + 1} of {len(labels)}")
                button.toggled.connect(self._update_check_enabled)
                if self._choice_group is not None:
                    self._choice_group.addButton(button, position)
                self.answer_box.addWidget(option)
                # Shown now, not when the layout next runs, so Tab and focus reach it at once.
                option.show()
                self._choice_options.append(option)
                self._choice_buttons.append(button)

        answered = self.results.get(q.id)
        if answered is not None:  # resumed into an already-checked question
            self._show_feedback(q, answered)
        self._update_check_enabled()
        self._order_focus_chain()
        self.page_changed.emit()

    def focus_chain(self) -> list[QWidget]:
        """The controls Tab should visit, in reading order, on the page shown now."""
        if self.showing_summary():
            return [self.summary_label, self.missed_label, self.try_again_button]
        widgets: list[QWidget] = list(self._choice_buttons)
        if self.order_list is not None:
            widgets += [self.order_list, self.move_up_button, self.move_down_button]
        widgets += [self.feedback_label, self.ask_again_button, self.check_button, self.next_button]
        return widgets

    def _order_focus_chain(self) -> None:
        # Answer widgets are made per question, after the buttons: put them first for Tab.
        chain = self.focus_chain()
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_order(self, q: Question) -> None:
        assert self.quiz is not None
        self.hint_label.setText(
            "Put these in order, first at the top. Drag them, or select one and press "
            "Alt+Up or Alt+Down (or use the Move buttons)."
        )
        order_list = OrderList()
        for item_index in shuffled_order(len(q.items), f"{q.id}:{self.attempt_number}"):
            item = QListWidgetItem(q.items[item_index])
            item.setData(Qt.ItemDataRole.UserRole, item_index)
            order_list.addItem(item)
        order_list.setCurrentRow(0)
        order_list.setMinimumHeight(min(320, 34 * len(q.items) + 8))
        up = QPushButton("Move up")
        up.setAccessibleName("Move the selected item up")
        up.clicked.connect(lambda: order_list.move_current(-1))
        down = QPushButton("Move down")
        down.setAccessibleName("Move the selected item down")
        down.clicked.connect(lambda: order_list.move_current(1))
        row = QHBoxLayout()
        row.addWidget(order_list, 1)
        column = QVBoxLayout()
        column.addWidget(up)
        column.addWidget(down)
        column.addStretch(1)
        row.addLayout(column)
        self.answer_box.addLayout(row)
        for widget in (order_list, up, down):
            widget.show()
        self.order_list = order_list
        self.move_up_button, self.move_down_button = up, down
        # Alt+Up/Down also work from the Move buttons, so keyboard users need not go back.
        for key, delta in (("Alt+Up", -1), ("Alt+Down", 1)):
            for owner in (up, down):
                shortcut = QShortcut(QKeySequence(key), owner)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(lambda d=delta: order_list.move_current(d))

    def _update_check_enabled(self, *_: object) -> None:
        if self.locked:
            self.check_button.setEnabled(False)
            return
        self.check_button.setEnabled(self.current_answer() is not None)
        if self.current_answer() is not None and self.hint_label.text().startswith("Choose an"):
            self.hint_label.setText("")

    def _show_feedback(self, q: Question, result: Result) -> None:
        assert self.quiz is not None
        # Locked, not disabled: disabled widgets are drawn faintly (hard to read in the dark
        # theme) and screen readers may skip them, and this is text to read.
        for option_widget in self._choice_options:
            option_widget.lock()
        if self.order_list is not None:
            self.order_list.lock()
            self.move_up_button.setEnabled(False)
            self.move_down_button.setEnabled(False)
        # Mark each option in place too, in words as well as symbols (never colour alone).
        shown_at = {authored: position for position, authored in enumerate(self._shown_order)}
        for option in result.options:
            position = shown_at.get(option.index)
            if position is not None and position < len(self._choice_options):
                choice = self._choice_options[position]
                choice.button.setChecked(option.chosen)
                mark = "✓ " if option.correct else ("✗ " if option.chosen else "")
                choice.set_shown_text(mark + option.text)
                choice.button.setAccessibleDescription(
                    _option_status(option.chosen, option.correct)
                )
        if self.order_list is not None and result.placements:
            self.order_list.arrange(tuple(p.item for p in result.placements))
            for row, placement in enumerate(result.placements):
                item = self.order_list.item(row)
                mark = "✓ " if placement.in_place else "✗ "
                item.setText(f"{mark}{placement.text}")

        self.feedback_label.setText(_feedback_html(q, result, self._shown_order))
        self.feedback_label.show()
        self.hint_label.setText("")
        self.check_button.hide()
        last = self.index + 1 >= len(self.quiz.questions)
        self.next_button.setText("See your results" if last else "Next question")
        self.next_button.setAccessibleName(self.next_button.text())
        self.next_button.show()
        if self.store is not None:
            self.ask_again_button.setVisible(True)
            if result.correct:
                self.ask_again_button.setText(ASK_AGAIN)
                self.ask_again_button.setAccessibleName(
                    "Ask me this question again later, in Review"
                )
                self.ask_again_button.setEnabled(True)
            else:  # a missed question becomes a review card by itself (see record_answer)
                self._mark_asked(COMES_BACK)
        if self.isVisible():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _finish(self) -> None:
        assert self.quiz is not None
        self._opening = None  # the scores read at opening are older than this attempt
        score = score_quiz(self.quiz, self.results)
        if self.store is not None and self.attempt_id is not None:
            store, attempt_id, quiz = self.store, self.attempt_id, self.quiz
            self._store_call(
                lambda: store.finish_quiz_attempt(
                    attempt_id,
                    question_count=len(quiz.questions),
                    pass_ratio=quiz.pass_ratio,
                    question_ids={q.id for q in quiz.questions},
                )
            )
        self._show_summary(score)
        self.attempt_finished.emit(self.quiz.id, score.score, score.passed)

    def _show_summary(self, score: QuizScore) -> None:
        assert self.quiz is not None
        self.last_score = score
        self.index = len(self.quiz.questions)
        self.pages.setCurrentWidget(self.summary_page)
        self.check_button.hide()
        self.next_button.hide()
        percent = round(score.score * 100)
        got = sum(r.score for r in self.results.values())
        if score.total == 0:
            self.summary_title.setText("Nothing to answer here")
            self.summary_label.setText("This quiz has no questions yet. You can carry on.")
            self.missed_label.hide()
            self.try_again_button.hide()
            self.page_changed.emit()
            return
        self.try_again_button.show()
        if score.passed:
            self.summary_title.setText("Well done")
            message = (
                "You reached the mark for this quiz. The explanations are worth a second "
                "read even so: they are where most of the learning is."
            )
        else:
            self.summary_title.setText("Worth another look")
            message = (
                "This one didn't reach the mark yet, and that's fine: it shows where to "
                "look again. Read back over the questions below, then try again "
                "whenever you're ready."
            )
        if self.attempt_number == 1:
            which = "This was your first attempt, the one that counts for your score."
        else:
            scores = self._scores()
            first = ""
            if scores is not None and scores.scored.score is not None:
                first = f" ({round(scores.scored.score * 100)}%)"
            which = (
                f"This was practice attempt {self.attempt_number}. Your first attempt{first} "
                "is the score that is kept; practice is for learning."
            )
            if (
                scores is not None
                and scores.best.score is not None
                and scores.best.id != scores.scored.id
            ):
                which += f" Your best so far is {round(scores.best.score * 100)}%."
        scored = f"You scored <b>{_esc(score_words(got, score.total))}</b> ({percent}%)."
        if self.earlier is not None:
            scored = _esc(messages.QUIZ_FROM_EARLIER.format(version=self.earlier[0])) + (
                f" You scored <b>{percent}%</b>."
            )
        self.summary_label.setText(
            f"<p>{scored} The mark for this quiz is {round(score.pass_ratio * 100)}%.</p>"
            f"<p>{_esc(message)}</p><p>{_esc(which)}</p>"
        )
        # A question the course added after an earlier-version attempt was never missed.
        missed = [
            q
            for q in self.quiz.questions
            if (q.id not in self.results and self.earlier is None)
            or (q.id in self.results and not self.results[q.id].correct)
        ]
        parts = []
        if missed:
            items = "".join(_missed_html(q, self.results.get(q.id)) for q in missed)
            parts.append(f"<p>Questions to look at again:</p><ul>{items}</ul>")
        if self.earlier is not None:
            parts += _earlier_html(self.earlier[2], [
                q for q in self.quiz.questions if q.id not in self.results
            ])  # fmt: skip
        self.missed_label.setText("".join(parts))
        self.missed_label.setVisible(bool(parts))
        # The summary opens at its heading; the learner reads down from there.
        self.scroll_area.verticalScrollBar().setValue(0)
        focus = QApplication.focusWidget()
        if self.isVisible() and focus is not None and self.isAncestorOf(focus):
            self.summary_label.setFocus(Qt.FocusReason.OtherFocusReason)
        self.page_changed.emit()

    # --- the store ----------------------------------------------------------------------

    def _scores(self) -> QuizScores | None:
        if self._opening is not None:  # read with the latest attempt as the quiz opened
            return self._opening.scores
        if self.store is None or self.course is None or self.quiz is None:
            return None
        try:
            return self.store.quiz_scores(self.course.id, self.quiz.id)
        except Exception:
            log.exception("reading scores for quiz %s failed", self.quiz.id)
            return None

    def _read_opening(self) -> QuizOpening:
        """The latest attempt and the scores, in one cheap read (nothing without a store)."""
        if self.store is None or self.course is None or self.quiz is None:
            return QuizOpening(latest=None, scores=None)
        try:
            return self.store.quiz_opening(self.course.id, self.quiz.id)
        except Exception:
            log.exception("reading attempts for quiz %s failed", self.quiz.id)
            return QuizOpening(latest=None, scores=None)

    def _results_from(self, attempt: QuizAttempt) -> dict[str, Result]:
        assert self.quiz is not None
        questions = {q.id: q for q in self.quiz.questions}
        results: dict[str, Result] = {}
        for saved in attempt.answers:
            q = questions.get(saved.question_id)
            answer = answer_from_store(q, saved.answer) if q is not None else None
            if q is None or answer is None:
                continue  # the course changed since: that question starts fresh
            try:
                results[q.id] = grade(q, answer)
            except ValueError:
                continue
        return results

    def _from_earlier_version(
        self, attempt: QuizAttempt, results: dict[str, Result]
    ) -> tuple[str, float, list[tuple[str, float]]] | None:
        """For a finished attempt whose questions the course has changed since: its
        version, the score it earned, and each answered question that is no longer
        in the quiz, as it read then (from the kept wording), with its score."""
        assert self.quiz is not None and self.course is not None
        current = {q.id for q in self.quiz.questions}
        gone = [a for a in attempt.answers if a.question_id not in current]
        if attempt.score is None or (not gone and len(results) == len(current)):
            return None
        words: dict[str, str] = {}
        if self.store is not None:
            try:
                kept = self.store.wording(
                    self.course.id,
                    course_version=attempt.course_version,
                    kind="question",
                    parent_id=attempt.quiz_id,
                )
                words = {w.item_id: w.text for w in kept}
            except Exception:
                log.exception("reading the wording of an earlier version failed")
        answered = [(words.get(a.question_id, a.question_id), a.score) for a in gone]
        return attempt.course_version, attempt.score, answered

    def _save_answer(self, q: Question, answer: Answer, result: Result) -> None:
        if self.store is None or self.course is None or self.lesson is None or self.quiz is None:
            return
        store, course, lesson, quiz = self.store, self.course, self.lesson, self.quiz
        if self.attempt_id is None:
            attempt_id = self._store_call(
                lambda: store.start_quiz_attempt(course, lesson.id, quiz.id)
            )
            if not isinstance(attempt_id, int):
                return  # the store failed and said so; the quiz carries on unsaved
            self.attempt_id = attempt_id
        attempt = self.attempt_id
        self._store_call(
            lambda: store.record_answer(attempt, q.id, answer_to_store(answer), result.score)
        )

    def _store_call(self, call: Callable[[], object]) -> object:
        try:
            return call()
        except Exception as error:  # never lose the quiz to a failed write; say so calmly
            log.exception("saving quiz progress failed")
            self.save_failed.emit(messages.save_failed(error, SAVE_FAILED))
            return None


def _earlier_html(answered: list[tuple[str, float]], new: list[Question]) -> list[str]:
    """The questions an earlier-version attempt answered (as they read then, right or
    not) and the ones added since, for the summary."""
    parts = []
    if answered:
        items = "".join(
            f"<li>{_esc(text)} ({'right' if score >= 1.0 else 'not quite'})</li>"
            for text, score in answered
        )
        parts.append(f"<p>{_esc(messages.QUIZ_ANSWERED_THEN)}</p><ul>{items}</ul>")
    if new:
        items = "".join(f"<li>{_esc(q.prompt)}</li>" for q in new)
        parts.append(f"<p>{_esc(messages.QUIZ_NEW_QUESTIONS)}</p><ul>{items}</ul>")
    return parts


def _lock_button(button: QAbstractButton) -> None:
    """Make a choice unchangeable while leaving it readable (see _show_feedback)."""
    button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("locked", True)


def _clear_layout(layout: QLayout) -> None:
    """Remove and delete everything in `layout`, nested layouts included."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            # Hidden (not unparented) until deleted: a parentless widget would be a window
            # of its own in the Tab chain, and Tab would stop at it until the next event loop.
            widget.hide()
            widget.deleteLater()
        child = item.layout()
        if child is not None:
            _clear_layout(child)
            child.deleteLater()


def _esc(text: str) -> str:
    """Escape text for Qt rich text; quotes stay as they are (this is content, not attributes)."""
    return html.escape(text, quote=False)


def _missed_html(q: Question, result: Result | None) -> str:
    """One question in the summary's "look at again" list: what the author said about
    the answer given (when it was answered), then the explanation."""
    notes = result.feedback_to_revisit() if result is not None else ()
    lines = [f"<b>{_esc(q.prompt)}</b>"]
    lines += [f"<i>{_esc(note)}</i>" for note in notes]
    if q.explanation:
        lines.append(_esc(q.explanation))
    return f"<li>{'<br>'.join(lines)}</li>"


def _option_status(chosen: bool, correct: bool) -> str:
    if chosen and correct:
        return "You chose this, and it fits."
    if chosen:
        return "You chose this; it isn't the best fit."
    if correct:
        return "You didn't choose this, but it fits."
    return "Not chosen, and not a fit."


def _feedback_html(q: Question, result: Result, shown_order: tuple[int, ...] = ()) -> str:
    """Feedback on every option, in the order the learner saw them."""
    if result.correct:
        head = "That's right."
    elif result.score > 0:
        head = f"Partly right ({round(result.score * 100)}% for this question)."
    else:
        head = "Not quite. This one is worth another look."
    parts = [f"<p><b>{_esc(head)}</b></p>"]
    if result.options:
        by_index = {option.index: option for option in result.options}
        order = [i for i in shown_order if i in by_index] or sorted(by_index)
        items = []
        for option in (by_index[i] for i in order):
            mark = "✓ " if option.correct else ("✗ " if option.chosen else "")
            # The option's own words end with their own punctuation: the verdict goes on
            # a line of its own rather than after a colon ("...for anyone.: You chose").
            line = (
                f"<li>{mark}<b>{_esc(option.text)}</b>"
                f"<br>{_esc(_option_status(option.chosen, option.correct))}"
            )
            if option.feedback:
                line += f"<br><i>{_esc(option.feedback)}</i>"
            items.append(line + "</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    if result.placements:
        items = []
        for placement in result.placements:
            if placement.in_place:
                text = f"✓ <b>{_esc(placement.text)}</b>: in the right place."
            else:
                text = (
                    f"✗ <b>{_esc(placement.text)}</b>: you put it at "
                    f"{placement.placed_at + 1}; it belongs at {placement.correct_at + 1}."
                )
            if placement.feedback:
                text += f"<br><i>{_esc(placement.feedback)}</i>"
            items.append(f"<li>{text}</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
        if not result.correct:
            right = "".join(f"<li>{_esc(item)}</li>" for item in q.items)
            parts.append(f"<p>The order that fits:</p><ol>{right}</ol>")
    if result.explanation:
        parts.append(f"<p>{_esc(result.explanation)}</p>")
    return "".join(parts)
