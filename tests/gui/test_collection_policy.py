"""The app's garbage-collection policy (issue 14): what lives as long as the window is frozen.

Full collections walking the window, a big course and a long history stalled the window
for 77-155 ms; `ui.app.apply_collection_policy` freezes what exists after the first
frame and after each course is shown. Whether memory stays level over many lesson
openings with the policy on is checked by tests/gui/test_soak.py (its subprocess applies
it as run_app does).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from app_window import TIMEOUT, prepare_store

from ui.app import GC_THRESHOLDS, SWITCH_INTERVAL_S, apply_collection_policy, build_window


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """The policy is process-wide: put the collector back as it was for other tests."""
    thresholds = gc.get_threshold()
    interval = sys.getswitchinterval()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)


def test_policy_freezes_after_the_first_frame_and_after_a_course_load(
    qtbot, data_paths, collector_restored
):
    prepare_store(data_paths)
    window = apply_collection_policy(build_window(data_paths))
    qtbot.addWidget(window)
    assert gc.get_threshold() == GC_THRESHOLDS
    assert GC_THRESHOLDS[0] > 700  # Python's default: young collections now run less often
    # A worker loading a course hands the interpreter lock back within about 1 ms
    # (Python's default is 5 ms, paid again each time the window's thread takes it back).
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    assert SWITCH_INTERVAL_S < 0.005
    assert gc.get_freeze_count() == 0  # nothing frozen before the window is drawn
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=TIMEOUT)
    # The window's objects are frozen: a collection no longer walks them.
    assert not _walked(vars(window.session))
    gc.unfreeze()
    assert _walked(vars(window.session))
    assert gc.get_freeze_count() == 0

    # A course loaded (off the GUI thread) and shown is frozen too.
    current = window.session.current
    root = current.root
    assert root is not None
    with qtbot.waitSignal(current.changed, timeout=TIMEOUT):
        current.open(root, fresh=True)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=TIMEOUT)
    assert window.course is not None
    assert not _walked(window.course)


def _walked(thing: object) -> bool:
    """Whether the collector's generations (not the frozen ones) hold `thing`."""
    return any(o is thing for o in gc.get_objects())
