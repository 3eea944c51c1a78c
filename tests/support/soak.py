"""A long session in one process: open lessons, step, answer, refresh progress (issue 14).

Run as a script so that a crash of the interpreter (say a Qt binding that frees `None`)
is seen by the caller as an exit code, not as a dead test runner:

    python tests/support/soak.py --rounds 300 --lessons 200 --words 150 --passes 10

It opens the shipped course, then a generated course, and for each course goes round
its lessons: open, accept a content note, step to the end answering every quiz,
refresh progress, then step back and forth through the lesson a few times (each pass
ending with a refresh), as a learner rereading does. Calls are made directly, without
painting; the event loop runs between lessons so timers and deferred deletes happen as
in real use. The last line printed is a JSON summary (calls made, seconds, None's
reference count drift).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for entry in (str(ROOT), str(HERE)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WAIT_MS = 30000


def _wait_until(app: Any, condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"soak: timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.005)


def _answer_quiz(quiz_view: Any) -> int:
    """Answer every question of the quiz shown (correctly), finish it; the calls made."""
    from course.grading import correct_answer

    calls = 0
    if quiz_view.showing_summary():
        quiz_view.try_again()
        calls += 1
    while quiz_view.question is not None:
        quiz_view.choose(correct_answer(quiz_view.question))
        quiz_view.check()
        quiz_view.next_question()
        calls += 3
    return calls


def _back_and_forth(window: Any, page: Any, lesson: Any, passes: int) -> int:
    """Step back to the start and on to the end `passes` times, with a progress refresh
    after each pass (the lesson's, and every other one the whole course's); calls made.

    What a learner rereading does, and many Qt calls each: the steps' text and widgets
    are made once per opening, so these cost the window's work, not the renderer's.
    """
    calls = 0
    for n in range(passes):
        while page.step_index > 0:
            page.go_back()
            calls += 1
        while page.step_index + 1 < len(lesson.steps):
            page.go_next()
            calls += 1
        if n % 2:
            window.refresh_progress()
        else:
            window.session.progress.lesson_changed(lesson.id)
        calls += 1
    return calls


def _walk_course(app: Any, window: Any, rounds: int, first: int, passes: int = 0) -> int:
    """`rounds` lesson openings round the current course from lesson `first`, each walked
    to its end and then `passes` times back and forth; calls made."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from course.model import QuizStep
    from ui.quiz_view import QuizView

    course = window.course
    lessons = list(course.lessons())
    calls = 0
    for n in range(rounds):
        lesson = lessons[(first + n) % len(lessons)]
        window.open_lesson(lesson.id)
        page = window.lesson_page
        if page.showing_content_note():
            page.accept_content_note()
        page.go_to_step(0)
        calls += 2
        for index, step in enumerate(lesson.steps):
            if index:
                page.go_next()
                calls += 1
            if isinstance(step, QuizStep):
                widget = page.current_step_widget()
                assert isinstance(widget, QuizView), type(widget)
                calls += _answer_quiz(widget)
        window.refresh_progress()
        calls += 1 + _back_and_forth(window, page, lesson, passes)
        # What the event loop does between lessons: timers (position save, next step), and
        # deferred deletes, which processEvents() outside exec() leaves alone.
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return calls


def run(
    rounds: int, lessons: int, words: int, folder: Path, warmup: int = 30, passes: int = 0
) -> dict[str, Any]:
    from app_window import prepare_store
    from generated_course import write_generated_course
    from PySide6.QtCore import QCoreApplication, QEvent

    from course.paths import DataPaths
    from ui.app import apply_collection_policy, build_window, create_application

    app = create_application(["soak"])
    paths = DataPaths(folder / "data")
    paths.ensure()
    prepare_store(paths)
    big = write_generated_course(folder / "generated", lessons=lessons, words=words)

    window = apply_collection_policy(build_window(paths))  # as run_app does
    ready: list[bool] = []
    window.ready.connect(lambda: ready.append(True))
    window.show()  # one paint, so the store opens as at start-up; none after that
    _wait_until(app, lambda: bool(ready), "the store to open")

    start = time.perf_counter()
    calls, drifts, grown = _soak_course(app, window, rounds, warmup, passes)
    window.switch_course(big)
    _wait_until(app, lambda: getattr(window.course, "id", "") == "generated", "the switch")
    more, big_drifts, big_grown = _soak_course(app, window, rounds, warmup, passes)
    seconds = time.perf_counter() - start
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return {
        "calls": calls + more,
        "lesson_opens": 2 * (rounds + warmup),
        "seconds": round(seconds, 3),
        # None's reference count across the measured rounds (after `warmup` openings had
        # filled every cache): about zero with a sound Qt binding, minus thousands with
        # one that drops references (which ends in "Fatal Python error: none_dealloc").
        "none_refcount_drift": drifts + big_drifts,
        # Objects the collector tracks, frozen ones included, across the measured rounds:
        # level when nothing is kept (a frozen cycle would never be freed).
        "tracked_objects_growth": max(grown, big_grown),
        "frozen": gc.get_freeze_count(),
        "python": sys.version.split()[0],
    }


def _soak_course(
    app: Any, window: Any, rounds: int, warmup: int, passes: int
) -> tuple[int, int, int]:
    """Warm up, then `rounds` lesson openings; (calls, None's refcount drift, objects grown)."""
    calls = _walk_course(app, window, warmup, 0, passes)
    gc.collect()
    before = sys.getrefcount(None)
    tracked = _tracked()
    calls += _walk_course(app, window, rounds, warmup, passes)
    gc.collect()
    return calls, sys.getrefcount(None) - before, _tracked() - tracked


def _tracked() -> int:
    return len(gc.get_objects()) + gc.get_freeze_count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="lesson opens per course")
    parser.add_argument("--lessons", type=int, default=200, help="lessons in the generated course")
    parser.add_argument("--words", type=int, default=150, help="words per generated lesson")
    parser.add_argument("--warmup", type=int, default=30, help="lesson opens before measuring")
    parser.add_argument(
        "--passes", type=int, default=10, help="back-and-forth passes per lesson opening"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bridgework-soak-") as tmp:
        summary = run(args.rounds, args.lessons, args.words, Path(tmp), args.warmup, args.passes)
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
