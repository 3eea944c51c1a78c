"""Benchmark: load and validate the shipped course, and a generated 1,000-lesson course."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests" / "support"))

from _common import Measurement, median_seconds  # noqa: E402
from generated_course import (  # noqa: E402
    LESSONS,
    QUIZ_EVERY,
    WORDS_PER_LESSON,
    write_generated_course,
)

from course.loader import load_course  # noqa: E402

TITLE = "Course loader and validator"
SHIPPED = ROOT / "content" / "empathy-gap"


def run() -> list[Measurement]:
    rows: list[Measurement] = []
    if (SHIPPED / "course.yaml").is_file():
        result = load_course(SHIPPED)
        lessons = sum(1 for _ in result.course.lessons()) if result.course else 0
        seconds = median_seconds(lambda: load_course(SHIPPED), repeat=20, warmup=2)
        rows.append(
            Measurement(
                "load + validate content/empathy-gap",
                seconds * 1000,
                "ms",
                note=f"{lessons} lessons, {len(result.errors)} errors, "
                f"{len(result.warnings)} warnings",
            )
        )
    else:
        rows.append(
            Measurement(
                "load + validate content/empathy-gap", 0.0, "ms", note="skipped: no course.yaml yet"
            )
        )

    with tempfile.TemporaryDirectory(prefix="bench-loader-") as tmp:
        root = write_generated_course(Path(tmp))
        load_course(root)  # warm the OS file cache, as on a second start
        times, cpu_times = [], []
        result = None
        for _ in range(5):
            start, cpu_start = time.perf_counter(), time.process_time()
            result = load_course(root)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        seconds = statistics.median(times)
        assert result is not None
        words = sum(lesson.word_count for lesson in result.course.lessons()) if result.course else 0
        rows.append(
            Measurement(
                f"load + validate {LESSONS} lessons (~{WORDS_PER_LESSON} words, quiz every "
                f"{QUIZ_EVERY}rd)",
                seconds,
                "s",
                budget="< 1 s",
                within=seconds < 1.0,
                # CPU time too: on a busy machine the wall time says more about the neighbours.
                note=f"median of 5 (CPU {statistics.median(cpu_times):.3f} s); {words:,} words; "
                f"{len(result.findings)} findings",
            )
        )
    return rows
