"""Feelings practice in the store: check-ins, feelings prompts, perspective drafts.

The same four checks as reflections: kept and read back, in the export, gone after
delete, and never in plain text on disk once a passphrase is set (the kill -9 check is
in test_crash_store, whose writer saves a check-in on every round).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from damage import plain_text_in
from store_helpers import COURSE, FakeClock

from course.feelings import Pick
from course.paths import DataPaths
from course.store import StoreError, delete_all_data, open_store

CANARY = "zebra-lantern-4471"


@pytest.fixture
def clock():
    return FakeClock()


def test_a_check_in_is_kept_with_its_feelings_in_order(data_paths: DataPaths, clock) -> None:
    with open_store(data_paths, clock=clock) as store:
        first = store.add_check_in([Pick("anxious", "afraid", 4), Pick("hopeful", "hopeful", 2)])
        clock.advance(hours=3)
        store.add_check_in([Pick("calm", "calm", 3)], note="after a walk")
    with open_store(data_paths, clock=clock) as store:
        entries = store.check_ins()
    assert entries[0].id == first
    assert [[p.word for p in e.picks] for e in entries] == [["anxious", "hopeful"], ["calm"]]
    assert entries[0].picks[0] == Pick("anxious", "afraid", 4)
    assert entries[1].note == "after a walk" and not entries[1].from_lesson
    assert entries[1].recorded_at - entries[0].recorded_at == clock.now - entries[0].recorded_at


@pytest.mark.parametrize(
    "picks", [[], [Pick("calm", "calm", 0)], [Pick("calm", "calm", 6)], [Pick(" ", "calm", 3)]]
)
def test_a_check_in_without_a_proper_feeling_is_refused_plainly(data_paths, picks) -> None:
    with open_store(data_paths) as store:
        with pytest.raises(StoreError) as caught:
            store.add_check_in(picks)
        assert store.check_ins() == []
    assert "feeling" in str(caught.value)


def test_check_ins_since_and_without_lessons(data_paths, clock) -> None:
    with open_store(data_paths, clock=clock) as store:
        store.add_check_in([Pick("down", "sad", 2)])
        clock.advance(days=10)
        since = clock.now
        store.add_check_in([Pick("glad", "glad", 3)])
        store.save_feelings(COURSE, "guilt", "guilt-r", "now", [Pick("guilty", "guilty", 4)])
        assert [e.picks[0].word for e in store.check_ins(since)] == ["glad", "guilty"]
        assert [e.picks[0].word for e in store.check_ins(include_lessons=False)] == [
            "down",
            "glad",
        ]


def test_a_feelings_prompt_is_changed_within_the_hour_and_kept_as_new_after(
    data_paths, clock
) -> None:
    with open_store(data_paths, clock=clock) as store:
        store.save_feelings(COURSE, "guilt", "r", "p", [Pick("hurt", "hurt", 3)], body="chest")
        clock.advance(minutes=5)
        store.save_feelings(COURSE, "guilt", "r", "p", [Pick("hurt", "hurt", 5)], body="chest")
        latest = store.latest_feelings(COURSE.id, "r", "p")
        assert latest is not None and latest.picks == (Pick("hurt", "hurt", 5),)
        assert latest.body == "chest" and latest.lesson_id == "guilt"
        assert len(store.check_ins()) == 1
        clock.advance(days=7)
        store.save_feelings(COURSE, "guilt", "r", "p", [Pick("calm", "calm", 2)])
        assert [e.picks[0].word for e in store.check_ins()] == ["hurt", "calm"]


def test_deleting_a_check_in_removes_it_and_its_feelings(data_paths) -> None:
    with open_store(data_paths) as store:
        entry = store.add_check_in([Pick("calm", "calm", 3)])
        store.delete_check_in(entry)
        assert store.check_ins() == []
        store.delete_check_in(entry)  # twice is fine


def test_perspective_drafts_first_then_model_answer_then_second(data_paths, clock) -> None:
    with open_store(data_paths, clock=clock) as store:
        args = (COURSE, "empathy", "empathy-r", "partner")
        with pytest.raises(StoreError, match="Write your own answer first"):
            store.save_perspective(*args, reveal=True)
        store.save_perspective(*args, first_draft="She may feel betrayed")
        with pytest.raises(StoreError):
            store.save_perspective(*args, second_draft="too early")
        answer = store.save_perspective(
            *args, first_draft="She may feel betrayed and alone", reveal=True
        )
        assert answer.revealed and answer.first_draft == "She may feel betrayed and alone"
        # After the model answer, the first draft is kept as it was.
        store.save_perspective(*args, first_draft="rewritten", second_draft="and afraid")
    with open_store(data_paths, clock=clock) as store:
        again = store.perspective(COURSE.id, "empathy-r", "partner")
        assert again is not None
        assert (again.first_draft, again.second_draft) == (
            "She may feel betrayed and alone",
            "and afraid",
        )
        assert [p.prompt_id for p in store.perspectives()] == ["partner"]


def fill(store) -> None:
    store.add_check_in([Pick("lonely", "lonely", 4)], note=f"check-in note {CANARY}")
    store.save_feelings(
        COURSE, "guilt", "r", "p", [Pick("ashamed", "ashamed", 5)], body=f"throat {CANARY}"
    )
    store.save_perspective(COURSE, "l", "r", "q", first_draft=f"first {CANARY}", reveal=True)
    store.save_perspective(COURSE, "l", "r", "q", second_draft=f"second {CANARY}")


def test_everything_is_in_the_export(data_paths: DataPaths, tmp_path: Path) -> None:
    with open_store(data_paths) as store:
        fill(store)
        folder = store.export_all(tmp_path / "export")
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    assert [c["note"] for c in data["check_ins"]] == [f"check-in note {CANARY}", ""]
    assert data["check_ins"][0]["feelings"] == [
        {"word": "lonely", "family": "lonely", "intensity": 4}
    ]
    assert data["check_ins"][1]["body"] == f"throat {CANARY}"
    assert data["perspectives"][0]["first_draft"] == f"first {CANARY}"
    assert data["perspectives"][0]["second_draft"] == f"second {CANARY}"
    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    assert "## Check-ins and feelings" in markdown and "lonely 4" in markdown
    assert f"> first {CANARY}" in markdown and f"> second {CANARY}" in markdown


def test_gone_after_delete(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        fill(store)
    delete_all_data(data_paths)
    with open_store(data_paths) as store:
        assert store.check_ins() == [] and store.perspectives() == []


def test_never_in_plain_text_with_a_passphrase(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        store.set_passphrase("a phrase for the canary test")
        fill(store)
        store.backup_now()
    assert plain_text_in(data_paths.root, CANARY) == []
    with open_store(data_paths, "a phrase for the canary test") as store:
        assert CANARY in store.check_ins()[0].note


def test_the_canary_check_can_fail_without_a_passphrase(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        fill(store)
    assert plain_text_in(data_paths.root, CANARY) != []


def test_check_in_notes_and_perspective_answers_are_found_by_search(data_paths) -> None:
    with open_store(data_paths) as store:
        entry = store.add_check_in([Pick("calm", "calm", 2)], note="After the walk by the river")
        store.save_feelings(
            COURSE, "guilt", "r", "p", [Pick("ashamed", "ashamed", 4)], body="tight throat"
        )
        store.save_perspective(COURSE, "empathy", "er", "partner", first_draft="She felt ignored")
        kinds = {hit.kind: hit for hit in store.search_writing("river")}
        assert set(kinds) == {"check-in"} and kinds["check-in"].course_id == ""
        assert [h.kind for h in store.search_writing("throat")] == ["check-in"]
        (hit,) = store.search_writing("ignoring")  # stemmed: "ignored"
        assert (hit.kind, hit.lesson_id, hit.prompt_id) == ("perspective", "empathy", "partner")
        # The index follows edits and deletions.
        store.save_perspective(COURSE, "empathy", "er", "partner", reveal=True)
        store.save_perspective(COURSE, "empathy", "er", "partner", second_draft="and lonely")
        assert [h.kind for h in store.search_writing("lonely")] == ["perspective"]
        store.delete_check_in(entry)
        assert store.search_writing("river") == []


def test_searching_leaves_no_plain_copy_with_a_passphrase(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        store.set_passphrase("a phrase for the canary test")
        fill(store)
        assert store.search_writing(CANARY)
    assert plain_text_in(data_paths.root, CANARY) == []


def test_what_a_reflection_step_reads_as_it_opens_takes_no_session(data_paths, clock) -> None:
    """Issue 14: a reflection step reads each prompt's saved answer as it opens (latest
    feelings, perspective drafts, latest rating); through the ORM each read cost about a
    millisecond of the opening. Plain rows now, with the same values as what was saved."""
    with open_store(data_paths, clock=clock) as store:
        picks = [Pick("hurt", "hurt", 5), Pick("calm", "calm", 2)]
        store.save_feelings(COURSE, "guilt", "r", "p", [Pick("hurt", "hurt", 3)])
        clock.advance(days=2)
        saved = store.save_feelings(COURSE, "guilt", "r", "p", picks, note="n", body="chest")
        store.add_check_in([Pick("calm", "calm", 1)])  # not a lesson's: never read here
        drafts = store.save_perspective(
            COURSE, "empathy", "empathy-r", "partner", first_draft="She may feel alone"
        )
        store.record_rating(COURSE, "guilt", "r", "s", 4)
        clock.advance(minutes=1)
        store.record_rating(COURSE, "guilt", "r", "s", 6)
        sessions: list[object] = []
        original = store._session
        store._session = lambda: sessions.append(1) or original()  # type: ignore[method-assign]
        latest = store.latest_feelings(COURSE.id, "r", "p")
        assert latest is not None and latest.id == saved
        assert latest.picks == tuple(picks) and (latest.note, latest.body) == ("n", "chest")
        assert latest.recorded_at == latest.updated_at == clock() - dt.timedelta(minutes=1)
        assert store.latest_feelings(COURSE.id, "r", "other") is None
        assert store.perspective(COURSE.id, "empathy-r", "partner") == drafts
        assert store.perspective(COURSE.id, "empathy-r", "other") is None
        assert store.latest_rating(COURSE.id, "r", "s") == 6
        assert sessions == []


def test_a_reflection_opening_reads_every_prompt_in_one_transaction(data_paths, clock) -> None:
    """Issue 14: `reflection_opening` gives what each prompt's own read gives (nothing for
    a prompt with nothing saved), in one transaction instead of one per prompt."""
    from sqlalchemy import event

    from course.model import PromptType, Reflection, ReflectPrompt

    kinds = (PromptType.TEXT, PromptType.SCALE, PromptType.FEELINGS, PromptType.PERSPECTIVE)
    prompts = tuple(
        ReflectPrompt(id=f"{k.value}{n}", type=k, prompt="?") for n in (1, 2) for k in kinds
    )
    reflection = Reflection(id="r", prompts=prompts)
    with open_store(data_paths, clock=clock) as store:
        store.save_reflection(COURSE, "guilt", "r", "text1", "What I noticed.")
        store.record_rating(COURSE, "guilt", "r", "scale1", 3)
        clock.advance(days=1)
        store.record_rating(COURSE, "guilt", "r", "scale1", 7)
        store.save_feelings(COURSE, "guilt", "r", "feelings1", [Pick("calm", "calm", 2)])
        store.save_perspective(COURSE, "guilt", "r", "perspective1", first_draft="Alone")
        store.save_reflection(COURSE, "guilt", "other", "text2", "Another reflection's.")
        begun: list[str] = []
        event.listen(
            store._engine,
            "before_cursor_execute",
            lambda _c, _cur, sql, *_a: begun.append(sql) if sql.strip() == "BEGIN" else None,
        )
        opening = store.reflection_opening(COURSE.id, reflection)
        assert len(begun) == 1
        assert opening.texts == {"text1": "What I noticed."}
        assert opening.ratings == {"scale1": store.ratings(COURSE.id, "r", "scale1")}
        assert [r.value for r in opening.ratings["scale1"]] == [3, 7]
        assert opening.feelings == {"feelings1": store.latest_feelings(COURSE.id, "r", "feelings1")}
        assert opening.perspectives == {
            "perspective1": store.perspective(COURSE.id, "r", "perspective1")
        }
