"""Bridgework's composition root: read the command line, find paths, run the app or a subcommand.

Each subcommand imports only what it needs: `validate` never loads Qt or SQLAlchemy,
and the window is painted before the progress store is opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from course import __version__


def build_parser(
    *, with_assign: bool = True, with_commands: bool = True
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bridgework",
        usage="%(prog)s [options] [FILE | COMMAND ...]",
        description="Bridgework: a private, offline course player. "
        "With no command, opens the app; FILE may be an assignment file or a "
        "progress report to open in it.",
    )
    parser.add_argument("--version", action="version", version=f"Bridgework {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep your data in DIR instead of the usual place "
        "(also: the BRIDGEWORK_DATA_DIR environment variable)",
    )
    parser.add_argument(
        "--profile",
        default=None,
        help="which profile to open (the app: the one opened last, 'default' or "
        "'workspace'; commands: 'default')",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a course folder or .zip and list any problems"
    )
    validate.add_argument("path", metavar="PATH", help="course folder or .zip package")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument(
        "--list-ids",
        action="store_true",
        help="also print the course's module, lesson, quiz and prompt ids",
    )
    validate.add_argument(
        "--against",
        metavar="OLD",
        help="compare with an earlier version (folder or .zip): list the ids removed, "
        "changed or added, and warn where learners' earlier answers would change meaning",
    )

    data = commands.add_parser("data", help="export or delete your data")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    export = data_commands.add_parser("export", help="write everything you have saved to DIR")
    export.add_argument("dir", metavar="DIR")
    delete = data_commands.add_parser(
        "delete", help="delete your progress, reflections and backups for this profile"
    )
    delete.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    from course.authoring_command import add_parsers as add_authoring_parsers

    add_authoring_parsers(commands)
    from course.worksheet_command import add_parser as add_worksheet_parser

    add_worksheet_parser(commands)

    if with_assign:
        from course.assign_command import add_parser as add_assign_parser

        add_assign_parser(commands)
    else:
        # Opening the app must stay fast, so `assign`'s full options (and the assignment
        # code they import) are only loaded when that command or --help is asked for.
        commands.add_parser("assign", help="make an assignment file for a client")
    return parser


SUBCOMMANDS = frozenset(
    {"validate", "data", "assign", "new-course", "pack", "preview", "course", "worksheet"}
)
_OPTIONS_WITH_VALUE = frozenset({"--data-dir", "--profile"})


def _first_positional(args: Sequence[str]) -> int | None:
    skip_next = False
    for index, arg in enumerate(args):
        if skip_next:
            skip_next = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip_next = True
        elif arg == "--":
            return index + 1 if index + 1 < len(args) else None
        elif not arg.startswith("-"):
            return index
    return None


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    # argparse cannot mix an optional positional with subcommands, so a first word that
    # names no subcommand is taken out here as the file to open.
    open_file_at = _first_positional(raw)
    first_word = raw[open_file_at] if open_file_at is not None else None
    asks_help = any(a in ("-h", "--help") for a in raw)
    # Opening the app (no command, no file) needs the options only: a dozen subcommand
    # parsers, each looking up its help texts' translations on disk, cost start-up some
    # 10 ms, a twentieth of the whole.
    parser = build_parser(
        with_assign=first_word == "assign" or asks_help,
        with_commands=open_file_at is not None or asks_help,
    )
    open_file = None
    if open_file_at is not None and raw[open_file_at] not in SUBCOMMANDS:
        open_file = raw.pop(open_file_at)
    args = parser.parse_args(raw)
    args.open_file = open_file

    if args.command == "validate":
        from course.validate import run_validate

        return run_validate(
            args.path, strict=args.strict, list_ids=args.list_ids, against=args.against
        )

    if args.command == "new-course":
        from course.authoring_command import run_new_course

        return run_new_course(args.path, args.title)

    if args.command == "pack":
        from course.authoring_command import run_pack

        return run_pack(args.path, args.output, strict=args.strict)

    if args.command == "preview":
        from course.authoring_command import preview_folder

        root = preview_folder(args.path)
        if root is None:
            return 2
        from ui.preview import run_preview

        return run_preview(root)

    if args.command == "worksheet":
        from ui.worksheet_dialog import run_worksheet_command

        return run_worksheet_command(
            args.path,
            args.lesson,
            args.output,
            paper=args.paper,
            reflections=not args.no_reflections,
            quizzes=not args.no_quiz,
        )

    from course.paths import DEFAULT_PROFILE, DataPaths, resolve_data_dir, start_profile

    root = resolve_data_dir(args.data_dir)
    # The app opens the therapist's workspace again if it was the last one chosen;
    # commands act on the learner's own profile unless told otherwise.
    profile = args.profile or (DEFAULT_PROFILE if args.command else start_profile(root))
    paths = DataPaths(root, profile)

    if args.command == "data":
        from course.store.cli import run_data_command

        return run_data_command(args, paths)

    if args.command == "course":
        from course.authoring_command import run_course_command
        from course.paths import shipped_content_dir

        return run_course_command(args, shipped_content_dir(), paths.courses)

    if args.command == "assign":
        from course.assign_command import installed_courses, run_assign
        from course.paths import WORKSPACE_PROFILE, shipped_content_dir

        return run_assign(
            args,
            lambda: installed_courses(shipped_content_dir(), paths.courses),
            workspace=DataPaths(root, WORKSPACE_PROFILE),
        )

    from ui.app import run_app

    return run_app(paths, open_file=args.open_file)


if __name__ == "__main__":
    sys.exit(main())
