"""Privacy in the window: the quick-hide cover and the idle auto-lock timer.

Quick-hide: F12 (or Ctrl+Shift+H, or the toolbar's Hide button) covers the whole
window at once with a calm, neutral panel that shows only the app's name. Only the same
key, or a mouse click on Show, uncovers it: the cover holds the keyboard itself and
swallows every other key, so a stray Space or Enter never reveals the window. With
"lock when hidden" on and a passphrase set, what is under the cover is the unlock page.
While covered nothing underneath can take focus or keystrokes.

Auto-lock: `IdleWatcher` watches the app's input events and emits `idle` after the
configured minutes without any; the main window then covers itself and closes the store
until the passphrase is entered again (only when a passphrase is set).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import messages

QUICK_HIDE_KEYS = (QKeySequence(Qt.Key.Key_F12), QKeySequence("Ctrl+Shift+H"))
QUICK_HIDE_KEY_TEXT = "F12"

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class PrivacyCover(QWidget):
    """An opaque panel laid over the whole window (menu bar and toolbar included).

    Signals: show_requested() when the learner asks to see the window again.
    """

    show_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("privacyCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Window hidden")
        self.setAccessibleDescription(f"Press {QUICK_HIDE_KEY_TEXT} to show the window again.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel(messages.COVER_TEXT)
        title.setObjectName("coverTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.hint = QLabel(messages.COVER_HINT.format(key=QUICK_HIDE_KEY_TEXT))
        self.hint.setObjectName("muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint)
        self.show_button = QPushButton("Show")
        self.show_button.setAccessibleName("Show the window again")
        # For the mouse only: with the keyboard on it, one Space would undo the hiding.
        self.show_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.show_requested)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.hide()
        parent.installEventFilter(self)

    def cover(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Every key ends here (the quick-hide keys are caught before, app-wide).
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # clicks on the cover reach nothing underneath

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Follow the window's size so the cover never leaves an edge uncovered.
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())  # type: ignore[union-attr]
        return False


class QuickHideKeys(QObject):
    """Catches the quick-hide keys anywhere in the app, dialogs included.

    The window's action shortcut covers the main window; a modal dialog blocks that
    shortcut, so this app-wide filter makes the same keys work there too.
    With `start=False` the filter waits for `start()`: the main window starts it after
    its first paint, because a Python filter on every event of the app's start-up
    (each new event class met for the first time) costs more than the window itself,
    and no dialog can be open before then. Signals: pressed().
    """

    pressed = Signal()

    def __init__(self, parent: QObject | None = None, *, start: bool = True) -> None:
        super().__init__(parent)
        if start:
            self.start()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # installing twice keeps one filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance first: every event of the app passes here, and type() makes a
        # Python enum each time (thousands per course switch, about 1.5 us each).
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            combo = QKeySequence(event.keyCombination())
            if any(
                combo.matches(key) == QKeySequence.SequenceMatch.ExactMatch
                for key in QUICK_HIDE_KEYS
            ):
                self.pressed.emit()
                return True
        return False

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` with no keyboard, mouse or touch input in the app.

    The app-wide event filter is installed only once there is a time to watch (it is
    0, off, until the learner's settings are read), so the window's start-up does not
    pass every event through Python. Signals: idle().
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._minutes = 0
        self._watching = False

    @property
    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        """0 turns auto-lock off."""
        self._minutes = max(0, int(minutes))
        self.restart()

    def set_interval_ms(self, msecs: int) -> None:
        """For tests: a short idle time without waiting minutes."""
        self._minutes = 1
        self._watch()
        self._timer.setInterval(msecs)
        self._timer.start()

    def restart(self) -> None:
        if self._minutes <= 0:
            self._timer.stop()
            return
        self._watch()
        self._timer.start(self._minutes * 60_000)

    def _watch(self) -> None:
        app = QApplication.instance()
        if not self._watching and app is not None:
            app.installEventFilter(self)
            self._watching = True

    def pause(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QInputEvent)  # cheap, unlike type() (see QuickHideKeys)
            and event.type() in _INPUT_EVENTS
            and self._timer.isActive()
        ):
            self._timer.start()  # restart with the same interval
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._watching = False
