"""Keep a word count on each reflection revision, filled in for the texts already saved.

Revision ID: 0002_word_count
Revises: 0001_first_schema
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_word_count"
down_revision: str | None = "0001_first_schema"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflection_revisions") as batch:
        batch.add_column(sa.Column("word_count", sa.Integer(), nullable=False, server_default="0"))
    # Back-fill in Python: SQLite has no word-splitting function, and the rule must
    # match the one the store uses for new revisions (str.split).
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, text FROM reflection_revisions")).fetchall()
    for row_id, text in rows:
        connection.execute(
            sa.text("UPDATE reflection_revisions SET word_count = :n WHERE id = :id"),
            {"n": len(str(text).split()), "id": row_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("reflection_revisions") as batch:
        batch.drop_column("word_count")
