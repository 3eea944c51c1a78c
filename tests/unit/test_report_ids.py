"""Report files carry the course's ids and the assignment id whatever the scope (issue 11),
and reports written before them still open."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course.assignments import new_assignment
from course.model import Course
from course.paths import DataPaths
from course.report import (
    ReflectionKey,
    ReportChoices,
    build_report,
    report_from_json,
    report_to_json,
)

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
KEY = ReflectionKey("empathy-gap", "shame-and-guilt-reflect", "r1")


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


@pytest.fixture
def store(tmp_path: Path, course: Course) -> Iterator[Any]:
    from course.store import open_store

    s = open_store(DataPaths(tmp_path / "data"), clock=lambda: NOW, backup_at_open=False)
    s.complete_lesson(course, "shame-and-guilt")
    s.save_reflection(course, "shame-and-guilt", "shame-and-guilt-reflect", "r1", "Shared words")
    s.record_rating(course, "three-shame-reactions", "three-shame-reactions-reflect", "r4", 6)
    quiz = next(q for lesson in course.lessons() for q in lesson.quizzes)
    lesson = next(lesson for lesson in course.lessons() if quiz in lesson.quizzes)
    attempt = s.start_quiz_attempt(course, lesson.id, quiz.id)
    s.record_answer(attempt, quiz.questions[0].id, 0, 1.0)
    s.finish_quiz_attempt(attempt, question_count=len(quiz.questions), pass_ratio=quiz.pass_ratio)
    yield s
    s.close()


def test_every_line_names_its_ids(store: Any, course: Course) -> None:
    choices = ReportChoices(reflections=frozenset({KEY}))
    document = json.loads(report_to_json(build_report(store, {course.id: course}, choices)))
    (section,) = document["courses"]
    lesson = next(x for x in section["lessons"] if x["lesson_id"] == "shame-and-guilt")
    assert lesson["module_id"] == course.module_of("shame-and-guilt").id
    (quiz,) = section["quizzes"]
    assert course.lesson(quiz["lesson_id"]) is not None and quiz["quiz_id"]
    (rating,) = section["ratings"]
    assert (rating["lesson_id"], rating["reflection_id"], rating["prompt_id"]) == (
        "three-shame-reactions",
        "three-shame-reactions-reflect",
        "r4",
    )
    (reflection,) = section["reflections"]
    assert (reflection["reflection_id"], reflection["prompt_id"]) == (KEY.reflection_id, "r1")
    assert reflection["lesson_id"] == "shame-and-guilt"
    assert document["report_id"]


def test_everything_names_the_newest_assignment(store: Any, course: Course) -> None:
    older = new_assignment(
        course, therapist="Sam", modules=["shame"], client_label="A", today=TODAY
    )
    newer = new_assignment(
        course,
        therapist="Dr Rivera",
        lessons=["naming-feelings"],
        client_label="client A",
        today=TODAY + dt.timedelta(days=3),
    )
    choices = ReportChoices(known_assignments=(newer, older))
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    assert report.scope == "Everything"
    assert (report.therapist, report.assignment_id) == ("Dr Rivera", newer.id)
    assert report.client_label == "client A"
    assert report.assignment_ids == (newer.id, older.id)
    # Scoped to the older one, it is that one's id.
    scoped = build_report(
        store,
        {course.id: course},
        ReportChoices(assignment=older, known_assignments=(newer, older)),
        today=TODAY,
    )
    assert (scoped.therapist, scoped.assignment_id) == ("Sam", older.id)
    again = report_from_json(report_to_json(report).encode("utf-8"))
    assert again == report


def test_without_any_assignment_they_stay_empty(store: Any, course: Course) -> None:
    report = build_report(store, {course.id: course}, ReportChoices(), today=TODAY)
    assert report.assignment_id is None and report.therapist is None
    assert report.assignment_ids == ()


def _strip_new_fields(value: Any) -> Any:
    new = {"report_id", "assignment_ids", "module_id", "lesson_id", "reflection_id", "prompt_id"}
    if isinstance(value, dict):
        return {k: _strip_new_fields(v) for k, v in value.items() if k not in new}
    if isinstance(value, list):
        return [_strip_new_fields(v) for v in value]
    return value


def test_older_reports_without_ids_still_open(store: Any, course: Course) -> None:
    choices = ReportChoices(reflections=frozenset({KEY}))
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    old = _strip_new_fields(json.loads(report_to_json(report)))
    assert "lesson_id" not in json.dumps(old)
    read = report_from_json(json.dumps(old).encode("utf-8"))
    assert read.report_id == "" and read.assignment_ids == ()
    (section,) = read.sections
    assert section.reflections[0].text == "Shared words"
    assert section.reflections[0].prompt_id == ""
    assert all(line.lesson_id == "" for line in section.lessons)


@pytest.mark.parametrize("field", ["report_id", "assignment_ids"])
def test_ids_of_the_wrong_type_are_refused(store: Any, course: Course, field: str) -> None:
    from course.report import ReportError

    document = json.loads(report_to_json(build_report(store, {course.id: course}, ReportChoices())))
    document[field] = 7
    with pytest.raises(ReportError):
        report_from_json(json.dumps(document).encode("utf-8"))
