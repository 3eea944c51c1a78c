"""Read-only access to a course package, a folder or a .zip, through one small interface.

Every path a caller passes in is a POSIX path relative to the course root (the folder
that holds course.yaml). Paths that would leave the package are refused here, once, so
the loader, the renderer and the installer cannot each get it slightly wrong.
A .zip is never extracted to read it: entries are checked up front (no absolute paths,
no `..`, no links, size and count limits) and bytes are counted again while reading,
because the sizes a zip declares can lie.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath
from types import TracebackType

from course.fileio import read_regular_file

MANIFEST = "course.yaml"
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_FILES = 5000
# Version-control and desktop clutter in an author's folder: never course content, so
# neither installed nor packed.
JUNK_NAMES = frozenset({".git", ".hg", ".svn", "__MACOSX", ".DS_Store", "Thumbs.db"})
_CHUNK = 1024 * 1024


class PackageError(Exception):
    """A problem with the package as a whole. `str(error)` is a plain message for people."""


class PackageUnreadable(PackageError):
    """The path cannot be read at all: it does not exist, or is neither a folder nor a zip."""


class UnsafePackage(PackageError):
    """The package breaks a safety rule (a path leaving it, a link, too big, too many files)."""


class PathOutsidePackage(PackageError):
    """A path given to the package is absolute or leads outside the course folder."""


def normalize(path: str, base: str = "") -> str | None:
    """Join `path` onto the course-relative folder `base` and resolve `.` and `..` lexically.

    Returns the course-relative POSIX path, or None when the result would be absolute or
    leave the course root. Backslashes count as separators so a Windows-written path
    cannot sneak past.
    """
    path = path.replace("\\", "/")
    if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None
    if not path.isprintable():
        return None  # NUL, control characters or lone surrogates: no course file has them
    parts: list[str] = [p for p in base.split("/") if p and p != "."] if base else []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) if parts else None


class Package(ABC):
    """A course package opened for reading. Use as a context manager, or call close()."""

    #: What to call the package in messages: the path the person gave.
    name: str

    @abstractmethod
    def read_bytes(self, path: str) -> bytes:
        """The bytes of a course-relative file.

        Raises FileNotFoundError when it is missing, PathOutsidePackage when the path
        leaves the package, UnsafePackage when reading would break a size limit, and
        OSError when the file cannot be read.
        """

    @abstractmethod
    def is_file(self, path: str) -> bool:
        """Whether a course-relative path names a file inside the package."""

    @abstractmethod
    def files(self) -> list[str]:
        """Every file in the package, course-relative, sorted."""

    def inside(self, path: str) -> bool:
        """Whether a course-relative path stays inside the package (links included)."""
        return normalize(path) is not None

    def close(self) -> None:  # noqa: B027 - a folder has nothing to close
        """Release the package's resources."""

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class FolderPackage(Package):
    """A course folder on disk."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.name = name
        self._real_root = os.path.realpath(root)
        # Checked paths and the real paths of folders: a course asks about the same image
        # and folders many times, and realpath costs a system call per path component.
        self._checked: dict[str, str | None] = {}
        self._real_dirs: dict[str, str] = {"": self._real_root}

    def _real_dir(self, clean_dir: str) -> str:
        real = self._real_dirs.get(clean_dir)
        if real is None:
            real = os.path.realpath(os.path.join(self.root, *clean_dir.split("/")))
            self._real_dirs[clean_dir] = real
        return real

    def _os_path(self, path: str) -> str:
        if path in self._checked:
            full = self._checked[path]
        else:
            full = self._check(path)
            self._checked[path] = full
        if full is None:
            raise PathOutsidePackage(f"'{path}' is outside the course folder")
        return full

    def _check(self, path: str) -> str | None:
        clean = normalize(path)
        if clean is None:
            return None
        full = os.path.join(self.root, *clean.split("/"))
        parent, _, name = clean.rpartition("/")
        # A symlink may point anywhere; only its target decides whether it stays inside.
        if os.path.islink(full):
            real = os.path.realpath(full)
        else:
            real = os.path.join(self._real_dir(parent), name)
        if real != self._real_root and not real.startswith(self._real_root + os.sep):
            return None
        return full

    def read_bytes(self, path: str) -> bytes:
        data = read_regular_file(self._os_path(path), MAX_UNPACKED_BYTES)
        if len(data) > MAX_UNPACKED_BYTES:
            raise UnsafePackage(f"'{path}' is larger than {MAX_UNPACKED_BYTES // 2**20} MiB")
        return data

    def is_file(self, path: str) -> bool:
        try:
            return os.path.isfile(self._os_path(path))
        except PathOutsidePackage:
            return False

    def inside(self, path: str) -> bool:
        try:
            self._os_path(path)
        except PathOutsidePackage:
            return False
        return True

    def files(self) -> list[str]:
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            rel = os.path.relpath(dirpath, self.root)
            prefix = "" if rel == "." else PurePosixPath(Path(rel).as_posix()).as_posix() + "/"
            found.extend(prefix + name for name in filenames)
        return sorted(found)


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"the entry '{info.filename}' has an absolute path"
    if ".." in name.split("/"):
        return f"the entry '{info.filename}' contains '..'"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"the entry '{info.filename}' is a link"
    return None


class ZipPackage(Package):
    """A .zip of a course folder, with the folder at its root or inside one top-level folder."""

    def __init__(self, path: Path, name: str) -> None:
        self.name = name
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise PackageUnreadable(
                f"{name} is not a zip file that can be opened ({error})"
            ) from error
        try:
            # prefix: the top-level folder holding the course inside the zip ("" at its root).
            self._entries, self.prefix = self._check_entries()
        except BaseException:
            self._zip.close()
            raise
        self._bytes_read = 0

    def _check_entries(self) -> tuple[dict[str, zipfile.ZipInfo], str]:
        infos = self._zip.infolist()
        if len(infos) > MAX_FILES:
            raise UnsafePackage(
                f"the package holds {len(infos)} entries; at most {MAX_FILES} are allowed"
            )
        declared = 0
        for info in infos:
            problem = _entry_problem(info)
            if problem:
                raise UnsafePackage(f"{problem}; a course package may not contain such entries")
            declared += info.file_size
        if declared > MAX_UNPACKED_BYTES:
            raise UnsafePackage(
                f"the package would unpack to {declared / 2**20:.1f} MiB; "
                f"at most {MAX_UNPACKED_BYTES // 2**20} MiB are allowed"
            )
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            clean = normalize(info.filename)  # "./a//b" and "a/b" are the same file
            if clean is not None and not info.is_dir():
                names[clean] = info
        prefix = ""
        if MANIFEST not in names:
            tops = {n.split("/", 1)[0] for n in names}
            candidates = [t for t in tops if f"{t}/{MANIFEST}" in names]
            if len(candidates) == 1:
                prefix = candidates[0] + "/"
        entries = {
            n[len(prefix) :]: i for n, i in names.items() if n.startswith(prefix) and n != prefix
        }
        return entries, prefix

    def _info(self, path: str) -> zipfile.ZipInfo | None:
        clean = normalize(path)
        if clean is None:
            raise PathOutsidePackage(f"'{path}' is outside the course folder")
        return self._entries.get(clean)

    def read_bytes(self, path: str) -> bytes:
        info = self._info(path)
        if info is None:
            raise FileNotFoundError(path)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while True:
                    # Never read past what the entry declares (plus one byte to notice a lie),
                    # so a forged header cannot make us inflate gigabytes.
                    chunk = handle.read(min(_CHUNK, info.file_size - size + 1))
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > info.file_size:
                        raise UnsafePackage(
                            f"the entry '{path}' holds more data than its header declares"
                        )
                    if self._bytes_read + size > MAX_UNPACKED_BYTES:
                        raise UnsafePackage(
                            f"the package holds more than {MAX_UNPACKED_BYTES // 2**20} MiB"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, ValueError, RuntimeError, NotImplementedError) as e:
            # RuntimeError: encrypted entries; NotImplementedError: unknown compression.
            raise OSError(f"the zip entry '{path}' is damaged or unsupported: {e}") from e
        except zlib.error as e:
            raise OSError(f"the zip entry '{path}' is damaged: {e}") from e
        self._bytes_read += size
        return b"".join(chunks)

    def is_file(self, path: str) -> bool:
        try:
            return self._info(path) is not None
        except PathOutsidePackage:
            return False

    def files(self) -> list[str]:
        return sorted(self._entries)

    def close(self) -> None:
        self._zip.close()


def open_package(path: str | os.PathLike[str]) -> Package:
    """Open a course folder or .zip. A path to course.yaml itself opens its folder.

    Raises PackageUnreadable when the path cannot be read at all, UnsafePackage when
    a zip breaks a safety rule.
    """
    name = os.fspath(path)
    p = Path(name)
    try:
        if p.is_dir():
            return FolderPackage(p, name)
        if p.is_file():
            if p.name == MANIFEST:
                return FolderPackage(p.parent, name)
            return ZipPackage(p, name)
        exists = p.exists()
    except OSError as error:
        raise PackageUnreadable(f"{name} cannot be read ({error.strerror or error})") from error
    if exists:
        raise PackageUnreadable(f"{name} is neither a folder nor a .zip file")
    raise PackageUnreadable(f"{name} does not exist")
