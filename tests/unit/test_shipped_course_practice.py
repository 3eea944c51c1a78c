"""The shipped course practises what it teaches (issue 9): feelings prompts and
perspective exercises, mostly in Emotional literacy and Empathy in practice, each model
answer naming the partner's feelings in words the app's vocabulary knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.feelings import shipped_vocabulary
from course.loader import load_course
from course.model import Course, PromptType, ReflectPrompt

ROOT = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"
PRACTICE_MODULES = {"emotional-literacy", "empathy-in-practice"}


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(ROOT)
    assert result.course is not None, [f.format() for f in result.findings]
    return result.course


def prompts_of(course: Course, kind: PromptType) -> list[tuple[str, str, ReflectPrompt]]:
    """(module id, lesson id, prompt) for every prompt of `kind`, in reading order."""
    return [
        (module.id, lesson.id, prompt)
        for module in course.modules
        for lesson in module.lessons
        for reflection in lesson.reflections
        for prompt in reflection.prompts
        if prompt.type is kind
    ]


def test_the_shipped_course_has_at_least_four_feelings_prompts_mostly_in_practice_modules(
    course: Course,
) -> None:
    found = prompts_of(course, PromptType.FEELINGS)
    assert len(found) >= 4, found
    in_practice = [p for module, _, p in found if module in PRACTICE_MODULES]
    assert len(in_practice) * 2 > len(found)
    for _, lesson, prompt in found:
        assert "feel" in prompt.prompt.casefold(), (lesson, prompt.id)
        assert 1 <= prompt.picks <= 10, (lesson, prompt.id)


def test_the_shipped_course_has_at_least_four_perspective_exercises_mostly_in_practice_modules(
    course: Course,
) -> None:
    found = prompts_of(course, PromptType.PERSPECTIVE)
    assert len(found) >= 4, found
    in_practice = [p for module, _, p in found if module in PRACTICE_MODULES]
    assert len(in_practice) * 2 > len(found)


def test_every_shipped_model_answer_names_at_least_two_feelings_and_no_vague_word(
    course: Course,
) -> None:
    vocabulary = shipped_vocabulary()
    found = prompts_of(course, PromptType.PERSPECTIVE)
    assert found
    for _, lesson, prompt in found:
        where = (lesson, prompt.id)
        assert prompt.scenario and prompt.scenario.strip(), where
        assert prompt.model_answer, where
        mentions = vocabulary.scan(prompt.model_answer)
        feelings = {m.feeling.word for m in mentions if m.feeling is not None}
        assert len(feelings) >= 2, (where, feelings)
        # The app points out vague words to the learner; its own answer should not use them.
        assert [m.text for m in mentions if m.vague is not None] == [], where
        # Short enough to read in one go after writing, long enough to show feelings and needs.
        assert 60 <= len(prompt.model_answer.split()) <= 120, where
        assert "need" in prompt.model_answer, where
