"""The window with a damaged or odd data folder (issue 12): the backup is offered in plain
words, the unlock page is shown only for a passphrase that was set, never a traceback."""

from __future__ import annotations

from app_window import TIMEOUT
from damage import CANARY, SECRET_WORDS, profile_with_backup, random_first_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from course.paths import DataPaths
from course.store.api import open_store
from ui.app import build_window
from ui.progress import SETTING_FIRST_RUN


def _welcomed(paths: DataPaths, passphrase: str | None = None) -> None:
    with open_store(paths, passphrase, backup_at_open=False) as store:
        store.set_setting(SETTING_FIRST_RUN, True)


def _answer_yes(asked: list[str]):
    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    return answer


def test_a_plain_profile_with_a_damaged_first_page_offers_its_backup(
    qtbot, data_paths, monkeypatch
):
    profile_with_backup(data_paths)
    _welcomed(data_paths)
    open_store(data_paths).close()  # today's backup holds the welcome too
    random_first_page(data_paths.database)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", _answer_yes(asked))
    window = build_window(data_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    # Never asked for a passphrase:
    assert window.top.currentWidget() is not window.privacy._unlock_page
    assert len(asked) == 1 and "backup" in asked[0] and "Traceback" not in asked[0]
    assert CANARY in (window.store.reflection_text("empathy-gap", "reflect", "r1") or "")
    assert list(data_paths.profile_dir.glob("progress.damaged-*.db"))


def test_an_encrypted_profile_with_a_damaged_first_page_offers_its_backup_after_unlock(
    qtbot, data_paths, monkeypatch
):
    profile_with_backup(data_paths, SECRET_WORDS)
    _welcomed(data_paths, SECRET_WORDS)
    open_store(data_paths, SECRET_WORDS).close()
    random_first_page(data_paths.database)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", _answer_yes(asked))
    window = build_window(data_paths)
    qtbot.addWidget(window)
    window.show()
    page = window.unlock_page
    qtbot.waitUntil(lambda: window.top.currentWidget() is page)
    page.passphrase.setText(SECRET_WORDS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked), timeout=TIMEOUT)  # damaged: the backup is offered
    # The restored backup is under the same passphrase, so it is asked for again.
    qtbot.waitUntil(lambda: window.top.currentWidget() is page and page.passphrase.isEnabled())
    page.passphrase.setText(SECRET_WORDS)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert len(asked) == 1 and "backup" in asked[0]
    assert window.store is not None and window.store.encrypted
    assert CANARY in (window.store.reflection_text("empathy-gap", "reflect", "r1") or "")


def test_a_data_folder_that_is_a_file_is_explained_in_the_window(qtbot, tmp_path):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("not a folder")
    window = build_window(DataPaths(not_a_folder))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_failed, timeout=TIMEOUT) as blocker:
        window.show()
    assert "is a file" in blocker.args[0]
    assert window.notice.isVisible() and "is a file" in window.notice.text()
