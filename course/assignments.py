"""Assignment files: what a therapist assigns, carried to the client as a small JSON file.

The format is documented in docs/assignment-format.md (with a JSON Schema beside it). A
file is checked completely before anything is stored, and every problem is reported in
words a client can act on. Nothing here touches the network, Qt or the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from course import untrusted
from course.fileio import NotARegularFile, read_regular_file, write_text_atomically
from course.model import Course
from course.suggest import hints_for
from course.untrusted import strip_bidi

FORMAT_NAME = "bridgework-assignment"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024
# Its own extension, so a double-click opens it in Bridgework without claiming every
# .json (Windows and macOS associate by the last extension). JSON inside; files with the
# earlier name (LEGACY_FILE_SUFFIX) or any other name still open: the content decides.
FILE_SUFFIX = ".bridgework-assignment"
LEGACY_FILE_SUFFIX = ".bridgework-assignment.json"
# A clock on the therapist's or the client's computer may be a day off; more than that
# means the file's dates cannot be trusted.
CLOCK_SLACK = dt.timedelta(days=1)


class AssignmentError(Exception):
    """An assignment file that cannot be used. The message is meant for the person importing it."""


class ItemKind(StrEnum):
    MODULE = "module"
    LESSON = "lesson"


@dataclass(frozen=True, slots=True)
class AssignmentItem:
    kind: ItemKind
    id: str
    due: dt.date | None = None
    note: str | None = None
    pass_mark: float | None = None  # 0 < pass_mark <= 1; None: the course's own pass marks
    # A module item: the ids of the lessons it had when the assignment was made, so a
    # lesson added to the module later does not join it. () in files made before this.
    lessons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    id: str
    issued: dt.date
    therapist: str
    course_id: str
    course_version: str
    items: tuple[AssignmentItem, ...]
    client_label: str | None = None
    note: str | None = None

    def due_dates(self) -> list[dt.date]:
        return sorted(item.due for item in self.items if item.due is not None)


# --- writing -----------------------------------------------------------------------------


def new_assignment(
    course: Course,
    *,
    therapist: str,
    modules: Sequence[str] = (),
    lessons: Sequence[str] = (),
    due: dt.date | None = None,
    note: str | None = None,
    pass_mark: float | None = None,
    client_label: str | None = None,
    item_notes: Mapping[str, str] | None = None,
    item_dues: Mapping[str, dt.date] | None = None,
    today: dt.date | None = None,
) -> Assignment:
    """Build an assignment for `course`, checking every id exists in it.

    `due` and `pass_mark` apply to every item; `item_dues` and `item_notes` (keyed by
    module or lesson id) override or add per item.
    """
    # Invisible direction controls could make the name read as someone else's.
    therapist = strip_bidi(therapist)
    note = strip_bidi(note) if note is not None else None
    client_label = strip_bidi(client_label) if client_label is not None else None
    item_notes = {k: strip_bidi(v) for k, v in (item_notes or {}).items()}
    if not therapist.strip():
        raise AssignmentError("Please give the name the client will see as the sender.")
    if not modules and not lessons:
        raise AssignmentError("Choose at least one module or lesson to assign.")
    if pass_mark is not None and not 0 < pass_mark <= 1:
        raise AssignmentError("The pass mark must be more than 0 and at most 1 (for example 0.8).")
    unknown = [m for m in modules if course.module(m) is None]
    unknown += [lesson for lesson in lessons if course.lesson(lesson) is None]
    if unknown:
        known = [m.id for m in course.modules] + [lesson.id for lesson in course.lessons()]
        raise AssignmentError(
            f"The course '{course.id}' has no module or lesson called "
            + ", ".join(f"'{u}'" for u in unknown)
            + "."
            + hints_for(unknown, known)
            + " `bridgework validate --list-ids` lists the course's ids."
        )
    item_notes = item_notes or {}
    item_dues = item_dues or {}
    items = tuple(
        AssignmentItem(
            kind=kind,
            id=item_id,
            due=item_dues.get(item_id, due),
            note=item_notes.get(item_id),
            pass_mark=pass_mark,
        )
        for kind, ids in ((ItemKind.MODULE, modules), (ItemKind.LESSON, lessons))
        for item_id in ids
    )
    # Modules keep the lessons they have today (see AssignmentItem.lessons).
    items = with_lessons_kept(Assignment("", dt.date.min, "", "", "", items), course).items
    issued = today or dt.date.today()
    for item in items:
        if item.due is not None and item.due < issued:
            raise AssignmentError(
                f"The due date {item.due.isoformat()} is before today ({issued.isoformat()})."
            )
    return Assignment(
        id=str(uuid.uuid4()),
        issued=issued,
        therapist=therapist.strip(),
        course_id=course.id,
        course_version=course.version,
        items=items,
        client_label=(client_label or "").strip() or None,
        note=(note or "").strip() or None,
    )


def to_document(assignment: Assignment) -> dict[str, Any]:
    """The JSON document for an assignment, checksum included."""
    content: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "id": assignment.id,
        "issued": assignment.issued.isoformat(),
        "therapist": assignment.therapist,
        "course": {"id": assignment.course_id, "version": assignment.course_version},
        "items": [_item_document(item) for item in assignment.items],
    }
    if assignment.client_label:
        content["client_label"] = assignment.client_label
    if assignment.note:
        content["note"] = assignment.note
    content["checksum"] = checksum(content)
    return content


def _item_document(item: AssignmentItem) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": item.kind.value, "id": item.id}
    if item.lessons:
        doc["lessons"] = list(item.lessons)
    if item.due is not None:
        doc["due"] = item.due.isoformat()
    if item.note:
        doc["note"] = item.note
    if item.pass_mark is not None:
        doc["pass_mark"] = item.pass_mark
    return doc


def checksum(document: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of everything but the checksum itself."""
    content = {k: v for k, v in document.items() if k != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def write_assignment(assignment: Assignment, path: str | os.PathLike[str]) -> Path:
    """Write the file atomically: a reader never sees half of it, even if the disk fills up."""
    text = json.dumps(to_document(assignment), indent=2, ensure_ascii=False) + "\n"
    return write_text_atomically(Path(path), text)


# --- reading -----------------------------------------------------------------------------


def read_assignment(path: str | os.PathLike[str], *, today: dt.date | None = None) -> Assignment:
    """Read and check an assignment file. Raises AssignmentError with a message for the client."""
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise AssignmentError(f"The file '{path.name}' could not be found.") from None
    except NotARegularFile:
        raise AssignmentError(
            f"'{path.name}' is not a regular file (it may be a folder or a device), so it "
            "can't be an assignment. Please check you picked the right file."
        ) from None
    except OSError as error:
        raise AssignmentError(
            f"The file '{path.name}' could not be opened ({error.strerror or error})."
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise AssignmentError(
            f"'{path.name}' is too large to be an assignment file (they are a few kilobytes; "
            "this one is over 1 MiB). Please check you picked the right file."
        )
    return parse_assignment(data, today=today, name=path.name)


def parse_assignment(
    data: bytes, *, today: dt.date | None = None, name: str = "file"
) -> Assignment:
    damaged = (
        f"'{name}' is not a readable assignment file. It may have been damaged on the way; "
        "please ask for a new copy."
    )
    try:
        document = untrusted.loads(data)
    except untrusted.UntrustedJSONError:
        raise AssignmentError(damaged) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise AssignmentError(f"'{name}' is not a Bridgework assignment file.")
    version = document.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        shown = version if type(version) is int else "unknown"
        raise AssignmentError(
            f"'{name}' was made in a newer assignment format (version {shown}) than this "
            f"copy of Bridgework reads (version {FORMAT_VERSION}). Updating Bridgework, or asking "
            "for a file made with the same version, will fix this."
        )
    if document.get("checksum") != checksum(document):
        raise AssignmentError(
            f"'{name}' has been changed or damaged since it was made (its checksum does not "
            "match), so it can't be trusted. Please ask for a new copy."
        )
    try:
        assignment = _from_document(document)
    except (KeyError, TypeError, ValueError) as error:
        raise AssignmentError(f"{damaged} ({error})") from None
    _check_dates(assignment, today or dt.date.today(), name)
    return assignment


def _from_document(document: Mapping[str, Any]) -> Assignment:
    """The assignment in a parsed document; ValueError (or KeyError) says what is wrong.

    Every value is checked for its type before it is used: the document may come from
    anyone, and a checksum only proves it was not changed on the way.
    """
    course = document["course"]
    if not isinstance(course, dict):
        raise ValueError("'course' should hold an id and a version")
    raw_items = document["items"]
    if not isinstance(raw_items, list):
        raise ValueError("'items' should be a list")
    items = tuple(_item_from_document(raw) for raw in raw_items)
    if not items:
        raise ValueError("it assigns nothing")
    return Assignment(
        id=_text(document, "id"),
        issued=_date(_text(document, "issued")),
        therapist=_text(document, "therapist"),
        course_id=_text(course, "id"),
        course_version=_text(course, "version"),
        items=items,
        client_label=_optional_text(document, "client_label"),
        note=_optional_text(document, "note"),
    )


def _item_from_document(raw: Any) -> AssignmentItem:
    if not isinstance(raw, dict):
        raise ValueError("each item should have a kind and an id")
    pass_mark = raw.get("pass_mark")
    if pass_mark is not None and (
        isinstance(pass_mark, bool)
        or not isinstance(pass_mark, int | float)
        or not 0 < pass_mark <= 1
    ):
        raise ValueError("a pass mark is not between 0 and 1")
    kind = raw["kind"]
    if kind not in (ItemKind.MODULE.value, ItemKind.LESSON.value):
        raise ValueError("an item is neither a module nor a lesson")
    due = _optional_text(raw, "due")
    lessons = raw.get("lessons", [])
    if not isinstance(lessons, list) or not all(
        isinstance(lesson, str) and lesson.strip() for lesson in lessons
    ):
        raise ValueError("a module's 'lessons' should be a list of lesson ids")
    return AssignmentItem(
        kind=ItemKind(kind),
        id=_text(raw, "id"),
        due=_date(due) if due is not None else None,
        note=_optional_text(raw, "note"),
        pass_mark=float(pass_mark) if pass_mark is not None else None,
        lessons=tuple(strip_bidi(lesson).strip() for lesson in lessons)
        if kind == ItemKind.MODULE.value
        else (),
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text[:40]}' is not a date") from None


def _text(mapping: Mapping[str, Any], key: str) -> str:
    value = mapping[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{key}' should be a non-empty text")
    cleaned = strip_bidi(value).strip()
    if not cleaned:
        raise ValueError(f"'{key}' should be a non-empty text")
    return cleaned


def _optional_text(mapping: Mapping[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{key}' should be a text")
    return strip_bidi(value).strip() or None


def _check_dates(assignment: Assignment, today: dt.date, name: str) -> None:
    if assignment.issued > today + CLOCK_SLACK:
        raise AssignmentError(
            f"'{name}' says it was issued on {assignment.issued.isoformat()}, which is still in "
            "the future. The clock on one of the two computers may be wrong; please check the "
            "date and ask for a new copy if needed."
        )
    early = [item for item in assignment.items if item.due and item.due < assignment.issued]
    if early:
        raise AssignmentError(
            f"'{name}' has a due date ({early[0].due.isoformat() if early[0].due else ''}) "
            f"before the day it was issued ({assignment.issued.isoformat()}), so its dates "
            "can't be right. Please ask for a corrected copy."
        )


def all_due_dates_passed(assignment: Assignment, today: dt.date | None = None) -> bool:
    """True when every item has a due date and all of them are over: worth a gentle word."""
    dues = [item.due for item in assignment.items]
    return bool(dues) and all(d is not None and d < (today or dt.date.today()) for d in dues)


def check_against_course(assignment: Assignment, course: Course | None) -> None:
    """Refuse an assignment for a course that isn't installed; other gaps are shown, not refused."""
    if course is None:
        raise AssignmentError(
            f"This assignment is for the course '{assignment.course_id}', which isn't installed "
            "in Bridgework yet. Import the course first (File > Import course...), then import "
            "the assignment again."
        )


# --- progress ----------------------------------------------------------------------------


class ItemState(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"
    MISSING = "missing"  # the id no longer exists in the installed course


@dataclass(frozen=True, slots=True)
class ItemStatus:
    item: AssignmentItem
    title: str
    state: ItemState
    lessons_done: int
    lessons_total: int
    overdue: bool
    # Quizzes below the item's pass mark, by quiz id and best score so far.
    quizzes_below_mark: tuple[tuple[str, float], ...] = field(default=())
    # Lessons of a module item that the installed course no longer has.
    unavailable: tuple[str, ...] = field(default=())

    @property
    def fraction(self) -> float:
        return self.lessons_done / self.lessons_total if self.lessons_total else 0.0


def item_statuses(
    assignment: Assignment,
    course: Course | None,
    *,
    completed_lessons: Iterable[str],
    started_lessons: Iterable[str] = (),
    best_scores: Mapping[str, float],
    today: dt.date | None = None,
) -> list[ItemStatus]:
    """How far the learner is with each item, from plain progress values the store gives.

    An item is done when all its lessons are complete and, where it carries a pass mark,
    the best attempt of every quiz in it reaches that mark. Items whose ids the installed
    course lacks are kept and marked MISSING, so nothing assigned silently disappears.
    """
    today = today or dt.date.today()
    completed = set(completed_lessons)
    started = set(started_lessons) | completed
    statuses = []
    for item in assignment.items:
        lessons = _lessons_of(item, course)
        if lessons is None:
            statuses.append(ItemStatus(item, item.id, ItemState.MISSING, 0, 0, overdue=False))
            continue
        title, lesson_ids, quiz_ids, unavailable = lessons
        done = sum(1 for lesson_id in lesson_ids if lesson_id in completed)
        mark = item.pass_mark
        below = tuple(
            (quiz_id, best_scores.get(quiz_id, 0.0))
            for quiz_id in quiz_ids
            if mark is not None and best_scores.get(quiz_id, 0.0) + 1e-9 < mark
        )
        if done == len(lesson_ids) and not below:
            state = ItemState.DONE
        elif any(lesson_id in started for lesson_id in lesson_ids) or any(
            quiz_id in best_scores for quiz_id in quiz_ids
        ):
            state = ItemState.IN_PROGRESS
        else:
            state = ItemState.NOT_STARTED
        overdue = item.due is not None and item.due < today and state is not ItemState.DONE
        statuses.append(
            ItemStatus(item, title, state, done, len(lesson_ids), overdue, below, unavailable)
        )
    return statuses


def item_lesson_ids(item: AssignmentItem, course: Course) -> list[str]:
    """The lesson ids an item stands for in `course`, in order (see _lessons_of)."""
    found = _lessons_of(item, course)
    return [] if found is None else found[1]


def assigned_lesson_ids(assignment: Assignment, course: Course) -> set[str]:
    """Ids of the lessons an assignment names, a module standing for its lessons (those
    it had when the assignment was made, where the file lists them).

    Items the course no longer has are skipped.
    """
    return {lesson for item in assignment.items for lesson in item_lesson_ids(item, course)}


def _lessons_of(
    item: AssignmentItem, course: Course | None
) -> tuple[str, list[str], list[str], tuple[str, ...]] | None:
    """(title, lesson ids, quiz ids, unavailable lesson ids) of an item in `course`, or
    None when the course has none of it. A module item made with its list of lessons
    keeps that list: lessons added to the module since are not part of it, and lessons
    the course no longer has are unavailable (shown, never counted against it)."""
    if course is None:
        return None
    if item.kind is ItemKind.MODULE:
        module = course.module(item.id)
        wanted = item.lessons or (tuple(lesson.id for lesson in module.lessons) if module else ())
        found = [course.lesson(lesson_id) for lesson_id in wanted]
        lessons = [lesson for lesson in found if lesson is not None]
        unavailable = tuple(i for i, lesson in zip(wanted, found, strict=True) if lesson is None)
        if module is None and not lessons:
            return None
        title = module.title if module is not None else item.id
    else:
        lesson = course.lesson(item.id)
        if lesson is None:
            return None
        lessons, unavailable = [lesson], ()
        title = lesson.title
    quiz_ids = [quiz.id for lesson in lessons for quiz in lesson.quizzes]
    return title, [lesson.id for lesson in lessons], quiz_ids, unavailable


def with_lessons_kept(assignment: Assignment, course: Course | None) -> Assignment:
    """`assignment` with each module item's lessons listed as `course` has them now, for a
    file made before assignments kept that list (done when it is imported)."""
    if course is None:
        return assignment
    items = []
    for item in assignment.items:
        module = course.module(item.id) if item.kind is ItemKind.MODULE else None
        if module is not None and not item.lessons:
            item = replace(item, lessons=tuple(lesson.id for lesson in module.lessons))
        items.append(item)
    return replace(assignment, items=tuple(items))


def assignment_to_json(assignment: Assignment) -> str:
    """The canonical text kept in the store, so the exact file received can be shown again."""
    return json.dumps(to_document(assignment), sort_keys=True, ensure_ascii=False)


def assignment_from_json(text: str) -> Assignment:
    """Read back what `assignment_to_json` stored (checked at import, so dates aren't re-judged)."""
    return _from_document(json.loads(text))
