"""`python main.py assign ...`: make an assignment file for a client from the command line.

No Qt: it reads the installed courses, builds the assignment with
`course.assignments.new_assignment`, and writes the file atomically. When this computer
has a therapist's workspace, the assignment is also kept there with the client named by
--client, as the workspace's New assignment does (`keep_in_workspace`); when it cannot
be, a plain line says why, and the file is written all the same. Exit codes: 0 the file
was written, 1 it could not be made (unknown course or id, a date in the past, a file
that could not be written), 2 the command line itself needs fixing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from course.assignments import (
    FILE_SUFFIX,
    Assignment,
    AssignmentError,
    ItemKind,
    new_assignment,
    write_assignment,
)
from course.model import Course
from course.paths import DataPaths
from course.suggest import did_you_mean

DEFAULT_THERAPIST = "Your therapist"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date Bridgework can read; please write it as YYYY-MM-DD, "
            "for example 2026-12-20"
        ) from None


def _pass_mark(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a pass mark; please give a number such as 0.8 (or 80%)"
        ) from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            f"the pass mark {text} should be more than 0 and at most 1 (for example 0.8)"
        )
    return value


def _id_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """Add the `assign` subcommand to main.py's subparsers (`commands`)."""
    assign: argparse.ArgumentParser = commands.add_parser(
        "assign",
        help="make an assignment file (modules or lessons, with due dates) for a client",
        description="Make an assignment file for a client. They open it in Bridgework with "
        "File > Import assignment... Ids are the course's own module and lesson ids "
        "(`bridgework validate --list-ids PATH` lists them).",
    )
    assign.add_argument("--course", required=True, metavar="ID", help="the course id")
    assign.add_argument(
        "--modules", type=_id_list, default=[], metavar="A,B", help="module ids, comma-separated"
    )
    assign.add_argument(
        "--lessons", type=_id_list, default=[], metavar="X,Y", help="lesson ids, comma-separated"
    )
    assign.add_argument("--due", type=_date, metavar="YYYY-MM-DD", help="due date for every item")
    assign.add_argument("--note", metavar="TEXT", help="a note for your client")
    assign.add_argument(
        "--pass-mark",
        type=_pass_mark,
        metavar="0.8",
        help="every quiz in an item must reach this (best attempt) for the item to count as done",
    )
    assign.add_argument(
        "--therapist",
        default=DEFAULT_THERAPIST,
        metavar="NAME",
        help=f"the sender's name your client will see (default: '{DEFAULT_THERAPIST}')",
    )
    assign.add_argument(
        "--client", metavar="LABEL", help="a pseudonym or initials, to tell reports apart"
    )
    assign.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=f"where to write it (a folder works too; names end in {FILE_SUFFIX})",
    )
    return assign


def installed_courses(content_dir: Path, courses_dir: Path) -> dict[str, Course]:
    """The courses Bridgework can see: the shipped ones and those the learner imported."""
    from course.install import discover_courses

    return courses_by_id(discover_courses(content_dir, courses_dir))


def courses_by_id(found: Mapping[str, Any] | Iterable[Any]) -> dict[str, Course]:
    """Index whatever discovery returned by course id: Courses, or records holding one."""
    values = found.values() if isinstance(found, Mapping) else found
    result: dict[str, Course] = {}
    for value in values:
        course = value if isinstance(value, Course) else getattr(value, "course", None)
        # A course with errors cannot be opened by the client, so it cannot be assigned.
        if isinstance(course, Course) and getattr(value, "ok", True):
            result.setdefault(course.id, course)
    return result


def output_path(output: str, assignment: Assignment) -> Path:
    """The file to write: `output` itself, or a descriptive name inside it if it is a folder."""
    path = Path(output).expanduser()
    if path.is_dir():
        return path / f"{assignment.course_id}-{assignment.issued.isoformat()}{FILE_SUFFIX}"
    return path


def describe(assignment: Assignment, course: Course) -> str:
    """One line naming what was assigned, for the confirmation message."""
    modules = sum(1 for item in assignment.items if item.kind is ItemKind.MODULE)
    lessons = len(assignment.items) - modules
    parts = []
    if modules:
        parts.append(f"{modules} module" + ("" if modules == 1 else "s"))
    if lessons:
        parts.append(f"{lessons} lesson" + ("" if lessons == 1 else "s"))
    what = " and ".join(parts)
    dues = assignment.due_dates()
    when = f", due {dues[-1]:%d %B %Y}" if dues else ""
    return f"{what} of '{course.title}'{when}"


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()  # as the workspace matches a report's label


def keep_in_workspace(assignment: Assignment, workspace: DataPaths) -> str | None:
    """Keep `assignment` with its client in the therapist's workspace; the line to print.

    None when this computer has no workspace (nothing to say). The passphrase, if the
    workspace has one, is asked for in a terminal or read from BRIDGEWORK_PASSPHRASE, as
    `data export` does.
    """
    from course.assignments import assignment_to_json
    from course.store.api import PassphraseRequired, StoreError, open_store
    from course.store.cli import PASSPHRASE_ENV, passphrase_for

    if not workspace.database.is_file():
        return None
    not_kept = "The file is ready, but no copy was kept in your workspace"
    label = assignment.client_label
    if not label:
        return (
            f"{not_kept}: add --client with a client's pseudonym from your workspace to keep "
            "a copy with them."
        )
    try:
        with open_store(workspace, passphrase_for(workspace), backup_at_open=False) as store:
            client = next(
                (c for c in store.clients() if _label_key(c.label) == _label_key(label)), None
            )
            if client is None:
                return (
                    f"{not_kept}: it has no client called '{label}'. You can add them there "
                    "(Clients > Add a client...) and run this again."
                )
            store.add_client_assignment(client.id, assignment.id, assignment_to_json(assignment))
    except PassphraseRequired:
        return (
            f"{not_kept}: it is protected with a passphrase. Run this in a terminal to be "
            f"asked for it, or set the {PASSPHRASE_ENV} environment variable."
        )
    except StoreError as error:
        return f"{not_kept}: {error.message}"
    return f"A copy is kept with {client.label} in your workspace."


def run_assign(
    args: argparse.Namespace,
    courses: Mapping[str, Course] | Callable[[], Mapping[str, Course]],
    *,
    today: dt.date | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    workspace: DataPaths | None = None,
) -> int:
    """Make and write the assignment `args` describes. Returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    if not args.modules and not args.lessons:
        print(
            "bridgework assign: please choose what to assign with --modules and/or --lessons "
            "(comma-separated ids).",
            file=err,
        )
        return 2
    try:
        installed = courses() if callable(courses) else courses
    except Exception as error:  # a broken course folder must not show a traceback
        print(f"bridgework assign: the installed courses could not be read ({error}).", file=err)
        return 1
    course = installed.get(args.course)
    if course is None:
        known = ", ".join(sorted(installed)) or "none"
        print(
            f"bridgework assign: no installed course has the id '{args.course}'."
            f"{did_you_mean(args.course, installed)} Installed courses: {known}.",
            file=err,
        )
        return 1
    try:
        assignment = new_assignment(
            course,
            therapist=args.therapist or "",
            modules=args.modules,
            lessons=args.lessons,
            due=args.due,
            note=args.note,
            pass_mark=args.pass_mark,
            client_label=args.client,
            today=today,
        )
    except AssignmentError as error:
        print(f"bridgework assign: {error}", file=err)
        return 1
    target = output_path(args.output, assignment)
    try:
        written = write_assignment(assignment, target)
    except OSError as error:
        print(
            f"bridgework assign: could not write '{target}' ({error.strerror or error}). "
            "Nothing was written; please check the folder exists and can be written to.",
            file=err,
        )
        return 1
    print(f"Wrote {written}: {describe(assignment, course)}.", file=out)
    kept = keep_in_workspace(assignment, workspace) if workspace is not None else None
    if kept:
        print(kept, file=out)
    if args.therapist == DEFAULT_THERAPIST:
        print(
            f"Your client will see it as from '{DEFAULT_THERAPIST}'; "
            "add --therapist NAME to sign it.",
            file=out,
        )
    print("Your client opens it with File > Import assignment... in Bridgework.", file=out)
    return 0
