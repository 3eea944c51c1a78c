"""ProgressStore: what it records and what the player and dashboard read back."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from fresh_process import modules_loaded_by
from store_helpers import COURSE, FakeClock, raw_rows, small_course

from course.paths import DataPaths
from course.store import (
    ActivityKind,
    CourseKey,
    ProgressStore,
    StoreError,
    StoreUnavailable,
    open_store,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(data_paths: DataPaths, clock: FakeClock):
    with open_store(data_paths, clock=clock) as opened:
        yield opened


# -- opening ------------------------------------------------------------------------------


def test_a_new_store_uses_wal_full_sync_and_foreign_keys(data_paths: DataPaths) -> None:
    store = open_store(data_paths)
    from course.store.engine import raw_connection

    raw = raw_connection(store._engine)  # type: ignore[arg-type]
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    assert data_paths.database.exists()
    assert store.closed
    store.close()  # twice is fine


def test_a_closed_store_says_so_plainly(data_paths: DataPaths) -> None:
    store = open_store(data_paths)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.visit_lesson(COURSE, "guilt")


def test_data_survives_closing_and_opening(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        store.complete_lesson(COURSE, "guilt")
        store.set_setting("theme", "dark")
    with open_store(data_paths) as store:
        state = store.lesson_state(COURSE.id, "guilt")
        assert state is not None and state.completed
        assert store.get_setting("theme") == "dark"


def test_opened_on_one_thread_used_on_another(data_paths: DataPaths) -> None:
    """The UI opens the store on a worker thread and then uses it on the GUI thread."""
    box: list[ProgressStore] = []
    worker = threading.Thread(target=lambda: box.append(open_store(data_paths)))
    worker.start()
    worker.join()
    with box[0] as store:
        store.visit_lesson(COURSE, "guilt")
        assert store.lesson_state(COURSE.id, "guilt") is not None


def test_normal_start_up_does_not_import_alembic(data_paths: DataPaths) -> None:
    open_store(data_paths).close()  # create it first; the check is on a normal opening
    script = (
        "from pathlib import Path\nfrom course.paths import DataPaths\n"
        "from course.store import open_store\n"
        f"open_store(DataPaths(Path({str(data_paths.root)!r}))).close()\n"
    )
    assert modules_loaded_by(script, ["alembic"]) == []


def test_importing_the_package_does_not_load_sqlalchemy() -> None:
    assert modules_loaded_by("import course.store", ["sqlalchemy"]) == []


def test_an_unwritable_data_folder_is_reported_plainly(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreUnavailable) as caught:
        open_store(DataPaths(blocker / "data"))
    assert "Nothing you already saved is lost" in str(caught.value)


def test_a_full_disk_during_a_write_is_reported_plainly(store: ProgressStore) -> None:
    from course.store.engine import raw_connection

    store.visit_lesson(COURSE, "guilt")
    raw = raw_connection(store._engine)  # type: ignore[arg-type]
    pages = raw.execute("PRAGMA page_count").fetchone()[0]
    raw.execute(f"PRAGMA max_page_count = {pages}")  # the database may not grow: "disk full"
    with pytest.raises(StoreUnavailable, match="disk is full"):
        for n in range(200):
            store.save_reflection(COURSE, "guilt", "r", "p", f"{n} " + "words " * 2000)
    raw.execute("PRAGMA max_page_count = 1073741823")
    store.visit_lesson(COURSE, "guilt")  # and the store keeps working afterwards
    state = store.lesson_state(COURSE.id, "guilt")
    assert state is not None and state.visits == 2


# -- lessons ------------------------------------------------------------------------------


def test_visits_position_time_and_completion(store: ProgressStore, clock: FakeClock) -> None:
    first = store.visit_lesson(COURSE, "guilt")
    assert (first.visits, first.step_index, first.completed) == (1, 0, False)
    clock.advance(minutes=5)
    store.save_position(COURSE, "guilt", 3, 0.25)
    store.add_active_time(COURSE, "guilt", 42.5)
    store.add_active_time(COURSE, "guilt", 17.5)
    store.add_active_time(COURSE, "guilt", -3)  # ignored
    store.complete_lesson(COURSE, "guilt")
    completed_at = clock.now
    clock.advance(days=1)
    store.visit_lesson(COURSE, "guilt")
    store.complete_lesson(COURSE, "guilt")  # again: the first completion time is kept

    state = store.lesson_state(COURSE.id, "guilt")
    assert state is not None
    assert state.visits == 2
    assert state.step_index == 3 and state.scroll == 0.25
    assert state.active_seconds == 60.0
    assert state.completed_at == completed_at
    assert state.first_visited_at < state.last_visited_at == clock.now
    assert store.lesson_state(COURSE.id, "mirror") is None


def _count_commits(store: ProgressStore) -> list[object]:
    """Every commit the store makes from now on (each one an fsync of the WAL)."""
    from sqlalchemy import event

    commits: list[object] = []
    event.listen(store._engine, "commit", commits.append)
    return commits


def test_leaving_a_lesson_keeps_place_and_time_in_one_commit(
    store: ProgressStore, clock: FakeClock, tmp_path: Path
) -> None:
    """Issue 14: leaving a lesson made two durable commits (place, then active time),
    each a wait for the disk; `leave_lesson` writes both in one."""
    import json

    store.visit_lesson(COURSE, "guilt")
    store.add_active_time(COURSE, "guilt", 10)
    clock.advance(minutes=5)
    commits = _count_commits(store)
    store.leave_lesson(COURSE, "guilt", 3, 0.25, 42.5)
    assert len(commits) == 1
    state = store.lesson_state(COURSE.id, "guilt")
    assert state is not None
    assert (state.step_index, state.scroll, state.active_seconds) == (3, 0.25, 52.5)
    assert state.last_visited_at == clock.now and state.visits == 1
    exported = json.loads((store.export_all(tmp_path) / "data.json").read_text("utf-8"))
    (lesson,) = exported["lessons"]
    assert (lesson["step_index"], lesson["scroll"], lesson["active_seconds"]) == (3, 0.25, 52.5)


def test_leaving_a_lesson_writes_what_there_is_as_the_single_writes_do(
    store: ProgressStore, clock: FakeClock
) -> None:
    commits = _count_commits(store)
    store.leave_lesson(COURSE, "guilt", None, 0.9, 0)  # no place, no time: nothing to do
    assert commits == [] and store.lesson_state(COURSE.id, "guilt") is None
    store.leave_lesson(COURSE, "guilt", -2, 1.7, 0)  # a first write makes the row
    state = store.lesson_state(COURSE.id, "guilt")
    assert state is not None and (state.step_index, state.scroll, state.visits) == (0, 1.0, 0)
    clock.advance(minutes=1)
    commits.clear()
    store.leave_lesson(COURSE, "guilt", None, 0.5, 30)  # time only: the place stays
    store.leave_lesson(COURSE, "guilt", 2, 0.5, -3)  # place only: no time taken away
    assert len(commits) == 2
    state = store.lesson_state(COURSE.id, "guilt")
    assert state is not None
    assert (state.step_index, state.scroll, state.active_seconds) == (2, 0.5, 30)
    assert state.last_visited_at == clock.now  # a place written is a visit's time, as before


def test_scroll_and_step_are_kept_in_range(store: ProgressStore) -> None:
    store.save_position(COURSE, "guilt", -2, 1.7)
    state = store.lesson_state(COURSE.id, "guilt")
    assert state is not None and (state.step_index, state.scroll) == (0, 1.0)


def test_course_progress_per_module(store: ProgressStore) -> None:
    course = small_course()
    for lesson_id in ("guilt", "mirror", "facts", "an-old-lesson-no-longer-in-the-course"):
        store.complete_lesson(course, lesson_id)
    store.visit_lesson(course, "stories")  # visited, not completed
    store.add_active_time(course, "guilt", 120)
    progress = store.course_progress(course)
    assert (progress.completed, progress.total) == (3, 5)
    assert [(m.module_id, m.completed, m.total) for m in progress.modules] == [
        ("shame", 2, 3),
        ("denial", 1, 2),
    ]
    assert progress.modules[0].fraction == pytest.approx(2 / 3)
    assert progress.active_seconds == 120


def test_completed_lesson_counts_by_course(store: ProgressStore) -> None:
    course = small_course()
    for lesson_id in ("guilt", "mirror"):
        store.complete_lesson(course, lesson_id)
    store.visit_lesson(course, "stories")  # visited, not completed
    other = CourseKey("another-course", "1.0.0")
    store.complete_lesson(other, "first")
    counts = store.completed_lesson_counts([course.id, "another-course", "never-opened"])
    assert counts == {course.id: 2, "another-course": 1, "never-opened": 0}
    assert store.completed_lesson_counts([]) == {}


def test_progress_survives_a_new_course_version(store: ProgressStore) -> None:
    store.complete_lesson(small_course("1.0.0"), "guilt")
    progress = store.course_progress(small_course("1.1.0"))
    assert progress.completed == 1
    store.visit_lesson(small_course("1.1.0"), "guilt")
    state = store.lesson_state("empathy-gap", "guilt")
    assert state is not None and state.course_version == "1.1.0"


def test_last_position_and_continue(store: ProgressStore, clock: FakeClock) -> None:
    assert store.continue_where_left_off() is None
    other = CourseKey("other-course", "2.0")
    store.save_position(COURSE, "guilt", 2, 0.5)
    clock.advance(minutes=1)
    store.save_position(other, "intro", 1, 0.0)
    clock.advance(minutes=1)
    store.save_position(COURSE, "mirror", 4, 0.75)
    here = store.continue_where_left_off()
    assert here is not None
    assert (here.course_id, here.lesson_id, here.step_index, here.scroll) == (
        "empathy-gap",
        "mirror",
        4,
        0.75,
    )
    assert here.at == clock.now
    there = store.last_position("other-course")
    assert there is not None and (there.lesson_id, there.course_version) == ("intro", "2.0")
    assert store.last_position("no-such-course") is None


def test_recent_activity_newest_first(store: ProgressStore, clock: FakeClock) -> None:
    store.visit_lesson(COURSE, "guilt")
    clock.advance(minutes=1)
    attempt = store.start_quiz_attempt(COURSE, "guilt", "guilt-check")
    store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.5)
    clock.advance(minutes=1)
    store.save_reflection(COURSE, "guilt", "guilt-reflect", "r1", "A first thought.")
    clock.advance(minutes=1)
    store.record_rating(COURSE, "guilt", "guilt-reflect", "r2", 6)
    clock.advance(minutes=1)
    store.complete_lesson(COURSE, "guilt")
    kinds = [a.kind for a in store.recent_activity()]
    assert kinds == [
        ActivityKind.COMPLETED,
        ActivityKind.RATING,
        ActivityKind.REFLECTION,
        ActivityKind.QUIZ,
        ActivityKind.VISITED,
    ]
    assert [a.kind for a in store.recent_activity(limit=2)] == kinds[:2]
    assert store.recent_activity()[3].detail == "guilt-check"


# -- quizzes ------------------------------------------------------------------------------


def test_answers_come_back_in_the_shapes_grading_takes(store: ProgressStore) -> None:
    attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
    store.record_answer(attempt, "single", 2, 1.0)
    store.record_answer(attempt, "multiple", {3, 0}, 0.5)
    store.record_answer(attempt, "true-false", False, 1.0)
    store.record_answer(attempt, "order", [2, 0, 1], 0.0)
    saved = store.quiz_attempt(attempt)
    assert saved is not None
    answers = {a.question_id: a.answer for a in saved.answers}
    assert answers == {
        "single": 2,
        "multiple": frozenset({0, 3}),
        "true-false": False,
        "order": (2, 0, 1),
    }
    assert type(answers["true-false"]) is bool
    assert type(answers["single"]) is int


def test_bad_answers_are_refused(store: ProgressStore) -> None:
    attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
    with pytest.raises(ValueError):
        store.record_answer(attempt, "q", ["a"], 1.0)  # type: ignore[list-item]
    with pytest.raises(ValueError):
        store.record_answer(attempt, "q", "text", 1.0)  # type: ignore[arg-type]


def test_answering_again_within_an_attempt_replaces_the_answer(store: ProgressStore) -> None:
    attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
    store.record_answer(attempt, "q1", 0, 0.0)
    store.record_answer(attempt, "q1", 1, 1.0)
    finished = store.finish_quiz_attempt(attempt, question_count=2, pass_ratio=0.5)
    assert [(a.question_id, a.answer, a.score) for a in finished.answers] == [("q1", 1, 1.0)]
    assert finished.score == 0.5 and finished.passed is True


def test_a_finished_attempt_cannot_change(store: ProgressStore, clock: FakeClock) -> None:
    attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
    store.record_answer(attempt, "q1", 1, 1.0)
    first = store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=1.0)
    clock.advance(minutes=1)
    again = store.finish_quiz_attempt(attempt, question_count=5, pass_ratio=1.0)
    assert again == first
    with pytest.raises(StoreError, match="already finished"):
        store.record_answer(attempt, "q1", 0, 0.0)
    with pytest.raises(StoreError, match="could not be found"):
        store.record_answer(9999, "q1", 0, 0.0)


def test_first_attempt_is_scored_best_and_latest_are_kept(
    store: ProgressStore, clock: FakeClock
) -> None:
    scores = [0.5, 1.0, 0.75]
    for number, score in enumerate(scores, start=1):
        attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
        store.record_answer(attempt, "q1", 1, score)
        store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.7)
        clock.advance(hours=number)
    store.start_quiz_attempt(COURSE, "guilt", "check")  # an open attempt does not count
    result = store.quiz_scores(COURSE.id, "check")
    assert result is not None
    assert result.attempts == 3
    assert (result.scored.number, result.scored.score, result.scored.passed) == (1, 0.5, False)
    assert result.scored.scored
    assert (result.best.number, result.best.score) == (2, 1.0)
    assert (result.latest.number, result.latest.score) == (3, 0.75)
    attempts = store.quiz_attempts(COURSE.id, "check")
    assert [a.number for a in attempts] == [1, 2, 3, 4]
    assert attempts[-1].finished_at is None and attempts[-1].score is None
    assert store.quiz_scores(COURSE.id, "never-taken") is None
    assert set(store.all_quiz_scores(COURSE.id)) == {"check"}


def test_scores_picked_in_sql_follow_the_rules_over_many_attempts(
    store: ProgressStore, clock: FakeClock
) -> None:
    """Scored = first finished, best = highest (ties to the earliest), latest = last finished.

    The database picks these (course/store/scores.py); this checks them against the rules
    written out in Python, over quizzes with ties, unfinished attempts and one to nine tries.
    """
    import random

    rng = random.Random(14)
    taken: dict[str, list[tuple[int, float | None]]] = {}
    for n in range(12):
        quiz_id = f"quiz-{n}"
        for number in range(1, rng.randint(1, 9) + 1):
            attempt = store.start_quiz_attempt(COURSE, "guilt", quiz_id)
            score = rng.choice([0.0, 0.25, 0.5, 0.5, 1.0])
            finished = rng.random() < 0.8 or (number == 1 and n % 4 == 0)
            if n % 5 == 1 and number == 1:
                finished = False  # the scored attempt left open: the first finished one counts
            if finished:
                store.record_answer(attempt, "q1", 1, score)
                store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.7)
            taken.setdefault(quiz_id, []).append((number, score if finished else None))
            clock.advance(minutes=5)

    everything = store.all_quiz_scores(COURSE.id)
    for quiz_id, attempts in taken.items():
        finished = [(number, score) for number, score in attempts if score is not None]
        one = store.quiz_scores(COURSE.id, quiz_id)
        if not finished:
            assert one is None and quiz_id not in everything
            continue
        best = max(finished, key=lambda a: (a[1], -a[0]))
        expected = (len(finished), finished[0][0], best[0], finished[-1][0])
        for got in (one, everything[quiz_id]):
            assert got is not None
            assert (got.attempts, got.scored.number, got.best.number, got.latest.number) == (
                expected
            ), quiz_id
            assert got.best.score == best[1]
    assert set(everything) == {q for q, a in taken.items() if any(s is not None for _, s in a)}


def test_pass_rule_matches_grading(store: ProgressStore) -> None:
    attempt = store.start_quiz_attempt(COURSE, "guilt", "thirds")
    for qid in ("a", "b"):
        store.record_answer(attempt, qid, 0, 1.0)
    finished = store.finish_quiz_attempt(attempt, question_count=3, pass_ratio=0.67)
    assert finished.score == pytest.approx(2 / 3)
    assert finished.passed is True  # 66.7% rounds to 67%
    empty = store.start_quiz_attempt(COURSE, "guilt", "no-questions")
    assert store.finish_quiz_attempt(empty, question_count=0, pass_ratio=0.7).passed is True


# -- reflections --------------------------------------------------------------------------


def test_autosaves_within_a_minute_update_the_latest_revision(
    store: ProgressStore, clock: FakeClock
) -> None:
    text = ""
    for word in ["I", "noticed", "I", "went", "quiet", "when", "she", "asked"]:
        text = f"{text} {word}".strip()
        store.save_reflection(COURSE, "guilt", "reflect", "r1", text)
        clock.advance(seconds=2)
    history = store.reflection_history(COURSE.id, "reflect", "r1")
    assert [r.text for r in history] == [text]
    assert store.reflection_text(COURSE.id, "reflect", "r1") == text

    clock.advance(seconds=60)
    store.save_reflection(COURSE, "guilt", "reflect", "r1", text + ", and I wanted to leave.")
    history = store.reflection_history(COURSE.id, "reflect", "r1")
    assert [r.text for r in history] == [text, text + ", and I wanted to leave."]


def test_a_big_deletion_starts_a_new_revision_so_nothing_is_lost(
    store: ProgressStore, clock: FakeClock
) -> None:
    long_text = "I felt ashamed and wanted to explain myself. " * 5
    store.save_reflection(COURSE, "guilt", "reflect", "r1", long_text)
    clock.advance(seconds=1)
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "Starting over.")
    assert [r.text for r in store.reflection_history(COURSE.id, "reflect", "r1")] == [
        long_text,
        "Starting over.",
    ]


def test_saving_the_same_text_writes_nothing(store: ProgressStore, clock: FakeClock) -> None:
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "")  # empty and new: nothing kept
    assert store.reflection_text(COURSE.id, "reflect", "r1") is None
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "Same.")
    before = store.reflections()[0]
    clock.advance(minutes=5)
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "Same.")
    assert store.reflections()[0] == before


def test_small_edit_rule() -> None:
    from course.store.queries import SMALL_EDIT_CHARS, small_edit

    base = "word " * 100
    assert small_edit(base, base + "more")
    assert small_edit(base, base[:-SMALL_EDIT_CHARS])
    assert not small_edit(base, base[: -SMALL_EDIT_CHARS - 1])
    assert small_edit(base, base[:200] + "X" * 40 + base[240:])
    assert not small_edit(base, "pasted over")
    assert small_edit("", "anything at all")


def test_journal_lists_searches_and_filters_reflections(
    store: ProgressStore, clock: FakeClock
) -> None:
    store.save_reflection(COURSE, "guilt", "guilt-reflect", "r1", "Shame made me DEFENSIVE.")
    clock.advance(hours=1)
    store.save_reflection(COURSE, "mirror", "mirror-reflect", "r1", "I listened for once.")
    clock.advance(hours=1)
    store.save_reflection(COURSE, "mirror", "mirror-reflect", "r2", "Ärger und Scham, 100% echt")
    other = CourseKey("other", "1")
    store.save_reflection(other, "x", "x-reflect", "r1", "elsewhere defensive")

    everything = store.reflections()
    assert [e.prompt_id for e in everything][:2] == ["r1", "r2"]  # newest first (same time)
    assert len(everything) == 4
    assert [e.lesson_id for e in store.reflections(COURSE.id, lesson_id="mirror")] == [
        "mirror",
        "mirror",
    ]
    found = store.reflections(COURSE.id, search="defensive")
    assert [e.lesson_id for e in found] == ["guilt"]
    assert len(store.reflections(search="defensive")) == 2
    assert [e.prompt_id for e in store.reflections(search="ärger")] == ["r2"]
    assert [e.prompt_id for e in store.reflections(search="100%")] == ["r2"]
    assert store.reflections(search="_") == []  # LIKE wildcards are taken literally
    entry = found[0]
    assert entry.revisions == 1 and entry.text == "Shame made me DEFENSIVE."
    first_hour = store.reflections(until=entry.updated_at + dt.timedelta(minutes=30))
    assert [e.lesson_id for e in first_hour] == ["guilt"]
    later = store.reflections(COURSE.id, since=entry.updated_at + dt.timedelta(minutes=30))
    assert [e.lesson_id for e in later] == ["mirror", "mirror"]
    pages = [store.reflections(limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [len(page) for page in pages] == [3, 1, 0]
    assert pages[0] + pages[1] == everything  # pages of the same list, in its order


# -- ratings and settings -----------------------------------------------------------------


def test_ratings_over_time(store: ProgressStore, clock: FakeClock) -> None:
    store.record_rating(COURSE, "guilt", "weekly", "calm", 3)
    clock.advance(seconds=10)
    store.record_rating(COURSE, "guilt", "weekly", "calm", 4)  # slider still moving
    clock.advance(days=7)
    store.record_rating(COURSE, "guilt", "weekly", "calm", 6)
    clock.advance(days=7)
    store.record_rating(COURSE, "guilt", "weekly", "calm", 7)
    store.record_rating(COURSE, "guilt", "weekly", "connected", 2)
    values = [r.value for r in store.ratings(COURSE.id, "weekly", "calm")]
    assert values == [4, 6, 7]
    assert store.latest_rating(COURSE.id, "weekly", "calm") == 7
    assert store.latest_rating(COURSE.id, "weekly", "unknown") is None
    assert len(store.ratings(COURSE.id)) == 4


def test_settings_round_trip(store: ProgressStore) -> None:
    assert store.get_setting("text_size", 14) == 14
    for key, value in {
        "text_size": 18,
        "theme": "high-contrast",
        "auto_lock_minutes": 10,
        "first_run_done": True,
        "line_spacing": 1.5,
        "last_course": None,
    }.items():
        store.set_setting(key, value)
    store.set_setting("text_size", 20)
    assert store.settings() == {
        "text_size": 20,
        "theme": "high-contrast",
        "auto_lock_minutes": 10,
        "first_run_done": True,
        "line_spacing": 1.5,
        "last_course": None,
    }
    with pytest.raises(ValueError):
        store.set_setting("nested", [1, 2])  # type: ignore[arg-type]


def test_no_file_paths_are_stored(store: ProgressStore, data_paths: DataPaths) -> None:
    store.visit_lesson(small_course(), "guilt")
    store.close()
    rows = raw_rows(data_paths.database, "SELECT * FROM lesson_progress")
    assert not any(isinstance(v, str) and v.endswith(".md") for row in rows for v in row)


# -- assignments ----------------------------------------------------------------------------


def test_assignments_are_kept_archived_and_never_doubled(
    store: ProgressStore, clock: FakeClock
) -> None:
    store.add_assignment("a-1", '{"therapist": "Sam"}')
    clock.advance(days=1)
    store.add_assignment("a-2", '{"therapist": "Alex"}')
    with pytest.raises(StoreError, match="already imported"):
        store.add_assignment("a-1", "{}")
    assert [a.id for a in store.assignments()] == ["a-1", "a-2"]
    store.archive_assignment("a-1")
    store.archive_assignment("a-1")  # again: nothing changes
    assert [a.id for a in store.assignments()] == ["a-2"]
    (archived, active) = store.assignments(include_archived=True)
    assert archived.archived_at == clock.now and active.archived_at is None
    assert archived.document_json == '{"therapist": "Sam"}'
    with pytest.raises(StoreError, match="could not be found"):
        store.archive_assignment("missing")


def _statements(store: ProgressStore) -> list[str]:
    """The SQL the store sends from now on (an engine event; the store is not changed)."""
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(
        store._engine,  # type: ignore[arg-type]
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_args: seen.append(" ".join(statement.split())),
    )
    return seen


def test_a_visit_and_a_quiz_resume_read_no_history(store: ProgressStore, clock: FakeClock) -> None:
    """Issue 14: opening a lesson after a year of use costs what one opening costs. A
    visit appends to the visit log without reading it; a quiz resumes from its latest
    attempt without reading every earlier one."""
    for _ in range(30):
        clock.advance(days=1)
        store.visit_lesson(COURSE, "guilt")
        attempt = store.start_quiz_attempt(COURSE, "guilt", "q-guilt")
        store.record_answer(attempt, "a", 1, 1.0)
        store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.75)
    open_attempt = store.start_quiz_attempt(COURSE, "guilt", "q-guilt")
    seen = _statements(store)
    state = store.visit_lesson(COURSE, "guilt")
    assert state.visits == 31
    assert not [s for s in seen if s.startswith("SELECT") and "FROM lesson_visits" in s]
    assert sum(s.startswith("INSERT INTO lesson_visits") for s in seen) == 1
    seen.clear()
    latest = store.latest_quiz_attempt(COURSE.id, "q-guilt")
    selects = [s for s in seen if s.startswith("SELECT")]
    assert len(selects) == 2 and "LIMIT" in selects[0]  # one attempt, then its answers
    assert latest is not None and latest.id == open_attempt and latest.number == 31
    assert latest == store.quiz_attempts(COURSE.id, "q-guilt")[-1]
    assert store.latest_quiz_attempt(COURSE.id, "q-mirror") is None
    store.visit_lesson(COURSE, "mirror")  # a first visit makes the row, then logs it
    assert store.recent_activity(5)[0].lesson_id == "mirror"


def test_a_page_of_reflections_counts_only_its_own_revisions(store, clock):
    # The Journal reads thousands of entries a page at a time (issue 14): each page used
    # to group and count every revision in the store before taking its rows.
    from sqlalchemy import event

    for n in range(6):
        clock.advance(minutes=1)
        store.save_reflection(COURSE, "mirror", "mirror-reflect", f"p{n}", f"First {n}.")
    for n in range(3):
        clock.advance(minutes=1)
        store.save_reflection(COURSE, "mirror", "mirror-reflect", "p1", f"Again {n}.")
    statements: list[str] = []
    event.listen(store._engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    pages = [store.reflections(limit=2, offset=offset) for offset in (0, 2, 4)]
    by_prompt = {e.prompt_id: e.revisions for page in pages for e in page}
    assert by_prompt == {"p0": 1, "p1": 4, "p2": 1, "p3": 1, "p4": 1, "p5": 1}
    assert statements and not any("GROUP BY" in sql.upper() for sql in statements)


def test_a_visit_is_recorded_without_the_orm(store: ProgressStore, clock: FakeClock) -> None:
    """Issue 14: every lesson opening records a visit; through a Session it cost 2-5 ms
    (about 14 ms the first time in a process). It is an upsert, a read of the row and an
    insert into the log, with the same state returned and the same rows kept."""
    sessions: list[object] = []
    original = store._session
    store._session = lambda: sessions.append(1) or original()  # type: ignore[method-assign]
    seen = _statements(store)
    first = store.visit_lesson(COURSE, "guilt")
    assert first.visits == 1 and first.step_index == 0 and not first.completed
    assert first.first_visited_at == first.last_visited_at == clock()
    store.save_position(COURSE, "guilt", 2, 0.5)
    clock.advance(days=1)
    again = store.visit_lesson(small_course("1.1.0"), "guilt")
    assert sessions == []
    assert again.visits == 2 and again.step_index == 2 and again.scroll == 0.5
    assert again.course_version == "1.1.0"
    assert again.first_visited_at == first.first_visited_at
    assert again.last_visited_at == clock()
    assert again == store.lesson_state(COURSE.id, "guilt")
    assert sum(s.startswith("INSERT INTO lesson_visits") for s in seen) == 2
    assert [a.lesson_id for a in store.recent_activity(5)] == ["guilt", "guilt"]  # both logged
