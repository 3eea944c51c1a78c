"""Backups of the progress database: made with SQLite's backup API, rotated, restored, deleted.

Backups live in the profile's backups/ folder, named by date:
`progress-YYYY-MM-DD.db` (at most one a day, made when the store opens) and
`progress-YYYY-MM-DD-before-upgrade.db` (made before a migration). A backup is
encrypted with the same key as the database; when the passphrase changes, every
backup is re-keyed, so any backup can be restored with the current passphrase.

Rotation keeps the daily backups of the 7 most recent days that have one, plus the
newest backup of each of the 4 most recent ISO weeks that have one (so about a month
back), and the 2 newest before-upgrade backups.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from course.fileio import durable_replace, remove_files
from course.store.dbfile import (
    connect,
    export_copy,
    marker_path,
    move_aside,
    raw_connection,
    sidecars,
)
from course.store.errors import BackupInfo, StoreError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from course.paths import DataPaths

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_BEFORE_UPGRADE = 2
UPGRADE_LABEL = "before-upgrade"

_NAME = re.compile(r"^progress-(\d{4}-\d{2}-\d{2})(?:-([a-z-]+))?\.db$")


def backup_name(day: dt.date, label: str = "") -> str:
    return f"progress-{day.isoformat()}{'-' + label if label else ''}.db"


def _parse(path: Path) -> tuple[dt.date, str] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return day, match.group(2) or ""


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Every backup of the profile, newest first (by date, then by file time)."""
    found: list[tuple[dt.date, float, BackupInfo]] = []
    try:
        entries = list(paths.backups.iterdir())
    except OSError:
        return []
    for path in entries:
        parsed = _parse(path)
        if parsed is None or not path.is_file():
            continue
        stat = path.stat()
        found.append(
            (parsed[0], stat.st_mtime, BackupInfo(path.name, path, parsed[0], stat.st_size))
        )
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [info for _, _, info in found]


def has_backup_for(paths: DataPaths, day: dt.date) -> bool:
    return (paths.backups / backup_name(day)).exists()


def make_backup(
    paths: DataPaths, engine: Engine, passphrase: str | None, day: dt.date, label: str = ""
) -> BackupInfo:
    """Copy the live database into backups/ with the SQLite backup API, then rotate.

    The copy is written to a temporary name, fsynced and renamed, so a backup file is
    always whole. A backup of the same day and label replaces the earlier one.
    """
    paths.backups.mkdir(parents=True, exist_ok=True)
    final = paths.backups / backup_name(day, label)
    temporary = final.with_name(final.name + ".tmp")
    temporary.unlink(missing_ok=True)
    source = raw_connection(engine)
    target = connect(temporary, passphrase)
    try:
        source.backup(target)
    finally:
        target.close()
    durable_replace(temporary, final)
    rotate(paths)
    stat = final.stat()
    return BackupInfo(final.name, final, day, stat.st_size)


def backups_to_keep(names: list[str]) -> set[str]:
    """Which backup file names the rotation keeps (see the module docstring)."""
    daily: list[tuple[dt.date, str]] = []
    upgrades: list[tuple[dt.date, str]] = []
    for name in names:
        parsed = _parse(Path(name))
        if parsed is None:
            continue
        day, label = parsed
        (upgrades if label == UPGRADE_LABEL else daily).append((day, name))
    daily.sort(reverse=True)
    upgrades.sort(reverse=True)
    keep = {name for _, name in daily[:KEEP_DAILY]}
    weeks_seen: set[tuple[int, int]] = set()
    for day, name in daily:
        week = day.isocalendar()[:2]
        if week in weeks_seen:
            continue
        if len(weeks_seen) == KEEP_WEEKLY:
            break
        weeks_seen.add(week)
        keep.add(name)  # the newest backup of this week
    keep.update(name for _, name in upgrades[:KEEP_BEFORE_UPGRADE])
    return keep


def rotate(paths: DataPaths) -> list[Path]:
    """Delete the backups the rotation does not keep; returns what was removed."""
    infos = list_backups(paths)
    keep = backups_to_keep([info.name for info in infos])
    removed = []
    # Temporary files left by an interrupted backup or re-key (a crash, a full disk).
    for pattern in ("*.tmp", "*.rekey-tmp"):
        for leftover in paths.backups.glob(pattern):
            with suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    for info in infos:
        if info.name not in keep:
            with suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    return removed


def restore_backup_file(paths: DataPaths, name: str) -> None:
    """Put a backup in place of the database (moving the current one aside first)."""
    by_name = {info.name: info for info in list_backups(paths)}
    info = by_name.get(name)
    if info is None:
        raise StoreError(
            "That backup could not be found. Please choose one from the list of backups."
        )
    database = paths.database
    temporary = database.with_name(database.name + ".restore-tmp")
    shutil.copyfile(info.path, temporary)
    if database.exists():
        move_aside(database, "replaced", dt.datetime.now(dt.UTC))
    for sidecar in sidecars(database):
        sidecar.unlink(missing_ok=True)
    durable_replace(temporary, database)


def rekey_backups(paths: DataPaths, old: str | None, new: str | None) -> None:
    """Re-encrypt every backup from key `old` to `new` (None = plain), one file at a time.

    Each backup is exported to a temporary file, verified, and renamed over the old
    one. A backup that cannot be read with `old` is removed rather than left behind
    with a key the learner no longer uses.
    """
    from course.store.driver import dbapi

    for info in list_backups(paths):
        temporary = info.path.with_name(info.path.name + ".rekey-tmp")
        try:
            source = connect(info.path, old)
            try:
                export_copy(source, temporary, new)
            finally:
                source.close()
            durable_replace(temporary, info.path)
        except (dbapi().Error, StoreError):
            temporary.unlink(missing_ok=True)
            with suppress(OSError):
                info.path.unlink()


def copies_beside(paths: DataPaths) -> list[Path]:
    """Every other copy of learner data in the profile folder: files moved aside
    (replaced, damaged), their -wal/-shm, and temporary files left by a crash."""
    database = paths.database
    own = {database.name, *(p.name for p in sidecars(database)), marker_path(paths).name}
    try:
        entries = list(paths.profile_dir.iterdir())
    except OSError:
        return []
    return sorted(
        p
        for p in entries
        if p.name.startswith(database.stem + ".") and p.name not in own and p.is_file()
    )


def rekey_copies(paths: DataPaths, old: str | None, new: str | None) -> None:
    """Bring every copy beside the database under key `new`, so no copy keeps data
    readable under a key (or none) the learner no longer uses.

    A copy that opens with `old` is exported under `new` and checked, like a backup.
    One that does not (a damaged file) is sealed whole, byte for byte, inside a new
    database under `new`, so it can still be rescued with the current passphrase.
    Temporary files are removed. Removing the passphrase leaves damaged copies as they
    are: nothing in them is more readable than before.
    """
    from course.store.driver import dbapi

    copies = copies_beside(paths)
    for path in copies:
        if not path.exists() or path.name.endswith("-shm"):
            continue
        if path.name.endswith("-tmp") or path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)
            continue
        if path.name.endswith("-wal") and path.with_name(path.name[: -len("-wal")]).exists():
            continue  # handled with its database
        temporary = path.with_name(path.name + ".rekey-tmp")
        try:
            if ".damaged-" in path.name:
                raise StoreError("a damaged copy is sealed, never exported")
            source = connect(path, old)
            try:
                export_copy(source, temporary, new)
            finally:
                source.close()
        except (dbapi().Error, StoreError, UnicodeDecodeError):
            temporary.unlink(missing_ok=True)
            if new is None:
                continue
            _seal(path, temporary, new)
        durable_replace(temporary, path)
        for sidecar in sidecars(path):
            sidecar.unlink(missing_ok=True)
    for path in copies:  # the index files of copies now re-keyed or sealed
        if path.name.endswith("-shm") and path.exists():
            path.unlink()


def _seal(path: Path, target: Path, passphrase: str) -> None:
    """Write `path` (and its -wal) byte for byte into a new database `target` under
    `passphrase`: table `sealed_file(name, content)`."""
    conn = connect(target, passphrase)
    try:
        conn.execute("CREATE TABLE sealed_file (name TEXT PRIMARY KEY, content BLOB NOT NULL)")
        for part in (path, sidecars(path)[0]):
            if part.exists():
                conn.execute(
                    "INSERT INTO sealed_file (name, content) VALUES (?, ?)",
                    (part.name, part.read_bytes()),
                )
        conn.commit()
    finally:
        conn.close()


def delete_profile_data(paths: DataPaths) -> list[Path]:
    """Remove the database, its -wal/-shm files, copies moved aside, and every backup.

    Every one is tried; if any could not be removed, the first such error is raised once
    the others are gone.
    """
    database = paths.database
    candidates = [database, *sidecars(database)]
    with suppress(OSError):
        # Copies moved aside (damaged, replaced) and temporary files are the learner's too.
        candidates += [
            p
            for p in paths.profile_dir.iterdir()
            if p.name.startswith(database.name + ".") or p.name.startswith(database.stem + ".")
        ]
    with suppress(OSError):
        candidates += list(paths.backups.iterdir())
    # The window's geometry file sits beside the profiles; it goes with the data too.
    candidates.append(paths.window_settings)
    removed, failed = remove_files(candidates)
    for folder in (paths.backups, paths.profile_dir):
        with suppress(OSError):
            os.rmdir(folder)  # only if empty: never remove what is not ours
    if failed is not None:
        raise failed
    return removed
