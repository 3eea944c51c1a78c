"""A shared reflection written under 1.0.0 of the shipped course, reported under 1.1.0,
whose prompt 1.1.0 reworded: the report shows both wordings, in JSON and in the PDF's HTML."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from versionkit import NEW_PROMPT, OLD_PROMPT, make_version_1_0

from course.loader import load_course
from course.model import Course
from course.paths import DataPaths
from course.report import (
    ReflectionKey,
    ReportChoices,
    build_report,
    report_from_json,
    report_to_html,
    report_to_json,
)
from course.store import open_store

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"
LESSON, REFLECTION = "what-is-the-empathy-gap", "what-is-the-empathy-gap-reflect"
KEY = ReflectionKey("empathy-gap", REFLECTION, "r1")


def test_a_reworded_prompt_is_reported_with_the_words_answered(
    tmp_path: Path, shipped_course: Course
) -> None:
    old = load_course(make_version_1_0(SHIPPED, tmp_path / "v1")).course
    assert old is not None
    with open_store(DataPaths(tmp_path / "data"), backup_at_open=False) as store:
        store.keep_wording(old)
        store.save_reflection(old, LESSON, REFLECTION, "r1", "Warmth, then worry.")
        store.keep_wording(shipped_course)
        store.save_reflection(old, LESSON, REFLECTION, "r2", "Kept as it was.")
        report = build_report(
            store,
            {shipped_course.id: shipped_course},
            ReportChoices(
                reflections=frozenset({KEY, ReflectionKey(KEY.course_id, REFLECTION, "r2")})
            ),
            today=dt.date(2026, 12, 4),
        )
    first, second = report.sections[0].reflections
    assert (first.prompt, first.answered_prompt, first.text) == (
        NEW_PROMPT, OLD_PROMPT, "Warmth, then worry."
    )  # fmt: skip
    assert second.answered_prompt == ""  # not reworded: nothing extra
    assert report_from_json(report_to_json(report).encode("utf-8")) == report
    page = report_to_html(report)
    assert f"Written when it read: “{html.escape(OLD_PROMPT)}”" in page
    assert page.count("Written when it read") == 1
