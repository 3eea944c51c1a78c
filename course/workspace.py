"""The therapist's workspace, without Qt: reports received from a client, read once and
kept, and a timeline across them (what was done, quiz results, ratings, shared
reflections) set against the assignments made for that client.

Everything here works on plain values: `Report`s (course.report), `Assignment`s
(course.assignments) and the store's `Client*` records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from course.assignments import Assignment, ItemState, item_statuses
from course.model import Course
from course.report import (
    RatingSeries,
    Report,
    SharedReflection,
    read_report_file,
    report_from_json,
    report_to_json,
)

#: Shown wherever a client is named: the workspace keeps pseudonyms, never names.
PSEUDONYM_WARNING = (
    "Please use a pseudonym or initials only, never a client's full name. This "
    "workspace is private and can be encrypted, but files get copied and screens get "
    "seen; a pseudonym keeps your client safe either way."
)


@dataclass(frozen=True, slots=True)
class ReceivedReport:
    """A report file as the workspace keeps it: checked, with the key it is kept under."""

    key: str
    report: Report
    document_json: str
    file_name: str


def report_key(report: Report) -> str:
    """The report's own id, or (older reports) a digest of what it holds."""
    if report.report_id:
        return "report:" + report.report_id
    digest = hashlib.sha256(report_to_json(report).encode("utf-8")).hexdigest()
    return "sha256:" + digest


def read_received_report(path: str | os.PathLike[str]) -> ReceivedReport:
    """Read and check a report file; ReportError says, in plain words, why one is refused.

    What is kept is the checked report written out again, so nothing unchecked from the
    file is ever stored or shown.
    """
    report = read_report_file(path)
    return ReceivedReport(report_key(report), report, report_to_json(report), Path(path).name)


def kept_report(document_json: str) -> Report:
    """A kept report read back (it was checked when it was imported)."""
    return report_from_json(document_json.encode("utf-8"), name="a kept report")


def owner_of(report: Report, assignment_owners: Mapping[str, int]) -> int | None:
    """The client a report belongs to, from the assignment ids it names (newest first)."""
    for assignment_id in (report.assignment_id, *report.assignment_ids):
        if assignment_id and assignment_id in assignment_owners:
            return assignment_owners[assignment_id]
    return None


# --- the timeline ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportPoint:
    """One report on the timeline."""

    made_on: dt.date
    lessons_done: int
    quizzes: int
    reflections: int
    newest: bool


@dataclass(frozen=True, slots=True)
class LessonDone:
    course: str
    module: str
    lesson: str
    completed_on: dt.date


@dataclass(frozen=True, slots=True)
class QuizHistory:
    """A quiz's results as each report gave them: (report day, best score, attempts)."""

    lesson: str
    quiz_id: str
    points: tuple[tuple[dt.date, float, int], ...]
    passed: bool


@dataclass(frozen=True, slots=True)
class DueLine:
    """One assigned item against what the reports say: done, or due, or overdue."""

    assignment_id: str
    issued: dt.date
    title: str
    due: dt.date | None
    state: ItemState
    lessons_done: int
    lessons_total: int
    overdue: bool


@dataclass(frozen=True, slots=True)
class Timeline:
    reports: tuple[ReportPoint, ...] = ()
    lessons: tuple[LessonDone, ...] = ()
    quizzes: tuple[QuizHistory, ...] = ()
    ratings: tuple[RatingSeries, ...] = ()
    reflections: tuple[SharedReflection, ...] = ()
    due: tuple[DueLine, ...] = ()

    @property
    def newest(self) -> ReportPoint | None:
        return self.reports[-1] if self.reports else None


def build_timeline(
    reports: Sequence[Report],
    assignments: Sequence[Assignment],
    courses: Mapping[str, Course],
    today: dt.date,
) -> Timeline:
    """Reports in the order they were made, merged into one story for the client page.

    Lessons, reflections and rating points that several reports repeat are shown once;
    a quiz keeps one point per report, so its best score can be followed over time.
    """
    ordered = sorted(reports, key=lambda r: r.made_on)
    points = tuple(
        ReportPoint(
            made_on=r.made_on,
            lessons_done=sum(1 for s in r.sections for x in s.lessons if x.completed_on),
            quizzes=sum(len(s.quizzes) for s in r.sections),
            reflections=sum(len(s.reflections) for s in r.sections),
            newest=i == len(ordered) - 1,
        )
        for i, r in enumerate(ordered)
    )
    lessons: dict[tuple[str, str], LessonDone] = {}
    quizzes: dict[tuple[str, str], list[tuple[dt.date, float, int]]] = {}
    quiz_lessons: dict[tuple[str, str], tuple[str, bool]] = {}
    ratings: dict[tuple[str, str, str], RatingSeries] = {}
    reflections: dict[tuple[str, str, str], SharedReflection] = {}
    completed: dict[str, set[str]] = {}
    started: dict[str, set[str]] = {}
    best: dict[str, dict[str, float]] = {}
    for report in ordered:
        for section in report.sections:
            course = courses.get(section.course_id)
            for line in section.lessons:
                lesson_id = line.lesson_id or _lesson_id_by_title(course, line.lesson)
                started.setdefault(section.course_id, set()).add(lesson_id)
                if line.completed_on is None:
                    continue
                completed.setdefault(section.course_id, set()).add(lesson_id)
                key = (section.course_id, lesson_id or line.lesson)
                lessons.setdefault(
                    key, LessonDone(section.title, line.module, line.lesson, line.completed_on)
                )
            for quiz in section.quizzes:
                key = (section.course_id, quiz.quiz_id)
                quizzes.setdefault(key, []).append((report.made_on, quiz.best_score, quiz.attempts))
                quiz_lessons[key] = (quiz.lesson, quiz.passed)
                scores = best.setdefault(section.course_id, {})
                scores[quiz.quiz_id] = max(scores.get(quiz.quiz_id, 0.0), quiz.best_score)
            for series in section.ratings:
                rkey = (section.course_id, series.prompt_id or series.prompt, series.lesson)
                ratings[rkey] = _merge_ratings(ratings.get(rkey), series)
            for shared in section.reflections:
                fkey = (shared.prompt_id or shared.prompt, shared.text, shared.lesson)
                reflections.setdefault(fkey, shared)
    due: list[DueLine] = []
    for assignment in assignments:
        course = courses.get(assignment.course_id)
        statuses = item_statuses(
            assignment,
            course,
            completed_lessons=completed.get(assignment.course_id, set()),
            started_lessons=started.get(assignment.course_id, set()),
            best_scores=best.get(assignment.course_id, {}),
            today=today,
        )
        due.extend(
            DueLine(
                assignment.id,
                assignment.issued,
                status.title,
                status.item.due,
                status.state,
                status.lessons_done,
                status.lessons_total,
                status.overdue,
            )
            for status in statuses
        )
    return Timeline(
        reports=points,
        lessons=tuple(sorted(lessons.values(), key=lambda x: x.completed_on)),
        quizzes=tuple(
            QuizHistory(quiz_lessons[k][0], k[1], tuple(v), quiz_lessons[k][1])
            for k, v in quizzes.items()
        ),
        ratings=tuple(ratings.values()),
        reflections=tuple(sorted(reflections.values(), key=lambda r: r.updated_on)),
        due=tuple(sorted(due, key=_due_order)),
    )


def _due_order(line: DueLine) -> tuple[int, dt.date, str]:
    """Overdue first, then by due date (undated last), done at the end."""
    rank = 0 if line.overdue else 2 if line.state is ItemState.DONE else 1
    return rank, line.due or dt.date.max, line.title


def _lesson_id_by_title(course: Course | None, title: str) -> str:
    """Reports made before ids: the lesson of this title in the installed course, if any."""
    if course is None:
        return ""
    return next((lesson.id for lesson in course.lessons() if lesson.title == title), "")


def _merge_ratings(kept: RatingSeries | None, new: RatingSeries) -> RatingSeries:
    """One series across reports: every day once (a later report's value wins)."""
    if kept is None:
        return new
    by_day = dict(kept.points)
    by_day.update(dict(new.points))
    return RatingSeries(
        new.lesson,
        new.prompt,
        new.minimum,
        new.maximum,
        tuple(sorted(by_day.items())),
        new.lesson_id,
        new.reflection_id,
        new.prompt_id,
    )
