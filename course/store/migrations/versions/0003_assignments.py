"""Keep imported therapist assignments in the store, beside the progress they track.

Revision ID: 0003_assignments
Revises: 0002_word_count
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_assignments"
down_revision: str | None = "0002_word_count"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
    )


def downgrade() -> None:
    op.drop_table("assignments")
