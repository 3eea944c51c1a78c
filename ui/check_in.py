"""The check-in dialog: "How are you right now?", answered in a few seconds.

Pick one to three feelings with how strong each is, add a note if you like, save.
Keyboard: type part of a word, Down, Space picks it, Ctrl+Enter saves from anywhere;
Escape closes (asking first if something would be lost). Saving goes through the
`save` callable the caller gives, so this dialog knows nothing of the store: when
saving fails, the reason is shown inside the dialog and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from course.feelings import Pick, Vocabulary
from course.store import StoreError
from ui.feelings_picker import FeelingsPicker

MAX_PICKS = 3
TITLE = "Check in"
HEADING = "How are you right now?"
INTRO = (
    "Pick one to three feelings and how strong each one is. There are no right answers; "
    "naming a feeling is practice in itself."
)
NOTE_LABEL = "Anything you want to add? (optional)"
SAVE = "Save check-in"
PICK_ONE_FIRST = "Pick at least one feeling to save a check-in."
LEAVE_TITLE = "Leave this check-in?"
LEAVE_TEXT = "What you picked and wrote here has not been saved yet."
SAVE_FAILED = "This check-in could not be saved: {reason} What you picked is still here."

SaveCheckIn = Callable[[list[Pick], str], None]
CHECKED_IN = "Check-in saved. Thank you for taking a moment to notice."
NO_STORE = "Check-ins are saved with your progress, which is not open just now."

if TYPE_CHECKING:
    from ui.pages.base import PageHost


def run_check_in(host: PageHost) -> bool:
    """Ask "How are you right now?" and save the answer; True when one was saved.

    One flow for every way in: Home's button, the View menu, the Insights page.
    """
    from ui.practice_prompts import vocabulary_for

    store = host.session.store
    if store is None:
        host.show_message(NO_STORE)
        return False

    def save(picks: list[Pick], note: str) -> None:
        store.add_check_in(picks, note)

    dialog = CheckInDialog(vocabulary_for(host.session.course), save, host.dialog_parent())
    if not dialog.exec():
        return False
    host.show_notice(CHECKED_IN)
    host.session.check_in_saved.emit()
    return True


class CheckInDialog(QDialog):
    def __init__(
        self, vocabulary: Vocabulary, save: SaveCheckIn, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(TITLE)
        heading = QLabel(HEADING, self)
        heading.setObjectName("heading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        intro = QLabel(INTRO, self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.picker = FeelingsPicker(vocabulary, max_picks=MAX_PICKS, parent=self)
        self.picker.changed.connect(self._update_save)
        note_label = QLabel(NOTE_LABEL, self)
        note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(NOTE_LABEL)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4)
        note_label.setBuddy(self.note)
        self.message = QLabel(PICK_ONE_FIRST, self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Check-in status")

        self.buttons = QDialogButtonBox(self)
        self.save_button: QPushButton = self.buttons.addButton(
            SAVE, QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # No default button: Enter belongs to whatever has focus (a word, a box), so it
        # never saves a half-made check-in by surprise. Ctrl+Enter saves on purpose.
        for button in (self.save_button, cancel):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(self._try_save)
        cancel.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._try_save)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.picker, 1)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.note, self.save_button)
        self.resize(560, 560)
        self._update_save()
        self.picker.search.setFocus()

    def _update_save(self) -> None:
        has_picks = bool(self.picker.picks())
        self.save_button.setEnabled(has_picks)
        self.message.setText("" if has_picks else PICK_ONE_FIRST)

    def _try_save(self) -> None:
        picks = self.picker.picks()
        if not picks:
            self.message.setText(PICK_ONE_FIRST)
            return
        try:
            self._save(picks, self.note.toPlainText().strip())
        except StoreError as error:  # its message is written to be shown as it is
            self.message.setText(SAVE_FAILED.format(reason=_sentence(error)))
            return
        self.accept()

    def reject(self) -> None:
        unsaved = self.picker.picks() or self.note.toPlainText().strip()
        if unsaved and self.isVisible():
            answer = QMessageBox.question(
                self,
                LEAVE_TITLE,
                LEAVE_TEXT,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


def _sentence(error: Exception) -> str:
    text = str(error).strip() or "something went wrong while saving."
    return text if text.endswith((".", "!", "?")) else text + "."
