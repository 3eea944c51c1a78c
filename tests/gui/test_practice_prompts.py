"""Feelings and perspective prompts in a lesson's reflect step, by keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from store_helpers import FakeClock

from course.feelings import Pick
from course.model import Course, Lesson, Module, PromptType, Reflection, ReflectPrompt, ReflectStep
from course.paths import DataPaths
from course.store.api import open_store
from ui.practice_prompts import FeelingsPromptWidget, PerspectivePromptWidget
from ui.reflect_view import ReflectView

FEELINGS = ReflectPrompt(
    id="feel", type=PromptType.FEELINGS, prompt="What do you feel right now?", picks=2
)
PERSPECTIVE = ReflectPrompt(
    id="partner",
    type=PromptType.PERSPECTIVE,
    prompt="What might your partner be feeling, and needing?",
    scenario="You come home **late** again. Your partner is sitting at the kitchen table.",
    model_answer="She may feel hurt, afraid and alone. She may need the truth, and time.",
)
REFLECTION = Reflection(id="practice", prompts=(FEELINGS, PERSPECTIVE))
LESSON = Lesson(
    id="l1", title="Empathy", path="m/l1.md", minutes=5, steps=(ReflectStep(REFLECTION),)
)
COURSE = Course(id="c", version="1.0.0", title="C", modules=(Module("m", "M", (LESSON,)),))


@pytest.fixture
def clock():
    return FakeClock(dt.datetime(2026, 11, 1, 20, 0, tzinfo=dt.UTC))


@pytest.fixture
def store(tmp_path: Path, clock):
    s = open_store(DataPaths(tmp_path / "data"), clock=clock, backup_at_open=False)
    yield s
    s.close()


def make_view(qtbot, store) -> ReflectView:
    view = ReflectView(store)
    qtbot.addWidget(view)
    view.set_reflection(COURSE, LESSON, REFLECTION)
    view.resize(760, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_feelings_prompt_by_keyboard_is_saved_and_shown_again(qtbot, store):
    view = make_view(qtbot, store)
    widget = view.prompt_widget("feel")
    assert isinstance(widget, FeelingsPromptWidget)
    assert view.focus_chain()[:3] == [
        widget.picker.search,
        widget.picker.families,
        widget.picker.words,
    ]
    widget.picker.search.setFocus()
    qtbot.keyClicks(widget.picker.search, "ashamed")
    qtbot.keyClick(widget.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(widget.picker.words, Qt.Key.Key_Space)
    widget.body.setFocus()
    qtbot.keyClicks(widget.body, "hot face")
    view.flush()
    saved = store.latest_feelings("c", "practice", "feel")
    assert saved is not None
    assert saved.picks == (Pick("ashamed", "ashamed", 3),) and saved.body == "hot face"
    # Shown again when the lesson is opened again.
    view_again = make_view(qtbot, store)
    again = view_again.prompt_widget("feel")
    assert isinstance(again, FeelingsPromptWidget)
    assert again.picker.picks() == [Pick("ashamed", "ashamed", 3)]
    assert again.body.text() == "hot face"
    assert "Saved" in again.status_label.text()


def test_the_model_answer_stays_hidden_until_the_learner_has_written(qtbot, store):
    view = make_view(qtbot, store)
    widget = view.prompt_widget("partner")
    assert isinstance(widget, PerspectivePromptWidget)
    assert "late" in widget.scenario.toPlainText()
    assert not widget.revealed_box.isVisible()
    assert not widget.show_button.isEnabled() and widget.hint.isVisible()
    widget.reveal()  # even called directly, nothing is shown without an answer
    assert not widget.is_revealed()
    # Tab from the answer box reaches the button once there is an answer.
    widget.first.setFocus()
    qtbot.keyClicks(widget.first, "I think she feels upset and betrayed")
    assert widget.show_button.isEnabled() and not widget.hint.isVisible()
    qtbot.keyClick(widget.first, Qt.Key.Key_Tab)
    assert view.focusWidget() is widget.show_button
    qtbot.keyClick(widget.show_button, Qt.Key.Key_Space)
    assert widget.is_revealed() and widget.revealed_box.isVisible()
    assert view.focusWidget() is widget.second
    # Feeling words are named in words, not only colour; the vague word is pointed out.
    assert "betrayed" in widget.words_note.text()
    assert "hurt, afraid and alone" in widget.words_note.text()
    assert "You wrote “upset”" in widget.vague_note.text()
    assert (
        "<b" in widget.yours.toHtml()
        and "betrayed" in widget.model.toPlainText() + widget.yours.toPlainText()
    )
    # The learner's own words are text, never markup.
    qtbot.keyClicks(widget.second, " <b>and</b> she may need me to stay")
    view.flush()
    answer = store.perspective("c", "practice", "partner")
    assert answer is not None and answer.revealed
    assert answer.first_draft == "I think she feels upset and betrayed"
    assert answer.second_draft == " <b>and</b> she may need me to stay"


def test_after_the_reveal_the_first_draft_is_kept_and_shown_on_return(qtbot, store):
    view = make_view(qtbot, store)
    widget = view.prompt_widget("partner")
    assert isinstance(widget, PerspectivePromptWidget)
    widget.first.setPlainText("hurt")
    widget.reveal()
    assert widget.first.isReadOnly()
    view_again = make_view(qtbot, store)
    again = view_again.prompt_widget("partner")
    assert isinstance(again, PerspectivePromptWidget)
    assert again.is_revealed() and again.first_draft() == "hurt"
    assert not again.show_button.isVisible()


def test_html_in_an_answer_is_escaped_when_highlighted():
    from course.feelings import shipped_vocabulary
    from ui.practice_prompts import highlighted_html

    text = "<img src=x> I feel hurt"
    html = highlighted_html(text, shipped_vocabulary().scan(text), "#ff0")
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    assert '<b style="background-color:#ff0">hurt</b>' in html
