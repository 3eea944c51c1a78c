"""WrappedLabel: a word-wrapped QLabel that lays its text out once per width.

Qt's layouts ask a word-wrapped label for its height at a given width many times while a
view is first shown (a quiz summary's labels were asked 12 times each, at three widths),
and QLabel lays its text out again for every ask: a few hundred microseconds each for a
paragraph of rich text, 4-5 ms of a quiz opening (issue 14). The answer depends only on
the text, the font, the margins and the width, so it is kept for the text shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

#: Widths remembered per text (a view is laid out at two or three).
KEEP_WIDTHS = 8


class WrappedLabel(QLabel):
    """A QLabel whose height for a width is computed once per text, font and margins."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[tuple[object, ...], int] = {}

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        key = (
            width,
            self.text(),
            self.font().key(),
            self.margin(),
            self.indent(),
            margins.left(),
            margins.top(),
            margins.right(),
            margins.bottom(),
        )
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= KEEP_WIDTHS:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        # A new style sheet may change padding or what the text looks like.
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._heights.clear()
        super().changeEvent(event)
