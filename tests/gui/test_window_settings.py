"""window.ini says nothing about the course or the learner (issue 12, defect 5): the course
open last is remembered in the store (encrypted with it), and delete removes window.ini."""

from __future__ import annotations

from app_window import prepare_store, start
from coursekit import write_course

from course.paths import DataPaths

SECRET = "window words here"


def _install_demo(paths: DataPaths):
    return write_course(paths.courses / "demo-course-folder")


def _window_ini(paths: DataPaths) -> str:
    return paths.window_settings.read_text(encoding="utf-8", errors="replace")


def test_the_course_open_last_is_remembered_in_the_store_not_in_window_ini(qtbot, data_paths):
    prepare_store(data_paths)
    root = _install_demo(data_paths)
    window = start(qtbot, data_paths)
    window.switch_course(root)
    assert window.course.id == "demo"
    window.close()
    text = _window_ini(data_paths)
    assert "demo" not in text and str(data_paths.root) not in text and "course" not in text
    again = start(qtbot, data_paths)
    assert again.course.id == "demo" and again.course_root == root


def test_an_encrypted_profile_remembers_its_course_once_unlocked(qtbot, data_paths):
    prepare_store(data_paths, passphrase=SECRET)
    root = _install_demo(data_paths)
    window = start(qtbot, data_paths, passphrase=SECRET)
    window.switch_course(root)
    window.close()
    assert "demo" not in _window_ini(data_paths)
    again = start(qtbot, data_paths, passphrase=SECRET)
    qtbot.waitUntil(lambda: again.course is not None and again.course.id == "demo")


def test_a_path_left_in_window_ini_by_an_older_version_moves_into_the_store(qtbot, data_paths):
    prepare_store(data_paths)
    root = _install_demo(data_paths)
    data_paths.window_settings.write_text(f"[General]\ncourse_root={root}\n", encoding="utf-8")
    window = start(qtbot, data_paths)
    assert window.course.id == "demo"
    window.close()
    assert str(root) not in _window_ini(data_paths)
    again = start(qtbot, data_paths)
    assert again.course.id == "demo"
