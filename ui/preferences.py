"""The learner's preferences: read from the store when it opens, applied to what they
govern, saved when changed, and shown in Settings (`ui.settings.SettingsDialog`, whose
`SettingsHost` this is).

Each preference lives where it acts: text size, theme and region in `Appearance`, the
check-in reminder in `CheckInReminder`, auto-lock and lock-on-hide in the privacy
controller. This object only reads, applies and saves them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject

from ui.check_in_reminder import SETTING_ON as SETTING_REMINDER
from ui.check_in_reminder import SETTING_TIME as SETTING_REMINDER_TIME
from ui.check_in_reminder import format_time, parse_time
from ui.progress import (
    SETTING_AUTO_LOCK,
    SETTING_LOCK_ON_HIDE,
    SETTING_REGION,
    SETTING_TEXT_SIZE,
    SETTING_THEME,
)

if TYPE_CHECKING:
    from ui.check_in_reminder import CheckInReminder
    from ui.main_window import MainWindow
    from ui.privacy_controller import PrivacyController
    from ui.progress import ProgressSnapshot
    from ui.settings import SettingsDialog


class Preferences(QObject):
    def __init__(
        self, window: MainWindow, reminder: CheckInReminder, privacy: PrivacyController
    ) -> None:
        super().__init__(window)
        self.window = window
        self.appearance = window.appearance
        self.life = window.session.store_life
        self.reminder = reminder
        self.privacy = privacy
        self.dialog: SettingsDialog | None = None
        self.life.opened.connect(self._apply_stored)
        privacy.passphrase_changed.connect(self._refresh_dialog)

    def _apply_stored(self, snapshot: ProgressSnapshot | None) -> None:
        values = snapshot.settings if snapshot is not None else self.life.settings()
        self.appearance.apply_settings(values)
        minutes = values.get(SETTING_AUTO_LOCK)
        if isinstance(minutes, int):
            self.privacy.set_auto_lock(minutes)
        self.privacy.lock_on_hide = values.get(SETTING_LOCK_ON_HIDE) is True
        self.reminder.set_schedule(
            values.get(SETTING_REMINDER) is True, parse_time(values.get(SETTING_REMINDER_TIME))
        )

    def _save(self, key: str, value: Any) -> None:
        problem = self.life.save_setting(key, value)
        if problem:
            self.window.show_notice(problem)

    # -- Settings -----------------------------------------------------------------------
    def show_settings(self) -> None:
        from ui.settings import SettingsDialog

        self.dialog = SettingsDialog(self, self.window)
        self.window.show_dialog(self.dialog)

    def _refresh_dialog(self) -> None:
        dialog = self.dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.refresh()

    # -- the SettingsHost -----------------------------------------------------------------
    def data_folder(self) -> Path:
        return self.window.paths.profile_dir

    def store_is_open(self) -> bool:
        return self.life.is_open

    def has_passphrase(self) -> bool:
        return self.life.encrypted

    def text_size(self) -> int:
        return self.appearance.text_size

    def set_text_size(self, points: int) -> None:
        self.appearance.apply_text_size(points)
        self._save(SETTING_TEXT_SIZE, self.appearance.text_size)

    def step_text_size(self, delta: int) -> None:
        self.set_text_size(self.appearance.text_size + delta)

    def theme_name(self) -> str:
        return self.appearance.theme

    def set_theme(self, name: str) -> None:
        self.appearance.apply_theme(name)
        self._save(SETTING_THEME, name)

    def region(self) -> str:
        """The learner's region code for crisis lines, or ALL_REGIONS (course.regions)."""
        return self.appearance.region

    def set_region(self, code: str) -> None:
        self.appearance.apply_region(code)
        self._save(SETTING_REGION, self.appearance.region)

    def check_in_reminder(self) -> tuple[bool, dt.time]:
        return self.reminder.on, self.reminder.at

    def set_check_in_reminder(self, on: bool, at: dt.time) -> None:
        self.reminder.set_schedule(on, at)
        self._save(SETTING_REMINDER, bool(on))
        self._save(SETTING_REMINDER_TIME, format_time(at))

    def review_daily_limit(self) -> int:
        """How many review questions a day at most (a store setting; 10 until changed)."""
        from course.store.review import DEFAULT_DAILY_LIMIT

        store = self.life.store
        if store is None or store.closed:
            return DEFAULT_DAILY_LIMIT
        try:
            return store.review_daily_limit()
        except Exception:
            return DEFAULT_DAILY_LIMIT

    def set_review_daily_limit(self, limit: int) -> None:
        from course.store.review import DAILY_LIMIT_SETTING

        self._save(DAILY_LIMIT_SETTING, max(1, int(limit)))
        self.window.page("home").shown()  # "Review (n due)" follows the new limit

    def auto_lock_minutes(self) -> int:
        return self.privacy.auto_lock

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self.privacy.set_auto_lock(minutes)
        self._save(SETTING_AUTO_LOCK, self.privacy.auto_lock)

    def lock_on_hide(self) -> bool:
        return self.privacy.lock_on_hide

    def set_lock_on_hide(self, on: bool) -> None:
        self.privacy.lock_on_hide = bool(on)
        self._save(SETTING_LOCK_ON_HIDE, bool(on))

    def change_passphrase(self, current: str | None, new: str | None) -> None:
        self.privacy.change_passphrase(current, new)

    def export_data(self) -> None:
        self.privacy.export_data()

    def delete_all_data(self) -> None:
        self.privacy.delete_all_data()
