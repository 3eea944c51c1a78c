"""A quiz finished under version 1.0.0 of the shipped course, reviewed under 1.1.0.

1.1.0 rewrote most quiz questions under new ids. On main before this change the
summary counted the old answers as unanswered: "You scored 0 of 6" and every new
question listed as one to look at again. Now it shows the score the attempt earned,
the questions it answered as they read then, and the new ones as new.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from versionkit import IDS, make_version_1_0

from course.loader import load_course
from course.model import Course
from course.paths import DataPaths
from course.store.api import open_store
from ui import messages
from ui.quiz_view import QuizView

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"
QUIZ = "the-gap-quiz"
LESSON = "what-your-partner-lives-through"


@pytest.fixture(scope="module")
def old_course(tmp_path_factory) -> Course:
    course = load_course(make_version_1_0(SHIPPED, tmp_path_factory.mktemp("v") / "v1")).course
    assert course is not None and course.version == "1.0.0"
    return course


def test_an_attempt_from_an_earlier_version_keeps_its_score_and_its_questions(
    qtbot, tmp_path: Path, old_course: Course, shipped_course: Course
) -> None:
    from course.grading import correct_answer, grade
    from ui.quiz_view import answer_to_store

    store = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    store.keep_wording(old_course)
    old_quiz = old_course.quiz(QUIZ)
    assert old_quiz is not None and set(IDS["lessons"][LESSON]["quizzes"][QUIZ]) == {
        q.id for q in old_quiz.questions
    }
    attempt = store.start_quiz_attempt(old_course, LESSON, QUIZ)
    for q in old_quiz.questions:
        answer = correct_answer(q)
        store.record_answer(attempt, q.id, answer_to_store(answer), grade(q, answer).score)
    store.finish_quiz_attempt(attempt, question_count=len(old_quiz.questions), pass_ratio=0.7)
    store.keep_wording(shipped_course)

    view = QuizView(store)
    qtbot.addWidget(view)
    lesson = shipped_course.lesson(LESSON)
    quiz = shipped_course.quiz(QUIZ)
    assert lesson is not None and quiz is not None
    read: list[int] = []
    wording = store.wording
    store.wording = lambda *a, **k: read.append(len(found := wording(*a, **k))) or found
    view.set_quiz(shipped_course, lesson, quiz)
    # Only this quiz's questions as 1.0.0 worded them are read, not the course's wording.
    assert read == [len(old_quiz.questions)]
    assert view.showing_summary()
    summary = view.summary_label.text()
    assert "out of" not in summary and "100%" in summary
    assert messages.QUIZ_FROM_EARLIER.format(version="1.0.0") in summary
    assert view.summary_title.text() == "Well done"
    missed = view.missed_label.text()
    assert "to look at again" not in missed  # nothing was missed
    for q in old_quiz.questions:  # each answered question, as it read then
        assert html.escape(q.prompt, quote=False) in missed
    new = [q for q in quiz.questions if q.id not in {o.id for o in old_quiz.questions}]
    assert new and messages.QUIZ_NEW_QUESTIONS in missed
    store.close()


def test_an_open_attempt_carried_over_counts_only_the_questions_of_the_quiz_now(
    qtbot, tmp_path: Path, old_course: Course, shipped_course: Course
) -> None:
    """Begun under 1.0.0 (every old question answered right but not finished), finished
    under 1.1.0: the old answers are kept but do not inflate the new quiz's score."""
    from course.grading import correct_answer, grade
    from ui.quiz_view import answer_to_store

    store = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    old_quiz = old_course.quiz(QUIZ)
    assert old_quiz is not None
    attempt = store.start_quiz_attempt(old_course, LESSON, QUIZ)
    for q in old_quiz.questions:
        answer = correct_answer(q)
        store.record_answer(attempt, q.id, answer_to_store(answer), grade(q, answer).score)
    view = QuizView(store)
    qtbot.addWidget(view)
    lesson, quiz = shipped_course.lesson(LESSON), shipped_course.quiz(QUIZ)
    assert lesson is not None and quiz is not None
    view.set_quiz(shipped_course, lesson, quiz)
    kept = {q.id for q in quiz.questions} & {q.id for q in old_quiz.questions}
    assert view.question is not None and view.question.id not in kept  # resumes at a new one
    while not view.showing_summary():
        q = view.question
        assert q is not None
        view.choose(correct_answer(q))
        view.check()
        view.next_question()
    scores = store.quiz_scores(shipped_course.id, QUIZ)
    assert scores is not None and scores.scored.score is not None
    assert scores.scored.score == pytest.approx(1.0)  # not 2.0: the old answers are not this quiz
    assert len(scores.scored.answers) > len(quiz.questions)  # the old answers are still kept
    store.close()
