"""The daily check-in reminder: off by default, once a day when on, never over the cover or
the lock, driven by a fake clock (the test calls check() instead of waiting for the timer)."""

from __future__ import annotations

import datetime as dt

import pytest
from app_window import prepare_store, start, visible_dialogs
from PySide6.QtCore import Qt, QTime
from store_helpers import FakeClock

from course.feelings import Pick
from ui.check_in_reminder import (
    SETTING_ON,
    SETTING_TIME,
    TEXT,
    TICK_MS,
    parse_time,
    reminder_due,
)
from ui.main_window import MainWindow

TODAY = dt.date.today()


def at(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@pytest.fixture
def window(qtbot, data_paths) -> MainWindow:
    prepare_store(data_paths)
    return start(qtbot, data_paths)


def test_off_by_default(window) -> None:
    window.reminder.clock = FakeClock(at(23, 59))
    assert window.preferences.check_in_reminder() == (False, dt.time(19, 0))
    assert not window.reminder.timer.isActive()
    assert not window.reminder.check()
    assert window.reminder_bar.isHidden()


def test_turned_on_in_settings_by_keyboard_and_stored(qtbot, window) -> None:
    window.commands["settings"].trigger()
    dialog = window.preferences.dialog
    assert not dialog.reminder.isChecked() and not dialog.reminder_time.isEnabled()
    dialog.reminder.setFocus()
    qtbot.keyClick(dialog.reminder, Qt.Key.Key_Space)
    assert dialog.reminder.isChecked() and dialog.reminder_time.isEnabled()
    dialog.reminder_time.setTime(QTime(9, 30))
    assert window.store.get_setting(SETTING_ON) is True
    assert window.store.get_setting(SETTING_TIME) == "09:30"
    assert window.preferences.check_in_reminder() == (True, dt.time(9, 30))
    assert window.reminder.timer.isActive() and window.reminder.timer.interval() == TICK_MS
    qtbot.keyClick(dialog.reminder, Qt.Key.Key_Space)
    assert window.store.get_setting(SETTING_ON) is False
    assert not window.reminder.timer.isActive()
    dialog.reject()


def test_shows_once_a_day_from_the_chosen_time(window) -> None:
    clock = FakeClock(at(8, 59))
    window.reminder.clock = clock
    window.preferences.set_check_in_reminder(True, dt.time(9, 0))
    assert not window.reminder.check() and window.reminder_bar.isHidden()
    clock.now = at(9, 0)
    assert window.reminder.check()
    bar = window.reminder_bar
    assert bar.isVisible() and bar.label.text() == TEXT
    assert visible_dialogs() == []  # a quiet bar in the window, never a dialog
    bar.not_now_button.click()
    assert bar.isHidden()
    clock.now = at(21, 0)
    assert not window.reminder.check() and bar.isHidden()  # once a day is enough
    clock.now = at(9, 5, TODAY + dt.timedelta(days=1))
    assert window.reminder.check() and bar.isVisible()


def test_not_on_a_day_with_a_check_in(window) -> None:
    window.reminder.clock = FakeClock(at(23, 58))
    window.preferences.set_check_in_reminder(True, dt.time(0, 0))
    window.store.add_check_in([Pick("calm", "calm", 2)])
    assert not window.reminder.check()
    assert window.reminder_bar.isHidden()


def test_never_over_the_cover_or_the_unlock_page(window) -> None:
    window.reminder.clock = FakeClock(at(20, 0))
    window.preferences.set_check_in_reminder(True, dt.time(19, 0))
    window.privacy.cover_window()
    assert not window.reminder.check() and window.reminder_bar.isHidden()
    window.privacy.uncover()
    window.privacy._show_unlock("Locked.")
    assert not window.reminder.check() and window.reminder_bar.isHidden()
    window.show_main_page()
    assert window.reminder.check()  # it waited, and shows once it may
    window.privacy.cover_window()
    assert window.privacy.quick_hide.cover.isVisible()  # the cover is over everything, bar included
    window.privacy.uncover()


def test_check_in_button_opens_the_check_in(window, monkeypatch) -> None:
    import ui.check_in

    opened = []
    monkeypatch.setattr(ui.check_in, "run_check_in", lambda host: opened.append(host))
    window.reminder.clock = FakeClock(at(20, 0))
    window.preferences.set_check_in_reminder(True, dt.time(19, 0))
    assert window.reminder.check()
    window.reminder_bar.check_in_button.click()
    assert opened == [window] and window.reminder_bar.isHidden()


def test_a_check_in_made_another_way_puts_the_bar_away(window) -> None:
    window.reminder.clock = FakeClock(at(20, 0))
    window.preferences.set_check_in_reminder(True, dt.time(19, 0))
    assert window.reminder.check()
    window.session.check_in_saved.emit()
    assert window.reminder_bar.isHidden()


def test_escape_puts_the_bar_away(qtbot, window) -> None:
    window.reminder.clock = FakeClock(at(20, 0))
    window.preferences.set_check_in_reminder(True, dt.time(19, 0))
    assert window.reminder.check()
    qtbot.keyClick(window.reminder_bar.not_now_button, Qt.Key.Key_Escape)
    assert window.reminder_bar.isHidden()


def test_setting_read_when_the_store_opens(qtbot, data_paths) -> None:
    prepare_store(data_paths, **{SETTING_ON: True, SETTING_TIME: "07:15"})
    window = start(qtbot, data_paths)
    assert window.preferences.check_in_reminder() == (True, dt.time(7, 15))
    assert window.reminder.timer.isActive()


def test_words_and_times() -> None:
    assert parse_time("07:15") == dt.time(7, 15)
    for bad in (None, 7, "late", "25:00", ["07:15"]):
        assert parse_time(bad) == dt.time(19, 0)
    now = at(19, 0)
    assert reminder_due(now, dt.time(19, 0), None, False)
    assert not reminder_due(now, dt.time(19, 1), None, False)
    assert not reminder_due(now, dt.time(19, 0), TODAY, False)
    assert not reminder_due(now, dt.time(19, 0), None, True)
    lowered = TEXT.lower()
    for word in ("missed", "forgot", "streak", "should", "haven't", "again"):
        assert word not in lowered


def test_locking_puts_the_bar_away(qtbot, data_paths) -> None:
    prepare_store(data_paths, passphrase="a long passphrase")
    window = start(qtbot, data_paths, passphrase="a long passphrase")
    window.reminder.clock = FakeClock(at(20, 0))
    window.preferences.set_check_in_reminder(True, dt.time(19, 0))
    assert window.reminder.check() and window.reminder_bar.isVisible()
    window.privacy.lock()
    qtbot.waitUntil(lambda: window.top.currentWidget() is not window.main_page)
    assert window.reminder_bar.isHidden() and not window.reminder.timer.isActive()
    assert not window.reminder.check()
