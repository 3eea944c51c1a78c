"""The loader: a test per error and warning class of the spec, with file, line and message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from coursekit import LESSON, MANIFEST, lesson, only, write_course

from course.loader import load_course
from course.model import (
    LoadResult,
    PromptType,
    QuestionType,
    QuizStep,
    ReflectStep,
    Severity,
    TextStep,
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING

TWO_LESSONS = MANIFEST + "      - m1/b.md\n"


def load(root: Path, files: dict[str, str | bytes] | None = None) -> LoadResult:
    return load_course(write_course(root, files))


def quiz_lesson(quiz_yaml: str, prose: str = "Some prose.\n") -> str:
    """A lesson whose ```quiz block starts on line 6 (its first YAML line is line 7)."""
    return lesson(f"{prose}```quiz\n{quiz_yaml}```\n")


GOOD_QUESTION = """\
  - id: q1
    type: single
    prompt: "Which thought is shame?"
    options:
      - text: "I made a mistake."
        feedback: "That is guilt."
      - text: "I am a mistake."
        correct: true
"""


def assert_finding(
    result: LoadResult, file: str, line: int, severity: Severity, message: str
) -> None:
    """Exactly one finding, at file:line, whose message contains `message`."""
    finding = only(result)
    assert (finding.file, finding.line, finding.severity) == (file, line, severity), (
        finding.format()
    )
    assert message in finding.message, finding.message


# -- a valid course ----------------------------------------------------------------------


def test_a_valid_course_loads_with_no_findings(tmp_path: Path) -> None:
    result = load(tmp_path)
    assert result.findings == ()
    assert result.ok
    course = result.course
    assert course is not None
    assert (course.id, course.version, course.title, course.format) == (
        "demo",
        "1.0.0",
        "A demo course",
        1,
    )
    assert [m.id for m in course.modules] == ["first"]
    only_lesson = course.modules[0].lessons[0]
    assert (only_lesson.id, only_lesson.path, only_lesson.title) == ("a", "m1/a.md", "Lesson A")
    assert only_lesson.steps == (TextStep("Some prose about noticing.\n", 5),)
    assert only_lesson.word_count == 4
    assert only_lesson.minutes == 1


def test_the_lesson_body_is_split_into_steps_in_reading_order(tmp_path: Path) -> None:
    body = (
        "Intro prose.\n"  # line 5
        "```quiz\n"  # 6
        "id: check\n"
        "pass_ratio: 0.5\n"
        "questions:\n" + GOOD_QUESTION + "  - id: q2\n"  # 18
        "    type: true_false\n"
        "    prompt: Shame is about the self.\n"
        "    answer: true\n"
        "    explanation: It is.\n"
        "  - id: q3\n"  # 23
        "    type: order\n"
        "    prompt: Order these.\n"
        "    items: [Listen, Reflect, Ask]\n"
        "    explanation: Listening first.\n"
        "```\n"
        "Middle prose.\n"  # 29
        "```reflect\n"  # 30
        "id: notice\n"
        "prompts:\n"
        "  - id: r1\n"
        "    type: text\n"
        "    prompt: What do you notice?\n"
        "  - id: r2\n"  # 36
        "    type: scale\n"
        "    prompt: How present were you?\n"
        "    min: 1\n"
        "    max: 5\n"
        "    labels: {5: fully, 1: not at all}\n"
        "```\n"
    )
    result = load(tmp_path, {"m1/a.md": lesson(body)})
    assert result.findings == ()
    assert result.course is not None
    steps = result.course.modules[0].lessons[0].steps
    assert [type(s) for s in steps] == [TextStep, QuizStep, TextStep, ReflectStep]
    first, quiz_step, middle, reflect_step = steps
    assert isinstance(first, TextStep) and first.line == 5
    assert isinstance(middle, TextStep) and (middle.line, middle.markdown) == (
        29,
        "Middle prose.\n",
    )
    assert isinstance(quiz_step, QuizStep)
    quiz = quiz_step.quiz
    assert (quiz.id, quiz.pass_ratio, quiz.line) == ("check", 0.5, 6)
    assert [q.type for q in quiz.questions] == [
        QuestionType.SINGLE,
        QuestionType.TRUE_FALSE,
        QuestionType.ORDER,
    ]
    assert [q.line for q in quiz.questions] == [10, 18, 23]
    assert quiz.questions[0].correct_indices == frozenset({1})
    assert quiz.questions[0].options[0].feedback == "That is guilt."
    assert quiz.questions[1].answer is True
    assert quiz.questions[2].items == ("Listen", "Reflect", "Ask")
    assert isinstance(reflect_step, ReflectStep)
    reflection = reflect_step.reflection
    assert (reflection.id, reflection.line) == ("notice", 30)
    scale = reflection.prompts[1]
    assert (scale.type, scale.min, scale.max, scale.line) == (PromptType.SCALE, 1, 5, 36)
    assert scale.labels == ((1, "not at all"), (5, "fully"))


def test_quiz_pass_ratio_falls_back_to_the_course_default(tmp_path: Path) -> None:
    manifest = MANIFEST.replace("title: A demo course\n", "title: A demo course\npass_ratio: 0.8\n")
    result = load(
        tmp_path,
        {
            "course.yaml": manifest,
            "m1/a.md": quiz_lesson("id: check\nquestions:\n" + GOOD_QUESTION),
        },
    )
    assert result.findings == ()
    assert result.course is not None
    assert result.course.pass_ratio == 0.8
    assert result.course.modules[0].lessons[0].quizzes[0].pass_ratio == 0.8


def test_fences_inside_other_code_blocks_are_not_steps(tmp_path: Path) -> None:
    body = "An example of a quiz block:\n\n````markdown\n```quiz\nid: not-a-quiz\n```\n````\n"
    result = load(tmp_path, {"m1/a.md": lesson(body)})
    assert result.findings == ()
    assert result.course is not None
    steps = result.course.modules[0].lessons[0].steps
    assert len(steps) == 1 and isinstance(steps[0], TextStep)
    assert "not-a-quiz" in steps[0].markdown


def test_minutes_come_from_front_matter_or_from_the_word_count(tmp_path: Path) -> None:
    words = " ".join(["word"] * 1000) + "\n"
    result = load(
        tmp_path,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": lesson(words),
            "m1/b.md": lesson(words, "id: b\ntitle: B\nminutes: 12\n"),
        },
    )
    assert result.findings == ()
    assert result.course is not None
    a, b = result.course.modules[0].lessons
    assert (a.word_count, a.minutes) == (1000, 5)
    assert (b.word_count, b.minutes) == (1000, 12)


def test_a_course_yaml_path_opens_its_folder(tmp_path: Path) -> None:
    write_course(tmp_path)
    assert load_course(tmp_path / "course.yaml").ok


# -- manifest errors ----------------------------------------------------------------------


def test_missing_manifest(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = load_course(tmp_path)
    assert result.course is None
    assert_finding(result, "course.yaml", 0, ERROR, "there is no course.yaml here")


def test_manifest_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    manifest = MANIFEST.replace("title: A demo course", "title: [unclosed")
    result = load(tmp_path, {"course.yaml": manifest})
    assert result.course is None
    finding = only(result)
    assert (finding.file, finding.severity) == ("course.yaml", ERROR)
    # PyYAML notices a line or two later; the finding names the line with the '['.
    assert finding.line == 4
    assert finding.message.startswith("YAML syntax error in course.yaml")
    assert "'[' opened on this line is never closed" in finding.message


def test_manifest_that_is_not_utf8(tmp_path: Path) -> None:
    data = MANIFEST.replace("A demo course", "Caf\xe9").encode("latin-1")
    result = load(tmp_path, {"course.yaml": data})
    assert result.course is None
    assert_finding(result, "course.yaml", 4, ERROR, "is not UTF-8 text (byte 0xe9 at line 4)")


def test_empty_manifest(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": ""})
    assert_finding(result, "course.yaml", 1, ERROR, "course.yaml is empty")


def test_manifest_that_is_a_list(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": "- one\n- two\n"})
    assert_finding(result, "course.yaml", 1, ERROR, "should be a set of 'key: value' lines")


@pytest.mark.parametrize(
    ("removed", "line", "message"),
    [
        ("format: 1\n", 1, "course.yaml needs 'format:' (write 'format: 1')"),
        ("id: demo\n", 1, "the course needs 'id:'"),
        ('version: "1.0.0"\n', 1, "course.yaml needs 'version:'"),
        ("title: A demo course\n", 1, "course.yaml needs 'title:'"),
    ],
)
def test_missing_required_course_fields(
    tmp_path: Path, removed: str, line: int, message: str
) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace(removed, "")})
    assert_finding(result, "course.yaml", line, ERROR, message)


def test_missing_modules(tmp_path: Path) -> None:
    manifest = MANIFEST.split("modules:")[0]
    result = load(tmp_path, {"course.yaml": manifest})
    assert_finding(result, "course.yaml", 1, ERROR, "course.yaml needs 'modules:'")


def test_empty_required_value_points_at_its_key(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace("title: A demo course", "title:")})
    assert_finding(result, "course.yaml", 4, ERROR, "course.yaml needs 'title:'")


def test_unknown_format(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace("format: 1", "format: 2")})
    assert result.course is None
    assert_finding(result, "course.yaml", 1, ERROR, "unknown format 2; this version of Bridgework")


def test_version_must_be_a_string(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace('version: "1.0.0"', "version: 1.0")})
    assert_finding(
        result, "course.yaml", 3, ERROR, 'version should be text in quotes, like version: "1.0"'
    )


def test_wrong_type_for_modules(tmp_path: Path) -> None:
    manifest = MANIFEST.split("modules:")[0] + "modules: shame\n"
    result = load(tmp_path, {"course.yaml": manifest})
    assert_finding(
        result,
        "course.yaml",
        5,
        ERROR,
        "'modules' of course.yaml should be a list (lines starting with '- '); found text 'shame'",
    )


def test_id_pattern(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace("id: demo", "id: Demo_Course")})
    assert result.course is None
    assert_finding(
        result, "course.yaml", 2, ERROR, "id 'Demo_Course' of the course may use only lower-case"
    )


@pytest.mark.parametrize("ratio", ["0", "1.5", "-0.2"])
def test_pass_ratio_range(tmp_path: Path, ratio: str) -> None:
    manifest = MANIFEST.replace("modules:", f"pass_ratio: {ratio}\nmodules:")
    result = load(tmp_path, {"course.yaml": manifest})
    assert_finding(
        result, "course.yaml", 5, ERROR, f"'pass_ratio' of course.yaml is {ratio}; it must be more"
    )


def test_duplicate_module_ids(tmp_path: Path) -> None:
    manifest = MANIFEST + "  - id: first\n    title: Again\n    lessons:\n      - m1/b.md\n"
    result = load(
        tmp_path, {"course.yaml": manifest, "m1/b.md": lesson("Text.\n", "id: b\ntitle: B\n")}
    )
    assert_finding(
        result, "course.yaml", 10, ERROR, "module id 'first' is already used at course.yaml:6"
    )


def test_module_without_lessons(tmp_path: Path) -> None:
    manifest = MANIFEST.replace("    lessons:\n      - m1/a.md\n", "    lessons: []\n")
    result = load(tmp_path, {"course.yaml": manifest})
    assert_finding(
        result,
        "course.yaml",
        8,
        ERROR,
        "'lessons' of module 'first' is empty; it needs at least one",
    )


def test_missing_lesson_file(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": TWO_LESSONS})
    assert_finding(result, "course.yaml", 10, ERROR, "lesson file 'm1/b.md' is missing")


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "m1/../../outside.md"])
def test_lesson_file_outside_the_folder(tmp_path: Path, path: str) -> None:
    (tmp_path / "outside.md").write_text(LESSON, encoding="utf-8")
    root = tmp_path / "course"
    result = load(root, {"course.yaml": MANIFEST.replace("m1/a.md", path)})
    assert_finding(result, "course.yaml", 9, ERROR, f"lesson file '{path}' is outside the course")


def test_lesson_file_that_is_a_link_to_outside(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text(LESSON, encoding="utf-8")
    root = write_course(tmp_path / "course")
    (root / "m1" / "a.md").unlink()
    os.symlink(tmp_path / "outside.md", root / "m1" / "a.md")
    result = load_course(root)
    assert_finding(result, "course.yaml", 9, ERROR, "lesson file 'm1/a.md' is outside the course")


def test_lesson_listed_twice(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST + "      - m1/a.md\n"})
    assert_finding(
        result, "course.yaml", 10, ERROR, "lesson file 'm1/a.md' is listed twice (also on line 9)"
    )


def test_unknown_manifest_key_is_a_warning(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace("modules:", "colour: blue\nmodules:")})
    assert result.ok
    assert_finding(
        result, "course.yaml", 5, WARNING, "unknown key 'colour' in course.yaml (ignored)"
    )


def test_duplicate_key(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": MANIFEST.replace("modules:", "title: Again\nmodules:")})
    assert_finding(
        result, "course.yaml", 5, ERROR, "key 'title' appears twice in course.yaml (also on line 4)"
    )


# -- lesson errors ----------------------------------------------------------------------


def test_lesson_without_front_matter(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": "# Just a heading\n"})
    assert_finding(result, "m1/a.md", 1, ERROR, "the lesson has no front matter")


def test_front_matter_never_closed(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": "---\nid: a\ntitle: A\nText.\n"})
    assert_finding(result, "m1/a.md", 1, ERROR, "the front matter is never closed")


def test_front_matter_yaml_error_has_the_lesson_line(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Text.\n", "id: a\ntitle: A\nobjectives: [x\n")})
    finding = only(result)
    # The line with the unclosed '[' (PyYAML notices it one line late).
    assert (finding.file, finding.line, finding.severity) == ("m1/a.md", 4, ERROR)
    assert finding.message.startswith("YAML syntax error in the front matter")


def test_lesson_that_is_not_utf8(tmp_path: Path) -> None:
    data = lesson("Line five.\nCaf\xe9 on line six.\n").encode("latin-1")
    result = load(tmp_path, {"m1/a.md": data})
    assert_finding(result, "m1/a.md", 6, ERROR, "the file is not UTF-8 text (byte 0xe9 at line 6)")


def test_lesson_that_cannot_be_read(tmp_path: Path) -> None:
    root = write_course(tmp_path)
    (root / "m1" / "a.md").unlink()
    (root / "m1" / "a.md").mkdir()  # a folder where the file should be: reading fails
    result = load_course(root)
    assert_finding(result, "m1/a.md", 0, ERROR, "the file cannot be read")


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("title: A\n", 2, "the lesson needs 'id:'"),
        ("id: a\n", 2, "the lesson needs 'title:'"),
        ("id: a\ntitle: '  '\n", 3, "'title' of the lesson is empty"),
    ],
)
def test_lesson_missing_required_fields(
    tmp_path: Path, front: str, line: int, message: str
) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Text.\n", front)})
    assert_finding(result, "m1/a.md", line, ERROR, message)


def test_lesson_wrong_types(tmp_path: Path) -> None:
    front = "id: a\ntitle: A\nminutes: soon\nobjectives: Tell shame apart\n"
    result = load(tmp_path, {"m1/a.md": lesson("Text.\n", front)})
    assert [(f.line, f.message) for f in result.findings] == [
        (4, "'minutes' of the lesson should be a whole number; found text 'soon'"),
        (
            5,
            "'objectives' of the lesson should be a list (lines starting with '- '); "
            "found text 'Tell shame apart'",
        ),
    ]


def test_duplicate_lesson_ids(tmp_path: Path) -> None:
    result = load(tmp_path, {"course.yaml": TWO_LESSONS, "m1/b.md": LESSON})
    assert_finding(
        result,
        "m1/b.md",
        2,
        ERROR,
        "lesson id 'a' is already used at m1/a.md:2; every lesson needs its own id",
    )


def test_long_lesson_warning(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson(" ".join(["word"] * 4001) + "\n")})
    assert_finding(result, "m1/a.md", 5, WARNING, "the lesson is 4001 words long")


def test_unknown_front_matter_key(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Text.\n", "id: a\ntitle: A\nauthor: me\n")})
    assert_finding(result, "m1/a.md", 4, WARNING, "unknown key 'author' in the front matter")


# -- quiz and reflect blocks ----------------------------------------------------------------


def test_quiz_yaml_syntax_error_is_reported_at_the_lesson_line(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions: [\n")})
    finding = only(result)
    assert (finding.file, finding.severity) == ("m1/a.md", ERROR)
    assert finding.line == 9  # the end of the block, where the parser gives up
    assert finding.message.startswith("YAML syntax error in the quiz block")


def test_quiz_block_never_closed(tmp_path: Path) -> None:
    body = "Prose.\n```quiz\nid: check\nquestions:\n" + GOOD_QUESTION
    result = load(tmp_path, {"m1/a.md": lesson(body)})
    assert_finding(result, "m1/a.md", 6, ERROR, "the quiz block starting here is never closed")


def test_quiz_without_id(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": quiz_lesson("questions:\n" + GOOD_QUESTION)})
    assert_finding(result, "m1/a.md", 7, ERROR, "the quiz needs 'id:'")


def test_unknown_question_type(tmp_path: Path) -> None:
    quiz = "id: check\nquestions:\n  - id: q1\n    type: essay\n    prompt: Why?\n"
    result = load(tmp_path, {"m1/a.md": quiz_lesson(quiz)})
    assert_finding(
        result,
        "m1/a.md",
        10,
        ERROR,
        "unknown question type 'essay' in question 'q1'; use single, multiple, true_false or order",
    )


def test_single_needs_exactly_one_correct_option(tmp_path: Path) -> None:
    question = GOOD_QUESTION.replace(
        '"I made a mistake."', '"I made a mistake."\n        correct: true'
    )
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + question)})
    assert_finding(
        result,
        "m1/a.md",
        12,
        ERROR,
        "question 'q1' of type 'single' needs exactly one option with \"correct: true\" (found 2)",
    )
    assert result.course is not None
    assert result.course.modules[0].lessons[0].quizzes == ()  # a broken quiz is not shown


def test_multiple_needs_a_correct_option(tmp_path: Path) -> None:
    question = GOOD_QUESTION.replace("single", "multiple").replace("        correct: true\n", "")
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + question)})
    assert_finding(
        result,
        "m1/a.md",
        12,
        ERROR,
        "question 'q1' of type 'multiple' needs at least one option with "
        '"correct: true" (found 0)',
    )


def test_shuffle_false_keeps_the_authors_order(tmp_path: Path) -> None:
    plain = load(
        tmp_path / "a", {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + GOOD_QUESTION)}
    )
    fixed = load(
        tmp_path / "b",
        {
            "m1/a.md": quiz_lesson(
                "id: check\nquestions:\n"
                + GOOD_QUESTION.replace("type: single", "type: single\n    shuffle: false")
            )
        },
    )
    assert plain.ok and fixed.ok and fixed.findings == ()
    assert plain.course is not None and fixed.course is not None
    assert plain.course.modules[0].lessons[0].quizzes[0].questions[0].shuffle is True
    assert fixed.course.modules[0].lessons[0].quizzes[0].questions[0].shuffle is False


def test_shuffle_must_be_true_or_false(tmp_path: Path) -> None:
    question = GOOD_QUESTION.replace("type: single", "type: single\n    shuffle: sometimes")
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + question)})
    assert_finding(
        result,
        "m1/a.md",
        11,
        ERROR,
        "'shuffle' of question 'q1' should be true or false (no quotes)",
    )


def test_shuffle_on_true_false_is_a_warning(tmp_path: Path) -> None:
    quiz = (
        "id: check\nquestions:\n  - id: q1\n    type: true_false\n    prompt: Yes?\n"
        "    shuffle: false\n    answer: true\n    explanation: Because.\n"
    )
    result = load(tmp_path, {"m1/a.md": quiz_lesson(quiz)})
    assert_finding(
        result, "m1/a.md", 12, WARNING, "'shuffle' is not used by a 'true_false' question"
    )


def test_true_false_needs_a_boolean_answer(tmp_path: Path) -> None:
    quiz = (
        "id: check\nquestions:\n  - id: q1\n    type: true_false\n    prompt: Yes?\n"
        '    answer: "yes"\n    explanation: Because.\n'
    )
    result = load(tmp_path, {"m1/a.md": quiz_lesson(quiz)})
    assert_finding(
        result,
        "m1/a.md",
        12,
        ERROR,
        "'answer' of question 'q1' should be true or false (no quotes); found text 'yes'",
    )


@pytest.mark.parametrize("count", [1, 9])
def test_order_needs_two_to_eight_items(tmp_path: Path, count: int) -> None:
    items = ", ".join(f"step {n}" for n in range(count))
    quiz = (
        "id: check\nquestions:\n  - id: q1\n    type: order\n    prompt: Order them.\n"
        f"    items: [{items}]\n    explanation: Because.\n"
    )
    result = load(tmp_path, {"m1/a.md": quiz_lesson(quiz)})
    assert_finding(
        result,
        "m1/a.md",
        12,
        ERROR,
        f"question 'q1' of type 'order' needs 2 to 8 items (found {count})",
    )


def test_empty_question_prompt(tmp_path: Path) -> None:
    question = GOOD_QUESTION.replace('"Which thought is shame?"', '""')
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + question)})
    assert_finding(result, "m1/a.md", 11, ERROR, "'prompt' of question 'q1' is empty")


def test_duplicate_question_ids_in_a_block(tmp_path: Path) -> None:
    quiz = "id: check\nquestions:\n" + GOOD_QUESTION + GOOD_QUESTION
    result = load(tmp_path, {"m1/a.md": quiz_lesson(quiz)})
    assert_finding(
        result,
        "m1/a.md",
        17,
        ERROR,
        "question id 'q1' is used twice in quiz 'check' (also on line 9)",
    )


def test_duplicate_quiz_ids_across_lessons(tmp_path: Path) -> None:
    quiz = "id: check\nquestions:\n" + GOOD_QUESTION
    result = load(
        tmp_path,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": quiz_lesson(quiz),
            "m1/b.md": lesson(f"Prose.\n```quiz\n{quiz}```\n", "id: b\ntitle: B\n"),
        },
    )
    assert_finding(result, "m1/b.md", 7, ERROR, "quiz id 'check' is already used at m1/a.md:7")


def test_duplicate_reflect_ids(tmp_path: Path) -> None:
    block = "```reflect\nid: notice\nprompts:\n  - id: r1\n    type: text\n    prompt: What?\n```\n"
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n" + block + block)})
    assert_finding(result, "m1/a.md", 14, ERROR, "reflect id 'notice' is already used at m1/a.md:7")


def test_empty_reflect_prompt(tmp_path: Path) -> None:
    block = "```reflect\nid: notice\nprompts:\n  - id: r1\n    type: text\n    prompt: ''\n```\n"
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n" + block)})
    assert_finding(result, "m1/a.md", 11, ERROR, "'prompt' of prompt 'r1' is empty")


def test_unknown_prompt_type(tmp_path: Path) -> None:
    block = (
        "```reflect\nid: notice\nprompts:\n  - id: r1\n    type: essay\n    prompt: What?\n```\n"
    )
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n" + block)})
    assert_finding(result, "m1/a.md", 10, ERROR, "unknown prompt type 'essay' in prompt 'r1'")


def test_scale_min_must_be_below_max(tmp_path: Path) -> None:
    block = (
        "```reflect\nid: notice\nprompts:\n  - id: r1\n    type: scale\n    prompt: How?\n"
        "    min: 5\n    max: 5\n```\n"
    )
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n" + block)})
    assert_finding(
        result,
        "m1/a.md",
        13,
        ERROR,
        "prompt 'r1' has min 5 and max 5; min must be smaller than max",
    )


def test_question_without_feedback_or_explanation_is_a_warning(tmp_path: Path) -> None:
    question = GOOD_QUESTION.replace('        feedback: "That is guilt."\n', "")
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + question)})
    assert_finding(result, "m1/a.md", 9, WARNING, "question 'q1' has no feedback or explanation")
    assert result.ok  # a warning does not stop the quiz from being shown
    assert result.course is not None and len(result.course.modules[0].lessons[0].quizzes) == 1


def test_unknown_question_key_is_a_warning(tmp_path: Path) -> None:
    question = GOOD_QUESTION + "    hint: think\n"
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\nquestions:\n" + question)})
    assert_finding(result, "m1/a.md", 17, WARNING, "unknown key 'hint' in question 'q1' (ignored)")


# -- images, assets and links -------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "![A partner](https://example.org/partner.png)",
        '<img alt="A partner" src="http://example.org/partner.png">',
        "![A partner](//example.org/partner.png)",
    ],
)
def test_remote_images_are_errors(tmp_path: Path, markup: str) -> None:
    result = load(tmp_path, {"m1/a.md": lesson(f"Prose.\n\n{markup}\n")})
    finding = only(result)
    assert (finding.file, finding.line, finding.severity) == ("m1/a.md", 7, ERROR)
    assert "is on the internet; Bridgework never fetches anything" in finding.message


def test_image_without_alt_text_is_a_warning(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {"m1/a.md": lesson("Prose.\n![](images/p.png)\n"), "m1/images/p.png": b"\x89PNG"},
    )
    assert_finding(result, "m1/a.md", 6, WARNING, "image 'images/p.png' has no alt text")


def test_html_image_without_alt_text_is_a_warning(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {"m1/a.md": lesson('Prose.\n<img src="images/p.png">\n'), "m1/images/p.png": b"\x89PNG"},
    )
    assert_finding(result, "m1/a.md", 6, WARNING, "image 'images/p.png' has no alt text")


def test_missing_asset(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n\n![A partner](images/partner.png)\n")})
    assert_finding(
        result,
        "m1/a.md",
        7,
        ERROR,
        "image 'images/partner.png' is missing (looked for m1/images/partner.png)",
    )


@pytest.mark.parametrize("src", ["../../secret.png", "/etc/secret.png", "file:///etc/x.png"])
def test_asset_outside_the_folder(tmp_path: Path, src: str) -> None:
    result = load(tmp_path / "course", {"m1/a.md": lesson(f"Prose.\n![A partner]({src})\n")})
    assert_finding(result, "m1/a.md", 6, ERROR, f"image '{src}' is outside the course folder")


def test_asset_that_is_a_link_to_outside(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    root = write_course(tmp_path / "course", {"m1/a.md": lesson("Prose.\n![A partner](p.png)\n")})
    os.symlink(tmp_path / "secret.png", root / "m1" / "p.png")
    result = load_course(root)
    assert_finding(result, "m1/a.md", 6, ERROR, "image 'p.png' is outside the course folder")


def test_assets_and_links_that_are_fine(tmp_path: Path) -> None:
    body = (
        "![A partner listening](../images/partner%20listening.png)\n"
        "See [the next lesson](b.md), [the same by id](lesson:b#top), [a section](#why),\n"
        "[a website](https://example.org), [mail](mailto:a@example.org) and "
        "[the worksheet](../files/sheet.pdf).\n"
        "`![code](http://example.org/not-an-image.png)` is just code.\n"
        "```text\n![in a code block](http://example.org/x.png)\n```\n"
    )
    result = load(
        tmp_path,
        {
            "course.yaml": TWO_LESSONS,
            "m1/a.md": lesson(body),
            "m1/b.md": lesson("Text.\n", "id: b\ntitle: B\n"),
            "images/partner listening.png": b"\x89PNG",
            "files/sheet.pdf": b"%PDF",
        },
    )
    assert result.findings == ()


def test_link_to_a_file_that_is_not_a_lesson(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\nSee [shame](../m2/shame.md).\n")})
    assert_finding(
        result,
        "m1/a.md",
        6,
        ERROR,
        "link '../m2/shame.md' points to m2/shame.md, which is not a lesson listed in course.yaml",
    )


def test_link_to_an_unknown_lesson_id(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\nSee [shame](lesson:shame).\n")})
    assert_finding(
        result, "m1/a.md", 6, ERROR, "link 'lesson:shame' names no lesson in this course"
    )


def test_link_to_a_missing_file(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\nThe [worksheet](sheet.pdf).\n")})
    assert_finding(
        result, "m1/a.md", 6, ERROR, "link 'sheet.pdf' is missing (looked for m1/sheet.pdf)"
    )


# -- more that authors run into -------------------------------------------------------------


def test_windows_line_endings_read_the_same(tmp_path: Path) -> None:
    quiz = "id: check\nquestions:\n" + GOOD_QUESTION
    text = quiz_lesson(quiz).replace("\n", "\r\n")
    result = load(tmp_path, {"m1/a.md": text.encode()})
    assert result.findings == ()
    assert result.course is not None
    steps = result.course.modules[0].lessons[0].steps
    assert [type(s) for s in steps] == [TextStep, QuizStep]
    assert isinstance(steps[1], QuizStep) and steps[1].quiz.questions[0].line == 9


def test_empty_front_matter(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": "---\n---\nText.\n"})
    assert_finding(result, "m1/a.md", 2, ERROR, "the front matter should be a set of 'key: value'")


def test_unknown_admonition_kind_is_a_warning(tmp_path: Path) -> None:
    body = 'Prose.\n\n!!! danger "Careful"\n    Text.\n\n!!! pause "Notice"\n    Breathe.\n'
    result = load(tmp_path, {"m1/a.md": lesson(body)})
    assert_finding(result, "m1/a.md", 7, WARNING, "'!!! danger' is not a kind of box the player")


def test_html_the_player_removes_is_a_warning(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n<script>alert(1)</script>\n")})
    assert_finding(result, "m1/a.md", 6, WARNING, "<script> is removed when the lesson is shown")


def test_the_body_is_checked_even_when_the_front_matter_is_broken(tmp_path: Path) -> None:
    text = lesson(
        "Prose.\n![Remote](https://example.org/x.png)\n", "id: a\ntitle: Shame: a primer\n"
    )
    result = load(tmp_path, {"m1/a.md": text})
    assert [(f.line, f.message.split(":")[0]) for f in result.findings] == [
        (3, "YAML syntax error in the front matter"),
        (6, "image 'https"),
    ]
    assert "a ':' appears where a new 'key: value' cannot start" in result.findings[0].message


def test_duplicate_prompt_ids_in_a_block(tmp_path: Path) -> None:
    prompt = "  - id: r1\n    type: text\n    prompt: What?\n"
    block = f"```reflect\nid: notice\nprompts:\n{prompt}{prompt}```\n"
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n" + block)})
    assert_finding(
        result, "m1/a.md", 12, ERROR, "prompt id 'r1' is used twice in reflect block 'notice'"
    )


def test_true_false_without_an_answer(tmp_path: Path) -> None:
    quiz = "id: check\nquestions:\n  - id: q1\n    type: true_false\n    prompt: Yes?\n"
    quiz += "    explanation: Because.\n"
    result = load(tmp_path, {"m1/a.md": quiz_lesson(quiz)})
    assert_finding(result, "m1/a.md", 9, ERROR, "question 'q1' needs 'answer:' with true or false")


def test_quiz_without_questions(tmp_path: Path) -> None:
    result = load(tmp_path, {"m1/a.md": quiz_lesson("id: check\n")})
    assert_finding(result, "m1/a.md", 7, ERROR, "quiz 'check' needs 'questions:'")


def test_scale_label_outside_the_scale(tmp_path: Path) -> None:
    block = (
        "```reflect\nid: notice\nprompts:\n  - id: r1\n    type: scale\n    prompt: How?\n"
        "    labels:\n      11: beyond\n```\n"
    )
    result = load(tmp_path, {"m1/a.md": lesson("Prose.\n" + block)})
    assert_finding(
        result, "m1/a.md", 13, ERROR, "label 11 of prompt 'r1' is outside the scale 0 to 10"
    )
