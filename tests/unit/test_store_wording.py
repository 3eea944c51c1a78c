"""The wording kept per course version, so every answer keeps the words it answered.

The four checks of any learner data: kept and read back, in the export, gone after
delete, never in plain text once a passphrase is set (the kill -9 check is in
test_crash_store, whose writer keeps a version's wording every round).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coursekit import lesson, write_course
from damage import plain_text_in

from course.loader import load_course
from course.model import Course
from course.paths import DataPaths
from course.store import delete_all_data, open_store
from course.store.api import CourseKey

CANARY = "heron-quartz-5810"
REFLECT = """\
```reflect
id: notes
prompts:
  - id: p1
    type: text
    prompt: {prompt}
  - id: p2
    type: scale
    prompt: How steady do you feel?
```

```quiz
id: check
questions:
  - id: q1
    type: true_false
    prompt: {question}
    answer: true
    explanation: Because.
```
"""


def version(root: Path, number: str, prompt: str, question: str = "Is it so?") -> Course:
    manifest = (
        "format: 1\nid: demo\n"
        f'version: "{number}"\n'
        "title: Demo\nmodules:\n  - id: m\n    title: M\n    lessons:\n      - m1/a.md\n"
    )
    files = {
        "course.yaml": manifest,
        "m1/a.md": lesson(REFLECT.format(prompt=prompt, question=question)),
    }
    result = load_course(write_course(root, files))
    assert result.course is not None, [f.format() for f in result.findings]
    return result.course


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Course, Course]:
    return (
        version(tmp_path / "one", "1.0.0", f"What do you notice? {CANARY}", f"Is it so {CANARY}?"),
        version(tmp_path / "two", "1.1.0", "What do you see now?"),
    )


def fill(store, one: Course, two: Course) -> None:
    assert store.keep_wording(one) == 4  # the lesson title, two prompts, one question
    assert store.keep_wording(one) == 0  # once per version
    store.save_reflection(one, "a", "notes", "p1", "Warmth in my chest.")
    store.record_rating(one, "a", "notes", "p2", 6)
    attempt = store.start_quiz_attempt(one, "a", "check")
    store.record_answer(attempt, "q1", True, 1.0)
    store.finish_quiz_attempt(attempt, question_count=1, pass_ratio=0.7)
    assert store.keep_wording(two) == 4


def test_each_version_is_kept_once_and_read_back(data_paths: DataPaths, versions) -> None:
    one, two = versions
    with open_store(data_paths, backup_at_open=False) as store:
        fill(store, one, two)
        # Read as plain rows, no Session (issue 14: a quiz opening on an earlier version's
        # attempt reads its questions' words; through the ORM it cost 1-2 ms more).
        sessions: list[object] = []
        original = store._session
        store._session = lambda: sessions.append(1) or original()  # type: ignore[method-assign]
        kept = store.wording("demo")
        assert store.wording("other") == []
        # Narrowed in SQL (a quiz resuming reads its own questions' words, not the course's).
        one_quiz = store.wording("demo", course_version="1.0.0", kind="question", parent_id="check")
        assert one_quiz == [
            w
            for w in kept
            if (w.course_version, w.kind, w.parent_id) == ("1.0.0", "question", "check")
        ]
        assert [w.item_id for w in one_quiz] == ["q1"]
        assert len(store.wording("demo", kind="prompt")) == 4  # two prompts, two versions
        assert sessions == []
    prompts = {(w.course_version, w.item_id): w.text for w in kept if w.kind == "prompt"}
    assert prompts[("1.0.0", "p1")] == f"What do you notice? {CANARY}"
    assert prompts[("1.1.0", "p1")] == "What do you see now?"
    assert {(w.kind, w.parent_id, w.item_id) for w in kept if w.course_version == "1.0.0"} == {
        ("lesson", "", "a"), ("prompt", "notes", "p1"), ("prompt", "notes", "p2"),
        ("question", "check", "q1"),
    }  # fmt: skip


def test_the_export_names_the_words_each_answer_answered(
    data_paths: DataPaths, versions, tmp_path: Path
) -> None:
    one, two = versions
    with open_store(data_paths, backup_at_open=False) as store:
        fill(store, one, two)
        folder = store.export_all(tmp_path / "export", [two])
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    (reflection,) = data["reflections"]
    assert reflection["prompt_text"] == f"What do you notice? {CANARY}"
    assert data["ratings"][0]["prompt_text"] == "How steady do you feel?"
    (answer,) = data["quiz_attempts"][0]["answers"]
    assert answer["question_text"] == f"Is it so {CANARY}?"
    assert data["lessons"] == [] and len(data["course_wording"]) == 8
    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    # The course words the prompt differently now: both are there.
    assert "*What do you see now?*" in markdown
    assert f"You answered it when it read: *What do you notice? {CANARY}*" in markdown


def test_a_removed_lesson_is_named_as_from_an_earlier_version(
    data_paths: DataPaths, versions, tmp_path: Path
) -> None:
    one, _ = versions
    with open_store(data_paths, backup_at_open=False) as store:
        store.keep_wording(one)
        store.save_reflection(one, "a", "notes", "p1", "Still mine.")
        elsewhere = version(tmp_path / "three", "2.0.0", "x")
        gone = CourseKey("demo", "1.0.0")
        store.save_reflection(gone, "old-lesson", "old", "p9", "From a lesson since removed.")
        folder = store.export_all(tmp_path / "export", [elsewhere])
    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    assert "From a lesson since removed." in markdown  # never dropped
    # No wording was kept for it (written before Bridgework kept any): its id, marked.
    assert "### Demo: old-lesson (from an earlier version; no longer in the course)" in markdown
    assert "### Demo: Lesson A\n" in markdown


def test_gone_after_delete(data_paths: DataPaths, versions) -> None:
    with open_store(data_paths, backup_at_open=False) as store:
        fill(store, *versions)
    delete_all_data(data_paths)
    with open_store(data_paths, backup_at_open=False) as store:
        assert store.wording() == []


def test_never_in_plain_text_with_a_passphrase(data_paths: DataPaths, versions) -> None:
    with open_store(data_paths) as store:
        store.set_passphrase("a phrase for the wording canary")
        fill(store, *versions)
        store.backup_now()
    assert plain_text_in(data_paths.root, CANARY) == []
    with open_store(data_paths, "a phrase for the wording canary") as store:
        assert any(CANARY in w.text for w in store.wording())


def test_the_canary_check_can_fail_without_a_passphrase(data_paths: DataPaths, versions) -> None:
    with open_store(data_paths) as store:
        fill(store, *versions)
    assert plain_text_in(data_paths.root, CANARY) != []
