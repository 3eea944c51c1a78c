"""The learner's progress in one course, read in one go: plain values, no widgets.

Read from the open store (`fetch_progress`, safe on a worker thread) or, before the
store is open, from a quick read-only look at a plain database (`quick_progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ui.outline import LessonStatus

if TYPE_CHECKING:
    from course.model import Course, Lesson
    from course.paths import DataPaths
    from course.store.api import Position, ProgressStore, QuizScores

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
    """Read progress for `course` (safe on a worker thread: the store takes turns).

    Plain SQL, quiz attempts without their answers: the outline and Home need no more.
    """
    summary = store.progress_summary(course.id)
    return _snapshot(
        course,
        summary.completed,
        summary.quiz_scores,
        summary.last_position,
        dict(summary.settings),
    )


def fetch_lesson_progress(
    store: ProgressStore, course: Course, lesson: Lesson, snapshot: ProgressSnapshot
) -> ProgressSnapshot:
    """`snapshot` with one lesson read again: its status, its quizzes' scores and the
    position. What opening a lesson, finishing a quiz or completing it can change, read
    in three small queries instead of the whole course (issue 14)."""
    quiz_ids = [quiz.id for quiz in lesson.quizzes]
    summary = store.lesson_summary(course.id, lesson.id, quiz_ids)
    scores = dict(snapshot.scores)
    for quiz_id in quiz_ids:
        picked = summary.quiz_scores.get(quiz_id)
        if picked is None:
            scores.pop(quiz_id, None)
        else:
            scores[quiz_id] = picked
    statuses = dict(snapshot.statuses)
    if summary.state is None:
        statuses.pop(lesson.id, None)
    else:
        statuses[lesson.id] = _status(lesson, summary.state.completed, scores)
    return ProgressSnapshot(course.id, statuses, summary.last_position, scores, snapshot.settings)


def quick_progress(paths: DataPaths, course: Course) -> ProgressSnapshot | None:
    """Progress read without the store (plain profiles only), or None: see quick_read."""
    from course.store.quick_read import read_progress

    quick = read_progress(paths.database, course.id)
    if quick is None:
        return None
    return _snapshot(
        course, quick.completed, quick.quiz_scores, quick.last_position, quick.settings
    )


def _snapshot(
    course: Course,
    completed: dict[str, bool],
    scores: dict[str, QuizScores],
    position: Position | None,
    settings: dict[str, Any],
) -> ProgressSnapshot:
    """`completed` has every lesson opened (complete or not); the rest are not started."""
    statuses: dict[str, LessonStatus] = {}
    for lesson_id, done in completed.items():
        lesson = course.lesson(lesson_id)
        if lesson is not None:
            statuses[lesson.id] = _status(lesson, done, scores)
    return ProgressSnapshot(course.id, statuses, position, scores, settings)


def _status(lesson: Lesson, completed: bool, scores: dict[str, QuizScores]) -> LessonStatus:
    if not completed:
        return LessonStatus.IN_PROGRESS
    quizzes = lesson.quizzes
    if quizzes and all(q.id in scores and bool(scores[q.id].best.passed) for q in quizzes):
        return LessonStatus.QUIZ_PASSED
    return LessonStatus.DONE


def snapshot_first_run_done(snapshot: ProgressSnapshot | None, store: ProgressStore) -> bool:
    if snapshot is not None:
        return bool(snapshot.settings.get(SETTING_FIRST_RUN, False))
    return bool(store.get_setting(SETTING_FIRST_RUN, False))
