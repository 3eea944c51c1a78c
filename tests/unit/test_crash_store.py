"""Kill -9 a writer many times: the database stays intact and every acknowledged write is kept."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import pytest

from course.paths import DataPaths
from course.store import open_store
from course.store.engine import connect

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 25

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _kill_point(rng: random.Random) -> tuple[str, int]:
    """Where to kill: while opening, just after opening, or after k acknowledged writes.

    The writer does not wait for the test, so by the time the kill lands it is somewhere
    in the middle of a later write: the moment within a write is left to chance.
    """
    roll = rng.random()
    if roll < 0.15:
        return "opening", 0
    if roll < 0.25:
        return "ready", 0
    return "acks", rng.randint(1, 12)


def _check(database: Path, acknowledged: set[int]) -> None:
    conn = connect(database, None)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "quiz_answers" not in tables:  # killed before the first opening finished
            assert not acknowledged
            return
        saved = {int(row[0]) for row in conn.execute("SELECT answer_json FROM quiz_answers")}
        texts = conn.execute("SELECT text FROM reflections").fetchall()
        reviewed = {int(row[0]) for row in conn.execute("SELECT answer_json FROM review_log")}
        found = conn.execute("SELECT rowid FROM private_search WHERE private_search MATCH 'entry'")
        indexed = found.fetchall()
        notes = conn.execute("SELECT note FROM feeling_entries").fetchall()
        worded = conn.execute(
            "SELECT course_version, text FROM course_wording WHERE kind = 'prompt'"
        )
        wording = {int(version): text for version, text in worded.fetchall()}
        reports = conn.execute("SELECT report_key FROM ws_reports").fetchall()
        left = conn.execute("SELECT step_index, active_seconds FROM lesson_progress").fetchall()
    finally:
        conn.close()
    missing = acknowledged - saved
    assert not missing, f"acknowledged but lost: {sorted(missing)[:10]}"
    missing_reviews = acknowledged - reviewed
    assert not missing_reviews, f"reviews acknowledged but lost: {sorted(missing_reviews)[:10]}"
    assert len(indexed) == len(texts)  # the search index is in step with the text
    checked_in = {int(str(note).removeprefix("check-in ")) for (note,) in notes}
    missing = acknowledged - checked_in
    assert not missing, f"acknowledged check-ins lost: {sorted(missing)[:10]}"
    missing = acknowledged - set(wording)
    assert not missing, f"acknowledged wording lost: {sorted(missing)[:10]}"
    assert all(text == f"prompt {n}" for n, text in wording.items())
    kept = {int(str(key).removeprefix("report ")) for (key,) in reports}
    missing = acknowledged - kept
    assert not missing, f"acknowledged workspace reports lost: {sorted(missing)[:10]}"
    if acknowledged:  # each leave acknowledged kept its place and its second of reading
        ((step, seconds),) = left
        assert step >= max(acknowledged) and seconds >= len(acknowledged)
        (text,) = texts
        assert int(str(text[0]).removeprefix("entry ")) >= max(acknowledged)


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_write(data_paths: DataPaths) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    acknowledged: set[int] = set()
    next_number = 0
    launcher = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_paths.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert launcher.stdin is not None and launcher.stdout is not None
    writer: int | None = None  # the live writer's pid, so it never outlives a failure
    try:
        for round_number in range(ROUNDS):
            where, count = _kill_point(rng)
            launcher.stdin.write(f"{next_number}\n")
            launcher.stdin.flush()
            killed = reached = False
            acks_seen = 0
            while True:
                line = launcher.stdout.readline()
                word = line.strip()
                if not line or word == "dead":
                    writer = None
                    break
                if word.startswith("pid "):
                    writer = int(word.split()[1])
                elif word.isdigit():
                    acknowledged.add(int(word))  # printed only after its commit
                    acks_seen += 1
                reached = reached or (
                    (where == "opening" and word == "opening")
                    or (where == "ready" and word == "ready")
                    or (where == "acks" and acks_seen >= count)
                )
                if reached and not killed and writer is not None:
                    os.kill(writer, signal.SIGKILL)
                    killed = True  # read on up to "dead": later lines are acknowledged too
            said = ""
            if not killed:  # say why: the writer prints its error before it exits
                os.set_blocking(launcher.stderr.fileno(), False)  # type: ignore[union-attr]
                said = launcher.stderr.read() or ""  # type: ignore[union-attr]
            assert killed, (
                f"the writer stopped by itself (seed {seed}, round {round_number}): {said}"
            )
            _check(data_paths.database, acknowledged)
            next_number = max(acknowledged, default=next_number - 1) + 1 + rng.randint(0, 3)
    finally:
        if writer is not None:
            with suppress(ProcessLookupError):
                os.kill(writer, signal.SIGKILL)
        launcher.kill()
        _, errors = launcher.communicate()
        if errors:
            print(errors, file=sys.stderr)  # the writer's own error, if it failed
    assert len(acknowledged) > ROUNDS  # the test did exercise the store
    with open_store(data_paths) as store:  # and the store opens normally afterwards
        answers = {
            a.answer for at in store.quiz_attempts("crash-course", "quiz") for a in at.answers
        }
        assert answers >= acknowledged
