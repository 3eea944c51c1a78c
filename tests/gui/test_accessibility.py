"""Every interactive widget has an accessible name (walking the whole widget tree), focus is
always visible, and every action has a keyboard route."""

from __future__ import annotations

import pytest
from app_window import TIMEOUT
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from course.model import Finding, Severity
from course.paths import DataPaths
from course.store.api import open_store
from ui import theme
from ui.app import build_window
from ui.first_run import FirstRunDialog
from ui.library import FindingsDialog
from ui.main_window import MainWindow
from ui.progress import SETTING_FIRST_RUN
from ui.settings import DeleteConfirmDialog, PassphraseDialog, SettingsDialog

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractSlider,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)
# Parts Qt builds inside a composite widget, named through their owner.
COMPOSITES = (QAbstractSpinBox, QComboBox, QTabBar, QScrollBar, QAbstractItemView, QLineEdit)


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return (name or widget.accessibleName()).strip()


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        if widget.objectName().startswith("qt_"):
            continue
        parent = widget.parentWidget()
        inside_composite = False
        while parent is not None and parent is not root:
            if isinstance(parent, COMPOSITES):
                inside_composite = True
                break
            parent = parent.parentWidget()
        if inside_composite:
            continue
        if not accessible_name(widget):
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in "
                f"{type(widget.parentWidget()).__name__}"
            )
    return missing


@pytest.fixture
def window(qtbot, data_paths: DataPaths) -> MainWindow:
    store = open_store(data_paths, backup_at_open=False)
    store.set_setting(SETTING_FIRST_RUN, True)
    store.close()
    w = build_window(data_paths)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=TIMEOUT):
        w.show()
    return w


def test_every_page_of_the_window_names_its_controls(qtbot, window):
    seen: list[str] = []
    window.show_home()
    seen += unnamed(window)
    window.show_library()
    seen += unnamed(window)
    window.show_journal()
    seen += unnamed(window)
    lesson = window.course.lesson("shame-and-guilt")
    window.open_lesson(lesson.id)
    view = window.lesson_page
    if view.showing_content_note():
        seen += unnamed(window)
        view.accept_content_note()
    for _ in range(len(lesson.steps)):
        seen += unnamed(window)
        view.go_next()
    window.privacy.cover_window()
    seen += unnamed(window)
    window.privacy.uncover()
    window.top.setCurrentWidget(window.unlock_page)
    seen += unnamed(window)
    window.top.setCurrentWidget(window.main_page)
    assert sorted(set(seen)) == []


def test_navigation_is_named_and_walked_in_order_by_tab(qtbot, window):
    nav = window.navigation
    assert unnamed(nav) == []
    names = [button.accessibleName() for button in nav.buttons.values()]
    assert names[:3] == ["Home", "Library", "Journal"]
    assert {"Settings", "Hide window", "Reading mode"} <= set(names)
    # Each lesson says its status in words; each module its progress.
    model = window.outline_model
    module = model.index(0, 0)
    assert "lessons done" in module.data(Qt.ItemDataRole.AccessibleTextRole)
    lesson = model.index(0, 0, module)
    assert "not started" in lesson.data(Qt.ItemDataRole.AccessibleTextRole)
    # Tab walks the side in reading order: page buttons, the outline, then the quiet actions.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    nav.buttons["Home"].setFocus()
    order: list[QWidget] = []
    pages = [nav.button_for(action) for action in window.commands.page_actions.values()]
    for _ in range(len(pages) + 5):
        widget = QApplication.focusWidget()
        assert widget is not None
        order.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    expected = [*pages, window.outline]
    assert order[: len(expected)] == expected
    assert nav.buttons["Reading mode"] in order


def test_every_dialog_names_its_controls(qtbot, window):
    dialogs: list[QDialog] = [
        SettingsDialog(window.preferences, window),
        FirstRunDialog(window),
        PassphraseDialog("set", window),
        PassphraseDialog("change", window),
        PassphraseDialog("remove", window),
        DeleteConfirmDialog(window),
        FindingsDialog("Problems", [Finding("course.yaml", 3, Severity.ERROR, "x")], window),
    ]
    missing = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        missing += unnamed(dialog)
    assert missing == []


def test_focus_is_always_drawn(qtbot):
    for name in ("light", "dark", "high-contrast"):
        sheet = theme.style_sheet(name)
        assert "@" not in sheet  # every colour placeholder was filled in
        assert "QPushButton:focus" in sheet


def test_every_action_has_a_shortcut_or_a_menu(window):
    in_menus = {
        a for menu_action in window.menuBar().actions() for a in menu_action.menu().actions()
    }
    for action in window.actions():
        assert action in in_menus or not action.shortcut().isEmpty(), action.text()
    assert not window.commands["hide"].shortcut().isEmpty()
    assert not window.commands["bigger"].shortcut().isEmpty()
