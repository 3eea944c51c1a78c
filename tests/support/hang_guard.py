"""Run code in a child Python that is killed after a generous limit, so a hang fails a test.

The limit guards against hangs only (an input that never finishes, or takes minutes);
it is far above what the code needs, so it never turns into a timing assertion.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HANG_LIMIT_SECONDS = 20


def run_without_hang(code: str, *args: str, limit: float = HANG_LIMIT_SECONDS) -> str:
    """Run `code` with `args` as sys.argv[1:]; its stdout, or a test failure if it hangs."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {limit} s: it hangs (or is far too slow)")
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
