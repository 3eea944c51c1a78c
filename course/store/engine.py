"""Opening the database: key check, corruption check, pragmas, schema version, re-keying.

One DBAPI driver serves plain and encrypted files alike: `sqlcipher3` (SQLite with
the SQLCipher codec; without a key it is plain SQLite), or the standard sqlite3 where
sqlcipher3 cannot be loaded (plain files only; see course/store/driver.py). The engine
holds exactly one connection (StaticPool), made here after the key and the file have been checked,
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.fileio import durable_replace
from course.store.dbfile import (
    SQLITE_NOTADB,
    connect,
    error_code,
    export_copy,
    is_damage,
    move_aside,
    opens,
    pooled_connection,
    raw_connection,
    read_marker,
    set_aside,
    sidecars,
    translate_errors,
    unavailable_reason,
    write_marker,
)
from course.store.driver import dbapi, encryption_available
from course.store.errors import (
    READ_ONLY,
    BackupInfo,
    EncryptionUnavailable,
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


# A SQLCipher file is pages of random-looking bytes, the first 16 its salt; a file without
# the SQLite header that is shorter than a page, or whose salt is zeros, is damaged.
_MIN_PAGE = 512


@dataclass(frozen=True, slots=True)
class Opened:
    engine: Engine
    passphrase: str | None  # None when the file is plain (a passphrase given for it is unused)


def remembered_encrypted(paths: DataPaths) -> bool | None:
    """Whether the profile is encrypted, from the marker, else from its newest backup.

    Backups are always under the database's key, so they tell for a profile made
    before the marker existed. None: nothing to tell by (a new or backup-less profile).
    """
    from course.store.backup import list_backups

    marker = read_marker(paths)
    if marker is not None:
        return marker
    for info in list_backups(paths):
        if info.size > 0:
            return is_encrypted(info.path)
    return None


def _corrupt(paths: DataPaths, now: dt.datetime, passphrase: str | None = None) -> StoreCorrupt:
    moved = move_aside(paths.database, "damaged", now)
    return StoreCorrupt(moved, readable_backups(paths, passphrase))


def readable_backups(paths: DataPaths, passphrase: str | None) -> list[BackupInfo]:
    """The backups to offer, newest first, starting with the newest one that opens.

    Backups before it that do not open are left on disk but not offered. Without the
    passphrase an encrypted backup cannot be checked; it is offered if it looks whole.
    """
    from course.store.backup import list_backups

    infos = list_backups(paths)
    for index, info in enumerate(infos):
        if is_encrypted(info.path) and passphrase is None:
            if _looks_whole(info.path, whole_pages=True):
                return infos[index:]
        elif opens(info.path, passphrase if is_encrypted(info.path) else None):
            return infos[index:]
    return []


def _looks_whole(path: Path, *, whole_pages: bool) -> bool:
    """Whether an encrypted file could be sound, without its key: long enough for a
    header, and a salt (its first 16 bytes, random in a real file) that is not all zeros.
    With `whole_pages`, also a whole number of pages.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            salt = handle.read(16)
    except OSError:
        return False
    pages_ok = size % _MIN_PAGE == 0 or not whole_pages
    return size >= _MIN_PAGE and pages_ok and salt != bytes(16)


def _backup_opens_with(paths: DataPaths, passphrase: str) -> bool:
    """Whether the passphrase opens one of the two newest encrypted backups.

    SQLCipher cannot tell a wrong key from a damaged first page (where the salt is); a
    backup, always under the same key, can: if it opens, the database is damaged.
    """
    from course.store.backup import list_backups

    candidates = [info for info in list_backups(paths) if is_encrypted(info.path)]
    return any(opens(info.path, passphrase) for info in candidates[:2])


def _probe(
    paths: DataPaths, passphrase: str | None, throttle: PassphraseThrottle, now: Clock
) -> tuple[Any, str | None, str | None]:
    """Open and check the file; return the raw connection, the key in use, and the key
    to encrypt it with at once (a plain file in a profile remembered as encrypted).

    Raises the StoreError that says what is wrong. A passphrase given for an existing
    plain file is not used (the file stays plain) unless the profile was encrypted; for
    a new file it encrypts it. Damage moves the file aside and offers a backup.
    """
    error_type = dbapi().Error
    if passphrase is not None and not passphrase:
        raise StoreError("Please type your passphrase: it cannot be empty.")
    database = paths.database
    wal = sidecars(database)[0]
    remembered = remembered_encrypted(paths)
    exists = database.exists()
    size = database.stat().st_size if exists else 0
    wal_data = wal.exists() and wal.stat().st_size > 0
    if exists and size == 0 and not wal_data and remembered is None:
        # Cut short while it was first being made (the marker is written once the new
        # database is complete, and there are no backups): nothing was ever saved in it,
        # so it is simply made again.
        for path in (database, *sidecars(database)):
            with suppress(FileNotFoundError):
                path.unlink()
        exists = False
    if (exists and size == 0) or (not exists and wal_data):
        # Emptied, or its journal left without it: a profile that held data is never
        # replaced by an empty one without asking.
        raise _corrupt(paths, now(), passphrase)
    encrypted = is_encrypted(database)
    if not encryption_available() and (remembered is True or (encrypted and remembered is None)):
        # Checked before asking for the passphrase: no passphrase could open it here.
        raise EncryptionUnavailable(existing=True)
    encrypt_now = None
    if encrypted:
        # A checkpoint cut short by a full disk may leave a partial last page, which its
        # WAL still covers; without a WAL, an encrypted file is whole pages.
        whole_pages = not (wal.exists() and wal.stat().st_size > 0)
        if remembered is False or not _looks_whole(database, whole_pages=whole_pages):
            raise _corrupt(paths, now(), passphrase)  # a plain profile's, or not whole
        if passphrase is None:
            raise PassphraseRequired()
        throttle.wait_before_try(str(database))
    elif remembered is True:
        # Never continue an encrypted profile in plain text: ask, then encrypt.
        if passphrase is None:
            raise PassphraseRequired()
        if exists:
            encrypt_now, passphrase = passphrase, None
    elif exists:
        passphrase = None

    try:
        conn = connect(database, passphrase)
    except error_type as error:
        raise StoreUnavailable(
            unavailable_reason(error) or "the file could not be opened"
        ) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (error_type, UnicodeDecodeError) as error:
        conn.close()
        code = error_code(error)
        if encrypted and code == SQLITE_NOTADB and passphrase is not None:
            if _backup_opens_with(paths, passphrase):
                throttle.record_success(str(database))
                raise _corrupt(paths, now(), passphrase) from None
            failures = throttle.record_failure(str(database))
            raise WrongPassphrase(failures) from None
        reason = None if isinstance(error, UnicodeDecodeError) else unavailable_reason(error)
        if reason is not None:
            raise StoreUnavailable(reason) from None
        raise _corrupt(paths, now(), passphrase) from None
    if encrypted:
        throttle.record_success(str(database))

    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
        healthy = result == [("ok",)]
    except (error_type, UnicodeDecodeError) as error:
        reason = None if isinstance(error, UnicodeDecodeError) else unavailable_reason(error)
        if reason is not None:
            conn.close()
            raise StoreUnavailable(reason) from None
        healthy = False
    if not healthy:
        conn.close()
        raise _corrupt(paths, now(), passphrase)

    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except error_type as error:
        conn.close()
        raise StoreUnavailable(
            unavailable_reason(error) or "the file could not be opened"
        ) from None
    if mode is None or str(mode[0]).lower() != "wal":
        conn.close()
        raise StoreUnavailable(READ_ONLY)
    return conn, passphrase, encrypt_now


def make_engine(conn: Any) -> Engine:
    """An engine around one already-checked connection."""
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
        module=dbapi(),
        creator=lambda: conn,
        poolclass=StaticPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def folder_problem(paths: DataPaths) -> str | None:
    """Words for a file standing where the data folder or profile folder should be."""
    for folder in (paths.root, paths.root / "profiles", paths.profile_dir):
        if folder.exists() and not folder.is_dir():
            return f"{folder} is a file, not a folder"
    return None


def _check_writable(paths: DataPaths, now: dt.datetime) -> None:
    problem = folder_problem(paths)
    if problem is not None:
        raise StoreUnavailable(problem)
    if paths.backups.exists() and not paths.backups.is_dir():
        # Not ours to judge: kept aside untouched (delete and re-keying see it as a copy).
        with suppress(OSError):
            set_aside(paths.backups, paths.database.stem + ".damaged-backups", now)
    try:
        paths.ensure()
    except OSError as error:
        raise StoreUnavailable(
            unavailable_reason(error) or "the folder could not be made"
        ) from None
    if not os.access(paths.profile_dir, os.W_OK):
        raise StoreUnavailable(READ_ONLY)
    if paths.database.exists() and not os.access(paths.database, os.W_OK):
        raise StoreUnavailable(READ_ONLY)


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

    _check_writable(paths, clock())
    conn, keyed, encrypt_now = _probe(paths, passphrase, throttle, clock)
    engine = make_engine(conn)
    try:
        revision = schema.read_revision(conn)
        if revision is None:
            schema.create_fresh(engine)
        elif revision == "":
            # Tables but no revision: not a file this store made (a fresh one is made
            # in one transaction), so it is kept aside like a damaged one.
            close_engine(engine)
            raise _corrupt(paths, clock(), passphrase)
        elif revision != schema.HEAD_REVISION:
            if revision not in schema.KNOWN_REVISIONS:
                raise StoreTooNew()
            # No migration without a backup: if this fails, opening fails.
            make_backup(paths, engine, keyed, clock().date(), label="before-upgrade")
            schema.upgrade(engine)
        if encrypt_now is not None:
            engine = change_key(paths, engine, None, encrypt_now)
            keyed = encrypt_now
        else:
            with suppress(OSError):  # the database itself tells, for an existing profile
                write_marker(paths, keyed is not None)
        if revision is not None and backup_at_open and not has_backup_for(paths, clock().date()):
            _daily_backup(paths, engine, keyed, clock().date())
    except StoreError:
        close_engine(engine)
        raise
    except Exception as error:
        close_engine(engine)
        if is_damage(error):
            raise _corrupt(paths, clock(), passphrase) from None
        reason = unavailable_reason(error)
        if reason is not None:
            raise StoreUnavailable(reason) from None
        raise
    return Opened(engine, keyed)


def _daily_backup(paths: DataPaths, engine: Engine, key: str | None, day: dt.date) -> None:
    """The day's backup; if it cannot be made (disk full, say), the store still opens
    and the next opening tries again: a missing backup must not lock the learner out."""
    from course.store.backup import make_backup

    try:
        make_backup(paths, engine, key, day)
    except (OSError, dbapi().Error, StoreError):
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
    """Re-encrypt the database, its backups and every copy beside it from key `old` to
    `new` (None = plain).

    The data is exported to a new file and verified before it replaces the old one
    with an atomic rename; until then the old file is untouched. Returns a new engine
    over the new file. The profile is marked encrypted before any file is encrypted, and
    plain only once the database is.
    """
    from course.store.backup import rekey_backups, rekey_copies

    if old == new:
        return engine
    database = paths.database
    target = database.with_name(database.name + ".rekey-tmp")
    raw = raw_connection(engine)
    with translate_errors():
        if new is not None:
            write_marker(paths, True)
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        export_copy(raw, target, new)
    close_engine(engine)
    with translate_errors():
        durable_replace(target, database)
        for sidecar in sidecars(database):
            sidecar.unlink(missing_ok=True)
        if new is None:
            write_marker(paths, False)
        rekey_backups(paths, old, new)
        rekey_copies(paths, old, new)
        conn = connect(database, new)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    return make_engine(conn)
