"""The check-in dialog, by keyboard: pick, note, save; Escape; a failed save."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from course.feelings import Pick, shipped_vocabulary
from course.store import StoreUnavailable
from ui.check_in import CheckInDialog


@pytest.fixture
def saved():
    return []


@pytest.fixture
def dialog(qtbot, saved):
    d = CheckInDialog(shipped_vocabulary(), lambda picks, note: saved.append((picks, note)))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_a_check_in_by_keyboard_alone(dialog, qtbot, saved):
    assert dialog.picker.search.hasFocus()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.picker.search, "anxi")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.words, Qt.Key.Key_Space)
    # Enter on a word picks it and does not save the dialog.
    dialog.picker.search.setFocus()
    dialog.picker.search.clear()
    qtbot.keyClicks(dialog.picker.search, "hopeful")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.words, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.save_button.isEnabled()
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "Before the talk tonight")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert saved == [
        ([Pick("anxious", "afraid", 3), Pick("hopeful", "hopeful", 3)], "Before the talk tonight")
    ]


def test_tab_from_the_note_reaches_save(dialog, qtbot):
    dialog.picker.set_picks([Pick("calm", "calm", 2)])
    dialog.note.setFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert dialog.save_button.hasFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert not dialog.isVisible()


def test_escape_with_nothing_picked_just_closes(dialog, qtbot, saved):
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and saved == []


def test_escape_after_picking_asks_first_and_keeps_the_picks_on_cancel(dialog, qtbot, saved):
    dialog.picker.set_picks([Pick("lonely", "lonely", 4)])
    answers = []

    def answer(button):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answers.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.picker.picks() == [Pick("lonely", "lonely", 4)]
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and saved == []
    assert answers == ["What you picked and wrote here has not been saved yet."] * 2


def test_a_failed_save_says_why_and_keeps_everything(qtbot):
    def fail(picks, note):
        raise StoreUnavailable("your disk is full. Free some space, then try again.")

    d = CheckInDialog(shipped_vocabulary(), fail)
    qtbot.addWidget(d)
    d.show()
    d.picker.set_picks([Pick("calm", "calm", 2)])
    d.note.setPlainText("note")
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    assert d.isVisible()
    assert "could not be saved" in d.message.text() and "disk is full" in d.message.text()
    assert d.picker.picks() == [Pick("calm", "calm", 2)] and d.note.toPlainText() == "note"
    d.picker.set_picks([])
    d.note.clear()
    d.reject()
