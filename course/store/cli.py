"""`bridgework data export DIR` and `bridgework data delete --yes`.

Export needs the passphrase when the data is encrypted: it is asked for with getpass
when the command runs in a terminal, or read from the BRIDGEWORK_PASSPHRASE
environment variable for scripts (which is less private: other programs of the same
user may be able to read a process's environment). Delete needs no passphrase.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from course.model import Course
from course.paths import DataPaths
from course.store.api import (
    PassphraseRequired,
    StoreError,
    StoreUnavailable,
    WrongPassphrase,
    delete_all_data,
    list_backups,
    needs_passphrase,
    open_store,
)
from course.store.engine import folder_problem

PASSPHRASE_ENV = "BRIDGEWORK_PASSPHRASE"


def _say(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout)


def passphrase_for(paths: DataPaths) -> str | None:
    """The passphrase, if the data is encrypted: from the environment or a prompt."""
    if not needs_passphrase(paths):
        return None
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("Your passphrase: ")
    return None


def _installed_courses(paths: DataPaths) -> list[Course]:
    """The courses on this machine, so the export can name lessons and prompts."""
    from course.loader import load_course
    from course.paths import shipped_content_dir

    found: list[Course] = []
    for folder in (shipped_content_dir(), paths.courses):
        try:
            candidates = sorted(p for p in folder.iterdir() if (p / "course.yaml").is_file())
        except OSError:
            continue
        for candidate in candidates:
            result = load_course(candidate)
            if result.course is not None:
                found.append(result.course)
    return found


def export_command(paths: DataPaths, dest: Path) -> int:
    problem = folder_problem(paths)
    if problem is not None:
        _say(StoreUnavailable(problem).message, sys.stderr)
        return 1
    if not paths.database.exists():
        if list_backups(paths):
            _say(
                "Your progress file is missing, but its backups are kept. Open Bridgework "
                "to restore the most recent one, then export again.",
                sys.stderr,
            )
            return 1
        _say("There is nothing to export yet: no progress has been saved for this profile.")
        return 0
    try:
        passphrase = passphrase_for(paths)
        with open_store(paths, passphrase, backup_at_open=False) as store:
            folder = store.export_all(dest, _installed_courses(paths))
    except PassphraseRequired:
        _say(
            "Your data is protected with a passphrase. Run this command in a terminal to be "
            f"asked for it, or set the {PASSPHRASE_ENV} environment variable.",
            sys.stderr,
        )
        return 2
    except WrongPassphrase as error:
        _say(error.message, sys.stderr)
        return 2
    except StoreError as error:
        _say(error.message, sys.stderr)
        return 1
    _say(f"Your data has been exported to {folder}")
    _say("It is not encrypted there: keep it somewhere private, or delete it when done.")
    return 0


def delete_command(paths: DataPaths, confirmed: bool) -> int:
    backups = list_backups(paths)
    exists = paths.database.exists() or bool(backups)
    if not confirmed:
        _say(
            "This would delete all your progress, reflections, ratings, settings and "
            f"backups for the profile '{paths.profile}' in {paths.profile_dir}, and the "
            "copies of course text kept to start faster. Imported courses stay installed.\n"
            "It cannot be undone. If you might want them later, export them first:\n"
            "    bridgework data export DIR\n"
            "To delete, run the command again with --yes.",
            sys.stderr,
        )
        return 2
    try:
        # Always, even with no database: the course cache still shows which courses were
        # opened, and a copy moved aside after damage is the learner's too.
        removed = delete_all_data(paths)
    except OSError:
        _say(
            "Some of your data could not be deleted; please close Bridgework if it is open "
            f"and try again. The files are in {paths.profile_dir}.",
            sys.stderr,
        )
        return 1
    if not exists and not any(paths.profile_dir in path.parents for path in removed):
        _say("There was nothing to delete: no data is saved for this profile.")
        return 0
    _say(f"Deleted {len(removed)} file(s): your data for this profile is gone.")
    return 0


def run_data_command(args: argparse.Namespace, paths: DataPaths) -> int:
    """Entry point from main.py; returns the process exit code."""
    if args.data_command == "export":
        return export_command(paths, Path(args.dir).expanduser())
    if args.data_command == "delete":
        return delete_command(paths, bool(args.yes))
    _say(f"Unknown action: {args.data_command}", sys.stderr)
    return 2
