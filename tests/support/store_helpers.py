"""Shared helpers for the store tests: a settable clock, a small course, raw file access."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from course.model import Course, Lesson, Module
from course.store import CourseKey

COURSE = CourseKey("empathy-gap", "1.0.0")


class FakeClock:
    """A clock the test moves by hand, so time rules are checked without waiting."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def lesson(lesson_id: str) -> Lesson:
    return Lesson(
        id=lesson_id, title=lesson_id.title(), path=f"{lesson_id}.md", minutes=5, steps=()
    )


def small_course(version: str = "1.0.0") -> Course:
    return Course(
        id="empathy-gap",
        version=version,
        title="Bridging the Empathy Gap",
        modules=(
            Module("shame", "Shame", (lesson("guilt"), lesson("mirror"), lesson("reactions"))),
            Module("denial", "Denial", (lesson("stories"), lesson("facts"))),
        ),
    )


def files_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to show that nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def raw_rows(database: Path, sql: str, passphrase: str | None = None) -> list[tuple[object, ...]]:
    """Rows read with a plain driver connection, bypassing the store."""
    from course.store.engine import connect

    conn = connect(database, passphrase)
    try:
        return [tuple(row) for row in conn.execute(sql).fetchall()]
    finally:
        conn.close()


class Spy:
    """Wraps the store and records which reading methods a caller (the report builder) uses."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        self.calls.append(name)
        return getattr(self._store, name)


class CountingStore:
    """The real store, counting every call a view makes of it (by method name)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.real, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted
