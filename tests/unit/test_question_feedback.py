"""Feedback for every question type: `true:` / `false:` on a true_false question and
per-item feedback on an order question (issue 11), loaded, validated and graded."""

from __future__ import annotations

from pathlib import Path

from coursekit import lesson, only, write_course

from course.grading import grade
from course.loader import load_course
from course.model import LoadResult, Question, QuizStep, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

# The first YAML line of the block is line 7; the question starts on line 9.
HEAD = "id: check\nquestions:\n  - id: q1\n"
TRUE_FALSE = HEAD + "    type: true_false\n    prompt: Shame is about the self.\n    answer: true\n"
ORDER = HEAD + "    type: order\n    prompt: Put these in order.\n    explanation: A first.\n"


def load(tmp_path: Path, quiz_yaml: str) -> LoadResult:
    body = f"Some prose.\n```quiz\n{quiz_yaml}```\n"
    return load_course(write_course(tmp_path, {"m1/a.md": lesson(body)}))


def question(result: LoadResult) -> Question:
    assert result.course is not None, [f.format() for f in result.findings]
    step = result.course.modules[0].lessons[0].steps[1]
    assert isinstance(step, QuizStep)
    return step.quiz.questions[0]


def finding(result: LoadResult, line: int, severity: Severity, text: str) -> None:
    found = only(result)
    assert (found.file, found.line, found.severity) == ("m1/a.md", line, severity), found.format()
    assert text in found.message, found.message


# -- true_false ----------------------------------------------------------------------


def test_true_false_feedback_for_each_answer(tmp_path: Path) -> None:
    quiz = TRUE_FALSE + (
        "    feedback:\n"
        '      true: "Yes: shame speaks about who I am."\n'
        '      false: "Look again: guilt is about a deed, shame about the self."\n'
    )
    result = load(tmp_path, quiz)
    assert result.findings == ()  # feedback alone is enough: no "no feedback" warning
    q = question(result)
    assert q.answer_feedback == (
        "Yes: shame speaks about who I am.",
        "Look again: guilt is about a deed, shame about the self.",
    )
    right, wrong = grade(q, True), grade(q, False)
    assert [o.feedback for o in right.options] == list(q.answer_feedback)
    assert right.feedback_to_revisit() == ()
    # Answering False: its own feedback, and the right answer's, are worth a second look.
    assert wrong.feedback_to_revisit() == q.answer_feedback


def test_true_false_feedback_on_one_answer_only_and_yaml_yes_no(tmp_path: Path) -> None:
    result = load(tmp_path, TRUE_FALSE + "    feedback:\n      no: Not quite.\n")
    assert result.findings == ()
    assert question(result).answer_feedback == (None, "Not quite.")


def test_a_course_without_the_new_feedback_loads_as_before(tmp_path: Path) -> None:
    result = load(tmp_path, TRUE_FALSE + "    explanation: It is.\n")
    assert result.findings == ()
    q = question(result)
    assert q.answer_feedback == (None, None) and q.item_feedback == ()
    assert all(o.feedback is None for o in grade(q, False).options)


def test_unknown_key_in_true_false_feedback_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    quiz = TRUE_FALSE + "    feedback:\n      true: Yes.\n      ture: Typo.\n"
    result = load(tmp_path, quiz)
    finding(result, 15, ERROR, "unknown key 'ture' in the feedback of question 'q1'")
    assert "Did you mean 'true'?" in result.findings[0].message


def test_two_feedbacks_for_one_answer_is_an_error(tmp_path: Path) -> None:
    quiz = TRUE_FALSE + "    feedback:\n      true: Yes.\n      yes: Also yes.\n"
    finding(load(tmp_path, quiz), 15, ERROR, "two entries for the answer 'true'")


def test_feedback_that_is_not_text_is_an_error(tmp_path: Path) -> None:
    quiz = TRUE_FALSE + "    explanation: X.\n    feedback:\n      true: [a, b]\n"
    finding(load(tmp_path, quiz), 15, ERROR, "'true' of the feedback of question 'q1' should be")


def test_plain_text_feedback_on_true_false_stays_a_warning(tmp_path: Path) -> None:
    # It was an unknown key (a warning) before: a course valid then stays valid.
    result = load(tmp_path, TRUE_FALSE + "    feedback: Shown for both?\n    explanation: X.\n")
    finding(result, 13, WARNING, "put 'true:' and 'false:' under it")
    assert result.ok


def test_feedback_on_a_single_question_is_a_warning_saying_where_it_goes(tmp_path: Path) -> None:
    quiz = HEAD + (
        "    type: single\n    prompt: Which?\n    feedback: Hmm.\n    options:\n"
        "      - text: A\n        correct: true\n        feedback: Yes.\n      - text: B\n"
    )
    result = load(tmp_path, quiz)
    finding(result, 12, WARNING, "'feedback' is not used by a 'single' question (ignored)")
    assert "on its options" in result.findings[0].message


def test_no_feedback_warning_says_where_true_false_feedback_goes(tmp_path: Path) -> None:
    finding(load(tmp_path, TRUE_FALSE), 9, WARNING, "'feedback:' with 'true:' and 'false:'")


# -- order -----------------------------------------------------------------------------


def test_order_items_with_and_without_feedback(tmp_path: Path) -> None:
    quiz = ORDER + (
        "    items:\n"
        "      - Listen\n"
        "      - text: Reflect back\n"
        "        feedback: Saying back what you heard shows you listened.\n"
        '      - text: "Ask what would help"\n'
    )
    result = load(tmp_path, quiz)
    assert result.findings == ()
    q = question(result)
    assert q.items == ("Listen", "Reflect back", "Ask what would help")
    assert q.item_feedback == (None, "Saying back what you heard shows you listened.", None)
    placed = grade(q, (1, 0, 2)).placements
    assert [(p.text, p.feedback) for p in placed] == [
        ("Reflect back", "Saying back what you heard shows you listened."),
        ("Listen", None),
        ("Ask what would help", None),
    ]
    assert grade(q, (1, 0, 2)).feedback_to_revisit() == (
        "Saying back what you heard shows you listened.",
    )
    assert grade(q, (0, 1, 2)).feedback_to_revisit() == ()


def test_order_items_written_as_plain_text_have_no_item_feedback(tmp_path: Path) -> None:
    result = load(tmp_path, ORDER + "    items: [A, B]\n")
    assert result.findings == ()
    assert question(result).item_feedback == ()


def test_unknown_key_in_an_order_item_is_an_error(tmp_path: Path) -> None:
    quiz = ORDER + "    items:\n      - A\n      - text: B\n        feedbak: Typo.\n"
    result = load(tmp_path, quiz)
    finding(result, 16, ERROR, "unknown key 'feedbak' in item 2 of question 'q1'")
    assert "Did you mean 'feedback'?" in result.findings[0].message


def test_an_order_item_without_text_is_an_error(tmp_path: Path) -> None:
    quiz = ORDER + "    items:\n      - A\n      - feedback: No text.\n      - C\n"
    result = load(tmp_path, quiz)
    finding(result, 15, ERROR, "item 2 of question 'q1' needs 'text:'")


def test_an_order_item_that_is_a_list_is_an_error(tmp_path: Path) -> None:
    quiz = ORDER + "    items:\n      - A\n      - [B, C]\n"
    finding(load(tmp_path, quiz), 15, ERROR, "should be text, or 'text:' with 'feedback:'")


def test_the_scaffold_shows_feedback_on_true_false_and_order(tmp_path: Path) -> None:
    from course.scaffold import write_scaffold

    result = load_course(write_scaffold(tmp_path / "new", "T"))
    assert result.ok and result.findings == ()
    assert result.course is not None
    questions = {
        q.type: q
        for lesson_ in result.course.lessons()
        for quiz in lesson_.quizzes
        for q in quiz.questions
    }
    assert all(questions["true_false"].answer_feedback)
    assert any(questions["order"].item_feedback)
