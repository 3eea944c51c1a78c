"""The Qt binding keeps Python's reference counts straight (issue 14).

PySide6-Essentials 6.12.0 on Python 3.11 took one reference from `None` on every Qt
call that returns nothing; after some tens of thousands of calls (an evening of
reading) the process died with "Fatal Python error: none_dealloc". pyproject.toml
excludes that release; this test fails on any binding that does the same.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

CALLS = 1000

# From Python 3.12 None is immortal (PEP 683): its count is a fixed sentinel, nothing
# can free it, and the comparison below would tell nothing.
pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 (PEP 683)"
)


def _void_calls(label: QLabel, bar: QProgressBar, widget: QWidget, obj: QObject) -> None:
    label.setText("A calm sentence")
    label.setAccessibleName("Lesson title")
    bar.setRange(0, 10)
    bar.setValue(3)
    widget.setEnabled(True)
    obj.setObjectName("page")


def test_void_qt_calls_leave_none_references_alone(qtbot) -> None:
    label, bar, widget = QLabel(), QProgressBar(), QWidget()
    for w in (label, bar, widget):
        qtbot.addWidget(w)
    obj = QObject()
    _void_calls(label, bar, widget, obj)  # warm up: first calls may cache method wrappers
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        _void_calls(label, bar, widget, obj)
    gc.collect()
    drift = sys.getrefcount(None) - before
    # A sound binding leaves the count where it was (give or take a few references held
    # elsewhere); a broken one moves it by one per call, thousands here.
    assert abs(drift) < CALLS // 10, (
        f"{CALLS * 6} void Qt calls moved None's reference count by {drift}: this Qt binding "
        "drops references to None and will abort a long session (none_dealloc)"
    )
