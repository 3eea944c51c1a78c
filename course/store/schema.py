"""The schema version: read cheaply at every start, migrated with Alembic only when due.

Alembic's import alone costs about a quarter of a second, so normal start-up reads the
`alembic_version` table with plain SQL and compares it with HEAD_REVISION; Alembic is
imported only when the two differ. A test checks HEAD_REVISION against the scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# The revisions in course/store/migrations/versions, oldest first; the last is the head.
KNOWN_REVISIONS = (
    "0001_first_schema",
    "0002_word_count",
    "0003_assignments",
    "0004_search_and_review",
    "0005_feelings",
    "0006_course_wording",
    "0007_workspace",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def read_revision(conn: Any) -> str | None:
    """The database's revision, or None for an empty database (no tables yet).

    A database with tables but no revision was not made by Bridgework's store; it is
    reported as revision "" so the caller does not mistake it for an empty one.
    """
    tables = {
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    }
    if not tables:
        return None
    if "alembic_version" not in tables:
        return ""
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return "" if row is None else str(row[0])


def create_fresh(engine: Engine) -> None:
    """Make the current schema in an empty database and stamp it with the head revision."""
    from sqlalchemy import text

    from course.store.tables import PRACTICE_SEARCH_DDL, SEARCH_DDL, Base

    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        for statement in SEARCH_DDL + PRACTICE_SEARCH_DDL:
            connection.exec_driver_sql(statement)
        connection.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        connection.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD_REVISION}
        )


def alembic_config(connection: Any = None) -> Any:
    """An Alembic Config pointing at our scripts, with an open connection for env.py."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` on the engine's database."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
