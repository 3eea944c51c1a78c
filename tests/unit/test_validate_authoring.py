"""Issue 11's validator misses: a mis-indented admonition body, `lesson:` with a title,
YAML messages on the wrong line, and "did you mean" for unknown ids and keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import MANIFEST, lesson, only, write_course

from course.loader import load_course
from course.model import Severity
from course.validate import run_validate

TWO_LESSONS = MANIFEST + "      - m1/b.md\n"
LESSON_B = lesson("Text B.\n", "id: staying-present\ntitle: Staying Present\n")


def findings(root: Path) -> list[str]:
    return [f.format() for f in load_course(root).findings]


@pytest.mark.parametrize("indent", [1, 2, 3])
def test_an_admonition_body_indented_less_than_4_spaces_is_a_warning(
    tmp_path: Path, indent: int
) -> None:
    body = f'Intro.\n\n!!! pause "Notice"\n{" " * indent}Where do you feel this?\n'
    root = write_course(tmp_path, {"m1/a.md": lesson(body)})
    finding = only(load_course(root))
    assert (finding.file, finding.line, finding.severity) == ("m1/a.md", 8, Severity.WARNING)
    assert f"indented {indent} space" in finding.message
    assert "falls out of the box" in finding.message
    assert "indent it by 4 spaces" in finding.message


def test_an_admonition_with_its_text_on_the_next_line_unindented_is_a_warning(
    tmp_path: Path,
) -> None:
    root = write_course(tmp_path, {"m1/a.md": lesson("!!! note\nNot in the box.\n")})
    finding = only(load_course(root))
    assert (finding.line, finding.severity) == (6, Severity.WARNING)
    assert "indented 0 spaces" in finding.message


@pytest.mark.parametrize(
    "body",
    [
        '!!! note "Fine"\n    Four spaces.\n',
        "!!! tip\n\n    After a blank line.\n",
        "!!! note\n\tA tab.\n",
        "!!! note\n    Box.\n\nAfter the box, a paragraph.\n",
        "- item\n\n    !!! note\n        In a list, eight spaces.\n",
    ],
)
def test_well_indented_admonitions_are_fine(tmp_path: Path, body: str) -> None:
    root = write_course(tmp_path, {"m1/a.md": lesson(body)})
    assert findings(root) == []


@pytest.mark.parametrize("target", ["lesson:Staying Present", "<lesson:staying  present>"])
def test_a_lesson_link_written_with_a_title_names_the_id(tmp_path: Path, target: str) -> None:
    root = write_course(
        tmp_path,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": lesson(f"See [the next one]({target}).\n"),
            "m1/b.md": LESSON_B,
        },
    )
    finding = only(load_course(root))
    assert (finding.file, finding.line, finding.severity) == ("m1/a.md", 5, Severity.ERROR)
    assert "uses a lesson's title" in finding.message
    assert "write lesson:staying-present" in finding.message


def test_a_mistyped_lesson_link_suggests_the_nearest_id(tmp_path: Path) -> None:
    root = write_course(
        tmp_path,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": lesson("See [next](lesson:staying-presnt) and [x](lesson:Stay Pres).\n"),
            "m1/b.md": LESSON_B,
        },
    )
    messages = [f.message for f in load_course(root).findings]
    assert len(messages) == 2, messages
    assert all("names no lesson" in m for m in messages)
    assert all(
        m.endswith("Did you mean 'staying-present'?") or "lesson:staying-present" in m
        for m in messages
    ), messages


def test_a_quoted_link_title_is_not_taken_for_a_lesson_title(tmp_path: Path) -> None:
    root = write_course(
        tmp_path,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": lesson('See [next](lesson:staying-present "Staying Present").\n'),
            "m1/b.md": LESSON_B,
        },
    )
    assert findings(root) == []


def test_a_mistyped_key_suggests_the_right_one(tmp_path: Path) -> None:
    quiz = (
        "```quiz\nid: k\nquestions:\n  - id: q1\n    type: single\n    prompt: P?\n"
        "    options:\n      - text: A\n        correct: true\n        feedbak: Yes.\n"
        "      - text: B\n    explanation: Because.\n```\n"
    )
    root = write_course(tmp_path, {"m1/a.md": lesson(quiz)})
    finding = only(load_course(root))
    assert finding.severity is Severity.WARNING
    assert finding.message.endswith("did you mean 'feedback'?")


@pytest.mark.parametrize(
    ("manifest", "line", "words"),
    [
        # A lesson line missing its '- ': PyYAML reports the line after it.
        (MANIFEST.replace("      - m1/a.md", "      m1/a.md\n      - m1/b.md"), 9, "'- '"),
        # A quote never closed: PyYAML reports the end of the file.
        (MANIFEST.replace("title: A demo course", 'title: "A demo course'), 4, "quote"),
        # A list item indented less than the others.
        (MANIFEST + "     - m1/b.md\n", 10, "not indented like"),
    ],
)
def test_yaml_errors_name_the_wrong_line_in_plain_words(
    tmp_path: Path, manifest: str, line: int, words: str
) -> None:
    root = write_course(tmp_path, {"course.yaml": manifest, "m1/b.md": LESSON_B})
    finding = only(load_course(root))
    assert (finding.file, finding.line) == ("course.yaml", line)
    assert words in finding.message
    for jargon in ("list entry", "block end", "mapping", "scalar", "token", "stream"):
        assert jargon not in finding.message


def test_list_ids_prints_every_kind_of_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = (
        "```quiz\nid: check\nquestions:\n  - id: q1\n    type: true_false\n    prompt: P?\n"
        "    answer: true\n    explanation: E.\n```\n\n"
        "```reflect\nid: think\nprompts:\n  - id: r1\n"
        "    type: text\n    prompt: How?\n```\n"
    )
    root = write_course(tmp_path, {"m1/a.md": lesson(blocks)})
    assert run_validate(str(root), strict=True, list_ids=True) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "course demo 1.0.0",
        "  module first: First",
        "    lesson a: Lesson A (m1/a.md)",
        "      quiz check (questions: q1)",
        "      reflect think",
        "        prompt r1 (text)",
    ]
    assert out[-1].startswith("demo 1.0.0: no problems found")
