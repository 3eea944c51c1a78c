"""Search the learner's own writing (FTS5, inside the store) and keep review cards.

Revision ID: 0004_search_and_review
Revises: 0003_assignments
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_search_and_review"
down_revision: str | None = "0003_assignments"
branch_labels = None
depends_on = None

# A snapshot of course.store.tables.SEARCH_DDL as this revision made it.
_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE private_search USING fts5(body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    """CREATE TRIGGER private_search_reflection_insert AFTER INSERT ON reflections
    WHEN new.text != '' BEGIN
        INSERT INTO private_search (rowid, body) VALUES (new.id * 8 + 1, new.text);
    END""",
    """CREATE TRIGGER private_search_reflection_update AFTER UPDATE OF text ON reflections
    BEGIN
        DELETE FROM private_search WHERE rowid = old.id * 8 + 1;
        INSERT INTO private_search (rowid, body) SELECT new.id * 8 + 1, new.text
            WHERE new.text != '';
    END""",
    """CREATE TRIGGER private_search_reflection_delete AFTER DELETE ON reflections
    BEGIN
        DELETE FROM private_search WHERE rowid = old.id * 8 + 1;
    END""",
)


def upgrade() -> None:
    op.create_table(
        "review_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(200), nullable=False),
        sa.Column("course_version", sa.String(50), nullable=False),
        sa.Column("lesson_id", sa.String(200), nullable=False),
        sa.Column("quiz_id", sa.String(200), nullable=False),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_review_cards"),
        sa.UniqueConstraint(
            "course_id",
            "quiz_id",
            "question_id",
            name="uq_review_cards_course_id_quiz_id_question_id",
        ),
    )
    op.create_index("ix_review_cards_due", "review_cards", ["due"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("answer_json", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["review_cards.id"],
            name="fk_review_log_card_id_review_cards",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_log"),
    )
    op.create_index("ix_review_log_card_id", "review_log", ["card_id"])
    op.create_index("ix_review_log_reviewed_at", "review_log", ["reviewed_at"])
    for statement in _SEARCH_DDL:
        op.execute(statement)
    # Index what the learner has already written (the triggers see only new writes).
    op.execute(
        "INSERT INTO private_search (rowid, body) "
        "SELECT id * 8 + 1, text FROM reflections WHERE text != ''"
    )


def downgrade() -> None:
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER private_search_reflection_{name}")
    op.execute("DROP TABLE private_search")
    op.drop_index("ix_review_log_reviewed_at", "review_log")
    op.drop_index("ix_review_log_card_id", "review_log")
    op.drop_table("review_log")
    op.drop_index("ix_review_cards_due", "review_cards")
    op.drop_table("review_cards")
