"""Benchmark: search over a generated 1,000-lesson course and 5,000 reflections, index build."""

from __future__ import annotations

import datetime as dt
import random
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
from generated_course import _VOCABULARY, write_generated_course  # noqa: E402

from course.loader import load_course  # noqa: E402
from course.paths import DataPaths  # noqa: E402
from course.search import CourseIndex, index_path  # noqa: E402
from course.store import CourseKey, open_store  # noqa: E402

TITLE = "Search and review (course/search.py, the store's private index)"
REFLECTIONS = 5000
WORD = "partner"  # a typical word: in most lessons and many reflections
_EXTRA = [
    "sunday",
    "mirror",
    "walk",
    "river",
    "evening",
    "coffee",
    "call",
    "sister",
    "work",
    "tired",
    "hope",
    "angry",
    "calm",
]


def _reflection(rng: random.Random) -> str:
    words = _VOCABULARY.split() + _EXTRA
    return " ".join(rng.choice(words) for _ in range(rng.randint(40, 160))).capitalize() + "."


def _fill_store(root: Path, passphrase: str | None) -> DataPaths:
    paths = DataPaths(root)
    clock_time = [dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)]
    rng = random.Random(2)
    course = CourseKey("generated", "1.0.0")
    with open_store(paths, passphrase, clock=lambda: clock_time[0]) as store:
        for n in range(REFLECTIONS):
            clock_time[0] += dt.timedelta(hours=1)
            store.save_reflection(course, f"lesson-{n % 1000}", f"r{n}", "p1", _reflection(rng))
    return paths


def _build(root: Path, course: object) -> float:
    path = index_path(root)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    index = CourseIndex(path)
    start = time.perf_counter()
    index.refresh([course])  # type: ignore[list-item]
    seconds = time.perf_counter() - start
    index.close()
    return seconds


def run() -> list[Measurement]:
    rows: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        base = Path(tmp)
        loaded = load_course(write_generated_course(base / "course"))
        course = loaded.course
        assert course is not None
        load_seconds = median_seconds(lambda: load_course(base / "course"), repeat=3, warmup=0)
        builds = [_build(base / "cache", course) for _ in range(3)]
        build = statistics.median(builds)
        rows.append(
            Measurement(
                "load the 1,000-lesson course (baseline, same run)",
                load_seconds,
                "s",
                note="median of 3; the index is built from the loaded course",
            )
        )
        rows.append(
            Measurement(
                "build the course index, 1,000 lessons",
                build,
                "s",
                budget="< 2 s",
                within=build < 2.0,
                note=f"median of 3 ({build / load_seconds:.2f}x loading); on a worker thread",
            )
        )
        index = CourseIndex(index_path(base / "cache"))
        start = time.perf_counter()
        index.refresh([course])
        unchanged = time.perf_counter() - start
        rows.append(
            Measurement(
                "check the index is up to date (every start)",
                unchanged * 1000,
                "ms",
                note="fingerprint of the course, no writes",
            )
        )

        for label, passphrase in (("plain", None), ("encrypted", "bench words")):
            paths = _fill_store(base / f"data-{label}", passphrase)
            with open_store(paths, passphrase) as store:
                lessons = index.search(WORD)
                writing = store.search_writing(WORD)
                assert lessons and writing, "the benchmark words must be found"

                def both(text: str = WORD) -> None:
                    index.search(text)
                    store.search_writing(text)

                typed = median_seconds(both, repeat=30)
                rows.append(
                    Measurement(
                        f"first results for '{WORD}', {label} store",
                        typed * 1000,
                        "ms",
                        budget="< 50 ms",
                        within=typed < 0.050,
                        note=f"median of 30; {len(lessons)} lessons + {len(writing)} pieces of "
                        f"writing shown, with excerpts; 1,000 lessons, {REFLECTIONS:,} reflections",
                    )
                )
                prefix = median_seconds(lambda: both(WORD[:4]), repeat=30)
                rows.append(
                    Measurement(
                        f"first results while typing '{WORD[:4]}', {label} store",
                        prefix * 1000,
                        "ms",
                        budget="< 50 ms",
                        within=prefix < 0.050,
                        note="median of 30; the last word also matches as a prefix",
                    )
                )
                old = median_seconds(lambda: store.reflections(search=WORD), repeat=10)
                rows.append(
                    Measurement(
                        f"Journal substring filter for '{WORD}', {label} (baseline)",
                        old * 1000,
                        "ms",
                        note="store.reflections(search=...): LIKE over every reflection",
                    )
                )
                if passphrase is None:
                    for n in range(12):
                        store.ask_again(CourseKey("generated", "1.0.0"), "lesson-0", "q", f"q{n}")
                    card = store.review_session()[0]
                    review = median_seconds(
                        lambda card=card: store.record_review(card.id, 0, correct=True),
                        repeat=20,
                    )
                    rows.append(
                        Measurement(
                            "committed review (schedule + log)",
                            review * 1000,
                            "ms",
                            budget="< 10 ms",
                            within=review < 0.010,
                            note="record_review: FSRS and one fsynced transaction",
                        )
                    )
        index.close()
    return rows


if __name__ == "__main__":
    from _common import format_table

    print(format_table(TITLE, run()))
