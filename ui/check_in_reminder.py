"""A gentle daily check-in reminder while the window is open: off unless the learner turns it on.

Once a day, from the chosen time on, if there has been no check-in that day, a quiet bar
at the top of the page offers "Check in" or "Not now". No sound, no system notification,
no dialog, and nothing about missed days. It never shows over the quick-hide cover or
the unlock page: while either is up, it waits and looks again on the next tick.

The clock and the checks are passed in, so tests drive it with a fake clock and call
`check()` themselves instead of waiting for the timer.

Signals: check_in_requested() when the learner presses "Check in" on the bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

SETTING_ON = "check_in_reminder"
SETTING_TIME = "check_in_reminder_time"
DEFAULT_TIME = dt.time(19, 0)
#: How often the reminder looks at the clock. A minute late is still gentle.
TICK_MS = 60_000

TEXT = "If you'd like a moment: how are you right now?"
CHECK_IN = "Check in"
NOT_NOW = "Not now"


def parse_time(value: object) -> dt.time:
    """The stored "HH:MM", or the default for anything else (a hand-edited or old value)."""
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value).replace(second=0, microsecond=0, tzinfo=None)
        except ValueError:
            pass
    return DEFAULT_TIME


def format_time(at: dt.time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def reminder_due(
    now: dt.datetime, at: dt.time, shown_on: dt.date | None, checked_in_today: bool
) -> bool:
    """True when the day's reminder should show now: the time has come, it has not
    shown today, and there has been no check-in today."""
    return now.time() >= at and shown_on != now.date() and not checked_in_today


class ReminderBar(QFrame):
    """The quiet bar: one sentence and two buttons. Escape or "Not now" puts it away."""

    check_in = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBar")
        self.setAccessibleName("Check-in reminder")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(TEXT)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.check_in_button = QPushButton(CHECK_IN)
        self.not_now_button = QPushButton(NOT_NOW)
        for button in (self.check_in_button, self.not_now_button):
            button.setAutoDefault(False)
            layout.addWidget(button)
        self.check_in_button.clicked.connect(self._check_in)
        self.not_now_button.clicked.connect(self.hide)
        self.hide()

    def _check_in(self) -> None:
        self.hide()
        self.check_in.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


class CheckInReminder(QObject):
    """Looks at the clock every minute while on; shows `bar` once a day when due.

    `blocked()` is true while the window must not show it (covered, locked, no store);
    `checked_in_on(day)` tells whether there was a check-in on that local day.
    """

    check_in_requested = Signal()

    def __init__(
        self,
        bar: ReminderBar,
        blocked: Callable[[], bool],
        checked_in_on: Callable[[dt.date], bool],
        *,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bar = bar
        self.clock = clock
        self._blocked = blocked
        self._checked_in_on = checked_in_on
        self.on = False
        self.at = DEFAULT_TIME
        self.shown_on: dt.date | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        bar.check_in.connect(self.check_in_requested)

    def set_schedule(self, on: bool, at: dt.time) -> None:
        self.on = bool(on)
        self.at = at
        if self.on:
            self.timer.start()
        else:
            self.timer.stop()
            self.bar.hide()

    def stop(self) -> None:
        """The window locked or is closing: put the bar away and stop looking."""
        self.timer.stop()
        self.bar.hide()

    def check(self) -> bool:
        """Show the bar if it is due now; True when it was shown."""
        if not self.on or self._blocked():
            return False
        now = self.clock()
        if now.time() < self.at or self.shown_on == now.date():
            return False  # no store read until the time has come
        checked_in = self._checked_in_on(now.date())
        if not reminder_due(now, self.at, self.shown_on, checked_in):
            if checked_in:
                self.shown_on = now.date()  # nothing more to do today
            return False
        self.shown_on = now.date()
        self.bar.show()
        return True


def checked_in_on(store: object, day: dt.date) -> bool:
    """Whether `store` holds a check-in (from Home or the menu) on local `day`.

    True also when it cannot tell (no store, or reading failed): a reminder is never
    worth an error message.
    """
    from course.store.errors import StoreError

    check_ins = getattr(store, "check_ins", None)
    if check_ins is None:
        return True
    start = dt.datetime.combine(day, dt.time.min).astimezone()  # local midnight, aware
    try:
        found = check_ins(start, include_lessons=False)
    except StoreError:
        return True
    return any(c.recorded_at.astimezone().date() == day for c in found)


def in_window(window: Any) -> CheckInReminder:
    """The reminder in the main window: its bar above the page, never over the quick-hide
    cover or the unlock page, nor without a store; it stops when the store closes."""

    def blocked() -> bool:
        return (
            window.store is None
            or window.privacy.is_covered()
            or window.top.currentWidget() is not window.area
        )

    reminder = CheckInReminder(
        window.reminder_bar, blocked, lambda day: checked_in_on(window.store, day), parent=window
    )
    reminder.check_in_requested.connect(window.check_in)
    window.session.check_in_saved.connect(window.reminder_bar.hide)  # done another way
    window.session.store_life.closed.connect(reminder.stop)
    return reminder
