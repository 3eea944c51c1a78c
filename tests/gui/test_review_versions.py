"""Review cards of questions a newer version of the course removed.

A question missed under 1.0.0 of the shipped course becomes a review card. 1.1.0 removed
some of 1.0.0's questions; on main before this change Home still said "Review (2 due)"
for one card of a removed question and one of a kept question, and the Review page then
offered only one (the removed one cannot be shown), or none at all when the removed
one, due first, took the day's last slot. Now a removed question is neither counted nor
offered, and its card and history stay in the store (and in the export) should a later
version bring the question back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_window import TIMEOUT, prepare_store, start
from versionkit import make_version_1_0

from course.loader import load_course
from course.model import Course
from course.paths import DataPaths
from course.store.api import open_store

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"


@pytest.fixture(scope="module")
def old_course(tmp_path_factory) -> Course:
    course = load_course(make_version_1_0(SHIPPED, tmp_path_factory.mktemp("v") / "v1")).course
    assert course is not None and course.version == "1.0.0"
    return course


def _removed_and_kept(old: Course, new: Course) -> tuple[tuple[str, str, str], ...]:
    """(lesson, quiz, question) of one question 1.1.0 removed and one it kept, same quiz."""
    for lesson in old.lessons():
        for quiz in lesson.quizzes:
            now = new.quiz(quiz.id)
            if now is None:
                continue
            kept_ids = {q.id for q in now.questions}
            removed = [q.id for q in quiz.questions if q.id not in kept_ids]
            kept = [q.id for q in quiz.questions if q.id in kept_ids]
            if removed and kept:
                return (lesson.id, quiz.id, removed[0]), (lesson.id, quiz.id, kept[0])
    raise AssertionError("1.1.0 removed no question from a quiz it kept")


def test_a_removed_question_is_neither_counted_nor_offered_and_its_card_is_kept(
    qtbot, data_paths: DataPaths, old_course: Course, shipped_course: Course
) -> None:
    removed, kept = _removed_and_kept(old_course, shipped_course)
    prepare_store(data_paths)
    with open_store(data_paths, backup_at_open=False) as store:
        for lesson_id, quiz_id, question_id in (removed, kept):
            attempt = store.start_quiz_attempt(old_course, lesson_id, quiz_id)
            store.record_answer(attempt, question_id, 0, 0.0)  # missed: a card, due now
    window = start(qtbot, data_paths)
    assert window.course is not None and window.course.version == shipped_course.version
    home = window.home
    qtbot.waitUntil(lambda: home.review_button.text() == "Review (1 due)", timeout=TIMEOUT)
    assert window.store.review_status(window.course).available == 1

    # With one review left today, the removed question's card (due first) has no claim on it.
    window.store.set_review_daily_limit(1)
    window.show_page("review")
    review = window.page("review").view  # type: ignore[attr-defined]
    assert [item.question.id for item in review.items] == [kept[2]]
    # The removed question's card and its history stay in the store.
    assert {card.question_id for card in window.store.review_cards()} == {removed[2], kept[2]}
    assert window.store.review_status().due == 2  # no course given: every card


def test_home_counts_due_cards_without_making_them(
    data_paths: DataPaths, old_course: Course, shipped_course: Course, monkeypatch
) -> None:
    # Home counts on every drawing: years of quizzes leave hundreds of due cards, and
    # making each into a card (with its review count) to count them cost 40-60 ms on
    # the GUI thread at a course switch and on every Home (issue 14).
    from course.store import review

    removed, kept = _removed_and_kept(old_course, shipped_course)
    with open_store(data_paths, backup_at_open=False) as store:
        for lesson_id, quiz_id, question_id in (removed, kept):
            attempt = store.start_quiz_attempt(old_course, lesson_id, quiz_id)
            store.record_answer(attempt, question_id, 0, 0.0)

        def no_cards(*_args, **_kwargs):
            raise AssertionError("counting made cards")

        monkeypatch.setattr(review, "cards", no_cards)
        monkeypatch.setattr(review, "_card", no_cards)
        assert store.review_status(shipped_course).due == 1  # the kept question only
        assert store.review_status().due == 2
