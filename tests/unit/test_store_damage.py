"""Damaged, emptied and odd data folders (issue 12): one regression test per defect found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from damage import (
    CANARY,
    CANARY_AFTER,
    plain_text_in,
    profile_with_backup,
    random_first_page,
    write_canary,
)
from store_helpers import COURSE

import main
from course.paths import DataPaths
from course.store import (
    PassphraseRequired,
    StoreCorrupt,
    StoreError,
    StoreUnavailable,
    WrongPassphrase,
    list_backups,
    open_store,
    restore_backup,
)

SECRET = "a long and private phrase"


def _run(argv: list[str], paths: DataPaths) -> int:
    return main.main(["--data-dir", str(paths.root), *argv])


def _reflection(store: object) -> str | None:
    return store.reflection_text(COURSE.id, "reflect", "r1")  # type: ignore[attr-defined]


# 1 ---------------------------------------------------------------------------------------
def test_a_plain_file_with_a_damaged_first_page_is_not_taken_for_an_encrypted_one(
    data_paths: DataPaths,
) -> None:
    from course.store.api import needs_passphrase

    clock = profile_with_backup(data_paths)
    random_first_page(data_paths.database)
    damaged = data_paths.database.read_bytes()
    assert not needs_passphrase(data_paths)  # so the window offers the backup, not the unlock page
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, clock=clock)
    assert caught.value.moved_to.read_bytes() == damaged
    assert caught.value.backups[0].name == list_backups(data_paths)[0].name
    restore_backup(data_paths, caught.value.backups[0].name)
    with open_store(data_paths, clock=clock) as store:
        assert CANARY in (_reflection(store) or "")


# 2 ---------------------------------------------------------------------------------------
def test_copies_moved_aside_are_encrypted_when_a_passphrase_is_set(data_paths: DataPaths) -> None:
    clock = profile_with_backup(data_paths)
    restore_backup(data_paths, list_backups(data_paths)[0].name)  # progress.replaced-*.db
    random_first_page(data_paths.database)
    with pytest.raises(StoreCorrupt) as caught:  # progress.damaged-*.db
        open_store(data_paths, clock=clock)
    restore_backup(data_paths, caught.value.backups[0].name)
    moved = sorted(p.name for p in data_paths.profile_dir.glob("progress.*-*.db"))
    assert any("replaced" in name for name in moved) and any("damaged" in name for name in moved)
    assert plain_text_in(data_paths.profile_dir, CANARY)
    with open_store(data_paths, clock=clock) as store:
        store.set_passphrase(SECRET)
    assert plain_text_in(data_paths.root, CANARY) == []
    # The healthy copy is still readable with the new passphrase.
    for path in data_paths.profile_dir.glob("progress.replaced-*.db"):
        conn = sqlite3.connect(path)
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()


# 3 ---------------------------------------------------------------------------------------
def test_an_emptied_plain_database_offers_the_backup_instead_of_starting_over(
    data_paths: DataPaths,
) -> None:
    clock = profile_with_backup(data_paths)
    data_paths.database.write_bytes(b"")
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, clock=clock)
    assert caught.value.moved_to.read_bytes() == b""
    assert caught.value.backups and "restore" in str(caught.value)


def test_an_empty_file_left_by_a_first_opening_cut_short_is_simply_made_again(
    data_paths: DataPaths,
) -> None:
    # Killed before the new database was written: no marker, no backup, nothing saved.
    data_paths.database.parent.mkdir(parents=True, exist_ok=True)
    data_paths.database.write_bytes(b"")
    with open_store(data_paths) as store:
        store.set_setting("opened", True)
    assert list(data_paths.profile_dir.glob("progress.damaged-*")) == []
    with open_store(data_paths) as store:
        assert store.get_setting("opened") is True


def test_an_emptied_encrypted_database_never_continues_in_plain_text(
    data_paths: DataPaths,
) -> None:
    clock = profile_with_backup(data_paths, SECRET)
    data_paths.database.write_bytes(b"")
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, clock=clock)
    assert caught.value.backups
    # Even with the database and every backup gone, the profile remembers it is protected.
    for backup in list_backups(data_paths):
        backup.path.unlink()
    with pytest.raises(PassphraseRequired):
        open_store(data_paths, clock=clock)
    with open_store(data_paths, SECRET, clock=clock) as store:
        assert store.encrypted
        write_canary(store, CANARY_AFTER)
    assert plain_text_in(data_paths.root, CANARY_AFTER) == []


# 4 ---------------------------------------------------------------------------------------
def _undecodable_schema(paths: DataPaths) -> None:
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET name = CAST(x'73ff' AS TEXT) WHERE name = 'settings'")
    conn.commit()
    conn.close()


def test_damage_with_undecodable_error_text_is_moved_aside(data_paths: DataPaths) -> None:
    clock = profile_with_backup(data_paths)
    _undecodable_schema(data_paths)
    damaged = data_paths.database.read_bytes()
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, clock=clock)
    assert caught.value.moved_to.read_bytes() == damaged
    assert caught.value.backups


def test_data_export_of_undecodable_damage_says_so_without_a_traceback(
    data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile_with_backup(data_paths)
    _undecodable_schema(data_paths)
    assert _run(["data", "export", str(tmp_path / "out")], data_paths) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "backup" in err and "Traceback" not in err


# 5 (the window's part is in tests/gui/test_privacy.py) -----------------------------------
def test_delete_removes_the_window_settings_too(data_paths: DataPaths) -> None:
    profile_with_backup(data_paths)
    window_settings = data_paths.root / "window.ini"
    window_settings.write_text("[General]\ngeometry=@ByteArray(...)\n")
    assert _run(["data", "delete", "--yes"], data_paths) == 0
    assert not window_settings.exists()


# 6 ---------------------------------------------------------------------------------------
def test_a_data_folder_that_is_a_file_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("not a folder")
    paths = DataPaths(not_a_folder)
    with pytest.raises(StoreUnavailable) as caught:
        open_store(paths)
    assert "is a file" in str(caught.value)
    assert _run(["data", "export", str(tmp_path / "out")], paths) == 1
    err = capsys.readouterr().err
    assert "is a file" in err and str(not_a_folder) in err


# 7 ---------------------------------------------------------------------------------------
def test_an_empty_passphrase_is_refused_in_plain_words(data_paths: DataPaths) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(data_paths, "")
    assert "empty" in str(caught.value) and "free space" not in str(caught.value)
    profile_with_backup(data_paths, SECRET)
    with pytest.raises(StoreError) as caught:
        open_store(data_paths, "")
    assert "empty" in str(caught.value) and "free space" not in str(caught.value)


# 8 ---------------------------------------------------------------------------------------
def test_an_encrypted_file_with_a_damaged_first_page_offers_the_backup(
    data_paths: DataPaths,
) -> None:
    clock = profile_with_backup(data_paths, SECRET)
    random_first_page(data_paths.database)
    damaged = data_paths.database.read_bytes()
    with pytest.raises(WrongPassphrase):  # a wrong passphrase is still just wrong
        open_store(data_paths, SECRET + "x", clock=clock)
    assert data_paths.database.read_bytes() == damaged
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, SECRET, clock=clock)
    assert caught.value.moved_to.read_bytes() == damaged
    restore_backup(data_paths, caught.value.backups[0].name)
    with open_store(data_paths, SECRET, clock=clock) as store:
        assert CANARY in (_reflection(store) or "")


# disk full -------------------------------------------------------------------------------
def test_a_full_disk_says_the_disk_is_full_and_nothing_about_permissions() -> None:
    message = str(StoreUnavailable("the disk is full"))
    assert "disk is full" in message and "written to" not in message


# found while testing a full disk -----------------------------------------------------------
def test_an_encrypted_database_with_a_partial_last_page_still_opens(data_paths: DataPaths) -> None:
    """A checkpoint cut short by a full disk leaves a partial last page; the WAL covers it."""
    clock = profile_with_backup(data_paths, SECRET)
    with open_store(data_paths, SECRET, clock=clock) as store:
        write_canary(store, CANARY_AFTER)
        database, wal = (
            data_paths.database.read_bytes(),
            data_paths.database.with_name("progress.db-wal").read_bytes(),
        )
    data_paths.database.write_bytes(database + bytes(1000))  # as the cut-short checkpoint
    data_paths.database.with_name("progress.db-wal").write_bytes(wal)
    with open_store(data_paths, SECRET, clock=clock) as store:
        assert CANARY_AFTER in (_reflection(store) or "")


def test_a_full_disk_while_restoring_says_the_disk_is_full(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import shutil

    profile_with_backup(data_paths)
    before = data_paths.database.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(StoreUnavailable) as caught:
        restore_backup(data_paths, list_backups(data_paths)[0].name)
    assert "disk is full" in str(caught.value) and "free space" in str(caught.value)
    assert data_paths.database.read_bytes() == before
