"""The first schema: lessons, visits, quiz attempts and answers, reflections, ratings, settings.

Revision ID: 0001_first_schema
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_first_schema"
down_revision: str | None = None
branch_labels = None
depends_on = None

ID = 200  # length of every course, lesson, quiz, question, reflection and prompt id
VERSION = 50


def upgrade() -> None:
    op.create_table(
        "lesson_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(ID), nullable=False),
        sa.Column("lesson_id", sa.String(ID), nullable=False),
        sa.Column("course_version", sa.String(VERSION), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("first_visited_at", sa.DateTime(), nullable=False),
        sa.Column("last_visited_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("scroll", sa.Float(), nullable=False),
        sa.Column("active_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lesson_progress"),
        sa.UniqueConstraint(
            "course_id", "lesson_id", name="uq_lesson_progress_course_id_lesson_id"
        ),
    )
    op.create_index("ix_lesson_progress_last_visited_at", "lesson_progress", ["last_visited_at"])
    op.create_table(
        "lesson_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_progress_id", sa.Integer(), nullable=False),
        sa.Column("course_version", sa.String(VERSION), nullable=False),
        sa.Column("visited_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lesson_visits"),
        sa.ForeignKeyConstraint(
            ["lesson_progress_id"],
            ["lesson_progress.id"],
            name="fk_lesson_visits_lesson_progress_id_lesson_progress",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_lesson_visits_lesson_progress_id", "lesson_visits", ["lesson_progress_id"])
    op.create_index("ix_lesson_visits_visited_at", "lesson_visits", ["visited_at"])
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(ID), nullable=False),
        sa.Column("course_version", sa.String(VERSION), nullable=False),
        sa.Column("lesson_id", sa.String(ID), nullable=False),
        sa.Column("quiz_id", sa.String(ID), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_attempts"),
        sa.UniqueConstraint(
            "course_id", "quiz_id", "number", name="uq_quiz_attempts_course_id_quiz_id_number"
        ),
    )
    op.create_index("ix_quiz_attempts_course_quiz", "quiz_attempts", ["course_id", "quiz_id"])
    op.create_index("ix_quiz_attempts_started_at", "quiz_attempts", ["started_at"])
    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(ID), nullable=False),
        sa.Column("answer_json", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_answers"),
        sa.UniqueConstraint(
            "attempt_id", "question_id", name="uq_quiz_answers_attempt_id_question_id"
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["quiz_attempts.id"],
            name="fk_quiz_answers_attempt_id_quiz_attempts",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(ID), nullable=False),
        sa.Column("course_version", sa.String(VERSION), nullable=False),
        sa.Column("lesson_id", sa.String(ID), nullable=False),
        sa.Column("reflection_id", sa.String(ID), nullable=False),
        sa.Column("prompt_id", sa.String(ID), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
        sa.UniqueConstraint(
            "course_id",
            "reflection_id",
            "prompt_id",
            name="uq_reflections_course_id_reflection_id_prompt_id",
        ),
    )
    op.create_index("ix_reflections_lesson_id", "reflections", ["lesson_id"])
    op.create_index("ix_reflections_updated_at", "reflections", ["updated_at"])
    op.create_table(
        "reflection_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reflection_row_id", sa.Integer(), nullable=False),
        sa.Column("course_version", sa.String(VERSION), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reflection_revisions"),
        sa.ForeignKeyConstraint(
            ["reflection_row_id"],
            ["reflections.id"],
            name="fk_reflection_revisions_reflection_row_id_reflections",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_reflection_revisions_reflection_row_id", "reflection_revisions", ["reflection_row_id"]
    )
    op.create_table(
        "scale_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(ID), nullable=False),
        sa.Column("course_version", sa.String(VERSION), nullable=False),
        sa.Column("lesson_id", sa.String(ID), nullable=False),
        sa.Column("reflection_id", sa.String(ID), nullable=False),
        sa.Column("prompt_id", sa.String(ID), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scale_ratings"),
    )
    op.create_index(
        "ix_scale_ratings_prompt",
        "scale_ratings",
        ["course_id", "reflection_id", "prompt_id", "rated_at"],
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(ID), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )


def downgrade() -> None:
    for table in (
        "settings",
        "scale_ratings",
        "reflection_revisions",
        "reflections",
        "quiz_answers",
        "quiz_attempts",
        "lesson_visits",
        "lesson_progress",
    ):
        op.drop_table(table)
