"""Insights: the figures from plain values, the page in the window, a check-in from it."""

from __future__ import annotations

import datetime as dt
import random

from app_window import prepare_store, start
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from course.feelings import Pick, shipped_vocabulary
from course.store import CheckIn
from ui.check_in import CheckInDialog
from ui.insights import EMPTY, InsightsView, insights_from

TODAY = dt.date(2026, 12, 4)


def two_years_of_check_ins(count: int = 730) -> list[CheckIn]:
    rng = random.Random(7)
    families = [f for f in shipped_vocabulary().families]
    start = dt.datetime(2024, 12, 5, 19, 0, tzinfo=dt.UTC)
    result = []
    for n in range(count):
        chosen = rng.sample(families, 2)
        picks = tuple(
            Pick(shipped_vocabulary().in_family(f.id)[0].word, f.id, rng.randint(1, 5))
            for f in chosen
        )
        at = start + dt.timedelta(days=n)
        result.append(CheckIn(n, at, at, picks))
    return result


def test_no_check_ins_yet_shows_a_kind_empty_page(qtbot):
    data = insights_from([], [], None, shipped_vocabulary(), TODAY)
    assert data.empty
    assert data.practice == "Check-ins are here whenever you want them."
    view = InsightsView()
    qtbot.addWidget(view)
    view.show_insights(data)
    assert view.empty_label.text() == EMPTY
    assert not view.families.isVisibleTo(view)


def test_two_years_of_check_ins_give_every_chart_and_its_table(qtbot):
    data = insights_from(two_years_of_check_ins(), [], None, shipped_vocabulary(), TODAY)
    assert len(data.weeks) == 104
    assert data.practice == "You checked in on 14 days of the last 14."
    assert data.differentiation is not None and 0 <= data.differentiation.differentiation <= 1
    view = InsightsView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.show_insights(data)
    card = view.families
    assert card.chart.isVisibleTo(view) and "Picked most often" in card.summary.text()
    # The table holds the same numbers: one row per week, a column per family.
    card.toggle.click()
    assert card.showing_table() and card.toggle.text() == "Show as a chart"
    assert card.table.rowCount() == 104
    assert card.table.columnCount() == 1 + len(data.families)
    first_family = data.families[0]
    column = [card.table.item(row, 1).text() for row in range(104)]
    assert column == [("" if v is None else f"{v:g}") for v in first_family.values]
    assert "0 (they always moved together)" in view.differentiation_figure.text()
    # Which line is which is said in words, not only by colour.
    legend = view.intensity.legend.text()
    assert "solid line:</span> Hard feelings" in legend and "dashed line:</span> Good" in legend
    assert not view.families.legend.isVisibleTo(view)  # one row per family: no legend


def test_differentiation_waits_for_enough_check_ins_and_says_how_many(qtbot):
    data = insights_from(two_years_of_check_ins(3), [], None, shipped_vocabulary(), TODAY)
    view = InsightsView()
    qtbot.addWidget(view)
    view.show_insights(data)
    assert data.differentiation is None
    assert "So far: " in view.differentiation_figure.text()


def test_check_in_from_the_insights_page(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    page = next(p for p in window.page_list if p.key == "insights")
    qtbot.waitUntil(lambda: page.is_made and page.view.isVisible())
    assert page.view.empty_label.isVisible()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CheckInDialog):  # never leave a modal open: it would hang
            if dialog is not None:
                dialog.close()
            raise AssertionError(f"expected the check-in dialog, found {dialog!r}")
        qtbot.keyClicks(dialog.picker.search, "relieved")
        qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.picker.words, Qt.Key.Key_Space)
        # (Ctrl+Enter is tested in test_check_in; a dialog run by exec() here may not be
        # the active window offscreen, so the save button is pressed directly.)
        dialog.save_button.click()

    QTimer.singleShot(0, answer)
    page.view.check_in_button.click()
    check_ins = window.session.store.check_ins()
    assert [p.word for c in check_ins for p in c.picks] == ["relieved"]
    assert not page.view.empty_label.isVisible()
    assert page.view.practice_label.text() == "You checked in on 1 day of the last 14."


def test_check_in_from_home_and_the_view_menu(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    home = next(p for p in window.page_list if p.key == "home")
    assert window.commands["check_in"].shortcut().toString() == "Ctrl+Shift+I"
    assert window.commands["check_in"] in window.menuBar().actions()[1].menu().actions()

    def answer(word: str) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CheckInDialog):
            if dialog is not None:
                dialog.close()
            raise AssertionError(f"expected the check-in dialog, found {dialog!r}")
        qtbot.keyClicks(dialog.picker.search, word)
        qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.picker.words, Qt.Key.Key_Space)
        dialog.save_button.click()

    QTimer.singleShot(0, lambda: answer("tense"))
    home.page.check_in_button.click()
    QTimer.singleShot(0, lambda: answer("hopeful"))
    window.commands["check_in"].trigger()
    words = [p.word for c in window.session.store.check_ins() for p in c.picks]
    assert words == ["tense", "hopeful"]


def test_a_long_chart_title_wraps_instead_of_widening_the_page(qtbot):
    """A rating chart is titled with its prompt, a whole sentence; at the default window
    size the Insights page must not need a sideways scroll bar to show it."""
    from ui.charts import ChartCard, LineChart

    prompt = (
        "On a scale from 0 to 10, how able did you feel today to stay in the room when "
        "your partner spoke about what the discovery did to them, without leaving, "
        "arguing or going quiet?"
    )
    card = ChartCard(prompt, LineChart(), "rating")
    qtbot.addWidget(card)
    assert card.minimumSizeHint().width() < 400
    assert card.title.heightForWidth(300) > card.title.heightForWidth(2000)
