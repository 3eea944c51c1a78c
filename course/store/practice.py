"""The store's reads and writes for feelings practice: check-ins, the answers to lessons'
`feelings` prompts, and perspective exercises' two drafts.

Beside queries.py and built the same way: plain values in and out, one function per
ProgressStore method; imports only the store's tables, records and errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from course.model import MAX_INTENSITY, MIN_INTENSITY, Pick
from course.store.errors import StoreError
from course.store.records import CheckIn, CourseRef, PerspectiveAnswer
from course.store.tables import (
    FeelingEntry,
    FeelingPickRow,
    PerspectiveRow,
    by_prompt,
    prompt_key,
)

#: A lesson's feelings prompt answered again within this time changes the same entry
#: (the learner adjusting a word); later, it is a new moment and a new entry.
FEELINGS_EDIT_WINDOW = dt.timedelta(minutes=60)
MAX_PICKS = 12


def _check_picks(picks: Sequence[Pick]) -> None:
    if not picks:
        raise StoreError("A check-in needs at least one feeling.")
    if len(picks) > MAX_PICKS:
        raise StoreError(f"A check-in can hold at most {MAX_PICKS} feelings.")
    for pick in picks:
        if not pick.word.strip() or not MIN_INTENSITY <= pick.intensity <= MAX_INTENSITY:
            raise StoreError("A feeling needs a word and an intensity from 1 to 5.")


def _set_picks(row: FeelingEntry, picks: Sequence[Pick]) -> None:
    row.picks = [
        FeelingPickRow(position=i, word=p.word, family=p.family, intensity=int(p.intensity))
        for i, p in enumerate(picks)
    ]


def add_check_in(s: Session, picks: Sequence[Pick], note: str, now: dt.datetime) -> int:
    _check_picks(picks)
    row = FeelingEntry(recorded_at=now, updated_at=now, note=note, body="")
    _set_picks(row, picks)
    s.add(row)
    s.flush()
    return row.id


def save_feelings(
    s: Session,
    course: CourseRef,
    lesson_id: str,
    reflection_id: str,
    prompt_id: str,
    picks: Sequence[Pick],
    note: str,
    body: str,
    now: dt.datetime,
) -> int:
    _check_picks(picks)
    latest = _latest_feelings_row(s, course.id, reflection_id, prompt_id)
    if latest is not None and now - latest.updated_at < FEELINGS_EDIT_WINDOW:
        row = latest
    else:
        row = FeelingEntry(
            recorded_at=now,
            course_id=course.id,
            lesson_id=lesson_id,
            reflection_id=reflection_id,
            prompt_id=prompt_id,
        )
        s.add(row)
    row.course_version = course.version
    row.updated_at = now
    row.note = note
    row.body = body
    _set_picks(row, picks)
    s.flush()
    return row.id


def _latest_feelings_row(
    s: Session, course_id: str, reflection_id: str, prompt_id: str
) -> FeelingEntry | None:
    return s.scalars(
        select(FeelingEntry)
        .where(
            FeelingEntry.course_id == course_id,
            FeelingEntry.reflection_id == reflection_id,
            FeelingEntry.prompt_id == prompt_id,
        )
        .options(selectinload(FeelingEntry.picks))
        .order_by(FeelingEntry.recorded_at.desc(), FeelingEntry.id.desc())
        .limit(1)
    ).one_or_none()


def latest_feelings(
    c: Connection, course_id: str, reflection_id: str, prompt_id: str
) -> CheckIn | None:
    """The latest entry for a lesson's feelings prompt, as plain rows (no ORM objects:
    a reflection step reads it as it opens, issue 14)."""
    keys = prompt_key(course_id, reflection_id, prompt_id)
    found = _with_picks(c, c.execute(_latest_feelings_query(), keys).all(), every_pick=False)
    return found[0] if found else None


@cache
def _latest_feelings_query() -> Select[*tuple[Any, ...]]:
    # Made once: building the statement cost more than running it.
    return (
        _entry_columns()
        .where(*by_prompt(FeelingEntry.__table__))
        .order_by(FeelingEntry.recorded_at.desc(), FeelingEntry.id.desc())
        .limit(1)
    )


def check_ins(
    s: Session | Connection, since: dt.datetime | None, include_lessons: bool
) -> list[CheckIn]:
    """Every entry with its picks, oldest first: two plain queries rather than the ORM,
    since Insights reads a few thousand of them at a time."""
    entries = _entry_columns()
    if since is not None:
        entries = entries.where(FeelingEntry.recorded_at >= since)
    if not include_lessons:
        entries = entries.where(FeelingEntry.course_id.is_(None))
    rows = s.execute(entries.order_by(FeelingEntry.recorded_at, FeelingEntry.id)).all()
    return _with_picks(s, rows, every_pick=since is None and include_lessons)


def _entry_columns() -> Select[*tuple[Any, ...]]:
    """A check-in's columns, in the order `_with_picks` reads them."""
    return select(
        FeelingEntry.id,
        FeelingEntry.recorded_at,
        FeelingEntry.updated_at,
        FeelingEntry.note,
        FeelingEntry.body,
        FeelingEntry.course_id,
        FeelingEntry.lesson_id,
        FeelingEntry.reflection_id,
        FeelingEntry.prompt_id,
    )


def _with_picks(
    s: Session | Connection, rows: Sequence[Sequence[Any]], *, every_pick: bool
) -> list[CheckIn]:
    """The entries of `rows` (from `_entry_columns`) with their picks, read in one query
    (every pick in the store when `every_pick`, else only those of these entries)."""
    if not rows:
        return []
    picks: dict[int, list[Pick]] = {}
    pick_rows = select(
        FeelingPickRow.entry_id,
        FeelingPickRow.word,
        FeelingPickRow.family,
        FeelingPickRow.intensity,
    ).order_by(FeelingPickRow.entry_id, FeelingPickRow.position)
    if len(rows) == 1 and not every_pick:
        found = s.execute(_entry_picks_query(), {"entry_id": rows[0][0]})
    else:
        if not every_pick:
            pick_rows = pick_rows.where(FeelingPickRow.entry_id.in_([r[0] for r in rows]))
        found = s.execute(pick_rows)
    for entry_id, word, family, intensity in found:
        picks.setdefault(entry_id, []).append(Pick(word, family, intensity))
    return [
        CheckIn(
            id=r[0],
            recorded_at=r[1],
            updated_at=r[2],
            picks=tuple(picks.get(r[0], ())),
            note=r[3],
            body=r[4],
            course_id=r[5],
            lesson_id=r[6],
            reflection_id=r[7],
            prompt_id=r[8],
        )
        for r in rows
    ]


@cache
def _entry_picks_query() -> Select[*tuple[Any, ...]]:
    return (
        select(
            FeelingPickRow.entry_id,
            FeelingPickRow.word,
            FeelingPickRow.family,
            FeelingPickRow.intensity,
        )
        .where(FeelingPickRow.entry_id == bindparam("entry_id"))
        .order_by(FeelingPickRow.position)
    )


def delete_check_in(s: Session, entry_id: int) -> None:
    row = s.get(FeelingEntry, entry_id)
    if row is not None:
        s.delete(row)


def _perspective(row: Any) -> PerspectiveAnswer:
    # An ORM row, or a plain Row of the same columns.
    return PerspectiveAnswer(
        course_id=row.course_id,
        course_version=row.course_version,
        lesson_id=row.lesson_id,
        reflection_id=row.reflection_id,
        prompt_id=row.prompt_id,
        first_draft=row.first_draft,
        second_draft=row.second_draft,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revealed_at=row.revealed_at,
    )


def save_perspective(
    s: Session,
    course: CourseRef,
    lesson_id: str,
    reflection_id: str,
    prompt_id: str,
    *,
    first_draft: str | None,
    second_draft: str | None,
    reveal: bool,
    now: dt.datetime,
) -> PerspectiveAnswer:
    """Save either draft (None leaves it as it is), and note when the model answer was
    first shown. The first draft is frozen once the model answer has been shown, so
    what the learner wrote on their own is always kept apart from what came after."""
    row = s.scalars(
        select(PerspectiveRow).where(
            PerspectiveRow.course_id == course.id,
            PerspectiveRow.reflection_id == reflection_id,
            PerspectiveRow.prompt_id == prompt_id,
        )
    ).one_or_none()
    if row is None:
        row = PerspectiveRow(
            course_id=course.id,
            lesson_id=lesson_id,
            reflection_id=reflection_id,
            prompt_id=prompt_id,
            first_draft="",
            second_draft="",
            created_at=now,
        )
        s.add(row)
    if first_draft is not None and row.revealed_at is None:
        row.first_draft = first_draft
    if reveal and row.revealed_at is None:
        if not (row.first_draft or "").strip():
            raise StoreError("Write your own answer first; then the model answer is shown.")
        row.revealed_at = now
    if second_draft is not None:
        if row.revealed_at is None:
            raise StoreError("The second draft comes after the model answer is shown.")
        row.second_draft = second_draft
    row.course_version = course.version
    row.lesson_id = lesson_id
    row.updated_at = now
    s.flush()
    return _perspective(row)


def perspective(
    c: Connection, course_id: str, reflection_id: str, prompt_id: str
) -> PerspectiveAnswer | None:
    """One perspective prompt's answer as a plain row (no ORM object: a reflection step
    reads it as it opens, issue 14)."""
    keys = prompt_key(course_id, reflection_id, prompt_id)
    row = c.execute(_perspective_query(), keys).one_or_none()
    return None if row is None else _perspective(row)


@cache
def _perspective_query() -> Select[*tuple[Any, ...]]:
    table = PerspectiveRow.__table__
    return select(table).where(*by_prompt(table))


def perspectives(s: Session, course_id: str | None) -> list[PerspectiveAnswer]:
    query = select(PerspectiveRow).order_by(PerspectiveRow.created_at, PerspectiveRow.id)
    if course_id is not None:
        query = query.where(PerspectiveRow.course_id == course_id)
    return [_perspective(row) for row in s.scalars(query)]
