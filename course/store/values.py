"""The store's plain values that the first frame needs, apart from the rest of its API.

The window shows the learner's progress before its first paint from a read-only look at
the database (course/store/quick_read.py), and that look builds these values. Kept here,
away from course/store/api.py's two dozen other dataclasses, so that look costs only
what it uses: each frozen dataclass costs about a millisecond to create at import.
course.store.api re-exports every name here; import them from there (or course.store).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

#: An answer, in the shapes `course.grading` takes: an option index (single), a set of
#: option indices (multiple), True/False (true_false), or the original item indices in
#: the learner's order (order). It comes back from the store in the same shape, so a
#: saved answer can be handed straight to `grading.grade`.
AnswerValue = int | bool | frozenset[int] | tuple[int, ...]
#: A setting's value: anything JSON can hold without nesting.
SettingValue = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class LessonState:
    """What the store knows about one lesson for this learner."""

    course_id: str
    lesson_id: str
    course_version: str  # the course version last seen for this lesson
    visits: int
    first_visited_at: dt.datetime
    last_visited_at: dt.datetime
    completed_at: dt.datetime | None
    step_index: int  # the step to resume at
    scroll: float  # scroll position within that step, 0.0 (top) to 1.0 (bottom)
    active_seconds: float  # time the learner was actually active in the lesson

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True, slots=True)
class Position:
    """Where to resume: "continue where you left off"."""

    course_id: str
    course_version: str
    lesson_id: str
    step_index: int
    scroll: float
    at: dt.datetime  # when the learner was last there


@dataclass(frozen=True, slots=True)
class SavedAnswer:
    question_id: str
    answer: AnswerValue
    score: float  # 0.0 to 1.0 for this question (partial credit allowed)
    answered_at: dt.datetime


@dataclass(frozen=True, slots=True)
class QuizAttempt:
    """One attempt at a quiz. `number` 1 is the scored attempt; later ones are practice."""

    id: int
    course_id: str
    course_version: str
    lesson_id: str
    quiz_id: str
    number: int
    started_at: dt.datetime
    finished_at: dt.datetime | None  # None while the attempt is still open
    score: float | None  # 0.0 to 1.0 over all questions; None until finished
    passed: bool | None  # None until finished
    answers: tuple[SavedAnswer, ...]

    @property
    def scored(self) -> bool:
        """True for the first attempt, the one that counts."""
        return self.number == 1


@dataclass(frozen=True, slots=True)
class QuizScores:
    """Scores for one quiz: the scored (first), best and latest finished attempts."""

    course_id: str
    quiz_id: str
    attempts: int  # finished attempts
    scored: QuizAttempt
    best: QuizAttempt
    latest: QuizAttempt


SQLITE_HEADER = b"SQLite format 3\x00"


def is_encrypted(path: Path) -> bool:
    """True if the file exists and is not a plain SQLite database (so it needs a key).

    Cheap: reads 16 bytes. A missing or empty file is not encrypted.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:  # missing, or a file where a folder should be: the store says which
        return False
    return bool(head) and head != SQLITE_HEADER
