"""Benchmarks for the progress store: committed writes, opening a year of use, key derivation."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import Measurement, median_seconds

TITLE = "Progress store (course/store)"

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from course.paths import DataPaths  # noqa: E402
from course.store import CourseKey, ProgressStore, open_store  # noqa: E402
from course.store.engine import connect, raw_connection  # noqa: E402

COURSE = CourseKey("empathy-gap", "1.0.0")
LESSONS = [f"lesson-{n:02d}" for n in range(30)]


class _Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def _import_seconds(module: str) -> float:
    """Median import time of `module` in fresh interpreters (the first run warms the disk)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
            ).stdout
        )
        for _ in range(4)
    ]
    return statistics.median(times[1:])


def _year_of_use(paths: DataPaths) -> tuple[int, int]:
    """Fill a store with a year of daily study; returns (writes, database bytes).

    Each day: one or two lessons visited, position and active time saved a few times,
    a reflection typed with autosaves (some a minute apart, so revisions pile up as in
    real use), a quiz every third day, and a weekly self-rating. Written with
    synchronous=OFF so generating it takes seconds; that does not change the file.
    """
    rng = random.Random(2026)
    clock = _Clock(dt.datetime(2025, 1, 1, 19, 0, tzinfo=dt.UTC))
    writes = 0
    with open_store(paths, clock=clock, backup_at_open=False) as store:
        raw_connection(store._engine).execute("PRAGMA synchronous = OFF")  # type: ignore[arg-type]
        for day in range(365):
            clock.now = dt.datetime(2025, 1, 1, 19, 0, tzinfo=dt.UTC) + dt.timedelta(days=day)
            for lesson in rng.sample(LESSONS, rng.randint(1, 2)):
                store.visit_lesson(COURSE, lesson)
                for step in range(4):
                    clock.now += dt.timedelta(minutes=2)
                    store.save_position(COURSE, lesson, step, rng.random())
                    store.add_active_time(COURSE, lesson, 110.0)
                    writes += 2
                text = ""
                for _ in range(12):
                    clock.now += dt.timedelta(seconds=rng.choice((5, 5, 5, 70)))
                    text += " " + " ".join(
                        rng.choice(
                            ("I", "felt", "she", "quiet", "listened", "ashamed", "wanted", "stay")
                        )
                        for _ in range(8)
                    )
                    store.save_reflection(COURSE, lesson, f"{lesson}-reflect", "r1", text.strip())
                    writes += 1
                store.complete_lesson(COURSE, lesson)
                writes += 2
            if day % 3 == 0:
                attempt = store.start_quiz_attempt(COURSE, LESSONS[day % 30], f"quiz-{day % 30}")
                for q in range(5):
                    store.record_answer(attempt, f"q{q}", rng.randint(0, 3), rng.random())
                store.finish_quiz_attempt(attempt, question_count=5, pass_ratio=0.7)
                writes += 7
            if day % 7 == 0:
                store.record_rating(COURSE, LESSONS[0], "weekly", "calm", rng.randint(0, 10))
                writes += 1
    return writes, paths.database.stat().st_size


def _write_medians(store: ProgressStore) -> tuple[float, float]:
    attempt = store.start_quiz_attempt(COURSE, "bench", "bench-quiz")
    counter = iter(range(10**6))

    def answer() -> None:
        store.record_answer(attempt, f"q{next(counter)}", {0, 2}, 0.5)

    words: list[str] = []

    def autosave() -> None:
        words.append("word")
        store.save_reflection(COURSE, "bench", "bench-reflect", "r1", " ".join(words))

    return median_seconds(answer, repeat=100), median_seconds(autosave, repeat=100)


def _raw_commit_median(folder: Path) -> float:
    """The floor set by the disk: a one-row commit with synchronous=FULL, no SQLAlchemy."""
    conn = connect(folder / "raw.db", None)
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (x INTEGER)")
    counter = iter(range(10**6))

    def commit() -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t VALUES (?)", (next(counter),))
        conn.execute("COMMIT")

    try:
        return median_seconds(commit, repeat=100)
    finally:
        conn.close()


def _open_median(paths: DataPaths, passphrase: str | None, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        store = open_store(paths, passphrase)
        times.append(time.perf_counter() - start)
        store.close()
    return statistics.median(times)


def run() -> list[Measurement]:
    rows = []
    orm_import = _import_seconds("sqlalchemy.orm")
    with tempfile.TemporaryDirectory() as tmp:
        # Committed writes on a fresh store (synchronous=FULL, WAL, one transaction each).
        fresh = DataPaths(Path(tmp) / "fresh")
        with open_store(fresh) as store:
            answer, autosave = _write_medians(store)
        floor = _raw_commit_median(fresh.profile_dir)
        rows.append(
            Measurement(
                "committed answer",
                answer * 1000,
                "ms",
                "< 10 ms",
                answer < 0.010,
                "record_answer: one transaction, fsynced (synchronous=FULL)",
            )
        )
        rows.append(
            Measurement(
                "reflection autosave",
                autosave * 1000,
                "ms",
                "< 10 ms",
                autosave < 0.010,
                "save_reflection of a growing text, fsynced",
            )
        )

        rows.append(
            Measurement(
                "raw SQLite commit, for comparison",
                floor * 1000,
                "ms",
                "",
                None,
                "one INSERT with synchronous=FULL and no SQLAlchemy: the disk's fsync",
            )
        )

        year = DataPaths(Path(tmp) / "year")
        writes, size = _year_of_use(year)
        open_store(year).close()  # imports, and the day's backup, before timing
        opening = _open_median(year, None, repeat=15)
        rows.append(
            Measurement(
                "open a year of daily use (plain)",
                opening * 1000,
                "ms",
                "< 100 ms",
                opening < 0.100,
                f"{writes} writes, {size / 1e6:.1f} MB; imports excluded; includes "
                "quick_check and the schema check",
            )
        )
        with open_store(year) as store:
            start = time.perf_counter()
            store.backup_now()
            backup = time.perf_counter() - start
        rows.append(
            Measurement(
                "daily backup of that year",
                backup * 1000,
                "ms",
                "",
                None,
                "once a day at most, at opening",
            )
        )
        with open_store(year) as store:
            start = time.perf_counter()
            store.set_passphrase("bench passphrase")
            encrypt = time.perf_counter() - start
        rows.append(
            Measurement(
                "turn on encryption for that year",
                encrypt * 1000,
                "ms",
                "",
                None,
                "export to a new file, verify, replace; re-keys backups too",
            )
        )
        encrypted_open = _open_median(year, "bench passphrase", repeat=5)
        rows.append(
            Measurement(
                "open that year encrypted",
                encrypted_open * 1000,
                "ms",
                "",
                None,
                "the difference from the plain opening is mostly key derivation",
            )
        )
        tiny = DataPaths(Path(tmp) / "tiny")
        open_store(tiny, "bench passphrase").close()
        kdf = _open_median(tiny, "bench passphrase", repeat=5)
        rows.append(
            Measurement(
                "key derivation (open an empty encrypted store)",
                kdf * 1000,
                "ms",
                "reported separately",
                None,
                "SQLCipher 4 default: PBKDF2-HMAC-SHA512, 256,000 iterations",
            )
        )
    rows.append(
        Measurement(
            "import sqlalchemy.orm (context)",
            orm_import * 1000,
            "ms",
            "",
            None,
            "paid once, off the GUI thread; alembic is imported only to migrate",
        )
    )
    return rows


if __name__ == "__main__":
    from _common import format_table

    print(format_table(TITLE, run()))
