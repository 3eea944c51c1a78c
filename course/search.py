"""Search: turning what the learner types into FTS5 queries, and the course text index.

Two indexes answer one search. The learner's own writing is indexed inside the store
(course/store, FTS5 inside the possibly encrypted database, kept in step by triggers).
Course text is public, so its index is a plain SQLite file in the cache folder
(`CourseIndex`), rebuilt for a course whenever that course's text changes. Both use
the same tokenizer (porter stemming over unicode61 without diacritics) and the same
query building (`match_expressions`).

Stemming alone does not make "ashamed" find "shame" (porter stems them to "asham" and
"shame"), so each typed word is also tried without a common negating or intensifying
prefix ("ashamed" -> "shamed" -> "shame", "unkind" -> "kind"), and with an "a" before
it ("shame" -> "ashame" -> "asham", as "ashamed" is stemmed), and without a final
"y" ("guilty" -> "guilt"). Matches of the words as
typed rank first; matches only through such a variant come after them.

Nothing here imports Qt; the UI runs `CourseIndex.refresh` on a worker thread.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.model import Course, Lesson, QuizStep, ReflectStep, TextStep

#: The tokenizer of both indexes (the store's copy is course.store.tables.SEARCH_TOKENIZER).
TOKENIZER = "porter unicode61 remove_diacritics 2"
#: Markers snippet() puts around matched words; never in course or learner text.
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 12
MAX_WORDS = 8

Excerpt = tuple[tuple[str, bool], ...]

_WORD = re.compile(r"\w+", re.UNICODE)
# Prefixes tried off a typed word, with the shortest rest worth trying (a bare "a" off
# "apart" would find "part"; off "ashamed" it finds "shamed", stemmed to "shame").
_PREFIXES = (("a", 5), ("un", 4), ("dis", 4), ("mis", 4), ("non", 4), ("self", 4))


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expressions(text: str) -> tuple[str, str] | None:
    """FTS5 MATCH expressions for what was typed: (as typed, with prefix variants).

    Every word must match (AND). The last word also matches as a prefix while it is
    being typed (no space after it yet). Characters that mean something to FTS5 are
    never passed through: each word is quoted. None if nothing searchable was typed.
    """
    words = _WORD.findall(text.casefold())[:MAX_WORDS]
    if not words:
        return None
    typing_last = not text[-1:].isspace()
    direct: list[str] = []
    varied: list[str] = []
    for position, word in enumerate(words):
        exact = [_quoted(word)]
        if typing_last and position == len(words) - 1:
            exact.append(_quoted(word) + "*")
        extra = [
            _quoted(word[len(prefix) :])
            for prefix, shortest in _PREFIXES
            if word.startswith(prefix) and len(word) - len(prefix) >= shortest
        ]
        if len(word) >= _PREFIXES[0][1] and not word.startswith("a"):
            extra.append(_quoted("a" + word))  # and back: "shame" finds "ashamed"
        if len(word) >= 5 and word.endswith("y"):
            extra.append(_quoted(word[:-1]))  # porter keeps "guilty" apart from "guilt"
        direct.append("(" + " OR ".join(exact) + ")")
        varied.append("(" + " OR ".join(exact + extra) + ")")
    return " AND ".join(direct), " AND ".join(varied)


def split_excerpt(marked: str) -> Excerpt:
    """snippet() output with MARK_START/MARK_END around matches, as (text, matched) pieces."""
    pieces: list[tuple[str, bool]] = []
    rest = marked
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            pieces.append((rest, False))
            break
        end = rest.find(MARK_END, start)
        if end < 0:
            end = len(rest)
        if start:
            pieces.append((rest[:start], False))
        if rest[start + 1 : end]:
            pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return tuple(pieces)


def snippet_sql(table: str, column: int) -> str:
    """The snippet() call both indexes use for excerpts."""
    return f"snippet({table}, {column}, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"


# ---------------------------------------------------------------------------------------
# Lesson Markdown to plain text, for indexing and excerpts
# ---------------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_ADMONITION = re.compile(r'^\s*!!!\s*[\w-]+(?:\s+"([^"]*)")?\s*$', re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ATTRIBUTES = re.compile(r"\{:[^}]*\}")
_TAG = re.compile(r"<[^>]+>")
_LINE_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|`+)")
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """Lesson Markdown as the words a reader sees (admonition titles kept), on one line."""
    text = _FENCE.sub(" ", markdown)
    text = _ADMONITION.sub(lambda m: (m.group(1) or "") + ".", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _ATTRIBUTES.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _SPACE.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------
# The course text index
# ---------------------------------------------------------------------------------------

INDEX_VERSION = 1
#: Where a lesson row points: the title row opens the lesson at its first step.
KIND_TITLE = "title"
KIND_TEXT = "text"
KIND_QUIZ = "quiz"
KIND_REFLECTION = "reflection"


@dataclass(frozen=True, slots=True)
class LessonHit:
    """A lesson that matched a search, at the step that matched best."""

    course_id: str
    lesson_id: str
    lesson_title: str
    step_index: int
    kind: str  # KIND_TITLE, KIND_TEXT, KIND_QUIZ or KIND_REFLECTION
    excerpt: Excerpt


def lesson_rows(lesson: Lesson) -> Iterator[tuple[int, str, str, str]]:
    """(step index, kind, title, body) for every indexed piece of a lesson."""
    yield 0, KIND_TITLE, lesson.title, " ".join(lesson.objectives)
    for index, step in enumerate(lesson.steps):
        if isinstance(step, TextStep):
            body = plain_text(step.markdown)
            kind = KIND_TEXT
        elif isinstance(step, QuizStep):
            parts: list[str] = []
            for question in step.quiz.questions:
                parts.append(question.prompt)
                parts += [option.text for option in question.options]
                parts += list(question.items)
            body = plain_text(" ".join(parts))
            kind = KIND_QUIZ
        elif isinstance(step, ReflectStep):
            body = " ".join(p.prompt for p in step.reflection.prompts)
            kind = KIND_REFLECTION
        else:  # pragma: no cover - Step is a closed union
            continue
        if body:
            yield index, kind, "", body


def course_fingerprint(course: Course) -> str:
    """Changes whenever anything the index holds for the course could change."""
    crc = 0
    for lesson in course.lessons():
        crc = zlib.crc32(lesson.id.encode() + b"\0" + lesson.title.encode(), crc)
        for objective in lesson.objectives:
            crc = zlib.crc32(objective.encode(), crc)
        for step in lesson.steps:
            text = step.markdown if isinstance(step, TextStep) else repr(step)
            crc = zlib.crc32(text.encode(), crc)
    return f"{INDEX_VERSION}:{course.version}:{crc:08x}"


class CourseIndex:
    """An FTS5 index of every installed course's text, in one file in the cache folder.

    Thread-safe: `refresh` (slow for big courses) runs on a worker thread while the
    GUI thread may call `search`; they take turns on one connection. A damaged or
    outdated file is simply rebuilt: it holds nothing that cannot be made again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError:
                self.path.unlink(missing_ok=True)
                self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != INDEX_VERSION:
                conn.execute("BEGIN")
                conn.execute("DROP TABLE IF EXISTS lesson_text")
                conn.execute("DROP TABLE IF EXISTS indexed_courses")
                conn.execute(
                    "CREATE VIRTUAL TABLE lesson_text USING fts5(title, body, "
                    "course_id UNINDEXED, lesson_id UNINDEXED, step UNINDEXED, "
                    f"kind UNINDEXED, lesson_title UNINDEXED, tokenize = '{TOKENIZER}')"
                )
                conn.execute(
                    "CREATE TABLE indexed_courses (course_id TEXT PRIMARY KEY, fingerprint TEXT)"
                )
                conn.execute(f"PRAGMA user_version = {INDEX_VERSION}")
                conn.execute("COMMIT")
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def refresh(self, courses: Iterable[Course]) -> list[str]:
        """Bring the index in line with `courses`: rebuild changed ones, drop missing ones.

        Returns the ids of the courses (re)indexed. Call it off the GUI thread.
        """
        wanted = {course.id: course for course in courses}
        with self._lock:
            conn = self._connection()
            held = dict(conn.execute("SELECT course_id, fingerprint FROM indexed_courses"))
            rebuilt = []
            conn.execute("BEGIN")
            try:
                for course_id in held.keys() - wanted.keys():
                    self._drop(conn, course_id)
                for course_id, course in wanted.items():
                    fingerprint = course_fingerprint(course)
                    if held.get(course_id) == fingerprint:
                        continue
                    self._drop(conn, course_id)
                    conn.executemany(
                        "INSERT INTO lesson_text (title, body, course_id, lesson_id, step, "
                        "kind, lesson_title) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            (title, body, course_id, lesson.id, step, kind, lesson.title)
                            for lesson in course.lessons()
                            for step, kind, title, body in lesson_rows(lesson)
                        ),
                    )
                    conn.execute(
                        "INSERT INTO indexed_courses (course_id, fingerprint) VALUES (?, ?)",
                        (course_id, fingerprint),
                    )
                    rebuilt.append(course_id)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return rebuilt

    @staticmethod
    def _drop(conn: sqlite3.Connection, course_id: str) -> None:
        conn.execute("DELETE FROM lesson_text WHERE course_id = ?", (course_id,))
        conn.execute("DELETE FROM indexed_courses WHERE course_id = ?", (course_id,))

    def search(self, text: str, limit: int = 20) -> list[LessonHit]:
        """Lessons matching `text`, best first, one hit per lesson (its best step)."""
        expressions = match_expressions(text)
        if expressions is None:
            return []
        found: dict[tuple[str, str], LessonHit] = {}
        with self._lock:
            conn = self._connection()
            for expression in dict.fromkeys(expressions):  # the variants only if different
                if len(found) >= limit:
                    break
                self._collect(conn, expression, limit, found)
        return list(found.values())

    @staticmethod
    def _collect(
        conn: sqlite3.Connection,
        expression: str,
        limit: int,
        found: dict[tuple[str, str], LessonHit],
    ) -> None:
        # Best rows first (a word in a title counts five times one in the text); a
        # lesson's later rows are skipped. Ranking is cheap and excerpts are not (about
        # half a millisecond each), so excerpts are made only for the rows shown.
        rows = conn.execute(
            "SELECT rowid, course_id, lesson_id, lesson_title, step, kind FROM lesson_text "
            "WHERE lesson_text MATCH ? ORDER BY bm25(lesson_text, 5.0, 1.0) LIMIT ?",
            (expression, limit * 8),
        )
        chosen: dict[int, tuple[str, str, str, int, str]] = {}
        taken = set(found)
        for rowid, course_id, lesson_id, title, step, kind in rows:
            if (course_id, lesson_id) in taken:
                continue
            taken.add((course_id, lesson_id))
            chosen[rowid] = (course_id, lesson_id, title, int(step), kind)
            if len(taken) >= limit:
                break
        excerpts = dict(excerpts_for(conn, "lesson_text", -1, expression, list(chosen)))
        for rowid, (course_id, lesson_id, title, step, kind) in chosen.items():
            found[(course_id, lesson_id)] = LessonHit(
                course_id, lesson_id, title, step, kind, excerpts.get(rowid, ())
            )


def excerpts_for(
    conn: Any, table: str, column: int, expression: str, rowids: list[int]
) -> Iterator[tuple[int, Excerpt]]:
    """(rowid, excerpt) for the given rows of an FTS5 table matching `expression`.

    `conn` is a DB-API connection or an SQLAlchemy Session/Connection (anything with
    `execute(sql, parameters)` taking "?" placeholders, or `exec_driver_sql`).
    """
    if not rowids:
        return
    marks = ", ".join("?" * len(rowids))
    sql = (
        f"SELECT rowid, {snippet_sql(table, column)} FROM {table} "
        f"WHERE {table} MATCH ? AND rowid IN ({marks})"
    )
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    for rowid, marked in run(sql, (expression, *rowids)):
        yield int(rowid), split_excerpt(marked)


def index_path(cache_dir: Path) -> Path:
    """Where the course text index lives in the cache folder."""
    return cache_dir / "course-search.db"
