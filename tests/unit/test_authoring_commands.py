"""Issue 11's authoring commands: new-course, pack, course install / course list."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from coursekit import MANIFEST, lesson, write_course

import main
from course.authoring_command import run_course_command, run_new_course, run_pack
from course.install import install_course
from course.loader import ADMONITION_KINDS
from course.model import PromptType, QuestionType
from course.pack import ZIP_EPOCH
from course.scaffold import course_id_for, scaffold_files
from course.validate import run_validate

REPO_ROOT = Path(__file__).resolve().parents[2]


def _new(tmp_path: Path, title: str = "Staying Present") -> Path:
    folder = tmp_path / "new"
    assert run_new_course(str(folder), title) == 0
    return folder


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- new-course --------------------------------------------------------------------------


def test_the_scaffold_passes_validate_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _new(tmp_path, 'Staying "Present": a course # for couples')
    capsys.readouterr()
    assert run_validate(str(folder), strict=True) == 0
    out = capsys.readouterr().out
    assert out.startswith("staying-present-a-course-for-couples 0.1.0: no problems found")


def test_the_scaffold_shows_every_block_type() -> None:
    text = "\n".join(scaffold_files("T").values())
    missing = [f"type: {t}" for t in (*QuestionType, *PromptType) if f"type: {t} " not in text]
    missing += [f"!!! {kind}" for kind in ADMONITION_KINDS if f"!!! {kind}" not in text]
    missing += [s for s in ("```quiz", "```reflect", "<!-- region:", "lesson:") if s not in text]
    # A new question or prompt type needs an example in course/scaffold.py too.
    assert missing == []
    assert "#" in text.split("```quiz")[1]  # the blocks are commented


def test_new_course_refuses_a_folder_with_files_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = _main(["new-course", str(tmp_path), "--title", "T"], capsys)
    assert code == 2 and out == ""
    assert "already has files in it" in err and "never writes over" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_new_course_fills_an_empty_folder_and_leaves_no_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_new_course(str(folder), "T") == 0
    assert (folder / "course.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]


def test_course_ids_from_titles() -> None:
    assert course_id_for("Bridging the Gap!") == "bridging-the-gap"
    assert course_id_for("Émotions et réparation") == "emotions-et-reparation"
    assert course_id_for("???") == "my-course"


# --- pack -----------------------------------------------------------------------------------


def test_pack_is_byte_identical_and_the_zip_validates_and_installs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _new(tmp_path)
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    assert run_pack(str(folder), str(first)) == 0
    for file in folder.rglob("*"):  # other timestamps must not change the bytes
        os.utime(file, (1_000_000_000, 1_000_000_000))
    assert run_pack(str(folder), str(second)) == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and "course.yaml" in names
    assert {i.date_time for i in infos} == {ZIP_EPOCH}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    capsys.readouterr()
    assert run_validate(str(first), strict=True) == 0
    result = install_course(first, tmp_path / "courses")  # what File > Import course uses
    assert result.ok and result.course is not None
    assert result.course.id == "staying-present"


def test_pack_into_the_course_folder_itself_stays_the_same(tmp_path: Path) -> None:
    folder = _new(tmp_path)
    assert run_pack(str(folder), str(folder)) == 0
    packed = folder / "staying-present-0.1.0.zip"
    before = packed.read_bytes()
    assert run_pack(str(folder), str(folder)) == 0
    assert packed.read_bytes() == before
    assert "staying-present-0.1.0.zip" not in zipfile.ZipFile(packed).namelist()


def test_pack_refuses_a_course_with_errors_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_course(tmp_path / "c", {"m1/a.md": lesson("See [x](lesson:nowhere).\n")})
    target = tmp_path / "out.zip"
    code, out, err = _main(["pack", str(root), "-o", str(target)], capsys)
    assert code == 1
    assert "m1/a.md:5: error: link 'lesson:nowhere' names no lesson" in out
    assert "not packed" in err and "nothing was written" in err
    assert not target.exists()


def test_pack_needs_a_zip_name_and_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_course(tmp_path / "c")
    code, _, err = _main(["pack", str(root), "-o", str(tmp_path / "out.tar")], capsys)
    assert code == 1 and "should end in .zip" in err
    code, _, err = _main(["pack", str(tmp_path / "missing"), "-o", str(tmp_path / "a.zip")], capsys)
    assert code == 2 and "Nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


# --- course install / list --------------------------------------------------------------


def test_course_install_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _new(tmp_path)
    data = tmp_path / "data"
    code, out, _ = _main(["--data-dir", str(data), "course", "install", str(folder)], capsys)
    assert code == 0
    assert "Installed staying-present 0.1.0 in" in out
    installed = data / "courses" / "staying-present"
    assert (installed / "course.yaml").is_file()
    code, out, _ = _main(["--data-dir", str(data), "course", "list"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert f"staying-present 0.1.0  Staying Present  {installed}" in lines
    assert any(line.startswith("empathy-gap ") for line in lines)  # the shipped course


def test_course_install_refuses_a_broken_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_course(tmp_path / "c", {"course.yaml": MANIFEST.replace("id: demo\n", "")})
    args = main.build_parser().parse_args(["course", "install", str(root)])
    courses = tmp_path / "courses"
    assert run_course_command(args, tmp_path / "none", courses) == 1
    captured = capsys.readouterr()
    assert "course.yaml" in captured.out and "nothing was changed" in captured.err
    assert not courses.exists() or list(courses.iterdir()) == []
    args = main.build_parser().parse_args(["course", "install", str(tmp_path / "missing")])
    assert run_course_command(args, tmp_path / "none", courses) == 2


def test_course_list_with_nothing_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = main.build_parser().parse_args(["course", "list"])
    assert run_course_command(args, tmp_path / "a", tmp_path / "b") == 0
    assert "No courses are installed yet" in capsys.readouterr().out


# --- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["new-course", "--help"],
        ["pack", "--help"],
        ["course", "--help"],
        ["course", "install", "--help"],
        ["course", "list", "--help"],
    ],
)
def test_every_authoring_command_has_help(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main.main(argv)
    assert exit_.value.code == 0
    assert "usage: bridgework" in capsys.readouterr().out


def _checkout(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "main.py", *argv],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_from_a_checkout_new_course_then_validate(tmp_path: Path) -> None:
    folder = str(tmp_path / "c")
    made = _checkout("new-course", folder, "--title", "T")
    assert made.returncode == 0, made.stderr
    checked = _checkout("validate", "--strict", folder)
    assert checked.returncode == 0, checked.stdout
