"""Where sqlcipher3 cannot be loaded: plain data through sqlite3, and no pretending to encrypt."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import COURSE, raw_rows

from course.paths import DataPaths
from course.store import EncryptionUnavailable, driver, is_encrypted, open_store

SECRET = "words only I know"


def _encrypted_profile(paths: DataPaths) -> bytes:
    """Made while SQLCipher works, before the fixture takes it away."""
    with open_store(paths, SECRET) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "kept safe")
    assert is_encrypted(paths.database)
    return paths.database.read_bytes()


def test_the_fallback_is_the_standard_sqlite3(no_sqlcipher: None) -> None:
    assert driver.dbapi().__name__ == "sqlite3"
    assert not driver.encryption_available()


def test_with_sqlcipher_encryption_is_available() -> None:
    driver.dbapi.cache_clear()
    assert driver.encryption_available()


def test_plain_data_is_saved_and_read_back(no_sqlcipher: None, data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "written without SQLCipher")
        store.complete_lesson(COURSE, "guilt")
    assert not is_encrypted(data_paths.database)
    with open_store(data_paths) as store:
        assert store.reflection_text(COURSE.id, "reflect", "r1") == "written without SQLCipher"
        state = store.lesson_state(COURSE.id, "guilt")
        assert state is not None and state.completed
    assert raw_rows(data_paths.database, "SELECT text FROM reflections") == [
        ("written without SQLCipher",)
    ]


def test_setting_a_passphrase_says_plainly_it_is_unavailable(
    no_sqlcipher: None, data_paths: DataPaths
) -> None:
    with open_store(data_paths) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "still here")
        with pytest.raises(EncryptionUnavailable) as raised:
            store.set_passphrase(SECRET)
        assert store.reflection_text(COURSE.id, "reflect", "r1") == "still here"
    assert "not available on this computer" in raised.value.message
    assert not is_encrypted(data_paths.database)


def test_a_new_profile_with_a_passphrase_is_refused_not_left_plain(
    no_sqlcipher: None, data_paths: DataPaths
) -> None:
    with pytest.raises(EncryptionUnavailable):
        open_store(data_paths, SECRET)
    assert not data_paths.database.exists() or data_paths.database.stat().st_size == 0


def test_an_encrypted_profile_gets_a_clear_message_and_stays_untouched(
    data_paths: DataPaths, request: pytest.FixtureRequest
) -> None:
    before = _encrypted_profile(data_paths)
    request.getfixturevalue("no_sqlcipher")
    for passphrase in (None, SECRET):
        with pytest.raises(EncryptionUnavailable) as raised:
            open_store(data_paths, passphrase)
        message = raised.value.message
        assert "encryption is not available on this computer" in message
        assert "Nothing has been changed" in message
        assert "other copies" not in message
    assert data_paths.database.read_bytes() == before
    assert list(data_paths.profile_dir.glob("*damaged*")) == []


def test_data_export_of_an_encrypted_profile_says_why(
    data_paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Was: a ModuleNotFoundError traceback."""
    from main import main

    _encrypted_profile(data_paths)
    monkeypatch.setenv("BRIDGEWORK_PASSPHRASE", SECRET)
    request.getfixturevalue("no_sqlcipher")
    code = main(["--data-dir", str(data_paths.root), "data", "export", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1
    assert "encryption is not available on this computer" in captured.err
    assert "Traceback" not in captured.err + captured.out
