"""Prompt widgets made ahead (issue 14): a reflection opening takes empty prompt widgets
made between the window's events and gives each its prompt, instead of making them.

A widget made ahead must show only its own prompt and what the learner saved for it:
never another prompt's words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_window import TIMEOUT, prepare_store, start
from store_helpers import CountingStore, FakeClock

import ui.reflect_view
from course.feelings import Pick
from course.model import Course, Lesson, Module, PromptType, Reflection, ReflectPrompt, ReflectStep
from course.paths import DataPaths
from course.store.api import open_store
from ui.practice_prompts import FeelingsPromptWidget, PerspectivePromptWidget
from ui.reflect_view import ReflectView, ScalePromptWidget, TextPromptWidget


def _prompts(tag: str) -> tuple[ReflectPrompt, ...]:
    return (
        ReflectPrompt(id=f"{tag}-text", type=PromptType.TEXT, prompt=f"{tag}: what happened?"),
        ReflectPrompt(
            id=f"{tag}-scale",
            type=PromptType.SCALE,
            prompt=f"{tag}: how present were you?",
            min=0,
            max=10,
            labels=((0, f"{tag} low"), (10, f"{tag} high")),
        ),
        ReflectPrompt(id=f"{tag}-feel", type=PromptType.FEELINGS, prompt=f"{tag}: feelings?"),
        ReflectPrompt(
            id=f"{tag}-persp",
            type=PromptType.PERSPECTIVE,
            prompt=f"{tag}: what might they feel?",
            scenario=f"The {tag} situation.",
            model_answer="They may feel hurt and afraid.",
        ),
    )


FIRST = Reflection(id="first", prompts=_prompts("alpha"))
SECOND = Reflection(id="second", prompts=_prompts("beta"))
LESSON = Lesson(
    id="l1", title="L", path="m/l1.md", minutes=5, steps=(ReflectStep(FIRST), ReflectStep(SECOND))
)
COURSE = Course(id="c", version="1.0.0", title="C", modules=(Module("m", "M", (LESSON,)),))
SECRET = "a private sentence only the first reflection holds"


@pytest.fixture
def store(tmp_path: Path):
    clock = FakeClock(dt.datetime(2026, 11, 1, 20, 0, tzinfo=dt.UTC))
    s = open_store(DataPaths(tmp_path / "data"), clock=clock, backup_at_open=False)
    yield s
    s.close()


def _save_first(store) -> None:
    """Everything the learner could have saved for the first reflection's prompts."""
    text, scale, feel, persp = FIRST.prompts
    store.save_reflection(COURSE, "l1", "first", text.id, SECRET)
    store.record_rating(COURSE, "l1", "first", scale.id, 9)
    store.save_feelings(
        COURSE, "l1", "first", feel.id, [Pick("ashamed", "ashamed", 4)], SECRET, SECRET
    )
    store.save_perspective(COURSE, "l1", "first", persp.id, first_draft=SECRET, reveal=True)
    store.save_perspective(COURSE, "l1", "first", persp.id, second_draft=SECRET)


def _words_shown(widget) -> str:
    """Every text a prompt widget holds, shown or as an accessible name."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextBrowser, QWidget

    out = []
    for child in [widget, *widget.findChildren(QWidget)]:
        out.append(child.accessibleName() + " " + child.accessibleDescription())
        if isinstance(child, QLabel | QLineEdit):
            out.append(child.text())
        elif isinstance(child, QPlainTextEdit | QTextBrowser):
            out.append(child.toPlainText())
    return "\n".join(out)


def _count_made(monkeypatch) -> list[PromptType]:
    """The kinds of prompt widget made from now on (a spare taken is not made)."""
    made: list[PromptType] = []
    original = ui.reflect_view.new_prompt_widget
    monkeypatch.setattr(
        ui.reflect_view,
        "new_prompt_widget",
        lambda course, kind, parent: made.append(kind) or original(course, kind, parent),
    )
    return made


def test_a_widget_given_another_prompt_shows_none_of_the_first_prompts_words(qtbot, store):
    _save_first(store)
    for first, second in zip(FIRST.prompts, SECOND.prompts, strict=True):
        widget = ui.reflect_view.make_prompt_widget(COURSE, first, None)
        qtbot.addWidget(widget)
        widget.bind(store, COURSE, LESSON, FIRST)
        assert SECRET in _words_shown(widget) or isinstance(widget, ScalePromptWidget)

        widget.set_prompt(second)
        widget.bind(store, COURSE, LESSON, SECOND)

        shown = _words_shown(widget)
        assert SECRET not in shown and "alpha" not in shown, first.type
        assert "beta" in shown
        if isinstance(widget, TextPromptWidget):
            assert widget.text() == "" and not widget.has_unsaved_changes()
        elif isinstance(widget, ScalePromptWidget):
            assert widget.value_label.text() == "Not rated yet"
            assert widget.sparkline.values() == [] and widget.value() == 5
        elif isinstance(widget, FeelingsPromptWidget):
            assert widget.picker.picks() == [] and widget.note.text() == ""
        else:
            assert isinstance(widget, PerspectivePromptWidget)
            assert not widget.is_revealed() and widget.first_draft() == ""
            assert widget.revealed_box.isHidden()
        widget.flush()  # nothing of the first prompt is written to the second
    assert store.reflection_text("c", "second", "beta-text") is None
    assert store.latest_feelings("c", "second", "beta-feel") is None
    assert store.perspective("c", "second", "beta-persp") is None
    assert store.ratings("c", "second", "beta-scale") == []


def test_a_reflection_takes_the_widgets_made_ahead_and_shows_what_was_saved(
    qtbot, store, monkeypatch
):
    _save_first(store)
    view = ReflectView(store)
    qtbot.addWidget(view)
    for prompt in FIRST.prompts:
        view.add_spare_prompt(COURSE, prompt.type)
    view.add_spare_prompt(COURSE, PromptType.TEXT)  # one more than it needs: stays hidden
    spares = {id(w) for kind in view._spares.values() for w in kind}
    made = _count_made(monkeypatch)

    view.set_reflection(COURSE, LESSON, FIRST)
    view.resize(760, 900)
    view.show()
    qtbot.waitExposed(view)

    assert made == []
    assert {id(w) for w in view.prompt_widgets} <= spares
    assert [w.prompt for w in view.prompt_widgets] == list(FIRST.prompts)
    assert all(w.isVisible() for w in view.prompt_widgets)
    assert view.spare_prompts(PromptType.TEXT) == 1
    text, scale, feel, persp = view.prompt_widgets
    assert isinstance(text, TextPromptWidget) and text.text() == SECRET
    assert isinstance(scale, ScalePromptWidget) and scale.value() == 9
    assert isinstance(feel, FeelingsPromptWidget)
    assert feel.picker.picks() == [Pick("ashamed", "ashamed", 4)] and feel.note.text() == SECRET
    assert isinstance(persp, PerspectivePromptWidget) and persp.is_revealed()
    assert persp.second.toPlainText() == SECRET
    # The hidden spare left over is not on the way of Tab, nor on screen.
    leftover = view._spares[PromptType.TEXT][0]
    assert not leftover.isVisible()
    assert leftover.editor not in view.focus_chain()


def test_a_widget_made_with_another_vocabulary_is_not_taken(qtbot, store):
    from course.feelings import Vocabulary, shipped_vocabulary

    shipped = shipped_vocabulary()
    view = ReflectView(store)
    qtbot.addWidget(view)
    other = Course(
        id="c",
        version="1.0.0",
        title="C",
        modules=COURSE.modules,
        feelings=Vocabulary(shipped.families, shipped.feelings, shipped.vague),
    )
    view.add_spare_prompt(other, PromptType.FEELINGS)
    spare = view._spares[PromptType.FEELINGS][0]
    view.set_reflection(COURSE, LESSON, Reflection(id="first", prompts=(FIRST.prompts[2],)))
    assert view.prompt_widgets[0] is not spare
    assert view.prompt_widgets[0].picker.vocabulary is shipped_vocabulary()


def test_opening_on_a_reflection_makes_no_prompt_widget(qtbot, data_paths, monkeypatch):
    """With the pool idle, a lesson opened on its fullest reflection step takes every
    prompt widget from the spare view, filled in with what was saved, at once."""
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.lesson_pages.is_made, timeout=TIMEOUT)
    view = window.lesson_pages.view
    pool = view.step_pool
    course = window.course
    lesson, index, reflection = max(
        (
            (les, i, step.reflection)
            for les in list(course.lessons())[1:]
            if not les.content_note
            for i, step in enumerate(les.steps)
            if isinstance(step, ReflectStep)
        ),
        key=lambda found: len(found[2].prompts),
    )
    text_prompt = next(p for p in reflection.prompts if p.type is PromptType.TEXT)
    window.store.save_reflection(course, lesson.id, reflection.id, text_prompt.id, SECRET)

    def idle() -> bool:
        spare = pool.spare(ReflectView)
        return (
            pool.pending() == 0
            and isinstance(spare, ReflectView)
            and all(spare.spare_prompts(k) == n for k, n in pool.prompt_needs.items())
        )

    qtbot.waitUntil(idle, timeout=TIMEOUT)
    assert pool.prompt_needs[PromptType.TEXT] >= 3
    made = _count_made(monkeypatch)

    window.open_lesson(lesson.id, index)

    shown = view.current_step_widget()
    assert isinstance(shown, ReflectView) and shown.isVisible()
    assert made == []
    assert [w.prompt for w in shown.prompt_widgets] == list(reflection.prompts)
    assert all(w.isVisible() for w in shown.prompt_widgets)
    written = shown.prompt_widget(text_prompt.id)
    assert isinstance(written, TextPromptWidget) and written.text() == SECRET
    others = [w for w in shown.prompt_widgets if w is not written]
    assert all(SECRET not in _words_shown(w) for w in others)


def test_spare_prompts_are_made_after_each_kind_is_rehearsed(
    qtbot, store, shipped_course_dir, monkeypatch
):
    """A course given to a pool that has a spare ReflectView already (a course switch)
    gets its spare prompt widgets after the turns that read its feelings vocabulary and
    rehearse each kind: otherwise the first spare of a kind pays both in one turn."""
    import ui.step_pool
    from course.loader import load_course
    from ui.lesson_view import LessonView

    course = load_course(shipped_course_dir).course
    assert course is not None
    view = LessonView(store)
    qtbot.addWidget(view)
    pool = view.step_pool
    pool.refill()
    pool.run_all()
    assert isinstance(pool.spare(ReflectView), ReflectView)
    order: list[str] = []
    monkeypatch.setattr(ui.step_pool, "_read_vocabulary", lambda c: order.append("vocabulary"))
    monkeypatch.setattr(pool, "_rehearse_prompt", lambda *a: order.append("rehearse"))
    monkeypatch.setattr(pool, "_rehearse_quiz", lambda *a: order.append("rehearse"))
    original = ReflectView.add_spare_prompt
    monkeypatch.setattr(
        ReflectView,
        "add_spare_prompt",
        lambda self, c, kind: order.append("spare") or original(self, c, kind),
    )

    pool.prepare(course)
    pool.run_all()

    assert "vocabulary" in order and "spare" in order
    last_rehearsal = max(i for i, what in enumerate(order) if what != "spare")
    assert order.index("spare") > last_rehearsal


def test_a_reflection_reads_what_was_saved_in_one_store_call(qtbot, store):
    """Issue 14: each prompt read its own saved answer as the step opened (a scale twice),
    each read its own transaction: most of a reflection opening's time in the store. One
    call now reads them all; a prompt with nothing saved shows empty."""
    _save_first(store)
    counting = CountingStore(store)
    view = ReflectView(counting)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.set_reflection(COURSE, LESSON, FIRST)
    assert counting.calls == ["reflection_opening"]
    text, scale, feel, persp = view.prompt_widgets
    assert text.text() == SECRET and scale.value() == 9
    assert "9" in scale.history_label.text() and scale.sparkline.isVisibleTo(view)
    assert feel.picker.picks() == [Pick("ashamed", "ashamed", 4)] and feel.body.text() == SECRET
    assert persp.is_revealed() and persp.first.toPlainText() == SECRET
    counting.calls.clear()
    view.set_reflection(COURSE, LESSON, SECOND)  # nothing saved for these
    assert counting.calls == ["reflection_opening"]
    text, scale, feel, persp = view.prompt_widgets
    assert text.text() == "" and scale.value() == 5 and feel.picker.picks() == []
    assert not persp.is_revealed() and persp.first.toPlainText() == ""
