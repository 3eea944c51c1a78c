"""course.search: query building, lesson text to plain words, and the course text index."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from course.model import (
    Course,
    Lesson,
    Module,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizStep,
    Reflection,
    ReflectPrompt,
    ReflectStep,
    TextStep,
)
from course.search import (
    KIND_QUIZ,
    KIND_REFLECTION,
    KIND_TEXT,
    KIND_TITLE,
    CourseIndex,
    index_path,
    match_expressions,
    plain_text,
    split_excerpt,
)


def _lesson(lesson_id: str, title: str, *steps, objectives: tuple[str, ...] = ()) -> Lesson:
    return Lesson(lesson_id, title, f"{lesson_id}.md", 5, tuple(steps), objectives)


def course(version: str = "1.0.0", mirror_text: str = "You look in the mirror.") -> Course:
    quiz = Quiz(
        "mirror-check",
        0.7,
        (
            Question(
                "q1",
                QuestionType.SINGLE,
                "Which thought is guilt?",
                (Option("I did something bad.", True), Option("I am bad.")),
            ),
        ),
    )
    return Course(
        "demo",
        version,
        "Demo",
        (
            Module(
                "shame",
                "Shame",
                (
                    _lesson(
                        "guilt",
                        "Guilt and remorse",
                        TextStep("Guilt is about what you *did*."),
                        TextStep(
                            '!!! note "Notice the difference"\n'
                            "    Shame says something is wrong with **you**.\n"
                        ),
                        objectives=("Tell the two apart",),
                    ),
                    _lesson(
                        "mirror",
                        "The mirror",
                        TextStep("An opening about faces."),
                        TextStep(mirror_text),
                        QuizStep(quiz),
                        ReflectStep(
                            Reflection(
                                "r",
                                (ReflectPrompt("p1", "text", "When did you last feel seen?"),),
                            )
                        ),
                    ),
                ),
            ),
        ),
    )


@pytest.fixture
def index(tmp_path: Path):
    made = CourseIndex(index_path(tmp_path / "cache"))
    yield made
    made.close()


def _found(index: CourseIndex, text: str) -> list[tuple[str, int, str]]:
    return [(h.lesson_id, h.step_index, h.kind) for h in index.search(text)]


def test_match_expressions_quote_every_word_and_end_with_a_prefix() -> None:
    direct, varied = match_expressions('Ashamed "of* NEAR(')  # type: ignore[misc]
    assert direct == '("ashamed") AND ("of") AND ("near" OR "near"*)'
    assert varied == '("ashamed" OR "shamed") AND ("of") AND ("near" OR "near"*)'
    assert match_expressions("shame ") == ('("shame")', '("shame" OR "ashame")')
    assert match_expressions("  ?! ") is None


def test_split_excerpt() -> None:
    assert split_excerpt("a \x02b\x03 c\x02d\x03") == (
        ("a ", False),
        ("b", True),
        (" c", False),
        ("d", True),
    )
    assert split_excerpt("") == ()


def test_plain_text_keeps_the_words_a_reader_sees() -> None:
    markdown = (
        "# A heading\n\nSome **bold** and _soft_ words, a [link](lesson:x) and "
        '![an image](a.png){: .wide }.\n\n!!! pause "Stop here"\n    Breathe.\n\n'
        "- one\n- two\n\n> quoted\n\n```\ncode\n```\n<b>tag</b> snake_case_word"
    )
    assert plain_text(markdown) == (
        "A heading Some bold and soft words, a link and an image . Stop here. Breathe. "
        "one two quoted code tag snake_case_word"
    )


def test_a_lesson_is_found_by_a_stem_variant_at_the_step_that_matched(index) -> None:
    assert index.refresh([course()]) == ["demo"]
    # "ashamed" is not in the course; "Shame" is, in the second step of "guilt".
    assert _found(index, "ashamed") == [("guilt", 1, KIND_TEXT)]
    assert _found(index, "mirrors") == [("mirror", 0, KIND_TITLE)]
    assert _found(index, "guilty ")[0] == ("guilt", 0, KIND_TITLE)
    assert ("mirror", 2, KIND_QUIZ) in _found(index, "guilty ")
    assert _found(index, "seen") == [("mirror", 3, KIND_REFLECTION)]
    assert _found(index, "difference") == [("guilt", 1, KIND_TEXT)]  # an admonition's title
    assert _found(index, "faces op") == [("mirror", 0, KIND_TEXT)]  # "op" being typed
    (hit,) = index.search("wrong")
    assert hit.lesson_title == "Guilt and remorse"
    assert [text for text, matched in hit.excerpt if matched] == ["wrong"]
    assert "".join(text for text, _ in hit.excerpt) == (
        "Notice the difference. Shame says something is wrong with you."
    )


def test_the_index_is_rebuilt_when_a_course_changes_and_only_then(index, tmp_path) -> None:
    assert index.refresh([course()]) == ["demo"]
    assert index.refresh([course()]) == []  # unchanged: nothing to do
    changed = course(mirror_text="Your reflection in a shop window.")
    assert index.refresh([changed]) == ["demo"]
    assert _found(index, "window") == [("mirror", 1, KIND_TEXT)]
    assert index.search("look") == []
    index.close()
    reopened = CourseIndex(index.path)  # kept across starts
    assert reopened.refresh([changed]) == []
    assert _found(reopened, "window") == [("mirror", 1, KIND_TEXT)]
    assert reopened.refresh([]) == []  # a course no longer installed leaves the index
    assert reopened.search("window") == []
    reopened.close()


def test_two_courses_are_searched_together(index) -> None:
    other = dataclasses.replace(course(), id="other")
    index.refresh([course(), other])
    assert {h.course_id for h in index.search("mirror")} == {"demo", "other"}


def test_a_damaged_index_file_is_made_again(tmp_path: Path) -> None:
    path = index_path(tmp_path / "cache")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    index = CourseIndex(path)
    assert index.refresh([course()]) == ["demo"]
    assert _found(index, "mirror")
    index.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_the_shipped_course_is_searchable(index, shipped_course: Course) -> None:
    index.refresh([shipped_course])
    hits = index.search("ashamed")
    assert hits and hits[0].course_id == shipped_course.id
    for hit in hits:
        lesson = shipped_course.lesson(hit.lesson_id)
        assert lesson is not None and 0 <= hit.step_index < len(lesson.steps)
    assert any(h.lesson_id for h in index.search("mirror"))
