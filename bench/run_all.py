"""Run every benchmark in bench/, print the figures, and record them in docs/PERFORMANCE.md.

A whole run (no names given) puts each table in its section of that page and keeps the
notes written under it (`_common.merge_report`); a run of some benchmarks only prints.

Each `bench/bench_*.py` module has `TITLE` and `run() -> list[Measurement]`. Budgets are
reported, never enforced: timing belongs here, not in the test suite.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from _common import format_table, merge_report  # noqa: E402


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


BUNDLE_MARKER = "<!-- Bundle figures below are written by `make dist-check`"


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    selected = set(argv)
    sections = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem
        if selected and name not in selected and name.removeprefix("bench_") not in selected:
            continue
        module = importlib.import_module(name)
        print(f"running {name} ...", flush=True)
        table = format_table(module.TITLE, module.run())
        print(table + "\n", flush=True)
        sections.append(table)
    if not selected:
        header = [
            "# Performance",
            "",
            f"Measured by `make bench` on {dt.date.today().isoformat()}: {machine_description()}.",
            "Budgets come from the issues; figures are medians unless a row says otherwise.",
            "The machine is shared and figures move by about 20% between runs: compare rows",
            "within one run (each start-up row is measured against a bare PySide6 window in",
            "the same run), not across runs.",
            "",
            "How to read the start-up rows: *painted* is the first frame of the main window",
            "with the shipped course; *ready* is when the learner's progress is on screen,",
            "read with the standard sqlite3 module before SQLAlchemy has loaded",
            "(course/store/quick_read.py); *store open* is when the full store can take writes",
            "(SQLAlchemy's import alone is about 0.4 s, paid off the GUI thread). An encrypted",
            "profile shows the unlock page instead, and key derivation is reported in the",
            "store section.",
            "",
        ]
        target = ROOT / "docs" / "PERFORMANCE.md"
        # The tables go into their sections; the notes written under them, and the
        # bundle's figures from `make dist-check` (release/dist_check.py), stay.
        previous = target.read_text(encoding="utf-8") if target.exists() else ""
        text = merge_report(
            previous, "\n".join(header), sections, dt.date.today().isoformat(), BUNDLE_MARKER
        )
        target.write_text(text, encoding="utf-8")
        print("written to docs/PERFORMANCE.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
