"""Run a few lines in a fresh Python, as the app or a command starts, and see which
modules they loaded: the tests that keep heavy imports (Qt, SQLAlchemy, YAML, the HTTP
client) off a path need an interpreter that has not imported them already."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_MARK = "LOADED "


def modules_loaded_by(code: str, watched: Iterable[str]) -> list[str]:
    """Which of `watched` (each a module, with any module inside it) a fresh interpreter
    holds after running `code` from the repository's root; `code` may assert."""
    names = sorted(set(watched))
    report = (
        "\nimport json as _json, sys as _sys\n"
        f"_watched = {names!r}\n"
        "_loaded = sorted(w for w in _watched if any(m == w or m.startswith(w + '.') "
        "for m in _sys.modules))\n"
        f"print({_MARK!r} + _json.dumps(_loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code + report],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith(_MARK))
    return list(json.loads(line.removeprefix(_MARK)))
