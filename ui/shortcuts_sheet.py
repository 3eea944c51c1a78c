"""Help > Keyboard shortcuts: a sheet of every shortcut, made from the window's own actions.

Made from the actions rather than written out by hand, so a page or action that gets a
shortcut is listed without anyone remembering to; the keys that belong to a lesson's
own controls (not window actions) are listed from `LESSON_KEYS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

LESSON_KEYS: tuple[tuple[str, str], ...] = (
    ("Next step of a lesson", "Alt+Right or Ctrl+]"),
    ("Previous step", "Alt+Left or Ctrl+["),
    ("Move an item in an ordering question", "Alt+Up / Alt+Down"),
)


def keys_text(action: QAction) -> str:
    """The action's shortcuts in words: "F12 or Ctrl+Shift+H"."""
    sequences = [s for s in action.shortcuts() if not s.isEmpty()]
    return " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)


def action_label(action: QAction) -> str:
    return action.text().replace("&", "").rstrip("…")


class ShortcutsSheet(QDialog):
    """Groups of (what it does, the keys), in two aligned columns; Enter or Escape closes."""

    def __init__(
        self,
        groups: Sequence[tuple[str, Iterable[QAction]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.setMinimumSize(520, 480)
        self.rows: list[tuple[str, str]] = []
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        row = 0
        sections = [
            (title, [(action_label(a), keys_text(a)) for a in actions if keys_text(a)])
            for title, actions in groups
        ]
        sections.append(("In a lesson", list(LESSON_KEYS)))
        for title, entries in sections:
            if not entries:
                continue
            heading = QLabel(title)
            heading.setObjectName("sectionTitle")
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for label, keys in entries:
                what = QLabel(label)
                key = QLabel(keys)
                key.setObjectName("keys")
                key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(what, row, 0)
                grid.addWidget(key, row, 1)
                self.rows.append((label, keys))
                row += 1
        grid.setRowStretch(row, 1)
        grid.setColumnStretch(0, 1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        close.clicked.connect(self.accept)
        outer.addWidget(buttons)

    def text(self) -> str:
        """Every row as "label: keys", one a line (for tests and screen readers)."""
        return "\n".join(f"{label}: {keys}" for label, keys in self.rows)
