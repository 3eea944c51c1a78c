"""A generated course of any size, for benchmarks and soak tests (see bench/bench_loader.py)."""

from __future__ import annotations

import base64
import random
from pathlib import Path

LESSONS = 1000
WORDS_PER_LESSON = 1500
QUIZ_EVERY = 3
LESSONS_PER_MODULE = 25

# A real 1x1 grey PNG, so Qt's image reader has nothing to complain about.
_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=="
)

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


def write_generated_course(
    root: Path, lessons: int = LESSONS, words: int = WORDS_PER_LESSON
) -> Path:
    """A valid course of `lessons` lessons, ~`words` words each, a quiz in every third."""
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
        half = words // 2
        body = (
            f"# Lesson {n}\n\n{_paragraphs(rng, half)}\n\n"
            f"See [the first lesson](lesson:lesson-0) and "
            f"![a partner listening](../images/listen.png).\n\n"
            f'!!! pause "Notice"\n    Where in your body do you feel this right now?\n\n'
            f"{_paragraphs(rng, words - half)}\n"
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
    (root / "images" / "listen.png").write_bytes(base64.b64decode(_PNG))
    (root / "course.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return root
