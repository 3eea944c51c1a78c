"""Benchmark: render one typical lesson to Qt rich text (median of many runs; budget < 10 ms)."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from _common import Measurement, median_seconds  # noqa: E402

from course.model import Course, Lesson, Module, TextStep  # noqa: E402
from course.render import lesson_stylesheet, render_markdown  # noqa: E402

TITLE = "Lesson renderer"
SHIPPED = ROOT / "content" / "empathy-gap"
BUDGET_SECONDS = 0.010
REPEAT = 200

_VOCABULARY = (
    "shame guilt partner pain listen stay present notice breath body defend hurt repair "
    "feeling name trust honest slow moment hear reflect validate acknowledge impact the a "
    "and of to in is that it you your when what how this with not can be"
)
_WORDS = _VOCABULARY.split()


def _render_lesson(course: Course, lesson: Lesson, root: Path) -> None:
    # A lesson is shown step by step, but the budget is for the whole lesson's prose.
    for step in lesson.steps:
        if isinstance(step, TextStep):
            render_markdown(step.markdown, course=course, lesson=lesson, course_root=root)


def _shipped_lesson() -> tuple[Course, Lesson, Path] | None:
    """The shipped lesson with the median word count, if the shipped course loads."""
    try:
        from course.loader import load_course

        result = load_course(SHIPPED)
    except Exception:  # the loader is young; a benchmark falls back rather than failing
        return None
    if result.course is None:
        return None
    lessons = sorted(result.course.lessons(), key=lambda lesson: lesson.word_count)
    if not lessons:
        return None
    return result.course, lessons[len(lessons) // 2], SHIPPED


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(5))


def _generated_lesson(folder: Path) -> tuple[Course, Lesson, Path]:
    """About 1,200 words with headings, admonitions, a table, images, links and a footnote."""
    rng = random.Random(7)
    (folder / "01-gap" / "images").mkdir(parents=True)
    (folder / "01-gap" / "images" / "chairs.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    parts = ["# Staying with a partner's pain", _paragraph(rng)]
    kinds = ["note", "tip", "warning", "pause", "example"]
    for section in range(5):
        parts += [f"## Part {section + 1}", _paragraph(rng), _paragraph(rng)]
        parts.append(f'!!! {kinds[section]} "A moment"\n    {_sentence(rng)} {_sentence(rng)}')
        parts.append(f"- {_sentence(rng)}\n- *{_sentence(rng)}*\n- **{_sentence(rng)}**")
    parts += [
        "| reaction | what it looks like | what helps |\n|---|---|---|\n"
        + "\n".join(
            f"| {rng.choice(_WORDS)} | {_sentence(rng)} | {_sentence(rng)} |" for _ in range(4)
        ),
        "![Two chairs facing each other](images/chairs.png)",
        "![A remote picture](https://example.org/x.png)",
        "See [the next lesson](02-next.md) and [a source](https://example.org).[^1]",
        "[^1]: " + _sentence(rng),
    ]
    markdown = "\n\n".join(parts) + "\n"
    lesson = Lesson(
        id="gap",
        title="Gap",
        path="01-gap/01-gap.md",
        minutes=6,
        steps=(TextStep(markdown),),
        word_count=len(markdown.split()),
    )
    following = Lesson(id="next", title="Next", path="01-gap/02-next.md", minutes=1, steps=())
    course = Course(
        id="bench",
        version="1",
        title="Bench",
        modules=(Module(id="m", title="M", lessons=(lesson, following)),),
    )
    return course, lesson, folder


def run() -> list[Measurement]:
    rows: list[Measurement] = []
    budget = f"< {BUDGET_SECONDS * 1000:.0f} ms"
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, tuple[Course, Lesson, Path]]] = []
        shipped = _shipped_lesson()
        if shipped is not None:
            cases.append((f"shipped lesson '{shipped[1].id}'", shipped))
        cases.append(("generated lesson", _generated_lesson(Path(tmp))))
        for label, (course, lesson, root) in cases:
            seconds = median_seconds(partial(_render_lesson, course, lesson, root), repeat=REPEAT)
            rows.append(
                Measurement(
                    name=f"render {label} (median of {REPEAT})",
                    value=seconds * 1000,
                    unit="ms",
                    budget=budget,
                    within=seconds < BUDGET_SECONDS,
                    note=f"{lesson.word_count} words",
                )
            )
    styles = [lesson_stylesheet(theme, 1.25) for theme in ("light", "dark", "high-contrast")]
    seconds = median_seconds(lambda: lesson_stylesheet("dark", 1.25), repeat=REPEAT)
    rows.append(
        Measurement(
            name="lesson_stylesheet(theme, text_scale=1.25)",
            value=seconds * 1000,
            unit="ms",
            note=f"{statistics.mean(len(s) for s in styles):.0f} characters",
        )
    )
    return rows


if __name__ == "__main__":
    from _common import format_table

    print(format_table(TITLE, run()))
