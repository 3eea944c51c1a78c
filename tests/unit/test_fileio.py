"""Durable writes: the old file survives any failure, and no temporary file is left behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from course import fileio


def test_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    fileio.write_text_atomically(target, "new text")
    assert target.read_text() == "new text"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "assignment.json"
    target.write_text("what was there before")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", disk_full)
    with pytest.raises(OSError) as raised:
        fileio.write_text_atomically(target, "half of something new")
    assert raised.value.errno == errno.ENOSPC
    assert target.read_text() == "what was there before"
    assert [p.name for p in tmp_path.iterdir()] == ["assignment.json"]


def test_durable_replace_moves_the_file(tmp_path: Path) -> None:
    source = tmp_path / "new.db"
    source.write_bytes(b"data")
    target = tmp_path / "progress.db"
    fileio.durable_replace(source, target)
    assert target.read_bytes() == b"data" and not source.exists()
