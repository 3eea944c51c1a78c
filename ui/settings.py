"""Settings: Comfort (text size, theme, region, a daily check-in reminder) and Privacy
(data folder, passphrase, auto-lock, export, delete), plus the small passphrase and
delete-confirmation dialogs.

The dialog holds no state of its own: it reads and writes through a `SettingsHost`
(the main window), which saves to the store and runs slow work off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from course.regions import ALL_REGIONS, REGIONS
from course.wording import plural
from ui import messages, theme

MIN_PASSPHRASE = 6


class SettingsHost(Protocol):
    def data_folder(self) -> Path: ...
    def store_is_open(self) -> bool: ...
    def has_passphrase(self) -> bool: ...
    def text_size(self) -> int: ...
    def set_text_size(self, points: int) -> None: ...
    def theme_name(self) -> str: ...
    def set_theme(self, name: str) -> None: ...
    def auto_lock_minutes(self) -> int: ...
    def region(self) -> str: ...
    def set_region(self, code: str) -> None: ...
    def check_in_reminder(self) -> tuple[bool, dt.time]: ...
    def set_check_in_reminder(self, on: bool, at: dt.time) -> None: ...
    def set_auto_lock_minutes(self, minutes: int) -> None: ...
    def lock_on_hide(self) -> bool: ...
    def set_lock_on_hide(self, on: bool) -> None: ...
    def review_daily_limit(self) -> int: ...
    def set_review_daily_limit(self, limit: int) -> None: ...
    def change_passphrase(self, current: str | None, new: str | None) -> None: ...
    def export_data(self) -> None: ...
    def delete_all_data(self) -> None: ...


class PassphraseFields(QWidget):
    """New passphrase, typed twice, with the plain warning that it cannot be recovered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        warning = QLabel(messages.PASSPHRASE_WARNING)
        warning.setWordWrap(True)
        warning.setObjectName("errorText")
        layout.addWidget(warning)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("New passphrase again")
        form.addRow("New passphrase:", self.first)
        form.addRow("Type it again:", self.second)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Message")
        self.error.hide()
        layout.addWidget(self.error)

    def problem(self) -> str | None:
        if len(self.first.text()) < MIN_PASSPHRASE:
            return messages.PASSPHRASE_TOO_SHORT.format(n=MIN_PASSPHRASE)
        if self.first.text() != self.second.text():
            return messages.PASSPHRASE_MISMATCH
        return None

    def is_valid(self) -> bool:
        return self.problem() is None

    def validate(self) -> bool:
        problem = self.problem()
        self.error.setVisible(problem is not None)
        self.error.setText(problem or "")
        if problem:
            self.first.setFocus(Qt.FocusReason.OtherFocusReason)
        return problem is None

    def value(self) -> str:
        return self.first.text()


class PassphraseDialog(QDialog):
    """Set, change or remove the passphrase. `mode` is "set", "change" or "remove"."""

    def __init__(self, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        titles = {
            "set": "Set a passphrase",
            "change": "Change the passphrase",
            "remove": "Remove the passphrase",
        }
        self.setWindowTitle(titles[mode])
        layout = QVBoxLayout(self)
        self.current: QLineEdit | None = None
        if mode in ("change", "remove"):
            form = QFormLayout()
            self.current = QLineEdit()
            self.current.setEchoMode(QLineEdit.EchoMode.Password)
            self.current.setAccessibleName("Current passphrase")
            form.addRow("Current passphrase:", self.current)
            layout.addLayout(form)
        self.fields: PassphraseFields | None = None
        if mode in ("set", "change"):
            self.fields = PassphraseFields()
            layout.addWidget(self.fields)
        else:
            note = QLabel(
                "Without a passphrase, anyone who can open your files on this computer "
                "can read your reflections."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(titles[mode].split(" the ")[0].split(" a ")[0])
        ok.setAccessibleName(titles[mode])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_accept(self) -> None:
        if self.current is not None and not self.current.text():
            self.current.setFocus()
            return
        if self.fields is not None and not self.fields.validate():
            return
        self.accept()

    def current_value(self) -> str | None:
        return self.current.text() if self.current is not None else None

    def new_value(self) -> str | None:
        return self.fields.value() if self.fields is not None else None


class DeleteConfirmDialog(QDialog):
    """Delete all my data: only enabled once the confirmation word is typed exactly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete all my data")
        layout = QVBoxLayout(self)
        text = QLabel(messages.DELETE_EXPLAIN.format(word=messages.DELETE_CONFIRM_WORD))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.word = QLineEdit()
        self.word.setAccessibleName(f"Type {messages.DELETE_CONFIRM_WORD} to confirm")
        layout.addWidget(self.word)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.addButton(
            "Delete everything", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setAccessibleName("Delete everything")
        self.delete_button.setEnabled(False)
        self.delete_button.setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.delete_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.word.textChanged.connect(
            lambda t: self.delete_button.setEnabled(t.strip() == messages.DELETE_CONFIRM_WORD)
        )
        layout.addWidget(buttons)


class SettingsDialog(QDialog):
    """Settings with a Comfort page and a Privacy page.

    Signals: closed_for_action() is not needed; actions go straight to the host.
    """

    refreshed = Signal()

    def __init__(self, host: SettingsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle("Settings")
        self.setObjectName("settings")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings pages")
        self.tabs.addTab(self._comfort_page(), "Comfort")
        self.tabs.addTab(self._privacy_page(), "Privacy")
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close settings")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # --- pages -------------------------------------------------------------------------
    def _comfort_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.text_size = QSpinBox()
        self.text_size.setRange(theme.MIN_TEXT_SIZE, theme.MAX_TEXT_SIZE)
        self.text_size.setSuffix(" pt")
        self.text_size.setAccessibleName("Text size")
        self.text_size.setAccessibleDescription("Also Ctrl+= and Ctrl+- anywhere in the app")
        self.text_size.valueChanged.connect(self._on_text_size)
        form.addRow("Text size:", self.text_size)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for name in theme.THEMES:
            self.theme.addItem(theme.THEME_LABELS[name], name)
        self.theme.activated.connect(self._on_theme)
        form.addRow("Theme:", self.theme)
        self.region = QComboBox()
        self.region.setAccessibleName("Your region")
        self.region.setAccessibleDescription(
            "Which helplines the page on where to turn for help shows"
        )
        self.region.addItem("Show every region", ALL_REGIONS)
        for code, label in REGIONS.items():
            self.region.addItem(label, code)
        self.region.activated.connect(self._on_region)
        form.addRow("Your region:", self.region)
        self.review_limit = QSpinBox()
        self.review_limit.setRange(1, 50)
        self.review_limit.setAccessibleName("Review questions a day")
        self.review_limit.setAccessibleDescription(
            "At most this many questions come back in Review each day; the rest wait"
        )
        self.review_limit.valueChanged.connect(self._on_review_limit)
        form.addRow("Review at most:", self.review_limit)
        note = QLabel(
            "Chooses which helplines “When to reach out for help” shows. "
            "It stays on this computer, like everything else."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        form.addRow("", note)
        self.reminder = QCheckBox("Offer a check-in once a day, while Bridgework is open")
        self.reminder.setAccessibleName("Daily check-in reminder")
        self.reminder.setAccessibleDescription(
            "A quiet note at the top of the window, only on days without a check-in"
        )
        self.reminder.toggled.connect(self._on_reminder)
        form.addRow("Check-in reminder:", self.reminder)
        self.reminder_time = QTimeEdit()
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setAccessibleName("Reminder time")
        self.reminder_time.timeChanged.connect(self._on_reminder)
        form.addRow("At:", self.reminder_time)
        reminder_note = QLabel(
            "No sound and no pop-up: a short note with a Check in button, which you can "
            "put away with Not now. It never shows while the window is hidden or locked."
        )
        reminder_note.setObjectName("muted")
        reminder_note.setWordWrap(True)
        form.addRow("", reminder_note)
        return page

    def _privacy_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(10)

        heading = QLabel("Where your data is")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        folder_row = QHBoxLayout()
        self.folder = QLabel("")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setAccessibleName("Data folder")
        folder_row.addWidget(self.folder, 1)
        self.open_folder = QPushButton("Open folder")
        self.open_folder.setAccessibleName("Open the data folder")
        self.open_folder.clicked.connect(self._on_open_folder)
        folder_row.addWidget(self.open_folder)
        layout.addLayout(folder_row)
        note = QLabel("Everything stays on this computer. Nothing is sent anywhere.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        heading = QLabel("Passphrase")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        self.passphrase_state = QLabel("")
        self.passphrase_state.setWordWrap(True)
        layout.addWidget(self.passphrase_state)
        warning = QLabel(messages.PASSPHRASE_WARNING)
        warning.setWordWrap(True)
        warning.setObjectName("muted")
        layout.addWidget(warning)
        row = QHBoxLayout()
        self.set_button = QPushButton("Set a passphrase…")
        self.set_button.setAccessibleName("Set a passphrase")
        self.set_button.clicked.connect(lambda: self._passphrase("set"))
        self.change_button = QPushButton("Change passphrase…")
        self.change_button.setAccessibleName("Change passphrase")
        self.change_button.clicked.connect(lambda: self._passphrase("change"))
        self.remove_button = QPushButton("Remove passphrase…")
        self.remove_button.setAccessibleName("Remove passphrase")
        self.remove_button.clicked.connect(lambda: self._passphrase("remove"))
        for button in (self.set_button, self.change_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        form = QFormLayout()
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setSpecialValueText("Never")
        self.auto_lock.setAccessibleName("Lock after this many idle minutes")
        self.auto_lock.setAccessibleDescription("Only when a passphrase is set. Zero means never.")
        self.auto_lock.valueChanged.connect(self._on_auto_lock)
        form.addRow("Lock when idle for:", self.auto_lock)
        self.lock_on_hide = QCheckBox("Lock as well when I hide the window (F12)")
        self.lock_on_hide.setAccessibleName("Lock when I hide the window")
        self.lock_on_hide.setAccessibleDescription(
            "Only when a passphrase is set. Then only your passphrase shows the window again."
        )
        self.lock_on_hide.toggled.connect(self.host.set_lock_on_hide)
        form.addRow("", self.lock_on_hide)
        layout.addLayout(form)

        heading = QLabel("Your data")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        row = QHBoxLayout()
        self.export_button = QPushButton("Export my data…")
        self.export_button.setAccessibleName("Export my data")
        self.export_button.clicked.connect(self.host.export_data)
        self.delete_button = QPushButton("Delete all my data…")
        self.delete_button.setAccessibleName("Delete all my data")
        self.delete_button.clicked.connect(self._on_delete)
        row.addWidget(self.export_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # --- behaviour -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the host's current values (after a change made elsewhere, too)."""
        self.text_size.blockSignals(True)
        self.text_size.setValue(self.host.text_size())
        self.text_size.blockSignals(False)
        index = self.theme.findData(self.host.theme_name())
        self.theme.setCurrentIndex(max(0, index))
        self.region.setCurrentIndex(max(0, self.region.findData(self.host.region())))
        on, at = self.host.check_in_reminder()
        for widget in (self.reminder, self.reminder_time):
            widget.blockSignals(True)
        self.reminder.setChecked(on)
        self.reminder_time.setTime(QTime(at.hour, at.minute))
        for widget in (self.reminder, self.reminder_time):
            widget.blockSignals(False)
        self.reminder_time.setEnabled(on)
        self.folder.setText(str(self.host.data_folder()))
        open_ = self.host.store_is_open()
        locked = self.host.has_passphrase()
        from course.store.driver import encryption_available

        can_encrypt = encryption_available()
        if locked:
            state = "Your data is protected with a passphrase."
        elif can_encrypt:
            state = "Your data is not protected with a passphrase."
        else:
            state = messages.ENCRYPTION_UNAVAILABLE
        self.passphrase_state.setText(state)
        self.set_button.setVisible(not locked)
        self.change_button.setVisible(locked)
        self.remove_button.setVisible(locked)
        for button in (self.set_button, self.change_button, self.remove_button, self.export_button):
            button.setEnabled(open_)
        self.set_button.setEnabled(open_ and can_encrypt)
        self.review_limit.blockSignals(True)
        self.review_limit.setValue(self.host.review_daily_limit())
        self._update_review_suffix(self.review_limit.value())
        self.review_limit.blockSignals(False)
        self.review_limit.setEnabled(open_)
        self.auto_lock.blockSignals(True)
        self.auto_lock.setValue(self.host.auto_lock_minutes())
        self.auto_lock.blockSignals(False)
        self._update_minutes_suffix(self.auto_lock.value())
        self.auto_lock.setEnabled(open_ and locked)
        self.lock_on_hide.blockSignals(True)
        self.lock_on_hide.setChecked(self.host.lock_on_hide())
        self.lock_on_hide.blockSignals(False)
        self.lock_on_hide.setEnabled(open_ and locked)
        self.refreshed.emit()

    def _on_text_size(self, value: int) -> None:
        self.host.set_text_size(value)

    def _on_theme(self, index: int) -> None:
        self.host.set_theme(str(self.theme.itemData(index)))

    def _on_region(self, index: int) -> None:
        self.host.set_region(str(self.region.itemData(index)))

    def _on_review_limit(self, value: int) -> None:
        self._update_review_suffix(value)
        self.host.set_review_daily_limit(value)

    def _update_review_suffix(self, value: int) -> None:
        self.review_limit.setSuffix(f" {plural(value, 'question')} a day")

    def _on_reminder(self) -> None:
        on = self.reminder.isChecked()
        self.reminder_time.setEnabled(on)
        time = self.reminder_time.time()
        self.host.set_check_in_reminder(on, dt.time(time.hour(), time.minute()))

    def _on_auto_lock(self, value: int) -> None:
        self._update_minutes_suffix(value)
        self.host.set_auto_lock_minutes(value)

    def _update_minutes_suffix(self, value: int) -> None:
        self.auto_lock.setSuffix(" " + plural(value, "minute"))

    def _on_open_folder(self) -> None:
        # A local folder in the system file manager: no network involved.
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.host.data_folder())))

    def _passphrase(self, mode: str) -> None:
        dialog = PassphraseDialog(mode, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.host.change_passphrase(dialog.current_value(), dialog.new_value())

    def _on_delete(self) -> None:
        dialog = DeleteConfirmDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.host.delete_all_data()
            self.refresh()
