"""Fault injection: a profile damaged the ways disks, sync tools and backup programs damage
them, plain and encrypted. For each: no traceback, the damaged file kept byte for byte, the
newest readable backup offered, and nothing written in plain text to an encrypted profile.

The short version runs in `make test`; bench/bench_store_faults.py repeats every fault
with many random seeds.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from damage import (
    CANARY,
    CANARY_AFTER,
    PAGE,
    SECRET_WORDS,
    overwrite,
    plain_text_in,
    profile_with_backup,
    write_canary,
    zero_first_page,
)
from store_helpers import COURSE, FakeClock, files_snapshot

from course.paths import DataPaths
from course.store import (
    PassphraseRequired,
    ProgressStore,
    StoreCorrupt,
    list_backups,
    open_store,
    restore_backup,
)
from course.store.dbfile import sidecars

CHILD = Path(__file__).resolve().parents[1] / "support" / "fault_child.py"


@dataclass
class Damage:
    """What a fault did: the file it damaged (kept to compare) and what opening may give."""

    path: Path | None  # the damaged file, whose bytes must be kept; None if nothing is
    data: bytes = b""
    expect: str = "corrupt"  # "corrupt", "corrupt or ok", "ok"
    backup_index: int = 0  # which of list_backups() is the newest readable one


def _keep(path: Path, expect: str = "corrupt", backup_index: int = 0) -> Damage:
    return Damage(path, path.read_bytes(), expect, backup_index)


def truncate(paths: DataPaths, rng: random.Random) -> Damage:
    size = paths.database.stat().st_size
    with paths.database.open("r+b") as handle:
        handle.truncate(rng.randrange(PAGE // 2, size - PAGE // 2))
    return _keep(paths.database)


def zero_page_one(paths: DataPaths, rng: random.Random) -> Damage:
    zero_first_page(paths.database)
    return _keep(paths.database)


def random_page_one(paths: DataPaths, rng: random.Random) -> Damage:
    overwrite(paths.database, 0, rng.randbytes(PAGE))
    return _keep(paths.database)


def random_middle(paths: DataPaths, rng: random.Random) -> Damage:
    pages = paths.database.stat().st_size // PAGE
    overwrite(paths.database, rng.randrange(1, pages) * PAGE, rng.randbytes(PAGE))
    return _keep(paths.database)


def byte_flips(paths: DataPaths, rng: random.Random) -> Damage:
    data = bytearray(paths.database.read_bytes())
    for offset in rng.sample(range(100, len(data)), 24):  # past the header: not page one's
        data[offset] ^= 1 << rng.randrange(8)
    paths.database.write_bytes(bytes(data))
    return _keep(paths.database, "corrupt or ok")  # a flip in free space is harmless


def emptied(paths: DataPaths, rng: random.Random) -> Damage:
    paths.database.write_bytes(b"")
    return _keep(paths.database)


def _with_unsaved_wal(paths: DataPaths, passphrase: str | None) -> tuple[bytes, bytes]:
    """The database and its -wal as they are while a write sits in the WAL."""
    store = open_store(paths, passphrase, backup_at_open=False)
    try:
        write_canary(store, CANARY + " newer")
        wal = sidecars(paths.database)[0]
        return paths.database.read_bytes(), wal.read_bytes()
    finally:
        store.close()


def wal_without_database(paths: DataPaths, rng: random.Random, passphrase: str | None) -> Damage:
    _, wal_bytes = _with_unsaved_wal(paths, passphrase)
    paths.database.unlink()
    wal = sidecars(paths.database)[0]
    wal.write_bytes(wal_bytes)
    return _keep(wal)


def database_without_wal(paths: DataPaths, rng: random.Random, passphrase: str | None) -> Damage:
    db_bytes, _ = _with_unsaved_wal(paths, passphrase)
    paths.database.write_bytes(db_bytes)  # as a sync tool copies it: the file, not its WAL
    for sidecar in sidecars(paths.database):
        sidecar.unlink(missing_ok=True)
    return Damage(None, expect="ok")  # the last write is lost, but nothing is damaged


def backups_folder_is_a_file(paths: DataPaths, rng: random.Random) -> Damage:
    shutil.rmtree(paths.backups)
    paths.backups.write_bytes(rng.randbytes(3000))
    return _keep(paths.backups, "ok")


def newest_backup_damaged_too(paths: DataPaths, rng: random.Random) -> Damage:
    newest = list_backups(paths)[0].path
    zero_first_page(newest)
    overwrite(newest, 2 * PAGE, bytes(PAGE))
    paths.database.write_bytes(b"")
    return _keep(paths.database, backup_index=1)


FAULTS: dict[str, Callable[..., Damage]] = {
    "truncated": truncate,
    "zeroed first page": zero_page_one,
    "random first page": random_page_one,
    "random bytes mid-file": random_middle,
    "byte flips": byte_flips,
    "0-byte file": emptied,
    "WAL without its database": wal_without_database,
    "database without its WAL": database_without_wal,
    "backups folder is a file": backups_folder_is_a_file,
    "newest backup damaged too": newest_backup_damaged_too,
}
NEEDS_PASSPHRASE = {wal_without_database, database_without_wal}


@pytest.fixture(params=[None, SECRET_WORDS], ids=["plain", "encrypted"])
def passphrase(request: pytest.FixtureRequest) -> str | None:
    return request.param


def _reflection(store: ProgressStore) -> str:
    return store.reflection_text(COURSE.id, "reflect", "r1") or ""


def _profile(paths: DataPaths, passphrase: str | None, backups: int) -> FakeClock:
    clock = profile_with_backup(paths, passphrase)
    for _ in range(backups - 1):  # one more day, one more backup
        open_store(paths, passphrase, clock=clock).close()
        clock.advance(days=1)
    return clock


def open_after(
    paths: DataPaths, passphrase: str | None, damage: Damage, clock: FakeClock
) -> ProgressStore:
    """Open as the window does (without a passphrase first, then with it), and restore
    the backup the store offers if it reports damage."""
    backups_before = list_backups(paths)
    for attempt in (None,) if passphrase is None else (None, passphrase):
        try:
            store = open_store(paths, attempt, clock=clock)
        except PassphraseRequired:
            assert attempt is None and passphrase is not None
            continue
        except StoreCorrupt as error:
            assert damage.expect != "ok", f"unexpected damage report: {error}"
            assert error.moved_to.read_bytes() == damage.data  # kept, byte for byte
            assert error.backups, "the backup was not offered"
            assert error.backups[0].name == backups_before[damage.backup_index].name
            assert "backup" in error.message and "Traceback" not in error.message
            restore_backup(paths, error.backups[0].name)
            store = open_store(paths, passphrase, clock=clock)
            assert CANARY in _reflection(store)
            return store
        if attempt is None and passphrase is not None:
            store.close()
            pytest.fail("an encrypted profile opened without its passphrase")
        assert damage.expect != "corrupt", "damage went unnoticed"
        if damage.path is not None and damage.expect == "ok":  # set aside, not thrown away
            kept = [p for p in paths.profile_dir.iterdir() if p.is_file()]
            assert any(p.read_bytes() == damage.data for p in kept)
        return store
    raise AssertionError("unreachable: the last attempt returns or raises")


#: Random seeds per fault (where to cut, which page, which bits): one here, many in bench/.
SEEDS = int(os.environ.get("BRIDGEWORK_FAULT_SEEDS", "1"))


@pytest.mark.parametrize("seed", range(SEEDS))
@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_a_damaged_profile_is_recovered_without_loss_or_leak(
    fault: str, seed: int, passphrase: str | None, data_paths: DataPaths
) -> None:
    rng = random.Random(f"{fault} {seed}")
    make = FAULTS[fault]
    clock = _profile(data_paths, passphrase, backups=2 if make is newest_backup_damaged_too else 1)
    args = (data_paths, rng, passphrase) if make in NEEDS_PASSPHRASE else (data_paths, rng)
    damage = make(*args)
    with open_after(data_paths, passphrase, damage, clock) as store:
        assert store.encrypted == (passphrase is not None)
        write_canary(store, CANARY_AFTER)
        assert CANARY_AFTER in _reflection(store)
    if passphrase is not None:
        assert plain_text_in(data_paths.root, CANARY_AFTER) == []
        assert plain_text_in(data_paths.root, CANARY) == []


# -- faults made in a child process --------------------------------------------------------


def _child(paths: DataPaths, passphrase: str | None, *args: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "BRIDGEWORK_PASSPHRASE"}
    if passphrase:
        env["BRIDGEWORK_PASSPHRASE"] = passphrase
    result = subprocess.run(
        [sys.executable, str(CHILD), str(paths.root), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=False,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.fixture
def shared_paths() -> Iterator[DataPaths]:
    """A data folder another user may enter (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="bridgework-faults-"))
    folder.chmod(0o755)
    try:
        yield DataPaths(folder / "data")
    finally:
        for path in folder.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)


def test_a_read_only_folder_is_reported_and_left_untouched(
    passphrase: str | None, shared_paths: DataPaths
) -> None:
    paths = shared_paths
    _profile(paths, passphrase, backups=1)
    zero_first_page(paths.database)  # damaged, too: it cannot even be moved aside
    for path in [paths.root, *paths.root.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = files_snapshot(paths.root)
    report = _child(paths, passphrase, "open", "--nobody")
    assert report["outcome"] == "StoreUnavailable" and "written to" in str(report["message"])
    assert files_snapshot(paths.root) == before


def test_a_full_disk_loses_no_acknowledged_write(
    passphrase: str | None, data_paths: DataPaths
) -> None:
    clock = _profile(data_paths, passphrase, backups=1)
    acknowledged = 0
    # Again and again on the same profile: the first fills the WAL, the next find a WAL to
    # replay and a checkpoint that a full disk cuts short.
    for room in (64 * 1024, 10_000, 12_388):
        limit = data_paths.database.stat().st_size + room
        report = _child(data_paths, passphrase, "fill", "--fsize", str(limit))
        assert report["outcome"] == "StoreUnavailable", report
        acknowledged = max(acknowledged, int(str(report["acknowledged"])))
    with open_store(data_paths, passphrase, clock=clock) as store:
        assert CANARY in _reflection(store)
        full = {e.reflection_id for e in store.reflections()}
        assert {f"full-{n}" for n in range(acknowledged)} <= full
        write_canary(store, CANARY_AFTER)
    if passphrase is not None:
        assert plain_text_in(data_paths.root, CANARY_AFTER) == []
