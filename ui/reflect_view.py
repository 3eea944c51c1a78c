"""ReflectView: a lesson's private reflection prompts, saved as the learner writes.

Text prompts autosave about a second after the last keystroke, on focus-out, and
whenever `flush()` is called (the lesson view calls it on step or lesson change and
on close), so nothing typed is lost. Scale prompts show a slider with the author's
end labels and the learner's past ratings. Nothing here is graded.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from course.model import Course, Lesson, PromptType, Reflection, ReflectPrompt

# The prompt words are part of this view's interface (tests and the journal use them).
from ui.prompt_base import AUTOSAVE_MS as AUTOSAVE_MS
from ui.prompt_base import NO_RATINGS_YET, SAVED, SAVING, PromptBase
from ui.prompt_base import NOT_SAVED_NO_STORE as NOT_SAVED_NO_STORE
from ui.prompt_base import SAVE_FAILED as SAVE_FAILED
from ui.theme import style_ahead

if TYPE_CHECKING:
    from course.store.api import ProgressStore, Rating, ReflectionOpening

log = logging.getLogger(__name__)

#: How many past ratings the text list beside the sparkline shows.
RECENT_RATINGS_SHOWN = 6


class ReflectionNotifier(QObject):
    """Tells every ReflectView that a reflection was edited elsewhere (in the Journal).

    Signals:
        edited(str, str, str, str): course id, reflection id, prompt id, the new text.
    """

    edited = Signal(str, str, str, str)


_notifier: ReflectionNotifier | None = None


def reflection_notifier() -> ReflectionNotifier:
    """The one notifier, made on first use."""
    global _notifier
    if _notifier is None:
        _notifier = ReflectionNotifier()
    return _notifier


def _format_day(rating: Rating) -> str:
    local = rating.rated_at.astimezone()
    return f"{local.day} {local:%b %Y}"


class RatingSparkline(QWidget):
    """A small line chart of past ratings, oldest on the left; its description lists them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[int] = []
        self._min = 0
        self._max = 10
        self.setAccessibleName("Your past ratings, as a chart")
        self.setMinimumSize(QSize(160, 40))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_values(self, values: list[int], minimum: int, maximum: int) -> None:
        self._values = list(values)
        self._min, self._max = minimum, maximum
        self.setAccessibleDescription(
            ", ".join(str(v) for v in values) if values else NO_RATINGS_YET
        )
        self.update()

    def values(self) -> list[int]:
        return list(self._values)

    def sizeHint(self) -> QSize:
        return QSize(220, 44)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._values:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        margin = 5.0
        width = self.width() - 2 * margin
        height = self.height() - 2 * margin
        span = max(1, self._max - self._min)
        count = len(self._values)

        def point(i: int, value: int) -> QPointF:
            x = margin + (width * i / (count - 1) if count > 1 else width / 2)
            y = margin + height * (1 - (value - self._min) / span)
            return QPointF(x, y)

        palette = self.palette()
        pen = QPen(palette.color(palette.ColorRole.Mid), 1)
        painter.setPen(pen)
        painter.drawLine(QPointF(margin, margin + height), QPointF(margin + width, margin + height))
        pen = QPen(palette.color(palette.ColorRole.Highlight), 2)
        painter.setPen(pen)
        path = QPainterPath(point(0, self._values[0]))
        for i, value in enumerate(self._values[1:], start=1):
            path.lineTo(point(i, value))
        painter.drawPath(path)
        painter.setBrush(palette.color(palette.ColorRole.Highlight))
        for i, value in enumerate(self._values):
            painter.drawEllipse(point(i, value), 3, 3)
        painter.end()


class TextPromptWidget(PromptBase):
    """One free-text prompt: a plain text box that autosaves."""

    def __init__(self, prompt: ReflectPrompt | None = None, parent: QWidget | None = None) -> None:
        super().__init__(prompt, parent)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Your reflection")  # then named after its prompt
        self.editor.setAccessibleDescription(
            "Private. Saved on this computer as you type; never graded."
        )
        self.editor.setPlaceholderText("Write as much or as little as you like.")
        self.editor.setTabChangesFocus(True)  # Tab moves on, so the keyboard never gets stuck
        self.editor.setMinimumHeight(110)
        self.editor.setMaximumHeight(200)  # room for the next prompt to show below
        self.prompt_label.setBuddy(self.editor)
        self._saved_text: str | None = None
        self._loading = False
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.editor)
        layout.addWidget(self.status_label, alignment=Qt.AlignmentFlag.AlignRight)
        if prompt is not None:
            self.set_prompt(prompt)

    def set_prompt(self, prompt: ReflectPrompt) -> None:
        super().set_prompt(prompt)
        self.editor.setAccessibleName(f"Your reflection: {prompt.prompt}")
        self._loading = True
        self.editor.setPlainText("")
        self._loading = False
        self._saved_text = None

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
            text = opening.texts.get(self.prompt.id)
        else:
            text = self._store_read(
                lambda s: s.reflection_text(course.id, reflection.id, self.prompt.id),
                "reflection",
            )
        self._loading = True
        self.editor.setPlainText(text or "")
        self._loading = False
        self._saved_text = text or ""
        self.status_label.setText(SAVED if text else "")

    def text(self) -> str:
        return self.editor.toPlainText()

    def has_unsaved_changes(self) -> bool:
        return self.text() != self._saved_text

    def show_saved_text(self, text: str) -> None:
        """Show text saved elsewhere (the Journal), unless the learner is mid-edit here."""
        if self.has_unsaved_changes() or text == self.text():
            return
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self._saved_text = text
        self.status_label.setText(SAVED)

    def _on_text_changed(self) -> None:
        if self._loading:
            return
        self.status_label.setText(SAVING)
        self.save_timer.start()

    def flush(self) -> None:
        """Save now if the text changed since the last save."""
        self.save_timer.stop()
        if not self.has_unsaved_changes():
            if self._saved_text:
                self.status_label.setText(SAVED)
            return
        if (
            self.store is None
            or self.course is None
            or self.lesson is None
            or self.reflection is None
        ):
            self._store_call(lambda: None)  # shows "not saved yet" when there is no store
            return
        text = self.text()
        store, course, lesson, reflection = self.store, self.course, self.lesson, self.reflection
        if self._store_call(
            lambda: store.save_reflection(course, lesson.id, reflection.id, self.prompt.id, text)
        ):
            self._saved_text = text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)


class ScalePromptWidget(PromptBase):
    """One scale prompt: a slider between the author's end labels, and past ratings."""

    def __init__(self, prompt: ReflectPrompt | None = None, parent: QWidget | None = None) -> None:
        super().__init__(prompt, parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setAccessibleName("Your rating")  # then named after its prompt
        self.prompt_label.setBuddy(self.slider)
        self.min_label = QLabel()
        self.max_label = QLabel()
        for end in (self.min_label, self.max_label):
            end.setTextFormat(Qt.TextFormat.PlainText)  # the author's labels are text, never markup
        self.value_label = QLabel("Not rated yet")
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.value_label.setAccessibleName("Chosen rating")
        self.save_button = QPushButton("Save rating")
        self.save_button.setAccessibleName("Save this rating")
        self.save_button.setAccessibleDescription(
            "Records the rating now, with today's date. Moving the slider also saves it."
        )
        self.save_button.clicked.connect(self.save_rating_now)
        self.sparkline = RatingSparkline()
        self.history_label = QLabel(NO_RATINGS_YET)
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.history_label.setAccessibleName("Your past ratings")
        self._touched = False
        self._loading = False
        self.slider.valueChanged.connect(self._on_value_changed)

        scale_row = QHBoxLayout()
        scale_row.addWidget(self.min_label)
        scale_row.addWidget(self.slider, 1)
        scale_row.addWidget(self.max_label)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_label)
        value_row.addStretch(1)
        value_row.addWidget(self.status_label)
        value_row.addWidget(self.save_button)
        history_row = QHBoxLayout()
        history_row.addWidget(self.sparkline)
        history_row.addWidget(self.history_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.prompt_label)
        layout.addLayout(scale_row)
        layout.addLayout(value_row)
        past = QLabel("Your past ratings:")
        layout.addWidget(past)
        layout.addLayout(history_row)
        if prompt is not None:
            self.set_prompt(prompt)

    def set_prompt(self, prompt: ReflectPrompt) -> None:
        super().set_prompt(prompt)
        labels = dict(prompt.labels)
        low = labels.get(prompt.min, str(prompt.min))
        high = labels.get(prompt.max, str(prompt.max))
        self._loading = True
        self.slider.setRange(prompt.min, prompt.max)
        self.slider.setValue((prompt.min + prompt.max) // 2)
        self._loading = False
        self._touched = False
        self.slider.setAccessibleName(f"Your rating: {prompt.prompt}")
        self.slider.setAccessibleDescription(
            f"From {prompt.min} ({low}) to {prompt.max} ({high}). Use the arrow keys."
        )
        self.min_label.setText(f"{prompt.min}: {low}" if prompt.min in labels else low)
        self.max_label.setText(f"{prompt.max}: {high}" if prompt.max in labels else high)
        self.value_label.setText("Not rated yet")
        self.sparkline.set_values([], prompt.min, prompt.max)
        self.history_label.setText(NO_RATINGS_YET)

    def bind(
        self,
        store: ProgressStore | None,
        course: Course,
        lesson: Lesson,
        reflection: Reflection,
        opening: ReflectionOpening | None = None,
    ) -> None:
        super().bind(store, course, lesson, reflection, opening)
        ratings = opening.ratings.get(self.prompt.id, []) if opening is not None else None
        if ratings is not None:
            latest = ratings[-1].value if ratings else None
        else:
            latest = self._store_read(
                lambda s: s.latest_rating(course.id, reflection.id, self.prompt.id), "ratings"
            )
        self._loading = True
        # With no rating yet the slider starts in the middle, so it doesn't suggest an answer.
        middle = (self.prompt.min + self.prompt.max) // 2
        self.slider.setValue(latest if latest is not None else middle)
        self._loading = False
        self._touched = False
        self.value_label.setText(
            f"Last rating: {latest}" if latest is not None else "Not rated yet"
        )
        self.refresh_history(ratings)

    def value(self) -> int:
        return self.slider.value()

    def _on_value_changed(self, value: int) -> None:
        self.value_label.setText(f"Your rating: {value}")
        if self._loading:
            return
        self._touched = True
        self.status_label.setText(SAVING)
        self.save_timer.start()

    def save_rating_now(self) -> None:
        """Record the slider's value now (the button: a repeat of last week's value counts)."""
        self._touched = True
        self.flush()

    def flush(self) -> None:
        self.save_timer.stop()
        if not self._touched:
            return
        if (
            self.store is None
            or self.course is None
            or self.lesson is None
            or self.reflection is None
        ):
            self._store_call(lambda: None)
            return
        value = self.value()
        store, course, lesson, reflection = self.store, self.course, self.lesson, self.reflection
        if self._store_call(
            lambda: store.record_rating(course, lesson.id, reflection.id, self.prompt.id, value)
        ):
            self._touched = False
            self.refresh_history()

    def ratings(self) -> list[Rating]:
        course, reflection = self.course, self.reflection
        if course is None or reflection is None:
            return []
        ratings = self._store_read(
            lambda s: s.ratings(course.id, reflection.id, self.prompt.id), "ratings"
        )
        return ratings or []

    def refresh_history(self, ratings: list[Rating] | None = None) -> None:
        """Show the ratings over time: `ratings` when already read, else read them."""
        if ratings is None:
            ratings = self.ratings()
        self.sparkline.set_values([r.value for r in ratings], self.prompt.min, self.prompt.max)
        self.sparkline.setVisible(bool(ratings))
        if not ratings:
            self.history_label.setText(NO_RATINGS_YET)
            return
        recent = ratings[-RECENT_RATINGS_SHOWN:]
        # Newest first; each "date: value" kept on one line (no-break spaces inside).
        self.history_label.setText(
            "  ·  ".join(
                f"{_format_day(r)}: {r.value}".replace(" ", "\u00a0") for r in reversed(recent)
            )
        )


def new_prompt_widget(
    course: Course | None, prompt_type: PromptType, parent: QWidget | None
) -> PromptBase:
    """An empty prompt widget for a prompt of `prompt_type` in `course` (no prompt yet)."""
    if prompt_type is PromptType.SCALE:
        return ScalePromptWidget(None, parent)
    if prompt_type in (PromptType.FEELINGS, PromptType.PERSPECTIVE):
        # Imported here: only lessons with practice prompts need the picker.
        from ui.practice_prompts import (
            FeelingsPromptWidget,
            PerspectivePromptWidget,
            vocabulary_for,
        )

        kind = (
            FeelingsPromptWidget if prompt_type is PromptType.FEELINGS else PerspectivePromptWidget
        )
        return kind(None, vocabulary_for(course), parent)
    return TextPromptWidget(None, parent)


def make_prompt_widget(course: Course, prompt: ReflectPrompt, parent: QWidget | None) -> PromptBase:
    """The widget for one prompt of `course`, by its type."""
    widget = new_prompt_widget(course, prompt.type, parent)
    widget.set_prompt(prompt)
    return widget


def _fits(widget: PromptBase, course: Course) -> bool:
    """Whether a spare `widget` can show prompts of `course` (practice prompts are made
    with a feelings vocabulary: the course's own, or the shipped one)."""
    vocabulary = getattr(widget, "vocabulary", None)
    if vocabulary is None:
        return True
    from ui.practice_prompts import vocabulary_for

    return vocabulary is vocabulary_for(course)


class ReflectView(QWidget):
    """Shows one `Reflection`: its prompts, each saved to the ProgressStore as it changes.

    Signals:
        saved(str): a prompt's text or rating was saved (the prompt id).
        save_failed(str): a save failed; the message is for the learner (the text stays).
    """

    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(self, store: ProgressStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course: Course | None = None
        self.lesson: Lesson | None = None
        self.reflection: Reflection | None = None
        self.prompt_widgets: list[PromptBase] = []
        # Prompt widgets made ahead, hidden, by kind (see `add_spare_prompt`).
        self._spares: dict[PromptType, list[PromptBase]] = {}
        self.setAccessibleName("Reflection")
        self._intro = QLabel(
            "These questions are private and never graded. What you write is saved on this "
            "computer as you type, and you can read it again in the Journal."
        )
        self._intro.setWordWrap(True)
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.addWidget(self._intro)
        self._prompts_box = QVBoxLayout()
        self._prompts_box.setSpacing(14)
        self._layout.addLayout(self._prompts_box)
        self._layout.addStretch(1)
        reflection_notifier().edited.connect(self._on_edited_elsewhere)
        # Several prompts can be taller than the window: they scroll together.
        self.scroll_area = QScrollArea()
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it follows the focused control
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self._inner = inner

    def set_store(self, store: ProgressStore | None) -> None:
        self.store = store
        if self.course is not None and self.lesson is not None and self.reflection is not None:
            self.set_reflection(self.course, self.lesson, self.reflection)

    def set_reflection(self, course: Course, lesson: Lesson, reflection: Reflection) -> None:
        """Show `reflection`, saving anything pending for the one shown before."""
        self.flush()
        for old in self.prompt_widgets:
            old.setParent(None)
            old.deleteLater()
        self.prompt_widgets = []
        self.course, self.lesson, self.reflection = course, lesson, reflection
        opening = self._read_opening(course, reflection)
        for prompt in reflection.prompts:
            widget = self._make_prompt_widget(course, prompt)
            widget.bind(self.store, course, lesson, reflection, opening)
            widget.saved.connect(self.saved)
            widget.save_failed.connect(self.save_failed)
            self._prompts_box.addWidget(widget)
            self.prompt_widgets.append(widget)

    def _read_opening(self, course: Course, reflection: Reflection) -> ReflectionOpening | None:
        """What every prompt shows of what was saved, in one store call (issue 14: one
        read per prompt, each its own transaction, was most of a reflection opening).
        None without a store, or when the read fails: each prompt then reads its own."""
        if self.store is None or not reflection.prompts:
            return None
        try:
            return self.store.reflection_opening(course.id, reflection)
        except Exception:
            log.exception("reading what was saved for reflection %s failed", reflection.id)
            return None

    def _make_prompt_widget(self, course: Course, prompt: ReflectPrompt) -> PromptBase:
        spares = self._spares.get(prompt.type, [])
        while spares:
            widget = spares.pop(0)
            if not _fits(widget, course):
                widget.setParent(None)
                widget.deleteLater()
                continue
            widget.set_prompt(prompt)
            widget.setVisible(True)  # shown with the view (the view is hidden until then)
            return widget
        return make_prompt_widget(course, prompt, self._inner)

    def add_spare_prompt(self, course: Course | None, prompt_type: PromptType) -> None:
        """Make an empty prompt widget for prompts of `prompt_type`, hidden in this view
        and styled, for `set_reflection` to take instead of making one (ui/step_pool.py):
        made where it will be shown, it is not styled again when taken."""
        widget = new_prompt_widget(course, prompt_type, self._inner)
        widget.setVisible(False)
        style_ahead(widget)
        self._spares.setdefault(prompt_type, []).append(widget)

    def spare_prompts(self, prompt_type: PromptType) -> int:
        """How many prompt widgets for `prompt_type` wait, made ahead, in this view."""
        return len(self._spares.get(prompt_type, []))

    def _on_edited_elsewhere(
        self, course_id: str, reflection_id: str, prompt_id: str, text: str
    ) -> None:
        if self.course is None or self.reflection is None:
            return
        if (course_id, reflection_id) != (self.course.id, self.reflection.id):
            return
        widget = self.prompt_widget(prompt_id)
        if isinstance(widget, TextPromptWidget):
            widget.show_saved_text(text)

    def focus_chain(self) -> list[QWidget]:
        """The controls Tab should visit, in reading order."""
        chain: list[QWidget] = []
        for widget in self.prompt_widgets:
            if isinstance(widget, TextPromptWidget):
                chain.append(widget.editor)
            elif isinstance(widget, ScalePromptWidget):
                chain += [widget.slider, widget.save_button]
            else:
                chain += widget.focus_chain()
        return chain

    def prompt_widget(self, prompt_id: str) -> PromptBase | None:
        return next((w for w in self.prompt_widgets if w.prompt.id == prompt_id), None)

    def flush(self) -> None:
        """Save everything that is pending now (call on step/lesson change and on close)."""
        for widget in self.prompt_widgets:
            widget.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden means the learner moved on (another step, lesson or page): save now.
        self.flush()
        super().hideEvent(event)
