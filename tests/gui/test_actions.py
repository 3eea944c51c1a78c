"""The window's actions and menus come from one table (ui/actions.py)."""

from __future__ import annotations

import itertools

from app_window import TIMEOUT, prepare_store, start
from PySide6.QtWidgets import QMenu

from ui.actions import COMMANDS, MENUS


def _menus(window) -> dict[str, QMenu]:
    # Found as children, not through QAction.menu() (see test_app's shortcuts test).
    return {m.title(): m for m in window.menuBar().findChildren(QMenu) if m.title() in MENUS}


def test_every_row_is_in_its_menu_in_order_with_separators_between_sections(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    menus = _menus(window)
    assert [a.text() for a in window.menuBar().actions()] == list(MENUS)
    for title, menu in menus.items():
        rows = [row for row in COMMANDS if row.menu == title]
        shown = [a for a in menu.actions() if a in {window.commands[r.name] for r in rows}]
        assert shown == [window.commands[r.name] for r in rows]  # the table's order
        actions = menu.actions()
        for before, after in itertools.pairwise(rows):
            first = actions.index(window.commands[before.name]) + 1
            between = actions[first : actions.index(window.commands[after.name])]
            has_separator = any(a.isSeparator() for a in between)
            assert has_separator == (before.section != after.section), (before.name, after.name)
    # Page actions lead the View menu, one per page in the navigation.
    view = menus["&View"].actions()
    pages = list(window.commands.page_actions.values())
    assert view[: len(pages)] == pages


def test_locking_turns_off_the_rows_that_show_the_learners_data(qtbot, data_paths):
    prepare_store(data_paths, passphrase="long enough words")
    window = start(qtbot, data_paths, passphrase="long enough words")
    assert all(action.isEnabled() for action in window.commands)
    with qtbot.waitSignal(window.locked, timeout=TIMEOUT):
        window.privacy.lock()
    for row in COMMANDS:
        if row.name != "lock":  # with the store closed there is nothing to lock
            assert window.commands[row.name].isEnabled() != row.off_while_locked, row.name
    assert not any(a.isEnabled() for a in window.commands.page_actions.values())
    assert not window.commands.search_field.isEnabled()
