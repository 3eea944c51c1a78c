"""The unlock page: asks for the passphrase of an encrypted profile, inside the window.

It never derives the key itself: it emits `unlock_requested(passphrase)` and the main
window opens the store off the GUI thread, calling `set_busy` and `show_error` back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import messages


class UnlockPage(QWidget):
    """Passphrase entry with a busy indicator.

    Signals: unlock_requested(str) with the passphrase typed;
    forgot_requested() when the learner says they forgot it.
    """

    unlock_requested = Signal(str)
    forgot_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setMinimumWidth(440)
        card.setMaximumWidth(560)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        title = QLabel(messages.UNLOCK_TITLE)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.body = QLabel(messages.UNLOCK_BODY)
        self.body.setWordWrap(True)
        layout.addWidget(self.body)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.returnPressed.connect(self._submit)
        layout.addWidget(self.passphrase)

        self.error = QLabel("")
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Message")
        self.error.hide()
        layout.addWidget(self.error)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: key derivation has no progress to report
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Unlocking")
        self.busy_label = QLabel(messages.UNLOCKING)
        self.busy_label.setObjectName("muted")
        self.busy_label.setWordWrap(True)
        layout.addWidget(self.busy)
        layout.addWidget(self.busy_label)

        safety = QLabel(messages.UNLOCK_SAFETY)
        safety.setObjectName("muted")
        safety.setWordWrap(True)
        layout.addWidget(safety)

        buttons = QHBoxLayout()
        self.forgot_button = QPushButton("I forgot my passphrase")
        self.forgot_button.setAccessibleName("I forgot my passphrase")
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.forgot_requested)
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.set_busy(False)

    def set_hint(self, text: str) -> None:
        self.body.setText(text)

    def _submit(self) -> None:
        if self.busy.isVisible():
            return
        text = self.passphrase.text()
        if not text:
            self.show_error(messages.EMPTY_PASSPHRASE)
            return
        self.error.hide()
        self.unlock_requested.emit(text)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        if not busy:
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.hide()
        self.set_busy(False)
