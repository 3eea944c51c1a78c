"""The authoring subcommands: `new-course`, `pack`, `preview`, `course install` / `course list`.

No Qt and no database, like `validate`: each reads or writes course folders only
(`preview`'s window is in ui.preview; main.py opens it once the path checked out here). This
module imports nothing heavy at the top, since main.py builds its parser on every start.
Exit codes: 0 done; 1 the course has problems or nothing could be written (the message
says which, and nothing was changed); 2 the command line or the path itself needs fixing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO


def add_parsers(commands: Any) -> None:
    """Add new-course, pack and course to main.py's subparsers (`commands`)."""
    new = commands.add_parser(
        "new-course",
        help="start a new course folder that passes validate --strict",
        description="Write a small course into PATH (a new or empty folder): course.yaml "
        "and two lessons that show, with comments, every kind of block a lesson can hold. "
        "Nothing is ever written over.",
    )
    new.add_argument("path", metavar="PATH", help="the new course folder (new or empty)")
    new.add_argument("--title", required=True, help='the course title, e.g. "Staying present"')

    pack = commands.add_parser(
        "pack",
        help="check a course folder, then write it as one .zip to share",
        description="Validate the course folder PATH and, when it has no errors, write it "
        "as a .zip that File > Import course... and `bridgework course install` accept. "
        "The same folder always gives the same bytes.",
    )
    pack.add_argument("path", metavar="PATH", help="the course folder")
    pack.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.zip",
        help="where to write it (a folder works too: the name is ID-VERSION.zip)",
    )
    pack.add_argument("--strict", action="store_true", help="refuse on warnings too")

    preview = commands.add_parser(
        "preview",
        help="open a course folder in the player and follow your edits",
        description="Open the course in the folder PATH in Bridgework, with a throwaway "
        "profile (a temporary data folder, removed when you close the window; your own "
        "progress is never touched). Each time you save a file, the lesson you are "
        "reading reloads, and a panel lists what validate finds (FILE:LINE; Enter or a "
        "double click opens that lesson). A save with errors keeps the last good "
        "version on show. F8 moves to the findings.",
    )
    preview.add_argument("path", metavar="PATH", help="the course folder (or its course.yaml)")

    course = commands.add_parser(
        "course",
        help="install a course, or list the installed courses",
        description="Install a course folder or .zip into Bridgework's courses folder "
        "(as File > Import course... does), or list what is installed.",
    )
    actions = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install",
        help="validate and install a course folder or .zip",
        description="Validate a course folder or .zip and install it for every profile. "
        "A newer or equal version replaces the installed one; with errors nothing changes.",
    )
    install.add_argument("path", metavar="PATH", help="course folder or .zip package")
    install.add_argument(
        "--older",
        action="store_true",
        help="install it even when it is older than the version installed (asked first "
        "in the app); without it, an older version changes nothing",
    )
    actions.add_parser(
        "list",
        help="list installed courses: id, version, title and folder",
        description="List the courses Bridgework can open: the ones it ships with and the "
        "ones installed, with their ids, versions and folders.",
    )


def _say(text: str, stream: TextIO) -> None:
    print(text, file=stream)


def run_new_course(
    path: str, title: str, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    from course.scaffold import ScaffoldError, write_scaffold

    out, err = out or sys.stdout, err or sys.stderr
    try:
        folder = write_scaffold(path, title)
    except ScaffoldError as error:
        _say(f"bridgework new-course: {error}.", err)
        return 2
    _say(f"Wrote a new course to {folder}.", out)
    _say(
        "Next: edit course.yaml and the lessons, then check your work with "
        f"`bridgework validate --strict {folder}`.",
        out,
    )
    return 0


def preview_folder(path: str, *, err: TextIO | None = None) -> Path | None:
    """The course folder `preview` should open, or None after saying why it cannot."""
    from course.preview import NotACourseFolder, course_folder

    try:
        return course_folder(path)
    except NotACourseFolder as error:
        _say(f"bridgework preview: {error}.", err or sys.stderr)
        return None


def run_pack(
    path: str,
    output: str,
    *,
    strict: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from course.pack import PackError, pack_course
    from course.validate import print_findings, summary_line

    out, err = out or sys.stdout, err or sys.stderr
    try:
        packed = pack_course(path, output, strict=strict)
    except PackError as error:
        _say(f"bridgework pack: {error}. Nothing was written.", err)
        return 2 if not os.path.isdir(path) else 1
    print_findings(packed.result.findings, out)
    _say(summary_line(packed.result, path, strict=strict), out)
    if packed.output is None:
        _say(
            "bridgework pack: the course was not packed because of the problems above; "
            "nothing was written. Fix them and run pack again.",
            err,
        )
        return 1
    files = "1 file" if packed.entries == 1 else f"{packed.entries} files"
    _say(f"Wrote {packed.output} ({files}).", out)
    return 0


def run_course_command(
    args: argparse.Namespace,
    shipped: Path,
    courses: Path,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.course_command == "install":
        return _install(args.path, shipped, courses, out, err, older=args.older)
    return _list(shipped, courses, out)


def _install(
    path: str, shipped: Path, courses: Path, out: TextIO, err: TextIO, *, older: bool = False
) -> int:
    from course.install import discover_courses, install_course
    from course.validate import print_findings
    from course.versions import preview_update

    if not os.path.exists(path):
        _say(f"bridgework course install: there is nothing at '{path}'. Check the path.", err)
        return 2
    found = {e.root: e.course for e in discover_courses(shipped, courses) if e.course}
    preview = preview_update(path, [(c.id, root) for root, c in found.items()], found.get, courses)
    if preview is not None and preview.diff.direction < 0:
        diff = preview.diff
        if not preview.replaceable:
            _say(
                f"bridgework course install: this is version {diff.new_version}, older than "
                f"the version {diff.old_version} that came with Bridgework, so it cannot "
                "replace it. Nothing was changed.",
                err,
            )
            return 1
        if not older:
            _say(
                f"bridgework course install: this is version {diff.new_version}, older than "
                f"the installed version {diff.old_version}. Nothing was changed; to put the "
                "older version back, run the same command with --older.",
                err,
            )
            return 1
    result = install_course(path, courses)
    print_findings(result.findings, out)
    if not result.ok:
        _say(f"bridgework course install: {result.message}", err)
        return 1
    _say(result.message, out)
    if result.course is not None and result.root is not None:
        _say(f"Installed {result.course.id} {result.course.version} in {result.root}.", out)
    if preview is not None and preview.asks_first:
        for line in _lesson_changes(preview.diff):
            _say(line, out)
    return 0


def _lesson_changes(diff: Any) -> list[str]:
    """The lessons a new version added, changed and removed, for the install's output."""
    lines = [f"  new lesson {c.id}: {c.title}" for c in diff.lessons_added]
    lines += [f"  changed lesson {c.id}: {c.title} ({c.detail})" for c in diff.lessons_changed]
    lines += [f"  removed lesson {c.id}: {c.title}" for c in diff.lessons_removed]
    return [f"Changes from version {diff.old_version}:", *lines] if lines else []


def _list(shipped: Path, courses: Path, out: TextIO) -> int:
    from course.install import discover_courses

    found = discover_courses(shipped, courses)
    if not found:
        _say(f"No courses are installed yet (looked in {shipped} and {courses}).", out)
        return 0
    for entry in found:
        where = entry.root
        if entry.course is None or not entry.ok:
            count = len(entry.errors) or 1
            problems = "1 problem" if count == 1 else f"{count} problems"
            name = entry.course.id if entry.course else where.name
            _say(
                f"{name}: cannot be opened ({problems}; `bridgework validate {where}` "
                f"lists them)  {where}",
                out,
            )
            continue
        course = entry.course
        _say(f"{course.id} {course.version}  {course.title}  {where}", out)
    return 0
