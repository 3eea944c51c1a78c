"""course/report.py: a report holds exactly what was chosen, in JSON and in the HTML for the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_helpers import Spy

from course.assignments import new_assignment
from course.model import Course
from course.paths import DataPaths
from course.report import (
    ReflectionKey,
    ReportChoices,
    ReportError,
    build_report,
    report_from_json,
    report_to_html,
    report_to_json,
)

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

SHARED = "I went quiet and left the room when she cried"
PRIVATE_SAME_LESSON = "The thing I have never told anyone about that summer"
PRIVATE_OTHER_LESSON = "What I really think about my father and his drinking"


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


@pytest.fixture
def store(tmp_path: Path, course: Course) -> Iterator[Any]:
    from course.store import open_store

    s = open_store(DataPaths(tmp_path / "data"), clock=lambda: NOW, backup_at_open=False)
    # A client who has done some of everything.
    s.visit_lesson(course, "shame-and-guilt")
    s.add_active_time(course, "shame-and-guilt", 900)
    s.complete_lesson(course, "shame-and-guilt")
    s.complete_lesson(course, "naming-feelings")
    s.save_reflection(course, "shame-and-guilt", "shame-and-guilt-reflect", "r1", SHARED)
    s.save_reflection(
        course, "shame-and-guilt", "shame-and-guilt-reflect", "r2", PRIVATE_SAME_LESSON
    )
    s.save_reflection(
        course, "naming-feelings", "naming-feelings-reflect", "r1", PRIVATE_OTHER_LESSON
    )
    s.record_rating(course, "three-shame-reactions", "three-shame-reactions-reflect", "r4", 6)
    quiz = next(q for lesson in course.lessons() for q in lesson.quizzes)
    lesson_of_quiz = next(lesson for lesson in course.lessons() if quiz in lesson.quizzes)
    attempt = s.start_quiz_attempt(course, lesson_of_quiz.id, quiz.id)
    s.record_answer(attempt, quiz.questions[0].id, 0, 1.0)
    s.finish_quiz_attempt(attempt, question_count=len(quiz.questions), pass_ratio=quiz.pass_ratio)
    yield s
    s.close()


SHARED_KEY = ReflectionKey("empathy-gap", "shame-and-guilt-reflect", "r1")


def _everything(report: Any) -> str:
    return report_to_json(report) + report_to_html(report)


def test_only_the_chosen_reflection_is_read_and_written(store: Any, course: Course) -> None:
    report = build_report(
        store, {course.id: course}, ReportChoices(reflections=frozenset({SHARED_KEY})), today=TODAY
    )
    text = _everything(report)
    assert SHARED in text
    assert PRIVATE_SAME_LESSON not in text and PRIVATE_OTHER_LESSON not in text
    (section,) = report.sections
    assert [r.text for r in section.reflections] == [SHARED]
    assert "reflections" in report.included


def test_no_reflection_unless_chosen(store: Any, course: Course) -> None:
    spy = Spy(store)
    report = build_report(spy, {course.id: course}, ReportChoices(), today=TODAY)
    text = _everything(report)
    for private in (SHARED, PRIVATE_SAME_LESSON, PRIVATE_OTHER_LESSON):
        assert private not in text
    assert "reflections" not in report.included
    # Reflections are not even read from the store when none is chosen.
    assert "reflections" not in spy.calls
    assert "Reflections shared" not in report_to_html(report)


def test_nothing_unchosen_when_every_kind_is_off(store: Any, course: Course) -> None:
    spy = Spy(store)
    choices = ReportChoices(lessons=False, quizzes=False, ratings=False)
    report = build_report(spy, {course.id: course}, choices, today=TODAY)
    assert report.included == ()
    (section,) = report.sections
    assert (section.lessons, section.quizzes, section.ratings, section.reflections) == (
        (),
        (),
        (),
        (),
    )
    assert not {"lesson_states", "all_quiz_scores", "ratings", "reflections"} & set(spy.calls)
    html = report_to_html(report)
    for heading in ("<h3>Lessons", "<h3>Quizzes", "<h3>Self-ratings", "Reflections shared"):
        assert heading not in html
    assert "Shame and guilt" not in _everything(report)
    document = json.loads(report_to_json(report))
    assert document["courses"][0]["lessons"] == []
    assert document["courses"][0]["quizzes"] == []
    assert document["courses"][0]["ratings"] == []


@pytest.mark.parametrize("kind", ["lessons", "quizzes", "ratings"])
def test_each_kind_alone(store: Any, course: Course, kind: str) -> None:
    flags = {"lessons": False, "quizzes": False, "ratings": False, kind: True}
    report = build_report(store, {course.id: course}, ReportChoices(**flags), today=TODAY)
    assert report.included == (kind,)
    (section,) = report.sections
    present = {
        "lessons": bool(section.lessons),
        "quizzes": bool(section.quizzes),
        "ratings": bool(section.ratings),
    }
    assert present == {k: k == kind for k in present}
    if kind != "lessons":
        assert "<h3>Lessons" not in report_to_html(report)


def test_assignment_scope_leaves_out_other_lessons(store: Any, course: Course) -> None:
    assignment = new_assignment(course, therapist="Sam", modules=["shame"], today=TODAY)
    other = ReflectionKey(course.id, "naming-feelings-reflect", "r1")
    choices = ReportChoices(assignment=assignment, reflections=frozenset({SHARED_KEY, other}))
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    (section,) = report.sections
    assert [line.lesson for line in section.lessons] == ["Shame and guilt"]
    # A reflection outside the assignment's lessons stays out even if its key was passed.
    assert PRIVATE_OTHER_LESSON not in _everything(report)
    assert report.therapist == "Sam" and report.assignment_id == assignment.id
    assert section.lessons[0].minutes == 15


def test_json_round_trip(store: Any, course: Course) -> None:
    choices = ReportChoices(reflections=frozenset({SHARED_KEY}), client_label="J.")
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    again = report_from_json(report_to_json(report).encode("utf-8"))
    assert again == report


def test_html_escapes_what_the_learner_wrote(store: Any, course: Course) -> None:
    store.save_reflection(
        course, "shame-and-guilt", "shame-and-guilt-reflect", "r1", "<b>bold</b> & <script>"
    )
    report = build_report(
        store, {course.id: course}, ReportChoices(reflections=frozenset({SHARED_KEY})), today=TODAY
    )
    html = report_to_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"{not json", "could not be read"),
        (b'{"format": "something-else"}', "not a Bridgework progress report"),
        (b'{"format": "bridgework-progress-report", "format_version": 9}', "newer version"),
        (b'{"format": "bridgework-progress-report", "format_version": 1}', "missing parts"),
        (b"\xff\xfe", "could not be read"),
    ],
)
def test_bad_report_files_give_plain_messages(data: bytes, words: str) -> None:
    with pytest.raises(ReportError) as raised:
        report_from_json(data, name="r.json")
    assert words in str(raised.value) and "r.json" in str(raised.value)


def test_dataclass_fields_are_all_in_json(store: Any, course: Course) -> None:
    """A new field on Report must reach the JSON too (or this test says so)."""
    report = build_report(store, {course.id: course}, ReportChoices(), today=TODAY)
    document = json.loads(report_to_json(report))
    names = {f.name for f in dataclasses.fields(report)} - {"sections"}
    assert names <= set(document)
