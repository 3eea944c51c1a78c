"""Durable file writes: a reader finds the old file or the new one, never half of either.

Every file Bridgework writes for the learner (assignments, reports, exports, backups,
installed courses, caches) goes through these helpers: write to a temporary file in
the same folder, fsync it, rename it over the target, then fsync the folder so the
rename itself survives a power cut. If anything fails (a full disk, say), the
temporary file is removed and the old file is untouched.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


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
