"""The two practice prompts of a reflect block: `feelings` and `perspective`.

FeelingsPromptWidget: the feelings picker, a note and where the feeling sits in the
body; saved as the learner changes it (within the hour it changes the same answer,
later it is kept as a new moment, so a lesson revisited shows change over time).

PerspectivePromptWidget: the empathy exercise. The learner reads a situation and
writes what the other person may be feeling and needing. Only once they have written
something can they show the model answer; then both texts are shown with their feeling
words marked, vague words are pointed out gently with more precise ones, and a second
box takes anything they want to add. Both drafts are kept (the store freezes the first
once the model answer has been shown). Nothing here is graded.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from course.feelings import Mention, Vocabulary, shipped_vocabulary
from course.model import Course, Lesson, Reflection, ReflectPrompt
from course.render import render_markdown
from ui.feelings_picker import FeelingsPicker
from ui.prompt_base import SAVED, SAVING, PromptBase

if TYPE_CHECKING:
    from course.store.api import ProgressStore, ReflectionOpening

log = logging.getLogger(__name__)

NOTE_LABEL = "Anything you want to add? (optional)"
BODY_LABEL = "Where do you notice it in your body? (optional)"
PICK_TO_SAVE = "Pick at least one feeling; it is saved as you go."
LAST_TIME = "Saved. These are the feelings you picked on {day}; change them if today is different."

FIRST_DRAFT_PLACEHOLDER = "What might they be feeling? What might they need?"
SHOW_MODEL = "Show a model answer"
WRITE_FIRST = "Write your own answer first; then you can compare it with a model answer."
MODEL_HEADING = "A model answer"
MODEL_INTRO = (
    "One way of putting it. Yours does not need to match: it is a chance to notice "
    "feelings you may not have named."
)
YOUR_ANSWER = "What you wrote"
SECOND_DRAFT_LABEL = "Anything you want to add, now that you have read it?"
FEELING_WORDS = "Feeling words in your answer: {words}."
NO_FEELING_WORDS = (
    "Your answer has no feeling words from the list yet. Naming a feeling, even a guess "
    "like “hurt” or “afraid”, is the heart of this exercise."
)
MODEL_WORDS = "Feeling words in the model answer: {words}."
VAGUE_NOTE = "You wrote “{word}”. It can stand for more precise feelings, such as {options}."


def vocabulary_for(course: Course | None) -> Vocabulary:
    """The course's own feelings vocabulary, or the one Bridgework ships."""
    if course is not None and course.feelings is not None:
        return course.feelings
    return shipped_vocabulary()


def _words(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.feeling.word for m in mentions if m.feeling is not None))


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def highlighted_html(text: str, mentions: list[Mention], colour: str) -> str:
    """`text` as HTML paragraphs with feeling words in bold on a tint; vague words
    underlined. Everything else is escaped: the learner's words are never markup."""
    out: list[str] = []
    position = 0
    for mention in mentions:
        out.append(html.escape(text[position : mention.start]))
        word = html.escape(mention.text)
        if mention.feeling is not None:
            out.append(f'<b style="background-color:{colour}">{word}</b>')
        else:
            out.append(f"<u>{word}</u>")
        position = mention.end
    out.append(html.escape(text[position:]))
    body = "".join(out)
    paragraphs = [p for p in body.split("\n\n")]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)


class FeelingsPromptWidget(PromptBase):
    """A `feelings` prompt: pick the feelings, add a note and where they sit in the body."""

    def __init__(
        self,
        prompt: ReflectPrompt | None,
        vocabulary: Vocabulary,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(prompt, parent)
        self.vocabulary = vocabulary
        self.picker = FeelingsPicker(vocabulary, parent=self)
        self.picker.setAccessibleName("Your feelings")  # then named after its prompt
        self.prompt_label.setBuddy(self.picker.search)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(NOTE_LABEL)
        self.body = QLineEdit(self)
        self.body.setAccessibleName(BODY_LABEL)
        self.body.setPlaceholderText("For example: a tight chest, a heavy stomach")
        note_label, body_label = QLabel(NOTE_LABEL, self), QLabel(BODY_LABEL, self)
        note_label.setBuddy(self.note)
        body_label.setBuddy(self.body)
        self._loading = False
        self._dirty = False
        self.picker.changed.connect(self._changed)
        self.note.textEdited.connect(self._changed)
        self.body.textEdited.connect(self._changed)
        for editor in (self.note, self.body):
            editor.editingFinished.connect(self.flush)  # Enter, or focus moving on

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.picker)
        layout.addWidget(body_label)
        layout.addWidget(self.body)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.status_label, alignment=Qt.AlignmentFlag.AlignRight)
        if prompt is not None:
            self.set_prompt(prompt)

    def set_prompt(self, prompt: ReflectPrompt) -> None:
        super().set_prompt(prompt)
        self.picker.max_picks = prompt.picks
        self.picker.setAccessibleName(f"Your feelings: {prompt.prompt}")
        self._loading = True
        self.picker.set_picks([])
        self.note.setText("")
        self.body.setText("")
        self._loading = False
        self._dirty = False

    def bind(
        self,
        store: ProgressStore | None,
        course: Course,
        lesson: Lesson,
        reflection: Reflection,
        opening: ReflectionOpening | None = None,
    ) -> None:
        super().bind(store, course, lesson, reflection, opening)
        if opening is not None:
            latest = opening.feelings.get(self.prompt.id)
        else:
            latest = self._store_read(
                lambda s: s.latest_feelings(course.id, reflection.id, self.prompt.id), "feelings"
            )
        self._loading = True
        self.picker.set_picks(list(latest.picks) if latest else [])
        self.note.setText(latest.note if latest else "")
        self.body.setText(latest.body if latest else "")
        self._loading = False
        self._dirty = False
        if latest is not None:
            day = latest.updated_at.astimezone()
            self.status_label.setText(LAST_TIME.format(day=f"{day.day} {day:%B %Y}"))
        else:
            self.status_label.setText("")

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.status_label.setText(SAVING if self.picker.picks() else PICK_TO_SAVE)
        self.save_timer.start()

    def flush(self) -> None:
        self.save_timer.stop()
        picks = self.picker.picks()
        if not self._dirty or not picks:
            return
        if None in (self.store, self.course, self.lesson, self.reflection):
            self._store_call(lambda: None)
            return
        store, course, lesson, reflection = self.store, self.course, self.lesson, self.reflection
        assert store and course and lesson and reflection
        note, body = self.note.text().strip(), self.body.text().strip()
        if self._store_call(
            lambda: store.save_feelings(
                course, lesson.id, reflection.id, self.prompt.id, picks, note, body
            )
        ):
            self._dirty = False

    def focus_chain(self) -> list[QWidget]:
        return [self.picker.search, self.picker.families, self.picker.words, self.body, self.note]


class PerspectivePromptWidget(PromptBase):
    """A `perspective` prompt: the situation, your answer, then a model answer."""

    def __init__(
        self,
        prompt: ReflectPrompt | None,
        vocabulary: Vocabulary,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(prompt, parent)
        self.vocabulary = vocabulary
        self.scenario = QTextBrowser(self)
        self.scenario.setOpenLinks(False)
        self.scenario.setOpenExternalLinks(False)
        self.scenario.setAccessibleName("The situation")
        self.scenario.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.scenario.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.first = QPlainTextEdit(self)
        self.first.setPlaceholderText(FIRST_DRAFT_PLACEHOLDER)
        self.first.setAccessibleName("Your answer")  # then named after its prompt
        self.first.setTabChangesFocus(True)
        self.first.setMinimumHeight(100)
        self.first.setMaximumHeight(200)
        self.prompt_label.setBuddy(self.first)
        self.show_button = QPushButton(SHOW_MODEL, self)
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.reveal)
        self.hint = QLabel(WRITE_FIRST, self)
        self.hint.setWordWrap(True)

        # Shown after the reveal.
        self.revealed_box = QWidget(self)
        self.yours = QTextBrowser(self.revealed_box)
        self.yours.setAccessibleName(YOUR_ANSWER)
        self.model = QTextBrowser(self.revealed_box)
        self.model.setAccessibleName(MODEL_HEADING)
        for browser in (self.yours, self.model):
            browser.setOpenLinks(False)
            browser.setMaximumHeight(180)
        self.words_note = QLabel(self.revealed_box)
        self.words_note.setWordWrap(True)
        self.words_note.setTextFormat(Qt.TextFormat.PlainText)
        self.vague_note = QLabel(self.revealed_box)
        self.vague_note.setWordWrap(True)
        self.vague_note.setTextFormat(Qt.TextFormat.PlainText)
        self.second = QPlainTextEdit(self.revealed_box)
        self.second.setAccessibleName(SECOND_DRAFT_LABEL)
        self.second.setTabChangesFocus(True)
        self.second.setMaximumHeight(160)
        second_label = QLabel(SECOND_DRAFT_LABEL, self.revealed_box)
        second_label.setBuddy(self.second)
        model_intro = QLabel(MODEL_INTRO, self.revealed_box)
        model_intro.setWordWrap(True)
        box = QVBoxLayout(self.revealed_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(YOUR_ANSWER, self.revealed_box))
        box.addWidget(self.yours)
        box.addWidget(QLabel(MODEL_HEADING, self.revealed_box))
        box.addWidget(model_intro)
        box.addWidget(self.model)
        box.addWidget(self.words_note)
        box.addWidget(self.vague_note)
        box.addWidget(second_label)
        box.addWidget(self.second)
        self.revealed_box.hide()

        self._loading = False
        self._dirty_first = self._dirty_second = False
        self._revealed = False
        self.first.textChanged.connect(self._first_changed)
        self.second.textChanged.connect(self._second_changed)
        self.first.installEventFilter(self)
        self.second.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.scenario)
        layout.addWidget(self.first)
        layout.addWidget(self.hint)
        layout.addWidget(self.show_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.revealed_box)
        layout.addWidget(self.status_label, alignment=Qt.AlignmentFlag.AlignRight)
        if prompt is not None:
            self.set_prompt(prompt)
        self._update_button()

    def set_prompt(self, prompt: ReflectPrompt) -> None:
        super().set_prompt(prompt)
        self.first.setAccessibleName(f"Your answer: {prompt.prompt}")
        self.scenario.clear()
        self._loading = True
        self.first.setPlainText("")
        self.second.setPlainText("")
        self._loading = False
        self._dirty_first = self._dirty_second = False
        self._revealed = False
        for browser in (self.yours, self.model):
            browser.clear()
        self.words_note.clear()
        self.vague_note.clear()
        self.revealed_box.hide()
        self._update_button()

    def bind(
        self,
        store: ProgressStore | None,
        course: Course,
        lesson: Lesson,
        reflection: Reflection,
        opening: ReflectionOpening | None = None,
    ) -> None:
        super().bind(store, course, lesson, reflection, opening)
        self.scenario.setHtml(
            render_markdown(
                self.prompt.scenario or "", course=course, lesson=lesson, course_root=None
            )
        )
        document_height = self.scenario.document().size().height()
        self.scenario.setFixedHeight(int(min(260, max(60, document_height + 12))))
        if opening is not None:
            answer = opening.perspectives.get(self.prompt.id)
        else:
            answer = self._store_read(
                lambda s: s.perspective(course.id, reflection.id, self.prompt.id), "perspective"
            )
        self._loading = True
        self.first.setPlainText(answer.first_draft if answer else "")
        self.second.setPlainText(answer.second_draft if answer else "")
        self._loading = False
        self._dirty_first = self._dirty_second = False
        self._revealed = bool(answer and answer.revealed)
        if self._revealed:
            self._show_revealed()
        self.status_label.setText(SAVED if answer else "")
        self._update_button()

    def first_draft(self) -> str:
        return self.first.toPlainText()

    def can_reveal(self) -> bool:
        return bool(self.first_draft().strip())

    def is_revealed(self) -> bool:
        return self._revealed

    def _update_button(self) -> None:
        self.show_button.setVisible(not self._revealed)
        self.show_button.setEnabled(self.can_reveal())
        self.hint.setVisible(not self._revealed and not self.can_reveal())
        self.first.setReadOnly(self._revealed)

    def _first_changed(self) -> None:
        if self._loading or self._revealed:
            return
        self._dirty_first = True
        self.status_label.setText(SAVING)
        self.save_timer.start()
        self._update_button()

    def _second_changed(self) -> None:
        if self._loading:
            return
        self._dirty_second = True
        self.status_label.setText(SAVING)
        self.save_timer.start()

    def reveal(self) -> None:
        """Show the model answer: only after the learner has written their own."""
        if self._revealed or not self.can_reveal():
            return
        text = self.first_draft()
        if self._call(first_draft=text, reveal=True):
            self._dirty_first = False
            self._revealed = True
            self._show_revealed()
            self._update_button()
            self.second.setFocus()

    def _show_revealed(self) -> None:
        tint = self.palette().color(self.palette().ColorRole.Highlight)
        tint.setAlpha(70)
        colour = tint.name(tint.NameFormat.HexArgb)
        mine = self.vocabulary.scan(self.first_draft())
        model_text = self.prompt.model_answer or ""
        theirs = self.vocabulary.scan(model_text)
        self.yours.setHtml(highlighted_html(self.first_draft(), mine, colour))
        self.model.setHtml(highlighted_html(model_text, theirs, colour))
        my_words = _words(mine)
        lines = [FEELING_WORDS.format(words=_join(my_words)) if my_words else NO_FEELING_WORDS]
        if _words(theirs):
            lines.append(MODEL_WORDS.format(words=_join(_words(theirs))))
        self.words_note.setText(" ".join(lines))
        vague = list({m.vague.word: m.vague for m in mine if m.vague is not None}.values())
        self.vague_note.setText(
            "\n".join(
                VAGUE_NOTE.format(word=v.word, options=_join(list(v.often_means[:4])))
                for v in vague
            )
        )
        self.vague_note.setVisible(bool(vague))
        self.revealed_box.show()

    def _call(self, **changes: object) -> bool:
        if None in (self.store, self.course, self.lesson, self.reflection):
            return self._store_call(lambda: None)
        store, course, lesson, reflection = self.store, self.course, self.lesson, self.reflection
        assert store and course and lesson and reflection
        return self._store_call(
            lambda: store.save_perspective(
                course,
                lesson.id,
                reflection.id,
                self.prompt.id,
                **changes,  # type: ignore[arg-type]
            )
        )

    def flush(self) -> None:
        self.save_timer.stop()
        if self._dirty_first and not self._revealed and self._call(first_draft=self.first_draft()):
            self._dirty_first = False
        if (
            self._dirty_second
            and self._revealed
            and self._call(second_draft=self.second.toPlainText())
        ):
            self._dirty_second = False

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.first]
        if self._revealed:
            chain.append(self.second)
        else:
            chain.append(self.show_button)
        return chain

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Focus leaving an answer box saves it; not while the view is being taken down
        # (hidden first, and hiding the view has saved everything already).
        if event.type() == QEvent.Type.FocusOut and self.isVisible():
            self.flush()
        return super().eventFilter(watched, event)
