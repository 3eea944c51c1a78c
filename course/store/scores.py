"""Scored, best and latest quiz attempts picked in SQL, for the store and the quick read.

Progress is refreshed every time a lesson opens; with a year or more of practice a
quiz has dozens of attempts, and reading them all to keep three per quiz cost more than
the rest of the refresh. The database picks them instead (window functions, SQLite
3.25+), so at most three rows per quiz leave it. No SQLAlchemy here: the quick read
(course/store/quick_read.py) runs this before SQLAlchemy is imported.

The rules, for finished attempts only: *scored* is the lowest-numbered one (number 1,
the attempt that counts, when it was finished), *best* the highest score with ties
going to the earliest attempt (when the learner first got there), *latest* the
highest-numbered one; *attempts* counts them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from course.store.values import QuizAttempt, QuizScores

ATTEMPT_COLUMNS = (
    "id, course_id, course_version, lesson_id, quiz_id, number, started_at, finished_at, "
    "score, passed"
)
#: Columns of `scores_sql` after ATTEMPT_COLUMNS: count, is_scored, is_best, is_latest.
FLAG_COLUMNS = 4

_Row = TypeVar("_Row", bound=Sequence[object])


def scores_sql(one_quiz: bool = False) -> str:
    """SQL for the picked attempts of a course (`:course_id`), or one quiz (`:quiz_id`).

    Each row is an attempt (ATTEMPT_COLUMNS) followed by the number of finished attempts
    of its quiz and three flags saying which of scored, best and latest it is.
    """
    quiz_filter = " AND quiz_id = :quiz_id" if one_quiz else ""
    return (
        f"SELECT {ATTEMPT_COLUMNS}, finished, is_scored, is_best, is_latest FROM ("
        f"SELECT {ATTEMPT_COLUMNS}, "
        "COUNT(*) OVER (PARTITION BY quiz_id) AS finished, "
        "ROW_NUMBER() OVER (PARTITION BY quiz_id ORDER BY number) = 1 AS is_scored, "
        "ROW_NUMBER() OVER (PARTITION BY quiz_id ORDER BY COALESCE(score, 0.0) DESC, number)"
        " = 1 AS is_best, "
        "ROW_NUMBER() OVER (PARTITION BY quiz_id ORDER BY number DESC) = 1 AS is_latest "
        "FROM quiz_attempts "
        f"WHERE course_id = :course_id AND finished_at IS NOT NULL{quiz_filter}"
        ") WHERE is_scored OR is_best OR is_latest ORDER BY quiz_id, number"
    )


def collect_scores(
    course_id: str, rows: Iterable[_Row], attempt: Callable[[_Row], QuizAttempt]
) -> dict[str, QuizScores]:
    """QuizScores by quiz id from the rows of `scores_sql`; `attempt` turns a row into one."""
    picked: dict[str, dict[str, QuizAttempt]] = {}
    counts: dict[str, int] = {}
    for row in rows:
        made = attempt(row)
        finished, is_scored, is_best, is_latest = row[-FLAG_COLUMNS:]
        roles = picked.setdefault(made.quiz_id, {})
        counts[made.quiz_id] = int(finished)  # type: ignore[call-overload]
        for role, flag in (("scored", is_scored), ("best", is_best), ("latest", is_latest)):
            if flag:
                roles[role] = made
    return {
        quiz_id: QuizScores(
            course_id=course_id,
            quiz_id=quiz_id,
            attempts=counts[quiz_id],
            scored=roles["scored"],
            best=roles["best"],
            latest=roles["latest"],
        )
        for quiz_id, roles in picked.items()
    }
