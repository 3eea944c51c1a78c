"""Start-up and step time of the player window, against a bare PySide6 window in the same run.

Each start-up figure is measured in a fresh subprocess, from just before the process
is spawned to the milestone the app prints when BRIDGEWORK_BENCH_EXIT_AFTER is set
(painted: the window's first frame with the shipped course; ready: the learner's
progress shown, from a read-only look at the database while the store opens; store:
the store open, so writes are possible). Peak memory is the child's ru_maxrss from
wait4, taken from the "store" runs, the later milestone.

Pairs: each round spawns the bare window and then the app, so the two see the same
moment of a shared machine. The budget is checked on the median of the rounds' own
ratios (app / bare of the same round), which a load that comes and goes between rounds
moves far less than the ratio of the two medians; both are reported. Each child also
prints its own CPU time at the first frame (time.process_time), reported beside: a
steadier measure of the work done than wall time on a shared machine.

Bytecode: an installed app has its .pyc files (pip writes them at install), so the
children may write and use them, kept in a temporary PYTHONPYCACHEPREFIX so the
checkout stays clean, even when the caller sets PYTHONDONTWRITEBYTECODE; one warm-up
run of each fills that cache before anything is timed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import Measurement

TITLE = "Player window: start-up, memory, step to step"
ROOT = Path(__file__).resolve().parent.parent
RUNS = 9

BARE_WINDOW = r"""
import sys, time
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    done = False
    def event(self, event):
        if event.type() == QEvent.Type.Paint and not Window.done:
            Window.done = True
            QTimer.singleShot(0, report)
        return super().event(event)

def report():
    print(f"BRIDGEWORK_BENCH painted {time.time():.6f} cpu={time.process_time():.4f}", flush=True)
    app.quit()

app = QApplication(sys.argv[:1])
window = Window()
window.setWindowTitle("Bridgework")
window.resize(1100, 720)
window.show()
app.exec()
"""

STEP_TIME = r"""
import statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from course.paths import DataPaths
from ui.app import create_application, build_window
app = create_application()
window = build_window(DataPaths(Path(sys.argv[2])))
from PySide6.QtCore import QEventLoop
loop = QEventLoop()
window.ready.connect(loop.quit)
window.show()
loop.exec()
view = window.lesson_page
times = []
for lesson_id in ("shame-and-guilt", "three-shame-reactions", "building-tolerance"):
    window.open_lesson(lesson_id)
    if view.showing_content_note():
        view.accept_content_note()
    view.go_to_step(0)
    app.processEvents()
    for _ in range(4):
        moves = view.step_count() - 1
        for move in [view.go_next] * moves + [view.go_back] * moves:
            start = time.perf_counter()
            move()
            view.repaint()  # the step is drawn, not just chosen
            app.processEvents()
            times.append(time.perf_counter() - start)
print(f"STEP {statistics.median(times):.6f} {max(times):.6f} {len(times)}", flush=True)
window.close()
"""


def _spawn(args: list[str], env: dict[str, str]) -> tuple[float, float, int, float]:
    """(seconds from spawn to the milestone, peak RSS in MiB, exit code, the child's own
    CPU seconds at the milestone)."""
    start = time.time()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    line = next((x for x in out.splitlines() if x.startswith("BRIDGEWORK_BENCH")), "")
    words = line.split()
    stamp = float(words[2]) if len(words) > 2 else float("nan")
    cpu = next((float(w[4:]) for w in words if w.startswith("cpu=")), float("nan"))
    return stamp - start, usage.ru_maxrss / 1024, proc.returncode, cpu


def _prepare_profile(data_dir: Path) -> None:
    """A profile with some history, so "ready" includes real progress to show."""
    sys.path.insert(0, str(ROOT))
    from course.loader import load_course
    from course.paths import DataPaths
    from course.store.api import open_store

    course = load_course(ROOT / "content" / "empathy-gap").course
    assert course is not None
    store = open_store(DataPaths(data_dir), backup_at_open=False)
    store.set_setting("first_run_done", True)
    for lesson in list(course.lessons())[:8]:
        store.visit_lesson(course, lesson.id)
        store.save_position(course, lesson.id, 1, 0.3)
        store.complete_lesson(course, lesson.id)
        for reflection in lesson.reflections:
            for prompt in reflection.prompts:
                store.save_reflection(course, lesson.id, reflection.id, prompt.id, "words " * 40)
    store.close()


def run() -> list[Measurement]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        data = Path(tmp) / "data"
        _prepare_profile(data)
        _spawn([python, "-c", BARE_WINDOW], env)
        _spawn(
            [python, "main.py", "--data-dir", str(data)],
            dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="store"),
        )
        bare, painted, ready, store, rss = [], [], [], [], []
        bare_cpu, painted_cpu = [], []
        for _ in range(RUNS):
            seconds, _mem, _code, cpu = _spawn([python, "-c", BARE_WINDOW], env)
            bare.append(seconds)
            bare_cpu.append(cpu)
            seconds, _mem, _code, cpu = _spawn(
                [python, "main.py", "--data-dir", str(data)],
                dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="painted"),
            )
            painted.append(seconds)
            painted_cpu.append(cpu)
            seconds, mem, _code, _cpu = _spawn(
                [python, "main.py", "--data-dir", str(data)],
                dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="ready"),
            )
            ready.append(seconds)
            seconds, mem, _code, _cpu = _spawn(
                [python, "main.py", "--data-dir", str(data)],
                dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="store"),
            )
            store.append(seconds)
            rss.append(mem)
        step_out = subprocess.run(
            [python, "-c", STEP_TIME, str(ROOT), str(data)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    base = statistics.median(bare)
    p, r, s = statistics.median(painted), statistics.median(ready), statistics.median(store)
    # The painted run follows its bare window at once; ready follows painted.
    p_ratio = statistics.median(a / b for a, b in zip(painted, bare, strict=True))
    r_ratio = statistics.median(a / b for a, b in zip(ready, bare, strict=True))
    cpu_ratio = statistics.median(a / b for a, b in zip(painted_cpu, bare_cpu, strict=True))
    rows = [
        Measurement("bare PySide6 window painted (baseline)", base, "s", note=f"median of {RUNS}"),
        Measurement(
            "main window painted with the shipped course",
            p,
            "s",
            "<= 1.5x bare",
            p_ratio <= 1.5,
            f"{p_ratio:.2f}x bare, median of {RUNS} paired rounds ({p / base:.2f}x the median)",
        ),
        Measurement(
            "CPU of the process at its first frame (app)",
            statistics.median(painted_cpu) * 1000,
            "ms",
            note=f"{cpu_ratio:.2f}x the bare window's "
            f"{statistics.median(bare_cpu) * 1000:.0f} ms, median of {RUNS} paired rounds; "
            "a busy machine moves it less than wall time",
        ),
        Measurement(
            "ready, with the learner's progress shown",
            r,
            "s",
            "<= 2.5x bare",
            r_ratio <= 2.5,
            f"{r_ratio:.2f}x bare, median of {RUNS} paired rounds ({r / base:.2f}x the median)",
        ),
        Measurement(
            "store open (writes possible)", s, "s", note=f"{s / base:.2f}x bare; no budget"
        ),
        Measurement(
            "peak memory with the store open (max RSS)",
            max(rss),
            "MiB",
            "< 150 MiB",
            max(rss) < 150,
            f"worst of {RUNS}",
        ),
    ]
    step_line = next((line for line in step_out.splitlines() if line.startswith("STEP")), "")
    if step_line:
        _, median, worst, count = step_line.split()
        rows.append(
            Measurement(
                "step to step in a lesson (Next/Back, drawn)",
                float(median) * 1000,
                "ms",
                "< 50 ms",
                float(median) * 1000 < 50,
                f"median of {count}; worst {float(worst) * 1000:.1f} ms",
            )
        )
    return rows


if __name__ == "__main__":
    from _common import format_table

    print(format_table(TITLE, run()))
