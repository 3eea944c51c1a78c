"""Hostile files (issue 13): courses, assignments and reports crafted to hang or crash a reader.

Every reader must answer with a Finding or its own clear refusal (AssignmentError,
ReportError), quickly and without any other exception. Hangs are caught by running the
reader in a child process killed after a generous limit (tests/support/hang_guard.py),
never by timing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from coursekit import MANIFEST, lesson, write_course
from hang_guard import run_without_hang
from hostile_samples import render, report_document, tiny_course

from course.assignments import (
    AssignmentError,
    checksum,
    new_assignment,
    parse_assignment,
    read_assignment,
    to_document,
)
from course.loader import MAX_NESTING_DEPTH, load_course
from course.model import (
    MAX_SCALE_VALUE,
    MIN_SCALE_VALUE,
    Severity,
)
from course.report import ReportError, read_report_file, report_from_json, report_to_html

TODAY = dt.date(2026, 11, 26)

_LOAD = """\
import sys
from course.loader import load_course
result = load_course(sys.argv[1])
print(len(result.findings), result.course is not None)
"""


def _errors(result: Any) -> list[str]:
    return [f.format() for f in result.findings if f.severity is Severity.ERROR]


# --- 1. scanners stay linear on unclosed brackets and tags --------------------------------

HOSTILE_BODIES = {
    "unclosed link brackets": "[" * 100_000 + "\n](x)\n",
    "unclosed image brackets": "![" * 50_000 + "\n](x)\n",
    "unclosed reference images": "![a]" + "![" * 100_000 + "][b]\n",
    "unclosed img tags": "<img " * 200_000,
    "unclosed a tags": "<a " * 200_000,
    "one endless attribute name": "<img " + "a" * 400_000 + ">\n",
    "unclosed angle targets": "[x](<" * 100_000 + "\n",
    "unclosed title parentheses": "[x](a (" * 100_000 + "\n",
    "a fence line of spaces": "```" + " " * 200_000 + "x\n",
    "admonition markers on one line": "!!!" * 200_000 + "\n",
    "a lesson link of spaces never closed": "[x](lesson:" + " " * 200_000 + "\n",
    "lesson links by title never closed": "[x](lesson:a b " * 100_000 + "\n",
    "boxes whose bodies are all blank lines": ("!!! note\n" + "\n" * 50) * 5_000,
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_validating_pathological_markdown_does_not_hang(tmp_path: Path, body: str) -> None:
    root = write_course(tmp_path, {"m1/a.md": lesson(body)})
    _findings, built = run_without_hang(_LOAD, str(root)).split()
    assert built == "True"


_RENDER = """\
import sys
from course.model import Course, Lesson, Module, TextStep
from course.render import render_markdown
text = open(sys.argv[1], encoding="utf-8").read()
lessons = (Lesson("l1", "L1", "l1.md", 5, (TextStep("x"),)),)
course = Course("c", "1", "C", (Module("m", "M", lessons),))
print(len(render_markdown(text, course=course, lesson=lessons[0], course_root=None)))
"""

HEAVY_BODIES = {
    "unclosed link brackets": HOSTILE_BODIES["unclosed link brackets"],
    "unclosed image brackets": HOSTILE_BODIES["unclosed image brackets"],
    "unclosed img tags": HOSTILE_BODIES["unclosed img tags"],
    "a long paragraph of short unclosed brackets": "[a " + ("b" * 100 + "\n[a ") * 1000,
}


@pytest.mark.parametrize("body", HEAVY_BODIES.values(), ids=HEAVY_BODIES.keys())
def test_rendering_pathological_markdown_does_not_hang(tmp_path: Path, body: str) -> None:
    """Python-Markdown is quadratic on these; the renderer shows them as plain text."""
    path = tmp_path / "step.md"
    path.write_text(body, encoding="utf-8")
    assert int(run_without_hang(_RENDER, str(path))) > 0


@pytest.mark.parametrize("body", HEAVY_BODIES.values(), ids=HEAVY_BODIES.keys())
def test_validate_reports_a_paragraph_too_heavy_to_render(tmp_path: Path, body: str) -> None:
    result = load_course(write_course(tmp_path, {"m1/a.md": lesson(body)}))
    heavy = [e for e in _errors(result) if "too long for the number of '['" in e]
    assert len(heavy) == 1, _errors(result)


# --- 2. a FIFO (or any non-regular file) never blocks a reader ------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
@pytest.mark.parametrize("which", ["m1/a.md", "course.yaml"])
def test_a_fifo_in_a_course_folder_is_refused_not_waited_on(tmp_path: Path, which: str) -> None:
    root = write_course(tmp_path)
    (root / which).unlink()
    os.mkfifo(root / which)
    code = _LOAD + "print('|'.join(f.message for f in result.findings))\n"
    out = run_without_hang(code, str(root))
    assert "not a regular file" in out


@needs_fifo
def test_a_fifo_as_an_assignment_or_report_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "x.bridgework-assignment.json"
    os.mkfifo(fifo)
    code = """\
import sys
from course.assignments import AssignmentError, read_assignment
from course.report import ReportError, read_report_file, sniff_file_kind
try:
    read_assignment(sys.argv[1])
except AssignmentError as error:
    print("assignment:", error)
try:
    read_report_file(sys.argv[1])
except ReportError as error:
    print("report:", error)
print("sniffed:", sniff_file_kind(sys.argv[1]))
"""
    out = run_without_hang(code, str(fifo))
    assert "assignment:" in out and "report:" in out and "sniffed: None" in out
    assert "not a regular file" in out


def test_a_folder_is_not_read_as_an_assignment(tmp_path: Path) -> None:
    with pytest.raises(AssignmentError, match="not a regular file"):
        read_assignment(tmp_path)
    with pytest.raises(ReportError, match="not a regular file"):
        read_report_file(tmp_path)


# --- 3. checksum-valid hostile assignments and reports get the clear refusal ---------------


def _assignment_document() -> dict[str, Any]:
    assignment = new_assignment(tiny_course(), therapist="Dr Smith", modules=["m"], today=TODAY)
    return to_document(assignment)


def _signed(document: dict[str, Any]) -> bytes:
    document = {k: v for k, v in document.items() if k != "checksum"}
    document["checksum"] = checksum(document)
    return json.dumps(document).encode("utf-8")


HOSTILE_ASSIGNMENT_FIELDS = {
    "item is text": ("items", ["x"]),
    "item is null": ("items", [None]),
    "items is an object": ("items", {"a": 1}),
    "items is a number": ("items", 5),
    "course is text": ("course", "c"),
    "course is a list": ("course", ["c", "1"]),
    "item kind is a list": ("items", [{"kind": ["module"], "id": "m"}]),
    "item due is a number": ("items", [{"kind": "module", "id": "m", "due": 5}]),
    "item note is a list": ("items", [{"kind": "module", "id": "m", "note": ["a"]}]),
    "item id is an object": ("items", [{"kind": "module", "id": {"a": 1}}]),
    "issued is a number": ("issued", 20261126),
    "therapist is a list": ("therapist", ["Dr", "Smith"]),
}


@pytest.mark.parametrize(
    ("key", "value"), HOSTILE_ASSIGNMENT_FIELDS.values(), ids=HOSTILE_ASSIGNMENT_FIELDS.keys()
)
def test_checksum_valid_assignment_with_wrong_types_is_refused(key: str, value: Any) -> None:
    document = _assignment_document()
    document[key] = value
    with pytest.raises(AssignmentError, match="not a readable assignment file"):
        parse_assignment(_signed(document), today=TODAY, name="a.json")


def _raw_assignment(replace_items_with: str) -> bytes:
    """Assignment bytes whose items are replaced by raw JSON text (no checksum can cover it)."""
    text = json.dumps(_assignment_document())
    start = text.index('"items": ') + len('"items": ')
    end = text.index("]", start) + 1
    return (text[:start] + replace_items_with + text[end:]).encode("utf-8")


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 100_000 + "]" * 100_000,
        '[{"kind": "module", "id": "m", "pass_mark": ' + "1" * 5000 + "}]",
        '[{"kind": "module", "id": "m", "pass_mark": 1e400}]',
        '[{"kind": "module", "id": "m", "pass_mark": Infinity}]',
        '[{"kind": "module", "id": "m", "pass_mark": NaN}]',
    ],
    ids=["nested 100,000 deep", "5,000-digit number", "1e400", "Infinity", "NaN"],
)
def test_assignment_json_beyond_limits_is_refused(raw: str) -> None:
    with pytest.raises(AssignmentError):
        parse_assignment(_raw_assignment(raw), today=TODAY, name="a.json")


def test_the_sample_report_is_valid() -> None:
    report = report_from_json(json.dumps(report_document()).encode("utf-8"))
    assert "Dr Smith" in report_to_html(report)


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = report_document()
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


HOSTILE_REPORT_FIELDS = {
    "client_label is a number": (("client_label",), 5),
    "therapist is a list": (("therapist",), ["Dr"]),
    "assignment_id is an object": (("assignment_id",), {"a": 1}),
    "scope is a list": (("scope",), ["x"]),
    "included is text": (("included",), "lessons"),
    "courses is an object": (("courses",), {"a": 1}),
    "a course is null": (("courses",), [None]),
    "a lesson is text": (("courses", 0, "lessons"), ["x"]),
    "minutes is a list": (("courses", 0, "lessons", 0, "minutes"), [1]),
    "minutes is huge": (("courses", 0, "lessons", 0, "minutes"), 10**100),
    "minutes is true": (("courses", 0, "lessons", 0, "minutes"), True),
    "score is text": (("courses", 0, "quizzes", 0, "best_score"), "high"),
    "score is 7": (("courses", 0, "quizzes", 0, "best_score"), 7),
    "a title is a list": (("courses", 0, "title"), ["x"]),
    "a rating point is a number": (("courses", 0, "ratings", 0, "points"), [5]),
    "a rating point has three parts": (("courses", 0, "ratings", 0, "points"), [["a", 1, 2]]),
    "a scale beyond the limits": (("courses", 0, "ratings", 0, "max"), 10**12),
    "a rating outside its scale": (("courses", 0, "ratings", 0, "points"), [["2026-11-20", 99]]),
    "a date is a number": (("courses", 0, "reflections", 0, "updated_on"), 5),
}


@pytest.mark.parametrize(
    ("path", "value"), HOSTILE_REPORT_FIELDS.values(), ids=HOSTILE_REPORT_FIELDS.keys()
)
def test_report_with_wrong_types_is_refused(path: tuple[Any, ...], value: Any) -> None:
    data = json.dumps(_with(path, value)).encode("utf-8")
    with pytest.raises(ReportError):
        report = report_from_json(data, name="r.json")
        report_to_html(report)  # the old reader let these through to crash here


@pytest.mark.parametrize(
    "raw",
    ["Infinity", "-Infinity", "NaN", "1e400", "1" * 5000, "[" * 100_000 + "]" * 100_000],
)
def test_report_numbers_and_nesting_beyond_limits_are_refused(raw: str) -> None:
    text = json.dumps(report_document()).replace('"minutes": 12', f'"minutes": {raw}')
    with pytest.raises(ReportError):
        report_from_json(text.encode("utf-8"), name="r.json")


def test_sniffing_a_deeply_nested_file_says_unknown(tmp_path: Path) -> None:
    from course.report import sniff_file_kind

    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert sniff_file_kind(path) is None


# --- 4. deep nesting: a validate error, and the renderer never raises ----------------------


def _nested_list(levels: int) -> str:
    return "".join("    " * level + "- level\n" for level in range(levels))


def _nested_quotes(levels: int) -> str:
    return "> " * levels + "deep\n"


@pytest.mark.parametrize("body", [_nested_list(300), _nested_quotes(300)], ids=["list", "quote"])
def test_deep_nesting_is_a_validate_error(tmp_path: Path, body: str) -> None:
    result = load_course(write_course(tmp_path, {"m1/a.md": lesson(body)}))
    errors = _errors(result)
    assert len(errors) == 1 and f"{MAX_NESTING_DEPTH} levels" in errors[0], errors


def test_nesting_up_to_the_limit_is_fine(tmp_path: Path) -> None:
    body = _nested_list(MAX_NESTING_DEPTH) + "\n" + _nested_quotes(MAX_NESTING_DEPTH)
    result = load_course(write_course(tmp_path, {"m1/a.md": lesson(body)}))
    assert not result.findings, [f.format() for f in result.findings]


@pytest.mark.parametrize(
    "text",
    [
        _nested_list(300),
        _nested_quotes(300),
        "[" * 3000 + "x" + "](y)" * 3000,
        "*" * 3000 + "x" + "*" * 3000,
        "<div>" * 3000 + "x" + "</div>" * 3000,
    ],
    ids=["list", "quote", "links", "emphasis", "html"],
)
def test_render_markdown_never_raises_on_deep_nesting(text: str) -> None:
    out = render(text)
    assert out.startswith("<html><body>") and out.endswith("</body></html>")


# --- 5. YAML aliases: one finding, not a million ---------------------------------------------

ALIASED_MANIFEST = (
    'format: 1\nid: demo\nversion: "1"\ntitle: T\n'
    "lessons: &l [" + ", ".join(f"m1/x{i}.md" for i in range(1000)) + "]\n"
    "modules:\n" + "".join(f"  - id: m{i}\n    title: M\n    lessons: *l\n" for i in range(1000))
)


def test_aliases_in_the_manifest_give_one_finding(tmp_path: Path) -> None:
    result = load_course(write_course(tmp_path, {"course.yaml": ALIASED_MANIFEST}))
    assert len(result.findings) <= 2, len(result.findings)
    assert any("alias" in f.message for f in result.findings)


def test_aliases_in_a_quiz_give_one_finding(tmp_path: Path) -> None:
    question = "  - &q\n    id: q\n    type: single\n    prompt: P\n    options:\n" + "".join(
        f"      - text: o{i}\n" for i in range(200)
    )
    quiz = "```quiz\nid: check\nquestions:\n" + question + "".join("  - *q\n" for _ in range(2000))
    result = load_course(write_course(tmp_path, {"m1/a.md": lesson(quiz + "```\n")}))
    assert len(result.findings) <= 2, len(result.findings)
    assert any("alias" in f.message for f in result.findings)


# --- 6. scale prompts stay within documented bounds ------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"),
    [(0, 2**31), (-(2**40), 10), (MIN_SCALE_VALUE - 1, 0), (0, MAX_SCALE_VALUE + 1)],
)
def test_scale_beyond_the_limits_is_an_error(tmp_path: Path, low: int, high: int) -> None:
    block = (
        "```reflect\nid: r\nprompts:\n  - id: p\n    type: scale\n    prompt: How?\n"
        f"    min: {low}\n    max: {high}\n```\n"
    )
    result = load_course(write_course(tmp_path, {"m1/a.md": lesson(block)}))
    errors = _errors(result)
    assert len(errors) == 1 and str(MAX_SCALE_VALUE) in errors[0], errors


# --- 9. bidirectional controls never reach the screen ----------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def _no_bidi(text: str | None) -> bool:
    return text is None or not any(c in BIDI for c in text)


def test_bidi_controls_are_stripped_from_an_assignment() -> None:
    document = _assignment_document()
    document["therapist"] = "Dr \u202ehtimS\u202c"
    document["client_label"] = "J\u2066.\u2069"
    document["note"] = "Read\u200f this"
    document["items"][0]["note"] = "\u061cfirst"
    assignment = parse_assignment(_signed(document), today=TODAY)
    assert assignment.therapist == "Dr htimS"
    assert all(
        _no_bidi(t)
        for t in (assignment.client_label, assignment.note, *(i.note for i in assignment.items))
    )


def test_bidi_controls_are_stripped_when_making_an_assignment() -> None:
    assignment = new_assignment(
        tiny_course(), therapist="Dr \u202eSmith", modules=["m"], note="\u2067x", today=TODAY
    )
    assert _no_bidi(assignment.therapist) and _no_bidi(assignment.note)


def test_bidi_controls_are_stripped_from_a_report() -> None:
    data = json.dumps(_with(("therapist",), "Dr \u202eSmith")).encode("utf-8")
    report = report_from_json(data)
    assert report.therapist == "Dr Smith"


def test_bidi_controls_in_a_course_are_stripped_with_a_warning(tmp_path: Path) -> None:
    manifest = MANIFEST.replace("title: A demo course", 'title: "A \\u202edemo course"')
    result = load_course(write_course(tmp_path, {"course.yaml": manifest}))
    assert result.course is not None and result.course.title == "A demo course"
    assert [f.severity for f in result.findings] == [Severity.WARNING]
    assert "direction" in result.findings[0].message
