"""Quick-hide for the main window: cover everything at once, and uncover it again.

The cover itself is `ui.privacy.PrivacyCover`; this controller decides what goes with
it: every dialog of the app is hidden too (dialogs are windows of their own and would
stay on top), nothing underneath keeps the focus or takes keystrokes, and uncovering
puts the dialogs and the focus back where they were.

With `lock_on_hide` set (and a passphrase, which `lock` checks), covering locks first,
so what is under the cover is the unlock page: only the passphrase opens it again.

Signals:
    covered()    the window was just covered
    uncovered()  the window was just uncovered
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from ui.privacy import PrivacyCover, QuickHideKeys


class QuickHide(QObject):
    covered = Signal()
    uncovered = Signal()

    def __init__(
        self,
        window: QWidget,
        parts: Callable[[], Sequence[QWidget]],
        lock: Callable[[], object] | None = None,
    ) -> None:
        """`parts` lists the widgets to disable while covered (pages, menu bar, toolbar);
        `lock` locks the window (it does nothing without a passphrase)."""
        super().__init__(window)
        self.window = window
        self._parts = parts
        self._lock = lock
        self.lock_on_hide = False
        self.cover = PrivacyCover(window)
        self.cover.show_requested.connect(self.uncover)
        self.keys = QuickHideKeys(window, start=False)  # started after the first paint
        self.keys.pressed.connect(self.toggle)
        self._covered_focus: QWidget | None = None
        self._hidden_windows: list[QWidget] = []

    def is_covered(self) -> bool:
        return self.cover.isVisible()

    def toggle(self) -> None:
        if self.is_covered():
            self.uncover()
        else:
            self.cover_window()

    def cover_window(self) -> None:
        """Cover everything at once; nothing underneath keeps focus."""
        if self.is_covered():
            return
        if self.lock_on_hide and self._lock is not None:
            self._lock()  # before the cover: dialogs close, the unlock page is underneath
        self._covered_focus = QApplication.focusWidget()
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.window
            and w.isVisible()
            and w.isWindow()
            and w.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Sheet)
        ]
        for window in self._hidden_windows:
            window.hide()
        for widget in self._parts():
            widget.setEnabled(False)
        self.cover.cover()
        self.window.activateWindow()
        self.covered.emit()

    def uncover(self) -> None:
        if not self.is_covered():
            return
        for widget in self._parts():
            widget.setEnabled(True)
        self.cover.hide()
        hidden, self._hidden_windows = self._hidden_windows, []
        for window in hidden:
            if shiboken6.isValid(window):
                window.show()
        if self._covered_focus is not None and shiboken6.isValid(self._covered_focus):
            self._covered_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._covered_focus = None
        self.uncovered.emit()
