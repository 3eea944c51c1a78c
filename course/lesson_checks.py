"""Checks `validate` runs on a loaded course beyond its structure: region blocks, `minutes`.

Also the one place that estimates a lesson's `minutes` from its words, used by the
loader when a lesson leaves `minutes` out. The estimate is documented in
docs/course-format.md; change both together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from course.model import (
    Course,
    Finding,
    Lesson,
    PromptType,
    QuizStep,
    ReflectStep,
    Severity,
    Step,
    TextStep,
)
from course.regions import region_problems

#: Reading speed for lesson prose, in words a minute.
WORDS_PER_MINUTE = 200
#: Time for a quiz: a minute to settle in, plus half a minute per question for its feedback.
QUIZ_MINUTES = 1.0
QUESTION_MINUTES = 0.5
#: Time for a reflection: a minute for each prompt to write in, half for each rating.
TEXT_PROMPT_MINUTES = 1.0
SCALE_PROMPT_MINUTES = 0.5
#: `minutes` further than this from the estimate (both in minutes and as a share) is a warning.
MINUTES_SLACK = 3
MINUTES_SLACK_RATIO = 0.3

_MINUTES_LINE = re.compile(r"^minutes\s*:", re.MULTILINE)


# A feelings prompt takes about as long as a text one; a perspective exercise is read,
# written, compared and added to.
_PROMPT_MINUTES = {
    PromptType.TEXT: TEXT_PROMPT_MINUTES,
    PromptType.SCALE: SCALE_PROMPT_MINUTES,
    PromptType.FEELINGS: TEXT_PROMPT_MINUTES,
    PromptType.PERSPECTIVE: 3 * TEXT_PROMPT_MINUTES,
}


def estimate_minutes(word_count: int, steps: tuple[Step, ...] | list[Step]) -> int:
    """Reading time for `word_count` words of prose, plus time for quizzes and reflections."""
    total = word_count / WORDS_PER_MINUTE
    for step in steps:
        if isinstance(step, QuizStep):
            total += QUIZ_MINUTES + QUESTION_MINUTES * len(step.quiz.questions)
        elif isinstance(step, ReflectStep):
            for prompt in step.reflection.prompts:
                total += _PROMPT_MINUTES.get(prompt.type, TEXT_PROMPT_MINUTES)
    return max(1, round(total))


def minutes_far_off(given: int, estimate: int) -> bool:
    difference = abs(given - estimate)
    return difference > MINUTES_SLACK and difference > MINUTES_SLACK_RATIO * estimate


def course_findings(course: Course, read_text: Callable[[str], str | None]) -> list[Finding]:
    """Warnings and errors about region markers and `minutes`, for every lesson of `course`.

    `read_text(path)` returns a lesson file's text (or None), only to point a finding at
    the line of its `minutes:` field.
    """
    findings: list[Finding] = []
    for lesson in course.lessons():
        findings.extend(_region_findings(lesson))
        finding = _minutes_finding(lesson, read_text)
        if finding is not None:
            findings.append(finding)
    return findings


def _region_findings(lesson: Lesson) -> list[Finding]:
    findings = []
    for step in lesson.steps:
        if isinstance(step, TextStep):
            for offset, message in region_problems(step.markdown):
                findings.append(Finding(lesson.path, step.line + offset, Severity.ERROR, message))
    return findings


def _minutes_finding(lesson: Lesson, read_text: Callable[[str], str | None]) -> Finding | None:
    estimate = estimate_minutes(lesson.word_count, lesson.steps)
    if not minutes_far_off(lesson.minutes, estimate):
        return None
    text = read_text(lesson.path) or ""
    match = _MINUTES_LINE.search(text)
    line = text.count("\n", 0, match.start()) + 1 if match else 1
    return Finding(
        lesson.path,
        line,
        Severity.WARNING,
        f"'minutes: {lesson.minutes}' is far from the estimate of about {estimate} "
        f"({lesson.word_count} words at {WORDS_PER_MINUTE} a minute, plus time for its "
        "quizzes and reflections); change it, or leave it out to have it computed",
    )
