"""`bridgework preview`'s decisions without Qt (course.preview) and its command line."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from coursekit import MANIFEST, lesson, write_course

import main
from course.model import Finding, LoadResult, Severity
from course.preview import (
    NotACourseFolder,
    course_folder,
    finding_target,
    fingerprint,
    load_for_preview,
    should_show,
    summary,
    watch_paths,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

LESSON_A = lesson(
    "Prose first.\n\n"  # line 5
    "```quiz\nid: a-check\nquestions:\n  - id: q1\n    type: true_false\n"  # quiz at line 7
    "    prompt: Is noticing a skill?\n    answer: true\n"
    "    explanation: It grows with practice.\n```\n\n"
    "Prose after the quiz.\n"  # line 18
)


def _result(root: Path) -> LoadResult:
    result = load_for_preview(root)
    assert result.course is not None, [f.format() for f in result.findings]
    return result


# --- which folder --------------------------------------------------------------------------


def test_a_course_folder_or_its_manifest_is_accepted(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c")
    assert course_folder(root) == root.resolve()
    assert course_folder(root / "course.yaml") == root.resolve()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing", "there is nothing at"),
        (lambda p: _file(p / "notes.txt"), "is a file, not a course folder"),
        (lambda p: _zip(p / "c.zip"), "is a packed course"),
        (lambda p: _folder(p / "empty"), "there is no course.yaml in"),
        (lambda p: p / ("a" * 300) / "course", "cannot be opened"),  # a name too long
    ],
)
def test_a_bad_path_gets_a_plain_message_and_exit_code_2(
    tmp_path: Path, make, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)
    with pytest.raises(NotACourseFolder, match=words):
        course_folder(path)
    assert main.main(["preview", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("bridgework preview: ") and words in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def _file(path: Path) -> Path:
    path.write_text("not a course", encoding="utf-8")
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("course.yaml", MANIFEST)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def test_a_bad_path_is_refused_before_any_window_or_qt(tmp_path: Path) -> None:
    code = (
        "import sys, main; rc = main.main(['preview', sys.argv[1]]); "
        "print(rc, 'PySide6' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "nope")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.split() == ["2", "False", "False"], done.stderr
    assert "Traceback" not in done.stderr


def test_preview_has_help_like_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main.main(["preview", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "throwaway profile" in out and "PATH" in out
    with pytest.raises(SystemExit):
        main.main(["--help"])
    assert "preview" in capsys.readouterr().out


# --- what to show ----------------------------------------------------------------------------


def test_which_version_stays_on_show(tmp_path: Path) -> None:
    good = _result(write_course(tmp_path / "good"))
    warned = _result(
        write_course(tmp_path / "warned", {"m1/a.md": lesson("x\n", "id: a\ntitle: A\nfoo: 1\n")})
    )
    assert warned.warnings and not warned.errors
    broken_link = _result(write_course(tmp_path / "link", {"m1/a.md": lesson("[x](lesson:zz)\n")}))
    assert broken_link.errors and broken_link.course.lesson("a") is not None
    without_a = load_for_preview(write_course(tmp_path / "noa", {"m1/a.md": "no front matter\n"}))
    assert without_a.course is not None and without_a.course.lesson("a") is None
    nothing = LoadResult(None, (Finding("course.yaml", 1, Severity.ERROR, "x"),))

    # A good version (warnings are fine) always replaces what is on show.
    assert should_show(broken_link, good, "a") and should_show(good, warned, "a")
    # A broken one never replaces a good one, nor shows no course at all.
    assert not should_show(good, broken_link, "a") and not should_show(good, broken_link, None)
    assert not should_show(good, nothing, None) and not should_show(None, nothing, None)
    # With nothing good seen yet, the newest attempt shows, while it keeps the lesson read.
    assert should_show(None, broken_link, None)
    assert should_show(without_a, broken_link, "a")
    assert not should_show(broken_link, without_a, "a")
    assert should_show(broken_link, without_a, None)


def test_a_finding_points_at_its_lesson_and_the_step_holding_its_line(tmp_path: Path) -> None:
    course = _result(write_course(tmp_path / "c", {"m1/a.md": LESSON_A})).course

    def target(file: str, line: int):
        found = finding_target(course, Finding(file, line, Severity.ERROR, "x"))
        return None if found is None else (found.lesson_id, found.step)

    assert target("m1/a.md", 0) == ("a", None)  # the file as a whole: its start
    assert target("m1/a.md", 2) == ("a", None)  # the front matter: before any step
    assert target("m1/a.md", 5) == ("a", 0)
    assert target("m1/a.md", 10) == ("a", 1)  # inside the quiz block
    assert target("m1/a.md", 18) == ("a", 2)
    assert target("course.yaml", 3) is None
    assert target("m1/other.md", 1) is None
    assert finding_target(None, Finding("m1/a.md", 1, Severity.ERROR, "x")) is None


def test_the_summary_counts_in_words(tmp_path: Path) -> None:
    assert summary(_result(write_course(tmp_path / "c"))) == "No problems found."
    many = LoadResult(
        None,
        (
            Finding("a", 1, Severity.ERROR, "x"),
            Finding("a", 2, Severity.ERROR, "y"),
            Finding("a", 3, Severity.WARNING, "z"),
        ),
    )
    assert summary(many) == "2 errors and 1 warning found."


def test_the_preview_reports_what_validate_reports(tmp_path: Path) -> None:
    from course.validate import run_validate

    root = write_course(tmp_path / "c", {"m1/a.md": lesson("<!-- region: mars -->\n\nx\n")})
    found = [f.format() for f in sorted(load_for_preview(root).findings, key=lambda f: f.line)]
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as stream:
        run_validate(str(root), strict=False, out=stream)
    assert found and all(line in out.read_text(encoding="utf-8") for line in found)


# --- what to watch ---------------------------------------------------------------------------


def test_only_course_files_count_as_a_change(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c")
    before = fingerprint(root)
    (root / "m1" / ".a.md.swp").write_bytes(b"vim")
    (root / ".git").mkdir()
    (root / ".git" / "index").write_bytes(b"git")
    (root / ".DS_Store").write_bytes(b"mac")
    assert fingerprint(root) == before
    (root / "m1" / "a.md").write_text(lesson("Changed.\n"), encoding="utf-8")
    assert fingerprint(root) != before


def test_the_folders_are_watched_as_well_as_the_files(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c", {"m1/images/x.png": b"png"})
    (root / ".git").mkdir()
    watched = {Path(p).relative_to(root).as_posix() for p in watch_paths(root)}
    assert watched == {".", "course.yaml", "m1", "m1/a.md", "m1/images", "m1/images/x.png"}


def test_a_folder_that_went_away_has_nothing_to_watch(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c")
    before = fingerprint(root)
    renamed = root.rename(tmp_path / "elsewhere")
    assert watch_paths(root) == [] and fingerprint(root) == "" != before
    result = load_for_preview(root)
    assert result.course is None and result.errors  # kept off screen: should_show says no
    assert watch_paths(renamed)
