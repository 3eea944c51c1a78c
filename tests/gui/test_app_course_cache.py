"""The window and the course cache: written after the first paint, used on the next start."""

from __future__ import annotations

from pathlib import Path

from course import course_cache


def test_window_writes_the_cache_after_painting_and_uses_it_next_time(qtbot, data_paths):
    from ui.app import build_window
    from ui.workers import wait_for_all

    window = build_window(data_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.painted, timeout=20000):
        window.show()
    assert wait_for_all()
    root = Path(window.course_root)
    assert course_cache.read(data_paths.root / "cache", root) is not None
    window.close()
    # The second window gets the very same course from the cache.
    second = build_window(data_paths)
    qtbot.addWidget(second)
    assert second.course == window.course
    with qtbot.waitSignal(second.ready, timeout=20000):
        second.show()
    for dialog in (getattr(w, "first_run_dialog", None) for w in (window, second)):
        if dialog is not None and dialog.isVisible():
            dialog.reject()
