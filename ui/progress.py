"""The learner's progress in one course, read in one go: plain values, no widgets.

Read from the open store (`fetch_progress`, safe on a worker thread) or, before the
store is open, from a quick read-only look at a plain database (`quick_progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ui.outline import LessonStatus

if TYPE_CHECKING:
    from course.model import Course
    from course.paths import DataPaths
    from course.store.api import LessonState, Position, ProgressStore, QuizScores

# Keys in the store's settings table.
SETTING_FIRST_RUN = "first_run_done"
SETTING_TEXT_SIZE = "text_size"
SETTING_THEME = "theme"
SETTING_AUTO_LOCK = "auto_lock_minutes"
SETTING_REGION = "region"
SETTING_LOCK_ON_HIDE = "lock_on_hide"
DEFAULT_AUTO_LOCK = 10


@dataclass(frozen=True)
class ProgressSnapshot:
    """What the window shows about the learner's progress in one course, read in one go."""

    course_id: str
    statuses: dict[str, LessonStatus]
    position: Position | None
    scores: dict[str, QuizScores]
    settings: dict[str, Any]


def fetch_progress(store: ProgressStore, course: Course) -> ProgressSnapshot:
    """Read progress for `course` (safe on a worker thread: the store takes turns)."""
    return _snapshot(
        course,
        store.lesson_states(course.id),
        store.all_quiz_scores(course.id),
        store.last_position(course.id),
        dict(store.settings()),
    )


def quick_progress(paths: DataPaths, course: Course) -> ProgressSnapshot | None:
    """Progress read without the store (plain profiles only), or None: see quick_read."""
    from course.store.quick_read import read_progress

    quick = read_progress(paths.database, course.id)
    if quick is None:
        return None
    return _snapshot(
        course, quick.lesson_states, quick.quiz_scores, quick.last_position, quick.settings
    )


def _snapshot(
    course: Course,
    states: dict[str, LessonState],
    scores: dict[str, QuizScores],
    position: Position | None,
    settings: dict[str, Any],
) -> ProgressSnapshot:
    statuses: dict[str, LessonStatus] = {}
    for lesson_id, state in states.items():  # lessons with no state are not started
        lesson = course.lesson(lesson_id)
        if lesson is None:
            continue
        quizzes = lesson.quizzes
        passed = bool(quizzes) and all(
            q.id in scores and bool(scores[q.id].best.passed) for q in quizzes
        )
        if state.completed and passed:
            statuses[lesson.id] = LessonStatus.QUIZ_PASSED
        elif state.completed:
            statuses[lesson.id] = LessonStatus.DONE
        else:
            statuses[lesson.id] = LessonStatus.IN_PROGRESS
    return ProgressSnapshot(course.id, statuses, position, scores, settings)


def snapshot_first_run_done(snapshot: ProgressSnapshot | None, store: ProgressStore) -> bool:
    if snapshot is not None:
        return bool(snapshot.settings.get(SETTING_FIRST_RUN, False))
    return bool(store.get_setting(SETTING_FIRST_RUN, False))
