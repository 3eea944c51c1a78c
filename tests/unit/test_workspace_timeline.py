"""course/workspace.py: reports kept once by their key, and the timeline across them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from course.assignments import ItemState, new_assignment
from course.model import Course
from course.report import (
    CourseSection,
    LessonLine,
    QuizLine,
    RatingSeries,
    Report,
    ReportError,
    SharedReflection,
    report_to_json,
)
from course.workspace import build_timeline, owner_of, read_received_report, report_key

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


def _report(day: dt.date, lessons=(), quizzes=(), ratings=(), reflections=(), **kw) -> Report:
    section = CourseSection(
        "empathy-gap",
        "1.0.0",
        "Bridging the Empathy Gap",
        lessons=tuple(lessons),
        quizzes=tuple(quizzes),
        ratings=tuple(ratings),
        reflections=tuple(reflections),
    )
    fields = {
        "made_on": day,
        "scope": "Everything",
        "client_label": "A",
        "therapist": None,
        "assignment_id": None,
        "included": ("lessons",),
        "sections": (section,),
    }
    fields.update(kw)
    return Report(**fields)  # type: ignore[arg-type]


def test_report_key_is_the_id_or_a_digest_of_the_content() -> None:
    with_id = _report(TODAY, report_id="abc")
    assert report_key(with_id) == "report:abc"
    old = _report(TODAY)
    assert report_key(old) == report_key(_report(TODAY)) and report_key(old).startswith("sha256:")
    assert report_key(old) != report_key(_report(TODAY + dt.timedelta(days=1)))


def test_received_reports_are_checked(tmp_path: Path) -> None:
    good = tmp_path / "r.bridgework-report"
    good.write_text(report_to_json(_report(TODAY, report_id="x")), encoding="utf-8")
    received = read_received_report(good)
    assert received.key == "report:x" and received.file_name == good.name
    assert json.loads(received.document_json)["report_id"] == "x"
    bad = tmp_path / "bad.bridgework-report"
    bad.write_text('{"format": "bridgework-progress-report", "format_version": 1}')
    with pytest.raises(ReportError):
        read_received_report(bad)


def test_owner_from_any_assignment_id_named() -> None:
    report = _report(TODAY, assignment_id="new", assignment_ids=("new", "old"))
    assert owner_of(report, {"old": 7}) == 7
    assert owner_of(report, {"other": 1}) is None


def test_timeline_merges_reports_in_the_order_they_were_made(course: Course) -> None:
    line = LessonLine("Shame", "Shame and guilt", TODAY, 12, "shame", "shame-and-guilt")
    mirror = LessonLine(
        "Shame", "The mirror", TODAY + dt.timedelta(days=5), 9, "shame", "the-mirror"
    )
    quiz = QuizLine(
        "Shame and guilt", "shame-and-guilt-check", 0.5, 0.5, False, 1, "shame-and-guilt"
    )
    better = dataclasses.replace(quiz, best_score=1.0, passed=True, attempts=2)
    rating = RatingSeries("L", "How strong?", 0, 10, ((TODAY, 3),), "l", "r", "p")
    later_rating = dataclasses.replace(
        rating, points=((TODAY, 3), (TODAY + dt.timedelta(days=6), 7))
    )
    shared = SharedReflection("L", "What did you notice?", "I stayed", TODAY, "l", "r", "p1")
    newer = SharedReflection("L", "What next?", "I will ask", TODAY + dt.timedelta(days=6))
    first = _report(TODAY + dt.timedelta(days=1), [line], [quiz], [rating], [shared])
    second = _report(
        TODAY + dt.timedelta(days=8), [line, mirror], [better], [later_rating], [newer, shared]
    )
    assignment = new_assignment(
        course, therapist="Sam", modules=["shame"], due=TODAY + dt.timedelta(days=7), today=TODAY
    )
    timeline = build_timeline(
        [second, first], [assignment], {course.id: course}, TODAY + dt.timedelta(days=9)
    )
    assert [p.made_on for p in timeline.reports] == [first.made_on, second.made_on]
    assert [p.newest for p in timeline.reports] == [False, True]
    assert [p.lessons_done for p in timeline.reports] == [1, 2]
    assert [x.lesson for x in timeline.lessons] == ["Shame and guilt", "The mirror"]
    (history,) = timeline.quizzes
    assert [score for _d, score, _n in history.points] == [0.5, 1.0] and history.passed
    (series,) = timeline.ratings
    assert [v for _d, v in series.points] == [3, 7]
    assert [r.text for r in timeline.reflections] == ["I stayed", "I will ask"]
    (due,) = timeline.due
    assert due.state is ItemState.IN_PROGRESS and due.overdue and due.lessons_done == 2


def test_older_reports_without_ids_match_lessons_by_title(course: Course) -> None:
    line = LessonLine("Shame", "Shame and guilt", TODAY, 12)  # no ids: an older report
    assignment = new_assignment(course, therapist="Sam", lessons=["shame-and-guilt"], today=TODAY)
    timeline = build_timeline([_report(TODAY, [line])], [assignment], {course.id: course}, TODAY)
    (due,) = timeline.due
    assert due.state is ItemState.DONE and not due.overdue


def test_nothing_yet() -> None:
    timeline = build_timeline([], [], {}, TODAY)
    assert timeline.newest is None and timeline.due == () and timeline.reports == ()
