"""Benchmark: the Insights page with two years of daily check-ins, and the feelings picker.

Budgets (issue 9): Insights opens to its first drawn chart in under 300 ms with about
2,000 check-ins; the picker opens in under 50 ms. Each is measured against a baseline
in the same run: a plain QWidget with a label for the picker, and the Journal page's
widget for Insights (both shown and painted the same way).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _common import Measurement  # noqa: E402

TITLE = "Feelings practice (issue 9): Insights and the feelings picker"
CHECK_INS = 2000  # about two years, two or three a day on some days
REPEAT = 7


def _fill(root: Path) -> object:
    from course.feelings import Pick, shipped_vocabulary
    from course.paths import DataPaths
    from course.store import open_store

    vocabulary = shipped_vocabulary()
    rng = random.Random(9)
    now = [dt.datetime(2024, 12, 5, 8, tzinfo=dt.UTC)]
    store = open_store(DataPaths(root), clock=lambda: now[0], backup_at_open=False)
    for _ in range(CHECK_INS):
        now[0] += dt.timedelta(hours=8, minutes=rng.randint(0, 300))
        chosen = rng.sample(vocabulary.feelings, rng.randint(1, 3))
        store.add_check_in([Pick(f.word, f.family, rng.randint(1, 5)) for f in chosen])
    return store


def _paint(widget: object) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    widget.resize(1000, 720)
    widget.show()
    widget.grab()  # paints every visible child, as the first frame does


def _time(make: object) -> float:
    start = time.perf_counter()
    widget = make()  # type: ignore[operator]
    _paint(widget)
    seconds = time.perf_counter() - start
    widget.close()
    widget.deleteLater()
    return seconds


def run() -> list[Measurement]:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    from course.feelings import shipped_vocabulary
    from ui.feelings_picker import FeelingsPicker
    from ui.insights import InsightsView, insights_from
    from ui.journal import JournalView

    rows: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="bench-insights-") as tmp:
        store = _fill(Path(tmp))
        vocabulary = shipped_vocabulary()

        def open_insights() -> object:
            check_ins = store.check_ins()  # type: ignore[attr-defined]
            data = insights_from(check_ins, [], None, vocabulary, dt.date(2026, 12, 4))
            view = InsightsView()
            view.show_insights(data)
            return view

        def open_journal() -> object:
            view = JournalView(store)  # type: ignore[arg-type]
            view.refresh()
            return view

        def open_picker() -> object:
            return FeelingsPicker(vocabulary)

        def bare() -> object:
            return QLabel("How are you right now?")

        for make in (open_insights, open_journal, open_picker, bare):  # warm imports
            _time(make)
            app.processEvents()
        timings = {}
        for name, make in (
            ("insights", open_insights),
            ("journal", open_journal),
            ("picker", open_picker),
            ("bare", bare),
        ):
            samples = []
            for _ in range(REPEAT):
                samples.append(_time(make))
                app.processEvents()
            timings[name] = statistics.median(samples)
        store.close()  # type: ignore[attr-defined]

    insights, journal = timings["insights"], timings["journal"]
    rows.append(
        Measurement(
            f"Insights with {CHECK_INS:,} check-ins: read, compute, first drawn charts",
            insights * 1000,
            "ms",
            "< 300 ms",
            insights < 0.300,
            f"journal page (no reflections) in the same run: {journal * 1000:.1f} ms",
        )
    )
    picker, bare_label = timings["picker"], timings["bare"]
    rows.append(
        Measurement(
            "Feelings picker: made and painted",
            picker * 1000,
            "ms",
            "< 50 ms",
            picker < 0.050,
            f"a bare label in the same run: {bare_label * 1000:.1f} ms",
        )
    )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row.name}: {row.value:.1f} {row.unit} (budget {row.budget}) {row.note}")
