"""What `bridgework preview PATH` decides without Qt: which folder, which version to show.

The window (ui/preview.py) watches the files and shows the findings; everything it
asks about the course itself is answered here, so it can be tested with no display:
whether PATH is a course folder at all, the course loaded with every check `validate`
makes, a cheap fingerprint of the folder (to tell a real change from an editor's
swap file touching it), which paths to watch, whether a new load should replace the
version on show, and which lesson and step a finding points into.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from course.loader import load_package
from course.model import Course, Finding, LoadResult, QuizStep, ReflectStep, Severity, Step
from course.package import JUNK_NAMES, MANIFEST, PackageError, open_package
from course.validate import with_lesson_checks

#: At most this many files and folders are watched: a course holds far fewer, and a
#: folder picked by mistake (a home folder) must not make thousands of watches.
MAX_WATCHED = 2000
_SKIPPED = JUNK_NAMES | {"__pycache__", "node_modules"}


class NotACourseFolder(Exception):
    """PATH cannot be previewed; `str(error)` says why, in plain words, and what to do."""


def course_folder(path: str | os.PathLike[str]) -> Path:
    """The course folder PATH names (a folder with course.yaml, or that file itself).

    Raises NotACourseFolder with a plain message otherwise.
    """
    try:
        return _course_folder(path)
    except (OSError, ValueError) as error:  # a name too long, a folder that cannot be read
        reason = getattr(error, "strerror", None) or str(error)
        raise NotACourseFolder(
            f"'{path}' cannot be opened ({reason}). Check the path and try again"
        ) from None


def _course_folder(path: str | os.PathLike[str]) -> Path:
    given = Path(path).expanduser()
    if given.is_file() and given.name == MANIFEST:
        given = given.parent
    if not given.exists():
        raise NotACourseFolder(f"there is nothing at '{path}'. Check the path and try again")
    if not given.is_dir():
        if given.suffix.lower() == ".zip":
            raise NotACourseFolder(
                f"'{path}' is a packed course; preview shows a course folder while you "
                "edit it. To look at a .zip, use `bridgework validate` or install it "
                "with `bridgework course install`"
            )
        raise NotACourseFolder(
            f"'{path}' is a file, not a course folder; give the folder that holds {MANIFEST}"
        )
    if not (given / MANIFEST).is_file():
        raise NotACourseFolder(
            f"there is no {MANIFEST} in '{path}', so it does not look like a course folder. "
            '`bridgework new-course FOLDER --title "..."` starts one'
        )
    return given.resolve()


def load_for_preview(root: Path) -> LoadResult:
    """The course at `root` with every finding `validate` reports; never raises."""
    try:
        package = open_package(root)
    except PackageError as error:
        return LoadResult(None, (Finding(MANIFEST, 0, Severity.ERROR, str(error)),))
    try:
        with package:
            return with_lesson_checks(load_package(package), package)
    except (OSError, PackageError) as error:
        return LoadResult(None, (Finding(MANIFEST, 0, Severity.ERROR, str(error)),))


def _walk(root: Path) -> Iterator[tuple[str, bool]]:
    """(path, is a folder) for the course folder and what it holds, clutter left out."""
    if not root.is_dir():
        return  # moved or deleted while previewed: nothing to watch until it is back
    yield str(root), True
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED and not d.startswith("."))
        for name in dirnames:
            yield os.path.join(dirpath, name), True
        for name in sorted(filenames):
            if name not in _SKIPPED and not name.startswith("."):
                yield os.path.join(dirpath, name), False


def fingerprint(root: Path) -> str:
    """Name, size and modification time of every course file: equal means unchanged.

    Editors touch a folder for swap and backup files (hidden, or removed at once); only
    a change in what the course is made of needs a reload.
    """
    lines = []
    for path, is_dir in _walk(root):
        if is_dir:
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue  # gone between the listing and now: the next change will tell
        lines.append(f"{os.path.relpath(path, root)}\0{stat.st_size}\0{stat.st_mtime_ns}")
        if len(lines) >= MAX_WATCHED:
            break
    return "\n".join(lines)


def watch_paths(root: Path) -> list[str]:
    """The course folder, its folders and its files, to watch for changes.

    Folders are watched as well as files: an editor that saves by writing a new file
    and renaming it over the old one replaces the file that was watched, and only the
    folder hears of it.
    """
    paths = []
    for path, _is_dir in _walk(root):
        paths.append(path)
        if len(paths) >= MAX_WATCHED:
            break
    return paths


def is_good(result: LoadResult) -> bool:
    """A version worth keeping on show: a course, with no errors (warnings are fine)."""
    return result.course is not None and not result.errors


def should_show(shown: LoadResult | None, new: LoadResult, reading: str | None) -> bool:
    """Whether `new` replaces `shown` on screen, while lesson `reading` (or none) is open.

    A good version always does. A broken save never blanks the window: while a good
    version is on show it stays, with the findings beside it. When nothing good has
    been seen yet (the course was broken from the start), the newest attempt is shown
    as long as it still has the lesson being read.
    """
    if new.course is None:
        return False
    if is_good(new) or shown is None or shown.course is None:
        return True
    if is_good(shown):
        return False
    return reading is None or new.course.lesson(reading) is not None


@dataclass(frozen=True, slots=True)
class Target:
    """Where a finding points: a lesson, and the step holding its line (None: the start)."""

    lesson_id: str
    step: int | None


def _step_line(step: Step) -> int:
    if isinstance(step, QuizStep):
        return step.quiz.line
    if isinstance(step, ReflectStep):
        return step.reflection.line
    return step.line


def finding_target(course: Course | None, finding: Finding) -> Target | None:
    """The lesson (and step) `finding` is in, or None when it is not in a lesson file."""
    if course is None:
        return None
    lesson = course.lesson_by_path(finding.file)
    if lesson is None:
        return None
    step: int | None = None
    if finding.line > 0:
        for index, each in enumerate(lesson.steps):
            line = _step_line(each)
            if line and line <= finding.line:
                step = index
    return Target(lesson.id, step)


def summary(result: LoadResult) -> str:
    """One plain line on what the latest load found."""
    errors, warnings = len(result.errors), len(result.warnings)
    if not errors and not warnings:
        return "No problems found."
    parts = []
    if errors:
        parts.append("1 error" if errors == 1 else f"{errors} errors")
    if warnings:
        parts.append("1 warning" if warnings == 1 else f"{warnings} warnings")
    return " and ".join(parts) + " found."
