"""The report's feelings-practice section: off unless ticked, item by item, read back safely."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from coursekit import perspective_course
from store_helpers import FakeClock, Spy

from course.feelings import Pick
from course.model import Course
from course.paths import DataPaths
from course.report import (
    ReflectionKey,
    ReportChoices,
    ReportError,
    build_report,
    report_from_json,
    report_to_html,
    report_to_json,
)

TODAY = dt.date(2026, 11, 26)
SHARED_DRAFT = "She may feel hurt and alone, and need me to stay"
SHARED_ADDED = "Maybe betrayed too, and afraid it will happen again"
PRIVATE_DRAFT = "My brother might feel ashamed of me"
NOTE = "After the call with my sponsor"
OLD_NOTE = "A note from long before the window"

SHARED_KEY = ReflectionKey("demo", "empathy", "partner")
PRIVATE_KEY = ReflectionKey("demo", "empathy", "brother")


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return perspective_course(tmp_path / "course")


@pytest.fixture
def store(tmp_path: Path, course: Course) -> Iterator[Any]:
    from course.store import open_store

    clock = FakeClock(dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC))
    s = open_store(DataPaths(tmp_path / "data"), clock=clock, backup_at_open=False)
    s.add_check_in([Pick("calm", "calm", 2)], OLD_NOTE)  # 20 October: before the 28 days
    for day, picks, note in (
        (10, [Pick("hurt", "hurt", 4), Pick("lonely", "lonely", 3)], ""),
        (10, [Pick("hurt", "hurt", 2)], ""),  # the same day twice counts once
        (20, [Pick("hurt", "hurt", 3)], NOTE),
        (26, [Pick("ashamed", "ashamed", 5)], ""),
    ):
        clock.now = dt.datetime(2026, 11, day, 9, 0, tzinfo=dt.UTC)
        s.add_check_in(picks, note)
    args = (course, "a", "empathy")
    s.save_perspective(*args, "partner", first_draft=SHARED_DRAFT, reveal=True)
    s.save_perspective(*args, "partner", second_draft=SHARED_ADDED)
    s.save_perspective(*args, "brother", first_draft=PRIVATE_DRAFT)
    yield s
    s.close()


def _everything(report: Any) -> str:
    return report_to_json(report) + report_to_html(report)


def test_default_report_has_no_practice_data(store: Any, course: Course) -> None:
    spy = Spy(store)
    report = build_report(spy, {course.id: course}, ReportChoices(), today=TODAY)
    assert report.check_ins is None
    assert report.sections[0].perspectives == ()
    assert not {"check_ins", "perspective", "perspectives"} & set(spy.calls)
    text = _everything(report)
    for private in (SHARED_DRAFT, SHARED_ADDED, PRIVATE_DRAFT, NOTE, "Hurt", "Check-ins"):
        assert private not in text
    assert json.loads(report_to_json(report))["check_ins"] is None
    assert "check_ins" not in report.included and "perspectives" not in report.included


def test_check_in_summary_without_notes(store: Any, course: Course) -> None:
    report = build_report(store, {course.id: course}, ReportChoices(check_ins=True), today=TODAY)
    summary = report.check_ins
    assert summary is not None
    assert (summary.days, summary.window, summary.count) == (3, 28, 4)
    assert summary.families[0] == ("Hurt", 3)
    assert set(summary.families[1:]) == {("Lonely", 1), ("Ashamed", 1)}
    assert summary.notes == ()
    text = _everything(report)
    assert "Checked in on 3 days of the last 28." in text
    assert NOTE not in text and OLD_NOTE not in text
    assert "check_ins" in report.included


def test_check_in_notes_only_when_ticked(store: Any, course: Course) -> None:
    choices = ReportChoices(check_ins=True, check_in_notes=True)
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    assert report.check_ins is not None
    assert report.check_ins.notes == ((dt.date(2026, 11, 20), NOTE),)
    assert NOTE in report_to_html(report) and OLD_NOTE not in _everything(report)


def test_only_the_ticked_perspective_answer_is_shared(store: Any, course: Course) -> None:
    choices = ReportChoices(perspectives=frozenset({SHARED_KEY}))
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    (shared,) = report.sections[0].perspectives
    assert (shared.prompt, shared.first_draft, shared.added) == (
        "What might your partner be feeling, and needing?",
        SHARED_DRAFT,
        SHARED_ADDED,
    )
    text = _everything(report)
    assert SHARED_DRAFT in text and SHARED_ADDED in text
    assert PRIVATE_DRAFT not in text and "brother" not in text
    assert report.check_ins is None and "perspectives" in report.included


def test_round_trip_with_everything(store: Any, course: Course) -> None:
    choices = ReportChoices(
        check_ins=True, check_in_notes=True, perspectives=frozenset({SHARED_KEY, PRIVATE_KEY})
    )
    report = build_report(store, {course.id: course}, choices, today=TODAY)
    assert len(report.sections[0].perspectives) == 2
    assert report_from_json(report_to_json(report).encode("utf-8")) == report


def test_a_report_from_before_practice_still_opens(store: Any, course: Course) -> None:
    report = build_report(store, {course.id: course}, ReportChoices(), today=TODAY)
    document = json.loads(report_to_json(report))
    del document["check_ins"]
    for section in document["courses"]:
        del section["perspectives"]
    again = report_from_json(json.dumps(document).encode("utf-8"))
    assert again == report


def test_html_escapes_notes_and_answers(store: Any, course: Course) -> None:
    store.add_check_in([Pick("hurt", "hurt", 2)], "<script>x</script>")
    store.save_perspective(course, "a", "empathy", "partner", second_draft="<b>&</b>")
    choices = ReportChoices(
        check_ins=True, check_in_notes=True, perspectives=frozenset({SHARED_KEY})
    )
    html = report_to_html(build_report(store, {course.id: course}, choices, today=TODAY))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>&</b>" not in html


GOOD_CHECK_INS = {
    "days": 3,
    "window": 28,
    "count": 4,
    "families": [["Hurt", 3]],
    "notes": [["2026-11-20", "a note"]],
}
GOOD_PERSPECTIVE = {
    "lesson": "Lesson A",
    "prompt": "What might she feel?",
    "first_draft": "hurt",
    "added": "",
    "updated_on": "2026-11-20",
}


def _report_with(check_ins: Any = None, perspectives: Any = ()) -> bytes:
    document = {
        "format": "bridgework-progress-report",
        "format_version": 1,
        "made_on": "2026-11-26",
        "scope": "Everything",
        "client_label": None,
        "therapist": None,
        "assignment_id": None,
        "included": ["check_ins", "perspectives"],
        "courses": [
            {
                "id": "demo",
                "version": "1.0.0",
                "title": "Demo",
                "lessons": [],
                "quizzes": [],
                "ratings": [],
                "reflections": [],
                "perspectives": list(perspectives),
            }
        ],
        "check_ins": check_ins,
    }
    return json.dumps(document).encode("utf-8")


def test_good_hand_made_section_reads() -> None:
    report = report_from_json(_report_with(GOOD_CHECK_INS, [GOOD_PERSPECTIVE]))
    assert report.check_ins is not None and report.check_ins.families == (("Hurt", 3),)
    assert report.sections[0].perspectives[0].first_draft == "hurt"


@pytest.mark.parametrize(
    "check_ins",
    [
        [],
        "three days",
        {**GOOD_CHECK_INS, "days": 29},
        {**GOOD_CHECK_INS, "days": -1},
        {**GOOD_CHECK_INS, "window": 0},
        {**GOOD_CHECK_INS, "window": 10**12},
        {**GOOD_CHECK_INS, "count": True},
        {**GOOD_CHECK_INS, "count": 1.5},
        {**GOOD_CHECK_INS, "families": [["Hurt"]]},
        {**GOOD_CHECK_INS, "families": [["Hurt", -3]]},
        {**GOOD_CHECK_INS, "families": [[{"a": 1}, 3]]},
        {**GOOD_CHECK_INS, "families": {"Hurt": 3}},
        {**GOOD_CHECK_INS, "notes": [["not a date", "x"]]},
        {**GOOD_CHECK_INS, "notes": [["2026-11-20", 7]]},
        {k: v for k, v in GOOD_CHECK_INS.items() if k != "families"},
    ],
)
def test_hostile_check_in_values_are_refused_plainly(check_ins: Any) -> None:
    with pytest.raises(ReportError) as raised:
        report_from_json(_report_with(check_ins), name="r.bridgework-report")
    assert "missing parts" in str(raised.value) and "r.bridgework-report" in str(raised.value)


@pytest.mark.parametrize(
    "perspectives",
    [
        ["not an entry"],
        [{**GOOD_PERSPECTIVE, "first_draft": 3}],
        [{**GOOD_PERSPECTIVE, "added": None}],
        [{**GOOD_PERSPECTIVE, "updated_on": "yesterday"}],
        [{k: v for k, v in GOOD_PERSPECTIVE.items() if k != "prompt"}],
    ],
)
def test_hostile_perspective_values_are_refused_plainly(perspectives: Any) -> None:
    with pytest.raises(ReportError, match="missing parts"):
        report_from_json(_report_with(None, perspectives))


def test_bidi_controls_are_removed_from_shared_texts() -> None:
    note = {**GOOD_CHECK_INS, "notes": [["2026-11-20", "abc\u202edef"]]}
    answer = {**GOOD_PERSPECTIVE, "first_draft": "x\u2066y"}
    report = report_from_json(_report_with(note, [answer]))
    assert report.check_ins is not None and report.check_ins.notes[0][1] == "abcdef"
    assert report.sections[0].perspectives[0].first_draft == "xy"
