"""The therapist's workspace: clients (by pseudonym), the assignments made for them, the
reports they sent back and PDFs attached to them.

Revision ID: 0007_workspace
Revises: 0006_course_wording
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_workspace"
down_revision: str | None = "0006_course_wording"
branch_labels = None
depends_on = None


def _client_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["client_id"],
        ["ws_clients.id"],
        name=f"fk_{table}_client_id_ws_clients",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "ws_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ws_clients"),
        sa.UniqueConstraint("label", name="uq_ws_clients_label"),
    )
    op.create_table(
        "ws_assignments",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        _client_fk("ws_assignments"),
        sa.PrimaryKeyConstraint("id", name="pk_ws_assignments"),
    )
    op.create_index("ix_ws_assignments_client_id", "ws_assignments", ["client_id"])
    op.create_table(
        "ws_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("report_key", sa.String(200), nullable=False),
        sa.Column("made_on", sa.String(10), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        _client_fk("ws_reports"),
        sa.PrimaryKeyConstraint("id", name="pk_ws_reports"),
        sa.UniqueConstraint("report_key", name="uq_ws_reports_report_key"),
    )
    op.create_index("ix_ws_reports_client_id", "ws_reports", ["client_id"])
    op.create_table(
        "ws_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        _client_fk("ws_files"),
        sa.PrimaryKeyConstraint("id", name="pk_ws_files"),
        sa.UniqueConstraint("client_id", "digest", name="uq_ws_files_client_id_digest"),
    )
    op.create_index("ix_ws_files_client_id", "ws_files", ["client_id"])


def downgrade() -> None:
    for table in ("ws_files", "ws_reports", "ws_assignments", "ws_clients"):
        op.drop_table(table)
