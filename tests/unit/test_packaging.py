"""The wheel holds every file the app opens at run time, and the code finds them through it.

Builds the wheel once from a copy of the checkout (no network: the venv's setuptools,
no build isolation), then checks its file list against the checkout and runs the
packaged `course` from an unrelated folder, with the checkout off the import path.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# What a wheel is built from: everything pyproject.toml points at.
_SOURCES = ("main.py", "setup.py", "pyproject.toml", "README.md", "LICENSE", "course", "ui",
            "resources", "content")  # fmt: skip


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in _SOURCES:
        origin = REPO_ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(out), str(source)],
        check=True, capture_output=True, cwd=out,
    )  # fmt: skip
    (built,) = out.glob("bridgework-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _expected_in_wheel() -> dict[str, Path]:
    """Wheel name -> checkout file, for everything the app reads or imports."""
    expected = {"main.py": REPO_ROOT / "main.py"}
    for package in ("course", "ui"):
        for path in _files(REPO_ROOT / package):
            if path.suffix == ".py" or "migrations" in path.parts:
                expected[path.relative_to(REPO_ROOT).as_posix()] = path
    # resources/ and content/ go inside the `course` package (see pyproject.toml).
    for folder in ("resources", "content"):
        for path in _files(REPO_ROOT / folder):
            expected["course/" + path.relative_to(REPO_ROOT).as_posix()] = path
    return expected


def test_every_file_the_app_opens_is_in_the_wheel(wheel_names: set[str]) -> None:
    missing = sorted(name for name in _expected_in_wheel() if name not in wheel_names)
    assert missing == [], "add these to setup.py's packages or pyproject.toml's package-data"


def test_the_wheel_carries_both_licences_and_the_command(wheel_names: set[str]) -> None:
    licences = {n.split("/licenses/", 1)[1] for n in wheel_names if "/licenses/" in n}
    assert licences == {"LICENSE", "content/LICENSE"}
    assert "GNU GENERAL PUBLIC LICENSE" in (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    course_licence = (REPO_ROOT / "content" / "LICENSE").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in course_licence


def test_the_wheel_declares_the_bridgework_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = (n for n in archive.namelist() if n.endswith("entry_points.txt"))
        text = archive.read(entry_points).decode()
    assert "bridgework = main:main" in text


def test_the_wheel_holds_no_stray_top_level_names(wheel_names: set[str]) -> None:
    top = {name.split("/", 1)[0] for name in wheel_names if not name.startswith("bridgework-")}
    assert top == {"main.py", "course", "ui"}


def test_packaged_code_finds_its_files_inside_the_package(wheel: Path, tmp_path: Path) -> None:
    """Run the unpacked wheel from an unrelated folder: every path must lead into it."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(site)!r})
        import course
        from course.paths import resources_dir, shipped_content_dir
        from course.loader import load_course
        from course.model import TextStep
        from course.render import lesson_stylesheet, render_markdown
        from course.store import schema

        site = {str(site)!r}
        for path in (course.__file__, resources_dir(), shipped_content_dir(),
                     schema.MIGRATIONS_DIR):
            assert str(path).startswith(site) and os.path.exists(path), path
        for revision in schema.KNOWN_REVISIONS:
            assert (schema.MIGRATIONS_DIR / "versions" / f"{{revision}}.py").is_file()
        result = load_course(shipped_content_dir() / "empathy-gap")
        assert result.course is not None, result.findings
        lesson = result.course.modules[0].lessons[0]
        step = next(s for s in lesson.steps if isinstance(s, TextStep))
        html = render_markdown(step.markdown, course=result.course, lesson=lesson,
                               course_root=shipped_content_dir() / "empathy-gap")
        assert "<body" in html and lesson_stylesheet("dark")
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-P", "-c", script], capture_output=True, text=True, cwd=elsewhere
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
