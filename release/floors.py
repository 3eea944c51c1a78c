"""Print pip constraints pinning every dependency to its floor in pyproject.toml.

`make check-floors` installs Bridgework with these constraints in a fresh venv and runs
the test suite, so a floor that is too low fails there, not on a user's computer.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def floors() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*[^;]*?>=\s*([0-9][^,;\s]*)", requirement)
        if match is None:
            raise SystemExit(f"No floor (>=) in {requirement!r}: every dependency needs one.")
        pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


if __name__ == "__main__":
    print("\n".join(floors()))
    sys.exit(0)
