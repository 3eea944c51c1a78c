"""The database file at the lowest level: raw connections, disk errors in plain words,
moving a file aside, and verified copies under another key.

Both the engine (opening, re-keying) and the backups use these; it imports nothing of the
store but its errors, so neither needs the other to use them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.fileio import durable_replace, fsync_dir, fsync_file
from course.store.driver import dbapi, encryption_available
from course.store.errors import (
    DISK_FULL,
    PERMISSION_DENIED,
    READ_ONLY,
    EncryptionUnavailable,
    StoreError,
    StoreUnavailable,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from course.paths import DataPaths

# SQLite result codes (primary codes; extended codes keep them in the low byte).
SQLITE_PERM = 3
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def quote_key(passphrase: str) -> str:
    """The passphrase as an SQL string literal for PRAGMA key (which takes no parameters)."""
    if "\x00" in passphrase:
        raise StoreError("A passphrase cannot contain a null character. Please choose another.")
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, passphrase: str | None) -> Any:
    """A raw connection, keyed when there is a passphrase. Nothing is read yet.

    Without SQLCipher a key would be silently ignored, so asking for one there raises
    EncryptionUnavailable instead of writing plain data the learner believes is locked.
    """
    if passphrase is not None and not encryption_available():
        raise EncryptionUnavailable()
    conn = dbapi().connect(str(path), check_same_thread=False, timeout=10.0)
    if encryption_available():
        # Keep SQLCipher from printing "ERROR CORE ..." lines when a key is wrong.
        conn.execute("PRAGMA cipher_log_level = NONE")
    if passphrase is not None:
        conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
    return conn


def error_code(error: BaseException) -> int | None:
    """The primary SQLite result code of a driver (or SQLAlchemy-wrapped) error."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def unavailable_reason(error: BaseException) -> str | None:
    """Words for a disk-level problem, or None if the error is not one."""
    if isinstance(error, OSError):
        import errno

        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DISK_FULL
        if error.errno in (errno.EACCES, errno.EPERM):
            return PERMISSION_DENIED
        if error.errno == errno.EROFS:
            return "the disk is read-only"
        return "the disk reported a problem"
    code = error_code(error)
    if code == SQLITE_FULL:
        return DISK_FULL
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return READ_ONLY
    if code == SQLITE_CANTOPEN:
        return "the file could not be opened"
    if code == SQLITE_IOERR:
        return "the disk reported a problem"
    return None


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn disk errors during use into StoreUnavailable, damage into a plain StoreError."""
    import sqlalchemy.exc

    try:
        yield
    except (sqlalchemy.exc.DBAPIError, OSError, UnicodeDecodeError) as error:
        reason = None if isinstance(error, UnicodeDecodeError) else unavailable_reason(error)
        if reason is not None:
            raise StoreUnavailable(reason) from None
        if is_damage(error):
            raise StoreError(
                "Part of your saved progress could not be read. Please restart Bridgework: "
                "it will check the file and offer your most recent backup if needed."
            ) from None
        raise


def is_damage(error: BaseException) -> bool:
    """True for the errors a damaged file gives (including error text that is not UTF-8)."""
    if isinstance(error, UnicodeDecodeError):
        return True
    original = getattr(error, "orig", None)
    if isinstance(original, UnicodeDecodeError):
        return True
    return error_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def sidecars(database: Path) -> tuple[Path, Path]:
    return database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")


def move_aside(database: Path, label: str, now: dt.datetime) -> Path:
    """Rename the database (and its -wal/-shm) to a new, unused name; never overwrite.

    Returns the new path of the database, or of its -wal when only that was there.
    """
    stamp = now.strftime("%Y%m%d-%H%M%S")
    stem = database.stem
    target = database.with_name(f"{stem}.{label}-{stamp}.db")
    counter = 2
    while any(p.exists() for p in (target, *sidecars(target))):
        target = database.with_name(f"{stem}.{label}-{stamp}-{counter}.db")
        counter += 1
    moved = None
    if database.exists():
        os.rename(database, target)
        moved = target
    for sidecar, suffix in zip(sidecars(database), ("-wal", "-shm"), strict=True):
        if sidecar.exists():
            os.rename(sidecar, target.with_name(target.name + suffix))
            moved = moved or target.with_name(target.name + suffix)
    fsync_dir(database.parent)
    return moved or target


def set_aside(path: Path, prefix: str, now: dt.datetime) -> Path:
    """Rename `path` to `<prefix>-<time>` beside it, never overwriting anything."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{prefix}-{stamp}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{prefix}-{stamp}-{counter}")
        counter += 1
    os.rename(path, target)
    fsync_dir(path.parent)
    return target


# -- "this profile is encrypted" ---------------------------------------------------------
# A one-word file beside the database remembers whether the profile is encrypted, so an
# emptied, removed or damaged database never makes an encrypted profile continue in
# plain text, and a plain database whose first page is damaged is not taken for an
# encrypted one. It says nothing about the learner, and delete removes it with the rest.
# Invariant: while an encrypted database may exist, the marker never says "plain"
# (written "encrypted" before a file is encrypted, "plain" only after it is decrypted).
_ENCRYPTED = "encrypted"
_PLAIN = "plain"


def marker_path(paths: DataPaths) -> Path:
    return paths.database.with_name(paths.database.stem + ".protection")


def read_marker(paths: DataPaths) -> bool | None:
    """True/False if the profile is remembered as encrypted/plain; None if not known."""
    try:
        text = marker_path(paths).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return {_ENCRYPTED: True, _PLAIN: False}.get(text)


def write_marker(paths: DataPaths, encrypted: bool) -> None:
    """Remember whether the profile is encrypted (written whole, or not at all)."""
    if read_marker(paths) is encrypted:
        return
    target = marker_path(paths)
    temporary = target.with_name(target.name + "-tmp")
    temporary.write_text((_ENCRYPTED if encrypted else _PLAIN) + "\n", encoding="ascii")
    durable_replace(temporary, target)


def opens(path: Path, passphrase: str | None) -> bool:
    """True if `path` opens with `passphrase` and passes a quick check. Never raises."""
    error_type = dbapi().Error
    try:
        conn = connect(path, passphrase)
    except (error_type, UnicodeDecodeError, StoreError):
        return False
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchall() == [("ok",)])
    except (error_type, UnicodeDecodeError):
        return False
    finally:
        conn.close()


def pooled_connection(engine: Engine) -> Any:
    """The one driver connection behind the engine's StaticPool."""
    pool = engine.pool
    record = getattr(pool, "_connection", None)
    if record is None:
        return None
    return getattr(record, "dbapi_connection", None)


def raw_connection(engine: Engine) -> Any:
    raw = pooled_connection(engine)
    if raw is None:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
    return raw


def table_counts(conn: Any) -> dict[str, int]:
    """Row count of every table, to verify a copy."""
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def export_copy(source: Any, target: Path, new_passphrase: str | None) -> None:
    """Copy an open database into a new file under another key (or none), then verify it.

    Uses SQLCipher's sqlcipher_export; the copy is checked (integrity and row counts)
    and fsynced. Raises StoreError if the copy does not match; `target` is then removed.
    """
    for leftover in (target, *sidecars(target)):
        leftover.unlink(missing_ok=True)
    key = new_passphrase if new_passphrase is not None else ""
    if "\x00" in key:
        raise StoreError("A passphrase cannot contain a null character. Please choose another.")
    expected = table_counts(source)
    source.commit()
    source.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(target), key))
    try:
        source.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
        source.commit()
    finally:
        source.execute("DETACH DATABASE rekeyed")
    check = connect(target, new_passphrase)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ok = ok and table_counts(check) == expected
    finally:
        check.close()
    if not ok:
        target.unlink(missing_ok=True)
        raise StoreError(
            "Bridgework could not make a checked copy of your data, so nothing was changed."
        )
    fsync_file(target)
