"""The `worksheet` subcommand's options. Only argparse here: main.py builds its parser on
every start, so the worksheet code itself (and Qt, to print it) loads only when asked."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Add `worksheet` to main.py's subparsers (argparse only: nothing heavy is imported)."""
    sheet = commands.add_parser(
        "worksheet",
        help="save a lesson's prompts and questions, without answers, as a PDF to print",
        description="Write a printable worksheet of one lesson: its reflection and "
        "perspective prompts and its quiz questions, never the answers, feedback or "
        "model answers, and nothing a learner wrote.",
    )
    sheet.add_argument("path", metavar="PATH", help="course folder or .zip package")
    sheet.add_argument("lesson", metavar="LESSON", help="the lesson's id (validate --list-ids)")
    sheet.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.pdf",
        help="where to write it (a folder works too: the name is worksheet-LESSON.pdf)",
    )
    sheet.add_argument(
        "--paper", choices=("a4", "letter"), help="the paper size (default: from your locale)"
    )
    sheet.add_argument("--no-quiz", action="store_true", help="leave the quiz questions out")
    sheet.add_argument(
        "--no-reflections", action="store_true", help="leave the reflection prompts out"
    )
