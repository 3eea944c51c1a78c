"""Importing courses: validate first, all or nothing, and listing what is installed."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest
from coursekit import MANIFEST, lesson, write_course

from course import install as install_module
from course.install import discover_courses, install_course, version_key


def leftovers(courses: Path) -> list[str]:
    return sorted(p.name for p in courses.iterdir() if p.name.startswith("."))


def make_version(root: Path, version: str, text: str = "Some prose.\n") -> Path:
    return write_course(
        root,
        {
            "course.yaml": MANIFEST.replace('"1.0.0"', f'"{version}"'),
            "m1/a.md": lesson(text),
        },
    )


def test_install_a_folder(tmp_path: Path) -> None:
    source = make_version(tmp_path / "src", "1.0.0")
    courses = tmp_path / "courses"
    result = install_course(source, courses)
    assert result.ok, result.message
    assert result.root == courses / "demo"
    assert (courses / "demo" / "m1" / "a.md").read_text(encoding="utf-8") == lesson("Some prose.\n")
    assert result.message == "“A demo course” (version 1.0.0) is ready in your library."
    assert leftovers(courses) == []


def test_install_a_zip_with_a_top_level_folder(tmp_path: Path) -> None:
    source = make_version(tmp_path / "src", "1.0.0")
    archive = tmp_path / "demo.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in source.rglob("*"):
            if path.is_file():
                zf.write(path, "demo-1.0/" + path.relative_to(source).as_posix())
    courses = tmp_path / "courses"
    result = install_course(archive, courses)
    assert result.ok, result.message
    assert sorted(p.relative_to(courses).as_posix() for p in courses.rglob("*.*")) == [
        "demo/course.yaml",
        "demo/m1/a.md",
    ]


def test_a_course_with_errors_is_refused_with_its_findings(tmp_path: Path) -> None:
    source = write_course(tmp_path / "src", {"m1/a.md": "no front matter\n"})
    courses = tmp_path / "courses"
    result = install_course(source, courses)
    assert not result.ok
    assert result.message.startswith("This course has 1 problem, so it was not imported")
    assert [(f.file, f.line) for f in result.findings] == [("m1/a.md", 1)]
    assert not (courses / "demo").exists()


def test_an_unreadable_package_is_refused(tmp_path: Path) -> None:
    result = install_course(tmp_path / "nothing.zip", tmp_path / "courses")
    assert not result.ok
    assert "does not exist" in result.message and "Nothing was changed" in result.message


def test_a_newer_version_replaces_the_older(tmp_path: Path) -> None:
    courses = tmp_path / "courses"
    assert install_course(make_version(tmp_path / "v1", "1.0.0", "Old.\n"), courses).ok
    result = install_course(make_version(tmp_path / "v2", "1.1.0", "New.\n"), courses)
    assert result.ok
    assert result.replaced_version == "1.0.0"
    assert result.message.endswith("It replaces version 1.0.0.")
    assert (courses / "demo" / "m1" / "a.md").read_text(encoding="utf-8") == lesson("New.\n")
    assert leftovers(courses) == []


def test_a_failure_mid_copy_leaves_the_old_install_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    courses = tmp_path / "courses"
    assert install_course(make_version(tmp_path / "v1", "1.0.0", "Old.\n"), courses).ok
    real_write = install_module._write_file
    written: list[Path] = []

    def write_then_fill_the_disk(path: Path, data: bytes) -> None:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)
        written.append(path)

    monkeypatch.setattr(install_module, "_write_file", write_then_fill_the_disk)
    result = install_course(make_version(tmp_path / "v2", "2.0.0", "New.\n"), courses)
    assert not result.ok
    assert result.message == (
        "There is not enough free disk space to import this course. Free some space and "
        "try again. Nothing was changed; version 1.0.0 is still installed."
    )
    assert written, "the failure should come after a first file was written"
    assert leftovers(courses) == []
    assert (courses / "demo" / "m1" / "a.md").read_text(encoding="utf-8") == lesson("Old.\n")


def test_a_failure_while_swapping_puts_the_old_version_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    courses = tmp_path / "courses"
    assert install_course(make_version(tmp_path / "v1", "1.0.0", "Old.\n"), courses).ok
    real_replace = os.replace
    calls: list[str] = []

    def failing_second_rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(Path(src).name)
        if len(calls) == 2:  # the staging folder going into place
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(install_module.os, "replace", failing_second_rename)
    result = install_course(make_version(tmp_path / "v2", "2.0.0", "New.\n"), courses)
    monkeypatch.undo()
    assert not result.ok
    assert "Input/output error" in result.message
    assert leftovers(courses) == []
    assert (courses / "demo" / "m1" / "a.md").read_text(encoding="utf-8") == lesson("Old.\n")


def test_discover_lists_shipped_and_imported_courses_and_broken_ones(tmp_path: Path) -> None:
    shipped = make_version(tmp_path / "content" / "demo", "1.0.0")
    courses = tmp_path / "courses"
    write_course(
        courses / "other",
        {"course.yaml": MANIFEST.replace("id: demo", "id: other")},
    )
    write_course(courses / "broken", {"course.yaml": "format: [\n"})
    (courses / ".incoming-demo-abc").mkdir()  # a half-finished import is never listed
    found = discover_courses(shipped, courses, tmp_path / "not-created-yet")
    assert [(c.root.name, c.course.id if c.course else None, c.ok) for c in found] == [
        ("demo", "demo", True),
        ("broken", None, False),
        ("other", "other", True),
    ]
    broken = found[1]
    assert broken.errors and broken.errors[0].file == "course.yaml"


def test_discover_keeps_the_newer_of_two_copies_of_a_course(tmp_path: Path) -> None:
    shipped = make_version(tmp_path / "content" / "demo", "1.2.0")
    courses = tmp_path / "courses"
    make_version(courses / "demo", "1.10.0")
    found = discover_courses(shipped, courses)
    assert [(c.root, c.course.version if c.course else None) for c in found] == [
        (courses / "demo", "1.10.0")
    ]
    make_version(courses / "demo", "1.1.0")
    found = discover_courses(shipped, courses)
    assert [c.root for c in found] == [shipped]


def test_discover_restores_a_swap_interrupted_by_a_crash(tmp_path: Path) -> None:
    courses = tmp_path / "courses"
    make_version(courses / ".old-demo-k2j4h5x1", "1.0.0")
    found = discover_courses(courses)
    assert [c.root for c in found] == [courses / "demo"]
    assert leftovers(courses) == []


def test_version_key_orders_like_semantic_versions() -> None:
    versions = ["1.10.0", "1.2.0", "1.2.0-beta", "0.9", "2.0.0", "1.2.0-alpha"]
    assert sorted(versions, key=version_key) == [
        "0.9",
        "1.2.0-alpha",
        "1.2.0-beta",
        "1.2.0",
        "1.10.0",
        "2.0.0",
    ]


def test_version_control_clutter_is_not_copied(tmp_path: Path) -> None:
    source = make_version(tmp_path / "src", "1.0.0")
    (source / ".git" / "objects").mkdir(parents=True)
    (source / ".git" / "objects" / "ab").write_bytes(b"blob")
    (source / ".DS_Store").write_bytes(b"x")
    courses = tmp_path / "courses"
    assert install_course(source, courses).ok
    assert sorted(p.relative_to(courses / "demo").as_posix() for p in courses.rglob("*.*")) == [
        "course.yaml",
        "m1/a.md",
    ]
