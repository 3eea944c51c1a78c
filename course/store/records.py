"""The store's plain values beyond the first frame's few: what its API takes and returns.

Imports nothing of the store but its light values, so every store module can use them
(course/store/values.py holds the ones the first frame needs). Import them from
course.store.api or course.store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from course.model import Pick
from course.store.values import AnswerValue

#: What `record_answer` accepts: any set is a multiple-choice answer, any other sequence
#: an order answer.
AnswerInput = AnswerValue | AbstractSet[int] | Sequence[int]

Clock = Callable[[], dt.datetime]


class CourseRef(Protocol):
    """Anything with a course id and version: a `course.model.Course` or a `CourseKey`."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...


@dataclass(frozen=True, slots=True)
class CourseKey:
    """A course id and version, for callers that have no `Course` object at hand."""

    id: str
    version: str


@dataclass(frozen=True, slots=True)
class ModuleProgress:
    module_id: str
    title: str
    completed: int  # lessons completed
    total: int  # lessons in the module

    @property
    def fraction(self) -> float:
        return self.completed / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class CourseProgress:
    """Lessons completed per module and for the course, for the dashboard."""

    course_id: str
    completed: int
    total: int
    modules: tuple[ModuleProgress, ...]
    active_seconds: float  # summed over the course's lessons

    @property
    def fraction(self) -> float:
        return self.completed / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class ReflectionRevision:
    text: str
    saved_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReflectionEntry:
    """The current text of one reflection prompt, for the Journal."""

    course_id: str
    course_version: str
    lesson_id: str
    reflection_id: str
    prompt_id: str
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime
    revisions: int


@dataclass(frozen=True, slots=True)
class Rating:
    """One scale self-rating, as given at one moment."""

    course_id: str
    course_version: str
    lesson_id: str
    reflection_id: str
    prompt_id: str
    value: int
    rated_at: dt.datetime


class ActivityKind(StrEnum):
    VISITED = "visited"
    COMPLETED = "completed"
    QUIZ = "quiz"
    REFLECTION = "reflection"
    RATING = "rating"


@dataclass(frozen=True, slots=True)
class Activity:
    """One line of "recent activity": what happened, where, and when."""

    kind: ActivityKind
    course_id: str
    lesson_id: str
    at: dt.datetime
    detail: str = ""  # the quiz or prompt id, when there is one


@dataclass(frozen=True, slots=True)
class StoredAssignment:
    """An imported assignment file: its JSON as received, and when it was imported/archived."""

    id: str
    document_json: str
    imported_at: dt.datetime
    archived_at: dt.datetime | None


#: A short excerpt of matching text, as (text, matched) pieces; the UI highlights the
#: matched ones. Kept as pieces, not HTML, so the learner's words are never markup.
Excerpt = tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class WritingHit:
    """A piece of the learner's own writing that matched a search (best match first)."""

    kind: str  # "reflection", "check-in" (its note or body) or "perspective" (either draft)
    course_id: str
    lesson_id: str
    reflection_id: str
    prompt_id: str
    updated_at: dt.datetime
    excerpt: Excerpt


class ReviewReason(StrEnum):
    MISSED = "missed"  # answered wrongly in a quiz
    ASKED = "asked"  # the learner asked to see it again


class ReviewGrade(StrEnum):
    """How a right answer felt; a wrong one is always "again" (see record_review)."""

    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A quiz question scheduled for review with FSRS."""

    id: int
    course_id: str
    course_version: str
    lesson_id: str
    quiz_id: str
    question_id: str
    reason: ReviewReason
    created_at: dt.datetime
    due: dt.datetime
    reviews: int  # how many times it has been reviewed
    last_review: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    """What Home shows: cards waiting, reviews done today, and the day's limit."""

    due: int
    done_today: int
    daily_limit: int

    @property
    def available(self) -> int:
        """Cards a session would offer now: due ones, up to what is left of today's limit."""
        return max(0, min(self.due, self.daily_limit - self.done_today))


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A moment the learner named their feelings: a check-in from Home or the menu
    (no course), or an answer to a lesson's `feelings` prompt (with its ids)."""

    id: int
    recorded_at: dt.datetime
    updated_at: dt.datetime
    picks: tuple[Pick, ...]
    note: str = ""
    body: str = ""
    course_id: str | None = None
    lesson_id: str | None = None
    reflection_id: str | None = None
    prompt_id: str | None = None

    @property
    def from_lesson(self) -> bool:
        return self.course_id is not None


@dataclass(frozen=True, slots=True)
class PerspectiveAnswer:
    """A perspective exercise's two drafts: before and after the model answer was shown."""

    course_id: str
    course_version: str
    lesson_id: str
    reflection_id: str
    prompt_id: str
    first_draft: str
    second_draft: str
    created_at: dt.datetime
    updated_at: dt.datetime
    revealed_at: dt.datetime | None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True, slots=True)
class ReflectionOpening:
    """What a reflection step shows of what the learner saved, by prompt id, read in one
    go as the step opens (`ProgressStore.reflection_opening`): a text prompt's text, a
    scale's ratings oldest first, a feelings prompt's latest entry, a perspective's drafts.
    A prompt with nothing saved has no key."""

    texts: dict[str, str]
    ratings: dict[str, list[Rating]]
    feelings: dict[str, CheckIn]
    perspectives: dict[str, PerspectiveAnswer]


@dataclass(frozen=True, slots=True)
class Wording:
    """How a lesson title, question or prompt read in one version of a course.

    `kind` is "lesson", "question" or "prompt"; `parent_id` the quiz or reflection id
    ("" for a lesson). See ProgressStore.keep_wording.
    """

    course_id: str
    course_version: str
    kind: str
    lesson_id: str
    parent_id: str
    item_id: str
    text: str


# --- the therapist's workspace -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Client:
    """A client in the therapist's workspace: a pseudonym or initials, nothing more."""

    id: int
    label: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ClientAssignment:
    """An assignment made for a client, as the JSON of the file that was saved."""

    id: str
    client_id: int
    document_json: str
    made_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ClientReport:
    """A report a client sent back, as checked on import (read-only from then on)."""

    id: int
    client_id: int
    report_key: str
    made_on: dt.date
    file_name: str
    document_json: str
    imported_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ClientFile:
    """A PDF attached to a client (its bytes are read with `client_file_data`)."""

    id: int
    client_id: int
    name: str
    size: int
    added_at: dt.datetime
