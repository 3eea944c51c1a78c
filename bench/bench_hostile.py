"""Benchmark: validating and rendering hostile lessons (issue 13), against plain prose.

Each hostile lesson holds 100 KB of one pattern that used to make the loader's scanners
(or Python-Markdown) quadratic. The baseline row, measured in the same run, is a lesson
of 100 KB of ordinary words; the hostile rows should stay close to it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from _common import Measurement, median_seconds  # noqa: E402
from coursekit import lesson, write_course  # noqa: E402

from course.loader import load_course  # noqa: E402
from course.model import Course, Lesson, Module, TextStep  # noqa: E402
from course.render import render_markdown  # noqa: E402

TITLE = "Hostile lessons: 100 KB of unclosed brackets and tags (issue 13)"
SIZE = 100_000
BUDGET_SECONDS = 1.0


def _fill(pattern: str, tail: str = "") -> str:
    return pattern * (SIZE // len(pattern)) + tail


BODIES = {
    "plain words (baseline)": _fill("word "),
    "unclosed link brackets": _fill("[", "\n](x)\n"),
    "unclosed image brackets": _fill("![", "\n](x)\n"),
    "unclosed reference images": "![a]" + _fill("![", "][b]\n"),
    "unclosed <img tags": _fill("<img "),
    "unclosed link targets '[x](<'": _fill("[x](<"),
    "short unclosed brackets, one paragraph": _fill("[a " + "b" * 60 + "\n"),
}


def run() -> list[Measurement]:
    rows: list[Measurement] = []
    course_model = Course(
        "c", "1", "C", (Module("m", "M", (Lesson("l1", "L1", "l1.md", 5, (TextStep("x"),)),)),)
    )
    the_lesson = course_model.modules[0].lessons[0]
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        for name, body in BODIES.items():
            root = write_course(Path(tmp) / name.replace(" ", "-"), {"m1/a.md": lesson(body)})
            seconds = median_seconds(lambda root=root: load_course(root), repeat=5, warmup=1)
            rows.append(
                Measurement(
                    f"validate: {name}",
                    seconds * 1000,
                    "ms",
                    budget="< 1 s",
                    within=seconds < BUDGET_SECONDS,
                    note=f"{len(body) // 1000} KB lesson",
                )
            )
        for name, body in BODIES.items():
            seconds = median_seconds(
                lambda body=body: render_markdown(
                    body, course=course_model, lesson=the_lesson, course_root=None
                ),
                repeat=5,
                warmup=1,
            )
            rows.append(
                Measurement(
                    f"render: {name}",
                    seconds * 1000,
                    "ms",
                    budget="< 1 s",
                    within=seconds < BUDGET_SECONDS,
                    note="over the Markdown budget: shown as plain text"
                    if "baseline" not in name
                    else "through Python-Markdown",
                )
            )
    return rows


if __name__ == "__main__":
    from _common import format_table

    print(format_table(TITLE, run()))
