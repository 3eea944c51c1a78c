"""The feelings picker, driven by keyboard alone and by mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from course.feelings import Pick, shipped_vocabulary
from ui.feelings_picker import FeelingsPicker


@pytest.fixture
def picker(qtbot):
    widget = FeelingsPicker(shipped_vocabulary(), max_picks=3)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.search.setFocus()
    return widget


def focus(picker):
    return picker.focusWidget()


def test_tab_order_is_search_families_words(picker, qtbot):
    assert focus(picker) is picker.search
    qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
    assert focus(picker) is picker.families
    qtbot.keyClick(picker.families, Qt.Key.Key_Tab)
    assert focus(picker) is picker.words


def test_pick_by_keyboard_from_a_family(picker, qtbot):
    qtbot.keyClick(picker.search, Qt.Key.Key_Tab)  # to the families: Hurt is first
    qtbot.keyClick(picker.families, Qt.Key.Key_Down)  # Afraid
    assert picker.families.currentItem().text() == "Afraid"
    qtbot.keyClick(picker.families, Qt.Key.Key_Tab)
    words = picker.words
    assert words.currentItem().text() == "uneasy"
    # The meaning of the word in focus is shown and read out.
    assert "not right" in picker.meaning.text()
    assert "not right" in words.currentItem().data(Qt.ItemDataRole.AccessibleDescriptionRole)
    qtbot.keyClick(words, Qt.Key.Key_Down)
    qtbot.keyClick(words, Qt.Key.Key_Space)
    qtbot.keyClick(words, Qt.Key.Key_Down)
    qtbot.keyClick(words, Qt.Key.Key_Return)
    assert picker.picks() == [Pick("nervous", "afraid", 3), Pick("afraid", "afraid", 3)]
    # Enter again takes it off; the box shows it.
    qtbot.keyClick(words, Qt.Key.Key_Return)
    assert [p.word for p in picker.picks()] == ["nervous"]
    assert words.currentItem().checkState() == Qt.CheckState.Unchecked


def test_search_then_down_then_space_picks_and_intensity_is_set_by_keys(picker, qtbot):
    qtbot.keyClicks(picker.search, "betray")
    assert [picker.words.item(i).text() for i in range(picker.words.count())] == ["betrayed"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert focus(picker) is picker.words
    qtbot.keyClick(picker.words, Qt.Key.Key_Space)
    row = picker._rows["betrayed"]
    # Tab on to the intensity box of the picked feeling, and raise it to 5.
    qtbot.keyClick(picker.words, Qt.Key.Key_Tab)
    assert row.intensity.hasFocus()
    for _ in range(3):
        qtbot.keyClick(row.intensity, Qt.Key.Key_Up)
    assert picker.picks() == [Pick("betrayed", "hurt", 5)]
    assert row.strength.text() == "very strong"
    # The remove button is next, and Space on it takes the feeling off.
    qtbot.keyClick(row.intensity, Qt.Key.Key_Tab)
    assert focus(picker) is row.remove_button
    qtbot.keyClick(row.remove_button, Qt.Key.Key_Space)
    assert picker.picks() == []
    assert picker.status.text() == "No feelings picked yet."


def test_at_most_max_picks_with_a_plain_reason(picker, qtbot):
    picker.families.setCurrentRow(0)
    words = picker.words
    words.setFocus()
    for _ in range(4):
        qtbot.keyClick(words, Qt.Key.Key_Space)
        qtbot.keyClick(words, Qt.Key.Key_Down)
    assert len(picker.picks()) == 3
    assert picker.status.text() == "You have picked 3. Take one off to pick another."
    assert words.item(3).checkState() == Qt.CheckState.Unchecked


def test_no_match_says_so_kindly(picker, qtbot):
    qtbot.keyClicks(picker.search, "zzzz")
    assert picker.words.count() == 0
    assert "No feeling word matches “zzzz”" in picker.meaning.text()


def test_a_double_click_on_a_word_picks_it_and_another_takes_it_off(picker, qtbot):
    item = picker.words.item(1)
    centre = picker.words.visualItemRect(item).center()
    viewport = picker.words.viewport()

    def double_click():  # as a mouse sends it: a click, then the double-click
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)

    double_click()
    assert picker.is_picked(item.text())
    assert item.checkState() == Qt.CheckState.Checked
    double_click()
    assert not picker.is_picked(item.text())


def test_set_picks_round_trips_and_ignores_unknown_words(picker):
    picker.set_picks([Pick("lonely", "lonely", 2), Pick("nonsense", "x", 4)])
    assert picker.picks() == [Pick("lonely", "lonely", 2)]


def test_inside_a_dialog_enter_on_a_word_does_not_press_ok(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    picker = FeelingsPicker(shipped_vocabulary(), parent=dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, parent=dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("How are you right now?"))
    layout.addWidget(picker)
    layout.addWidget(buttons)
    dialog.show()
    qtbot.waitExposed(dialog)
    picker.words.setFocus()
    qtbot.keyClick(picker.words, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert len(picker.picks()) == 1
    dialog.reject()
