"""What the first frame costs, checked without a clock: what is loaded when it is painted.

The start-up budget (issue 17: first paint within 1.5x a bare PySide6 window) is measured
by bench/bench_startup.py; tests never time anything. What they can hold is the shape of
the win: the app is started as a learner starts it (`main.py`, a profile with progress,
the course cache written by an earlier start) and, at its first frame, nothing that only
later pages, the store or a second start need has been imported, no app-wide Python
event filter is installed, and PySide has not made a Python type for every widget class
on the way to wrapping an object it was handed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from app_window import prepare_store

from course.paths import DataPaths

REPO_ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import ui.app

made = ui.app.build_window
started = ui.app.create_application
scanned = []
sheet_while_building = []


def create_application(*args, **kwargs):
    app = started(*args, **kwargs)
    try:  # from here on, note every module PySide reads the source of
        from PySide6.support import feature
    except ImportError:
        return app
    scan = feature._mod_uses_pyside

    def noted(module):
        scanned.append(getattr(module, "__name__", "?"))
        return scan(module)

    feature._mod_uses_pyside = noted
    return app


def build_window(*args, **kwargs):
    import ui.main_window
    from PySide6.QtWidgets import QApplication

    init = ui.main_window.MainWindow.__init__

    def noting_init(self, *a, **k):  # was the app styled while the window was being built?
        init(self, *a, **k)
        sheet_while_building.append(bool(QApplication.instance().styleSheet()))

    ui.main_window.MainWindow.__init__ = noting_init
    window = made(*args, **kwargs)

    def look() -> None:
        import PySide6.QtCore, PySide6.QtWidgets
        from PySide6.QtWidgets import QApplication

        print("FIRST_FRAME " + json.dumps({
            "modules": sorted(sys.modules),
            "widget_types": sorted(vars(PySide6.QtWidgets)),
            "core_types": sorted(vars(PySide6.QtCore)),
            "course": window.course.id if window.course is not None else None,
            "home_shown": window.pages.currentWidget() is window.home,
            "store_open": window.store is not None,
            "scanned": scanned,
            "styled": list(styled),
            "sheet_while_building": sheet_while_building,
            "sheet_at_first_frame": bool(QApplication.instance().styleSheet()),
        }), flush=True)

    window.painted.connect(look)  # before the benchmark's own slot, which quits
    return window


ui.app.build_window = build_window
ui.app.create_application = create_application

import ui.theme

styled = []
apply_theme = ui.theme.apply_theme


def counted_apply_theme(*args, **kwargs):
    styled.append(args[1] if len(args) > 1 else kwargs.get("name"))
    return apply_theme(*args, **kwargs)


ui.theme.apply_theme = counted_apply_theme
sys.argv = ["main.py", "--data-dir", sys.argv[2]]
import runpy
runpy.run_path("main.py", run_name="__main__")
"""

# Needed only once a page other than Home opens, the store is open, or a lesson renders.
LATER = (
    "sqlalchemy",
    "alembic",
    "sqlcipher3",
    "markdown",
    "nh3",
    "yaml",
    "fsrs",
    "course.loader",
    "course.render",
    "course.store.api",
    "course.store.records",
    "course.store.engine",
    "course.search",
    "course.feelings",
    "ui.lesson_view",
    "ui.quiz_view",
    "ui.reflect_view",
    "ui.journal",
    "ui.library",
    "ui.insights",
    "ui.charts",
    "ui.review_view",
    "ui.search_view",
    "ui.settings",
    "ui.assignments",
    "ui.report_dialogs",
    "ui.first_run",
    "ui.unlock",
    "uuid",
)

# Made by PySide only when it walks every subclass to wrap an object of unknown type:
# an app-wide Python event filter, or a Qt-made viewport handed to Python, does that.
NEVER_USED_WIDGETS = ("QWizard", "QMdiArea", "QCalendarWidget", "QFontDialog", "QDial")
NEVER_USED_CORE = ("QProcess", "QSharedMemory", "QFileSelector")


def _first_frame(data_dir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIDGEWORK_BENCH_EXIT_AFTER="painted")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO_ROOT), str(data_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("FIRST_FRAME ")), None)
    assert line is not None, result.stdout + result.stderr
    return json.loads(line.removeprefix("FIRST_FRAME "))


@pytest.mark.parametrize("settings", [{}, {"theme": "dark"}], ids=["default", "own-theme"])
def test_the_first_frame_loads_only_what_it_shows(tmp_path: Path, settings: dict) -> None:
    data_dir = tmp_path / "data"
    # With a theme of their own, the learner's theme is applied before the first frame.
    prepare_store(DataPaths(data_dir), **settings)
    # The first start loads the course and writes its cache after painting; an installed
    # app starts from that cache every later time, so the second start is the one held.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIDGEWORK_BENCH_EXIT_AFTER="store")
    subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(data_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    seen = _first_frame(data_dir)

    assert seen["course"] == "empathy-gap"  # the real first frame, not a placeholder
    assert seen["home_shown"]
    assert not seen["store_open"]
    loaded = set(seen["modules"])
    early = sorted(
        name for name in loaded if any(name == m or name.startswith(m + ".") for m in LATER)
    )
    assert early == []
    if os.environ.get("PYSIDE6_OPTION_LAZY", "1") != "0":  # with it 0, PySide makes all
        widgets, core = set(seen["widget_types"]), set(seen["core_types"])
        assert sorted(widgets & set(NEVER_USED_WIDGETS)) == []
        assert sorted(core & set(NEVER_USED_CORE)) == []
    # Styled once, in the learner's own theme, before any widget was made.
    assert seen["styled"] == [settings.get("theme", "system")]
    # ...but its style sheet is set once the window is built: under an app style sheet,
    # each widget put into another re-resolves the style of its whole subtree.
    assert seen["sheet_while_building"] == [False]
    assert seen["sheet_at_first_frame"]
    # PySide reads the source of each module imported after it, unless told up front.
    ours = [n for n in seen["scanned"] if n.split(".")[0] in ("ui", "course", "main")]
    assert ours == []
    assert len(seen["scanned"]) < 10, seen["scanned"]
