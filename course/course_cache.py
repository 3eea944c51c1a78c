"""A cache of loaded courses in the data folder, so the window paints without the loader.

Loading the shipped course means importing the loader (YAML and friends) and parsing
every lesson: together more than a bare window takes to appear. The cache holds the
LoadResult as plain JSON with a fingerprint of every file in the course folder (name,
size, modification time) and of the loader's own source files, so any change to either
makes it miss. The fingerprint is kept as plain text and the file is named by a CRC of
the course's path (checked on reading), not hashed: hashlib's import (OpenSSL) alone
cost about 1% of the time to the first frame, which reads this cache. Only classes
from `course.model` can be rebuilt from it: no pickle, nothing executable. Nothing here
imports Qt.

What the cache holds comes from the course files alone (text, titles, counts of modules
and lessons), never from a profile: no progress, no last lesson, nothing typed. Still,
which courses have a cache file, and when it was written, says which courses were
opened, so "Delete all my data" removes the whole folder (`clear`); the next start
simply loads the course again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course import model
from course.fileio import remove_files, write_text_atomically
from course.model import LoadResult, Severity

CACHE_VERSION = 3
_COURSE_SOURCES = Path(model.__file__).resolve().parent


def _class_table(module: Any) -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, type)
        and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum))
        and value.__module__ == module.__name__
    }


# Model classes (and enums) the cache may rebuild, by name; nothing else can be made.
_CLASSES: dict[str, Any] = _class_table(model)


def _class(name: str) -> Any:
    """A class the cache may rebuild; KeyError for any other name."""
    found = _CLASSES.get(name)
    if found is None:
        # Only a course with its own feelings.yaml needs these: importing the vocabulary
        # module (and YAML) for every start would cost more than reading the cache.
        from course import feelings

        _CLASSES.update(_class_table(feelings))
        found = _CLASSES[name]
    return found


def _fingerprint(root: Path) -> str:
    """One line per file (path, size, modification time) in the course and the loader.

    Read on every Library visit, so by scandir and string slicing: os.walk with
    os.path.relpath took twice as long for a course of a thousand lessons (issue 14).
    The lines are what os.walk's order gave, so caches written before stay valid.
    """
    lines: list[str] = []
    _fingerprint_folder(str(root), "", "", lines)
    _fingerprint_folder(str(_COURSE_SOURCES), "", "\0engine/", lines)
    return "\n".join(lines)


def _fingerprint_folder(folder: str, rel: str, prefix: str, lines: list[str]) -> None:
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except OSError:
        return
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else files).append(entry)
    for entry in sorted(files, key=lambda e: e.name):
        try:
            stat = entry.stat()
        except OSError:
            continue
        lines.append(f"{prefix}{rel}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(folders, key=lambda e: e.name):
        # As os.walk: a linked folder is not followed; caches and bytecode are not content.
        if entry.name not in ("__pycache__", "store") and not entry.is_symlink():
            _fingerprint_folder(entry.path, f"{rel}{entry.name}/", prefix, lines)


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return {"__enum": type(value).__name__, "value": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: _encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")  # indexes are rebuilt by __post_init__
        }
        return {"__class": type(value).__name__, "fields": fields}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        if "__enum" in value:
            return _class(value["__enum"])(value["value"])
        cls = _class(value["__class"])
        return cls(**{k: _decode(v) for k, v in value["fields"].items()})
    return value


def cache_file(cache_dir: Path, root: Path) -> Path:
    # Two paths with the same CRC share a file; the "root" inside tells them apart.
    key = zlib.crc32(str(root.resolve()).encode("utf-8", "surrogateescape"))
    return cache_dir / f"course-{key:08x}.json"


def read(cache_dir: Path, root: Path) -> LoadResult | None:
    """The cached LoadResult for the course at `root`, or None if absent or out of date."""
    try:
        data = json.loads(cache_file(cache_dir, root).read_text(encoding="utf-8"))
        if (
            data.get("version") != CACHE_VERSION
            or data.get("root") != str(root.resolve())
            or data.get("fingerprint") != _fingerprint(root)
        ):
            return None
        result = _decode(data["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, damaged or from another version: load the course instead
    return result if isinstance(result, LoadResult) else None


def write(cache_dir: Path, root: Path, result: LoadResult) -> None:
    """Store `result` and its card atomically (temp file, fsync, rename); failures are
    harmless. Called off the GUI thread once a course was loaded, so the Library finds
    the card ready and never rebuilds it from the full entry."""
    fingerprint = _fingerprint(root)
    payload = {
        "version": CACHE_VERSION,
        "root": str(root.resolve()),
        "fingerprint": fingerprint,
        "result": _encode(result),
    }
    # Encoded piece by piece, not by json.dumps: the C encoder holds the interpreter lock
    # for a whole big course (over 100 ms for a thousand lessons), and the window waits
    # for it; this takes twice as long on its worker but lets the window run meanwhile.
    text = "".join(json.JSONEncoder().iterencode(payload))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_text_atomically(cache_file(cache_dir, root), text)
    except OSError:
        return  # a cache that cannot be written only means the next start loads normally
    _write_card(cache_dir, root, CourseCard.of(root, result), fingerprint)


def load(cache_dir: Path | None, root: Path) -> tuple[LoadResult, bool]:
    """The course at `root`, from the cache when it is current; (result, came from cache).

    A miss runs the loader; writing the cache for next time is the caller's choice
    (`write`), so the first frame never waits for it.
    """
    if cache_dir is not None:
        cached = read(cache_dir, root)
        if cached is not None:
            return cached, True
    from course.loader import load_course

    return load_course(root), False


@dataclass(frozen=True, slots=True)
class CourseCard:
    """What the Library shows about an installed course, without loading its lessons."""

    root: Path
    id: str | None  # None: the course could not be read at all
    version: str
    title: str
    summary: str
    modules: int
    lessons: int
    errors: int

    @property
    def usable(self) -> bool:
        return self.id is not None

    @classmethod
    def of(cls, root: Path, result: LoadResult) -> CourseCard:
        errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
        course = result.course
        if course is None:
            return cls(root, None, "", root.name, "", 0, 0, errors)
        return cls(
            root,
            course.id,
            course.version,
            course.title,
            course.summary or "",
            len(course.modules),
            sum(len(m.lessons) for m in course.modules),
            errors,
        )


def card_file(cache_dir: Path, root: Path) -> Path:
    return cache_file(cache_dir, root).with_suffix(".card.json")


def card(cache_dir: Path, root: Path) -> CourseCard:
    """The course's card: from its small cache file when current, else loaded (and cached).

    A full course of a thousand lessons takes a large cache file to rebuild; the card is
    a few hundred bytes, so the Library can list every installed course at once.
    """
    fingerprint = _fingerprint(root)
    try:
        data = json.loads(card_file(cache_dir, root).read_text(encoding="utf-8"))
        if (
            data.get("version") == CACHE_VERSION
            and data.get("root") == str(root.resolve())
            and data.get("fingerprint") == fingerprint
        ):
            fields = data["card"]
            return CourseCard(root=root, **{k: v for k, v in fields.items() if k != "root"})
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, damaged or out of date: load the course once
    result, cached = load(cache_dir, root)
    made = CourseCard.of(root, result)
    if not cached and result.course is not None:
        write(cache_dir, root, result)  # the card too
    else:
        _write_card(cache_dir, root, made, fingerprint)
    return made


def _write_card(cache_dir: Path, root: Path, made: CourseCard, fingerprint: str) -> None:
    fields = {f.name: getattr(made, f.name) for f in dataclasses.fields(made) if f.name != "root"}
    payload = {
        "version": CACHE_VERSION,
        "root": str(root.resolve()),
        "fingerprint": fingerprint,
        "card": fields,
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_text_atomically(card_file(cache_dir, root), json.dumps(payload))
    except OSError:
        pass  # an unwritable cache only means loading again next time


def clear(cache_dir: Path) -> list[Path]:
    """Remove every file in the cache folder (and the folder once empty); the paths removed.

    Best effort: a file that cannot be removed (held open by another copy of the app on
    Windows) stays, and holds nothing but course text.
    """
    try:
        entries = list(cache_dir.iterdir())
    except OSError:
        return []
    removed, _left = remove_files(entries)
    with contextlib.suppress(OSError):
        cache_dir.rmdir()  # only if empty: never remove what is not ours
    return removed


def installed_cards(cache_dir: Path, *folders: Path) -> list[CourseCard]:
    """A card per installed course in `folders`, by the rules of install.discover_courses."""
    from course.install import course_roots, newest_of_each

    cards = [card(cache_dir, root) for root in course_roots(*folders)]
    return newest_of_each(cards, lambda c: (c.id, c.version) if c.id is not None else None)
