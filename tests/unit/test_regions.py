"""Region blocks (crisis lines per region), `minutes` estimates, and what validate says."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import lesson, write_course

from course.lesson_checks import estimate_minutes, minutes_far_off
from course.loader import load_course
from course.model import Course, Lesson, Module
from course.regions import ALL_REGIONS, REGIONS, filter_regions, normalise_region, region_problems
from course.render import render_markdown
from course.validate import run_validate

HELP = """\
If you are in danger, call your local emergency number.

!!! warning "Get help now"
    Call for help:

    <!-- region: us ca -->

    - **US and Canada:** call or text **988**.

    <!-- /region -->

    <!-- region: uk ie -->

    - **UK and Ireland:** call **Samaritans** on **116 123**.

    <!-- /region -->

    <!-- region: other -->

    - **Elsewhere:** call your local emergency number.

    <!-- /region -->

Then tell someone you trust.
"""


def render(markdown: str, region: str | None) -> str:
    page = Lesson(id="getting-help", title="Help", path="00/02-help.md", minutes=5, steps=())
    course = Course(id="demo", version="1.1.0", title="Demo", modules=(Module("m", "M", (page,)),))
    return render_markdown(markdown, course=course, lesson=page, course_root=None, region=region)


def test_every_block_shows_without_a_region_and_the_markers_never_do() -> None:
    for region in (None, ALL_REGIONS):
        html = render(HELP, region)
        assert "988" in html and "116 123" in html and "Elsewhere" in html
        assert "region" not in html and "&lt;!--" not in html
        assert "Then tell someone" in html and "Call for help" in html


@pytest.mark.parametrize(
    ("region", "shown", "hidden"),
    [
        ("uk", ["116 123"], ["988", "Elsewhere"]),
        ("ca", ["988"], ["116 123", "Elsewhere"]),
        ("other", ["Elsewhere"], ["988", "116 123"]),
        ("nz", [], ["988", "116 123", "Elsewhere"]),
    ],
)
def test_a_region_shows_its_own_blocks_and_the_untagged_text(
    region: str, shown: list[str], hidden: list[str]
) -> None:
    html = render(HELP, region)
    assert "Get help now" in html and "Then tell someone" in html
    assert "<li>" in html or not shown  # still a list inside the admonition
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_text_without_markers_is_returned_as_it_is() -> None:
    text = "No regions here. <!-- an ordinary comment -->\n"
    assert filter_regions(text, "uk") is text


def test_a_stored_region_is_normalised() -> None:
    assert [normalise_region(v) for v in ("uk", "xx", None, 3, "all")] == [
        "uk",
        ALL_REGIONS,
        ALL_REGIONS,
        ALL_REGIONS,
        ALL_REGIONS,
    ]
    assert ALL_REGIONS not in REGIONS


def test_region_problems_name_the_line_and_the_fix() -> None:
    text = "\n".join(
        [
            "<!-- region: uk mars -->",  # 0: unknown code
            "<!-- region: us -->",  # 1: opens inside an open block
            "<!-- /region -->",  # 2
            "<!-- /region -->",  # 3: closes nothing
            "Call <!-- region: uk --> now",  # 4: not alone on its line
            "<!-- region: -->",  # 5: no code, never closed
        ]
    )
    problems = region_problems(text)
    assert [line for line, _ in problems] == [0, 1, 3, 4, 5, 5]
    messages = " | ".join(message for _, message in problems)
    assert "'mars' is not a region" in messages
    assert "starts before the one above it ends" in messages
    assert "never opened" in messages
    assert "alone on its line" in messages
    assert "names no region" in messages and "never closed" in messages
    assert region_problems(HELP) == []


def test_validate_reports_region_mistakes_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "Intro.\n\n<!-- region: uk -->\nSamaritans.\n\n```reflect\nid: r\nprompts:\n"
    body += "  - id: r1\n    type: text\n    prompt: Why?\n```\n"
    root = write_course(tmp_path, {"m1/a.md": lesson(body)})
    assert run_validate(str(root), strict=False) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("m1/a.md:7: error: this region block is never closed")


def test_minutes_is_estimated_from_words_quizzes_and_reflections(tmp_path: Path) -> None:
    words = " ".join(["word"] * 1000)
    quiz = (
        "```quiz\nid: q\nquestions:\n"
        "  - id: q1\n    type: true_false\n    prompt: Yes?\n    answer: true\n"
        "    explanation: Because.\n"
        "  - id: q2\n    type: true_false\n    prompt: No?\n    answer: false\n"
        "    explanation: Because.\n```\n"
    )
    reflect = (
        "```reflect\nid: r\nprompts:\n  - id: r1\n    type: text\n    prompt: Why?\n"
        "  - id: r2\n    type: scale\n    prompt: How much?\n```\n"
    )
    root = write_course(tmp_path, {"m1/a.md": lesson(f"{words}\n\n{quiz}\n{reflect}")})
    result = load_course(root)
    assert result.course is not None
    only_lesson = next(iter(result.course.lessons()))
    # 1000 words / 200 = 5, quiz 1 + 2 * 0.5 = 2, reflection 1 + 0.5 = 1.5: 8.5 -> 8
    assert only_lesson.minutes == estimate_minutes(1000, only_lesson.steps) == 8
    assert estimate_minutes(0, ()) == 1


def test_validate_warns_when_minutes_is_far_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = " ".join(["word"] * 2000)  # about 10 minutes
    front = "id: a\ntitle: Lesson A\nminutes: 3\n"
    root = write_course(tmp_path, {"m1/a.md": lesson(words + "\n", front)})
    assert run_validate(str(root), strict=False) == 0
    assert run_validate(str(root), strict=True) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        "m1/a.md:4: warning: 'minutes: 3' is far from the estimate of about 10"
    )
    close = lesson(words + "\n", "id: a\ntitle: Lesson A\nminutes: 12\n")
    write_course(tmp_path, {"m1/a.md": close})
    assert run_validate(str(root), strict=True) == 0


def test_far_off_needs_both_minutes_and_a_share() -> None:
    assert not minutes_far_off(5, 8)  # 3 minutes: within the slack
    assert minutes_far_off(4, 8)
    assert not minutes_far_off(26, 30)
    assert minutes_far_off(40, 30)
