"""ReflectView: text autosaves (debounced), saves on focus-out and close, and scale prompts
record ratings and show the learner's past ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit, QSlider
from store_helpers import FakeClock

from course.model import (
    Course,
    Lesson,
    Module,
    PromptType,
    Reflection,
    ReflectPrompt,
    ReflectStep,
)
from course.paths import DataPaths
from course.store.api import open_store
from ui.reflect_view import SAVE_FAILED, SAVED, SAVING, ReflectView, ScalePromptWidget

TEXT = ReflectPrompt(
    id="r1", type=PromptType.TEXT, prompt="When did you last notice shame turn into defensiveness?"
)
SCALE = ReflectPrompt(
    id="r2",
    type=PromptType.SCALE,
    prompt="How able was I this week to stay present?",
    min=0,
    max=10,
    labels=((0, "not at all"), (10, "fully")),
)
REFLECTION = Reflection(id="reflect-1", prompts=(TEXT, SCALE))
LESSON = Lesson(
    id="lesson-1", title="Shame", path="m/01.md", minutes=5, steps=(ReflectStep(REFLECTION),)
)
COURSE = Course(
    id="test-course",
    version="1.0.0",
    title="Test",
    modules=(Module(id="m", title="Module", lessons=(LESSON,)),),
)


@pytest.fixture
def clock() -> FakeClock:
    """The store's clock, moved on by hand so ratings a week apart can be made at once."""
    return FakeClock(dt.datetime(2026, 11, 1, 20, 0, tzinfo=dt.UTC))


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock):
    s = open_store(DataPaths(tmp_path / "data"), clock=clock, backup_at_open=False)
    yield s
    s.close()


@pytest.fixture
def view(qtbot, store) -> ReflectView:
    v = ReflectView(store)
    qtbot.addWidget(v)
    v.set_reflection(COURSE, LESSON, REFLECTION)
    v.resize(700, 600)
    v.show()
    return v


def test_text_autosaves_after_the_debounce(view: ReflectView, qtbot, store) -> None:
    prompt = view.prompt_widget("r1")
    editor = prompt.editor
    qtbot.keyClicks(editor, "When she cried")
    assert prompt.status_label.text() == SAVING
    assert prompt.save_timer.isActive()
    assert store.reflection_text(COURSE.id, REFLECTION.id, "r1") is None  # not yet
    with qtbot.waitSignal(view.saved) as blocker:
        prompt.save_timer.timeout.emit()  # the debounce running out
    assert blocker.args == ["r1"]
    assert store.reflection_text(COURSE.id, REFLECTION.id, "r1") == "When she cried"
    assert prompt.status_label.text() == SAVED


def test_the_debounce_fires_on_its_own(view: ReflectView, qtbot, store) -> None:
    prompt = view.prompt_widget("r1")
    prompt.editor.setPlainText("Yesterday")
    with qtbot.waitSignal(view.saved, timeout=5000):
        pass
    assert store.reflection_text(COURSE.id, REFLECTION.id, "r1") == "Yesterday"


def test_saved_on_close(view: ReflectView, qtbot, store) -> None:
    prompt = view.prompt_widget("r1")
    qtbot.keyClicks(prompt.editor, "Typed just before closing")
    view.close()
    assert store.reflection_text(COURSE.id, REFLECTION.id, "r1") == "Typed just before closing"


def test_saved_on_focus_out(view: ReflectView, qtbot, store) -> None:
    prompt = view.prompt_widget("r1")
    view.activateWindow()
    prompt.editor.setFocus()
    qtbot.keyClicks(prompt.editor, "Focus")
    scale = view.prompt_widget("r2")
    assert isinstance(scale, ScalePromptWidget)
    scale.slider.setFocus()
    qtbot.waitUntil(lambda: store.reflection_text(COURSE.id, REFLECTION.id, "r1") == "Focus")


def test_text_is_shown_again_and_history_kept(qtbot, store) -> None:
    store.save_reflection(COURSE, LESSON.id, REFLECTION.id, "r1", "Earlier words")
    view = ReflectView(store)
    qtbot.addWidget(view)
    view.set_reflection(COURSE, LESSON, REFLECTION)
    assert view.prompt_widget("r1").text() == "Earlier words"
    assert view.prompt_widget("r1").status_label.text() == SAVED


def test_scale_records_a_rating_and_shows_past_ones(view: ReflectView, qtbot, store, clock) -> None:
    scale = view.prompt_widget("r2")
    assert isinstance(scale, ScalePromptWidget)
    assert scale.min_label.text() == "0: not at all"
    assert scale.max_label.text() == "10: fully"
    assert scale.value_label.text() == "Not rated yet"
    scale.slider.setFocus()
    qtbot.keyClick(scale.slider, Qt.Key.Key_Right)
    assert scale.value() == 6
    with qtbot.waitSignal(view.saved):
        scale.save_timer.timeout.emit()
    assert [r.value for r in store.ratings(COURSE.id, REFLECTION.id, "r2")] == [6]
    # A week later: a new rating, and both show in the history.
    clock.now += dt.timedelta(days=7)
    scale.slider.setValue(8)
    scale.save_timer.timeout.emit()
    assert [r.value for r in store.ratings(COURSE.id, REFLECTION.id, "r2")] == [6, 8]
    assert scale.sparkline.values() == [6, 8]
    history = scale.history_label.text().replace("\u00a0", " ")
    assert history.index("8 Nov 2026: 8") < history.index("1 Nov 2026: 6")  # newest first


def test_scale_history_is_loaded(qtbot, store, clock) -> None:
    for value in (3, 4, 6):
        store.record_rating(COURSE, LESSON.id, REFLECTION.id, "r2", value)
        clock.now += dt.timedelta(days=7)
    view = ReflectView(store)
    qtbot.addWidget(view)
    view.set_reflection(COURSE, LESSON, REFLECTION)
    scale = view.prompt_widget("r2")
    assert isinstance(scale, ScalePromptWidget)
    assert scale.value() == 6
    assert scale.value_label.text() == "Last rating: 6"
    assert scale.sparkline.values() == [3, 4, 6]
    assert scale.sparkline.accessibleDescription() == "3, 4, 6"
    # Merely opening the step records nothing new.
    view.flush()
    assert len(store.ratings(COURSE.id, REFLECTION.id, "r2")) == 3
    # "Save rating" repeats last week's value on purpose.
    qtbot.mouseClick(scale.save_button, Qt.MouseButton.LeftButton)
    assert [r.value for r in store.ratings(COURSE.id, REFLECTION.id, "r2")] == [3, 4, 6, 6]


def _failing_save(qtbot, store, error: Exception, text: str) -> tuple[object, str]:
    """A prompt whose save raises `error` after `text` was typed: (prompt, words shown)."""
    view = ReflectView(store)
    qtbot.addWidget(view)
    view.set_reflection(COURSE, LESSON, REFLECTION)
    prompt = view.prompt_widget("r1")

    def broken(*args, **kwargs):
        raise error

    store.save_reflection = broken  # type: ignore[method-assign]
    prompt.editor.setPlainText(text)
    with qtbot.waitSignal(view.save_failed) as blocker:
        prompt.flush()
    return prompt, blocker.args[0]


def test_a_failed_save_keeps_the_text_and_says_so(qtbot, store) -> None:
    prompt, _said = _failing_save(qtbot, store, OSError("disk full"), "Don't lose me")
    assert prompt.text() == "Don't lose me"
    assert prompt.status_label.text() == SAVE_FAILED
    assert prompt.has_unsaved_changes()


def test_a_full_disk_says_the_disk_is_full(qtbot, store) -> None:
    from course.store.api import StoreUnavailable
    from course.store.errors import DISK_FULL

    prompt, said = _failing_save(qtbot, store, StoreUnavailable(DISK_FULL), "Keep me")
    assert "disk is full" in said and "free space" in said
    assert "disk is full" in prompt.status_label.text() and prompt.text() == "Keep me"


def test_every_control_has_an_accessible_name(view: ReflectView) -> None:
    controls = (
        view.findChildren(QPlainTextEdit)
        + view.findChildren(QSlider)
        + view.findChildren(QAbstractButton)
    )
    assert controls
    assert [w for w in controls if not w.accessibleName()] == []
