"""The one place that decides where Bridgework keeps the learner's files.

Nothing is computed at import time: `main.py` calls `resolve_data_dir` once and passes
the result down, and tests point it at a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Bridgework"
DATA_DIR_ENV = "BRIDGEWORK_DATA_DIR"
DEFAULT_PROFILE = "default"
#: The therapist's workspace is a profile of its own (issue 11): its own database,
#: passphrase and backups. Only this profile shows the workspace.
WORKSPACE_PROFILE = "workspace"
# One word in the data folder: the profile the app opened last by choice (the workspace,
# or none for the learner's own). Holds no data; absent for anyone who never switched.
START_PROFILE_NAME = "start-profile"


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: `--data-dir`, else $BRIDGEWORK_DATA_DIR, else the OS convention."""
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    import platformdirs  # imported here so a --data-dir run never needs it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


@dataclass(frozen=True, slots=True)
class DataPaths:
    """Every path under the data directory, for one profile."""

    root: Path
    profile: str = DEFAULT_PROFILE

    @property
    def profile_dir(self) -> Path:
        return self.root / "profiles" / self.profile

    @property
    def database(self) -> Path:
        return self.profile_dir / "progress.db"

    @property
    def backups(self) -> Path:
        return self.profile_dir / "backups"

    @property
    def window_settings(self) -> Path:
        """The window's size and layout (QSettings). Nothing about the course or learner."""
        return self.root / "window.ini"

    @property
    def cache(self) -> Path:
        """Copies of course text kept for speed (course/course_cache.py, the search index).

        Shared by the profiles. Nothing in it comes from the learner; all of it is made
        again from the courses, so "Delete all my data" removes it (store.api).
        """
        return self.root / "cache"

    @property
    def courses(self) -> Path:
        """Courses the learner imported (the shipped ones stay in the app's content/)."""
        return self.root / "courses"

    def ensure(self) -> None:
        """Create the folders, readable by this user only."""
        for folder in (self.root, self.profile_dir, self.backups, self.courses):
            folder.mkdir(parents=True, exist_ok=True)
            # A filesystem without POSIX modes refuses chmod; privacy then rests on the OS.
            with contextlib.suppress(OSError):
                folder.chmod(0o700)


def start_profile(root: Path) -> str:
    """The profile the app opens when none is named: the workspace if it was chosen last."""
    try:
        word = (root / START_PROFILE_NAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return DEFAULT_PROFILE
    return WORKSPACE_PROFILE if word == WORKSPACE_PROFILE else DEFAULT_PROFILE


def remember_start_profile(root: Path, profile: str) -> None:
    """Open `profile` next time the app starts without one named; best effort."""
    marker = root / START_PROFILE_NAME
    with contextlib.suppress(OSError):
        if profile == WORKSPACE_PROFILE:
            root.mkdir(parents=True, exist_ok=True)
            marker.write_text(WORKSPACE_PROFILE + "\n", encoding="utf-8")
        else:
            marker.unlink(missing_ok=True)


def _app_folder(name: str) -> Path:
    """One of the app's own data folders (`resources`, `content`), found through the package.

    A wheel or a bundle installs them inside the `course` package (see pyproject.toml's
    package-dir); a checkout keeps them at the top level beside `course/`. Never the
    current directory, so the app runs the same from anywhere.
    """
    package = Path(__file__).resolve().parent
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


def resources_dir() -> Path:
    """The app's style sheets, icons and lesson CSS."""
    return _app_folder("resources")


def shipped_content_dir() -> Path:
    """The folder holding the course(s) that ship with the app."""
    return _app_folder("content")
