"""`help_lesson:` in course.yaml (issue 11): a course names its own help lesson; a name
that is no lesson id is an error at its line, with the nearest ids suggested."""

from __future__ import annotations

from pathlib import Path

from coursekit import MANIFEST, lesson, only, write_course

from course.loader import load_course
from course.model import Severity

HELP = lesson("Call someone you trust.\n", front="id: support-now\ntitle: Support now\n")
TWO_LESSONS = MANIFEST + "      - m1/help.md\n"


def manifest(help_line: str) -> str:
    # help_lesson: goes on line 5, before the modules.
    head, rest = TWO_LESSONS.split("modules:\n", 1)
    return f"{head}{help_line}\nmodules:\n{rest}"


def test_a_course_names_its_help_lesson(tmp_path: Path) -> None:
    result = load_course(
        write_course(
            tmp_path, {"course.yaml": manifest("help_lesson: support-now"), "m1/help.md": HELP}
        )
    )
    assert result.findings == ()
    assert result.course is not None
    assert result.course.help_lesson == "support-now"
    assert result.course.help_lesson_id() == "support-now"


def test_without_help_lesson_a_getting_help_lesson_still_counts(tmp_path: Path) -> None:
    old_style = lesson("Call.\n", front="id: getting-help\ntitle: Help\n")
    result = load_course(
        write_course(tmp_path, {"course.yaml": TWO_LESSONS, "m1/help.md": old_style})
    )
    assert result.ok and result.course is not None
    assert result.course.help_lesson is None
    assert result.course.help_lesson_id() == "getting-help"


def test_a_course_with_no_help_lesson_has_none(tmp_path: Path) -> None:
    result = load_course(write_course(tmp_path))
    assert result.ok and result.course is not None
    assert result.course.help_lesson_id() is None


def test_an_unknown_help_lesson_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    files = {"course.yaml": manifest("help_lesson: support-nwo"), "m1/help.md": HELP}
    result = load_course(write_course(tmp_path, files))
    finding = only(result)
    assert (finding.file, finding.line, finding.severity) == ("course.yaml", 5, Severity.ERROR)
    assert "help_lesson 'support-nwo' names no lesson in this course" in finding.message
    assert "Did you mean 'support-now'?" in finding.message
    assert result.course is not None and result.course.help_lesson is None


def test_a_help_lesson_written_as_a_title_says_which_id_to_write(tmp_path: Path) -> None:
    files = {"course.yaml": manifest("help_lesson: Support Now"), "m1/help.md": HELP}
    finding = only(load_course(write_course(tmp_path, files)))
    assert finding.line == 5 and finding.severity is Severity.ERROR
    assert "write help_lesson: support-now" in finding.message


def test_the_shipped_course_names_its_help_lesson() -> None:
    root = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"
    result = load_course(root)
    assert result.course is not None
    assert result.course.help_lesson == "getting-help"
