"""Benchmark: load and validate the shipped course, and a generated 1,000-lesson course."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _common import Measurement, median_seconds  # noqa: E402

from course.loader import load_course  # noqa: E402

TITLE = "Course loader and validator"
SHIPPED = ROOT / "content" / "empathy-gap"
LESSONS = 1000
WORDS_PER_LESSON = 1500
QUIZ_EVERY = 3
LESSONS_PER_MODULE = 25

_VOCABULARY = (
    "shame guilt partner pain listen stay present notice breath body defend hurt repair "
    "feeling name trust honest slow moment hear reflect validate acknowledge impact the a "
    "and of to in is that it you your when what how this with not can be"
)
_WORDS = _VOCABULARY.split()

_QUIZ = """
```quiz
id: quiz-{n}
questions:
  - id: q1
    type: single
    prompt: "Which thought is shame?"
    options:
      - text: "I made a mistake."
        feedback: "That is guilt."
      - text: "I am a mistake."
        correct: true
        feedback: "Yes."
  - id: q2
    type: true_false
    prompt: "Defensiveness is a shame reaction."
    answer: true
    explanation: "It protects the self."
  - id: q3
    type: order
    prompt: "Put the steps in order."
    items: ["Listen", "Reflect back", "Acknowledge impact", "Ask what would help"]
    explanation: "Listening comes first."
```
"""


def _paragraphs(rng: random.Random, words: int) -> str:
    out: list[str] = []
    written = 0
    while written < words:
        size = min(rng.randint(60, 120), words - written)
        out.append(" ".join(rng.choice(_WORDS) for _ in range(size)).capitalize() + ".")
        written += size
    return "\n\n".join(out)


def write_generated_course(root: Path, lessons: int = LESSONS) -> Path:
    """A valid course of `lessons` lessons, ~1,500 words each, a quiz in every third."""
    rng = random.Random(1)
    manifest = [
        "format: 1",
        "id: generated",
        'version: "1.0.0"',
        "title: Generated course",
        "modules:",
    ]
    for n in range(lessons):
        module = n // LESSONS_PER_MODULE
        if n % LESSONS_PER_MODULE == 0:
            manifest += [f"  - id: module-{module}", f"    title: Module {module}", "    lessons:"]
        rel = f"m{module:03d}/lesson-{n:04d}.md"
        manifest.append(f"      - {rel}")
        half = WORDS_PER_LESSON // 2
        body = (
            f"# Lesson {n}\n\n{_paragraphs(rng, half)}\n\n"
            f"See [the first lesson](lesson:lesson-0) and "
            f"![a partner listening](../images/listen.png).\n\n"
            f'!!! pause "Notice"\n    Where in your body do you feel this right now?\n\n'
            f"{_paragraphs(rng, WORDS_PER_LESSON - half)}\n"
        )
        if n % QUIZ_EVERY == 0:
            body += _QUIZ.format(n=n)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\nid: lesson-{n}\ntitle: Lesson {n}\nobjectives:\n  - Notice\n---\n{body}",
            encoding="utf-8",
        )
    (root / "images").mkdir(exist_ok=True)
    (root / "images" / "listen.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "course.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return root


def run() -> list[Measurement]:
    rows: list[Measurement] = []
    if (SHIPPED / "course.yaml").is_file():
        result = load_course(SHIPPED)
        lessons = sum(1 for _ in result.course.lessons()) if result.course else 0
        seconds = median_seconds(lambda: load_course(SHIPPED), repeat=20, warmup=2)
        rows.append(
            Measurement(
                "load + validate content/empathy-gap",
                seconds * 1000,
                "ms",
                note=f"{lessons} lessons, {len(result.errors)} errors, "
                f"{len(result.warnings)} warnings",
            )
        )
    else:
        rows.append(
            Measurement(
                "load + validate content/empathy-gap", 0.0, "ms", note="skipped: no course.yaml yet"
            )
        )

    with tempfile.TemporaryDirectory(prefix="bench-loader-") as tmp:
        root = write_generated_course(Path(tmp))
        load_course(root)  # warm the OS file cache, as on a second start
        times, cpu_times = [], []
        result = None
        for _ in range(5):
            start, cpu_start = time.perf_counter(), time.process_time()
            result = load_course(root)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        seconds = statistics.median(times)
        assert result is not None
        words = sum(lesson.word_count for lesson in result.course.lessons()) if result.course else 0
        rows.append(
            Measurement(
                f"load + validate {LESSONS} lessons (~{WORDS_PER_LESSON} words, quiz every "
                f"{QUIZ_EVERY}rd)",
                seconds,
                "s",
                budget="< 1 s",
                within=seconds < 1.0,
                # CPU time too: on a busy machine the wall time says more about the neighbours.
                note=f"median of 5 (CPU {statistics.median(cpu_times):.3f} s); {words:,} words; "
                f"{len(result.findings)} findings",
            )
        )
    return rows
