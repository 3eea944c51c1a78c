"""Course packages: folders and zips read through one interface, with the zip safety rules."""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from coursekit import LESSON, MANIFEST, only, write_course

from course import package as package_module
from course.loader import load_course
from course.model import Severity
from course.package import (
    FolderPackage,
    PackageUnreadable,
    PathOutsidePackage,
    UnsafePackage,
    ZipPackage,
    normalize,
    open_package,
)

COURSE_FILES = {"course.yaml": MANIFEST.encode(), "m1/a.md": LESSON.encode()}


def make_zip(path: Path, entries: dict[str, bytes], prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(prefix + name, data)
    return path


def patch_sizes(path: Path, entry: str, size: int) -> None:
    """Rewrite the uncompressed size an entry declares, in both of its headers, to lie."""
    data = bytearray(path.read_bytes())
    name = entry.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def package_finding(result_path: Path) -> str:
    result = load_course(result_path)
    assert result.course is None
    finding = only(result)
    assert (finding.file, finding.line, finding.severity) == (str(result_path), 0, Severity.ERROR)
    return finding.message


# -- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        ("a/b.md", "", "a/b.md"),
        ("./a//b.md", "", "a/b.md"),
        ("../m2/x.md", "m1", "m2/x.md"),
        ("img.png", "m1/sub", "m1/sub/img.png"),
        ("../x.md", "", None),
        ("../../x.md", "m1", None),
        ("/etc/passwd", "", None),
        ("C:/Windows/x", "", None),
        ("..\\..\\x", "m1", None),
        ("", "", None),
    ],
)
def test_normalize(path: str, base: str, expected: str | None) -> None:
    assert normalize(path, base) == expected


# -- folders ----------------------------------------------------------------------------------


def test_folder_package_reads_lists_and_checks(tmp_path: Path) -> None:
    root = write_course(tmp_path)
    with open_package(root) as package:
        assert isinstance(package, FolderPackage)
        assert package.files() == ["course.yaml", "m1/a.md"]
        assert package.read_bytes("m1/a.md") == LESSON.encode()
        assert package.is_file("m1/a.md") and not package.is_file("m1")
        assert not package.is_file("m1/missing.md")
        with pytest.raises(FileNotFoundError):
            package.read_bytes("m1/missing.md")
        with pytest.raises(PathOutsidePackage):
            package.read_bytes("../elsewhere.md")


def test_folder_package_refuses_links_that_leave_it(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    root = write_course(tmp_path / "course")
    os.symlink(tmp_path / "secret.txt", root / "m1" / "leak.md")
    os.symlink(tmp_path, root / "outside-dir")
    os.symlink(root / "m1" / "a.md", root / "inside-link.md")
    with open_package(root) as package:
        assert not package.inside("m1/leak.md")
        assert not package.inside("outside-dir/secret.txt")
        assert package.inside("inside-link.md")
        with pytest.raises(PathOutsidePackage):
            package.read_bytes("outside-dir/secret.txt")
        assert package.read_bytes("inside-link.md") == LESSON.encode()


def test_paths_that_cannot_be_read_at_all(tmp_path: Path) -> None:
    with pytest.raises(PackageUnreadable, match="does not exist"):
        open_package(tmp_path / "nothing-here")
    not_a_zip = tmp_path / "course.zip"
    not_a_zip.write_bytes(b"this is not a zip")
    with pytest.raises(PackageUnreadable, match="is not a zip file"):
        open_package(not_a_zip)
    assert "is not a zip file" in package_finding(not_a_zip)


# -- zips ------------------------------------------------------------------------------------


def test_zip_with_the_course_at_its_root(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "course.zip", COURSE_FILES)
    with open_package(archive) as package:
        assert isinstance(package, ZipPackage)
        assert package.files() == ["course.yaml", "m1/a.md"]
    result = load_course(archive)
    assert result.ok and result.findings == ()


def test_zip_with_the_course_inside_one_top_level_folder(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "course.zip", COURSE_FILES, prefix="empathy-gap/")
    with open_package(archive) as package:
        assert package.files() == ["course.yaml", "m1/a.md"]
        assert package.read_bytes("m1/a.md") == LESSON.encode()
    result = load_course(archive)
    assert result.ok
    assert result.course is not None and result.course.modules[0].lessons[0].path == "m1/a.md"


def test_zip_without_a_manifest(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "course.zip", {"m1/a.md": LESSON.encode()})
    result = load_course(archive)
    assert result.course is None
    assert "there is no course.yaml here" in only(result).message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/etc/evil.md", "the entry '/etc/evil.md' has an absolute path"),
        ("C:/evil.md", "the entry 'C:/evil.md' has an absolute path"),
        ("m1/../../evil.md", "the entry 'm1/../../evil.md' contains '..'"),
        ("..\\evil.md", "the entry '..\\evil.md' contains '..'"),
    ],
)
def test_zip_entries_that_leave_the_package(tmp_path: Path, name: str, message: str) -> None:
    archive = make_zip(tmp_path / "course.zip", {**COURSE_FILES, name: b"x"})
    with pytest.raises(UnsafePackage, match="a course package may not contain"):
        open_package(archive)
    assert message in package_finding(archive)


def test_zip_symlink_entry(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "course.zip", COURSE_FILES)
    with zipfile.ZipFile(archive, "a") as zf:
        link = zipfile.ZipInfo("m1/passwd.md")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    assert "the entry 'm1/passwd.md' is a link" in package_finding(archive)


def test_zip_with_too_many_files(tmp_path: Path) -> None:
    archive = tmp_path / "course.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for name, data in COURSE_FILES.items():
            zf.writestr(name, data)
        for n in range(package_module.MAX_FILES):
            zf.writestr(f"filler/{n}.txt", b"")
    message = package_finding(archive)
    assert message == "the package holds 5002 entries; at most 5000 are allowed"


def test_zip_that_declares_more_than_the_size_limit(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "course.zip", {**COURSE_FILES, "big.bin": b"0" * 100})
    patch_sizes(archive, "big.bin", 101 * 1024 * 1024)
    assert "the package would unpack to 101.0 MiB; at most 100 MiB" in package_finding(archive)


def test_zip_entry_larger_than_its_header_says(tmp_path: Path) -> None:
    # The lie is caught while reading: we never inflate more than declared (+1 byte).
    archive = make_zip(tmp_path / "course.zip", COURSE_FILES)
    patch_sizes(archive, "m1/a.md", 10)
    with open_package(archive) as package, pytest.raises(OSError, match=r"m1/a\.md"):
        package.read_bytes("m1/a.md")
    result = load_course(archive)
    finding = only(result)
    assert (finding.file, finding.line, finding.severity) == ("m1/a.md", 0, Severity.ERROR)
    assert "the file cannot be read" in finding.message


def test_zip_bytes_are_counted_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_zip(tmp_path / "course.zip", COURSE_FILES)
    with open_package(archive) as package:
        # Headers passed the check; now the running count is what stops an oversized read.
        monkeypatch.setattr(package_module, "MAX_UNPACKED_BYTES", len(MANIFEST) + 10)
        package.read_bytes("course.yaml")
        with pytest.raises(UnsafePackage, match="more than"):
            package.read_bytes("m1/a.md")


def test_zip_paths_outside_are_refused_when_reading(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "course.zip", COURSE_FILES, prefix="top/")
    with open_package(archive) as package:
        assert not package.inside("../course.yaml")
        assert not package.is_file("../top/course.yaml")
        with pytest.raises(PathOutsidePackage):
            package.read_bytes("../course.yaml")
