"""Feelings practice: check-ins and feelings prompts with their picks, and the two
drafts of each perspective exercise.

Revision ID: 0005_feelings
Revises: 0004_search_and_review
"""

# ruff: noqa: E501  (the trigger snapshot below is SQL kept as generated)
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_feelings"
down_revision: str | None = "0004_search_and_review"
branch_labels = None
depends_on = None


# A snapshot of tables.PRACTICE_SEARCH_DDL as this revision made it.
_PRACTICE_SEARCH_DDL = (
    """CREATE TRIGGER private_search_feeling_entries_insert AFTER INSERT ON feeling_entries
    WHEN trim((new.note || char(10) || new.body)) != '' BEGIN
        INSERT INTO private_search (rowid, body) VALUES (new.id * 8 + 2, (new.note || char(10) || new.body));
    END""",
    """CREATE TRIGGER private_search_feeling_entries_update AFTER UPDATE OF note, body ON feeling_entries
    BEGIN
        DELETE FROM private_search WHERE rowid = old.id * 8 + 2;
        INSERT INTO private_search (rowid, body) SELECT new.id * 8 + 2, (new.note || char(10) || new.body)
            WHERE trim((new.note || char(10) || new.body)) != '';
    END""",
    """CREATE TRIGGER private_search_feeling_entries_delete AFTER DELETE ON feeling_entries
    BEGIN
        DELETE FROM private_search WHERE rowid = old.id * 8 + 2;
    END""",
    """CREATE TRIGGER private_search_perspective_answers_insert AFTER INSERT ON perspective_answers
    WHEN trim((new.first_draft || char(10) || new.second_draft)) != '' BEGIN
        INSERT INTO private_search (rowid, body) VALUES (new.id * 8 + 3, (new.first_draft || char(10) || new.second_draft));
    END""",
    """CREATE TRIGGER private_search_perspective_answers_update AFTER UPDATE OF first_draft, second_draft ON perspective_answers
    BEGIN
        DELETE FROM private_search WHERE rowid = old.id * 8 + 3;
        INSERT INTO private_search (rowid, body) SELECT new.id * 8 + 3, (new.first_draft || char(10) || new.second_draft)
            WHERE trim((new.first_draft || char(10) || new.second_draft)) != '';
    END""",
    """CREATE TRIGGER private_search_perspective_answers_delete AFTER DELETE ON perspective_answers
    BEGIN
        DELETE FROM private_search WHERE rowid = old.id * 8 + 3;
    END""",
)


def upgrade() -> None:
    op.create_table(
        "feeling_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("course_id", sa.String(200), nullable=True),
        sa.Column("course_version", sa.String(50), nullable=True),
        sa.Column("lesson_id", sa.String(200), nullable=True),
        sa.Column("reflection_id", sa.String(200), nullable=True),
        sa.Column("prompt_id", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feeling_entries"),
    )
    op.create_index("ix_feeling_entries_recorded_at", "feeling_entries", ["recorded_at"])
    op.create_index(
        "ix_feeling_entries_prompt", "feeling_entries", ["course_id", "reflection_id", "prompt_id"]
    )
    op.create_table(
        "feeling_picks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(200), nullable=False),
        sa.Column("family", sa.String(200), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["feeling_entries.id"],
            name="fk_feeling_picks_entry_id_feeling_entries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feeling_picks"),
    )
    op.create_index("ix_feeling_picks_entry_id", "feeling_picks", ["entry_id"])
    op.create_table(
        "perspective_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(200), nullable=False),
        sa.Column("course_version", sa.String(50), nullable=False),
        sa.Column("lesson_id", sa.String(200), nullable=False),
        sa.Column("reflection_id", sa.String(200), nullable=False),
        sa.Column("prompt_id", sa.String(200), nullable=False),
        sa.Column("first_draft", sa.Text(), nullable=False),
        sa.Column("second_draft", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revealed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_perspective_answers"),
        sa.UniqueConstraint(
            "course_id",
            "reflection_id",
            "prompt_id",
            name="uq_perspective_answers_course_id_reflection_id_prompt_id",
        ),
    )
    op.create_index("ix_perspective_answers_updated_at", "perspective_answers", ["updated_at"])
    # Check-in notes and perspective answers are searched with the learner's other
    # writing: triggers keep them in the private index (the tables start empty here).
    for statement in _PRACTICE_SEARCH_DDL:
        op.execute(statement)


def downgrade() -> None:
    for table in ("feeling_entries", "perspective_answers"):
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS private_search_{table}_{event}")
    op.drop_table("perspective_answers")
    op.drop_table("feeling_picks")
    op.drop_table("feeling_entries")
