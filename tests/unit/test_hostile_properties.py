"""Property tests for hostile files (issue 13): whatever JSON a signed assignment or a report
holds in any field, the reader returns a valid result or its own clear refusal; whatever
pathological Markdown a lesson holds, the loader gives Findings and the renderer HTML."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from coursekit import lesson, write_course
from hostile_samples import render, report_document, tiny_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.assignments import (
    Assignment,
    AssignmentError,
    checksum,
    item_statuses,
    new_assignment,
    parse_assignment,
    to_document,
)
from course.loader import load_course
from course.model import LoadResult, TextStep
from course.report import Report, ReportError, report_from_json, report_to_html
from course.untrusted import BIDI_CONTROLS

TODAY = dt.date(2026, 11, 26)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any JSON value, including the ones JSON itself allows but no reader should trust:
# huge and non-finite numbers, deep nesting, direction-changing characters.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),  # NaN and Infinity come out of json.dumps as NaN / Infinity
    st.text(max_size=20),
    st.sampled_from(["module", "lesson", "2026-11-26", "2026-02-30", "", " ", "\u202e", "x"]),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document a value can be put: each key and list index, nested."""
    found: list[tuple[Any, ...]] = []
    children = document.items() if isinstance(document, dict) else enumerate(document)
    for key, value in children:
        found.append((*prefix, key))
        if isinstance(value, dict | list):
            found.extend(_paths(value, (*prefix, key)))
    if isinstance(document, dict):
        found.append((*prefix, "unexpected"))
    return found


def _put(document: Any, path: tuple[Any, ...], value: Any) -> None:
    """Set `value` at `path`, unless an earlier change removed the place it names."""
    target = document
    for depth, step in enumerate(path, start=1):
        fits = (isinstance(target, dict) and isinstance(step, str)) or (
            isinstance(target, list) and isinstance(step, int) and step < len(target)
        )
        if not fits:
            return
        if depth == len(path):
            target[step] = value
            return
        if isinstance(target, dict) and step not in target:
            return
        target = target[step]


ASSIGNMENT = to_document(
    new_assignment(
        tiny_course(),
        therapist="Dr Smith",
        modules=["m"],
        lessons=["l1"],
        note="Read this",
        client_label="J.",
        item_notes={"m": "first"},
        item_dues={"m": TODAY},
        pass_mark=0.8,
        today=TODAY,
    )
)
ASSIGNMENT_PATHS = [p for p in _paths(ASSIGNMENT) if p != ("checksum",)]


def _no_bidi(*texts: str | None) -> bool:
    return all(t is None or not BIDI_CONTROLS.intersection(t) for t in texts)


def _check_assignment(data: bytes) -> None:
    try:
        assignment = parse_assignment(data, today=TODAY, name="a.json")
    except AssignmentError as error:
        assert str(error)
        return
    assert isinstance(assignment, Assignment) and assignment.items
    assert _no_bidi(assignment.therapist, assignment.client_label, assignment.note)
    assert all(_no_bidi(item.id, item.note) for item in assignment.items)
    # What the rest of the app does with it must work too.
    item_statuses(assignment, tiny_course(), completed_lessons=[], best_scores={}, today=TODAY)
    json.dumps(to_document(assignment))


@SETTINGS
@given(changes=st.lists(st.tuples(st.sampled_from(ASSIGNMENT_PATHS), json_values), max_size=4))
def test_signed_assignment_with_any_json_in_any_field(changes: list[tuple[Any, Any]]) -> None:
    document = json.loads(json.dumps(ASSIGNMENT))
    for path, value in changes:
        _put(document, path, value)
    document.pop("checksum", None)
    document["checksum"] = checksum(document)
    _check_assignment(json.dumps(document).encode("utf-8"))


@SETTINGS
@given(value=json_values)
def test_any_json_document_as_an_assignment(value: Any) -> None:
    _check_assignment(json.dumps(value).encode("utf-8"))


REPORT = report_document()
REPORT_PATHS = _paths(REPORT)


def _check_report(data: bytes) -> None:
    try:
        report = report_from_json(data, name="r.json")
    except ReportError as error:
        assert str(error)
        return
    assert isinstance(report, Report)
    assert _no_bidi(report.client_label, report.therapist, report.scope)
    assert report_to_html(report).startswith("<html>")


@SETTINGS
@given(changes=st.lists(st.tuples(st.sampled_from(REPORT_PATHS), json_values), max_size=4))
def test_report_with_any_json_in_any_field(changes: list[tuple[Any, Any]]) -> None:
    document = json.loads(json.dumps(REPORT))
    for path, value in changes:
        _put(document, path, value)
    _check_report(json.dumps(document).encode("utf-8"))


@SETTINGS
@given(value=json_values)
def test_any_json_document_as_a_report(value: Any) -> None:
    _check_report(json.dumps(value).encode("utf-8"))


# --- pathological Markdown ----------------------------------------------------------------

PIECES = [
    "[", "]", "(", ")", "![", "](", "][", "<", ">", "<img ", "<a ", 'href="', "src=", "=",
    "'", '"', "*", "_", "`", "```", "~~~", "!!! note", "!!! x", "- ", "1. ", "    ", "\t",
    "> ", "\n", "\n\n", "<div>", "</div>", "&", "\\", "x", "word ", "[x](y)", "[x](<y>)",
    "![a](b.png)", "[a]: b", "---", "|", "#", "\u202e", "\x00",
]  # fmt: skip
nested = st.integers(min_value=1, max_value=300).flatmap(
    lambda n: st.sampled_from(
        [
            "".join("    " * i + "- x\n" for i in range(n)),
            "> " * n + "x\n",
            "[" * n + "x" + "]" * n + "(y)",
            "*" * n + "x" + "*" * n,
            "<b>" * n + "x",
            "[" * (n * 50) + "\n](x)",
            "<img " * (n * 50),
        ]
    )
)
markdown_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=300).map("".join),
    st.lists(st.one_of(nested, st.sampled_from(PIECES)), max_size=6).map("".join),
)


@settings(SETTINGS, max_examples=60)  # each example loads a course and renders it twice
@given(body=markdown_text)
def test_pathological_markdown_gives_findings_and_html(body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = load_course(write_course(Path(tmp), {"m1/a.md": lesson(body)}))
        assert isinstance(result, LoadResult)
        for finding in result.findings:
            assert "a fault in Bridgework itself" not in finding.message, finding.format()
        steps = [s for les in (result.course.lessons() if result.course else []) for s in les.steps]
        for step in steps:
            if isinstance(step, TextStep):
                assert render(step.markdown).startswith("<html><body>")
    out = render(body)
    assert out.startswith("<html><body>") and out.endswith("</body></html>")
