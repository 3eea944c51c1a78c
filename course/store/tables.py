"""The store's tables as SQLAlchemy 2 typed ORM classes; only course.store uses them.

Rows are keyed by course id, lesson id, quiz/question id and reflection/prompt id,
never by file paths. The course version a row was written under is kept beside it,
but queries match by id so progress survives an update of the course.

This is the current schema (the head of the migrations). A fresh database is made
from it with `create_all` and stamped with the head revision, so first start does
not need Alembic; a test checks it matches what the migrations produce.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    Float,
    ForeignKey,
    FromClause,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    bindparam,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stored as naive UTC (SQLite has no time zones), returned as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class LessonProgress(Base):
    """One row per lesson the learner has opened: visits, resume position, time, completion."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("course_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    lesson_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    visits: Mapped[int] = mapped_column(Integer, default=0)
    first_visited_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_visited_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    scroll: Mapped[float] = mapped_column(Float, default=0.0)
    active_seconds: Mapped[float] = mapped_column(Float, default=0.0)

    visit_log: Mapped[list[LessonVisit]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", passive_deletes=True
    )


class LessonVisit(Base):
    """Each opening of a lesson, for "recent activity" and a history of study days."""

    __tablename__ = "lesson_visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_progress_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_progress.id", ondelete="CASCADE"), index=True
    )
    course_version: Mapped[str] = mapped_column(String(50))
    visited_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)

    lesson: Mapped[LessonProgress] = relationship(back_populates="visit_log")


class QuizAttemptRow(Base):
    """One attempt at a quiz; `number` 1 is the scored one, every attempt is kept."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("course_id", "quiz_id", "number"),
        Index("ix_quiz_attempts_course_quiz", "course_id", "quiz_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    lesson_id: Mapped[str] = mapped_column(String(200))
    quiz_id: Mapped[str] = mapped_column(String(200))
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)

    answers: Mapped[list[QuizAnswerRow]] = relationship(
        back_populates="attempt",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="QuizAnswerRow.id",
    )


class QuizAnswerRow(Base):
    """One answer within an attempt, as JSON of the plain answer value, with its score."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(200))
    answer_json: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    attempt: Mapped[QuizAttemptRow] = relationship(back_populates="answers")


class ReflectionRow(Base):
    """One reflection prompt the learner has written in; its text lives in revisions."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("course_id", "reflection_id", "prompt_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    lesson_id: Mapped[str] = mapped_column(String(200), index=True)
    reflection_id: Mapped[str] = mapped_column(String(200))
    prompt_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    # A copy of the latest revision's text, so the Journal reads one row per prompt.
    text: Mapped[str] = mapped_column(Text, default="")

    revisions: Mapped[list[ReflectionRevisionRow]] = relationship(
        back_populates="reflection",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReflectionRevisionRow.id",
    )


class ReflectionRevisionRow(Base):
    """A kept version of a reflection's text (see the history rule in save_reflection)."""

    __tablename__ = "reflection_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reflection_row_id: Mapped[int] = mapped_column(
        ForeignKey("reflections.id", ondelete="CASCADE"), index=True
    )
    course_version: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    saved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # Added by revision 0002, for the Journal's "words written" without reading texts.
    word_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    reflection: Mapped[ReflectionRow] = relationship(back_populates="revisions")


class ScaleRating(Base):
    """A self-rating on a scale prompt at one moment; kept over time."""

    __tablename__ = "scale_ratings"
    __table_args__ = (
        Index("ix_scale_ratings_prompt", "course_id", "reflection_id", "prompt_id", "rated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    lesson_id: Mapped[str] = mapped_column(String(200))
    reflection_id: Mapped[str] = mapped_column(String(200))
    prompt_id: Mapped[str] = mapped_column(String(200))
    value: Mapped[int] = mapped_column(Integer)
    rated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Setting(Base):
    """App settings as key/value, the value as JSON (text size, theme, auto-lock, ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class AssignmentRow(Base):
    """An assignment file the learner imported (added by revision 0003), kept as its JSON.

    The document is checked by course.assignments on import; the store keeps it whole
    so that nothing a therapist wrote is lost, and records when it was imported and
    archived.
    """

    __tablename__ = "assignments"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    document_json: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ReviewCardRow(Base):
    """A quiz question brought back for spaced review (added by revision 0004).

    One card per question: made when the learner misses it (`reason` "missed") or asks
    to see it again ("asked"). The schedule is the FSRS card's fields, kept as plain
    columns so the export can show them as readable rows: `state` 1 learning, 2 review,
    3 relearning; `due` is when the card may be shown again.
    """

    __tablename__ = "review_cards"
    __table_args__ = (UniqueConstraint("course_id", "quiz_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    lesson_id: Mapped[str] = mapped_column(String(200))
    quiz_id: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    due: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    state: Mapped[int] = mapped_column(Integer, default=1)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    last_review: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    reviews: Mapped[list[ReviewLogRow]] = relationship(
        back_populates="card",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReviewLogRow.id",
    )


class ReviewLogRow(Base):
    """One review of a card: the answer given, whether it was right, and the rating."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(
        ForeignKey("review_cards.id", ondelete="CASCADE"), index=True
    )
    answer_json: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    rating: Mapped[int] = mapped_column(Integer)  # FSRS: 1 again, 2 hard, 3 good, 4 easy
    reviewed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)

    card: Mapped[ReviewCardRow] = relationship(back_populates="reviews")


# ---------------------------------------------------------------------------------------
# Full-text search over the learner's own writing (added by revision 0004)
# ---------------------------------------------------------------------------------------
# SQLAlchemy cannot declare an FTS5 table, so it and the triggers that keep it in step
# are plain DDL, run by schema.create_fresh after create_all (and, as a snapshot, by
# the 0004 migration). The index lives inside the store's one database file, so a
# passphrase encrypts it with everything else; nothing is ever indexed elsewhere.
#
# One table serves every kind of private text. Its rowid encodes the source row:
# rowid = source id * SEARCH_KINDS + kind, so a trigger finds its entry by rowid
# without a scan. Kinds: 1 reflection (more, such as check-in notes, can follow).

SEARCH_TABLE = "private_search"
SEARCH_KINDS = 8
SEARCH_KIND_REFLECTION = 1
SEARCH_KIND_CHECK_IN = 2  # a check-in's or feelings prompt's note and "where in the body"
SEARCH_KIND_PERSPECTIVE = 3  # both drafts of a perspective exercise (added by 0005)
#: Porter stemming over unicode61 with diacritics removed: "feelings" finds "feeling",
#: "cafe" finds "café". Course text is indexed the same way (course/search.py).
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"

_NEW_ROWID = f"new.id * {SEARCH_KINDS} + {SEARCH_KIND_REFLECTION}"
_OLD_ROWID = f"old.id * {SEARCH_KINDS} + {SEARCH_KIND_REFLECTION}"

SEARCH_DDL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(body, tokenize = '{SEARCH_TOKENIZER}')",
    f"""CREATE TRIGGER {SEARCH_TABLE}_reflection_insert AFTER INSERT ON reflections
    WHEN new.text != '' BEGIN
        INSERT INTO {SEARCH_TABLE} (rowid, body) VALUES ({_NEW_ROWID}, new.text);
    END""",
    f"""CREATE TRIGGER {SEARCH_TABLE}_reflection_update AFTER UPDATE OF text ON reflections
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = {_OLD_ROWID};
        INSERT INTO {SEARCH_TABLE} (rowid, body) SELECT {_NEW_ROWID}, new.text
            WHERE new.text != '';
    END""",
    f"""CREATE TRIGGER {SEARCH_TABLE}_reflection_delete AFTER DELETE ON reflections
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = {_OLD_ROWID};
    END""",
)


def _search_triggers(table: str, kind: int, body: str, columns: str) -> tuple[str, ...]:
    """Triggers that keep `table`'s searchable text (the SQL expression `body`, over
    `new.`/`old.` rows) in the index, under rowid = id * SEARCH_KINDS + kind."""
    new_body, new_id = body.format(row="new"), f"new.id * {SEARCH_KINDS} + {kind}"
    old_id = f"old.id * {SEARCH_KINDS} + {kind}"
    name = f"{SEARCH_TABLE}_{table}"
    return (
        f"""CREATE TRIGGER {name}_insert AFTER INSERT ON {table}
    WHEN trim({new_body}) != '' BEGIN
        INSERT INTO {SEARCH_TABLE} (rowid, body) VALUES ({new_id}, {new_body});
    END""",
        f"""CREATE TRIGGER {name}_update AFTER UPDATE OF {columns} ON {table}
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = {old_id};
        INSERT INTO {SEARCH_TABLE} (rowid, body) SELECT {new_id}, {new_body}
            WHERE trim({new_body}) != '';
    END""",
        f"""CREATE TRIGGER {name}_delete AFTER DELETE ON {table}
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = {old_id};
    END""",
    )


CHECK_IN_SEARCH_BODY = "({row}.note || char(10) || {row}.body)"
PERSPECTIVE_SEARCH_BODY = "({row}.first_draft || char(10) || {row}.second_draft)"
#: Check-in notes and perspective answers in the same index (added by revision 0005).
PRACTICE_SEARCH_DDL = _search_triggers(
    "feeling_entries", SEARCH_KIND_CHECK_IN, CHECK_IN_SEARCH_BODY, "note, body"
) + _search_triggers(
    "perspective_answers",
    SEARCH_KIND_PERSPECTIVE,
    PERSPECTIVE_SEARCH_BODY,
    "first_draft, second_draft",
)


def is_search_table(name: str) -> bool:
    """True for the FTS5 table and its shadow tables, which the ORM does not describe."""
    return name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_")


class FeelingEntry(Base):
    """A moment the learner named what they felt (added by revision 0005_feelings).

    A check-in from Home or the menu has no course; a lesson's `feelings` prompt keeps
    the course, lesson, reflection and prompt it answered.
    """

    __tablename__ = "feeling_entries"
    __table_args__ = (
        Index("ix_feeling_entries_prompt", "course_id", "reflection_id", "prompt_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    # Where in the body the feeling sits, in the learner's words (feelings prompts).
    body: Mapped[str] = mapped_column(Text, default="")
    course_id: Mapped[str | None] = mapped_column(String(200))
    course_version: Mapped[str | None] = mapped_column(String(50))
    lesson_id: Mapped[str | None] = mapped_column(String(200))
    reflection_id: Mapped[str | None] = mapped_column(String(200))
    prompt_id: Mapped[str | None] = mapped_column(String(200))

    picks: Mapped[list[FeelingPickRow]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FeelingPickRow.position",
    )


class FeelingPickRow(Base):
    """One feeling word picked in an entry, with its family and intensity (1-5)."""

    __tablename__ = "feeling_picks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("feeling_entries.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    word: Mapped[str] = mapped_column(String(200))
    family: Mapped[str] = mapped_column(String(200))
    intensity: Mapped[int] = mapped_column(Integer)

    entry: Mapped[FeelingEntry] = relationship(back_populates="picks")


class PerspectiveRow(Base):
    """A learner's answers to one perspective exercise: the first draft, written before
    the model answer was shown, and what they added after (added by 0005_feelings)."""

    __tablename__ = "perspective_answers"
    __table_args__ = (UniqueConstraint("course_id", "reflection_id", "prompt_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    lesson_id: Mapped[str] = mapped_column(String(200))
    reflection_id: Mapped[str] = mapped_column(String(200))
    prompt_id: Mapped[str] = mapped_column(String(200))
    first_draft: Mapped[str] = mapped_column(Text, default="")
    second_draft: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    revealed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class CourseWordingRow(Base):
    """The wording of a course's lessons, questions and prompts in a version the learner
    used (added by revision 0006_course_wording).

    Recorded once per course version when the course is opened, so that an answer keeps
    the words it answered: a row's `course_version` finds the wording it was written
    under, even after a new version rewords or removes the prompt. `kind` is "lesson"
    (text: the title; parent_id ""), "question" (parent_id: the quiz) or "prompt"
    (parent_id: the reflection).
    """

    __tablename__ = "course_wording"
    __table_args__ = (
        UniqueConstraint("course_id", "course_version", "kind", "parent_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    lesson_id: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# --- the therapist's workspace (added by revision 0007_workspace) ------------------------
# Kept in any profile's database, used only by the workspace profile. What a therapist
# keeps about a client is theirs to export and delete, encrypted like the rest.


class ClientRow(Base):
    """A client of the therapist's workspace, known only by a pseudonym or initials."""

    __tablename__ = "ws_clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ClientAssignmentRow(Base):
    """An assignment the therapist made for a client, kept as its JSON (to export again)."""

    __tablename__ = "ws_assignments"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("ws_clients.id", ondelete="CASCADE"), index=True
    )
    document_json: Mapped[str] = mapped_column(Text)
    made_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ClientReportRow(Base):
    """A progress report a client sent back: checked on import, then kept read-only.

    `report_key` is the report's own id (or a digest of its content for reports made
    before they had one), so the same report imported twice is kept once.
    """

    __tablename__ = "ws_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("ws_clients.id", ondelete="CASCADE"), index=True
    )
    report_key: Mapped[str] = mapped_column(String(200), unique=True)
    made_on: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(500))
    document_json: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ClientFileRow(Base):
    """A PDF report attached to a client as it is (no report file came with it)."""

    __tablename__ = "ws_files"
    __table_args__ = (UniqueConstraint("client_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("ws_clients.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(500))
    digest: Mapped[str] = mapped_column(String(80))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


#: The columns that name a reflection prompt's rows (a reflection, a rating, a feelings
#: entry, a perspective), bound by these names in a statement made once (`by_prompt`).
PROMPT_KEY = ("course_id", "reflection_id", "prompt_id")


def by_prompt(table: FromClause) -> tuple[ColumnElement[bool], ...]:
    """`table`'s rows for one prompt, its key bound by name: give `prompt_key(...)`."""
    return tuple(table.c[name] == bindparam(name) for name in PROMPT_KEY)


def prompt_key(course_id: str, reflection_id: str, prompt_id: str) -> dict[str, str]:
    """The values `by_prompt` binds."""
    return dict(zip(PROMPT_KEY, (course_id, reflection_id, prompt_id), strict=True))
