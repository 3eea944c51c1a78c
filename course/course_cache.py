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
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import zlib
from pathlib import Path
from typing import Any

from course import model
from course.fileio import write_text_atomically
from course.model import LoadResult

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
    lines = []
    folders = [(root, ""), (_COURSE_SOURCES, "\0engine/")]
    for folder, prefix in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "store"))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                rel = os.path.relpath(path, folder)
                lines.append(f"{prefix}{rel}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(lines)


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
    """Store `result` atomically (temp file, fsync, rename); failures are harmless."""
    payload = json.dumps(
        {
            "version": CACHE_VERSION,
            "root": str(root.resolve()),
            "fingerprint": _fingerprint(root),
            "result": _encode(result),
        }
    )
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_text_atomically(cache_file(cache_dir, root), payload)
    except OSError:
        pass  # a cache that cannot be written only means the next start loads normally
