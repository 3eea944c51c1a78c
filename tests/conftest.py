"""Shared test setup: no display, and no test ever touches the real data directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from course.model import Course

# Set before anything imports Qt: tests run with no display, in CI as on a desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_COURSE = REPO_ROOT / "content" / "empathy-gap"


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the data directory (and HOME, for anything that asks the OS) at a temp folder."""
    root = tmp_path_factory.mktemp("bridgework-home")
    monkeypatch.setenv("BRIDGEWORK_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / ".config"))


@pytest.fixture
def data_paths(tmp_path: Path):
    from course.paths import DataPaths

    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    return paths


@pytest.fixture
def shipped_course_dir() -> Path:
    return SHIPPED_COURSE


@pytest.fixture(scope="module")
def shipped_course() -> Course:
    """The course that ships with Bridgework, loaded once per test module."""
    from course.loader import load_course

    result = load_course(SHIPPED_COURSE)
    assert result.course is not None
    return result.course


@pytest.fixture
def no_sqlcipher(monkeypatch: pytest.MonkeyPatch):
    """As on a system with no sqlcipher3 wheel (or a broken one): importing it fails."""
    import sys

    from course.store import driver

    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    driver.dbapi.cache_clear()
    yield
    driver.dbapi.cache_clear()
