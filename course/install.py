"""Import a course package into the courses folder safely, and list the installed courses.

An import is all or nothing: the package is validated first, copied into a fresh
temporary folder next to its destination, and only then renamed into place, so a
failure (a full disk, a damaged zip) leaves the previous version untouched and no
half-written course behind.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from course.fileio import fsync_dir
from course.loader import load_course, load_package
from course.model import Course, Finding, Severity
from course.package import JUNK_NAMES, MANIFEST, MAX_FILES, PackageError, open_package

INCOMING_PREFIX = ".incoming-"
OLD_PREFIX = ".old-"
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class InstalledCourse:
    """A course found on disk: its folder, the course (None if unreadable) and its findings."""

    root: Path
    course: Course | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.errors


@dataclass(frozen=True, slots=True)
class InstallResult:
    """What an import did. `message` is a plain sentence to show the person either way."""

    ok: bool
    message: str
    course: Course | None = None
    root: Path | None = None
    findings: tuple[Finding, ...] = ()
    # The version that was replaced, when an older (or the same) version was installed.
    replaced_version: str | None = None


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key for versions like "1.2.10" or "2.0.0-beta": numbers compare as numbers.

    A pre-release ("-beta") sorts before its release, as in semantic versioning.
    """
    main, _, pre = version.strip().lstrip("vV").partition("-")
    parts: list[tuple[int, int | str]] = [
        (0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.+]", main) if p
    ]
    parts.append((1, "~") if not pre else (0, pre))  # "~" sorts after any pre-release tag
    return tuple(parts)


def install_course(
    package_path: str | os.PathLike[str], courses_dir: str | os.PathLike[str]
) -> InstallResult:
    """Validate a course folder or .zip and install it as courses_dir/<course id>.

    Refuses (ok=False, with the findings) when the course has errors. Never raises on
    a bad package or a failing disk; the message says what happened and what to do.
    """
    target_dir = Path(courses_dir)
    try:
        package = open_package(package_path)
    except PackageError as error:
        finding = Finding(os.fspath(package_path), 0, Severity.ERROR, str(error))
        return InstallResult(
            False,
            f"This course could not be imported: {error}. Nothing was changed.",
            findings=(finding,),
        )
    with package:
        result = load_package(package)
        course = result.course
        if course is None or result.errors:
            count = len(result.errors)
            problems = "1 problem" if count == 1 else f"{count} problems"
            return InstallResult(
                False,
                f"This course has {problems}, so it was not imported and nothing was changed. "
                "The list below shows where; the course's author can fix them.",
                course=course,
                findings=result.findings,
            )
        # Version-control and desktop clutter from the author's folder is not course content.
        files = [f for f in package.files() if not JUNK_NAMES.intersection(f.split("/"))]
        if len(files) > MAX_FILES:
            return InstallResult(
                False,
                f"This course holds {len(files)} files; at most {MAX_FILES} can be imported. "
                "Nothing was changed.",
                course=course,
                findings=result.findings,
            )
        destination = target_dir / course.id
        old_version = _installed_version(destination)
        staging: Path | None = None
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            staging = Path(
                tempfile.mkdtemp(prefix=f"{INCOMING_PREFIX}{course.id}-", dir=target_dir)
            )
            for rel in files:
                _write_file(staging.joinpath(*rel.split("/")), package.read_bytes(rel))
            fsync_dir(staging)
            _swap_in(staging, destination)
        except (OSError, PackageError) as error:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            return InstallResult(
                False,
                f"{_failure_reason(error)} Nothing was changed"
                + (f"; version {old_version} is still installed." if old_version else "."),
                course=course,
                findings=result.findings,
            )
    replaced = f" It replaces version {old_version}." if old_version else ""
    return InstallResult(
        True,
        f"“{course.title}” (version {course.version}) is ready in your library.{replaced}",
        course=course,
        root=destination,
        findings=result.findings,
        replaced_version=old_version,
    )


def discover_courses(*folders: str | os.PathLike[str]) -> list[InstalledCourse]:
    """Every course in `folders`, each a course folder itself or a folder of courses.

    A broken course is listed with its findings, never dropped. When the same course id
    is found twice (the shipped course and an imported update of it), the higher version
    is kept, and on a tie the one from the later folder, so imports win over what shipped.
    Folders that do not exist yet are skipped.
    """
    found = []
    for root in course_roots(*folders):
        result = load_course(root)
        found.append(InstalledCourse(root, result.course, result.findings))
    return newest_of_each(
        found,
        lambda entry: None if entry.course is None else (entry.course.id, entry.course.version),
    )


def course_roots(*folders: str | os.PathLike[str]) -> list[Path]:
    """The course folders in `folders` (each a course itself or a folder of courses), in order."""
    return [root for folder in map(Path, folders) for root in _course_folders(folder)]


def newest_of_each(entries: list[_T], identity: Callable[[_T], tuple[str, str] | None]) -> list[_T]:
    """`entries` with one per course id: the highest version, on a tie the later entry.

    `identity` gives (course id, version), or None for an entry that could not be read;
    those are all kept, in place.
    """
    found: list[_T] = []
    position: dict[str, int] = {}
    for entry in entries:
        ident = identity(entry)
        if ident is None:
            found.append(entry)
            continue
        earlier = position.get(ident[0])
        if earlier is None:
            position[ident[0]] = len(found)
            found.append(entry)
            continue
        previous = identity(found[earlier])
        assert previous is not None
        if version_key(ident[1]) >= version_key(previous[1]):
            found[earlier] = entry
    return found


def _course_folders(folder: Path) -> list[Path]:
    try:
        if (folder / MANIFEST).is_file():
            return [folder]
        if not folder.is_dir():
            return []
        _recover_interrupted_swaps(folder)
        return sorted(
            child for child in folder.iterdir() if child.is_dir() and not child.name.startswith(".")
        )
    except OSError:
        return []


def _installed_version(destination: Path) -> str | None:
    if not (destination / MANIFEST).is_file():
        return None
    result = load_course(destination)
    return result.course.version if result.course else None


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(staging: Path, destination: Path) -> None:
    """Put the complete staging folder at `destination`, keeping the old one until it is there.

    A folder cannot be atomically replaced by another on every OS, so the old version is
    first renamed aside; if the second rename fails it is put back. Should the process die
    between the two renames, `_recover_interrupted_swaps` restores it on the next start.
    """
    if not destination.exists():
        os.replace(staging, destination)
        return
    aside = destination.with_name(f"{OLD_PREFIX}{destination.name}-{staging.name[-8:]}")
    os.replace(destination, aside)
    try:
        os.replace(staging, destination)
    except OSError:
        os.replace(aside, destination)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _recover_interrupted_swaps(folder: Path) -> None:
    for child in folder.glob(f"{OLD_PREFIX}*"):
        course_id = child.name[len(OLD_PREFIX) :].rsplit("-", 1)[0]
        original = folder / course_id
        try:
            if original.exists():
                shutil.rmtree(child, ignore_errors=True)
            else:
                os.replace(child, original)
        except OSError:
            continue


def _failure_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            "There is not enough free disk space to import this course. "
            "Free some space and try again."
        )
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            "Bridgework is not allowed to write to its courses folder, "
            "so the course was not imported."
        )
    if isinstance(error, PackageError):
        return f"The course could not be copied safely: {error}."
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"The course could not be copied ({reason})."
