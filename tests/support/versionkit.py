"""A 1.0.0 of the shipped course, rebuilt from 1.1.0 and the ids 1.0.0 shipped with.

tests/support/empathy-gap-1.0.0-ids.json lists every id 1.0.0 had. From the shipped
1.1.0 this makes a course folder with exactly those lessons and question ids: the
lessons 1.1.0 added are left out, and each question 1.1.0 rewrote under a new id gets
its old id back (pairwise, in order). Two more differences make every kind of change
show: 1.0.0 also had a lesson "before-you-begin" (with a reflection), which 1.1.0
dropped, and the first prompt of "what-is-the-empathy-gap" was worded differently.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

SUPPORT = Path(__file__).resolve().parent
IDS = json.loads((SUPPORT / "empathy-gap-1.0.0-ids.json").read_text(encoding="utf-8"))

OLD_PROMPT = "Think of a time you felt empathy for someone. What did you notice?"
NEW_PROMPT = (
    "Describe a time when you felt real empathy for someone else. What did you notice in yourself?"
)
REMOVED_LESSON = """\
---
id: before-you-begin
title: Before you begin
---
A short note that version 1.1.0 folded into the first lesson.

```reflect
id: before-you-begin-reflect
prompts:
  - id: hope
    type: text
    prompt: "What do you hope will be different after this course?"
```
"""


def _rename_questions(text: str, quiz_id: str, renames: dict[str, str]) -> str:
    """`text` with the question ids of quiz `quiz_id` renamed (inside its block only)."""
    block = re.compile(r"```quiz\nid: " + re.escape(quiz_id) + r"\n.*?\n```", re.DOTALL)

    def rename(match: re.Match[str]) -> str:
        return re.sub(
            r"^(  - id: )(\S+)$",
            lambda m: m.group(1) + renames.get(m.group(2), m.group(2)),
            match.group(0),
            flags=re.MULTILINE,
        )

    return block.sub(rename, text)


def _drop_questions(text: str, quiz_id: str, drop: set[str]) -> str:
    """`text` without the questions `drop` of quiz `quiz_id` (each up to the next one)."""
    block = re.compile(r"```quiz\nid: " + re.escape(quiz_id) + r"\n.*?\n```", re.DOTALL)

    def cut(match: re.Match[str]) -> str:
        parts = re.split(r"(?m)^(?=  - id: )", match.group(0))
        kept = [p for p in parts if not any(p.startswith(f"  - id: {q}\n") for q in drop)]
        body = "".join(kept)
        return body if body.endswith("```") else body + "```"  # the last one was cut

    return block.sub(cut, text)


def make_version_1_0(shipped: Path, dest: Path) -> Path:
    """Write the 1.0.0 course into `dest` (a new folder) and return it."""
    from course.loader import load_course

    course = load_course(shipped).course
    assert course is not None
    shutil.copytree(shipped, dest)
    kept = {lesson_id for lessons in IDS["modules"].values() for lesson_id in lessons}
    manifest = (dest / "course.yaml").read_text(encoding="utf-8")
    manifest = manifest.replace('version: "1.1.0"', 'version: "1.0.0"')
    for lesson in course.lessons():
        if lesson.id not in kept:
            manifest = manifest.replace(f"      - {lesson.path}\n", "")
    first = course.modules[0].lessons[-1].path
    manifest = manifest.replace(
        f"      - {first}\n", f"      - {first}\n      - 00-start-here/99-before-you-begin.md\n"
    )
    (dest / "course.yaml").write_text(manifest, encoding="utf-8")
    (dest / "00-start-here" / "99-before-you-begin.md").write_text(REMOVED_LESSON, "utf-8")
    for lesson_id, old in IDS["lessons"].items():
        lesson = course.lesson(lesson_id)
        assert lesson is not None
        path = dest / lesson.path
        text = path.read_text(encoding="utf-8")
        for quiz in lesson.quizzes:
            old_ids = sorted(set(old["quizzes"].get(quiz.id, {})), key=_natural)
            new_ids = [q.id for q in quiz.questions if q.id not in old_ids]
            gone = [i for i in old_ids if i not in {q.id for q in quiz.questions}]
            text = _rename_questions(text, quiz.id, dict(zip(new_ids, gone, strict=False)))
            text = _drop_questions(text, quiz.id, set(new_ids[len(gone) :]))
        for dropped in {each.id for each in course.lessons()} - kept:
            text = re.sub(r"\[([^\]]*)\]\(lesson:" + dropped + r"\)", r"\1", text)
        path.write_text(text.replace(NEW_PROMPT, OLD_PROMPT), encoding="utf-8")
    return dest


def _natural(question_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in question_id if ch.isdigit())
    return (int(digits) if digits else 0, question_id)


NEW_LESSON = """\
---
id: staying-in-touch
title: Staying in touch with your progress
---
A lesson that is new in version 2.0.0.
"""
V2_PROMPT = "Recall a moment you felt real empathy for someone. What happened in you?"
V2_DROPPED = "worked-scenarios"


def make_version_2_0(shipped: Path, dest: Path) -> Path:
    """A 2.0.0 of the shipped course in `dest`: the lesson "worked-scenarios" is gone, a
    lesson "staying-in-touch" is new (last), and the first prompt of
    "what-is-the-empathy-gap" is reworded. Every other id is as in 1.1.0."""
    from course.loader import load_course

    course = load_course(shipped).course
    assert course is not None
    shutil.copytree(shipped, dest)
    dropped = course.lesson(V2_DROPPED)
    assert dropped is not None
    last = course.modules[-1].lessons[-1].path
    manifest = (dest / "course.yaml").read_text(encoding="utf-8")
    manifest = manifest.replace('version: "1.1.0"', 'version: "2.0.0"')
    manifest = manifest.replace(f"      - {dropped.path}\n", "")
    manifest = manifest.replace(f"      - {last}\n", f"      - {last}\n      - 99-new.md\n")
    (dest / "course.yaml").write_text(manifest, encoding="utf-8")
    (dest / "99-new.md").write_text(NEW_LESSON, encoding="utf-8")
    for lesson in course.lessons():
        path = dest / lesson.path
        text = path.read_text(encoding="utf-8").replace(NEW_PROMPT, V2_PROMPT)
        text = re.sub(r"\[([^\]]*)\]\(lesson:" + V2_DROPPED + r"\)", r"\1", text)
        path.write_text(text, encoding="utf-8")
    return dest
