"""Assignment files: made, written, read back, and every kind of bad file refused plainly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from course.assignments import (
    MAX_FILE_BYTES,
    AssignmentError,
    ItemKind,
    ItemState,
    all_due_dates_passed,
    assignment_from_json,
    assignment_to_json,
    check_against_course,
    checksum,
    item_statuses,
    new_assignment,
    read_assignment,
    to_document,
    write_assignment,
)
from course.model import (
    Course,
    Lesson,
    Module,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizStep,
    TextStep,
)

TODAY = dt.date(2026, 11, 26)


def _lesson(lesson_id: str, quiz_id: str | None = None) -> Lesson:
    steps: list = [TextStep("Some text.")]
    if quiz_id:
        question = Question(
            "q1", QuestionType.SINGLE, "Pick one", options=(Option("a", True), Option("b"))
        )
        steps.append(QuizStep(Quiz(quiz_id, 0.7, (question,))))
    return Lesson(lesson_id, lesson_id.title(), f"{lesson_id}.md", 5, tuple(steps))


@pytest.fixture
def course() -> Course:
    return Course(
        id="empathy-gap",
        version="1.0.0",
        title="Bridging the Empathy Gap",
        modules=(
            Module(
                "shame",
                "Shame",
                (_lesson("shame-and-guilt"), _lesson("reducing-shame", "shame-quiz")),
            ),
            Module("denial", "Denial", (_lesson("forms-of-denial"),)),
        ),
    )


def _write(tmp_path: Path, course: Course, **kwargs) -> Path:
    defaults = {"therapist": "Sam Rivera", "modules": ["shame"], "today": TODAY}
    assignment = new_assignment(course, **(defaults | kwargs))
    return write_assignment(assignment, tmp_path / "a.bridgework-assignment.json")


def test_round_trip_keeps_every_field(tmp_path: Path, course: Course) -> None:
    path = _write(
        tmp_path,
        course,
        lessons=["forms-of-denial"],
        due=dt.date(2026, 12, 20),
        note="Take your time with this one.",
        pass_mark=0.8,
        client_label="J.",
        item_notes={"forms-of-denial": "Read slowly."},
    )
    read = read_assignment(path, today=TODAY)
    assert read.therapist == "Sam Rivera"
    assert read.client_label == "J."
    assert read.note == "Take your time with this one."
    assert (read.course_id, read.course_version) == ("empathy-gap", "1.0.0")
    assert [(i.kind, i.id, i.due, i.pass_mark) for i in read.items] == [
        (ItemKind.MODULE, "shame", dt.date(2026, 12, 20), 0.8),
        (ItemKind.LESSON, "forms-of-denial", dt.date(2026, 12, 20), 0.8),
    ]
    assert read.items[1].note == "Read slowly."
    assert assignment_from_json(assignment_to_json(read)) == read


def test_file_is_written_atomically_with_no_temp_left(tmp_path: Path, course: Course) -> None:
    _write(tmp_path, course)
    assert [p.name for p in tmp_path.iterdir()] == ["a.bridgework-assignment.json"]


def test_unknown_ids_are_refused_when_making(course: Course) -> None:
    with pytest.raises(AssignmentError, match="'nope'"):
        new_assignment(course, therapist="Sam", modules=["nope"], today=TODAY)


def test_nothing_assigned_is_refused(course: Course) -> None:
    with pytest.raises(AssignmentError, match="at least one"):
        new_assignment(course, therapist="Sam", today=TODAY)


def _tamper(path: Path, change) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def test_malformed_json_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "bridgework-assignment", ')
    with pytest.raises(AssignmentError, match="damaged on the way"):
        read_assignment(path, today=TODAY)


def test_wrong_checksum_is_refused(tmp_path: Path, course: Course) -> None:
    path = _write(tmp_path, course)
    _tamper(path, lambda d: d.update(note="changed after signing"))
    with pytest.raises(AssignmentError, match="checksum does not match"):
        read_assignment(path, today=TODAY)


def test_unknown_format_version_is_refused(tmp_path: Path, course: Course) -> None:
    path = _write(tmp_path, course)

    def bump(d: dict) -> None:
        d["format_version"] = 2
        d["checksum"] = checksum(d)

    _tamper(path, bump)
    with pytest.raises(AssignmentError, match="newer assignment format"):
        read_assignment(path, today=TODAY)


def test_future_dated_assignment_is_refused(tmp_path: Path, course: Course) -> None:
    path = _write(tmp_path, course)
    with pytest.raises(AssignmentError, match="still in the future"):
        read_assignment(path, today=TODAY - dt.timedelta(days=5))


def test_due_before_issue_is_refused(tmp_path: Path, course: Course) -> None:
    path = _write(tmp_path, course, due=dt.date(2026, 12, 1))

    def backdate(d: dict) -> None:
        d["items"][0]["due"] = "2026-01-01"
        d["checksum"] = checksum(d)

    _tamper(path, backdate)
    with pytest.raises(AssignmentError, match="before the day it was issued"):
        read_assignment(path, today=TODAY)


def test_past_due_dates_are_read_and_flagged_gently(tmp_path: Path, course: Course) -> None:
    path = _write(tmp_path, course, due=dt.date(2026, 11, 30))
    later = dt.date(2027, 1, 15)
    assignment = read_assignment(path, today=later)
    assert all_due_dates_passed(assignment, today=later)
    assert not all_due_dates_passed(assignment, today=TODAY)


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(AssignmentError, match="too large"):
        read_assignment(path, today=TODAY)


def test_not_an_assignment_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(AssignmentError, match="not a Bridgework assignment"):
        read_assignment(path, today=TODAY)


def test_missing_file_is_a_plain_message(tmp_path: Path) -> None:
    with pytest.raises(AssignmentError, match="could not be found"):
        read_assignment(tmp_path / "gone.json", today=TODAY)


def test_unknown_course_is_refused(tmp_path: Path, course: Course) -> None:
    assignment = read_assignment(_write(tmp_path, course), today=TODAY)
    with pytest.raises(AssignmentError, match="isn't installed"):
        check_against_course(assignment, None)
    check_against_course(assignment, course)


def test_checksum_covers_everything_but_itself(course: Course) -> None:
    document = to_document(new_assignment(course, therapist="Sam", modules=["shame"], today=TODAY))
    assert document["checksum"] == checksum(document)
    assert checksum(document | {"therapist": "Someone else"}) != document["checksum"]


def test_item_statuses_follow_progress(course: Course) -> None:
    assignment = new_assignment(
        course,
        therapist="Sam",
        modules=["shame", "denial"],
        due=dt.date(2026, 12, 1),
        pass_mark=0.8,
        today=TODAY,
    )
    fresh = item_statuses(assignment, course, completed_lessons=[], best_scores={}, today=TODAY)
    assert [s.state for s in fresh] == [ItemState.NOT_STARTED, ItemState.NOT_STARTED]

    below_mark = item_statuses(
        assignment,
        course,
        completed_lessons=["shame-and-guilt", "reducing-shame"],
        best_scores={"shame-quiz": 0.5},
        today=dt.date(2026, 12, 5),
    )
    assert below_mark[0].state is ItemState.IN_PROGRESS
    assert below_mark[0].quizzes_below_mark == (("shame-quiz", 0.5),)
    assert below_mark[0].overdue and below_mark[1].overdue
    assert below_mark[0].fraction == 1.0

    done = item_statuses(
        assignment,
        course,
        completed_lessons=["shame-and-guilt", "reducing-shame"],
        best_scores={"shame-quiz": 0.8},
        today=dt.date(2026, 12, 5),
    )
    assert done[0].state is ItemState.DONE and not done[0].overdue


def test_items_missing_from_the_installed_course_are_kept(course: Course) -> None:
    assignment = new_assignment(course, therapist="Sam", modules=["shame"], today=TODAY)
    smaller = Course(
        id=course.id, version="2.0.0", title=course.title, modules=(course.modules[1],)
    )
    statuses = item_statuses(assignment, smaller, completed_lessons=[], best_scores={})
    assert [(s.item.id, s.state) for s in statuses] == [("shame", ItemState.MISSING)]
