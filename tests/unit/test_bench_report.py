"""`make bench` puts its tables into docs/PERFORMANCE.md and keeps the notes written there.

Before, a whole run wrote the page anew from its tables: every note under them (what a
change did, its before/after figures, what was left) was gone."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from _common import Measurement, format_table, merge_report  # noqa: E402

STOP = "<!-- Bundle figures below"  # the start of its line, as in run_all
HEADER = "# Performance\n\nMeasured by `make bench` on 2026-12-05: this machine.\n"
PAGE = f"""# Performance

Measured by `make bench` on 2026-11-26: an older machine.

### Lesson renderer

| measure | value | budget | within | note |
|---|---|---|---|---|
| render a lesson | 9.000 ms | < 50 ms | yes | old figure |

Before and after the renderer's cache, in one session: 30 ms went to 9 ms.

### Notes only

Written by hand.

{STOP} are written by another command. -->
### Bundle (PyInstaller one-folder, `make dist`)

| measure | value | budget | within | note |
|---|---|---|---|---|
| bundle size | 90.000 MB |  |  | |
"""


def _table(title: str, value: float) -> str:
    return format_table(title, [Measurement("render a lesson", value, "ms", "< 50 ms", True)])


def test_a_table_replaces_only_its_own_and_the_notes_stay() -> None:
    text = merge_report(PAGE, HEADER, [_table("Lesson renderer", 7.5)], "2026-12-05", STOP)

    assert "| render a lesson | 7.500 ms | < 50 ms | yes |  |" in text
    assert "old figure" not in text
    assert "Before and after the renderer's cache, in one session: 30 ms went to 9 ms." in text
    assert "Written by hand." in text
    assert "Measured by `make bench` on 2026-12-05: this machine." in text
    assert "2026-11-26" not in text
    assert text.index("7.500 ms") < text.index("`make bench` on 2026-12-05, one run")
    assert text.index("one run") < text.index("Before and after")
    assert text.split(STOP)[1] == PAGE.split(STOP)[1]  # the bundle's figures as they were


def test_a_second_run_leaves_one_table_and_one_line_saying_when() -> None:
    once = merge_report(PAGE, HEADER, [_table("Lesson renderer", 7.5)], "2026-12-05", STOP)
    twice = merge_report(once, HEADER, [_table("Lesson renderer", 8.25)], "2026-12-06", STOP)

    assert "7.500 ms" not in twice and "8.250 ms" in twice
    assert twice.count("one run; the notes below may be older") == 1
    assert "2026-12-06, one run" in twice
    assert twice.count("\n\n\n") == 0
    assert twice == merge_report(
        twice, HEADER, [_table("Lesson renderer", 8.25)], "2026-12-06", STOP
    )


def test_a_new_section_goes_before_the_bundle_and_a_new_page_is_the_tables() -> None:
    text = merge_report(PAGE, HEADER, [_table("Soak: a long session", 3.0)], "2026-12-05", STOP)
    assert text.index("### Soak: a long session") < text.index(STOP)
    assert text.index("### Notes only") < text.index("### Soak: a long session")
    assert "Written by hand.\n\n### Soak" in text
    assert "9.000 ms" in text  # the renderer's table was not in this run: it stays

    fresh = merge_report("", HEADER, [_table("Lesson renderer", 7.5)], "2026-12-05", STOP)
    assert fresh.startswith(HEADER) and "| render a lesson | 7.500 ms" in fresh
