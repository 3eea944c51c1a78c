"""Moving between the learner's own profile and the therapist's workspace (issue 11).

The workspace is a profile of its own (course.paths.WORKSPACE_PROFILE): its own database,
passphrase, backups, export and delete, all through the same machinery as any profile.
The File menu offers the other one ("Open therapist workspace" in a learner's window,
"Open my own learning" in the workspace). Choosing it asks `ProfileSwitch.requested`;
`ProfileWindows` (run by ui.app) answers by opening a window on that profile in place of
this one, and the choice is remembered for the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from course.paths import (
    DEFAULT_PROFILE,
    WORKSPACE_PROFILE,
    DataPaths,
    remember_start_profile,
)
from ui import messages

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.single_instance import ProfileLock


class ProfileSwitch(QObject):
    """The File menu's way to the other profile.

    Signals: requested(str) with the profile to open in place of this window's.
    """

    requested = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        in_workspace = window.paths.profile == WORKSPACE_PROFILE
        self.target = DEFAULT_PROFILE if in_workspace else WORKSPACE_PROFILE
        self.action = QAction(
            messages.OPEN_OWN_LEARNING if in_workspace else messages.OPEN_WORKSPACE, window
        )
        tip = (
            "Close the workspace and open your own learning profile"
            if in_workspace
            else "Open your workspace for clients (a profile of its own, with its own passphrase)"
        )
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.triggered.connect(lambda _=False: self.open_other())
        commands = window.commands
        commands.file_menu.insertAction(commands["settings"], self.action)
        commands.file_menu.insertSeparator(commands["settings"])

    def open_other(self) -> None:
        remember_start_profile(self.window.paths.root, self.target)
        self.requested.emit(self.target)


class ProfileWindows(QObject):
    """The running app's one window and its profile lock, replaced when the profile changes."""

    def __init__(
        self,
        app: QObject,
        window: MainWindow,
        lock: ProfileLock,
        build: Callable[[DataPaths, Path], MainWindow],
    ) -> None:
        super().__init__(app)
        self.app = app
        self._build = build  # ui.app.build_window (passed in: ui.app imports this module)
        self.window = window
        self.lock = lock
        self._follow(window)

    def _follow(self, window: MainWindow) -> None:
        window.profile_switch.requested.connect(self.switch_to)

    def switch_to(self, profile: str) -> MainWindow | None:
        """Open a window on `profile` and close this one; None if another copy has it."""
        from ui.single_instance import ProfileLock, connect_window, hand_over

        old = self.window
        paths = DataPaths(old.paths.root, profile)
        lock = ProfileLock(paths)
        if not lock.try_claim():
            hand_over(paths, None)  # the running copy comes forward
            old.show_message(messages.PROFILE_ALREADY_OPEN)
            return None
        window = self._build(paths, old.content_dir)
        connect_window(self.app, lock, window)
        self._follow(window)
        window.show()  # before the old one closes, so the app never has no window
        old.close()
        self.lock.release()
        # The old window goes with its last reference (its store is already shut).
        self.window, self.lock = window, lock
        return window

    def release(self) -> None:
        self.lock.release()
