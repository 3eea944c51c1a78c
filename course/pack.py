"""`bridgework pack PATH -o FILE.zip`: a course folder as one deterministic .zip.

The same folder gives the same bytes, whoever packs it and whenever: entries are
sorted, with fixed timestamps and permissions and no extra fields, so an author can
check in or sign a package and a rebuild proves nothing changed. The course is
validated first and never packed with errors; the zip is built in memory, checked
again as a package, and only then written atomically (never a half-written file).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from course.fileio import write_bytes_atomically
from course.loader import load_package
from course.model import LoadResult
from course.package import JUNK_NAMES, MAX_FILES, FolderPackage, PackageError, open_package
from course.validate import with_lesson_checks

# 1980-01-01 00:00:00 is the earliest time a zip can record: the usual fixed stamp.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_UNIX = 3  # ZipInfo.create_system: the attributes above are Unix ones, on every OS


class PackError(Exception):
    """The course could not be packed; `str(error)` is a plain message."""


@dataclass(frozen=True, slots=True)
class Packed:
    """What `pack_course` did: the validation result, and the zip written (None on errors)."""

    result: LoadResult
    output: Path | None
    entries: int = 0


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files` (POSIX path -> bytes) that depends on nothing but them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _FILE_MODE
            info.create_system = _UNIX
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def output_path(output: str | os.PathLike[str], course_id: str, version: str) -> Path:
    """`output` itself, or `<id>-<version>.zip` inside it when it is a folder."""
    path = Path(output).expanduser()
    if path.is_dir():
        return path / f"{course_id}-{version}.zip"
    if path.suffix.lower() != ".zip":
        raise PackError(f"'{path}' should end in .zip, for example {course_id}-{version}.zip")
    return path


def pack_course(
    source: str | os.PathLike[str], output: str | os.PathLike[str], *, strict: bool = False
) -> Packed:
    """Validate the course folder `source` and, without errors, write it as a zip.

    Returns the validation result either way (output None when nothing was written).
    Raises PackError for what is not the course's fault (not a folder, a bad -o, a disk
    that will not take the file), with nothing written.
    """
    try:
        package = open_package(source)
    except PackageError as error:
        raise PackError(str(error)) from None
    with package:
        if not isinstance(package, FolderPackage):
            raise PackError(f"'{source}' is already a package; pack works on a course folder")
        result = with_lesson_checks(load_package(package), package)
        course = result.course
        if course is None or result.errors or (strict and result.warnings):
            return Packed(result, None)
        target = output_path(output, course.id, course.version)
        skip = _same_file_names(package, target)
        names = [
            name
            for name in package.files()
            if not JUNK_NAMES.intersection(name.split("/")) and name not in skip
        ]
        if len(names) > MAX_FILES:
            raise PackError(
                f"the course holds {len(names)} files; a package holds at most {MAX_FILES}"
            )
        try:
            data = zip_bytes({name: package.read_bytes(name) for name in names})
        except (OSError, PackageError) as error:
            raise PackError(f"a course file could not be read ({error})") from None
    _check_zip(data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, data)
    except OSError as error:
        raise PackError(
            f"'{target}' could not be written ({error.strerror or error}); nothing was written"
        ) from None
    return Packed(result, target, len(names))


def _same_file_names(package: FolderPackage, target: Path) -> set[str]:
    """The course-relative name of `target` when it lies inside the course folder.

    Packing into the course folder itself must not put the previous zip into the next one.
    """
    try:
        rel = os.path.relpath(os.path.realpath(target), os.path.realpath(package.root))
    except ValueError:  # another drive, on Windows
        return set()
    return set() if rel.startswith("..") else {Path(rel).as_posix()}


def _check_zip(data: bytes) -> None:
    """The zip must open as a package and load without errors, as an import will."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.testzip() is not None:
            raise PackError("the package came out damaged; nothing was written")
