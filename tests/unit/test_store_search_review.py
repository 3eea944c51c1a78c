"""The store's half of search and review: the private index inside the database, and cards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from damage import plain_text_in
from store_helpers import COURSE, FakeClock, raw_rows

from course.paths import DataPaths
from course.store import (
    ProgressStore,
    ReviewGrade,
    ReviewReason,
    delete_all_data,
    open_store,
)

CANARY = "zebrafinchcanary"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(data_paths: DataPaths, clock: FakeClock):
    with open_store(data_paths, clock=clock) as opened:
        yield opened


def _words(hit) -> str:
    return "".join(text for text, _ in hit.excerpt)


def _marked(hit) -> list[str]:
    return [text for text, matched in hit.excerpt if matched]


# -- search over the learner's writing ------------------------------------------------------


def test_a_reflection_is_found_by_a_word_inside_it(store: ProgressStore) -> None:
    store.save_reflection(COURSE, "mirror", "look", "r1", "On Sunday I saw my face in the lift")
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "Nothing about weekends here")
    hits = store.search_writing("sunday")
    assert [(h.lesson_id, h.reflection_id, h.prompt_id) for h in hits] == [("mirror", "look", "r1")]
    assert _marked(hits[0]) == ["Sunday"]
    assert "saw my face" in _words(hits[0])


def test_writing_search_stems_ignores_accents_and_finds_words_being_typed(
    store: ProgressStore,
) -> None:
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "I felt ashamed at the café")
    store.save_reflection(COURSE, "guilt", "reflect", "r2", "Feelings came in waves")
    assert [h.prompt_id for h in store.search_writing("feeling ")] == ["r2"]  # stem
    assert [h.prompt_id for h in store.search_writing("cafe")] == ["r1"]  # accent
    assert [h.prompt_id for h in store.search_writing("ash")] == ["r1"]  # being typed
    assert [h.prompt_id for h in store.search_writing("felt shame")] == ["r1"]  # a-shamed
    store.save_reflection(COURSE, "guilt", "reflect", "r3", "There was shame in it")
    assert [h.prompt_id for h in store.search_writing("ashamed")] == ["r1", "r3"]
    assert store.search_writing("ash ") == []  # a finished word is a whole word
    assert store.search_writing('"; DROP TABLE reflections; --') == []  # never FTS syntax


def test_the_index_follows_edits_and_deletions(store: ProgressStore, clock: FakeClock) -> None:
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "a walk by the river")
    assert len(store.search_writing("river")) == 1
    clock.advance(seconds=5)
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "a walk by the sea")
    assert store.search_writing("river") == []
    assert len(store.search_writing("sea")) == 1
    clock.advance(minutes=5)
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "")
    assert store.search_writing("sea") == []
    store.save_reflection(COURSE, "guilt", "reflect", "r1", "the sea again")
    assert len(store.search_writing("sea")) == 1
    assert store.delete_reflection(COURSE.id, "reflect", "r1")
    assert store.search_writing("sea") == []
    assert store.reflection_text(COURSE.id, "reflect", "r1") is None
    assert not store.delete_reflection(COURSE.id, "reflect", "r1")


def test_the_index_survives_a_restart_and_re_keying(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "the lighthouse at night")
        store.set_passphrase("some words")
        assert len(store.search_writing("lighthouse")) == 1
    with open_store(data_paths, "some words") as store:
        assert len(store.search_writing("lighthouses")) == 1
        store.save_reflection(COURSE, "guilt", "reflect", "r2", "another lighthouse")
        assert len(store.search_writing("lighthouse")) == 2


def test_with_a_passphrase_no_plain_copy_of_the_writing_is_on_disk(
    data_paths: DataPaths, shipped_course
) -> None:
    from course.search import CourseIndex, index_path

    # The course index lives in the same data folder (its cache); searching it and the
    # store for the learner's words must leave no trace of them anywhere.
    index = CourseIndex(index_path(data_paths.root / "cache"))
    index.refresh([shipped_course])
    with open_store(data_paths, "canary words") as store:
        assert index.search(CANARY) == []
        store.save_reflection(COURSE, "guilt", "reflect", "r1", f"my secret {CANARY} word")
        attempt = store.start_quiz_attempt(COURSE, "guilt", f"quiz-{CANARY}")
        store.record_answer(attempt, f"q-{CANARY}", 0, 0.0)
        store.ask_again(COURSE, "guilt", f"quiz-{CANARY}", "q2")
        (card, *_) = store.review_session()
        store.record_review(card.id, 1, correct=True, grade=ReviewGrade.EASY)
        assert len(store.search_writing(CANARY)) == 1
        assert len(store.search_writing(CANARY[:6])) == 1
        # While open (WAL and all) and after closing, nothing holds the text in the clear.
        assert plain_text_in(data_paths.root, CANARY) == []
    index.close()
    assert index_path(data_paths.root / "cache").is_file()
    assert plain_text_in(data_paths.root, CANARY, ("utf-8", "utf-16-le")) == []


def test_an_older_store_is_indexed_when_it_is_upgraded(data_paths: DataPaths) -> None:
    from course.store import schema
    from course.store.engine import close_engine, connect, make_engine

    conn = connect(data_paths.database, None)
    conn.execute("PRAGMA journal_mode = WAL")
    engine = make_engine(conn)
    schema.upgrade(engine, "0003_assignments")
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO reflections (id, course_id, course_version, lesson_id, reflection_id, "
            "prompt_id, created_at, updated_at, text) VALUES (1, 'empathy-gap', '1.0.0', "
            "'guilt', 'reflect', 'r1', '2026-01-05 10:05:00.000000', "
            "'2026-01-05 10:06:00.000000', 'written before search existed')"
        )
    close_engine(engine)
    with open_store(data_paths) as store:
        assert [h.prompt_id for h in store.search_writing("existed")] == ["r1"]
        assert store.review_cards() == []


def test_fresh_and_migrated_search_tables_are_the_same(data_paths: DataPaths, tmp_path) -> None:
    from course.store import schema
    from course.store.engine import close_engine, connect, make_engine

    fresh = DataPaths(tmp_path / "fresh")
    open_store(fresh).close()
    conn = connect(data_paths.database, None)
    engine = make_engine(conn)
    schema.upgrade(engine)
    close_engine(engine)
    query = (
        "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'private_search%' ORDER BY name"
    )
    migrated = raw_rows(data_paths.database, query)
    made = raw_rows(fresh.database, query)
    # The table, four shadow tables (config among them), three triggers for reflections,
    # and three each for check-ins and perspective answers (revision 0005).
    assert len(made) == 15
    assert [(t, n, " ".join(str(s).split())) for t, n, s in migrated] == [
        (t, n, " ".join(str(s).split())) for t, n, s in made
    ]


# -- review cards ---------------------------------------------------------------------------


def test_a_missed_question_becomes_due_is_answered_and_comes_back_later(
    data_paths: DataPaths, clock: FakeClock
) -> None:
    with open_store(data_paths, clock=clock) as store:
        attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
        store.record_answer(attempt, "q1", 2, 0.0)  # missed
        store.record_answer(attempt, "q2", 1, 1.0)  # right: no card
        store.record_answer(attempt, "q3", {0, 1}, 0.5)  # partly right: a card
        store.finish_quiz_attempt(attempt, question_count=3, pass_ratio=0.7)
        first_score = store.quiz_scores(COURSE.id, "check")
        assert first_score is not None
        status = store.review_status()
        assert (status.due, status.done_today, status.daily_limit) == (2, 0, 10)
        session = store.review_session()
        assert [(c.quiz_id, c.question_id, c.reason) for c in session] == [
            ("check", "q1", ReviewReason.MISSED),
            ("check", "q3", ReviewReason.MISSED),
        ]
        card = store.record_review(session[0].id, 0, correct=True, grade=ReviewGrade.GOOD)
        assert card.due > clock.now and card.reviews == 1 and card.last_review == clock.now
        again = store.record_review(session[1].id, {1}, correct=False)
        assert again.due > clock.now
        assert store.review_status().due == 0
        assert store.review_status().done_today == 2
        # Reviews never touch the quiz's recorded first score.
        assert store.quiz_scores(COURSE.id, "check") == first_score
    clock.advance(days=1, hours=1)
    with open_store(data_paths, clock=clock) as store:  # survives a restart
        cards = {c.question_id: c for c in store.review_cards()}
        assert cards["q1"].reviews == 1 and cards["q3"].reviews == 1
        assert [c.question_id for c in store.review_session()] == ["q3"]  # the missed one
        assert store.review_status().done_today == 0  # a new day


def test_good_answers_space_a_card_further_each_time(store: ProgressStore, clock) -> None:
    store.ask_again(COURSE, "guilt", "check", "q1")
    (card,) = store.review_session()
    assert card.reason is ReviewReason.ASKED
    intervals = []
    for _ in range(4):
        reviewed = store.record_review(card.id, 0, correct=True, grade=ReviewGrade.GOOD)
        intervals.append(reviewed.due - clock.now)
        clock.now = reviewed.due
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0]


def test_easy_is_spaced_further_than_hard(store: ProgressStore) -> None:
    store.ask_again(COURSE, "guilt", "check", "q1")
    store.ask_again(COURSE, "guilt", "check", "q2")
    first, second = store.review_session()
    hard = store.record_review(first.id, 0, correct=True, grade=ReviewGrade.HARD)
    easy = store.record_review(second.id, 0, correct=True, grade=ReviewGrade.EASY)
    assert easy.due > hard.due


def test_asking_again_makes_a_waiting_card_due_now(store: ProgressStore, clock) -> None:
    store.ask_again(COURSE, "guilt", "check", "q1")
    (card,) = store.review_session()
    store.record_review(card.id, 0, correct=True, grade=ReviewGrade.EASY)
    assert store.review_session() == []
    store.ask_again(COURSE, "guilt", "check", "q1")
    assert [c.id for c in store.review_session()] == [card.id]
    assert len(store.review_cards()) == 1


def test_the_daily_limit_caps_a_session_and_skipped_days_just_wait(
    store: ProgressStore, clock: FakeClock
) -> None:
    for n in range(14):
        store.ask_again(COURSE, "guilt", "check", f"q{n}")
    assert len(store.review_session()) == 10
    store.set_review_daily_limit(3)
    session = store.review_session()
    assert len(session) == 3
    for card in session[:2]:
        store.record_review(card.id, 0, correct=True)
    assert len(store.review_session()) == 1
    assert store.review_status().available == 1
    clock.advance(days=30)  # a month away: everything is simply due, nothing is lost
    status = store.review_status()
    assert status.due == 14 and status.done_today == 0 and status.available == 3


def test_cards_are_exported_as_readable_rows_and_deleted_with_everything(
    data_paths: DataPaths, tmp_path: Path, clock: FakeClock
) -> None:
    with open_store(data_paths, clock=clock) as store:
        attempt = store.start_quiz_attempt(COURSE, "guilt", "check")
        store.record_answer(attempt, "q1", 2, 0.0)
        (card,) = store.review_session()
        store.record_review(card.id, 1, correct=True, grade=ReviewGrade.EASY)
        folder = store.export_all(tmp_path / "out")
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    (exported,) = data["review_cards"]
    assert exported["question_id"] == "q1" and exported["reason"] == "missed"
    assert exported["state"] == "review"
    assert exported["reviews"] == [
        {
            "reviewed_at": clock.now.isoformat(timespec="seconds"),
            "answer": 1,
            "correct": True,
            "rating": "easy",
        }
    ]
    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    assert "## Review questions" in markdown and "missed in a quiz" in markdown
    delete_all_data(data_paths)
    with open_store(data_paths, clock=clock) as store:
        assert store.review_cards() == []
        assert store.search_writing("anything") == []
