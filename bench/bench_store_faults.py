"""Fault injection, long version: every fault of tests/unit/test_store_faults.py with many
random seeds (where to truncate, which page to overwrite, which bits to flip), plain and
encrypted. Reports how many damaged profiles were recovered; any failure is a bug."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from _common import Measurement

TITLE = "Store fault injection: damaged profiles recovered"

ROOT = Path(__file__).resolve().parent.parent
SEEDS = 12  # per fault and per plain/encrypted; `make test` runs one


def run() -> list[Measurement]:
    env = {**os.environ, "BRIDGEWORK_FAULT_SEEDS": str(SEEDS)}
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/unit/test_store_faults.py",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    seconds = time.perf_counter() - start
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", summary)) else 0
    failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", summary)) else 0
    cases = passed + failed
    return [
        Measurement(
            "damaged profiles recovered",
            float(passed),
            f"of {cases}",
            budget="all",
            within=failed == 0 and done.returncode == 0,
            note=f"{SEEDS} seeds per fault, plain and encrypted; {summary}",
        ),
        Measurement(
            "time per damaged profile",
            seconds / max(cases, 1),
            "s",
            note="the whole run over the cases: making the profile, damaging it, recovering",
        ),
    ]
