"""Assignments across course versions: a module keeps the lessons it was assigned with.

A module that gains a lesson in a new version does not make a finished assignment
unfinished; a lesson the new version dropped is shown as unavailable, never counted
against the learner; a file made before assignments kept the list gets it on import.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from course.assignments import (
    AssignmentError,
    ItemState,
    assigned_lesson_ids,
    assignment_from_json,
    assignment_to_json,
    checksum,
    item_statuses,
    new_assignment,
    parse_assignment,
    to_document,
    with_lessons_kept,
)
from course.model import Course, Lesson, Module, TextStep

TODAY = dt.date(2026, 11, 26)


def _lesson(lesson_id: str) -> Lesson:
    return Lesson(lesson_id, lesson_id.title(), f"{lesson_id}.md", 5, (TextStep("Text."),))


def _course(version: str, *shame: str) -> Course:
    modules = (
        Module("shame", "Shame", tuple(_lesson(i) for i in shame)),
        Module("denial", "Denial", (_lesson("forms-of-denial"),)),
    )
    return Course("empathy-gap", version, "Bridging the Empathy Gap", modules)


V1 = _course("1.0.0", "shame-and-guilt", "reducing-shame")


def test_a_module_item_lists_its_lessons_in_the_file() -> None:
    assignment = new_assignment(V1, therapist="Sam", modules=["shame"], today=TODAY)
    (item,) = to_document(assignment)["items"]
    assert item["lessons"] == ["shame-and-guilt", "reducing-shame"]
    assert assignment_from_json(assignment_to_json(assignment)) == assignment


def test_a_lesson_added_to_the_module_later_leaves_a_finished_assignment_finished() -> None:
    assignment = new_assignment(V1, therapist="Sam", modules=["shame"], today=TODAY)
    v2 = _course("2.0.0", "shame-and-guilt", "reducing-shame", "moral-shame")
    (status,) = item_statuses(
        assignment, v2, completed_lessons=["shame-and-guilt", "reducing-shame"], best_scores={}
    )
    assert status.state is ItemState.DONE and (status.lessons_done, status.lessons_total) == (2, 2)
    assert assigned_lesson_ids(assignment, v2) == {"shame-and-guilt", "reducing-shame"}


def test_a_lesson_the_new_version_dropped_is_unavailable_not_missing() -> None:
    assignment = new_assignment(V1, therapist="Sam", modules=["shame"], today=TODAY)
    v2 = _course("2.0.0", "shame-and-guilt")
    (status,) = item_statuses(assignment, v2, completed_lessons=["shame-and-guilt"], best_scores={})
    assert status.state is ItemState.DONE and status.unavailable == ("reducing-shame",)


def test_a_lesson_moved_to_another_module_still_counts() -> None:
    assignment = new_assignment(V1, therapist="Sam", modules=["shame"], today=TODAY)
    moved = Course(
        "empathy-gap",
        "2.0.0",
        "Bridging the Empathy Gap",
        (Module("guilt", "Guilt", (_lesson("shame-and-guilt"), _lesson("reducing-shame"))),),
    )
    (status,) = item_statuses(assignment, moved, completed_lessons=[], best_scores={})
    assert status.state is ItemState.NOT_STARTED and status.lessons_total == 2


def test_a_file_without_the_list_gets_it_when_imported() -> None:
    assignment = new_assignment(V1, therapist="Sam", modules=["shame"], today=TODAY)
    document = to_document(assignment)
    del document["items"][0]["lessons"]
    document["checksum"] = checksum(document)
    older = parse_assignment(document_bytes(document), today=TODAY)
    assert older.items[0].lessons == ()
    kept = with_lessons_kept(older, V1)
    assert kept.items[0].lessons == ("shame-and-guilt", "reducing-shame")
    v2 = _course("2.0.0", "shame-and-guilt", "reducing-shame", "moral-shame")
    (status,) = item_statuses(kept, v2, completed_lessons=[], best_scores={})
    assert status.lessons_total == 2


@pytest.mark.parametrize("lessons", ["shame-and-guilt", [1, 2], [""]])
def test_a_malformed_lesson_list_is_refused_plainly(lessons: object) -> None:
    assignment = new_assignment(V1, therapist="Sam", modules=["shame"], today=TODAY)
    document = to_document(assignment)
    document["items"][0]["lessons"] = lessons
    document["checksum"] = checksum(document)
    with pytest.raises(AssignmentError):
        parse_assignment(document_bytes(document), today=TODAY)


def document_bytes(document: dict) -> bytes:
    return json.dumps(document).encode("utf-8")
