"""A read-only first look at a plain profile's progress with the stdlib sqlite3, no SQLAlchemy.

Opening the full store means importing SQLAlchemy (about half a second), so at start-up
the window shows the learner's progress from this quick read first and the store takes
over, for every write and every later read, once it is open. Only a plain (unencrypted)
database at the current schema revision is read; anything else (missing, encrypted,
older or newer, damaged, busy) gives None and the window simply waits for the store.

The SQL mirrors course/store/queries.py for the same tables (course/store/tables.py);
tests/unit/test_store_quick_read.py checks both give the same values on a real store.
Quiz attempts come back without their answers: the first look never needs them.

The open store reads progress with the same SQL (`course_summary`, `lesson_summary` over
its own connection): the refresh after every lesson opening needs only these plain
values, and reading them without the ORM costs a fraction (issue 14).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from course.store.schema import HEAD_REVISION, read_revision
from course.store.scores import ATTEMPT_COLUMNS, collect_scores, scores_sql
from course.store.values import (
    AnswerValue,
    LessonState,
    Position,
    QuizAttempt,
    QuizScores,
    SavedAnswer,
    SettingValue,
    is_encrypted,
)

_LESSON_COLUMNS = (
    "course_id, lesson_id, course_version, visits, first_visited_at, last_visited_at, "
    "completed_at, step_index, scroll, active_seconds"
)


class Reader(Protocol):
    """What the readers need of a connection: sqlite3's `execute` (or an adapter to it)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


@dataclass(frozen=True, slots=True)
class QuickProgress:
    """What the home page and outline show for one course, read without the store.

    `completed` says, for every lesson the learner has opened, whether it is complete:
    all the outline and Home need of a lesson's state, read without building one per
    row (a thousand of them cost more than the rest of the read).
    """

    completed: dict[str, bool]
    last_position: Position | None
    quiz_scores: dict[str, QuizScores]
    settings: dict[str, SettingValue]


def _open_current(database: Path) -> sqlite3.Connection | None:
    """A read-only connection to a plain database at the current revision, else None."""
    try:
        if not database.is_file() or is_encrypted(database):
            return None
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except (OSError, sqlite3.Error):
        return None
    try:
        if read_revision(conn) == HEAD_REVISION:
            return conn
    except sqlite3.Error:
        pass
    conn.close()  # no tables yet, or a migration is due: the store deals with it
    return None


def read_progress(database: Path, course_id: str) -> QuickProgress | None:
    """The course's progress from a plain database at the current revision, else None.

    Never writes, never raises: it opens the file read-only, and on any doubt returns
    None so the caller waits for the full store instead.
    """
    conn = _open_current(database)
    if conn is None:
        return None
    try:
        return course_summary(conn, course_id)
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()


def course_summary(conn: Reader, course_id: str) -> QuickProgress:
    """Every lesson's state, the last position, picked quiz scores and the settings."""
    return QuickProgress(
        completed=_completed(conn, course_id),
        last_position=_last_position(conn, course_id),
        quiz_scores=_quiz_scores(conn, course_id),
        settings={
            str(key): json.loads(value)
            for key, value in conn.execute("SELECT key, value_json FROM settings")
        },
    )


@dataclass(frozen=True, slots=True)
class LessonSummary:
    """What one lesson's opening (or quiz) can have changed: its state, its quizzes'
    picked scores (those with a finished attempt) and the course's last position."""

    state: LessonState | None
    last_position: Position | None
    quiz_scores: dict[str, QuizScores]


def lesson_summary(
    conn: Reader, course_id: str, lesson_id: str, quiz_ids: Iterable[str]
) -> LessonSummary:
    row = conn.execute(
        f"SELECT {_LESSON_COLUMNS} FROM lesson_progress WHERE course_id = ? AND lesson_id = ?",
        (course_id, lesson_id),
    ).fetchone()
    scores: dict[str, QuizScores] = {}
    for quiz_id in dict.fromkeys(quiz_ids):
        rows = conn.execute(scores_sql(one_quiz=True), {"course_id": course_id, "quiz_id": quiz_id})
        scores.update(collect_scores(course_id, rows, _attempt))
    return LessonSummary(
        state=None if row is None else _lesson_state(row),
        last_position=_last_position(conn, course_id),
        quiz_scores=scores,
    )


def read_setting(database: Path, key: str) -> SettingValue:
    """One setting from a plain database at the current revision, else None.

    Never writes, never raises, like `read_progress`: an encrypted store says nothing
    before it is unlocked.
    """
    conn = _open_current(database)
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
        value = None if row is None else json.loads(row[0])
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()
    return value if isinstance(value, str | int | float | bool) else None


def read_settings(database: Path, keys: Sequence[str]) -> dict[str, SettingValue]:
    """Some settings from a plain database at the current revision, in one look; those
    missing (or an encrypted, older, damaged or busy store) are left out. Never raises."""
    conn = _open_current(database)
    if conn is None:
        return {}
    try:
        marks = ", ".join("?" for _ in keys)
        rows = conn.execute(
            f"SELECT key, value_json FROM settings WHERE key IN ({marks})", tuple(keys)
        ).fetchall()
        values = {str(key): json.loads(text) for key, text in rows}
    except (sqlite3.Error, ValueError, TypeError):
        return {}
    finally:
        conn.close()
    return {k: v for k, v in values.items() if isinstance(v, str | int | float | bool)}


def _utc(text: object) -> dt.datetime:
    # SQLAlchemy keeps naive UTC as "YYYY-MM-DD HH:MM:SS.ffffff" (see tables.UtcDateTime).
    return dt.datetime.fromisoformat(str(text)).replace(tzinfo=dt.UTC)


def _utc_or_none(text: object) -> dt.datetime | None:
    return None if text is None else _utc(text)


def _lesson_state(row: Sequence[object]) -> LessonState:
    return LessonState(
        course_id=str(row[0]),
        lesson_id=str(row[1]),
        course_version=str(row[2]),
        visits=int(row[3]),  # type: ignore[call-overload]
        first_visited_at=_utc(row[4]),
        last_visited_at=_utc(row[5]),
        completed_at=_utc_or_none(row[6]),
        step_index=int(row[7]),  # type: ignore[call-overload]
        scroll=float(row[8]),  # type: ignore[arg-type]
        active_seconds=float(row[9]),  # type: ignore[arg-type]
    )


def _completed(conn: Reader, course_id: str) -> dict[str, bool]:
    rows = conn.execute(
        "SELECT lesson_id, completed_at IS NOT NULL FROM lesson_progress WHERE course_id = ?",
        (course_id,),
    )
    return {str(lesson_id): bool(done) for lesson_id, done in rows}


def _last_position(conn: Reader, course_id: str) -> Position | None:
    row = conn.execute(
        "SELECT course_id, course_version, lesson_id, step_index, scroll, last_visited_at "
        "FROM lesson_progress WHERE course_id = ? "
        "ORDER BY last_visited_at DESC, id DESC LIMIT 1",
        (course_id,),
    ).fetchone()
    if row is None:
        return None
    return Position(
        course_id=str(row[0]),
        course_version=str(row[1]),
        lesson_id=str(row[2]),
        step_index=int(row[3]),
        scroll=float(row[4]),
        at=_utc(row[5]),
    )


def _attempt(row: Sequence[object]) -> QuizAttempt:
    return QuizAttempt(
        id=int(row[0]),  # type: ignore[call-overload]
        course_id=str(row[1]),
        course_version=str(row[2]),
        lesson_id=str(row[3]),
        quiz_id=str(row[4]),
        number=int(row[5]),  # type: ignore[call-overload]
        started_at=_utc(row[6]),
        finished_at=_utc_or_none(row[7]),
        score=None if row[8] is None else float(row[8]),  # type: ignore[arg-type]
        passed=None if row[9] is None else bool(row[9]),
        answers=(),
    )


def _quiz_scores(conn: Reader, course_id: str) -> dict[str, QuizScores]:
    """Scored, best and latest finished attempt per quiz, picked as the store picks them."""
    rows = conn.execute(scores_sql(), {"course_id": course_id})
    return collect_scores(course_id, rows, _attempt)


@dataclass(frozen=True, slots=True)
class QuizOpening:
    """What a quiz shows when it opens: its latest attempt (open or finished, with its
    answers, as `latest_quiz_attempt`) and its picked scores (attempts without answers;
    None until an attempt is finished)."""

    latest: QuizAttempt | None
    scores: QuizScores | None


def decode_answer(text: str) -> AnswerValue:
    """A saved answer as the store keeps it (JSON) back to its value."""
    value = json.loads(text)
    if isinstance(value, dict):
        return frozenset(int(v) for v in value["set"])
    if isinstance(value, list):
        return tuple(int(v) for v in value)
    if isinstance(value, bool):
        return value
    return int(value)


def quiz_opening(conn: Reader, course_id: str, quiz_id: str) -> QuizOpening:
    """The latest attempt at one quiz with its answers, and its picked scores: the
    reads opening a quiz needs, in plain SQL (the ORM's two reads cost several times
    more on the GUI thread; issue 14)."""
    row = conn.execute(
        f"SELECT {ATTEMPT_COLUMNS} FROM quiz_attempts WHERE course_id = ? AND quiz_id = ? "
        "ORDER BY number DESC LIMIT 1",
        (course_id, quiz_id),
    ).fetchone()
    if row is None:
        return QuizOpening(latest=None, scores=None)
    answers = tuple(
        SavedAnswer(
            question_id=str(question_id),
            answer=decode_answer(str(answer_json)),
            score=float(score),
            answered_at=_utc(answered_at),
        )
        for question_id, answer_json, score, answered_at in conn.execute(
            "SELECT question_id, answer_json, score, answered_at FROM quiz_answers "
            "WHERE attempt_id = ? ORDER BY id",
            (row[0],),
        )
    )
    rows = conn.execute(scores_sql(one_quiz=True), {"course_id": course_id, "quiz_id": quiz_id})
    return QuizOpening(
        latest=replace(_attempt(row), answers=answers),
        scores=collect_scores(course_id, rows, _attempt).get(quiz_id),
    )
