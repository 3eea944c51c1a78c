"""The welcome shown on first run: what Bridgework is and is not, privacy, and a passphrase offer.

It only collects choices: the main window does the work (setting the passphrase off
the GUI thread, opening the help lesson, remembering that the welcome was seen).

Keyboard: the first passphrase field has the focus; Enter (in either field) is always
"Set passphrase and start", which either sets it or says inline why it cannot. The
help button is never what Enter presses. Going on without a passphrase is a choice made
on purpose (untick the box, then "Start without a passphrase"); Escape or the window's
close button explain that choice instead of quietly making it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import messages
from ui.settings import PassphraseFields


class FirstRunDialog(QDialog):
    """Welcome. `passphrase()` is the chosen passphrase, or None to go on without one.

    Signals: help_requested() when the learner follows the crisis-resources link.
    """

    help_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        offer_workspace: bool = False,
        workspace: bool = False,
    ) -> None:
        super().__init__(parent)
        self._closing_for_good = False
        self.workspace_chosen = False  # "I'm a therapist": open the workspace instead
        self.setWindowTitle(messages.APP_TITLE)
        self.setObjectName("firstRun")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        title = QLabel(messages.WELCOME_TITLE)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        body = QLabel(messages.WELCOME_BODY)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        body.setOpenExternalLinks(False)
        body.linkActivated.connect(self._on_link)
        body.setAccessibleName("About Bridgework")
        layout.addWidget(body)

        self.help_button = QPushButton("Where to turn for help")
        self.help_button.setAccessibleName("Where to turn for help")
        # Never the default: Enter in the passphrase fields must not open the help lesson.
        self.help_button.setAutoDefault(False)
        self.help_button.setDefault(False)
        self.help_button.clicked.connect(self._on_help)
        layout.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignLeft)

        offer = QLabel(messages.WELCOME_PASSPHRASE)
        offer.setWordWrap(True)
        layout.addWidget(offer)
        self.use_passphrase = QCheckBox("Protect my data with a passphrase (recommended)")
        self.use_passphrase.setAccessibleName("Protect my data with a passphrase")
        self.use_passphrase.setChecked(True)
        layout.addWidget(self.use_passphrase)
        self.fields = PassphraseFields()
        layout.addWidget(self.fields)
        self.use_passphrase.toggled.connect(self.fields.setVisible)
        self.use_passphrase.toggled.connect(self._update_start_text)
        self.choice_hint = QLabel(messages.WELCOME_CHOOSE)
        self.choice_hint.setObjectName("errorText")
        self.choice_hint.setWordWrap(True)
        self.choice_hint.setAccessibleName("Message")
        self.choice_hint.hide()
        layout.addWidget(self.choice_hint)

        if workspace:
            note = QLabel(messages.WORKSPACE_WELCOME)
            note.setWordWrap(True)
            layout.insertWidget(2, note)
        buttons = QDialogButtonBox()
        self.workspace_button: QPushButton | None = None
        if offer_workspace:
            # Quiet and last: a learner's way through is unchanged, and Enter never picks it.
            self.workspace_button = QPushButton(messages.WORKSPACE_OFFER)
            self.workspace_button.setObjectName("navQuiet")
            self.workspace_button.setAutoDefault(False)
            self.workspace_button.setDefault(False)
            self.workspace_button.setFlat(True)
            self.workspace_button.clicked.connect(self.choose_workspace)
        self.start_button = buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setAccessibleName("Start")
        self.start_button.setDefault(True)
        buttons.accepted.connect(self._on_accept)
        layout.addWidget(buttons)
        if self.workspace_button is not None:
            layout.addWidget(self.workspace_button, 0, Qt.AlignmentFlag.AlignLeft)
        from course.store.driver import encryption_available

        if not encryption_available():
            # Never offer what cannot be done here: say so, and start without one.
            offer.setText(messages.ENCRYPTION_UNAVAILABLE)
            self.use_passphrase.setChecked(False)
            self.use_passphrase.setEnabled(False)
            self.use_passphrase.setVisible(False)
        self._update_start_text(self.use_passphrase.isChecked())
        if self.use_passphrase.isChecked():
            self.fields.first.setFocus(Qt.FocusReason.OtherFocusReason)

    # A window's layout sets its minimum size from its items' minimum sizes, which for a
    # word-wrapped label is one short line: nothing makes the window as tall as its
    # wrapped text needs at the width it has (QMessageBox works around the same thing in
    # its updateSize). Under a bare X server, with no window manager to resize it, the
    # last lines were cut off. So: whenever the layout or the width changes, be at
    # least as tall as heightForWidth says.
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self._fit_height()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        needed = self.heightForWidth(self.width())
        if needed <= 0:
            return
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _update_start_text(self, with_passphrase: bool) -> None:
        text = "Set passphrase and start" if with_passphrase else "Start without a passphrase"
        self.start_button.setText(text)
        self.start_button.setAccessibleName(text)
        self.start_button.setDefault(True)
        self.choice_hint.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.explain_choice()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.focusWidget() is self.help_button
        ):
            # Enter on the help button is not a way to skip the passphrase either.
            self.explain_choice()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and not self._closing_for_good:
            event.ignore()
            self.explain_choice()
            return
        super().closeEvent(event)

    def explain_choice(self) -> None:
        """Escape or close: say how to go on, rather than go on without a passphrase."""
        if self.use_passphrase.isChecked():
            self.choice_hint.setText(messages.WELCOME_CHOOSE)
        else:
            self.choice_hint.setText(messages.WELCOME_CHOOSE_UNTICKED)
        self.choice_hint.show()
        target = self.use_passphrase if self.use_passphrase.isVisible() else self.start_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_link(self, _link: str) -> None:
        self._on_help()

    def _on_help(self) -> None:
        # The help lesson opens behind this dialog, so the dialog closes; a passphrase
        # already typed in full is still used, otherwise one can be set later in Settings.
        if not (self.use_passphrase.isChecked() and self.fields.is_valid()):
            self.use_passphrase.setChecked(False)
        self.accept()
        self.help_requested.emit()

    def choose_workspace(self) -> None:
        """A therapist's way in: close the welcome; the window opens the workspace profile,
        which offers its own passphrase."""
        self.workspace_chosen = True
        self.use_passphrase.setChecked(False)
        self.accept()

    def accept_without_passphrase(self) -> None:
        self.use_passphrase.setChecked(False)
        self.accept()

    def done(self, result: int) -> None:
        self._closing_for_good = True
        super().done(result)

    def _on_accept(self) -> None:
        if self.use_passphrase.isChecked() and not self.fields.validate():
            return
        self.accept()

    def passphrase(self) -> str | None:
        if not self.use_passphrase.isChecked():
            return None
        return self.fields.value()
