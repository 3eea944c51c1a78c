"""The store's reads and writes, one function per ProgressStore method, over a Session.

Each function takes an open Session (the caller commits) and returns plain values from
course.store.api, so ORM rows never leave this module.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, Row, bindparam, func, insert, select, update
from sqlalchemy import text as sa_text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from course.grading import passes
from course.model import Course, PromptType, Reflection
from course.store import practice
from course.store.errors import StoreError
from course.store.quick_read import decode_answer
from course.store.records import (
    Activity,
    ActivityKind,
    AnswerInput,
    CourseProgress,
    CourseRef,
    ModuleProgress,
    Rating,
    ReflectionEntry,
    ReflectionOpening,
    ReflectionRevision,
    StoredAssignment,
    WritingHit,
)
from course.store.scores import collect_scores, scores_sql
from course.store.tables import (
    SEARCH_KIND_CHECK_IN,
    SEARCH_KIND_PERSPECTIVE,
    SEARCH_KIND_REFLECTION,
    SEARCH_KINDS,
    SEARCH_TABLE,
    AssignmentRow,
    LessonProgress,
    LessonVisit,
    QuizAnswerRow,
    QuizAttemptRow,
    ReflectionRevisionRow,
    ReflectionRow,
    ScaleRating,
    Setting,
    UtcDateTime,
    by_prompt,
    prompt_key,
)
from course.store.values import (
    LessonState,
    Position,
    QuizAttempt,
    QuizScores,
    SavedAnswer,
    SettingValue,
)

# The history rule for reflections and ratings (see ProgressStore.save_reflection).
COALESCE_WINDOW = dt.timedelta(seconds=60)
SMALL_EDIT_CHARS = 80

# ---------------------------------------------------------------------------------------
# Converting rows to values
# ---------------------------------------------------------------------------------------


def _lesson_state(row: LessonProgress | Row[Any]) -> LessonState:
    """The values of a lesson's row: an ORM object, or a plain row of its columns."""
    return LessonState(
        course_id=row.course_id,
        lesson_id=row.lesson_id,
        course_version=row.course_version,
        visits=row.visits,
        first_visited_at=row.first_visited_at,
        last_visited_at=row.last_visited_at,
        completed_at=row.completed_at,
        step_index=row.step_index,
        scroll=row.scroll,
        active_seconds=row.active_seconds,
    )


def encode_answer(answer: AnswerInput) -> str:
    """JSON for an answer: a set is written {"set": [sorted indices]}, a sequence a list."""
    if isinstance(answer, bool | int):
        return json.dumps(answer)
    if isinstance(answer, AbstractSet):
        values = sorted(answer)
        _check_ints(values)
        return json.dumps({"set": values})
    if isinstance(answer, Sequence) and not isinstance(answer, str):
        values = list(answer)
        _check_ints(values)
        return json.dumps(values)
    raise ValueError(f"an answer must be an int, a bool, or a set or sequence of ints: {answer!r}")


def _check_ints(values: list[int]) -> None:
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ValueError(f"answer indices must be ints: {values!r}")


def _attempt(row: QuizAttemptRow) -> QuizAttempt:
    return QuizAttempt(
        id=row.id,
        course_id=row.course_id,
        course_version=row.course_version,
        lesson_id=row.lesson_id,
        quiz_id=row.quiz_id,
        number=row.number,
        started_at=row.started_at,
        finished_at=row.finished_at,
        score=row.score,
        passed=row.passed,
        answers=tuple(
            SavedAnswer(
                question_id=a.question_id,
                answer=decode_answer(a.answer_json),
                score=a.score,
                answered_at=a.answered_at,
            )
            for a in row.answers
        ),
    )


# ReflectionEntry's fields, in its order (but revisions, counted separately).
_ENTRY_COLUMNS = (
    ReflectionRow.course_id,
    ReflectionRow.course_version,
    ReflectionRow.lesson_id,
    ReflectionRow.reflection_id,
    ReflectionRow.prompt_id,
    ReflectionRow.text,
    ReflectionRow.created_at,
    ReflectionRow.updated_at,
)


def _rating(row: Any) -> Rating:
    # An ORM row, or a plain Row of the same columns.
    return Rating(
        course_id=row.course_id,
        course_version=row.course_version,
        lesson_id=row.lesson_id,
        reflection_id=row.reflection_id,
        prompt_id=row.prompt_id,
        value=row.value,
        rated_at=row.rated_at,
    )


# ---------------------------------------------------------------------------------------
# Lessons
# ---------------------------------------------------------------------------------------


def _lesson_row(
    s: Session, course: CourseRef, lesson_id: str, now: dt.datetime
) -> tuple[LessonProgress, bool]:
    """The lesson's row, created if needed; the bool says whether it was just created."""
    row = s.scalars(
        select(LessonProgress).where(
            LessonProgress.course_id == course.id, LessonProgress.lesson_id == lesson_id
        )
    ).one_or_none()
    if row is not None:
        row.course_version = course.version
        return row, False
    row = LessonProgress(
        course_id=course.id,
        lesson_id=lesson_id,
        course_version=course.version,
        visits=0,
        first_visited_at=now,
        last_visited_at=now,
        completed_at=None,
        step_index=0,
        scroll=0.0,
        active_seconds=0.0,
    )
    s.add(row)
    return row, True


@cache
def _visit_upsert() -> Executable:
    statement = sqlite_insert(LessonProgress)
    return statement.on_conflict_do_update(
        index_elements=[LessonProgress.course_id, LessonProgress.lesson_id],
        set_={
            "course_version": statement.excluded.course_version,
            "visits": LessonProgress.visits + 1,
            "last_visited_at": statement.excluded.last_visited_at,
        },
    )


@cache
def _lesson_by_key() -> Executable:
    table = LessonProgress.__table__
    return select(table).where(
        table.c.course_id == bindparam("course_id"), table.c.lesson_id == bindparam("lesson_id")
    )


@cache
def _visit_insert() -> Executable:
    return insert(LessonVisit)


def visit_lesson(c: Connection, course: CourseRef, lesson_id: str, now: dt.datetime) -> LessonState:
    """Count a visit: the lesson's row made or counted in one upsert, the visit logged
    (added by id, never reading the log), the state read back. Core statements compiled
    once, not the ORM: a visit is part of every lesson opening (issue 14)."""
    values = _new_lesson(course, lesson_id, now)
    values["visits"] = 1  # a new row's first visit; an existing row counts one more
    c.execute(_visit_upsert(), values)
    row = c.execute(_lesson_by_key(), {"course_id": course.id, "lesson_id": lesson_id}).one()
    visit = {"lesson_progress_id": row.id, "course_version": course.version, "visited_at": now}
    c.execute(_visit_insert(), visit)
    return _lesson_state(row)


@cache
def _lesson_upsert(place: bool, time: bool) -> Executable:
    """Write a lesson's place (step, scroll, and the time it was there), add to its active
    time, or both, making its row if needed: one statement, compiled once per kind."""
    statement = sqlite_insert(LessonProgress)
    changes: dict[str, Any] = {"course_version": statement.excluded.course_version}
    if place:
        changes["step_index"] = statement.excluded.step_index
        changes["scroll"] = statement.excluded.scroll
        changes["last_visited_at"] = statement.excluded.last_visited_at
    if time:
        changes["active_seconds"] = (
            LessonProgress.active_seconds + statement.excluded.active_seconds
        )
    return statement.on_conflict_do_update(
        index_elements=[LessonProgress.course_id, LessonProgress.lesson_id], set_=changes
    )


def _new_lesson(course: CourseRef, lesson_id: str, now: dt.datetime) -> dict[str, object]:
    """A lesson row's values before anything happened in it."""
    return {
        "course_id": course.id,
        "lesson_id": lesson_id,
        "course_version": course.version,
        "visits": 0,
        "first_visited_at": now,
        "last_visited_at": now,
        "completed_at": None,
        "step_index": 0,
        "scroll": 0.0,
        "active_seconds": 0.0,
    }


def save_position(
    c: Connection,
    course: CourseRef,
    lesson_id: str,
    step_index: int,
    scroll: float,
    now: dt.datetime,
) -> None:
    """One INSERT ... ON CONFLICT UPDATE, no read: position saves come often."""
    leave_lesson(c, course, lesson_id, (step_index, scroll), 0.0, now)


def add_active_time(
    c: Connection, course: CourseRef, lesson_id: str, seconds: float, now: dt.datetime
) -> None:
    leave_lesson(c, course, lesson_id, None, seconds, now)


def leave_lesson(
    c: Connection,
    course: CourseRef,
    lesson_id: str,
    place: tuple[int, float] | None,
    seconds: float,
    now: dt.datetime,
) -> None:
    """The place (step, scroll), if given, and `seconds` more active time (with a place,
    only if more than none): one upsert, no read, so leaving a lesson is one commit."""
    values = _new_lesson(course, lesson_id, now)
    if place is not None:
        values["step_index"] = max(0, int(place[0]))
        values["scroll"] = min(1.0, max(0.0, float(place[1])))
    time = place is None or seconds > 0
    if time:
        values["active_seconds"] = float(seconds)
    c.execute(_lesson_upsert(place=place is not None, time=time), values)


def complete_lesson(s: Session, course: CourseRef, lesson_id: str, now: dt.datetime) -> None:
    row, _ = _lesson_row(s, course, lesson_id, now)
    if row.completed_at is None:
        row.completed_at = now


def lesson_state(s: Session, course_id: str, lesson_id: str) -> LessonState | None:
    row = s.scalars(
        select(LessonProgress).where(
            LessonProgress.course_id == course_id, LessonProgress.lesson_id == lesson_id
        )
    ).one_or_none()
    return None if row is None else _lesson_state(row)


def lesson_states(s: Session, course_id: str) -> dict[str, LessonState]:
    rows = s.scalars(select(LessonProgress).where(LessonProgress.course_id == course_id))
    return {row.lesson_id: _lesson_state(row) for row in rows}


def completed_lesson_counts(c: Connection, course_ids: Sequence[str]) -> dict[str, int]:
    """Lessons completed, by course id: one counting query, no rows to build."""
    if not course_ids:
        return {}
    query = (
        select(LessonProgress.course_id, func.count(LessonProgress.id))
        .where(
            LessonProgress.course_id.in_(list(course_ids)),
            LessonProgress.completed_at.is_not(None),
        )
        .group_by(LessonProgress.course_id)
    )
    found = {course_id: 0 for course_id in course_ids}
    found.update({course_id: int(n) for course_id, n in c.execute(query)})
    return found


def course_progress(s: Session, course: Course) -> CourseProgress:
    states = lesson_states(s, course.id)
    modules = []
    for module in course.modules:
        done = sum(1 for lesson in module.lessons if (st := states.get(lesson.id)) and st.completed)
        modules.append(ModuleProgress(module.id, module.title, done, len(module.lessons)))
    lesson_ids = {lesson.id for lesson in course.lessons()}
    return CourseProgress(
        course_id=course.id,
        completed=sum(m.completed for m in modules),
        total=sum(m.total for m in modules),
        modules=tuple(modules),
        active_seconds=sum(st.active_seconds for lid, st in states.items() if lid in lesson_ids),
    )


def last_position(s: Session, course_id: str | None) -> Position | None:
    query = select(LessonProgress).order_by(
        LessonProgress.last_visited_at.desc(), LessonProgress.id.desc()
    )
    if course_id is not None:
        query = query.where(LessonProgress.course_id == course_id)
    row = s.scalars(query.limit(1)).one_or_none()
    if row is None:
        return None
    return Position(
        course_id=row.course_id,
        course_version=row.course_version,
        lesson_id=row.lesson_id,
        step_index=row.step_index,
        scroll=row.scroll,
        at=row.last_visited_at,
    )


def recent_activity(s: Session, limit: int) -> list[Activity]:
    """Newest first, merged from visits, completions, quizzes, reflections and ratings.

    Each source is limited before merging, so the cost does not grow with history.
    """
    found: list[Activity] = []
    visits = s.execute(
        select(LessonProgress.course_id, LessonProgress.lesson_id, LessonVisit.visited_at)
        .join(LessonVisit.lesson)
        .order_by(LessonVisit.visited_at.desc(), LessonVisit.id.desc())
        .limit(limit)
    )
    found += [Activity(ActivityKind.VISITED, c, lid, at) for c, lid, at in visits]
    done = s.execute(
        select(LessonProgress.course_id, LessonProgress.lesson_id, LessonProgress.completed_at)
        .where(LessonProgress.completed_at.is_not(None))
        .order_by(LessonProgress.completed_at.desc())
        .limit(limit)
    )
    found += [Activity(ActivityKind.COMPLETED, c, lid, at) for c, lid, at in done if at]
    quizzes = s.execute(
        select(
            QuizAttemptRow.course_id,
            QuizAttemptRow.lesson_id,
            QuizAttemptRow.quiz_id,
            QuizAttemptRow.started_at,
        )
        .order_by(QuizAttemptRow.started_at.desc(), QuizAttemptRow.id.desc())
        .limit(limit)
    )
    found += [Activity(ActivityKind.QUIZ, c, lid, at, qid) for c, lid, qid, at in quizzes]
    reflections = s.execute(
        select(
            ReflectionRow.course_id,
            ReflectionRow.lesson_id,
            ReflectionRow.prompt_id,
            ReflectionRow.updated_at,
        )
        .order_by(ReflectionRow.updated_at.desc())
        .limit(limit)
    )
    found += [Activity(ActivityKind.REFLECTION, c, lid, at, p) for c, lid, p, at in reflections]
    ratings = s.execute(
        select(
            ScaleRating.course_id,
            ScaleRating.lesson_id,
            ScaleRating.prompt_id,
            ScaleRating.rated_at,
        )
        .order_by(ScaleRating.rated_at.desc(), ScaleRating.id.desc())
        .limit(limit)
    )
    found += [Activity(ActivityKind.RATING, c, lid, at, p) for c, lid, p, at in ratings]
    found.sort(key=lambda a: a.at, reverse=True)
    return found[:limit]


# ---------------------------------------------------------------------------------------
# Quizzes
# ---------------------------------------------------------------------------------------


def start_quiz_attempt(
    s: Session, course: CourseRef, lesson_id: str, quiz_id: str, now: dt.datetime
) -> int:
    last = s.scalar(
        select(func.max(QuizAttemptRow.number)).where(
            QuizAttemptRow.course_id == course.id, QuizAttemptRow.quiz_id == quiz_id
        )
    )
    row = QuizAttemptRow(
        course_id=course.id,
        course_version=course.version,
        lesson_id=lesson_id,
        quiz_id=quiz_id,
        number=(last or 0) + 1,
        started_at=now,
    )
    s.add(row)
    s.flush()
    return row.id


def _attempt_row(s: Session, attempt_id: int) -> QuizAttemptRow:
    row = s.get(QuizAttemptRow, attempt_id)
    if row is None:
        raise StoreError("That quiz attempt could not be found. Please start the quiz again.")
    return row


@cache
def _attempt_finished_at() -> Executable:
    return select(QuizAttemptRow.finished_at).where(QuizAttemptRow.id == bindparam("attempt_id"))


@cache
def _answer_upsert() -> Executable:
    statement = sqlite_insert(QuizAnswerRow)
    return statement.on_conflict_do_update(
        index_elements=[QuizAnswerRow.attempt_id, QuizAnswerRow.question_id],
        set_={
            "answer_json": statement.excluded.answer_json,
            "score": statement.excluded.score,
            "answered_at": statement.excluded.answered_at,
        },
    )


def record_answer(
    c: Connection,
    attempt_id: int,
    question_id: str,
    answer: AnswerInput,
    score: float,
    now: dt.datetime,
) -> None:
    """One check and one upsert. This and the autosave run many times a minute, so they
    use statements built once rather than the ORM's unit of work, which would cost
    more than the write itself."""
    encoded = encode_answer(answer)
    found = c.execute(_attempt_finished_at(), {"attempt_id": attempt_id}).one_or_none()
    if found is None:
        raise StoreError("That quiz attempt could not be found. Please start the quiz again.")
    if found[0] is not None:
        raise StoreError("This quiz attempt is already finished. Please start a new one.")
    c.execute(
        _answer_upsert(),
        {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "answer_json": encoded,
            "score": float(score),
            "answered_at": now,
        },
    )


def finish_quiz_attempt(
    s: Session,
    attempt_id: int,
    question_count: int,
    pass_ratio: float,
    now: dt.datetime,
    question_ids: Collection[str] | None = None,
) -> QuizAttempt:
    row = _attempt_row(s, attempt_id)
    if row.finished_at is None:
        counted = [a for a in row.answers if question_ids is None or a.question_id in question_ids]
        total = sum(a.score for a in counted)
        # Same rule as grading.score_quiz: a quiz with no questions scores 1.
        row.score = total / question_count if question_count > 0 else 1.0
        row.passed = passes(row.score, pass_ratio)
        row.finished_at = now
        s.flush()
    return _attempt(row)


def quiz_attempt(s: Session, attempt_id: int) -> QuizAttempt | None:
    row = s.get(QuizAttemptRow, attempt_id, options=[selectinload(QuizAttemptRow.answers)])
    return None if row is None else _attempt(row)


def quiz_attempts(s: Session, course_id: str, quiz_id: str) -> list[QuizAttempt]:
    rows = s.scalars(
        select(QuizAttemptRow)
        .where(QuizAttemptRow.course_id == course_id, QuizAttemptRow.quiz_id == quiz_id)
        .options(selectinload(QuizAttemptRow.answers))
        .order_by(QuizAttemptRow.number)
    )
    return [_attempt(row) for row in rows]


def latest_quiz_attempt(s: Session, course_id: str, quiz_id: str) -> QuizAttempt | None:
    row = s.scalars(
        select(QuizAttemptRow)
        .where(QuizAttemptRow.course_id == course_id, QuizAttemptRow.quiz_id == quiz_id)
        .options(selectinload(QuizAttemptRow.answers))
        .order_by(QuizAttemptRow.number.desc())
        .limit(1)
    ).one_or_none()
    return None if row is None else _attempt(row)


def _picked_scores(s: Session, course_id: str, quiz_id: str | None = None) -> dict[str, QuizScores]:
    """Scored, best and latest attempts, picked by the database (course/store/scores.py)."""
    params = {"course_id": course_id, "quiz_id": quiz_id}
    picked = s.execute(sa_text(scores_sql(one_quiz=quiz_id is not None)), params).all()
    if not picked:
        return {}
    rows = {
        row.id: row
        for row in s.scalars(
            select(QuizAttemptRow)
            .where(QuizAttemptRow.id.in_({p[0] for p in picked}))
            .options(selectinload(QuizAttemptRow.answers))
        )
    }
    return collect_scores(course_id, picked, lambda p: _attempt(rows[p[0]]))


def quiz_scores(s: Session, course_id: str, quiz_id: str) -> QuizScores | None:
    return _picked_scores(s, course_id, quiz_id).get(quiz_id)


def all_quiz_scores(s: Session, course_id: str) -> dict[str, QuizScores]:
    return _picked_scores(s, course_id)


# ---------------------------------------------------------------------------------------
# Reflections and ratings
# ---------------------------------------------------------------------------------------


def small_edit(old: str, new: str) -> bool:
    """True when `new` keeps all but at most SMALL_EDIT_CHARS characters of `old`.

    Counted as the characters of `old` outside the longest common prefix and suffix:
    typing on at the end removes none, fixing a word removes a few, deleting a
    paragraph or pasting over the text removes many. Linear time, however long.
    """
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return len(old) - prefix - suffix <= SMALL_EDIT_CHARS


def _reflection_row(
    s: Session, course_id: str, reflection_id: str, prompt_id: str
) -> ReflectionRow | None:
    return s.scalars(
        select(ReflectionRow).where(
            ReflectionRow.course_id == course_id,
            ReflectionRow.reflection_id == reflection_id,
            ReflectionRow.prompt_id == prompt_id,
        )
    ).one_or_none()


@cache
def _reflection_lookup() -> Executable:
    return select(ReflectionRow.id, ReflectionRow.text).where(*by_prompt(ReflectionRow.__table__))


@cache
def _reflection_insert() -> Executable:
    return insert(ReflectionRow).returning(ReflectionRow.id)


@cache
def _reflection_update() -> Executable:
    return (
        update(ReflectionRow)
        .where(ReflectionRow.id == bindparam("row_id"))
        .values(
            text=bindparam("text"),
            updated_at=bindparam("now"),
            course_version=bindparam("course_version"),
            lesson_id=bindparam("lesson_id"),
        )
    )


@cache
def _latest_revision() -> Executable:
    return (
        select(
            ReflectionRevisionRow.id, ReflectionRevisionRow.text, ReflectionRevisionRow.started_at
        )
        .where(ReflectionRevisionRow.reflection_row_id == bindparam("row_id"))
        .order_by(ReflectionRevisionRow.id.desc())
        .limit(1)
    )


@cache
def _revision_update() -> Executable:
    return (
        update(ReflectionRevisionRow)
        .where(ReflectionRevisionRow.id == bindparam("revision_id"))
        .values(
            text=bindparam("text"),
            saved_at=bindparam("now"),
            word_count=bindparam("word_count"),
            course_version=bindparam("course_version"),
        )
    )


@cache
def _revision_insert() -> Executable:
    return insert(ReflectionRevisionRow)


def save_reflection(
    c: Connection,
    course: CourseRef,
    lesson_id: str,
    reflection_id: str,
    prompt_id: str,
    text: str,
    now: dt.datetime,
) -> None:
    """Autosave; see ProgressStore.save_reflection for the history rule."""
    keys = prompt_key(course.id, reflection_id, prompt_id)
    found = c.execute(_reflection_lookup(), keys).one_or_none()
    words = len(text.split())
    if found is None:
        if not text:
            return  # nothing written yet: nothing to keep
        row_id = c.execute(
            _reflection_insert(),
            {
                **keys,
                "course_version": course.version,
                "lesson_id": lesson_id,
                "created_at": now,
                "updated_at": now,
                "text": text,
            },
        ).scalar_one()
    else:
        row_id, current = found
        if current == text:
            return
        c.execute(
            _reflection_update(),
            {
                "row_id": row_id,
                "text": text,
                "now": now,
                "course_version": course.version,
                "lesson_id": lesson_id,
            },
        )
        latest = c.execute(_latest_revision(), {"row_id": row_id}).one_or_none()
        if (
            latest is not None
            and now - latest.started_at < COALESCE_WINDOW
            and small_edit(latest.text, text)
        ):
            c.execute(
                _revision_update(),
                {
                    "revision_id": latest.id,
                    "text": text,
                    "now": now,
                    "word_count": words,
                    "course_version": course.version,
                },
            )
            return
    c.execute(
        _revision_insert(),
        {
            "reflection_row_id": row_id,
            "course_version": course.version,
            "text": text,
            "started_at": now,
            "saved_at": now,
            "word_count": words,
        },
    )


def reflection_text(
    c: Connection, course_id: str, reflection_id: str, prompt_id: str
) -> str | None:
    # Without the ORM: a reflection step reads one of these per prompt as it opens.
    keys = prompt_key(course_id, reflection_id, prompt_id)
    found = c.execute(_reflection_lookup(), keys).one_or_none()
    return None if found is None else str(found.text)


def reflection_history(
    s: Session, course_id: str, reflection_id: str, prompt_id: str
) -> list[ReflectionRevision]:
    row = _reflection_row(s, course_id, reflection_id, prompt_id)
    if row is None:
        return []
    return [ReflectionRevision(r.text, r.saved_at) for r in row.revisions]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def reflections(
    s: Session,
    course_id: str | None,
    lesson_id: str | None,
    search: str | None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ReflectionEntry]:
    # Each row's revisions counted for that row alone (through their index): a grouped
    # count of every revision, joined in, was made again for each page the Journal reads.
    revisions = (
        select(func.count(ReflectionRevisionRow.id))
        .where(ReflectionRevisionRow.reflection_row_id == ReflectionRow.id)
        .correlate(ReflectionRow)
        .scalar_subquery()
    )
    # Columns, not ORM objects: the Journal reads thousands of these at once, and building
    # an ORM object per row cost more than the query itself.
    query = select(*_ENTRY_COLUMNS, revisions).order_by(
        ReflectionRow.updated_at.desc(), ReflectionRow.id.desc()
    )
    if course_id is not None:
        query = query.where(ReflectionRow.course_id == course_id)
    if lesson_id is not None:
        query = query.where(ReflectionRow.lesson_id == lesson_id)
    if since is not None:
        query = query.where(ReflectionRow.updated_at >= since)
    if until is not None:
        query = query.where(ReflectionRow.updated_at < until)
    if search and search.isascii():
        # SQLite folds case for ASCII only, so other searches are filtered in Python below.
        query = query.where(ReflectionRow.text.ilike(f"%{_escape_like(search)}%", escape="\\"))
    if limit is not None:  # a page, in the same order (the updated_at index gives it)
        query = query.limit(limit).offset(offset)
    entries = [
        ReflectionEntry(course, version, lesson, reflection, prompt, text, made, updated, int(n))
        for course, version, lesson, reflection, prompt, text, made, updated, n in s.execute(query)
    ]
    if search and not search.isascii():
        folded = search.casefold()
        entries = [e for e in entries if folded in e.text.casefold()]
    return entries


def delete_reflection(s: Session, course_id: str, reflection_id: str, prompt_id: str) -> bool:
    """Delete a prompt's text and every revision of it; the search index follows."""
    row = _reflection_row(s, course_id, reflection_id, prompt_id)
    if row is None:
        return False
    s.delete(row)
    return True


_WRITING_KINDS = {
    SEARCH_KIND_REFLECTION: "reflection",
    SEARCH_KIND_CHECK_IN: "check-in",
    SEARCH_KIND_PERSPECTIVE: "perspective",
}


def search_writing(s: Session, text: str, limit: int) -> list[WritingHit]:
    """The learner's writing that matches `text`, best first (see course.search)."""
    from course.search import excerpts_for, match_expressions

    expressions = match_expressions(text)
    if expressions is None:
        return []
    # Rank first, then make excerpts only for the rows kept: excerpts cost far more.
    # One index holds every kind of writing; the rowid says which table a hit is from.
    t, k = SEARCH_TABLE, SEARCH_KINDS
    statement = sa_text(
        f"SELECT {t}.rowid, {t}.rowid % {k}, "
        "COALESCE(r.course_id, p.course_id, f.course_id, ''), "
        "COALESCE(r.lesson_id, p.lesson_id, f.lesson_id, ''), "
        "COALESCE(r.reflection_id, p.reflection_id, f.reflection_id, ''), "
        "COALESCE(r.prompt_id, p.prompt_id, f.prompt_id, ''), "
        "COALESCE(r.updated_at, p.updated_at, f.updated_at) AS updated_at "
        f"FROM {t} "
        f"LEFT JOIN reflections AS r ON {t}.rowid % {k} = {SEARCH_KIND_REFLECTION} "
        f"AND r.id = {t}.rowid / {k} "
        f"LEFT JOIN feeling_entries AS f ON {t}.rowid % {k} = {SEARCH_KIND_CHECK_IN} "
        f"AND f.id = {t}.rowid / {k} "
        f"LEFT JOIN perspective_answers AS p ON {t}.rowid % {k} = {SEARCH_KIND_PERSPECTIVE} "
        f"AND p.id = {t}.rowid / {k} "
        f"WHERE {t} MATCH :match AND COALESCE(r.id, f.id, p.id) IS NOT NULL "
        "ORDER BY rank LIMIT :limit"
    ).columns(updated_at=UtcDateTime)
    hits: dict[int, WritingHit] = {}
    for expression in dict.fromkeys(expressions):  # the variants only if different
        if len(hits) >= limit:
            break
        found = [
            row
            for row in s.execute(statement, {"match": expression, "limit": limit})
            if row[0] not in hits
        ][: limit - len(hits)]
        excerpts = dict(
            excerpts_for(s.connection(), SEARCH_TABLE, 0, expression, [row[0] for row in found])
        )
        for rowid, kind, course_id, lesson_id, reflection_id, prompt_id, updated_at in found:
            hits[rowid] = WritingHit(
                _WRITING_KINDS.get(kind, "reflection"),
                course_id,
                lesson_id,
                reflection_id,
                prompt_id,
                updated_at,
                excerpts.get(rowid, ()),
            )
    return list(hits.values())


def record_rating(
    s: Session,
    course: CourseRef,
    lesson_id: str,
    reflection_id: str,
    prompt_id: str,
    value: int,
    now: dt.datetime,
) -> None:
    latest = s.scalars(
        select(ScaleRating)
        .where(
            ScaleRating.course_id == course.id,
            ScaleRating.reflection_id == reflection_id,
            ScaleRating.prompt_id == prompt_id,
        )
        .order_by(ScaleRating.rated_at.desc(), ScaleRating.id.desc())
        .limit(1)
    ).one_or_none()
    if latest is not None and now - latest.rated_at < COALESCE_WINDOW:
        latest.value = int(value)
        return
    s.add(
        ScaleRating(
            course_id=course.id,
            course_version=course.version,
            lesson_id=lesson_id,
            reflection_id=reflection_id,
            prompt_id=prompt_id,
            value=int(value),
            rated_at=now,
        )
    )


def latest_rating(c: Connection, course_id: str, reflection_id: str, prompt_id: str) -> int | None:
    return c.scalar(
        select(ScaleRating.value)
        .where(
            ScaleRating.course_id == course_id,
            ScaleRating.reflection_id == reflection_id,
            ScaleRating.prompt_id == prompt_id,
        )
        .order_by(ScaleRating.rated_at.desc(), ScaleRating.id.desc())
        .limit(1)
    )


def ratings(
    s: Session | Connection, course_id: str, reflection_id: str | None, prompt_id: str | None
) -> list[Rating]:
    """Oldest first, as plain rows (a scale prompt reads its own as its step opens)."""
    if reflection_id is not None and prompt_id is not None:
        keys = prompt_key(course_id, reflection_id, prompt_id)
        return [_rating(row) for row in s.execute(_prompt_ratings(), keys)]
    table = ScaleRating.__table__
    query = select(table).where(table.c.course_id == course_id)
    if reflection_id is not None:
        query = query.where(table.c.reflection_id == reflection_id)
    if prompt_id is not None:
        query = query.where(table.c.prompt_id == prompt_id)
    rows = s.execute(query.order_by(table.c.rated_at, table.c.id))
    return [_rating(row) for row in rows]


@cache
def _prompt_ratings() -> Executable:
    # One prompt's ratings, the statement made once (a scale prompt's step opening).
    table = ScaleRating.__table__
    return select(table).where(*by_prompt(table)).order_by(table.c.rated_at, table.c.id)


def reflection_opening(c: Connection, course_id: str, reflection: Reflection) -> ReflectionOpening:
    """Everything `reflection`'s prompts show of what was saved, in one transaction."""
    opening = ReflectionOpening(texts={}, ratings={}, feelings={}, perspectives={})
    for prompt in reflection.prompts:
        key = (c, course_id, reflection.id, prompt.id)
        if prompt.type is PromptType.TEXT:
            text = reflection_text(*key)
            if text is not None:
                opening.texts[prompt.id] = text
        elif prompt.type is PromptType.SCALE:
            found = ratings(*key)
            if found:
                opening.ratings[prompt.id] = found
        elif prompt.type is PromptType.FEELINGS:
            latest = practice.latest_feelings(*key)
            if latest is not None:
                opening.feelings[prompt.id] = latest
        elif prompt.type is PromptType.PERSPECTIVE:
            answer = practice.perspective(*key)
            if answer is not None:
                opening.perspectives[prompt.id] = answer
    return opening


# ---------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------


def get_setting(s: Session, key: str, default: SettingValue) -> SettingValue:
    row = s.get(Setting, key)
    if row is None:
        return default
    value: SettingValue = json.loads(row.value_json)
    return value


def set_setting(s: Session, key: str, value: SettingValue) -> None:
    if value is not None and not isinstance(value, str | int | float | bool):
        raise ValueError(f"a setting must be a str, int, float, bool or None: {value!r}")
    encoded = json.dumps(value)
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value_json=encoded))
    else:
        row.value_json = encoded


def all_settings(s: Session) -> dict[str, SettingValue]:
    return {row.key: json.loads(row.value_json) for row in s.scalars(select(Setting))}


# ---------------------------------------------------------------------------------------
# Assignments
# ---------------------------------------------------------------------------------------


def _assignment(row: AssignmentRow) -> StoredAssignment:
    return StoredAssignment(row.id, row.document_json, row.imported_at, row.archived_at)


def add_assignment(s: Session, assignment_id: str, document_json: str, now: dt.datetime) -> None:
    if s.get(AssignmentRow, assignment_id) is not None:
        raise StoreError("This assignment was already imported, so nothing needed to change.")
    s.add(AssignmentRow(id=assignment_id, document_json=document_json, imported_at=now))


def assignments(s: Session, include_archived: bool) -> list[StoredAssignment]:
    query = select(AssignmentRow).order_by(AssignmentRow.imported_at, AssignmentRow.id)
    if not include_archived:
        query = query.where(AssignmentRow.archived_at.is_(None))
    return [_assignment(row) for row in s.scalars(query)]


def archive_assignment(s: Session, assignment_id: str, now: dt.datetime) -> None:
    row = s.get(AssignmentRow, assignment_id)
    if row is None:
        raise StoreError("That assignment could not be found; it may have been deleted already.")
    if row.archived_at is None:
        row.archived_at = now
