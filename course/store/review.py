"""Review cards: missed or flagged quiz questions, scheduled with FSRS (the `fsrs` package).

The scheduler runs without same-day learning steps: a card answered in a session is
not shown again in that session; a miss brings it back the next day, a right answer
after an interval that grows with each success (FSRS's stability). Reviews are kept
apart from quiz attempts, so they never change a quiz's recorded score. A card that
waits past its due day simply stays due: nothing is lost or counted against anyone.

A newer version of a course may remove a question that has a card. Such a card is
kept, with its history (a later version may bring the question back, and the export
shows it), but when the installed courses are given (`QuestionKeys`) it is neither
counted as due nor offered: the Review page could not show it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from course.store.errors import StoreError
from course.store.records import ReviewCard, ReviewGrade, ReviewReason, ReviewStatus
from course.store.tables import QuizAttemptRow, ReviewCardRow, ReviewLogRow

if TYPE_CHECKING:
    from collections.abc import Sequence

    import fsrs

    from course.model import Course
    from course.store.records import CourseRef

DAILY_LIMIT_SETTING = "review_daily_limit"
DEFAULT_DAILY_LIMIT = 10
AGAIN = 1  # FSRS's rating for a wrong answer
_GRADES = {ReviewGrade.HARD: 2, ReviewGrade.GOOD: 3, ReviewGrade.EASY: 4}


@cache
def scheduler() -> fsrs.Scheduler:
    import fsrs

    return fsrs.Scheduler(learning_steps=(), relearning_steps=())


class QuestionKeys:
    """Every (course, lesson, quiz, question) the given courses hold: the cards that can
    be shown. None of it, for no course given: then every card counts."""

    # The last courses' keys, by identity: Home counts on every drawing, and walking a
    # course of a thousand lessons each time would be wasted (courses are frozen).
    _last: ClassVar[tuple[tuple[Course, ...], frozenset[tuple[str, str, str, str]]] | None] = None

    def __init__(self, courses: Sequence[Course]) -> None:
        self.course_ids = sorted({course.id for course in courses})
        last = QuestionKeys._last
        if (
            last is not None
            and len(last[0]) == len(courses)
            and all(a is b for a, b in zip(last[0], courses, strict=True))
        ):
            self.keys = last[1]
            return
        self.keys = frozenset(
            (course.id, lesson.id, quiz.id, question.id)
            for course in courses
            for lesson in course.lessons()
            for quiz in lesson.quizzes
            for question in quiz.questions
        )
        QuestionKeys._last = (tuple(courses), self.keys)

    def holds(self, row: Any) -> bool:
        """Whether a card's row (or a plain row of its four key columns) is shown."""
        return (row.course_id, row.lesson_id, row.quiz_id, row.question_id) in self.keys


def _card(row: ReviewCardRow, reviews: int) -> ReviewCard:
    return ReviewCard(
        id=row.id,
        course_id=row.course_id,
        course_version=row.course_version,
        lesson_id=row.lesson_id,
        quiz_id=row.quiz_id,
        question_id=row.question_id,
        reason=ReviewReason(row.reason),
        created_at=row.created_at,
        due=row.due,
        reviews=reviews,
        last_review=row.last_review,
    )


def _find(s: Session, course_id: str, quiz_id: str, question_id: str) -> ReviewCardRow | None:
    return s.scalars(
        select(ReviewCardRow).where(
            ReviewCardRow.course_id == course_id,
            ReviewCardRow.quiz_id == quiz_id,
            ReviewCardRow.question_id == question_id,
        )
    ).one_or_none()


def add_card(
    s: Session,
    course: CourseRef,
    lesson_id: str,
    quiz_id: str,
    question_id: str,
    reason: ReviewReason,
    now: dt.datetime,
) -> None:
    """Make a card due now. An existing card is kept; asking for it again makes it due now."""
    row = _find(s, course.id, quiz_id, question_id)
    if row is not None:
        if reason is ReviewReason.ASKED and row.due > now:
            row.due = now
        return
    s.add(
        ReviewCardRow(
            course_id=course.id,
            course_version=course.version,
            lesson_id=lesson_id,
            quiz_id=quiz_id,
            question_id=question_id,
            reason=str(reason),
            created_at=now,
            due=now,
            state=1,
            step=0,
        )
    )


def card_for_missed_answer(
    c: Connection, attempt_id: int, question_id: str, now: dt.datetime
) -> None:
    """A wrong (or partly wrong) quiz answer becomes a card, if the question has none yet.

    Runs in record_answer's transaction, so the answer and its card are kept together.
    """
    attempt = c.execute(
        select(
            QuizAttemptRow.course_id,
            QuizAttemptRow.course_version,
            QuizAttemptRow.lesson_id,
            QuizAttemptRow.quiz_id,
        ).where(QuizAttemptRow.id == attempt_id)
    ).one_or_none()
    if attempt is None:
        return
    c.execute(
        sqlite_insert(ReviewCardRow)
        .values(
            course_id=attempt.course_id,
            course_version=attempt.course_version,
            lesson_id=attempt.lesson_id,
            quiz_id=attempt.quiz_id,
            question_id=question_id,
            reason=str(ReviewReason.MISSED),
            created_at=now,
            due=now,
            state=1,
            step=0,
        )
        .on_conflict_do_nothing(
            index_elements=[
                ReviewCardRow.course_id,
                ReviewCardRow.quiz_id,
                ReviewCardRow.question_id,
            ]
        )
    )


def _review_counts(s: Session, card_ids: list[int]) -> dict[int, int]:
    if not card_ids:
        return {}
    rows = s.execute(
        select(ReviewLogRow.card_id, func.count(ReviewLogRow.id))
        .where(ReviewLogRow.card_id.in_(card_ids))
        .group_by(ReviewLogRow.card_id)
    )
    return {int(card_id): int(n) for card_id, n in rows}


def cards(
    s: Session, due_by: dt.datetime | None, limit: int | None, shown: QuestionKeys | None = None
) -> list[ReviewCard]:
    """Cards, soonest due first; only those due by `due_by` when it is given, and only
    those of questions in `shown` when it is given."""
    query = select(ReviewCardRow).order_by(ReviewCardRow.due, ReviewCardRow.id)
    if due_by is not None:
        query = query.where(ReviewCardRow.due <= due_by)
    if shown is not None:
        query = query.where(ReviewCardRow.course_id.in_(shown.course_ids))
        rows = [row for row in s.scalars(query) if shown.holds(row)]
        rows = rows if limit is None else rows[: max(0, limit)]
    else:
        if limit is not None:
            query = query.limit(max(0, limit))
        rows = list(s.scalars(query))
    counts = _review_counts(s, [row.id for row in rows])
    return [_card(row, counts.get(row.id, 0)) for row in rows]


def status(
    s: Session,
    now: dt.datetime,
    day_start: dt.datetime,
    daily_limit: int,
    shown: QuestionKeys | None = None,
) -> ReviewStatus:
    if shown is None:
        due = s.scalar(select(func.count(ReviewCardRow.id)).where(ReviewCardRow.due <= now)) or 0
    else:
        # Counted from four columns, not made into cards: Home counts on every drawing,
        # and years of quizzes leave hundreds of due cards (as cards, with their review
        # counts, 40-60 ms on the GUI thread; issue 14).
        keys = s.execute(
            select(
                ReviewCardRow.course_id,
                ReviewCardRow.lesson_id,
                ReviewCardRow.quiz_id,
                ReviewCardRow.question_id,
            ).where(ReviewCardRow.due <= now, ReviewCardRow.course_id.in_(shown.course_ids))
        )
        due = sum(1 for key in keys if shown.holds(key))
    done = (
        s.scalar(select(func.count(ReviewLogRow.id)).where(ReviewLogRow.reviewed_at >= day_start))
        or 0
    )
    return ReviewStatus(due=int(due), done_today=int(done), daily_limit=daily_limit)


def record_review(
    s: Session,
    card_id: int,
    answer_json: str,
    correct: bool,
    grade: ReviewGrade | None,
    now: dt.datetime,
) -> ReviewCard:
    """Schedule the card after a review and log it, in the caller's one transaction."""
    import fsrs

    row = s.get(ReviewCardRow, card_id)
    if row is None:
        raise StoreError("That review question could not be found; it may have been removed.")
    rating = AGAIN if not correct else _GRADES[grade or ReviewGrade.GOOD]
    card = fsrs.Card(
        card_id=row.id,
        state=fsrs.State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
    )
    card, _log = scheduler().review_card(card, fsrs.Rating(rating), now)
    row.state = int(card.state)
    row.step = card.step
    row.stability = card.stability
    row.difficulty = card.difficulty
    row.due = card.due
    row.last_review = card.last_review
    s.add(
        ReviewLogRow(
            card_id=row.id, answer_json=answer_json, correct=correct, rating=rating, reviewed_at=now
        )
    )
    s.flush()
    counts = _review_counts(s, [row.id])
    return _card(row, counts.get(row.id, 0))
