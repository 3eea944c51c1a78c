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


def test_the_cache_holds_nothing_of_the_learner(qtbot, data_paths):
    """Made from the course alone: learning (lessons opened and finished, a quiz missed,
    the Library and search visited) leaves every cache file byte for byte as it was, so
    it can be shared by the profiles and removed with "Delete all my data"."""
    from app_window import TIMEOUT, prepare_store, start
    from store_helpers import files_snapshot

    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.commands.page_actions["search"].trigger()
    search = window.search_pages
    qtbot.waitUntil(lambda: search.index is not None and not search.indexing, timeout=TIMEOUT)
    window.show_page("library")
    qtbot.waitUntil(lambda: any(data_paths.cache.glob("*.card.json")), timeout=TIMEOUT)
    search.index.close()  # its write-ahead log folded in, so the file itself compares
    before = files_snapshot(data_paths.cache)
    assert {"course-search.db"} < set(before) and len(before) >= 3  # course, card, index

    course, store = window.course, window.store
    for lesson in list(course.lessons())[:3]:
        window.open_lesson(lesson.id)
        store.complete_lesson(course, lesson.id)
    quiz = course.lesson("shame-and-guilt").quizzes[0]
    attempt = store.start_quiz_attempt(course, "shame-and-guilt", quiz.id)
    store.record_answer(attempt, quiz.questions[0].id, 0, 0.0)
    window.show_page("home")
    window.show_page("library")
    window.show_page("review")
    window.close()
    assert files_snapshot(data_paths.cache) == before
