"""Course versions: what `course.versions.compare` finds, and `validate --against OLD`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from coursekit import MANIFEST, lesson, write_course
from versionkit import IDS, NEW_PROMPT, OLD_PROMPT, make_version_1_0

from course.loader import load_course
from course.model import Course
from course.validate import run_validate
from course.versions import ADDED, CHANGED, REMOVED, compare

REPO_ROOT = Path(__file__).resolve().parents[2]

QUIZ = """\
```quiz
id: check
questions:
  - id: q1
    type: single
    prompt: {prompt}
    options:
      - text: Yes
        correct: true
      - text: {other}
    explanation: Because it is.
```

```reflect
id: notes
prompts:
  - id: p1
    type: {kind}
    prompt: {reflect}
```
"""


def demo(
    root: Path,
    *,
    version: str = "1.0.0",
    prompt: str = "Is it so?",
    other: str = "No",
    kind: str = "text",
    reflect: str = "What do you notice?",
    extra_lesson: bool = False,
) -> Path:
    manifest = MANIFEST.replace('version: "1.0.0"', f'version: "{version}"')
    files = {
        "m1/a.md": lesson(QUIZ.format(prompt=prompt, other=other, kind=kind, reflect=reflect)),
    }
    if extra_lesson:
        manifest += "      - m1/b.md\n"
        files["m1/b.md"] = lesson("More prose.\n", "id: b\ntitle: Lesson B\n")
    files["course.yaml"] = manifest
    return write_course(root, files)


def loaded(root: Path) -> Course:
    result = load_course(root)
    assert result.course is not None and not result.errors, [f.format() for f in result.findings]
    return result.course


def test_the_same_course_has_no_changes(tmp_path: Path) -> None:
    one = loaded(demo(tmp_path / "a"))
    diff = compare(one, loaded(demo(tmp_path / "b", version="1.0.0")))
    assert diff.empty and diff.direction == 0


def test_an_added_lesson_and_a_reworded_prompt(tmp_path: Path) -> None:
    old = loaded(demo(tmp_path / "old"))
    new = loaded(demo(tmp_path / "new", version="1.1.0", reflect="What do you see?",
                      extra_lesson=True))  # fmt: skip
    diff = compare(old, new)
    assert diff.direction == 1
    assert [(c.id, c.title) for c in diff.lessons_added] == [("b", "Lesson B")]
    assert not diff.lessons_removed
    assert [c.id for c in diff.lessons_changed] == ["a"]
    (prompt,) = diff.of(CHANGED, "prompt")
    assert prompt.id == "notes/p1" and not prompt.risky
    assert "What do you notice?" in prompt.detail  # the old wording, for the author
    assert not diff.risky


def test_a_removed_lesson_is_listed_with_what_it_held(tmp_path: Path) -> None:
    diff = compare(
        loaded(demo(tmp_path / "old", extra_lesson=True)), loaded(demo(tmp_path / "new"))
    )
    assert [c.id for c in diff.lessons_removed] == ["b"]
    assert diff.of(REMOVED, "lesson")[0].file == "m1/b.md"


def test_changed_options_under_a_kept_id_are_risky(tmp_path: Path) -> None:
    diff = compare(loaded(demo(tmp_path / "old")), loaded(demo(tmp_path / "new", other="Maybe")))
    (question,) = diff.of(CHANGED, "question")
    assert question.id == "check/q1" and question.risky
    assert question.file == "m1/a.md" and question.line > 0


def test_a_prompt_changing_kind_is_risky(tmp_path: Path) -> None:
    diff = compare(loaded(demo(tmp_path / "old")), loaded(demo(tmp_path / "new", kind="scale")))
    (prompt,) = diff.of(CHANGED, "prompt")
    assert prompt.risky and "text to scale" in prompt.detail


def test_moving_text_down_a_file_is_no_change(tmp_path: Path) -> None:
    old = loaded(demo(tmp_path / "old"))
    root = demo(tmp_path / "new")
    path = root / "m1" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n```quiz", "---\n\n\n```quiz"))
    assert compare(old, loaded(root)).empty


def test_the_shipped_course_against_its_1_0_0(tmp_path: Path, shipped_course: Course) -> None:
    old = loaded(make_version_1_0(Path(REPO_ROOT / "content" / "empathy-gap"), tmp_path / "v1"))
    diff = compare(old, shipped_course)
    assert diff.direction == 1
    assert {c.id for c in diff.lessons_removed} == {"before-you-begin"}
    added = {lesson.id for lesson in shipped_course.lessons()} - set(IDS["lessons"])
    assert {c.id for c in diff.lessons_added} == added
    (reworded,) = diff.of(CHANGED, "prompt")
    assert reworded.id == "what-is-the-empathy-gap-reflect/r1" and OLD_PROMPT in reworded.detail
    assert reworded.title == NEW_PROMPT
    # Every question 1.1.0 rewrote was given a new id, so none is risky.
    assert not diff.risky
    removed = {c.id for c in diff.of(REMOVED, "question")}
    assert "the-gap-quiz/q1" in removed and "the-gap-quiz/q7" in {
        c.id for c in diff.of(ADDED, "question")
    }


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], *, strict: bool = False
) -> tuple[int, str, str]:
    code = run_validate(args[0], against=args[1], strict=strict)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_against_lists_removed_changed_and_added_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = demo(tmp_path / "old", extra_lesson=True)
    new = demo(tmp_path / "new", version="1.1.0", reflect="What do you see?")
    code, out, err = run([str(new), str(old)], capsys, strict=True)
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[0] == "changes from demo 1.0.0 to 1.1.0:"
    assert lines[1] == "  removed lesson b: Lesson B"
    assert "  changed prompt notes/p1: reworded (was “What do you notice?”)" in lines
    assert lines[-1].startswith("demo 1.1.0: no problems found")


def test_validate_against_warns_on_a_risky_change_and_strict_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = demo(tmp_path / "old")
    new = demo(tmp_path / "new", version="1.1.0", other="Maybe")
    code, out, _ = run([str(new), str(old)], capsys, strict=False)
    assert code == 0
    warning = next(line for line in out.splitlines() if ": warning: " in line)
    assert warning.startswith("m1/a.md:")
    assert "'check/q1' keeps its id but its options or right answer changed since 1.0.0" in warning
    code, _, _ = run([str(new), str(old)], capsys, strict=True)
    assert code == 1


def test_validate_against_warns_when_the_version_was_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = demo(tmp_path / "old", version="1.2.0")
    new = demo(tmp_path / "new", version="1.1.0")
    code, out, _ = run([str(new), str(old)], capsys, strict=True)
    assert code == 1
    assert "course.yaml: warning: the version 1.1.0 is not higher than 1.2.0" in out


def test_validate_against_a_zip_of_the_old_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = demo(tmp_path / "old", extra_lesson=True)
    packed = tmp_path / "old.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted(old.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(old).as_posix())
    code, out, _ = run([str(demo(tmp_path / "new", version="1.0.1")), str(packed)], capsys)
    assert code == 0 and "  removed lesson b: Lesson B" in out.splitlines()


def test_validate_against_something_unreadable_or_another_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = demo(tmp_path / "new")
    code, out, err = run([str(new), str(tmp_path / "missing")], capsys)
    assert code == 2 and out == ""
    assert "could not be read as a course" in err and "--against" in err
    other = write_course(tmp_path / "other", {"course.yaml": MANIFEST.replace("id: demo", "id: x")})
    code, _, err = run([str(new), str(other)], capsys)
    assert code == 2 and "compares two versions of one course" in err


def test_validate_against_from_the_command_line(tmp_path: Path) -> None:
    old = demo(tmp_path / "old", extra_lesson=True)
    new = demo(tmp_path / "new", version="1.1.0", other="Maybe")
    done = subprocess.run(
        [sys.executable, "main.py", "validate", str(new), "--against", str(old), "--strict"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "  removed lesson b: Lesson B" in done.stdout
    assert "changed question check/q1: its options or right answer changed" in done.stdout


def test_preview_update_compares_with_the_installed_version(tmp_path: Path) -> None:
    from course.versions import preview_update

    imports = tmp_path / "courses"
    installed = demo(imports / "demo")
    listing = [("demo", installed), ("other", tmp_path / "elsewhere")]
    same = preview_update(demo(tmp_path / "same"), listing, lambda r: loaded(r), imports)
    assert same is not None and not same.asks_first and same.replaceable  # installs at once
    newer = preview_update(
        demo(tmp_path / "new", version="1.1.0", extra_lesson=True), listing, loaded, imports
    )
    assert newer is not None and newer.asks_first and newer.title == "A demo course"
    assert [c.id for c in newer.diff.lessons_added] == ["b"]
    shipped = preview_update(demo(tmp_path / "old", version="0.9.0"), [("demo", tmp_path)],
                             lambda r: loaded(installed), imports)  # fmt: skip
    assert shipped is not None and shipped.diff.direction == -1 and not shipped.replaceable
    # A course not installed yet, or a package with errors, has nothing to compare.
    assert preview_update(demo(tmp_path / "n"), [], loaded, imports) is None
    broken = write_course(tmp_path / "broken", {"m1/a.md": "---\nid: a\n"})
    assert preview_update(broken, listing, loaded, imports) is None


def test_course_install_asks_for_older_and_lists_the_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import main
    from course.authoring_command import run_course_command

    def install(path: Path, *flags: str, shipped: Path = tmp_path / "none") -> tuple[int, str]:
        args = main.build_parser().parse_args(["course", "install", str(path), *flags])
        code = run_course_command(args, shipped, tmp_path / "courses")
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    assert install(demo(tmp_path / "v1"))[0] == 0
    code, said = install(demo(tmp_path / "v2", version="1.1.0", extra_lesson=True))
    assert code == 0
    assert "Changes from version 1.0.0:" in said and "  new lesson b: Lesson B" in said
    code, said = install(demo(tmp_path / "again-v1"))
    assert code == 1 and "older than the installed version 1.1.0" in said and "--older" in said
    assert loaded(tmp_path / "courses" / "demo").version == "1.1.0"  # nothing changed
    code, said = install(demo(tmp_path / "again-v1b"), "--older")
    assert code == 0 and "  removed lesson b: Lesson B" in said
    assert loaded(tmp_path / "courses" / "demo").version == "1.0.0"
    # One older than the course that shipped with the app cannot replace it.
    shipped = demo(tmp_path / "shipped" / "demo", version="3.0.0")
    code, said = install(demo(tmp_path / "v2b", version="2.0.0"), "--older", shipped=shipped.parent)
    assert code == 1 and "came with Bridgework" in said
