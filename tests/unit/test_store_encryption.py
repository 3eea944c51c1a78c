"""Encryption at rest: passphrase required, wrong passphrase, encrypt, re-key, remove."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import COURSE, FakeClock, files_snapshot, raw_rows

from course.paths import DataPaths
from course.store import (
    PassphraseRequired,
    PassphraseThrottle,
    ProgressStore,
    StoreError,
    WrongPassphrase,
    is_encrypted,
    open_store,
)

SECRET = "correct horse 'battery' staple ünïcode"


class FakeTime:
    """Monotonic clock and sleep for the throttle: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def throttle(fake_time: FakeTime) -> PassphraseThrottle:
    return PassphraseThrottle(sleep=fake_time.sleep, monotonic=fake_time.monotonic)


def fill(store: ProgressStore) -> None:
    store.visit_lesson(COURSE, "guilt")
    store.save_position(COURSE, "guilt", 2, 0.5)
    store.complete_lesson(COURSE, "guilt")
    attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
    store.record_answer(attempt, "q1", {0, 2}, 1.0)
    store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.7)
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "What I noticed today.")
    store.record_rating(COURSE, "guilt", "weekly", "calm", 6)
    store.set_setting("theme", "dark")


def everything(store: ProgressStore, tmp: Path) -> dict[str, object]:
    """All data through the export, without the export time, to compare before and after."""
    folder = store.export_all(tmp)
    data: dict[str, object] = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def test_is_encrypted_is_a_cheap_header_check(tmp_path: Path, data_paths: DataPaths) -> None:
    assert not is_encrypted(tmp_path / "missing.db")
    (tmp_path / "empty.db").write_bytes(b"")
    assert not is_encrypted(tmp_path / "empty.db")
    open_store(data_paths).close()
    assert not is_encrypted(data_paths.database)


def test_a_new_store_with_a_passphrase_is_encrypted(data_paths: DataPaths) -> None:
    with open_store(data_paths, SECRET) as store:
        assert store.encrypted
        fill(store)
    assert is_encrypted(data_paths.database)
    with pytest.raises(PassphraseRequired) as caught:
        open_store(data_paths)
    assert "passphrase" in str(caught.value)
    with open_store(data_paths, SECRET) as store:
        assert store.get_setting("theme") == "dark"


def test_a_passphrase_given_for_a_plain_store_is_not_used(data_paths: DataPaths) -> None:
    open_store(data_paths).close()
    with open_store(data_paths, SECRET) as store:
        assert not store.encrypted
    assert not is_encrypted(data_paths.database)


def test_a_wrong_passphrase_changes_nothing(
    data_paths: DataPaths, throttle: PassphraseThrottle, capfd: pytest.CaptureFixture[str]
) -> None:
    with open_store(data_paths, SECRET) as store:
        fill(store)
    before = files_snapshot(data_paths.root)
    with pytest.raises(WrongPassphrase) as caught:
        open_store(data_paths, "not it", throttle=throttle)
    assert "Nothing has been changed" in str(caught.value)
    assert files_snapshot(data_paths.root) == before
    # SQLCipher's own "ERROR CORE ..." lines are kept off the terminal.
    assert "ERROR" not in capfd.readouterr().err


def test_wrong_tries_are_slowed_down_more_and_more(
    data_paths: DataPaths, throttle: PassphraseThrottle, fake_time: FakeTime
) -> None:
    open_store(data_paths, SECRET).close()
    for attempt in range(1, 5):
        with pytest.raises(WrongPassphrase) as caught:
            open_store(data_paths, f"guess {attempt}", throttle=throttle)
        assert caught.value.failures == attempt
    assert fake_time.slept == [1.0, 2.0, 4.0]  # nothing before the first try
    fake_time.now += 100  # a try long after the last wrong one need not wait
    with pytest.raises(WrongPassphrase):
        open_store(data_paths, "guess 5", throttle=throttle)
    assert fake_time.slept == [1.0, 2.0, 4.0]
    open_store(data_paths, SECRET, throttle=throttle).close()  # waits, then succeeds
    assert throttle.failures(str(data_paths.database)) == 0


def test_throttle_delay_has_a_ceiling() -> None:
    throttle = PassphraseThrottle(sleep=lambda _: None, max_delay=30)
    assert [throttle.delay_for(n) for n in (0, 1, 2, 3, 6, 20)] == [0, 1, 2, 4, 30, 30]


def test_encrypting_an_existing_plain_store_keeps_everything(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    clock = FakeClock()
    open_store(data_paths, clock=clock).close()
    clock.advance(days=1)
    with open_store(data_paths, clock=clock) as store:  # makes a (plain) daily backup
        fill(store)
        before = everything(store, tmp_path / "before")
        assert not is_encrypted(store.list_backups()[0].path)
        store.set_passphrase(SECRET)
        assert store.encrypted
        assert everything(store, tmp_path / "during") == before
        store.save_reflection(COURSE, "guilt", "reflect", "r2", "Written after encrypting.")
    assert is_encrypted(data_paths.database)
    leftovers = [p.name for p in data_paths.profile_dir.iterdir() if "tmp" in p.name]
    assert leftovers == []
    with open_store(data_paths, SECRET, clock=clock) as store:
        after = everything(store, tmp_path / "after")
        assert after["lessons"] == before["lessons"]
        assert after["quiz_attempts"] == before["quiz_attempts"]
        assert store.reflection_text(COURSE.id, "reflect", "r2") == "Written after encrypting."
        # the backups were re-keyed too: none is left in plain text
        backups = store.list_backups()
        assert backups and all(is_encrypted(b.path) for b in backups)
    assert raw_rows(data_paths.database, "PRAGMA integrity_check", SECRET) == [("ok",)]


def test_changing_the_passphrase(data_paths: DataPaths, throttle: PassphraseThrottle) -> None:
    with open_store(data_paths, SECRET) as store:
        fill(store)
        with pytest.raises(WrongPassphrase):
            store.change_passphrase("not the current one", "new words")
        assert store.get_setting("theme") == "dark"
        store.change_passphrase(SECRET, "new words")
        store.set_setting("theme", "light")
    with pytest.raises(WrongPassphrase):
        open_store(data_paths, SECRET, throttle=throttle)
    with open_store(data_paths, "new words", throttle=throttle) as store:
        assert store.get_setting("theme") == "light"
        assert store.lesson_state(COURSE.id, "guilt") is not None


def test_removing_the_passphrase(data_paths: DataPaths, tmp_path: Path) -> None:
    with open_store(data_paths, SECRET) as store:
        fill(store)
        before = everything(store, tmp_path / "before")
        with pytest.raises(WrongPassphrase):
            store.remove_passphrase("wrong")
        store.remove_passphrase(SECRET)
        assert not store.encrypted
    assert not is_encrypted(data_paths.database)
    with open_store(data_paths) as store:
        assert everything(store, tmp_path / "after") == before


def test_an_empty_passphrase_is_refused(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store, pytest.raises(StoreError, match="cannot be empty"):
        store.set_passphrase("")


def test_the_passphrase_is_never_written_anywhere(
    data_paths: DataPaths, tmp_path: Path, throttle: PassphraseThrottle
) -> None:
    passphrase = "a very particular phrase 7731"
    with open_store(data_paths) as store:
        fill(store)
        store.backup_now()
        store.set_passphrase(passphrase)
        store.set_setting("after", True)
        store.backup_now()
        store.export_all(tmp_path / "export")
    errors = []
    for guess in (passphrase + "x", None):
        try:
            open_store(data_paths, guess, throttle=throttle)
        except StoreError as error:
            errors.append(repr(error) + str(error))
    encoded = [passphrase.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    for root in (data_paths.root, tmp_path / "export"):
        for path in root.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                assert not any(e in content for e in encoded), path
    assert errors and not any(passphrase in e for e in errors)
