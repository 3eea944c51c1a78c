"""Writer processes for test_crash_store, forked from one launcher so each starts in milliseconds.

Run as `python crash_writer.py DATA_DIR`. The launcher imports the store once, then
for every number N read from stdin forks a fresh writer process and prints
"pid PID"; the writer prints "opening" before opening the store, "ready" once it is
open, then for n = N, N+1, ...: saves answer n, a reflection autosave "entry n", a
review of a card answered n, a check-in with the note "check-in n", the wording of
course version n, a workspace report "report n" and a lesson left at step n with a
second of reading time (place and time in one commit), and prints n only after all
these calls returned (were committed). The test kills the
writer with SIGKILL at an unpredictable moment; the launcher prints "dead" once the
writer is gone, so every line printed by that writer comes before it.

Forking after the imports spares each round the ~0.5 s import of SQLAlchemy; the
writer is still a separate process that opens the database itself and dies by kill -9.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import fsrs  # noqa: F401  (the scheduler, likewise)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import course.store.backup
import course.store.export
import course.store.practice
import course.store.queries
import course.store.review
import course.store.schema
import course.store.tables
import course.store.workspace  # noqa: F401  (imported here so forked writers need not)
from course.model import (
    Course,
    Lesson,
    Module,
    Pick,
    PromptType,
    Reflection,
    ReflectPrompt,
    ReflectStep,
)
from course.paths import DataPaths
from course.store import CourseKey, ReviewGrade, open_store

COURSE = CourseKey("crash-course", "1.0.0")
MADE_ON = datetime.date(2026, 12, 1)


def say(text: str) -> None:
    """One line in one write(2) call, so lines of launcher and writer never interleave."""
    os.write(1, (text + "\n").encode())


def version(n: int) -> Course:
    """Version n of a one-prompt course, whose wording the writer keeps each round."""
    prompt = ReflectPrompt("r1", PromptType.TEXT, f"prompt {n}")
    lesson = Lesson(
        "lesson", "A lesson", "a.md", 1, (ReflectStep(Reflection("reflect", (prompt,))),)
    )
    return Course("crash-course", str(n), "Crash course", (Module("m", "M", (lesson,)),))


def write_forever(root: Path, first: int) -> None:
    say("opening")
    store = open_store(DataPaths(root))
    attempt = store.start_quiz_attempt(COURSE, "lesson", "quiz")
    store.ask_again(COURSE, "lesson", "quiz", "review-me")
    (card,) = store.review_cards()
    kept = store.clients()  # a workspace client, made by the first writer to get here
    client = kept[0] if kept else store.add_client("client A")
    say("ready")
    n = first
    while True:
        store.record_answer(attempt, f"q{n}", n, 1.0)
        store.save_reflection(COURSE, "lesson", "reflect", "r1", f"entry {n}")
        store.record_review(card.id, n, correct=True, grade=ReviewGrade.GOOD)
        store.add_check_in([Pick("calm", "calm", 1 + n % 5)], note=f"check-in {n}")
        store.keep_wording(version(n))
        store.add_client_report(client.id, f"report {n}", MADE_ON, "r.json", "{}")
        store.leave_lesson(COURSE, "lesson", n, 0.5, 1.0)
        say(str(n))
        n += 1


def main() -> None:
    root = Path(sys.argv[1])
    for line in sys.stdin:
        first = int(line)
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(root, first)
            except BaseException as error:
                os.write(2, f"writer failed: {error!r}\n".encode())
            finally:
                os._exit(1)
        say(f"pid {pid}")
        os.waitpid(pid, 0)
        say("dead")


if __name__ == "__main__":
    main()
