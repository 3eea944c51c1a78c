"""A long session ends normally (issue 14): lessons opened, stepped, answered, refreshed.

The session runs in its own process (tests/support/soak.py), so an interpreter abort
such as "Fatal Python error: none_dealloc" fails this test instead of the test run.
The long version runs in `make bench` (bench/bench_soak.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[1] / "support" / "soak.py"
# Per course: warm-up openings, then measured ones, each lesson then stepped back and
# forth 25 times (its text and widgets are made once per opening, so the thousands of
# calls take seconds); the generated course is kept small, since what matters here is
# the number of calls, not the size of the text.
ARGS = ["--warmup", "5", "--rounds", "15", "--lessons", "30", "--words", "60", "--passes", "25"]


def test_a_long_session_ends_normally(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(SOAK), *ARGS],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["lesson_opens"] == 40
    # Several thousand: 40 openings, every step, every quiz answered, and the passes.
    assert summary["calls"] > 3000, summary
    if sys.version_info < (3, 12):  # None is immortal from 3.12 (PEP 683)
        # A binding that drops a reference to None per void call moves this by thousands
        # here (and aborts the app in a long session); a sound one leaves it about level.
        assert summary["none_refcount_drift"] > -300, summary
    # The app's collection policy (ui.app.apply_collection_policy, applied by the soak as
    # by run_app) freezes what lives at the first frame and at the course switch. What
    # the collector tracks, frozen included, grows only with the caches of the lessons
    # seen: about 1,700 objects after 15 openings here and after 45 (measured); a window
    # page or lesson view kept per opening would add hundreds each time.
    assert summary["frozen"] > 0, summary
    assert summary["tracked_objects_growth"] < 3000, summary
