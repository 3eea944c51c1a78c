"""Printable worksheets (issue 11): a lesson's reflect and perspective prompts and its
quizzes, never an answer, a model answer, feedback or an explanation."""

from __future__ import annotations

import html
import re

from worksheet_course import ANSWERS, COURSE, LESSON, PLAIN, QUIZ, REFLECTION

from course.model import Lesson, PromptType, Reflection, ReflectPrompt, ReflectStep
from course.worksheet import has_worksheet, suggested_file_name, worksheet_html


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_the_worksheet_has_every_prompt_and_question_and_no_answer() -> None:
    text = text_of(worksheet_html(COURSE, LESSON))
    for prompt in REFLECTION.prompts:
        assert prompt.prompt in text
    for question in QUIZ.questions:
        assert question.prompt in text
    for words in ("I made a mistake.", "I am a mistake.", "True", "False", "Reflect back"):
        assert words in text
    assert "You come home an hour late." in text and "She is at the table." in text
    assert "Worksheet: Shame and guilt" in text and "The course · Shame" in text
    for answer in ANSWERS:
        assert answer not in text
    assert "Prose that is not printed." not in text
    assert "not at all" in text and "fully" in text  # the scale's ends


def test_order_items_are_never_printed_in_the_order_that_is_the_answer() -> None:
    text = text_of(worksheet_html(COURSE, LESSON))
    items = QUIZ.questions[2].items
    positions = [text.index(item) for item in items]
    assert positions != sorted(positions)


def test_parts_can_be_left_out() -> None:
    quiz_only = text_of(worksheet_html(COURSE, LESSON, reflections=False))
    assert QUIZ.questions[0].prompt in quiz_only
    assert REFLECTION.prompts[0].prompt not in quiz_only
    prompts_only = text_of(worksheet_html(COURSE, LESSON, quizzes=False))
    assert REFLECTION.prompts[3].prompt in prompts_only
    assert QUIZ.questions[0].prompt not in prompts_only


def test_which_lessons_have_a_worksheet_and_its_file_name() -> None:
    assert has_worksheet(LESSON) and not has_worksheet(PLAIN)
    assert suggested_file_name(LESSON) == "worksheet-shame-and-guilt.pdf"


def test_author_text_is_escaped() -> None:
    odd = Lesson(
        id="odd",
        title="<b>Bold</b> & more",
        path="m/03.md",
        minutes=1,
        steps=(
            ReflectStep(
                Reflection("r", (ReflectPrompt(id="p", type=PromptType.TEXT, prompt="<script>x"),))
            ),
        ),
    )
    markup = worksheet_html(COURSE, odd)
    assert "<script>" not in markup and "&lt;script&gt;x" in markup
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; more" in markup
