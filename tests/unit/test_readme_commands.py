"""The README's command-line examples work as written, from the project folder."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def command_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the Command line section has a ```sh block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line]


def test_every_example_uses_the_projects_own_command() -> None:
    lines = command_lines()
    assert lines
    for line in lines:
        assert line.startswith(".venv/bin/bridgework"), line  # never a bare `python main.py`


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["validate", "content/empathy-gap", "--strict"]]
)
def test_examples_run_as_written(args: list[str], tmp_path: Path) -> None:
    command = ROOT / ".venv" / "bin" / "bridgework"
    if not command.exists():
        pytest.skip("no .venv here (make test makes one)")
    written = " ".join([".venv/bin/bridgework", *args])
    documented = {
        shlex.split(line)[1] if len(shlex.split(line)) > 1 else "" for line in command_lines()
    }
    assert args[0] in documented or args[0] in ("--help",), f"{written} is not in the README"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["BRIDGEWORK_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        shlex.split(written), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
