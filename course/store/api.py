"""The ProgressStore API: the only way the rest of Bridgework reads or writes learner data.

Everything here takes and returns plain values (frozen dataclasses, ints, strs,
datetimes); no SQLAlchemy object or session ever leaves this package.

Threads: `open_store` is slow when the database is encrypted (key derivation, about
0.3 s), so the UI calls it off the GUI thread and then uses the returned store from
the GUI thread. The connection is created with `check_same_thread=False` and every
method holds the store's lock, so handing the store from one thread to another is
safe; two threads calling at the same moment simply take turns.

Times are timezone-aware UTC datetimes; the UI converts to local time for display.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from course.store.errors import BackupInfo as BackupInfo
from course.store.errors import EncryptionUnavailable as EncryptionUnavailable
from course.store.errors import PassphraseRequired as PassphraseRequired
from course.store.errors import StoreCorrupt as StoreCorrupt
from course.store.errors import StoreError as StoreError
from course.store.errors import StoreTooNew as StoreTooNew
from course.store.errors import StoreUnavailable as StoreUnavailable
from course.store.errors import WrongPassphrase as WrongPassphrase
from course.store.records import Activity as Activity
from course.store.records import ActivityKind as ActivityKind
from course.store.records import AnswerInput as AnswerInput
from course.store.records import CheckIn as CheckIn
from course.store.records import Client as Client
from course.store.records import ClientAssignment as ClientAssignment
from course.store.records import ClientFile as ClientFile
from course.store.records import ClientReport as ClientReport
from course.store.records import Clock as Clock
from course.store.records import CourseKey as CourseKey
from course.store.records import CourseProgress as CourseProgress
from course.store.records import CourseRef as CourseRef
from course.store.records import Excerpt as Excerpt
from course.store.records import ModuleProgress as ModuleProgress
from course.store.records import PerspectiveAnswer as PerspectiveAnswer
from course.store.records import Rating as Rating
from course.store.records import ReflectionEntry as ReflectionEntry
from course.store.records import ReflectionOpening as ReflectionOpening
from course.store.records import ReflectionRevision as ReflectionRevision
from course.store.records import ReviewCard as ReviewCard
from course.store.records import ReviewGrade as ReviewGrade
from course.store.records import ReviewReason as ReviewReason
from course.store.records import ReviewStatus as ReviewStatus
from course.store.records import StoredAssignment as StoredAssignment
from course.store.records import Wording as Wording
from course.store.records import WritingHit as WritingHit
from course.store.throttle import PassphraseThrottle as PassphraseThrottle
from course.store.values import SQLITE_HEADER as SQLITE_HEADER
from course.store.values import AnswerValue as AnswerValue
from course.store.values import LessonState as LessonState
from course.store.values import Position as Position
from course.store.values import QuizAttempt as QuizAttempt
from course.store.values import QuizScores as QuizScores
from course.store.values import SavedAnswer as SavedAnswer
from course.store.values import SettingValue as SettingValue
from course.store.values import is_encrypted as is_encrypted

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from course.model import Course, Pick, Reflection
    from course.paths import DataPaths
    from course.store.quick_read import LessonSummary, QuickProgress, QuizOpening

# ---------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------

_DEFAULT_THROTTLE = PassphraseThrottle()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def open_store(
    paths: DataPaths,
    passphrase: str | None = None,
    *,
    clock: Clock | None = None,
    throttle: PassphraseThrottle | None = None,
    backup_at_open: bool = True,
) -> ProgressStore:
    """Open (or create) the profile's progress store. Call it off the GUI thread.

    Creates folders and an empty database the first time. Runs migrations if the
    schema is older (after a backup), and makes the day's backup if there is none yet.

    Raises PassphraseRequired, WrongPassphrase, StoreCorrupt, StoreUnavailable or
    StoreTooNew.
    """
    from course.store.engine import open_engine

    opened = open_engine(
        paths,
        passphrase,
        clock=clock or utc_now,
        throttle=throttle or _DEFAULT_THROTTLE,
        backup_at_open=backup_at_open,
    )
    return ProgressStore(paths, opened.engine, opened.passphrase, clock=clock or utc_now)


def needs_passphrase(paths: DataPaths) -> bool:
    """True if opening the profile needs its passphrase. Cheap: reads a few bytes.

    A database that does not start like a plain SQLite file is an encrypted one, unless
    the profile is known to be plain (then it is a damaged file, and `open_store`
    moves it aside and offers a backup). A profile that was encrypted stays so even if
    its database was emptied or removed: the passphrase is asked for before anything new
    is written.
    """
    from course.store.engine import remembered_encrypted

    remembered = remembered_encrypted(paths)
    if is_encrypted(paths.database):
        return remembered is not False
    return remembered is True


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Backups for the profile, newest first. Works without opening the store."""
    from course.store.backup import list_backups as _list

    return _list(paths)


def restore_backup(paths: DataPaths, name: str) -> None:
    """Put backup `name` in place of the database, with the store closed.

    The current database (if any) is moved aside first, never overwritten. The
    restored file has the passphrase it had when the backup was made, which is the
    current one: backups are re-keyed whenever the passphrase changes.
    """
    from course.store.backup import restore_backup_file
    from course.store.dbfile import unavailable_reason

    try:
        restore_backup_file(paths, name)
    except OSError as error:
        raise StoreUnavailable(
            unavailable_reason(error) or "the backup could not be copied"
        ) from None


def delete_all_data(paths: DataPaths) -> list[Path]:
    """Delete the database, its -wal/-shm files and every backup of the profile, the
    window's layout, and the course cache.

    The cache holds only what was made from the courses, but its files show which
    courses were opened and when; it is made again from the courses, so removing it
    costs one slower start and leaves no trace. Courses the learner imported
    (`paths.courses`) stay: they are course files, not the learner's writing, and the
    confirmation says so (ui/messages.py DELETE_EXPLAIN). Deleting the workspace also
    forgets that the app should start in it. Works without the passphrase. Returns the
    paths removed. The store must be closed. Whatever can be removed is, even when some
    file cannot be (held open by another program): then that OSError is raised.
    """
    from course.course_cache import clear
    from course.paths import (
        DEFAULT_PROFILE,
        START_PROFILE_NAME,
        WORKSPACE_PROFILE,
        remember_start_profile,
    )
    from course.store.backup import delete_profile_data

    removed: list[Path] = []
    failed: OSError | None = None
    try:
        removed += delete_profile_data(paths)
    except OSError as error:  # the cache and the marker go all the same
        failed = error
    removed += clear(paths.cache)  # best effort: it holds only course text
    marker = paths.root / START_PROFILE_NAME
    if paths.profile == WORKSPACE_PROFILE and marker.is_file():
        remember_start_profile(paths.root, DEFAULT_PROFILE)  # removes the marker
        if not marker.exists():
            removed.append(marker)
    if failed is not None:
        raise failed
    return removed


# ---------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------


class _DriverSQL:
    """sqlite3's `execute` over a SQLAlchemy connection (the quick read's SQL, with the
    store's error translation, since errors still pass through SQLAlchemy)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: object = ()) -> object:
        return self._connection.exec_driver_sql(sql, parameters)  # type: ignore[arg-type]


class ProgressStore:
    """The learner's progress, reflections, ratings and settings, for one profile.

    Get one from `open_store`. Every write is its own committed transaction, made
    durable (synchronous=FULL, WAL) before the method returns.
    """

    def __init__(
        self, paths: DataPaths, engine: Engine, passphrase: str | None, *, clock: Clock
    ) -> None:
        self._paths = paths
        self._engine: Engine | None = engine
        # Kept only in memory, for re-keying backups and re-opening after a restore.
        self._passphrase = passphrase
        self._clock = clock
        self._lock = threading.RLock()

    # -- life cycle -------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._paths.database

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def closed(self) -> bool:
        return self._engine is None

    def close(self) -> None:
        """Checkpoint the WAL and close the database. Safe to call twice."""
        with self._lock:
            if self._engine is not None:
                from course.store.engine import close_engine

                close_engine(self._engine)
                self._engine = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One committed transaction, under the store's lock; disk errors become plain ones."""
        from sqlalchemy.orm import Session

        from course.store.dbfile import translate_errors

        with self._lock:
            if self._engine is None:
                raise StoreError("Your progress store is closed. Please restart Bridgework.")
            with translate_errors(), Session(self._engine) as session, session.begin():
                yield session

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """Like `_session`, without the ORM: for the writes made many times a minute."""
        from course.store.dbfile import translate_errors

        with self._lock:
            if self._engine is None:
                raise StoreError("Your progress store is closed. Please restart Bridgework.")
            with translate_errors(), self._engine.begin() as connection:
                yield connection

    def _now(self) -> dt.datetime:
        return self._clock()

    # -- lessons ----------------------------------------------------------------------

    def visit_lesson(self, course: CourseRef, lesson_id: str) -> LessonState:
        """Count a visit to a lesson (call once each time the learner opens it)."""
        from course.store import queries

        with self._connection() as c:
            return queries.visit_lesson(c, course, lesson_id, self._now())

    def save_position(
        self, course: CourseRef, lesson_id: str, step_index: int, scroll: float = 0.0
    ) -> None:
        """Remember where the learner is in a lesson, so they can resume there."""
        from course.store import queries

        with self._connection() as c:
            queries.save_position(c, course, lesson_id, step_index, scroll, self._now())

    def add_active_time(self, course: CourseRef, lesson_id: str, seconds: float) -> None:
        """Add `seconds` of active time (the UI counts only time the learner was active)."""
        from course.store import queries

        if seconds <= 0:
            return
        with self._connection() as c:
            queries.add_active_time(c, course, lesson_id, seconds, self._now())

    def leave_lesson(
        self,
        course: CourseRef,
        lesson_id: str,
        step_index: int | None,
        scroll: float = 0.0,
        active_seconds: float = 0.0,
    ) -> None:
        """What leaving a lesson keeps, in one transaction (one commit, one fsync): the
        place, as `save_position` keeps it (unless `step_index` is None), and
        `active_seconds` of active time, as `add_active_time` adds it (none if <= 0).
        Nothing is written when there is neither; nothing of it if the write fails."""
        from course.store import queries

        place = None if step_index is None else (step_index, scroll)
        if place is None and active_seconds <= 0:
            return
        with self._connection() as c:
            queries.leave_lesson(c, course, lesson_id, place, active_seconds, self._now())

    def complete_lesson(self, course: CourseRef, lesson_id: str) -> None:
        """Mark a lesson completed. The first completion time is kept if called again."""
        from course.store import queries

        with self._session() as s:
            queries.complete_lesson(s, course, lesson_id, self._now())

    def lesson_state(self, course_id: str, lesson_id: str) -> LessonState | None:
        from course.store import queries

        with self._session() as s:
            return queries.lesson_state(s, course_id, lesson_id)

    def lesson_states(self, course_id: str) -> dict[str, LessonState]:
        """Every lesson the learner has opened in a course, by lesson id."""
        from course.store import queries

        with self._session() as s:
            return queries.lesson_states(s, course_id)

    def completed_lesson_counts(self, course_ids: Sequence[str]) -> dict[str, int]:
        """How many lessons the learner has completed in each course (0 for none).

        What the Library's cards show, in one small query instead of every lesson's state.
        """
        from course.store import queries

        with self._connection() as c:
            return queries.completed_lesson_counts(c, course_ids)

    def course_progress(self, course: Course) -> CourseProgress:
        """Lessons completed per module and overall, for the lessons in this `course`.

        Progress is matched by lesson id across course versions, so it survives an
        update of the course; lessons no longer in the course are not counted.
        """
        from course.store import queries

        with self._session() as s:
            return queries.course_progress(s, course)

    def last_position(self, course_id: str | None = None) -> Position | None:
        """Where the learner was most recently (in `course_id`, or in any course)."""
        from course.store import queries

        with self._session() as s:
            return queries.last_position(s, course_id)

    def continue_where_left_off(self) -> Position | None:
        """The position to offer on the start screen: the most recent lesson, any course."""
        return self.last_position(None)

    def recent_activity(self, limit: int = 20) -> list[Activity]:
        """The latest things the learner did, newest first."""
        from course.store import queries

        with self._session() as s:
            return queries.recent_activity(s, limit)

    # -- quizzes ----------------------------------------------------------------------

    def start_quiz_attempt(self, course: CourseRef, lesson_id: str, quiz_id: str) -> int:
        """Open a new attempt and return its id. The first attempt ever is the scored one."""
        from course.store import queries

        with self._session() as s:
            return queries.start_quiz_attempt(s, course, lesson_id, quiz_id, self._now())

    def record_answer(
        self, attempt_id: int, question_id: str, answer: AnswerInput, score: float
    ) -> None:
        """Save one answer the moment it is given (answering again replaces it in this attempt).

        A wrong or partly wrong answer also makes the question a review card (see
        `review_session`), in the same transaction.
        """
        from course.store import queries, review

        with self._connection() as c:
            queries.record_answer(c, attempt_id, question_id, answer, score, self._now())
            if score < 1.0:
                review.card_for_missed_answer(c, attempt_id, question_id, self._now())

    def finish_quiz_attempt(
        self,
        attempt_id: int,
        *,
        question_count: int,
        pass_ratio: float,
        question_ids: Collection[str] | None = None,
    ) -> QuizAttempt:
        """Close an attempt: total score = sum of question scores / question_count.

        `passed` follows `course.grading.passes` (a half-percent tolerance for rounding).
        With `question_ids` (the quiz's questions now), only answers to those count: an
        attempt begun before a new version of the course rewrote some questions keeps
        its answers to them, but they are not the quiz being scored.
        """
        from course.store import queries

        with self._session() as s:
            return queries.finish_quiz_attempt(
                s, attempt_id, question_count, pass_ratio, self._now(), question_ids
            )

    def quiz_attempt(self, attempt_id: int) -> QuizAttempt | None:
        from course.store import queries

        with self._session() as s:
            return queries.quiz_attempt(s, attempt_id)

    def quiz_attempts(self, course_id: str, quiz_id: str) -> list[QuizAttempt]:
        """Every attempt at a quiz, oldest first (open ones included)."""
        from course.store import queries

        with self._session() as s:
            return queries.quiz_attempts(s, course_id, quiz_id)

    def latest_quiz_attempt(self, course_id: str, quiz_id: str) -> QuizAttempt | None:
        """The highest-numbered attempt at a quiz (open or finished), or None: what a quiz
        resumes from, read without the dozens of earlier attempts a year can bring."""
        from course.store import queries

        with self._session() as s:
            return queries.latest_quiz_attempt(s, course_id, quiz_id)

    def quiz_opening(self, course_id: str, quiz_id: str) -> QuizOpening:
        """The latest attempt at a quiz (with its answers) and its picked scores (without
        answers), in one transaction of plain SQL: what a quiz needs to open, for a
        fraction of `latest_quiz_attempt` and `quiz_scores` through the ORM."""
        from course.store.quick_read import quiz_opening

        with self._connection() as c:
            return quiz_opening(_DriverSQL(c), course_id, quiz_id)

    def quiz_scores(self, course_id: str, quiz_id: str) -> QuizScores | None:
        """Scored, best and latest finished attempt; None if none is finished yet."""
        from course.store import queries

        with self._session() as s:
            return queries.quiz_scores(s, course_id, quiz_id)

    def all_quiz_scores(self, course_id: str) -> dict[str, QuizScores]:
        """`quiz_scores` for every quiz of a course with a finished attempt, by quiz id."""
        from course.store import queries

        with self._session() as s:
            return queries.all_quiz_scores(s, course_id)

    def progress_summary(self, course_id: str) -> QuickProgress:
        """Lesson states, last position, picked quiz scores (attempts without their
        answers) and settings for a course, in one transaction of four plain queries.

        What the outline and Home show; the same SQL as the quick read before the store
        opens (course/store/quick_read.py), without the ORM: a fraction of the cost of
        `lesson_states`, `all_quiz_scores`, `last_position` and `settings` one by one.
        """
        from course.store.quick_read import course_summary

        with self._connection() as c:
            return course_summary(_DriverSQL(c), course_id)

    def lesson_summary(
        self, course_id: str, lesson_id: str, quiz_ids: Sequence[str]
    ) -> LessonSummary:
        """One lesson's state, its quizzes' picked scores (without answers) and the
        course's last position: what opening a lesson or finishing a quiz can change."""
        from course.store.quick_read import lesson_summary

        with self._connection() as c:
            return lesson_summary(_DriverSQL(c), course_id, lesson_id, quiz_ids)

    # -- the wording answers were given under --------------------------------------------

    def keep_wording(self, course: Course) -> int:
        """Keep how this version of `course` words its lessons, questions and prompts.

        Call it whenever a course is opened: it writes once per course version (one
        cheap read otherwise) and returns the rows it added. Every answer, reflection
        and rating keeps the course version it was written under, so with this it keeps
        the words it answered, whatever a later version rewords or removes.
        """
        from course.store import wording

        with self._connection() as c:
            return wording.keep_wording(c, course, self._now())

    def wording(
        self,
        course_id: str | None = None,
        *,
        course_version: str | None = None,
        kind: str | None = None,
        parent_id: str | None = None,
    ) -> list[Wording]:
        """The kept wording (see `keep_wording`) of one course or of all, oldest first;
        `course_version`, `kind` and `parent_id` (a quiz's or reflection's id) narrow it."""
        from course.store import wording

        with self._connection() as c:
            return wording.wording(
                c, course_id, course_version=course_version, kind=kind, parent_id=parent_id
            )

    # -- reflections and ratings ------------------------------------------------------

    def save_reflection(
        self, course: CourseRef, lesson_id: str, reflection_id: str, prompt_id: str, text: str
    ) -> None:
        """Autosave a reflection's text (call it as often as every second).

        History rule: a save updates the latest revision in place when that revision
        was started less than 60 seconds ago and the save removes or replaces at most
        80 characters of it (typing on, fixing a word). Otherwise a new revision is
        added, so earlier wording is never lost to a big deletion or a paste. Saving
        the same text again writes nothing.
        """
        from course.store import queries

        with self._connection() as c:
            queries.save_reflection(
                c, course, lesson_id, reflection_id, prompt_id, text, self._now()
            )

    def reflection_text(self, course_id: str, reflection_id: str, prompt_id: str) -> str | None:
        """The current text of a prompt, or None if the learner has written nothing yet."""
        from course.store import queries

        with self._connection() as c:
            return queries.reflection_text(c, course_id, reflection_id, prompt_id)

    def reflection_opening(self, course_id: str, reflection: Reflection) -> ReflectionOpening:
        """What each of `reflection`'s prompts shows of what was saved (see
        ReflectionOpening), read in one go: a reflection step reads it as it opens."""
        from course.store import queries

        with self._connection() as c:
            return queries.reflection_opening(c, course_id, reflection)

    def reflection_history(
        self, course_id: str, reflection_id: str, prompt_id: str
    ) -> list[ReflectionRevision]:
        """Every kept revision of a prompt's text, oldest first."""
        from course.store import queries

        with self._session() as s:
            return queries.reflection_history(s, course_id, reflection_id, prompt_id)

    def reflections(
        self,
        course_id: str | None = None,
        *,
        lesson_id: str | None = None,
        search: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ReflectionEntry]:
        """Reflections for the Journal, most recently edited first.

        Filter by course, lesson, text (`search`: case-insensitive substring), and
        last-edit time (`since` <= updated_at < `until`, aware datetimes). `limit` and
        `offset` read a page of them, so thousands can be read a few hundred at a time.
        """
        from course.store import queries

        with self._session() as s:
            return queries.reflections(s, course_id, lesson_id, search, since, until, limit, offset)

    def delete_reflection(self, course_id: str, reflection_id: str, prompt_id: str) -> bool:
        """Delete what the learner wrote for a prompt, with its history. False if nothing was."""
        from course.store import queries

        with self._session() as s:
            return queries.delete_reflection(s, course_id, reflection_id, prompt_id)

    def search_writing(self, text: str, limit: int = 20) -> list[WritingHit]:
        """The learner's own writing that matches `text` (as typed), best matches first.

        Words are stemmed and accents ignored ("feelings" finds "feeling"); every word
        must match; the last one also as the start of a word while it is being typed.
        The index lives inside this database, so a passphrase protects it too.
        """
        from course.store import queries

        with self._session() as s:
            return queries.search_writing(s, text, limit)

    def record_rating(
        self, course: CourseRef, lesson_id: str, reflection_id: str, prompt_id: str, value: int
    ) -> None:
        """Save a scale self-rating. A change within 60 seconds of the previous rating
        of the same prompt replaces it (a slider being moved), otherwise it is added."""
        from course.store import queries

        with self._session() as s:
            queries.record_rating(
                s, course, lesson_id, reflection_id, prompt_id, value, self._now()
            )

    def latest_rating(self, course_id: str, reflection_id: str, prompt_id: str) -> int | None:
        from course.store import queries

        with self._connection() as c:
            return queries.latest_rating(c, course_id, reflection_id, prompt_id)

    def ratings(
        self, course_id: str, reflection_id: str | None = None, prompt_id: str | None = None
    ) -> list[Rating]:
        """Ratings over time, oldest first, for a prompt (or all prompts of a course)."""
        from course.store import queries

        with self._connection() as c:
            return queries.ratings(c, course_id, reflection_id, prompt_id)

    # -- review -----------------------------------------------------------------------

    def ask_again(self, course: CourseRef, lesson_id: str, quiz_id: str, question_id: str) -> None:
        """The learner asked to see a question again: make it a review card, due now."""
        from course.store import review

        with self._session() as s:
            review.add_card(
                s, course, lesson_id, quiz_id, question_id, ReviewReason.ASKED, self._now()
            )

    def review_cards(self) -> list[ReviewCard]:
        """Every review card, soonest due first."""
        from course.store import review

        with self._session() as s:
            return review.cards(s, None, None)

    def review_status(self, *courses: Course) -> ReviewStatus:
        """Cards due now, reviews done today (local time) and the daily limit, for Home.

        With `courses` given, only cards of questions they hold count: a card of a
        question a newer version removed is kept but not due (course/store/review.py).
        """
        from course.store import review

        now = self._now()
        day_start = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        shown = review.QuestionKeys(courses) if courses else None
        with self._session() as s:
            return review.status(s, now, day_start, self.review_daily_limit(), shown)

    def review_session(self, *courses: Course) -> list[ReviewCard]:
        """The cards to review now: due ones, soonest first, up to what is left of today's
        limit (of `courses`' questions, when given, as `review_status`). Cards past their
        day just wait; nothing is lost by skipping days."""
        from course.store import review

        available = self.review_status(*courses).available
        shown = review.QuestionKeys(courses) if courses else None
        with self._session() as s:
            return review.cards(s, self._now(), available, shown)

    def review_daily_limit(self) -> int:
        from course.store import review

        value = self.get_setting(review.DAILY_LIMIT_SETTING, review.DEFAULT_DAILY_LIMIT)
        return value if isinstance(value, int) and value > 0 else review.DEFAULT_DAILY_LIMIT

    def set_review_daily_limit(self, limit: int) -> None:
        from course.store import review

        self.set_setting(review.DAILY_LIMIT_SETTING, max(1, min(200, int(limit))))

    def record_review(
        self,
        card_id: int,
        answer: AnswerInput,
        *,
        correct: bool,
        grade: ReviewGrade | None = None,
    ) -> ReviewCard:
        """Keep a review and reschedule its card (FSRS), committed before returning.

        A wrong answer counts as "again" (back the next day); a right one as the
        learner's `grade` (hard, good or easy; good if not given). A quiz's recorded
        scores are never touched.
        """
        from course.store import queries, review

        encoded = queries.encode_answer(answer)
        with self._session() as s:
            return review.record_review(s, card_id, encoded, correct, grade, self._now())

    # -- feelings practice -----------------------------------------------------------

    def add_check_in(self, picks: Sequence[Pick], note: str = "") -> int:
        """Save a check-in ("How are you right now?"): 1 or more feelings, a note."""
        from course.store import practice

        with self._session() as s:
            return practice.add_check_in(s, picks, note, self._now())

    def save_feelings(
        self,
        course: CourseRef,
        lesson_id: str,
        reflection_id: str,
        prompt_id: str,
        picks: Sequence[Pick],
        note: str = "",
        body: str = "",
    ) -> int:
        """Save the answer to a lesson's feelings prompt. Within an hour of the last
        save it changes that answer; later, it is kept as a new moment beside it."""
        from course.store import practice

        with self._session() as s:
            return practice.save_feelings(
                s, course, lesson_id, reflection_id, prompt_id, picks, note, body, self._now()
            )

    def latest_feelings(self, course_id: str, reflection_id: str, prompt_id: str) -> CheckIn | None:
        from course.store import practice

        with self._connection() as c:
            return practice.latest_feelings(c, course_id, reflection_id, prompt_id)

    def check_ins(
        self, since: dt.datetime | None = None, *, include_lessons: bool = True
    ) -> list[CheckIn]:
        """Check-ins (and, unless told not to, feelings prompts' answers), oldest first."""
        from course.store import practice

        with self._session() as s:
            return practice.check_ins(s, since, include_lessons)

    def delete_check_in(self, check_in_id: int) -> None:
        from course.store import practice

        with self._session() as s:
            practice.delete_check_in(s, check_in_id)

    def save_perspective(
        self,
        course: CourseRef,
        lesson_id: str,
        reflection_id: str,
        prompt_id: str,
        *,
        first_draft: str | None = None,
        second_draft: str | None = None,
        reveal: bool = False,
    ) -> PerspectiveAnswer:
        """Autosave a perspective exercise. `reveal=True` records that the model answer
        was shown (only after a first draft); from then on the first draft is kept as it
        was and later writing goes to the second draft."""
        from course.store import practice

        with self._session() as s:
            return practice.save_perspective(
                s,
                course,
                lesson_id,
                reflection_id,
                prompt_id,
                first_draft=first_draft,
                second_draft=second_draft,
                reveal=reveal,
                now=self._now(),
            )

    def perspective(
        self, course_id: str, reflection_id: str, prompt_id: str
    ) -> PerspectiveAnswer | None:
        from course.store import practice

        with self._connection() as c:
            return practice.perspective(c, course_id, reflection_id, prompt_id)

    def perspectives(self, course_id: str | None = None) -> list[PerspectiveAnswer]:
        from course.store import practice

        with self._session() as s:
            return practice.perspectives(s, course_id)

    # -- settings ---------------------------------------------------------------------

    def get_setting(self, key: str, default: SettingValue = None) -> SettingValue:
        from course.store import queries

        with self._session() as s:
            return queries.get_setting(s, key, default)

    def set_setting(self, key: str, value: SettingValue) -> None:
        from course.store import queries

        with self._session() as s:
            queries.set_setting(s, key, value)

    def settings(self) -> dict[str, SettingValue]:
        from course.store import queries

        with self._session() as s:
            return queries.all_settings(s)

    # -- assignments ------------------------------------------------------------------

    def add_assignment(self, assignment_id: str, document_json: str) -> None:
        """Keep an imported assignment (its JSON, checked by the caller) by its id.

        StoreError if an assignment with this id is already kept (archived or not).
        """
        from course.store import queries

        with self._session() as s:
            queries.add_assignment(s, assignment_id, document_json, self._now())

    def assignments(self, include_archived: bool = False) -> list[StoredAssignment]:
        """Kept assignments, oldest import first; archived ones only if asked for."""
        from course.store import queries

        with self._session() as s:
            return queries.assignments(s, include_archived)

    def archive_assignment(self, assignment_id: str) -> None:
        """Move an assignment to the archive (kept, no longer shown as active)."""
        from course.store import queries

        with self._session() as s:
            queries.archive_assignment(s, assignment_id, self._now())

    # -- the therapist's workspace ----------------------------------------------------

    def add_client(self, label: str) -> Client:
        """A new client, by pseudonym or initials; StoreError says why one is refused."""
        from course.store import workspace

        with self._session() as s:
            return workspace.add_client(s, label, self._now())

    def clients(self) -> list[Client]:
        """The workspace's clients, by label."""
        from course.store import workspace

        with self._session() as s:
            return workspace.clients(s)

    def remove_client(self, client_id: int) -> None:
        """Remove a client with everything kept for them (assignments, reports, PDFs)."""
        from course.store import workspace

        with self._session() as s:
            workspace.remove_client(s, client_id)

    def add_client_assignment(
        self, client_id: int, assignment_id: str, document_json: str
    ) -> ClientAssignment:
        """Keep an assignment made for a client (its JSON, as saved to the file)."""
        from course.store import workspace

        with self._session() as s:
            return workspace.add_client_assignment(
                s, client_id, assignment_id, document_json, self._now()
            )

    def client_assignments(self, client_id: int | None = None) -> list[ClientAssignment]:
        """Assignments made for one client (or every client), oldest first."""
        from course.store import workspace

        with self._session() as s:
            return workspace.client_assignments(s, client_id)

    def add_client_report(
        self,
        client_id: int,
        report_key: str,
        made_on: dt.date,
        file_name: str,
        document_json: str,
    ) -> tuple[ClientReport, bool]:
        """Keep a report a client sent back, once: a report whose key is already kept is
        not added again (the kept one comes back, with False)."""
        from course.store import workspace

        with self._session() as s:
            return workspace.add_client_report(
                s, client_id, report_key, made_on, file_name, document_json, self._now()
            )

    def client_reports(self, client_id: int | None = None) -> list[ClientReport]:
        """Reports kept for one client (or every client), oldest first."""
        from course.store import workspace

        with self._session() as s:
            return workspace.client_reports(s, client_id)

    def add_client_file(self, client_id: int, name: str, data: bytes) -> tuple[ClientFile, bool]:
        """Keep a PDF with a client (inside the store, so encrypted with it), once."""
        from course.store import workspace

        with self._session() as s:
            return workspace.add_client_file(s, client_id, name, data, self._now())

    def client_files(self, client_id: int | None = None) -> list[ClientFile]:
        from course.store import workspace

        with self._session() as s:
            return workspace.client_files(s, client_id)

    def client_file_data(self, file_id: int) -> bytes:
        from course.store import workspace

        with self._session() as s:
            return workspace.client_file_data(s, file_id)

    # -- passphrase -------------------------------------------------------------------

    def set_passphrase(self, new: str) -> None:
        """Encrypt a plain database (or re-key an encrypted one) with `new`.

        Nothing is lost: the data is copied into a new encrypted file, checked, and
        only then put in place of the old one. Backups are re-keyed too. Slow (key
        derivation, copying): call it off the GUI thread.
        """
        self._change_key(new)

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-key with `new` after checking `current`; WrongPassphrase if it does not match."""
        self._check_current(current)
        self._change_key(new)

    def remove_passphrase(self, current: str) -> None:
        """Store the data unencrypted again (after checking `current`)."""
        self._check_current(current)
        self._change_key(None)

    def _check_current(self, current: str) -> None:
        import hmac

        held = self._passphrase or ""
        if not hmac.compare_digest(current.encode(), held.encode()):
            raise WrongPassphrase(1)

    def _change_key(self, new: str | None) -> None:
        from course.store.engine import change_key

        if new is not None and not new:
            raise StoreError(
                "A passphrase cannot be empty. Please choose a few words you will remember."
            )
        from course.store.driver import encryption_available

        if new is not None and not encryption_available():
            raise EncryptionUnavailable()
        with self._lock:
            if self._engine is None:
                raise StoreError("Your progress store is closed. Please restart Bridgework.")
            self._engine = change_key(self._paths, self._engine, self._passphrase, new)
            self._passphrase = new

    # -- backups, export, delete ------------------------------------------------------

    def list_backups(self) -> list[BackupInfo]:
        """Backups for this profile, newest first."""
        return list_backups(self._paths)

    def backup_now(self) -> BackupInfo:
        """Make today's backup now (replacing today's if there is one) and rotate old ones."""
        from course.store.backup import make_backup

        with self._lock:
            if self._engine is None:
                raise StoreError("Your progress store is closed. Please restart Bridgework.")
            return make_backup(self._paths, self._engine, self._passphrase, self._now().date())

    def restore_backup(self, name: str) -> None:
        """Replace the current data with backup `name` (the current file is moved aside)."""
        from course.store.engine import open_engine

        with self._lock:
            if name not in {info.name for info in self.list_backups()}:
                raise StoreError(
                    "That backup could not be found. Please choose one from the list of backups."
                )
            self.close()
            restore_backup(self._paths, name)
            opened = open_engine(
                self._paths,
                self._passphrase,
                clock=self._clock,
                throttle=_DEFAULT_THROTTLE,
                backup_at_open=False,
            )
            self._engine = opened.engine

    def export_all(self, dest_dir: Path, courses: Sequence[Course] = ()) -> Path:
        """Write everything the store holds into a new folder inside `dest_dir`.

        The folder holds data.json (everything, machine-readable, keyed by ids) and
        my-bridgework-data.md (the same, to read; lessons and prompts are named by
        their titles and wording for the `courses` given). It appears whole or not at
        all. Returns the folder's path.
        """
        from course.store.export import export_all

        with self._session() as s:
            return export_all(s, Path(dest_dir), self._now(), courses)

    def delete_everything(self) -> list[Path]:
        """Close the store and delete the database, its -wal/-shm files and all backups."""
        with self._lock:
            self.close()
            return delete_all_data(self._paths)
