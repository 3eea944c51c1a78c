"""Soak: one long session (thousands of opens, steps, answers, refreshes) ends normally.

The short version runs in `make test` (tests/gui/test_soak.py); this one opens each
lesson of the shipped course and of a generated 1,000-lesson course many times over,
stepping back and forth through each lesson opened.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import Measurement

TITLE = "Soak: a long session in one process"

ROOT = Path(__file__).resolve().parent.parent
SOAK = ROOT / "tests" / "support" / "soak.py"
ROUNDS = 300  # measured lesson openings per course, after the warm-up
WARMUP = 30
PASSES = 5  # back-and-forth passes through each lesson opened (tests/support/soak.py)
LESSONS = 1000
WORDS = 300


def run() -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": tmp}
        args = ["--rounds", str(ROUNDS), "--warmup", str(WARMUP), "--lessons", str(LESSONS)]
        args += ["--passes", str(PASSES)]
        done = subprocess.run(
            [sys.executable, str(SOAK), *args, "--words", str(WORDS)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
    ended = done.returncode == 0
    summary = json.loads(done.stdout.strip().splitlines()[-1]) if ended else {}
    if not ended:
        tail = done.stderr.strip().splitlines()[-3:]
        return [
            Measurement(
                "session ended normally",
                float(done.returncode),
                "exit code",
                budget="0",
                within=False,
                note=" / ".join(tail),
            )
        ]
    calls, seconds = summary["calls"], summary["seconds"]
    return [
        Measurement(
            "session ended normally",
            0.0,
            "exit code",
            budget="0",
            within=True,
            note=f"{summary['lesson_opens']} lesson opens (shipped course, then {LESSONS} "
            f"generated lessons), {calls} calls in all",
        ),
        Measurement("time per call", seconds / calls * 1000, "ms", note=f"{seconds:.1f} s in all"),
        Measurement(
            "None reference drift",
            float(summary["none_refcount_drift"]),
            "refs",
            budget="not minus thousands",
            within=summary["none_refcount_drift"] > -1000,
            note=f"Python {summary['python']}; immortal None from 3.12",
        ),
    ]
