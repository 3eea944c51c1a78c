"""Durable file writes: a reader finds the old file or the new one, never half of either.

Every file Bridgework writes for the learner (assignments, reports, exports, backups,
installed courses, caches) goes through these helpers: write to a temporary file in
the same folder, fsync it, rename it over the target, then fsync the folder so the
rename itself survives a power cut. If anything fails (a full disk, say), the
temporary file is removed and the old file is untouched. Removing the learner's files
(`remove_files`) tries every one, so one that cannot go keeps none of the others.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

# Opening a FIFO for reading waits for a writer; O_NONBLOCK makes it return at once so
# the check below can refuse it. It changes nothing for a regular file.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotARegularFile(OSError):
    """The path names a folder, a pipe, a device or a socket: nothing a reader should read."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, "it is not a regular file", os.fspath(path))


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file at `path` (one more tells it is too big).

    Every file that comes from someone else (a course, an assignment, a report) is read
    through here, so a FIFO, a device or a folder is refused with NotARegularFile
    instead of blocking forever or reading without end. Other errors are OSError.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable. Windows has no folder fsync, and needs none."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def durable_replace(source: Path, target: Path) -> None:
    """os.replace after fsyncing the source, then fsync the folder."""
    fsync_file(source)
    os.replace(source, target)
    fsync_dir(target.parent)


def temp_path_beside(path: Path) -> Path:
    """A new, empty, hidden temporary file in `path`'s folder (so a rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    path = Path(path).expanduser()
    temporary = temp_path_beside(path)
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    return write_bytes_atomically(path, text.encode("utf-8"))


def remove_files(paths: list[Path]) -> tuple[list[Path], OSError | None]:
    """Remove each of `paths` that is a file or a symlink (a missing one is skipped):
    (those removed, the first error if some could not be, after trying all the rest)."""
    removed: list[Path] = []
    failed: OSError | None = None
    for path in paths:
        try:
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue
        except OSError as error:  # held open elsewhere (Windows), say
            failed = failed or error
    return removed, failed
