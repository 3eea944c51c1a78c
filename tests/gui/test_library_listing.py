"""Library with big courses installed (issue 14): what a visit reads and what it rebuilds."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start
from PySide6.QtCore import Qt

from course.store.api import ProgressStore


def _list(qtbot, window, before_listing=lambda: None) -> None:
    library = window.library_pages
    window.show_home()
    before_listing()
    with qtbot.waitSignal(library.courses_listed, timeout=TIMEOUT):
        window.show_library()


def _card_text(window, words: str) -> str:
    texts = [window.library.list.item(i).text() for i in range(window.library.list.count())]
    return next(text for text in texts if words in text)


def test_a_library_visit_reads_cards_and_counts_not_courses(qtbot, data_paths, monkeypatch):
    from generated_course import write_generated_course

    from course import course_cache, loader

    prepare_store(data_paths)
    write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    _list(qtbot, window)  # the first visit makes the cards (a new course is loaded once)
    course = window.course
    done = [lesson.id for lesson in course.lessons()][:2]
    for lesson_id in done:
        window.store.complete_lesson(course, lesson_id)

    def refuse(*_args, **_kwargs):
        raise AssertionError("a Library visit loaded a course or read every lesson's state")

    def patch() -> None:  # after Home, which reads the course on show's progress
        monkeypatch.setattr(loader, "load_course", refuse)
        monkeypatch.setattr(course_cache, "load", refuse)
        monkeypatch.setattr(course_cache, "read", refuse)
        monkeypatch.setattr(ProgressStore, "lesson_states", refuse)

    _list(qtbot, window, patch)
    assert "2 done" in _card_text(window, course.title)
    assert "30 lessons, 0 done" in _card_text(window, "Generated")


def test_a_library_visit_keeps_the_cards_when_nothing_changed(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    _list(qtbot, window)
    page = window.library
    marker = Qt.ItemDataRole.UserRole + 40
    page.list.item(0).setData(marker, "kept")
    page.list.setCurrentRow(-1)  # the learner moved away from the course on show
    _list(qtbot, window)
    assert page.list.item(0).data(marker) == "kept"  # the same card, not made again
    assert page.list.currentRow() == 0  # the course on show is chosen again

    window.store.complete_lesson(window.course, next(window.course.lessons()).id)
    _list(qtbot, window)
    assert page.list.item(0).data(marker) is None  # progress moved: the cards are new
    assert "1 done" in page.list.item(0).text()
