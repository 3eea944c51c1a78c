"""Switching to a course the first time (issue 14): what runs on the loading worker, and
what the window has left to do when the course arrives."""

from __future__ import annotations

import threading

from app_window import TIMEOUT, prepare_store, start

from course.store.api import CourseKey
from ui.outline import LessonStatus


def _switch(qtbot, window, root) -> None:
    with qtbot.waitSignal(window.session.current.changed, timeout=TIMEOUT):
        window.session.current.open(root)


def test_the_first_switch_loads_caches_and_reads_progress_off_the_gui_thread(
    qtbot, data_paths, monkeypatch
):
    from generated_course import write_generated_course

    from course import course_cache
    from ui import session as session_module

    prepare_store(data_paths)
    root = write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    key = CourseKey("generated", "1.0.0")
    window.store.complete_lesson(key, "lesson-2")
    window.store.visit_lesson(key, "lesson-3")
    threads: dict[str, list[str]] = {"read": [], "write": []}
    fetch, write = session_module.fetch_progress, course_cache.write

    def read_spy(store, course):
        threads["read"].append(threading.current_thread().name)
        return fetch(store, course)

    def write_spy(*args):
        threads["write"].append(threading.current_thread().name)
        return write(*args)

    monkeypatch.setattr(session_module, "fetch_progress", read_spy)
    monkeypatch.setattr(course_cache, "write", write_spy)
    changes: list[object] = []
    window.outline_model.dataChanged.connect(lambda *args: changes.append(args))

    _switch(qtbot, window, root)

    main = threading.main_thread().name
    assert window.course.id == "generated"
    assert threads["read"] and main not in threads["read"]  # progress read with the course
    assert threads["write"] and main not in threads["write"]  # its cache written there too
    assert course_cache.read(window.session.current.cache_dir, root) is not None
    # The outline shows the statuses with the course, not row by row after it.
    assert changes == []
    assert window.outline_model.status("lesson-2") is LessonStatus.DONE
    assert window.outline_model.status("lesson-3") is LessonStatus.IN_PROGRESS


def test_progress_read_ahead_serves_only_the_switch_itself(qtbot, data_paths, monkeypatch):
    from generated_course import write_generated_course

    from ui import session as session_module

    prepare_store(data_paths)
    root = write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    _switch(qtbot, window, root)
    assert window.session.current.progress_ahead is None  # only while `changed` is sent
    window.store.complete_lesson(CourseKey("generated", "1.0.0"), "lesson-2")
    reads: list[str] = []
    fetch = session_module.fetch_progress
    monkeypatch.setattr(
        session_module, "fetch_progress", lambda *a: reads.append("read") or fetch(*a)
    )
    window.show_page("library")
    window.show_home()  # a later refresh reads the store again
    assert reads == ["read"]
    assert window.outline_model.status("lesson-2") is LessonStatus.DONE


def test_a_search_result_in_another_course_loads_it_off_the_gui_thread(
    qtbot, data_paths, monkeypatch
):
    from generated_course import write_generated_course

    from course import course_cache

    prepare_store(data_paths)
    write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    search = window.search_pages
    window.show_page("search")
    qtbot.waitUntil(lambda: not search.indexing, timeout=TIMEOUT)
    threads: list[str] = []
    load = course_cache.load

    def spy(*args):
        threads.append(threading.current_thread().name)
        return load(*args)

    monkeypatch.setattr(course_cache, "load", spy)
    with qtbot.waitSignal(window.session.current.changed, timeout=TIMEOUT):
        search.open_lesson("generated", "lesson-2", 0)
        assert window.course.id == "empathy-gap"  # still loading: the window goes on
    assert threads and threading.main_thread().name not in threads
    assert window.course.id == "generated"
    view = window.lesson_page
    assert window.current_page() is window.lesson_pages
    assert view.lesson is not None and view.lesson.id == "lesson-2"


def test_the_switch_keeps_the_course_wording_on_its_loading_worker(qtbot, data_paths, monkeypatch):
    # Keeping a big course's wording the first time is a few hundred ms of Python: on a
    # worker of its own it ran beside the window drawing the course, and took the
    # interpreter lock from it. It is done by the worker that loads the course, before
    # the course is shown, and not asked of the store again once shown.
    from generated_course import write_generated_course

    from course.store.api import ProgressStore

    prepare_store(data_paths)
    root = write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    # The shipped course's own wording is kept on a worker after start-up: let it finish
    # first, or a busy machine could see it land inside the spy below.
    qtbot.waitUntil(lambda: bool(window.store.wording("empathy-gap")), timeout=TIMEOUT)
    kept: list[tuple[str, str]] = []
    keep = ProgressStore.keep_wording

    def keep_spy(store, course):
        kept.append((course.id, threading.current_thread().name))
        return keep(store, course)

    monkeypatch.setattr(ProgressStore, "keep_wording", keep_spy)
    at_loaded: list[int] = []
    window.session.current.loading.connect(
        lambda busy: None if busy else at_loaded.append(len(window.store.wording("generated")))
    )

    _switch(qtbot, window, root)
    qtbot.waitUntil(lambda: bool(at_loaded))

    assert at_loaded[0] > 0  # kept before the course is shown
    assert [course_id for course_id, _thread in kept] == ["generated"]  # and only there
    assert kept[0][1] != threading.main_thread().name


def _held_load(monkeypatch):
    """Make the next course load wait on its worker until the returned event is set."""
    from ui import session as session_module

    release = threading.Event()
    load = session_module.load_course_at

    def slow(*args):
        release.wait(TIMEOUT / 1000)
        return load(*args)

    monkeypatch.setattr(session_module, "load_course_at", slow)
    return release


def test_views_made_ahead_wait_while_a_course_loads(qtbot, data_paths, monkeypatch):
    # A course loads on a worker in pure Python; the window's thread waits for the
    # interpreter lock after each Qt call, so making a view beside a loading 1,000-lesson
    # course took 79 ms on the clock for 22 ms of work. The pool waits for the course.
    from generated_course import write_generated_course

    from course.model import QuizStep
    from ui.quiz_view import QuizView

    prepare_store(data_paths)
    root = write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    page = window.lesson_pages
    qtbot.waitUntil(lambda: page.is_made, timeout=TIMEOUT)
    pool = page.view.step_pool
    qtbot.waitUntil(
        lambda: pool.pending() == 0 and pool.spare(QuizView) is not None, timeout=TIMEOUT
    )
    lesson = next(
        les
        for les in list(window.course.lessons())[1:]
        if not les.content_note and any(isinstance(s, QuizStep) for s in les.steps)
    )
    index = next(i for i, s in enumerate(lesson.steps) if isinstance(s, QuizStep))
    release = _held_load(monkeypatch)

    window.open_lesson(lesson.id, index)  # takes the spare quiz view: one is due
    window.session.current.open(root)
    qtbot.wait(300)  # many turns of the event loop: the pool's first would come at 15 ms

    assert window.session.current.is_loading
    assert pool.spare(QuizView) is None and pool.pending() > 0
    with qtbot.waitSignal(window.session.current.changed, timeout=TIMEOUT):
        release.set()
    qtbot.waitUntil(lambda: pool.spare(QuizView) is not None, timeout=TIMEOUT)
    assert pool.made_now == 0


def test_the_lesson_page_is_made_ahead_only_once_a_loading_course_arrives(
    qtbot, data_paths, monkeypatch
):
    from generated_course import write_generated_course

    from ui.pages import lesson as lesson_page
    from ui.quiz_view import QuizView

    monkeypatch.setattr(lesson_page, "PREPARE_AHEAD_MS", 60_000)  # the test calls it itself
    prepare_store(data_paths)
    root = write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    page = window.lesson_pages
    assert not page.is_made and page._preparing
    release = _held_load(monkeypatch)
    window.session.current.open(root)

    page._prepare_next()  # its turn comes while the course loads
    qtbot.wait(100)
    assert not page.is_made

    with qtbot.waitSignal(window.session.current.changed, timeout=TIMEOUT):
        release.set()
    qtbot.waitUntil(
        lambda: page.is_made and page.view.step_pool.spare(QuizView) is not None, timeout=TIMEOUT
    )
