"""Start the GUI: build the QApplication, apply the theme, show the main window, run the loop.

`run_app` is what main.py calls. For the start-up benchmark only, the environment
variable BRIDGEWORK_BENCH_EXIT_AFTER=painted|ready|store makes the app print
"BRIDGEWORK_BENCH <milestone> <unix time> course=<id> cpu=<seconds>" when it gets there
(cpu: the process's own CPU time so far) and quit; it is read nowhere else and changes
nothing for a learner.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from course.paths import DataPaths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from course.model import LoadResult
    from ui.main_window import MainWindow

BENCH_ENV = "BRIDGEWORK_BENCH_EXIT_AFTER"


def create_application(argv: list[str] | None = None) -> QApplication:

    from PySide6.QtWidgets import QApplication

    spare_pyside_source_scans()
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Bridgework")
    app.setApplicationDisplayName("Bridgework")
    app.setOrganizationName("Bridgework")
    app.setDesktopFileName("org.bridgework.Bridgework")  # release/linux/*.desktop
    return app


def spare_pyside_source_scans() -> None:
    """Tell PySide up front which modules use its `__feature__` switches: none of ours.

    Once imported, PySide wraps `import` and, for each module it has not seen, reads the
    module's whole source to look for "PySide6" (PYSIDE-2029, for its optional
    snake_case and true_property features). Start-up imports some sixty modules after
    PySide, so that is a few thousand lines read and joined before the first frame
    (about a tenth of start-up's Python time). The answers are written here as PySide
    would find them: 0 ("uses PySide, no features") for ui, -1 ("ignore") for the rest.
    Neither value switches anything, as no module of ours selects a feature. Without the
    table (another PySide), nothing changes and PySide reads the sources as before.
    """
    try:
        from PySide6.support import feature  # type: ignore[attr-defined]

        table = feature.pyside_feature_dict
    except (ImportError, AttributeError):
        return
    if not isinstance(table, dict):
        return
    for name in (*sys.modules, *sys.stdlib_module_names):
        table.setdefault(name, -1)
    root = Path(__file__).resolve().parent.parent
    for package, uses_pyside in (("ui", 0), ("ui.pages", 0), ("course", -1), ("course.store", -1)):
        table.setdefault(package, uses_pyside)
        folder = root.joinpath(*package.split("."))
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.endswith(".py") and entry.name != "__init__.py":
                    table.setdefault(f"{package}.{entry.name[:-3]}", uses_pyside)


def build_window(
    paths: DataPaths,
    *,
    content_dir: Path | None = None,
    open_file: str | None = None,
    course: tuple[Path, LoadResult] | None = None,
) -> MainWindow:
    """The main window, with the learner's own theme and text size when a plain store has them."""
    from PySide6.QtWidgets import QApplication

    from course.store.quick_read import read_settings
    from ui import theme
    from ui.main_window import MainWindow
    from ui.progress import SETTING_TEXT_SIZE, SETTING_THEME

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # The learner's own theme and text size, when a plain store says them, before any
    # widget is made: applied later, every widget would be styled twice before the
    # first frame (tens of milliseconds). An encrypted store tells once it is unlocked.
    own = read_settings(paths.database, (SETTING_THEME, SETTING_TEXT_SIZE))
    name, size = own.get(SETTING_THEME), own.get(SETTING_TEXT_SIZE)
    name = name if isinstance(name, str) and name in theme.THEMES else "system"
    size = size if isinstance(size, int) and not isinstance(size, bool) else None
    points = theme.clamp_text_size(size if size is not None else theme.DEFAULT_TEXT_SIZE)
    # The first window is built before the app has a style sheet, which is set once it is
    # made: under an app style sheet, each widget put into another makes Qt re-resolve the
    # style of its whole subtree (a StyleChange event to every widget in it), so building
    # the window sent some 1,800 of those; set afterwards, it is one per widget.
    first = not app.styleSheet()
    theme.apply_theme(app, name, points, sheet=not first)
    theme.apply_text_size(app, points)
    with contextlib.suppress(OSError):  # if it cannot be made, the store says why, in words
        paths.root.mkdir(parents=True, exist_ok=True)
    window = MainWindow(paths, content_dir=content_dir, open_file=open_file, course=course)
    if first:
        theme.apply_style_sheet(app)
    return window


# Young-generation threshold of the cyclic collector (Python's default is 700): see below.
GC_THRESHOLDS = (5000, 20, 20)
# How long a thread may keep the interpreter lock while another waits for it (Python's
# default is 5 ms): see below.
SWITCH_INTERVAL_S = 0.001


def apply_collection_policy(window: MainWindow) -> MainWindow:
    """Keep Python's full garbage collections and its interpreter lock from stalling the
    window (issue 14).

    A full collection walks every object the collector tracks: with the window, a big
    course and a long history that was 77-155 ms on the GUI thread, eight times in one
    heavy-use bench (journal opening, the first course switch). Nearly all of those
    objects live as long as the window or the course. So what exists after the
    window's first frame and after each course is shown is frozen (`gc.freeze`: left
    out of later collections), and young collections run less often (GC_THRESHOLDS).
    Frozen objects are still freed when their last reference goes (a course holds no
    cycles); only a cycle alive at a freeze that becomes garbage later is kept, so
    memory stays level over many lesson openings (tests/gui/test_soak.py).

    The interpreter lock is handed over sooner (SWITCH_INTERVAL_S). A course loads on a
    worker thread in pure Python; PySide lets go of the lock around Qt's own calls, and
    each time the window's thread took it back it waited up to the switch interval for
    the worker: in the first switch to a thousand-lesson course, gaps of 46-51 ms of
    which the window's own work was 13 ms. With 1 ms the waiting all but goes.
    Figures: docs/PERFORMANCE.md, heavy use.
    """
    from PySide6.QtCore import QTimer

    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL_S)

    def freeze_soon() -> None:  # after the slots of that frame or course have run
        QTimer.singleShot(0, gc.freeze)

    window.painted.connect(freeze_soon)
    window.session.current.changed.connect(freeze_soon)
    return window


def run_app(paths: DataPaths, open_file: str | None = None) -> int:
    """Run the app until the window closes; returns the process exit code."""
    # Start-up makes a few hundred thousand objects (Qt's Python types and enums, the
    # model's dataclasses, the course) and frees almost none, so the cyclic collector
    # would only walk them again and again: about 15 ms of collections before the first
    # frame. It is off until then; afterwards what start-up made is frozen (kept out of
    # later collections, as it lives as long as the app) and the collector is back on.
    gc.disable()
    app = create_application()
    from ui.single_instance import ProfileLock, claim_or_hand_over, connect_window

    lock = ProfileLock(paths)
    if not claim_or_hand_over(lock, open_file):
        return 0
    window = build_window(paths, open_file=open_file)
    apply_collection_policy(window)
    connect_window(app, lock, window)
    from ui.workspace_mode import ProfileWindows

    # File > Open therapist workspace, and back: a window on the other profile.
    windows = ProfileWindows(
        app,
        window,
        lock,
        lambda other, content: apply_collection_policy(build_window(other, content_dir=content)),
    )
    from PySide6.QtCore import QTimer

    def collect_again() -> None:
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    # After the first frame's own slots have run; or after a few seconds, should the
    # window not be drawn at once.
    window.painted.connect(lambda: QTimer.singleShot(0, collect_again))
    QTimer.singleShot(5000, collect_again)
    milestone = os.environ.get(BENCH_ENV, "")
    signals = {
        "painted": window.painted,  # first frame with the course
        "ready": window.progress_shown,  # the learner's progress shown
        "store": window.ready,  # the store open: writes possible
    }
    if milestone in signals:
        signal = signals[milestone]

        def report() -> None:
            # The course shown, so a packaging check can tell "painted" from "painted
            # without a course" (resources or content missing from a wheel or bundle).
            shown = window.course.id if window.course is not None else "none"
            # And the process's own CPU time so far, which a busy machine moves far less.
            print(
                f"BRIDGEWORK_BENCH {milestone} {time.time():.6f} course={shown}"
                f" cpu={time.process_time():.4f}",
                flush=True,
            )
            window.close()
            app.quit()

        signal.connect(report)
    window.show()
    code = int(app.exec())
    from ui.workers import wait_for_all

    wait_for_all()  # let a store that was still opening finish before the interpreter goes
    windows.release()
    return code
