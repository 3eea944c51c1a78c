"""The wording of each course version the learner used: kept, so answers keep their words.

A new version of a course may reword a question or prompt, or drop it. What the
learner wrote stays keyed by id; the words it answered are found here by the course
version kept beside it. Imports only tables and records (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select

from course.model import Course
from course.store.records import Wording
from course.store.tables import CourseWordingRow


def wording_of(course: Course) -> list[Wording]:
    """Every lesson title, question and prompt of `course`, as it reads in this version."""
    found: list[Wording] = []
    for lesson in course.lessons():
        found.append(Wording(course.id, course.version, "lesson", lesson.id, "", lesson.id,
                             lesson.title))  # fmt: skip
        for quiz in lesson.quizzes:
            found += [
                Wording(course.id, course.version, "question", lesson.id, quiz.id, q.id, q.prompt)
                for q in quiz.questions
            ]
        for reflection in lesson.reflections:
            found += [
                Wording(course.id, course.version, "prompt", lesson.id, reflection.id, p.id,
                        p.prompt)
                for p in reflection.prompts
            ]  # fmt: skip
    return found


def keep_wording(c: Connection, course: Course, now: dt.datetime) -> int:
    """Record `course`'s wording unless this version's is kept already; rows added."""
    kept = c.execute(
        select(CourseWordingRow.id)
        .where(
            CourseWordingRow.course_id == course.id,
            CourseWordingRow.course_version == course.version,
        )
        .limit(1)
    ).first()
    if kept is not None:
        return 0
    rows = [
        {
            "course_id": w.course_id,
            "course_version": w.course_version,
            "kind": w.kind,
            "lesson_id": w.lesson_id,
            "parent_id": w.parent_id,
            "item_id": w.item_id,
            "text": w.text,
            "recorded_at": now,
        }
        for w in wording_of(course)
    ]
    if rows:
        # Two ids written twice in one course (the validator's error) keep the first.
        c.execute(insert(CourseWordingRow).prefix_with("OR IGNORE"), rows)
    return len(rows)


def wording(
    c: Connection,
    course_id: str | None = None,
    *,
    course_version: str | None = None,
    kind: str | None = None,
    parent_id: str | None = None,
) -> list[Wording]:
    """Every kept wording (of one course, or all), oldest version first; the keywords
    narrow it in SQL (a big course keeps thousands: one quiz's need not read them all).
    Plain rows, no ORM objects: a quiz opening on an earlier version's attempt reads it."""
    query = select(
        CourseWordingRow.course_id,
        CourseWordingRow.course_version,
        CourseWordingRow.kind,
        CourseWordingRow.lesson_id,
        CourseWordingRow.parent_id,
        CourseWordingRow.item_id,
        CourseWordingRow.text,
    ).order_by(CourseWordingRow.id)
    for column, value in (
        (CourseWordingRow.course_id, course_id),
        (CourseWordingRow.course_version, course_version),
        (CourseWordingRow.kind, kind),
        (CourseWordingRow.parent_id, parent_id),
    ):
        if value is not None:
            query = query.where(column == value)
    return [Wording(*row) for row in c.execute(query)]
