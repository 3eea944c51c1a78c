"""What every reflect prompt widget shares: the prompt's text, the store it saves to,
an autosave timer and a quiet status line. Text and scale prompts (ui/reflect_view.py)
and the practice prompts (ui/practice_prompts.py) build on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from course.model import Course, Lesson, Reflection, ReflectPrompt
from ui import messages

if TYPE_CHECKING:
    from course.store.api import ProgressStore, ReflectionOpening

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How long after the last keystroke (or slider move) a save happens.
AUTOSAVE_MS = 1000

SAVED = "Saved"
SAVING = "Saving soon…"
NOT_SAVED_NO_STORE = "Not saved yet: your progress store isn't open."
SAVE_FAILED = (
    "Couldn't save just now. What you wrote is still here, and Bridgework will try "
    "again when you make a change."
)
NO_RATINGS_YET = "No ratings yet. Your ratings will appear here, so you can see change over time."


class PromptBase(QFrame):
    """What text and scale prompts share: the prompt, the store, and a quiet status line."""

    saved = Signal(str)  # prompt id
    save_failed = Signal(str)  # a message to show the learner

    def __init__(self, prompt: ReflectPrompt | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Without a prompt, a spare made ahead (ui/step_pool.py): `set_prompt` gives it one.
        self.prompt: ReflectPrompt
        self.store: ProgressStore | None = None
        self.course: Course | None = None
        self.lesson: Lesson | None = None
        self.reflection: Reflection | None = None
        self.setObjectName("reflectPrompt")
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.prompt_label.font()
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.status_label = QLabel("")
        self.status_label.setObjectName("muted")
        self.status_label.setAccessibleName("Save status")
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(AUTOSAVE_MS)
        self.save_timer.timeout.connect(self.flush)

    def set_prompt(self, prompt: ReflectPrompt) -> None:
        """Show `prompt`, with nothing the learner wrote for any prompt before it (a
        widget made ahead takes its prompt here; `bind` then reads what was saved)."""
        self.save_timer.stop()
        self.prompt = prompt
        self.store = self.course = self.lesson = self.reflection = None
        self.prompt_label.setText(prompt.prompt)
        self.status_label.setText("")

    def bind(
        self,
        store: ProgressStore | None,
        course: Course,
        lesson: Lesson,
        reflection: Reflection,
        opening: ReflectionOpening | None = None,
    ) -> None:
        """Take the store and show what was saved for the prompt: from `opening` when the
        reflection's view read it for all its prompts at once, else read from the store."""
        self.store, self.course, self.lesson, self.reflection = store, course, lesson, reflection

    def flush(self) -> None:
        raise NotImplementedError

    def focus_chain(self) -> list[QWidget]:
        """The controls Tab should visit in this prompt, in reading order."""
        return []

    def _store_read(self, read: Callable[[ProgressStore], T], what: str) -> T | None:
        """What `read` returns from the store, or None when there is no store or the
        read fails (logged): a prompt then shows empty rather than failing to appear."""
        if self.store is None:
            return None
        try:
            return read(self.store)
        except Exception:
            log.exception("reading %s for %s failed", what, self.prompt.id)
            return None

    def _store_call(self, call: Callable[[], object]) -> bool:
        """Run one store write; on failure tell the learner calmly and keep what's on screen."""
        if self.store is None:
            self.status_label.setText(NOT_SAVED_NO_STORE)
            return False
        try:
            call()
        except Exception as error:  # a failed save must never cost the learner their text
            log.exception("saving reflection prompt %s failed", self.prompt.id)
            text = messages.save_failed(error, SAVE_FAILED)
            self.status_label.setText(text)
            self.save_failed.emit(text)
            return False
        self.status_label.setText(SAVED)
        self.saved.emit(self.prompt.id)
        return True
