"""The wording of lessons, questions and prompts per course version the learner used.

Revision ID: 0006_course_wording
Revises: 0005_feelings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_course_wording"
down_revision: str | None = "0005_feelings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_wording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(200), nullable=False),
        sa.Column("course_version", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("lesson_id", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.String(200), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_course_wording"),
        sa.UniqueConstraint(
            "course_id",
            "course_version",
            "kind",
            "parent_id",
            "item_id",
            name="uq_course_wording_course_id_course_version_kind_parent_id_item_id",
        ),
    )


def downgrade() -> None:
    op.drop_table("course_wording")
