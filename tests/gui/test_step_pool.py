"""Step views made ahead (issue 14): an opening fills in a quiz or reflection view made
between the window's events, instead of making and styling one inside the opening."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start

import ui.reflect_view
from course.loader import load_course
from course.model import PromptType, QuizStep, ReflectStep
from course.store.api import open_store
from ui.lesson_view import LessonView
from ui.quiz_view import QuizView
from ui.reflect_view import ReflectView


def _first_step_of(course, kind):
    """(lesson, step index) of the first step of `kind` past the first lesson."""
    for lesson in list(course.lessons())[1:]:
        if lesson.content_note:
            continue
        for index, step in enumerate(lesson.steps):
            if isinstance(step, kind):
                return lesson, index
    raise AssertionError(f"no {kind.__name__} in the course")


def _idle(qtbot, pool) -> None:
    qtbot.waitUntil(
        lambda: (
            pool.pending() == 0
            and all(pool.spare(kind) is not None for kind in (QuizView, ReflectView))
        ),
        timeout=TIMEOUT,
    )


def _started(qtbot, data_paths):
    """The window, once the lesson page has been made ahead (not shown)."""
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    page = window.lesson_pages
    qtbot.waitUntil(lambda: page.is_made, timeout=TIMEOUT)
    return window, page, page.view


def test_the_lesson_page_and_its_step_views_are_made_ahead_without_being_shown(qtbot, data_paths):
    window, page, view = _started(qtbot, data_paths)
    _idle(qtbot, view.step_pool)
    assert window.current_page() is not page  # made, not shown: Home is still on show
    assert view.lesson is None
    for kind in (QuizView, ReflectView):
        spare = view.step_pool.spare(kind)
        assert spare is not None and not spare.isVisible()
        assert view.step_stack.currentWidget() is not spare


def test_opening_on_a_quiz_or_reflection_fills_in_a_view_made_ahead(qtbot, data_paths):
    window, _page, view = _started(qtbot, data_paths)
    pool = view.step_pool
    for kind, step_kind in ((QuizView, QuizStep), (ReflectView, ReflectStep)):
        _idle(qtbot, pool)
        spare = pool.spare(kind)
        lesson, index = _first_step_of(window.course, step_kind)

        window.open_lesson(lesson.id, index)

        # Complete at once, before the event loop runs again: the view the opening shows
        # is the one made ahead, filled in for this step.
        shown = view.current_step_widget()
        assert shown is spare and shown.isVisible()
        for other in (QuizView, ReflectView):  # never a spare on screen, even for a moment
            assert pool.spare(other) is None or not pool.spare(other).isVisible()
        assert pool.made_now == 0
        if isinstance(shown, QuizView):
            assert shown.quiz == lesson.steps[index].quiz
            assert shown.showing_summary() or shown._choice_buttons or shown.order_list
        else:
            assert isinstance(shown, ReflectView)
            prompts = lesson.steps[index].reflection.prompts
            assert [w.prompt for w in shown.prompt_widgets] == list(prompts)
            assert all(w.isVisibleTo(shown) for w in shown.prompt_widgets)
        # The pool makes its next view later, between events; never on screen.
        assert pool.spare(kind) is None
        _idle(qtbot, pool)
        assert pool.spare(kind) is not shown and not pool.spare(kind).isVisible()


def test_views_of_a_lesson_left_go_and_the_pool_stays_one_of_each(qtbot, data_paths):
    window, _page, view = _started(qtbot, data_paths)
    lessons = [les for les in list(window.course.lessons())[1:] if not les.content_note]
    for lesson in lessons[:8]:
        window.open_lesson(lesson.id, len(lesson.steps) - 1)
        _idle(qtbot, view.step_pool)
    qtbot.waitUntil(
        lambda: view.step_stack.count() == 1 + 2 + len(view._step_widgets), timeout=TIMEOUT
    )  # the browser, one spare of each kind, and the views of the lesson on show


def test_rehearsing_each_prompt_kind_reads_and_never_writes(
    qtbot, data_paths, shipped_course_dir, monkeypatch
):
    """Each kind of prompt the course has is made once ahead, bound to the learner's
    saved answers and thrown away; nothing the learner has is written by it."""
    prepare_store(data_paths)
    course = load_course(shipped_course_dir).course
    assert course is not None
    made: list[PromptType] = []
    original = ui.reflect_view.make_prompt_widget

    def counted(course, prompt, parent):
        made.append(prompt.type)
        return original(course, prompt, parent)

    monkeypatch.setattr(ui.reflect_view, "make_prompt_widget", counted)
    store = open_store(data_paths, backup_at_open=False)
    try:
        writes: list[str] = []
        for name in ("save_reflection", "record_rating", "save_feelings", "save_perspective"):
            monkeypatch.setattr(store, name, lambda *a, _n=name, **k: writes.append(_n))
        view = LessonView(store)
        qtbot.addWidget(view)
        view.step_pool.prepare(course)
        view.step_pool.run_all()
        kinds = {p.type for les in course.lessons() for r in les.reflections for p in r.prompts}
        assert sorted(made, key=str) == sorted(kinds, key=str)  # one of each kind
        assert kinds >= {PromptType.TEXT, PromptType.SCALE, PromptType.FEELINGS}
        view.step_pool.prepare(course)  # once per kind, not per course load
        view.step_pool.run_all()
        assert len(made) == len(kinds)
        qtbot.wait(10)  # the widgets thrown away are deleted
        assert writes == []
    finally:
        store.close()


def test_the_lesson_page_prepares_only_modules_it_imports() -> None:
    """Made ahead, the lesson page imports its modules one per turn of the event loop;
    the list had kept urllib.request after course.render stopped needing it, so
    preparing the page loaded http.client, ssl and email for nothing."""
    from fresh_process import modules_loaded_by

    from ui.pages.lesson import PREPARE_MODULES

    assert modules_loaded_by("import ui.lesson_view", PREPARE_MODULES) == sorted(PREPARE_MODULES)
