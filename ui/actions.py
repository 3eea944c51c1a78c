"""The window's actions and menus, built from one table (`COMMANDS`).

A new menu action is one `Command` row: its words, what it runs (a function of the
window), its menu and section, its keys, and its group in Help > Keyboard shortcuts
(every action with keys must be in one; a test checks the sheet lists them all). The
page actions come first, one per page registered in `ui.pages.PAGES`.

Actions are added to the window itself, so their shortcuts work while the menu bar is
covered or a page has the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenuBar

from ui import messages, theme
from ui.privacy import QUICK_HIDE_KEYS

if TYPE_CHECKING:
    from ui.appearance import Appearance
    from ui.main_window import MainWindow
    from ui.pages.base import Page

Key = str | QKeySequence | QKeySequence.StandardKey

# The groups of Help > Keyboard shortcuts, in the order they are listed.
PRIVACY_AND_HELP = "Privacy and help"
MOVING_AROUND = "Moving around"
PRACTICE = "Practice"
TEXT_SIZE = "Text size"
COURSES_AND_APP = "Courses and the app"
SHEET_GROUPS = (PRIVACY_AND_HELP, MOVING_AROUND, PRACTICE, TEXT_SIZE, COURSES_AND_APP)

MENUS = ("&File", "&View", "&Privacy", "&Help")


@dataclass(frozen=True)
class Command:
    """One window action. `section`: a separator goes between sections of a menu."""

    name: str
    text: str
    run: Callable[[MainWindow], object]
    menu: str
    section: int = 0
    keys: tuple[Key, ...] = ()
    icon: str = ""
    tip: str = ""
    sheet: str = ""  # the group in Help > Keyboard shortcuts
    off_while_locked: bool = False  # it shows or moves the learner's data
    checkable: bool = False


COMMANDS: tuple[Command, ...] = (
    Command(
        "import", "&Import course…", lambda w: w.library_pages.import_course(), "&File", 0,
        ("Ctrl+O",), "import", sheet=COURSES_AND_APP, off_while_locked=True,
    ),
    Command(
        "worksheet", "Print &worksheet…", lambda w: w.lesson_pages.print_worksheet(),
        "&File", 0, ("Ctrl+P",), tip="Save the lesson's prompts and quiz, without answers, "
        "as a PDF to print", sheet=COURSES_AND_APP, off_while_locked=True,
    ),
    # Assignment actions go in between (see `Commands.add_to_file_menu`).
    Command(
        "export", "&Export my data…", lambda w: w.privacy.export_data(), "&File", 1,
        off_while_locked=True,
    ),
    Command(
        # Its privacy page exports, re-keys and deletes the data: off while locked too.
        "settings", "&Settings…", lambda w: w.preferences.show_settings(), "&File", 2,
        (QKeySequence.StandardKey.Preferences, "Ctrl+,"), "settings", "Settings",
        COURSES_AND_APP, off_while_locked=True,
    ),
    Command("quit", "&Quit", lambda w: w.close(), "&File", 3, ("Ctrl+Q",), sheet=COURSES_AND_APP),
    Command(
        "outline", "Go to &outline", lambda w: w.area.focus_outline(), "&View", 0, ("Ctrl+L",),
        "outline", "Move to the course outline (Ctrl+L)", MOVING_AROUND, off_while_locked=True,
    ),
    Command(
        "reading", "&Reading mode", lambda w: w.area.toggle_reading_mode(), "&View", 0, ("F11",),
        "outline", "Hide the navigation while you read (F11)", MOVING_AROUND, checkable=True,
    ),
    Command(
        "check_in", "&Check in…", lambda w: w.check_in(), "&View", 1, ("Ctrl+Shift+I",),
        "check-in", "How are you right now? (Ctrl+Shift+I)", PRACTICE,
    ),
    Command(
        "bigger", "&Larger text", lambda w: w.preferences.step_text_size(+1), "&View", 2,
        ("Ctrl+=", "Ctrl++"), sheet=TEXT_SIZE,
    ),
    Command(
        "smaller", "&Smaller text", lambda w: w.preferences.step_text_size(-1), "&View", 2,
        ("Ctrl+-",), sheet=TEXT_SIZE,
    ),
    Command(
        "reset_text", "&Normal text size",
        lambda w: w.preferences.set_text_size(theme.DEFAULT_TEXT_SIZE), "&View", 2, ("Ctrl+0",),
        sheet=TEXT_SIZE,
    ),
    Command(
        "hide", "&Hide window", lambda w: w.privacy.toggle_cover(), "&Privacy", 0, QUICK_HIDE_KEYS,
        "hide", "Cover the window at once (F12)", PRIVACY_AND_HELP,
    ),
    Command(
        "lock", "Lock &now", lambda w: w.privacy.lock(messages.LOCKED_NOW), "&Privacy", 0,
        ("Ctrl+Shift+L",), "lock", "Lock Bridgework now (needs your passphrase to open)",
        PRIVACY_AND_HELP,
    ),
    Command(
        "help", "Where to turn for &help", lambda w: w.lesson_pages.open_crisis_lesson(),
        "&Help", 0, ("F1",), "help", sheet=PRIVACY_AND_HELP, off_while_locked=True,
    ),
    Command(
        "keys", "&Keyboard shortcuts", lambda w: w.commands.show_shortcuts(), "&Help", 0,
        ("Ctrl+/",), sheet=PRIVACY_AND_HELP,
    ),
    Command("about", "&About Bridgework", lambda w: w.show_about(), "&Help", 0),
)  # fmt: skip

# The quiet actions at the bottom of the navigation, under the outline.
NAVIGATION_BOTTOM = ("reading", "settings", "hide")


def _show_page(key: str) -> Callable[[MainWindow], object]:
    return lambda window: window.show_page(key)


def sequences(keys: Iterable[Key]) -> list[QKeySequence]:
    """The keys as sequences: a platform's standard key where it has one, no repeats."""
    found: list[QKeySequence] = []
    for key in keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in found:
            found.append(sequence)
    return found


def page_keys(shortcut: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """A page's shortcut (none, one key, or several) as a tuple of keys."""
    if isinstance(shortcut, tuple):
        return shortcut
    return (shortcut,) if shortcut else ()


class Commands(QObject):
    """The window's actions (`commands[name]`, page actions by page key) and its menus.

    Attributes: `page_actions` (page key -> checkable action, in navigation order),
    `file_menu`, `theme_menu`, `search_field` (the menu bar's search box).
    """

    def __init__(self, window: MainWindow, pages: Iterable[Page], appearance: Appearance):
        super().__init__(window)
        self.window = window
        self.appearance = appearance
        self._by_name: dict[str, QAction] = {}
        self._rows: dict[str, Command] = {}
        self._listed: list[tuple[str, QAction]] = []  # made elsewhere, in the sheet too
        self.page_actions: dict[str, QAction] = {}
        self.page_group = QActionGroup(self)
        self.page_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for page in pages:
            if page.in_navigation:
                row = Command(
                    page.key,
                    page.title,
                    _show_page(page.key),
                    "&View",
                    keys=page_keys(page.shortcut),
                    icon=page.icon,
                    tip=page.tip,
                    sheet=MOVING_AROUND,
                    off_while_locked=True,
                    checkable=True,
                )
                action = self._add(row)
                self.page_actions[page.key] = action
                self.page_group.addAction(action)
        for row in COMMANDS:
            assert row.name not in self._by_name, f"two actions named {row.name!r}"
            self._add(row)
        self._build_menus(window.menuBar())

    # -- lookup ---------------------------------------------------------------------
    def __getitem__(self, name: str) -> QAction:
        return self._by_name[name]

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._by_name.values())

    def navigation_bottom(self) -> list[QAction]:
        return [self[name] for name in NAVIGATION_BOTTOM]

    # -- building -------------------------------------------------------------------
    def _add(self, row: Command) -> QAction:
        window = self.window
        action = QAction(row.text, window)
        if row.icon:
            action.setIcon(QIcon(theme.icon_path(row.icon)))
        keys = sequences(row.keys)
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if row.tip:
            action.setToolTip(row.tip)
            action.setStatusTip(row.tip)
        action.setCheckable(row.checkable)
        action.triggered.connect(lambda _=False, run=row.run: run(window))
        window.addAction(action)  # shortcuts work even while the menu bar is covered
        self._by_name[row.name] = action
        self._rows[row.name] = row
        return action

    def _build_menus(self, bar: QMenuBar) -> None:
        menus = {title: bar.addMenu(title) for title in MENUS}
        sections: dict[str, int] = {}
        for name, row in self._rows.items():
            menu = menus[row.menu]
            if row.menu in sections and sections[row.menu] != row.section:
                menu.addSeparator()
            sections[row.menu] = row.section
            menu.addAction(self[name])
        self.file_menu = menus["&File"]
        self.theme_menu = menus["&View"].addMenu("&Theme")
        for name in theme.THEMES:
            act = self.theme_menu.addAction(theme.THEME_LABELS[name])
            act.setCheckable(True)
            act.setData(name)
            act.setChecked(name == self.appearance.theme)
            act.triggered.connect(lambda _=False, n=name: self.window.preferences.set_theme(n))
        self.appearance.changed.connect(self._check_theme_action)
        # Typing here opens Search with the words so far; the search goes on there.
        field = QLineEdit()
        field.setObjectName("menuSearch")
        field.setMinimumWidth(200)
        field.setPlaceholderText("Search (Ctrl+K)")
        field.setAccessibleName("Search lessons and your own writing")
        field.setClearButtonEnabled(True)
        field.textEdited.connect(self._search)
        field.returnPressed.connect(lambda: self._search(field.text()))
        # In the menu bar's corner: always in sight, and the window needs no more room.
        bar.setCornerWidget(field, Qt.Corner.TopRightCorner)
        self.search_field = field

    def add_to_file_menu(self, actions: Iterable[QAction]) -> None:
        """More File menu actions (assignments and reports), above "Export my data"."""
        anchor = self["export"]
        for action in actions:
            self.file_menu.insertAction(anchor, action)
        self.file_menu.insertSeparator(anchor)

    # -- state ----------------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        """While locked, nothing that shows or moves the learner's data can be reached."""
        for name, row in self._rows.items():
            if row.off_while_locked:
                self[name].setEnabled(not locked)
        self.search_field.setEnabled(not locked)

    def show_page_checked(self, key: str) -> None:
        """Check the page's action (none, for a page outside the navigation)."""
        action = self.page_actions.get(key)
        if action is not None:
            action.setChecked(True)
        elif (checked := self.page_group.checkedAction()) is not None:
            checked.setChecked(False)

    def _check_theme_action(self) -> None:
        for act in self.theme_menu.actions():
            act.setChecked(act.data() == self.appearance.theme)

    def _search(self, text: str) -> None:
        if text.strip():
            self.search_field.clear()
            self.window.search_pages.search_for(text)

    # -- Help > Keyboard shortcuts ------------------------------------------------------
    def list_in_sheet(self, action: QAction, group: str) -> None:
        """An action made outside the table (the preview's F8) is listed in `group` too."""
        self._listed.append((group, action))

    def shortcut_groups(self) -> list[tuple[str, list[QAction]]]:
        groups: dict[str, list[QAction]] = {title: [] for title in SHEET_GROUPS}
        for name, row in self._rows.items():
            if row.sheet:
                groups.setdefault(row.sheet, []).append(self[name])
        for group, action in self._listed:
            groups.setdefault(group, []).append(action)
        return list(groups.items())

    def show_shortcuts(self) -> None:
        from ui.shortcuts_sheet import ShortcutsSheet

        self.window.show_dialog(ShortcutsSheet(self.shortcut_groups(), self.window))
