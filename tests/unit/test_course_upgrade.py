"""A learner's progress on Bridging the Empathy Gap 1.0.0 survives installing 1.1.0.

tests/support/empathy-gap-1.0.0-ids.json records every id a 1.0.0 learner can have
progress on (modules, lessons, quizzes, questions with the shape of their right
answer, reflections and prompts), taken from the 1.0.0 course as it shipped. Progress
is keyed by ids, so it survives when each id is still there and still means the same
kind of thing; a question whose options changed was given a new id, so an old answer
is never graded against new options.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from course.grading import grade
from course.install import install_course
from course.loader import load_course
from course.model import Course, Question, QuestionType, QuizStep, ReflectStep
from course.paths import DataPaths
from course.store.api import CourseKey, open_store

SUPPORT = Path(__file__).resolve().parents[1] / "support"
OLD = json.loads((SUPPORT / "empathy-gap-1.0.0-ids.json").read_text(encoding="utf-8"))
OLD_REF = CourseKey("empathy-gap", "1.0.0")


def new_questions(course: Course) -> dict[tuple[str, str], Question]:
    return {
        (quiz.id, q.id): q for lesson in course.lessons() for quiz in lesson.quizzes
        for q in quiz.questions
    }  # fmt: skip


def old_right_answer(shape: dict) -> object:
    """The right answer to a 1.0.0 question, in the shape the store kept it."""
    kind = QuestionType(shape["type"])
    if kind is QuestionType.SINGLE:
        return shape["correct"][0]
    if kind is QuestionType.MULTIPLE:
        return frozenset(shape["correct"])
    if kind is QuestionType.TRUE_FALSE:
        return shape["answer"]
    return tuple(range(shape["items"]))


def test_the_new_version_is_a_minor_upgrade_of_the_same_course(shipped_course: Course) -> None:
    assert (OLD["course"], OLD["version"]) == ("empathy-gap", "1.0.0")
    assert shipped_course.id == OLD["course"] and shipped_course.version == "1.1.0"


def test_every_old_module_lesson_quiz_and_reflection_id_is_still_there(
    shipped_course: Course,
) -> None:
    modules = {m.id: [lesson.id for lesson in m.lessons] for m in shipped_course.modules}
    lessons = {lesson.id: lesson for lesson in shipped_course.lessons()}
    for module_id, lesson_ids in OLD["modules"].items():
        assert module_id in modules
        assert set(lesson_ids) <= set(modules[module_id]), module_id  # none moved away
    for lesson_id, old in OLD["lessons"].items():
        lesson = lessons[lesson_id]
        quizzes = {s.quiz.id for s in lesson.steps if isinstance(s, QuizStep)}
        assert set(old["quizzes"]) <= quizzes, lesson_id  # a quiz stays in its lesson
        prompts = {
            s.reflection.id: {p.id: p for p in s.reflection.prompts}
            for s in lesson.steps
            if isinstance(s, ReflectStep)
        }
        for reflection_id, old_prompts in old["reflections"].items():
            for prompt_id, shape in old_prompts.items():
                prompt = prompts[reflection_id][prompt_id]
                assert str(prompt.type) == shape["type"], (reflection_id, prompt_id)
                assert (prompt.min, prompt.max) == (shape["min"], shape["max"])


def test_a_kept_question_id_grades_an_old_answer_the_same(shipped_course: Course) -> None:
    questions = new_questions(shipped_course)
    kept = 0
    for old in OLD["lessons"].values():
        for quiz_id, old_questions in old["quizzes"].items():
            for question_id, shape in old_questions.items():
                question = questions.get((quiz_id, question_id))
                if question is None:
                    continue  # rewritten under a new id: the old answer starts fresh
                kept += 1
                assert str(question.type) == shape["type"], (quiz_id, question_id)
                assert len(question.options or question.items) == shape.get(
                    "options", shape.get("items", 0)
                ), (quiz_id, question_id)
                assert grade(question, old_right_answer(shape)).score == 1.0
    assert kept >= 10  # the unchanged questions really are kept, not all renamed


@pytest.fixture
def upgraded(tmp_path: Path, shipped_course_dir: Path) -> Course:
    """The shipped 1.1.0 installed over a 1.0.0 install of the same course."""
    old_copy = tmp_path / "old" / "empathy-gap"
    shutil.copytree(shipped_course_dir, old_copy)
    manifest = old_copy / "course.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('version: "1.1.0"', 'version: "1.0.0"'),
        encoding="utf-8",
    )
    courses = tmp_path / "courses"
    assert install_course(old_copy, courses).ok
    result = install_course(shipped_course_dir, courses)
    assert result.ok and result.replaced_version == "1.0.0", result.message
    assert result.root is not None
    loaded = load_course(result.root)
    assert loaded.course is not None and loaded.course.version == "1.1.0"
    return loaded.course


def test_progress_made_on_1_0_0_is_there_after_installing_1_1_0(
    tmp_path: Path, upgraded: Course
) -> None:
    store = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    try:
        for lesson_id, old in OLD["lessons"].items():
            store.visit_lesson(OLD_REF, lesson_id)
            store.complete_lesson(OLD_REF, lesson_id)
            for quiz_id, old_questions in old["quizzes"].items():
                attempt = store.start_quiz_attempt(OLD_REF, lesson_id, quiz_id)
                for question_id, shape in old_questions.items():
                    store.record_answer(attempt, question_id, old_right_answer(shape), 1.0)
                store.finish_quiz_attempt(
                    attempt, question_count=len(old_questions), pass_ratio=0.7
                )
            for reflection_id, prompts in old["reflections"].items():
                for prompt_id, shape in prompts.items():
                    if shape["type"] == "text":
                        store.save_reflection(
                            OLD_REF, lesson_id, reflection_id, prompt_id, f"{prompt_id} words"
                        )
                    else:
                        store.record_rating(OLD_REF, lesson_id, reflection_id, prompt_id, 6)

        progress = store.course_progress(upgraded)
        old_lessons = len(OLD["lessons"])
        assert progress.completed == old_lessons
        assert progress.total == sum(len(m.lessons) for m in upgraded.modules) > old_lessons
        questions = new_questions(upgraded)
        for old in OLD["lessons"].values():
            for quiz_id in old["quizzes"]:
                scores = store.quiz_scores(upgraded.id, quiz_id)
                assert scores is not None and scores.scored.passed, quiz_id
                for saved in scores.scored.answers:
                    question = questions.get((quiz_id, saved.question_id))
                    if question is not None and question.type is QuestionType.SINGLE:
                        assert grade(question, int(saved.answer)).score == 1.0
            for reflection_id, prompts in old["reflections"].items():
                for prompt_id, shape in prompts.items():
                    if shape["type"] == "text":
                        text = store.reflection_text(upgraded.id, reflection_id, prompt_id)
                        assert text == f"{prompt_id} words"
                    else:
                        assert store.latest_rating(upgraded.id, reflection_id, prompt_id) == 6
    finally:
        store.close()
