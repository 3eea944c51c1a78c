"""Progress reports the client hands to a therapist: built only from what the client chose to share.

`build_report` gathers plain values from the ProgressStore according to `ReportChoices`;
nothing that was not chosen is ever read into the report. The same `Report` becomes a
JSON document (for a therapist's own tools, and for File > Open progress report...) and
an HTML document that the UI prints to PDF. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course import untrusted
from course.assignments import FORMAT_NAME as ASSIGNMENT_FORMAT
from course.assignments import MAX_FILE_BYTES, Assignment, assigned_lesson_ids
from course.fileio import NotARegularFile, read_regular_file
from course.model import MAX_SCALE_VALUE, MIN_SCALE_VALUE, Course, PromptType
from course.untrusted import strip_bidi

if TYPE_CHECKING:
    from course.store.api import ProgressStore

REPORT_FORMAT = "bridgework-progress-report"
REPORT_FORMAT_VERSION = 1
#: Quiz scores are kept to this many decimals in a report (and its JSON file).
SCORE_DECIMALS = 4
# The report file's own extension (JSON inside), as FILE_SUFFIX is for assignments;
# reports saved as .json before it still open.
REPORT_SUFFIX = ".bridgework-report"


class ReportError(Exception):
    """A report file that cannot be shown; the message is for the person opening it."""


@dataclass(frozen=True, slots=True)
class ReflectionKey:
    """Identifies one reflection prompt's text, chosen individually for sharing."""

    course_id: str
    reflection_id: str
    prompt_id: str


@dataclass(frozen=True, slots=True)
class ReportChoices:
    """What goes into a report. Reflections are off unless chosen one by one."""

    assignment: Assignment | None = None  # None: everything, in every installed course
    lessons: bool = True  # lessons completed and time spent
    quizzes: bool = True
    ratings: bool = True
    reflections: frozenset[ReflectionKey] = frozenset()
    client_label: str | None = None
    # Feelings practice: off unless ticked. Notes only with their own tick; perspective
    # answers one by one (keyed like reflections: course, reflection, prompt).
    check_ins: bool = False
    check_in_notes: bool = False
    perspectives: frozenset[ReflectionKey] = frozenset()
    # Every assignment the client has (archived too): an "everything" report still names
    # the newest one's therapist and id, so the therapist's workspace can tell whose it is.
    known_assignments: tuple[Assignment, ...] = ()


# The *_id fields carry the course's own ids (module, lesson, reflection, prompt), so a
# therapist's workspace can follow one lesson or prompt across reports. Reports made
# before them read back with "" there.


@dataclass(frozen=True, slots=True)
class LessonLine:
    module: str
    lesson: str
    completed_on: dt.date | None
    minutes: int
    module_id: str = ""
    lesson_id: str = ""


@dataclass(frozen=True, slots=True)
class QuizLine:
    lesson: str
    quiz_id: str
    first_score: float
    best_score: float
    passed: bool
    attempts: int
    lesson_id: str = ""


@dataclass(frozen=True, slots=True)
class RatingSeries:
    lesson: str
    prompt: str
    minimum: int
    maximum: int
    points: tuple[tuple[dt.date, int], ...]
    lesson_id: str = ""
    reflection_id: str = ""
    prompt_id: str = ""


@dataclass(frozen=True, slots=True)
class SharedReflection:
    lesson: str
    prompt: str
    text: str
    updated_on: dt.date
    lesson_id: str = ""
    reflection_id: str = ""
    prompt_id: str = ""
    # How the prompt read when the text was written, where the course has reworded it
    # since ("" otherwise, and in reports made before this was kept).
    answered_prompt: str = ""


@dataclass(frozen=True, slots=True)
class SharedPerspective:
    """A perspective exercise the client chose to share: their own answer, then what they
    added after reading the example answer."""

    lesson: str
    prompt: str
    first_draft: str
    added: str
    updated_on: dt.date
    lesson_id: str = ""
    reflection_id: str = ""
    prompt_id: str = ""


@dataclass(frozen=True, slots=True)
class CheckInSummary:
    """Check-ins over the last `window` days, counted kindly; notes only if chosen."""

    days: int  # days with at least one check-in
    window: int
    count: int
    families: tuple[tuple[str, int], ...]  # family name, times picked; most picked first
    notes: tuple[tuple[dt.date, str], ...] = ()

    def sentence(self) -> str:
        if self.days == 0:
            return f"No check-ins in the last {self.window} days."
        day_word = "day" if self.days == 1 else "days"
        return f"Checked in on {self.days} {day_word} of the last {self.window}."


@dataclass(frozen=True, slots=True)
class CourseSection:
    course_id: str
    course_version: str
    title: str
    lessons: tuple[LessonLine, ...] = ()
    quizzes: tuple[QuizLine, ...] = ()
    ratings: tuple[RatingSeries, ...] = ()
    reflections: tuple[SharedReflection, ...] = ()
    perspectives: tuple[SharedPerspective, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    made_on: dt.date
    scope: str  # "Everything" or the assignment's description
    client_label: str | None
    therapist: str | None
    assignment_id: str | None
    # Which kinds of content the client chose, so a reader can tell "none" from "not shared".
    included: tuple[str, ...]
    sections: tuple[CourseSection, ...] = field(default=())
    check_ins: CheckInSummary | None = None  # None: not shared (or an older report)
    # A unique id for this report (older reports: ""), and every assignment id the
    # client had when making it, newest first.
    report_id: str = ""
    assignment_ids: tuple[str, ...] = ()


# --- building ----------------------------------------------------------------------------


def build_report(
    store: ProgressStore,
    courses: Mapping[str, Course],
    choices: ReportChoices,
    *,
    today: dt.date | None = None,
) -> Report:
    """Read from the store exactly what `choices` allows, for the courses in scope."""
    assignment = choices.assignment
    newest = _newest(choices.known_assignments)
    if assignment is not None:
        in_scope = {
            assignment.course_id: _assigned_lessons(assignment, courses.get(assignment.course_id))
        }
        scope = f"Assignment from {assignment.therapist}, issued {assignment.issued:%d %B %Y}"
    else:
        in_scope = {course_id: None for course_id in courses}
        scope = "Everything"
    sections = []
    for course_id, lesson_filter in in_scope.items():
        course = courses.get(course_id)
        if course is None:
            continue
        sections.append(_course_section(store, course, lesson_filter, choices))
    included = [
        name
        for name, on in (
            ("lessons", choices.lessons),
            ("quizzes", choices.quizzes),
            ("ratings", choices.ratings),
            ("reflections", bool(choices.reflections)),
            ("check_ins", choices.check_ins),
            ("perspectives", bool(choices.perspectives)),
        )
        if on
    ]
    made_on = today or dt.date.today()
    named = assignment if assignment is not None else newest
    known = sorted(choices.known_assignments, key=lambda a: a.issued, reverse=True)
    ids = [a.id for a in known]
    if assignment is not None and assignment.id not in ids:
        ids.insert(0, assignment.id)
    return Report(
        made_on=made_on,
        scope=scope,
        client_label=choices.client_label or (named.client_label if named is not None else None),
        therapist=named.therapist if named is not None else None,
        assignment_id=named.id if named is not None else None,
        report_id=str(uuid.uuid4()),
        assignment_ids=tuple(ids),
        included=tuple(included),
        sections=tuple(sections),
        check_ins=(
            _check_in_summary(store, courses, made_on, notes=choices.check_in_notes)
            if choices.check_ins
            else None
        ),
    )


def _newest(assignments: Sequence[Assignment]) -> Assignment | None:
    """The assignment issued last (the later one in the list on the same day)."""
    newest = None
    for candidate in assignments:
        if newest is None or candidate.issued >= newest.issued:
            newest = candidate
    return newest


#: A check-in summary covers this many days, ending on the day the report is made.
CHECK_IN_WINDOW = 28
#: The summary names at most this many feeling families.
TOP_FAMILIES = 5


def _check_in_summary(
    store: ProgressStore, courses: Mapping[str, Course], today: dt.date, *, notes: bool
) -> CheckInSummary:
    """Check-ins made from Home or the menu (not lessons' feelings prompts) in the window."""
    from course.feelings import shipped_vocabulary
    from course.insights import practice

    first = today - dt.timedelta(days=CHECK_IN_WINDOW - 1)
    found = [
        c for c in store.check_ins(include_lessons=False) if first <= c.recorded_at.date() <= today
    ]
    titles = {f.id: f.title for f in shipped_vocabulary().families}
    for course in courses.values():
        if course.feelings is not None:
            titles.update({f.id: f.title for f in course.feelings.families})
    counts: dict[str, int] = {}
    for check_in in found:
        for pick in check_in.picks:
            name = titles.get(pick.family, pick.family)
            counts[name] = counts.get(name, 0) + 1
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_FAMILIES]
    return CheckInSummary(
        days=practice((c.recorded_at.date() for c in found), today, CHECK_IN_WINDOW).days,
        window=CHECK_IN_WINDOW,
        count=len(found),
        families=tuple(top),
        notes=tuple((c.recorded_at.date(), c.note) for c in found if c.note.strip())
        if notes
        else (),
    )


def _assigned_lessons(assignment: Assignment, course: Course | None) -> frozenset[str] | None:
    if course is None:
        return frozenset()
    return frozenset(assigned_lesson_ids(assignment, course))


def _course_section(
    store: ProgressStore,
    course: Course,
    lesson_filter: frozenset[str] | None,
    choices: ReportChoices,
) -> CourseSection:
    lessons = [
        lesson for lesson in course.lessons() if lesson_filter is None or lesson.id in lesson_filter
    ]
    titles = {lesson.id: lesson.title for lesson in lessons}
    lesson_lines: list[LessonLine] = []
    if choices.lessons:
        states = store.lesson_states(course.id)
        for lesson in lessons:
            state = states.get(lesson.id)
            if state is None:
                continue
            module = course.module_of(lesson.id)
            lesson_lines.append(
                LessonLine(
                    module=module.title if module else "",
                    lesson=lesson.title,
                    completed_on=state.completed_at.date() if state.completed_at else None,
                    minutes=round(state.active_seconds / 60),
                    module_id=module.id if module else "",
                    lesson_id=lesson.id,
                )
            )
    quiz_lines: list[QuizLine] = []
    if choices.quizzes:
        scores = store.all_quiz_scores(course.id)
        for lesson in lessons:
            for quiz in lesson.quizzes:
                found = scores.get(quiz.id)
                if found is None:
                    continue
                quiz_lines.append(
                    QuizLine(
                        lesson=lesson.title,
                        quiz_id=quiz.id,
                        # Rounded as the JSON file keeps them, so a report read back equals
                        # the one written (a score of 1/6 is not exact in 4 decimals).
                        first_score=round(found.scored.score or 0.0, SCORE_DECIMALS),
                        best_score=round(found.best.score or 0.0, SCORE_DECIMALS),
                        passed=bool(found.best.passed),
                        attempts=found.attempts,
                        lesson_id=lesson.id,
                    )
                )
    rating_series: list[RatingSeries] = []
    if choices.ratings:
        for lesson in lessons:
            for reflection in lesson.reflections:
                for prompt in reflection.prompts:
                    if prompt.type is not PromptType.SCALE:
                        continue
                    points = tuple(
                        (r.rated_at.date(), r.value)
                        for r in store.ratings(course.id, reflection.id, prompt.id)
                    )
                    if points:
                        rating_series.append(
                            RatingSeries(
                                lesson.title,
                                prompt.prompt,
                                prompt.min,
                                prompt.max,
                                points,
                                lesson.id,
                                reflection.id,
                                prompt.id,
                            )
                        )
    shared: list[SharedReflection] = []
    chosen = {key for key in choices.reflections if key.course_id == course.id}
    answered: dict[tuple[str, str, str], str] = {}
    if chosen:
        answered = {
            (w.course_version, w.parent_id, w.item_id): w.text
            for w in store.wording(course.id)
            if w.kind == "prompt"
        }
        # Only the chosen prompts are read: an unchosen reflection never enters the report.
        for lesson in lessons:
            for reflection in lesson.reflections:
                for prompt in reflection.prompts:
                    key = ReflectionKey(course.id, reflection.id, prompt.id)
                    if key not in chosen:
                        continue
                    entries = [
                        e
                        for e in store.reflections(course.id, lesson_id=lesson.id)
                        if e.reflection_id == reflection.id and e.prompt_id == prompt.id
                    ]
                    if entries and entries[0].text.strip():
                        then = answered.get(
                            (entries[0].course_version, reflection.id, prompt.id), prompt.prompt
                        )
                        shared.append(
                            SharedReflection(
                                titles[lesson.id],
                                prompt.prompt,
                                entries[0].text,
                                entries[0].updated_at.date(),
                                lesson.id,
                                reflection.id,
                                prompt.id,
                                then if then != prompt.prompt else "",
                            )
                        )
    return CourseSection(
        course_id=course.id,
        course_version=course.version,
        title=course.title,
        lessons=tuple(lesson_lines),
        quizzes=tuple(quiz_lines),
        ratings=tuple(rating_series),
        reflections=tuple(shared),
        perspectives=_shared_perspectives(store, course, lessons, choices),
    )


def _shared_perspectives(
    store: ProgressStore, course: Course, lessons: Sequence[Any], choices: ReportChoices
) -> tuple[SharedPerspective, ...]:
    chosen = {key for key in choices.perspectives if key.course_id == course.id}
    if not chosen:
        return ()  # nothing is read when nothing is chosen
    shared = []
    for lesson in lessons:
        for reflection in lesson.reflections:
            for prompt in reflection.prompts:
                if ReflectionKey(course.id, reflection.id, prompt.id) not in chosen:
                    continue
                answer = store.perspective(course.id, reflection.id, prompt.id)
                if answer is None or not answer.first_draft.strip():
                    continue
                shared.append(
                    SharedPerspective(
                        lesson.title,
                        prompt.prompt,
                        answer.first_draft,
                        answer.second_draft,
                        answer.updated_at.date(),
                        lesson.id,
                        reflection.id,
                        prompt.id,
                    )
                )
    return tuple(shared)


# --- JSON --------------------------------------------------------------------------------


def report_to_json(report: Report) -> str:
    document: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "report_id": report.report_id,
        "made_on": report.made_on.isoformat(),
        "scope": report.scope,
        "client_label": report.client_label,
        "therapist": report.therapist,
        "assignment_id": report.assignment_id,
        "assignment_ids": list(report.assignment_ids),
        "included": list(report.included),
        "courses": [_section_document(s) for s in report.sections],
        "check_ins": _check_ins_document(report.check_ins),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _section_document(section: CourseSection) -> dict[str, Any]:
    return {
        "id": section.course_id,
        "version": section.course_version,
        "title": section.title,
        "lessons": [
            {
                "module": line.module,
                "module_id": line.module_id,
                "lesson": line.lesson,
                "lesson_id": line.lesson_id,
                "completed_on": line.completed_on.isoformat() if line.completed_on else None,
                "minutes": line.minutes,
            }
            for line in section.lessons
        ],
        "quizzes": [
            {
                "lesson": q.lesson,
                "lesson_id": q.lesson_id,
                "quiz_id": q.quiz_id,
                "first_score": round(q.first_score, SCORE_DECIMALS),
                "best_score": round(q.best_score, SCORE_DECIMALS),
                "passed": q.passed,
                "attempts": q.attempts,
            }
            for q in section.quizzes
        ],
        "ratings": [
            {
                "lesson": r.lesson,
                **_prompt_ids(r),
                "prompt": r.prompt,
                "min": r.minimum,
                "max": r.maximum,
                "points": [[day.isoformat(), value] for day, value in r.points],
            }
            for r in section.ratings
        ],
        "reflections": [
            {
                "lesson": r.lesson,
                **_prompt_ids(r),
                "prompt": r.prompt,
                **({"answered_prompt": r.answered_prompt} if r.answered_prompt else {}),
                "text": r.text,
                "updated_on": r.updated_on.isoformat(),
            }
            for r in section.reflections
        ],
        "perspectives": [
            {
                "lesson": p.lesson,
                **_prompt_ids(p),
                "prompt": p.prompt,
                "first_draft": p.first_draft,
                "added": p.added,
                "updated_on": p.updated_on.isoformat(),
            }
            for p in section.perspectives
        ],
    }


def _prompt_ids(line: RatingSeries | SharedReflection | SharedPerspective) -> dict[str, str]:
    return {
        "lesson_id": line.lesson_id,
        "reflection_id": line.reflection_id,
        "prompt_id": line.prompt_id,
    }


def _check_ins_document(summary: CheckInSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "days": summary.days,
        "window": summary.window,
        "count": summary.count,
        "families": [[name, count] for name, count in summary.families],
        "notes": [[day.isoformat(), text] for day, text in summary.notes],
    }


MAX_REPORT_BYTES = MAX_FILE_BYTES * 8
# Counts in a report (minutes, attempts) are far below this; a larger one is not real.
_MAX_COUNT = 10**9


def read_report_file(path: str | os.PathLike[str]) -> Report:
    """Read a received JSON report; ReportError carries a message for the person opening it."""
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_REPORT_BYTES)
    except NotARegularFile:
        raise ReportError(
            f"'{path.name}' is not a regular file (it may be a folder or a device), so it "
            "can't be a progress report. Please check you picked the right file."
        ) from None
    except OSError as error:
        raise ReportError(
            f"'{path.name}' could not be opened ({error.strerror or error}). "
            "Please check the file is where you expect it."
        ) from None
    return report_from_json(data, name=path.name)


def sniff_file_kind(path: str | os.PathLike[str]) -> str | None:
    """ "assignment" or "report" from the file's `format` field; None if it can't be told."""
    try:
        document = untrusted.loads(read_regular_file(path, MAX_REPORT_BYTES))
    except (OSError, ValueError):  # UntrustedJSONError is a ValueError
        return None
    if not isinstance(document, dict):
        return None
    kinds = {ASSIGNMENT_FORMAT: "assignment", REPORT_FORMAT: "report"}
    found = document.get("format")
    return kinds.get(found) if isinstance(found, str) else None


def report_from_json(data: bytes, *, name: str = "file") -> Report:
    """Read a report for the read-only therapist view. Raises ReportError with a plain message.

    Every value is checked for its type and range before use, so a crafted file gets
    this refusal and never reaches the HTML or the screen half-checked.
    """
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(f"'{name}' is too large to be a Bridgework progress report.")
    try:
        document = untrusted.loads(data)
    except untrusted.UntrustedJSONError:
        raise ReportError(
            f"'{name}' could not be read as a progress report. It may have been damaged; "
            "please ask for a new copy."
        ) from None
    if not isinstance(document, dict) or document.get("format") != REPORT_FORMAT:
        raise ReportError(f"'{name}' is not a Bridgework progress report.")
    version = document.get("format_version")
    if type(version) is not int or version != REPORT_FORMAT_VERSION:
        raise ReportError(
            f"'{name}' was made by a newer version of Bridgework than this one can read."
        )
    try:
        return Report(
            made_on=_date(document["made_on"]),
            scope=_str(document["scope"]),
            client_label=_str_or_none(document.get("client_label")),
            therapist=_str_or_none(document.get("therapist")),
            assignment_id=_str_or_none(document.get("assignment_id")),
            included=tuple(_str(x) for x in _list(document["included"])),
            sections=tuple(_section_from_document(s) for s in _list(document["courses"])),
            # Optional: reports made before check-ins existed have no such field.
            check_ins=_check_ins_from_document(document.get("check_ins")),
            report_id=_id(document, "report_id"),
            assignment_ids=tuple(_str(x) for x in _list(document.get("assignment_ids", []))),
        )
    except (KeyError, ValueError) as error:
        raise ReportError(
            f"'{name}' is missing parts a progress report should have ({error}); "
            "please ask for a new copy."
        ) from None


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("a list is something else")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("an entry is not a set of fields")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a text is something else")
    return strip_bidi(value)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else _str(value)


def _id(mapping: dict[str, Any], key: str) -> str:
    """An id field added after the first reports: "" where an older report has none."""
    value = mapping.get(key)
    return "" if value is None else _str(value)


def _ids(mapping: dict[str, Any]) -> tuple[str, str, str]:
    return _id(mapping, "lesson_id"), _id(mapping, "reflection_id"), _id(mapping, "prompt_id")


def _int(value: Any, low: int = 0, high: int = _MAX_COUNT) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError("a whole number is missing or out of range")
    return value


def _score(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError("a score is not between 0 and 1")
    return float(value)


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_str(value))
    except ValueError:
        raise ValueError("a date is missing or wrong") from None


def _date_or_none(value: Any) -> dt.date | None:
    return _date(value) if value else None


def _pair(value: Any) -> tuple[Any, Any]:
    items = _list(value)
    if len(items) != 2:
        raise ValueError("a pair of values is something else")
    return items[0], items[1]


def _section_from_document(raw: Any) -> CourseSection:
    s = _dict(raw)
    return CourseSection(
        course_id=_str(s["id"]),
        course_version=_str(s["version"]),
        title=_str(s["title"]),
        lessons=tuple(
            LessonLine(
                _str(x["module"]),
                _str(x["lesson"]),
                _date_or_none(x["completed_on"]),
                _int(x["minutes"]),
                _id(x, "module_id"),
                _id(x, "lesson_id"),
            )
            for x in map(_dict, _list(s["lessons"]))
        ),
        quizzes=tuple(
            QuizLine(
                _str(x["lesson"]),
                _str(x["quiz_id"]),
                _score(x["first_score"]),
                _score(x["best_score"]),
                _bool(x["passed"]),
                _int(x["attempts"]),
                _id(x, "lesson_id"),
            )
            for x in map(_dict, _list(s["quizzes"]))
        ),
        ratings=tuple(_rating_series(x) for x in map(_dict, _list(s["ratings"]))),
        reflections=tuple(
            SharedReflection(
                _str(x["lesson"]),
                _str(x["prompt"]),
                _str(x["text"]),
                _date(x["updated_on"]),
                *_ids(x),
                _id(x, "answered_prompt"),
            )
            for x in map(_dict, _list(s["reflections"]))
        ),
        perspectives=tuple(
            SharedPerspective(
                _str(x["lesson"]),
                _str(x["prompt"]),
                _str(x["first_draft"]),
                _str(x["added"]),
                _date(x["updated_on"]),
                *_ids(x),
            )
            for x in map(_dict, _list(s.get("perspectives", [])))
        ),
    )


#: The longest check-in window a report may claim (a year and a day).
_MAX_WINDOW = 366


def _check_ins_from_document(raw: Any) -> CheckInSummary | None:
    if raw is None:
        return None
    x = _dict(raw)
    window = _int(x["window"], 1, _MAX_WINDOW)
    families = []
    for pair in _list(x["families"]):
        name, count = _pair(pair)
        families.append((_str(name), _int(count)))
    notes = []
    for pair in _list(x["notes"]):
        day, text = _pair(pair)
        notes.append((_date(day), _str(text)))
    return CheckInSummary(
        days=_int(x["days"], 0, window),
        window=window,
        count=_int(x["count"]),
        families=tuple(families),
        notes=tuple(notes),
    )


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("a yes/no value is something else")
    return value


def _rating_series(x: dict[str, Any]) -> RatingSeries:
    low = _int(x["min"], MIN_SCALE_VALUE, MAX_SCALE_VALUE)
    high = _int(x["max"], MIN_SCALE_VALUE, MAX_SCALE_VALUE)
    if low >= high:
        raise ValueError("a rating scale ends before it starts")
    points = []
    for point in _list(x["points"]):
        day, value = _pair(point)
        points.append((_date(day), _int(value, low, high)))
    return RatingSeries(_str(x["lesson"]), _str(x["prompt"]), low, high, tuple(points), *_ids(x))


# --- HTML (printed to PDF by the UI) -----------------------------------------------------


def report_to_html(report: Report) -> str:
    """A clean document for QTextDocument: headings, tables, and a bar chart of ratings.

    The chart is drawn with table cells, which Qt's rich text and its PDF output both
    render faithfully, so no image needs to be made.
    """
    e = html.escape
    parts = [
        "<html><body>",
        "<h1>Progress report</h1>",
        f"<p>Made on {report.made_on:%d %B %Y} with Bridgework. {e(report.scope)}.</p>",
    ]
    who = []
    if report.client_label:
        who.append(f"For: {e(report.client_label)}")
    if report.therapist:
        who.append(f"Assigned by: {e(report.therapist)}")
    if who:
        parts.append(f"<p>{' &middot; '.join(who)}</p>")
    parts.append(
        "<p><i>This report holds only what its author chose to share: "
        + e(_included_words(report.included))
        + ".</i></p>"
    )
    for section in report.sections:
        parts.append(
            f"<h2>{e(section.title)} <small>(version {e(section.course_version)})</small></h2>"
        )
        if "lessons" in report.included:
            parts.append("<h3>Lessons</h3>")
            parts.append(
                _table(
                    ["Module", "Lesson", "Completed", "Active minutes"],
                    [
                        [
                            line.module,
                            line.lesson,
                            line.completed_on.strftime("%d %b %Y")
                            if line.completed_on
                            else "not yet",
                            str(line.minutes),
                        ]
                        for line in section.lessons
                    ],
                    empty="No lessons opened yet.",
                )
            )
        if "quizzes" in report.included:
            parts.append("<h3>Quizzes</h3>")
            parts.append(
                _table(
                    ["Lesson", "First attempt", "Best", "Passed", "Attempts"],
                    [
                        [
                            q.lesson,
                            f"{q.first_score:.0%}",
                            f"{q.best_score:.0%}",
                            "yes" if q.passed else "not yet",
                            str(q.attempts),
                        ]
                        for q in section.quizzes
                    ],
                    empty="No quizzes finished yet.",
                )
            )
        if "ratings" in report.included:
            parts.append("<h3>Self-ratings over time</h3>")
            if not section.ratings:
                parts.append("<p>No self-ratings yet.</p>")
            for series in section.ratings:
                parts.append(
                    f"<p><b>{e(series.prompt)}</b><br/><small>{e(series.lesson)}</small></p>"
                )
                parts.append(_rating_chart(series))
        if section.reflections:
            parts.append("<h3>Reflections shared</h3>")
            for r in section.reflections:
                then = (
                    f"<br/><small>Written when it read: “{e(r.answered_prompt)}”</small>"
                    if r.answered_prompt
                    else ""
                )
                parts.append(
                    f"<p><b>{e(r.prompt)}</b><br/><small>{e(r.lesson)}, "
                    f"{r.updated_on:%d %b %Y}</small>{then}</p>"
                    f"<blockquote>{_paragraphs(r.text)}</blockquote>"
                )
        if section.perspectives:
            parts.append("<h3>Perspective exercises shared</h3>")
            for p in section.perspectives:
                parts.append(
                    f"<p><b>{e(p.prompt)}</b><br/><small>{e(p.lesson)}, "
                    f"{p.updated_on:%d %b %Y}</small></p>"
                    f"<p><i>Their own answer:</i></p><blockquote>{_paragraphs(p.first_draft)}"
                    "</blockquote>"
                )
                if p.added.strip():
                    parts.append(
                        "<p><i>What they added after reading the example answer:</i></p>"
                        f"<blockquote>{_paragraphs(p.added)}</blockquote>"
                    )
    if report.check_ins is not None:
        parts.append(_check_ins_html(report.check_ins))
    parts.append("</body></html>")
    return "\n".join(parts)


def _check_ins_html(summary: CheckInSummary) -> str:
    e = html.escape
    parts = ["<h2>Check-ins</h2>", f"<p>{e(summary.sentence())}</p>"]
    if summary.families:
        parts.append("<p>The kinds of feeling picked most often:</p>")
        parts.append(
            _table(
                ["Kind of feeling", "Times picked"],
                [[name, str(count)] for name, count in summary.families],
                empty="",
            )
        )
    if summary.notes:
        parts.append("<h3>Check-in notes shared</h3>")
        for day, text in summary.notes:
            parts.append(
                f"<p><small>{day:%d %b %Y}</small></p><blockquote>{_paragraphs(text)}</blockquote>"
            )
    parts.append(
        "<p><i>Check-ins are a self-reflection aid: how often and what was named, "
        "not a measure of progress or worth.</i></p>"
    )
    return "\n".join(parts)


def _included_words(included: Sequence[str]) -> str:
    names = {
        "lessons": "lessons and time spent",
        "quizzes": "quiz results",
        "ratings": "self-ratings",
        "reflections": "reflections chosen one by one",
        "check_ins": "a check-in summary",
        "perspectives": "perspective exercises chosen one by one",
    }
    words = [names[i] for i in included if i in names]
    return ", ".join(words) if words else "nothing beyond the course names"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, empty: str) -> str:
    rows = list(rows)
    if not rows:
        return f"<p>{html.escape(empty)}</p>"
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        "<table border='1' cellspacing='0' cellpadding='4' width='100%' "
        f"style='border-collapse: collapse; border-color: #999'><tr>{head}</tr>{body}</table>"
    )


def _rating_chart(series: RatingSeries) -> str:
    span = max(1, series.maximum - series.minimum)
    rows = []
    for day, value in series.points:
        filled = max(1, round(100 * (value - series.minimum) / span))
        rows.append(
            f"<tr><td width='120'>{day:%d&nbsp;%b&nbsp;%Y}</td>"
            f"<td width='40' align='right'>{value}</td>"
            "<td><table cellspacing='0' cellpadding='0' width='100%'><tr>"
            f"<td width='{filled}%' bgcolor='#4a7a9c'>&nbsp;</td>"
            + (f"<td width='{100 - filled}%' bgcolor='#e4ebf0'>&nbsp;</td>" if filled < 100 else "")
            + "</tr></table></td></tr>"
        )
    scale = f"<p><small>Scale {series.minimum} to {series.maximum}.</small></p>"
    return (
        "<table cellspacing='2' cellpadding='2' width='100%'>" + "".join(rows) + "</table>" + scale
    )


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
