"""Schema migrations: the head constant, the upgrade from schema 1, and a backup first."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import COURSE, FakeClock, raw_rows

from course.paths import DataPaths
from course.store import StoreTooNew, is_encrypted, list_backups, open_store, schema
from course.store.engine import close_engine, connect, make_engine


def test_head_constant_matches_the_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(schema.alembic_config())
    assert scripts.get_current_head() == schema.HEAD_REVISION
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == schema.KNOWN_REVISIONS


def _schema_one_database(data_paths: DataPaths, passphrase: str | None = None) -> None:
    """A database as the first release made it, with a little data in it."""
    data_paths.ensure()
    conn = connect(data_paths.database, passphrase)
    conn.execute("PRAGMA journal_mode = WAL")
    engine = make_engine(conn)
    schema.upgrade(engine, "0001_first_schema")
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO lesson_progress (id, course_id, lesson_id, course_version, visits, "
            "first_visited_at, last_visited_at, completed_at, step_index, scroll, active_seconds) "
            "VALUES (1, 'empathy-gap', 'guilt', '1.0.0', 3, '2026-01-05 10:00:00.000000', "
            "'2026-01-06 10:00:00.000000', '2026-01-06 10:20:00.000000', 4, 0.5, 900.0)"
        )
        c.exec_driver_sql(
            "INSERT INTO reflections (id, course_id, course_version, lesson_id, reflection_id, "
            "prompt_id, created_at, updated_at, text) VALUES (1, 'empathy-gap', '1.0.0', "
            "'guilt', 'reflect', 'r1', '2026-01-05 10:05:00.000000', "
            "'2026-01-05 10:06:00.000000', 'three small words')"
        )
        c.exec_driver_sql(
            "INSERT INTO reflection_revisions (reflection_row_id, course_version, text, "
            "started_at, saved_at) VALUES (1, '1.0.0', 'three small words', "
            "'2026-01-05 10:05:00.000000', '2026-01-05 10:06:00.000000')"
        )
    close_engine(engine)
    assert raw_rows(data_paths.database, "SELECT version_num FROM alembic_version", passphrase) == [
        ("0001_first_schema",)
    ]


@pytest.mark.parametrize("passphrase", [None, "migration words"])
def test_upgrade_from_the_first_schema(data_paths: DataPaths, passphrase: str | None) -> None:
    _schema_one_database(data_paths, passphrase)
    clock = FakeClock()
    with open_store(data_paths, passphrase, clock=clock) as store:
        state = store.lesson_state(COURSE.id, "guilt")
        assert state is not None and state.completed and state.step_index == 4
        assert store.reflection_text(COURSE.id, "reflect", "r1") == "three small words"
        store.save_reflection(COURSE, "guilt", "reflect", "r2", "new after the upgrade")
    db = data_paths.database
    assert raw_rows(db, "SELECT version_num FROM alembic_version", passphrase) == [
        (schema.HEAD_REVISION,)
    ]
    assert raw_rows(db, "SELECT word_count FROM reflection_revisions ORDER BY id", passphrase) == [
        (3,),
        (4,),
    ]
    # The backup made before migrating holds the old schema, under the same key.
    upgrade_backups = [b for b in list_backups(data_paths) if "before-upgrade" in b.name]
    assert len(upgrade_backups) == 1
    path = upgrade_backups[0].path
    assert is_encrypted(path) == (passphrase is not None)
    assert raw_rows(path, "SELECT version_num FROM alembic_version", passphrase) == [
        ("0001_first_schema",)
    ]


def test_migrated_schema_matches_the_tables(data_paths: DataPaths, tmp_path: Path) -> None:
    """A migrated database and a fresh one (made with create_all) have the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from course.store.tables import Base, is_search_table

    def described_by_the_orm(name: str | None, type_: str, _parents: object) -> bool:
        # The FTS5 search table is plain DDL (compared in test_store_search_review).
        return not (type_ == "table" and name is not None and is_search_table(name))

    _schema_one_database(data_paths)
    open_store(data_paths).close()
    engine = make_engine(connect(data_paths.database, None))
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": described_by_the_orm}
        )
        differences = compare_metadata(context, Base.metadata)
    close_engine(engine)
    assert differences == []


def test_a_database_from_a_newer_version_is_left_alone(data_paths: DataPaths) -> None:
    open_store(data_paths).close()
    conn = connect(data_paths.database, None)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    before = data_paths.database.read_bytes()
    with pytest.raises(StoreTooNew, match="newer version"):
        open_store(data_paths)
    assert data_paths.database.read_bytes() == before
