"""The quick read-only look at progress gives what the full store gives, or None when unsure."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from fresh_process import modules_loaded_by
from store_helpers import COURSE, FakeClock, small_course

from course.paths import DataPaths
from course.store import QuizScores, open_store
from course.store.quick_read import read_progress

REPO_ROOT = Path(__file__).resolve().parents[2]


def _without_answers(scores: dict[str, QuizScores]) -> dict[str, QuizScores]:
    def strip(s: QuizScores) -> QuizScores:
        return dataclasses.replace(
            s,
            scored=dataclasses.replace(s.scored, answers=()),
            best=dataclasses.replace(s.best, answers=()),
            latest=dataclasses.replace(s.latest, answers=()),
        )

    return {quiz_id: strip(s) for quiz_id, s in scores.items()}


def _store_with_history(paths: DataPaths) -> None:
    clock = FakeClock()
    course = small_course()
    with open_store(paths, clock=clock, backup_at_open=False) as store:
        store.set_setting("first_run_done", True)
        store.set_setting("theme", "dark")
        for lesson_id in ("guilt", "mirror", "stories"):
            clock.advance(minutes=3)
            store.visit_lesson(course, lesson_id)
            store.save_position(course, lesson_id, 2, 0.25)
            store.add_active_time(course, lesson_id, 61.5)
        store.complete_lesson(course, "guilt")
        # Two quizzes: one with a tie for best and an open attempt, one never finished.
        for score in (0.5, 1.0, 1.0):
            clock.advance(minutes=1)
            attempt = store.start_quiz_attempt(course, "guilt", "q-guilt")
            store.record_answer(attempt, "a", 1, score)
            store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.75)
        store.start_quiz_attempt(course, "guilt", "q-guilt")
        store.start_quiz_attempt(course, "mirror", "q-mirror")
        # Another course's rows are not read.
        other = dataclasses.replace(course, id="other-course")
        store.visit_lesson(other, "guilt")


def test_gives_what_the_store_gives(data_paths: DataPaths) -> None:
    _store_with_history(data_paths)
    quick = read_progress(data_paths.database, COURSE.id)
    assert quick is not None
    with open_store(data_paths, backup_at_open=False) as store:
        states = store.lesson_states(COURSE.id)
        assert quick.completed == {lesson_id: st.completed for lesson_id, st in states.items()}
        assert quick.completed == {"guilt": True, "mirror": False, "stories": False}
        assert quick.last_position == store.last_position(COURSE.id)
        assert quick.quiz_scores == _without_answers(store.all_quiz_scores(COURSE.id))
        assert quick.settings == store.settings()
    assert quick.quiz_scores["q-guilt"].best.number == 2  # the earliest of the tied best


def test_an_empty_store_reads_as_no_progress(data_paths: DataPaths) -> None:
    open_store(data_paths, backup_at_open=False).close()
    quick = read_progress(data_paths.database, COURSE.id)
    assert quick is not None
    assert (quick.completed, quick.last_position, quick.quiz_scores) == ({}, None, {})


def test_missing_encrypted_or_out_of_date_files_give_none(data_paths: DataPaths) -> None:
    assert read_progress(data_paths.database, COURSE.id) is None
    _store_with_history(data_paths)
    conn = sqlite3.connect(data_paths.database)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0002_word_count'")
    conn.close()
    assert read_progress(data_paths.database, COURSE.id) is None
    data_paths.database.write_bytes(b"\x8f" * 4096)  # what an encrypted file looks like
    assert read_progress(data_paths.database, COURSE.id) is None


def test_reads_without_writing_and_without_sqlalchemy(data_paths: DataPaths) -> None:
    _store_with_history(data_paths)
    before = data_paths.database.read_bytes()
    code = (
        "import sys; from pathlib import Path\n"
        "from course.store.quick_read import read_progress\n"
        f"assert read_progress(Path({str(data_paths.database)!r}), 'empathy-gap') is not None\n"
    )
    assert modules_loaded_by(code, ["sqlalchemy"]) == []
    assert data_paths.database.read_bytes() == before


def quick_completed(store) -> dict[str, bool]:
    return {lesson_id: st.completed for lesson_id, st in store.lesson_states(COURSE.id).items()}


def test_the_open_store_reads_the_same_summary(data_paths: DataPaths) -> None:
    """The store's plain-SQL summaries (what each refresh reads) equal its ORM reads."""
    _store_with_history(data_paths)
    with open_store(data_paths, backup_at_open=False) as store:
        summary = store.progress_summary(COURSE.id)
        assert summary == read_progress(data_paths.database, COURSE.id)
        assert summary.completed == quick_completed(store)
        assert summary.quiz_scores == _without_answers(store.all_quiz_scores(COURSE.id))
        one = store.lesson_summary(COURSE.id, "guilt", ["q-guilt", "q-none"])
        assert one.state == store.lesson_state(COURSE.id, "guilt")
        assert one.last_position == store.last_position(COURSE.id)
        assert one.quiz_scores == {"q-guilt": summary.quiz_scores["q-guilt"]}
        mirror = store.lesson_summary(COURSE.id, "mirror", ["q-mirror"])
        assert mirror.quiz_scores == {}  # only an open attempt: nothing picked yet
        assert store.lesson_summary(COURSE.id, "unseen", []).state is None


def test_a_quiz_opening_reads_what_the_orm_reads(data_paths: DataPaths) -> None:
    """`quiz_opening` (one plain-SQL read as a quiz opens) gives the latest attempt with
    its answers, as `latest_quiz_attempt` does, and the scores of `quiz_scores`."""
    _store_with_history(data_paths)
    with open_store(data_paths, backup_at_open=False) as store:
        attempt = store.quiz_attempts(COURSE.id, "q-mirror")[-1].id
        for question_id, answer in (("s", frozenset({2, 0})), ("o", (2, 0, 1)), ("t", False)):
            store.record_answer(attempt, question_id, answer, 0.5)
        store.record_answer(attempt, "i", 3, 1.0)
        for quiz_id in ("q-guilt", "q-mirror", "q-none"):
            opening = store.quiz_opening(COURSE.id, quiz_id)
            assert opening.latest == store.latest_quiz_attempt(COURSE.id, quiz_id)
            scores = store.quiz_scores(COURSE.id, quiz_id)
            expected = None if scores is None else _without_answers({quiz_id: scores})[quiz_id]
            assert opening.scores == expected
        mirror = store.quiz_opening(COURSE.id, "q-mirror").latest
        assert mirror is not None and mirror.finished_at is None
        assert [a.answer for a in mirror.answers] == [frozenset({0, 2}), (2, 0, 1), False, 3]
        assert store.quiz_opening(COURSE.id, "q-guilt").scores.best.number == 2
