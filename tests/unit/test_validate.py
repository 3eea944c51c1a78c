"""`main.py validate`: compiler-style lines, a summary, and exit codes 0, 1 and 2."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from coursekit import MANIFEST, lesson, write_course

from course.validate import run_validate

REPO_ROOT = Path(__file__).resolve().parents[2]
IGNORED = " (content with a warning may be ignored; --strict treats warnings as errors)"


def run(
    path: Path | str, capsys: pytest.CaptureFixture[str], *, strict: bool = False
) -> tuple[int, list[str], str]:
    code = run_validate(str(path), strict=strict)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_a_valid_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(write_course(tmp_path), capsys, strict=True)
    assert (code, out, err) == (0, ["demo 1.0.0: no problems found (1 lesson, 0 quizzes)"], "")


def test_errors_are_listed_sorted_by_file_then_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_course(
        tmp_path,
        {
            "course.yaml": MANIFEST.replace('version: "1.0.0"', "version: 1.0")
            + "      - m1/b.md\n",
            "m1/a.md": lesson("Prose.\n![](pic.png)\n![Remote](https://example.org/x.png)\n"),
            "m1/pic.png": b"\x89PNG",
        },
    )
    code, out, _ = run(root, capsys)
    assert code == 1
    assert out == [
        'course.yaml:3: error: version should be text in quotes, like version: "1.0"; '
        "found a number '1.0'",
        "course.yaml:10: error: lesson file 'm1/b.md' is missing; check the spelling and that "
        "the file is inside the course folder",
        "m1/a.md:6: warning: image 'pic.png' has no alt text; describe it between the [ ] so "
        "people using a screen reader get it too",
        "m1/a.md:7: error: image 'https://example.org/x.png' is on the internet; Bridgework "
        "never fetches anything, so put the image file in the course folder and refer to it "
        "relative to the lesson",
        "demo: 3 errors, 1 warning" + IGNORED,
    ]


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_course(
        tmp_path, {"course.yaml": MANIFEST.replace("modules:", "colour: x\nmodules:")}
    )
    code, out, _ = run(root, capsys)
    assert code == 0
    assert out == [
        "course.yaml:5: warning: unknown key 'colour' in course.yaml (ignored)",
        "demo: 0 errors, 1 warning" + IGNORED,
    ]
    code, out, _ = run(root, capsys, strict=True)
    assert code == 1
    assert out[-1] == "demo: 0 errors, 1 warning"


def test_a_path_that_cannot_be_read_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(tmp_path / "missing", capsys)
    assert (code, out) == (2, [])
    missing = tmp_path / "missing"
    assert err == f"bridgework validate: {missing} does not exist. Check the path and try again.\n"
    not_a_zip = tmp_path / "course.zip"
    not_a_zip.write_bytes(b"nope")
    code, out, err = run(not_a_zip, capsys)
    assert (code, out) == (2, [])
    assert "is not a zip file that can be opened" in err


def test_a_folder_without_a_manifest_has_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(tmp_path, capsys)
    assert code == 1
    assert out[0].startswith("course.yaml: error: there is no course.yaml here")
    assert out[-1] == f"{tmp_path.name}: 1 error, 0 warnings"


def test_an_unsafe_zip_is_an_error_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "course.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("course.yaml", MANIFEST)
        zf.writestr("../evil.md", "x")
    code, out, _ = run(archive, capsys)
    assert code == 1
    assert out == [
        f"{archive}: error: the entry '../evil.md' contains '..'; a course package may not "
        "contain such entries",
        "course.zip: 1 error, 0 warnings",
    ]


def test_a_zip_validates_like_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_course(tmp_path / "src")
    archive = tmp_path / "course.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in root.rglob("*"):
            if path.is_file():
                zf.write(path, "demo/" + path.relative_to(root).as_posix())
    code, out, _ = run(archive, capsys, strict=True)
    assert (code, out) == (0, ["demo 1.0.0: no problems found (1 lesson, 0 quizzes)"])


def test_main_dispatches_validate_with_strict(tmp_path: Path) -> None:
    root = write_course(
        tmp_path, {"course.yaml": MANIFEST.replace("modules:", "colour: x\nmodules:")}
    )
    command = [sys.executable, "main.py", "validate", str(root)]
    relaxed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    strict = subprocess.run(
        [*command, "--strict"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    missing = subprocess.run(
        [sys.executable, "main.py", "validate", str(tmp_path / "nope")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (relaxed.returncode, strict.returncode, missing.returncode) == (0, 1, 2)
    assert strict.stdout.splitlines()[-1] == "demo: 0 errors, 1 warning"
    assert "does not exist" in missing.stderr and "Traceback" not in missing.stderr
