"""Opening the database: key check, corruption check, pragmas, schema version, re-keying.

One DBAPI driver serves plain and encrypted files alike: `sqlcipher3` (SQLite with
the SQLCipher codec; without a key it is plain SQLite). The engine holds exactly one
connection (StaticPool), made here after the key and the file have been checked,
so the key is derived once per opening. `check_same_thread=False` lets the UI open
the store on a worker thread and use it on the GUI thread; the ProgressStore's lock
keeps calls from overlapping.

The passphrase lives only in memory: it is given to SQLCipher with PRAGMA key and is
never logged, stored, or put in an exception or URL.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from course.fileio import durable_replace
from course.store.dbfile import (
    SQLITE_NOTADB,
    connect,
    error_code,
    export_copy,
    move_aside,
    pooled_connection,
    raw_connection,
    sidecars,
    translate_errors,
    unavailable_reason,
)
from course.store.errors import (
    PassphraseRequired,
    StoreCorrupt,
    StoreError,
    StoreTooNew,
    StoreUnavailable,
    WrongPassphrase,
)
from course.store.records import Clock
from course.store.throttle import PassphraseThrottle
from course.store.values import is_encrypted

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from course.paths import DataPaths


# A SQLCipher file is whole pages of random-looking bytes; anything else without the
# SQLite header cannot be an encrypted database and is treated as damaged.
_MIN_PAGE = 512


@dataclass(frozen=True, slots=True)
class Opened:
    engine: Engine
    passphrase: str | None  # None when the file is plain (a passphrase given for it is unused)


def _corrupt(paths: DataPaths, now: dt.datetime) -> StoreCorrupt:
    from course.store.backup import list_backups

    moved = move_aside(paths.database, "damaged", now)
    return StoreCorrupt(moved, list_backups(paths))


def _probe(
    paths: DataPaths, passphrase: str | None, throttle: PassphraseThrottle, now: Clock
) -> tuple[Any, str | None]:
    """Open and check the file; return the raw connection and the key actually in use.

    Raises the StoreError that says what is wrong. A passphrase given for an existing
    plain file is not used (the file stays plain); for a new file it encrypts it.
    """
    import sqlcipher3

    database = paths.database
    encrypted = is_encrypted(database)
    if encrypted:
        size = database.stat().st_size
        if size < _MIN_PAGE or size % _MIN_PAGE:
            raise _corrupt(paths, now())
        if passphrase is None:
            raise PassphraseRequired()
        throttle.wait_before_try(str(database))
    elif database.exists() and database.stat().st_size > 0:
        passphrase = None

    try:
        conn = connect(database, passphrase)
    except sqlcipher3.Error as error:
        raise StoreUnavailable(
            unavailable_reason(error) or "the file could not be opened"
        ) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error as error:
        conn.close()
        code = error_code(error)
        if encrypted and code == SQLITE_NOTADB:
            failures = throttle.record_failure(str(database))
            raise WrongPassphrase(failures) from None
        reason = unavailable_reason(error)
        if reason is not None:
            raise StoreUnavailable(reason) from None
        raise _corrupt(paths, now()) from None
    if encrypted:
        throttle.record_success(str(database))

    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
        healthy = result == [("ok",)]
    except sqlcipher3.Error as error:
        reason = unavailable_reason(error)
        if reason is not None:
            conn.close()
            raise StoreUnavailable(reason) from None
        healthy = False
    if not healthy:
        conn.close()
        raise _corrupt(paths, now())

    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlcipher3.Error as error:
        conn.close()
        raise StoreUnavailable(
            unavailable_reason(error) or "the file could not be opened"
        ) from None
    if mode is None or str(mode[0]).lower() != "wal":
        conn.close()
        raise StoreUnavailable("the folder or file is read-only")
    return conn, passphrase


def make_engine(conn: Any) -> Engine:
    """An engine around one already-checked connection."""
    import sqlcipher3
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import Connection
    from sqlalchemy.pool import StaticPool

    # The driver's own transaction handling skips BEGIN before DDL, which would leave a
    # migration half-applied after a crash; so the driver runs in autocommit mode and
    # SQLAlchemy's transactions are opened with an explicit BEGIN (SQLAlchemy's
    # documented recipe for pysqlite).
    conn.isolation_level = None
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: conn,
        poolclass=StaticPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _check_writable(paths: DataPaths) -> None:
    try:
        paths.ensure()
    except OSError as error:
        raise StoreUnavailable(
            unavailable_reason(error) or "the folder could not be made"
        ) from None
    if not os.access(paths.profile_dir, os.W_OK):
        raise StoreUnavailable("the folder or file is read-only")
    if paths.database.exists() and not os.access(paths.database, os.W_OK):
        raise StoreUnavailable("the folder or file is read-only")


def open_engine(
    paths: DataPaths,
    passphrase: str | None,
    *,
    clock: Clock,
    throttle: PassphraseThrottle,
    backup_at_open: bool,
) -> Opened:
    """Check, open, migrate and back up the profile's database; see `open_store`."""
    from course.store import schema
    from course.store.backup import has_backup_for, make_backup

    _check_writable(paths)
    conn, keyed = _probe(paths, passphrase, throttle, clock)
    engine = make_engine(conn)
    try:
        revision = schema.read_revision(conn)
        if revision is None:
            schema.create_fresh(engine)
            return Opened(engine, keyed)
        if revision == "":
            # Tables but no revision: not a file this store made (a fresh one is made
            # in one transaction), so it is kept aside like a damaged one.
            close_engine(engine)
            raise _corrupt(paths, clock())
        if revision != schema.HEAD_REVISION:
            if revision not in schema.KNOWN_REVISIONS:
                raise StoreTooNew()
            # No migration without a backup: if this fails, opening fails.
            make_backup(paths, engine, keyed, clock().date(), label="before-upgrade")
            schema.upgrade(engine)
        if backup_at_open and not has_backup_for(paths, clock().date()):
            _daily_backup(paths, engine, keyed, clock().date())
    except StoreError:
        close_engine(engine)
        raise
    except Exception as error:
        close_engine(engine)
        reason = unavailable_reason(error)
        if reason is not None:
            raise StoreUnavailable(reason) from None
        raise
    return Opened(engine, keyed)


def _daily_backup(paths: DataPaths, engine: Engine, key: str | None, day: dt.date) -> None:
    """The day's backup; if it cannot be made (disk full, say), the store still opens
    and the next opening tries again: a missing backup must not lock the learner out."""
    import sqlcipher3

    from course.store.backup import make_backup

    try:
        make_backup(paths, engine, key, day)
    except (OSError, sqlcipher3.Error, StoreError):
        for leftover in paths.backups.glob("*.tmp"):
            leftover.unlink(missing_ok=True)


def close_engine(engine: Engine) -> None:
    """Checkpoint the WAL into the main file and close the one connection."""
    with suppress(Exception), engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = pooled_connection(engine)
    engine.dispose()
    if raw is not None:
        with suppress(Exception):
            raw.close()


def change_key(paths: DataPaths, engine: Engine, old: str | None, new: str | None) -> Engine:
    """Re-encrypt the database (and its backups) from key `old` to `new` (None = plain).

    The data is exported to a new file and verified before it replaces the old one
    with an atomic rename; until then the old file is untouched. Returns a new engine
    over the new file.
    """
    from course.store.backup import rekey_backups

    if old == new:
        return engine
    database = paths.database
    target = database.with_name(database.name + ".rekey-tmp")
    raw = raw_connection(engine)
    with translate_errors():
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        export_copy(raw, target, new)
    close_engine(engine)
    with translate_errors():
        durable_replace(target, database)
        for sidecar in sidecars(database):
            sidecar.unlink(missing_ok=True)
        rekey_backups(paths, old, new)
        conn = connect(database, new)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    return make_engine(conn)
