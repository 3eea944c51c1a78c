"""One running Bridgework per profile; later starts and the system hand files to it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app_window import TIMEOUT, prepare_store, start
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from course.paths import DataPaths
from ui import messages
from ui.single_instance import (
    LOCK_NAME,
    FileOpenFilter,
    ProfileLock,
    claim_or_hand_over,
    connect_window,
    hand_over,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def _claimed(qtbot, data_paths) -> ProfileLock:
    lock = ProfileLock(data_paths)
    assert lock.try_claim()
    return lock


def test_a_second_claim_on_the_same_profile_fails_until_released(qtbot, data_paths):
    first = _claimed(qtbot, data_paths)
    second = ProfileLock(data_paths)
    assert not second.try_claim()
    other_profile = ProfileLock(type(data_paths)(data_paths.root, "someone-else"))
    assert other_profile.try_claim()  # the lock is per profile
    first.release()
    assert second.try_claim()
    second.release()
    other_profile.release()


def test_a_data_folder_that_cannot_be_made_is_not_taken_for_another_copy(qtbot, tmp_path):
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    lock = ProfileLock(DataPaths(blocked))
    assert lock.try_claim()  # goes on; opening the store then explains the folder problem
    lock.release()


def test_a_lock_left_by_a_killed_copy_is_taken_over(qtbot, data_paths):
    data_paths.ensure()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from PySide6.QtCore import QLockFile\n"
         "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0)\n"
         "print('locked', flush=True); time.sleep(120)\n",
         str(data_paths.profile_dir / LOCK_NAME)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert not ProfileLock(data_paths).try_claim()  # alive: really held
    finally:
        holder.kill()  # as kill -9 or a crash would
        holder.communicate()
    lock = ProfileLock(data_paths)
    assert lock.try_claim()
    lock.release()


def test_a_later_start_hands_its_file_to_the_running_copy(qtbot, data_paths, tmp_path):
    running = _claimed(qtbot, data_paths)
    report = tmp_path / "from-my-client.bridgework-report"
    report.write_text("{}", encoding="utf-8")
    with qtbot.waitSignal(running.open_requested, timeout=TIMEOUT) as opened:
        done = subprocess.run(
            [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_paths.root),
             report.name],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert opened.args == [str(report)]
    assert list(running.requests_dir.iterdir()) == []  # read and removed
    running.release()


def test_a_later_start_without_a_file_says_bridgework_is_open(qtbot, data_paths, monkeypatch):
    running = _claimed(qtbot, data_paths)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    with qtbot.waitSignal(running.show_requested, timeout=TIMEOUT):
        assert not claim_or_hand_over(ProfileLock(data_paths), None)
    assert said == [messages.ALREADY_OPEN]
    running.release()


def test_requests_left_while_no_copy_ran_are_dropped(qtbot, data_paths, tmp_path):
    hand_over(data_paths, str(tmp_path / "old.bridgework-assignment"))
    lock = ProfileLock(data_paths)
    with qtbot.assertNotEmitted(lock.open_requested):
        assert lock.try_claim()
        lock.read_requests()
    lock.release()


def test_the_systems_file_open_event_reaches_the_window(qtbot, data_paths, tmp_path, monkeypatch):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.assignments is not None)
    opened: list[str] = []
    monkeypatch.setattr(window.assignments, "open_file", opened.append)
    lock = ProfileLock(data_paths)
    assert lock.try_claim()
    app = QApplication.instance()
    connect_window(app, lock, window)
    path = str(tmp_path / "week-two.bridgework-assignment")
    QApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile(path)))
    assert opened == [path]
    with qtbot.waitSignal(lock.open_requested, timeout=TIMEOUT):
        hand_over(data_paths, path)
    assert opened == [path, path]
    for child in window.findChildren(FileOpenFilter):
        app.removeEventFilter(child)
    lock.release()
