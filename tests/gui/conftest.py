"""GUI tests: every test ends with no dialog left open, modal or not."""

from __future__ import annotations

import pytest
from app_window import visible_dialogs
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _no_dialog_left_open(qapp: QApplication):
    yield
    left = visible_dialogs()
    for dialog in left:
        dialog.reject()
    assert left == [], f"dialogs left open: {[type(d).__name__ for d in left]}"
    assert QApplication.activeModalWidget() is None
