"""Export everything the store holds to a folder: data.json, and the same as Markdown to read.

The folder is written under a temporary name beside its final one, every file is
fsynced, and then it is renamed into place: it appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from course.fileio import fsync_file
from course.model import Course
from course.store.dbfile import unavailable_reason
from course.store.errors import StoreUnavailable
from course.store.tables import (
    AssignmentRow,
    ClientAssignmentRow,
    ClientFileRow,
    ClientReportRow,
    ClientRow,
    CourseWordingRow,
    FeelingEntry,
    LessonProgress,
    PerspectiveRow,
    QuizAttemptRow,
    ReflectionRow,
    ReviewCardRow,
    ScaleRating,
    Setting,
)

EXPORT_FORMAT = 1
JSON_NAME = "data.json"
MARKDOWN_NAME = "my-bridgework-data.md"


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def collect(s: Session) -> dict[str, Any]:
    """Everything in the store as JSON-ready values.

    Each answer, reflection and rating carries the words it answered (`question_text`,
    `prompt_text`), from the kept wording of the course version it was written under,
    or null when that version's wording was never kept (before Bridgework kept it).
    """
    wording = list(s.scalars(select(CourseWordingRow).order_by(CourseWordingRow.id)))
    said = {
        (w.course_id, w.course_version, w.kind, w.parent_id, w.item_id): w.text for w in wording
    }

    def words(kind: str, row: Any, parent: str, item: str) -> str | None:
        return said.get((row.course_id, row.course_version, kind, parent, item))

    lessons = []
    for row in s.scalars(
        select(LessonProgress)
        .options(selectinload(LessonProgress.visit_log))
        .order_by(LessonProgress.course_id, LessonProgress.first_visited_at)
    ):
        lessons.append(
            {
                "course_id": row.course_id,
                "course_version": row.course_version,
                "lesson_id": row.lesson_id,
                "lesson_title": words("lesson", row, "", row.lesson_id),
                "visits": row.visits,
                "first_visited_at": _time(row.first_visited_at),
                "last_visited_at": _time(row.last_visited_at),
                "completed_at": _time(row.completed_at),
                "step_index": row.step_index,
                "scroll": row.scroll,
                "active_seconds": row.active_seconds,
                "visited_at": [_time(v.visited_at) for v in row.visit_log],
            }
        )
    attempts = []
    for attempt in s.scalars(
        select(QuizAttemptRow)
        .options(selectinload(QuizAttemptRow.answers))
        .order_by(QuizAttemptRow.started_at, QuizAttemptRow.id)
    ):
        attempts.append(
            {
                "course_id": attempt.course_id,
                "course_version": attempt.course_version,
                "lesson_id": attempt.lesson_id,
                "quiz_id": attempt.quiz_id,
                "attempt": attempt.number,
                "scored": attempt.number == 1,
                "started_at": _time(attempt.started_at),
                "finished_at": _time(attempt.finished_at),
                "score": attempt.score,
                "passed": attempt.passed,
                "answers": [
                    {
                        "question_id": a.question_id,
                        "question_text": words("question", attempt, attempt.quiz_id, a.question_id),
                        "answer": json.loads(a.answer_json),
                        "score": a.score,
                        "answered_at": _time(a.answered_at),
                    }
                    for a in attempt.answers
                ],
            }
        )
    reflections = []
    for reflection in s.scalars(
        select(ReflectionRow)
        .options(selectinload(ReflectionRow.revisions))
        .order_by(ReflectionRow.course_id, ReflectionRow.created_at)
    ):
        reflections.append(
            {
                "course_id": reflection.course_id,
                "course_version": reflection.course_version,
                "lesson_id": reflection.lesson_id,
                "reflection_id": reflection.reflection_id,
                "prompt_id": reflection.prompt_id,
                "prompt_text": words(
                    "prompt", reflection, reflection.reflection_id, reflection.prompt_id
                ),
                "text": reflection.text,
                "created_at": _time(reflection.created_at),
                "updated_at": _time(reflection.updated_at),
                "revisions": [
                    {
                        "text": r.text,
                        "saved_at": _time(r.saved_at),
                        "course_version": r.course_version,
                    }
                    for r in reflection.revisions
                ],
            }
        )
    ratings = [
        {
            "course_id": r.course_id,
            "course_version": r.course_version,
            "lesson_id": r.lesson_id,
            "reflection_id": r.reflection_id,
            "prompt_id": r.prompt_id,
            "prompt_text": words("prompt", r, r.reflection_id, r.prompt_id),
            "value": r.value,
            "rated_at": _time(r.rated_at),
        }
        for r in s.scalars(select(ScaleRating).order_by(ScaleRating.rated_at, ScaleRating.id))
    ]
    settings = {
        row.key: json.loads(row.value_json)
        for row in s.scalars(select(Setting).order_by(Setting.key))
    }
    assignments = [
        {
            "id": row.id,
            "imported_at": _time(row.imported_at),
            "archived_at": _time(row.archived_at),
            "document": _json_or_text(row.document_json),
        }
        for row in s.scalars(select(AssignmentRow).order_by(AssignmentRow.imported_at))
    ]
    review_cards = [
        {
            "course_id": card.course_id,
            "course_version": card.course_version,
            "lesson_id": card.lesson_id,
            "quiz_id": card.quiz_id,
            "question_id": card.question_id,
            "reason": card.reason,
            "created_at": _time(card.created_at),
            "due": _time(card.due),
            "state": _CARD_STATES.get(card.state, str(card.state)),
            "stability": card.stability,
            "difficulty": card.difficulty,
            "last_review": _time(card.last_review),
            "reviews": [
                {
                    "reviewed_at": _time(r.reviewed_at),
                    "answer": json.loads(r.answer_json),
                    "correct": r.correct,
                    "rating": _RATINGS.get(r.rating, str(r.rating)),
                }
                for r in card.reviews
            ],
        }
        for card in s.scalars(
            select(ReviewCardRow)
            .options(selectinload(ReviewCardRow.reviews))
            .order_by(ReviewCardRow.created_at, ReviewCardRow.id)
        )
    ]
    check_ins = [
        {
            "recorded_at": _time(row.recorded_at),
            "updated_at": _time(row.updated_at),
            "feelings": [
                {"word": p.word, "family": p.family, "intensity": p.intensity} for p in row.picks
            ],
            "note": row.note,
            "body": row.body,
            "course_id": row.course_id,
            "course_version": row.course_version,
            "lesson_id": row.lesson_id,
            "reflection_id": row.reflection_id,
            "prompt_id": row.prompt_id,
            "prompt_text": words("prompt", row, row.reflection_id or "", row.prompt_id or "")
            if row.course_id
            else None,
        }
        for row in s.scalars(
            select(FeelingEntry)
            .options(selectinload(FeelingEntry.picks))
            .order_by(FeelingEntry.recorded_at, FeelingEntry.id)
        )
    ]
    perspectives = [
        {
            "course_id": row.course_id,
            "course_version": row.course_version,
            "lesson_id": row.lesson_id,
            "reflection_id": row.reflection_id,
            "prompt_id": row.prompt_id,
            "prompt_text": words("prompt", row, row.reflection_id, row.prompt_id),
            "first_draft": row.first_draft,
            "second_draft": row.second_draft,
            "created_at": _time(row.created_at),
            "updated_at": _time(row.updated_at),
            "model_answer_shown_at": _time(row.revealed_at),
        }
        for row in s.scalars(
            select(PerspectiveRow).order_by(PerspectiveRow.created_at, PerspectiveRow.id)
        )
    ]
    workspace = _workspace(s)
    return {
        "format": "bridgework-export",
        "format_version": EXPORT_FORMAT,
        "lessons": lessons,
        "quiz_attempts": attempts,
        "reflections": reflections,
        "ratings": ratings,
        "settings": settings,
        "assignments": assignments,
        "review_cards": review_cards,
        "check_ins": check_ins,
        "perspectives": perspectives,
        "course_wording": [
            {
                "course_id": w.course_id,
                "course_version": w.course_version,
                "kind": w.kind,
                "lesson_id": w.lesson_id,
                "parent_id": w.parent_id,
                "item_id": w.item_id,
                "text": w.text,
                "recorded_at": _time(w.recorded_at),
            }
            for w in wording
        ],
        # Only in a therapist's workspace profile; a learner's export has no such key.
        **({"workspace": workspace} if workspace["clients"] else {}),
    }


def _workspace(s: Session) -> dict[str, Any]:
    """The therapist's clients, each with what was made for them and what they sent back.

    Reports are kept as received (read-only), so they are exported whole; an attached
    PDF is exported beside data.json (see `export_all`), named in `files`.
    """
    clients = []
    for client in s.scalars(select(ClientRow).order_by(ClientRow.id)):
        assignments = s.scalars(
            select(ClientAssignmentRow)
            .where(ClientAssignmentRow.client_id == client.id)
            .order_by(ClientAssignmentRow.made_at)
        )
        reports = s.scalars(
            select(ClientReportRow)
            .where(ClientReportRow.client_id == client.id)
            .order_by(ClientReportRow.made_on, ClientReportRow.id)
        )
        files = s.execute(
            select(ClientFileRow.id, ClientFileRow.name, ClientFileRow.added_at)
            .where(ClientFileRow.client_id == client.id)
            .order_by(ClientFileRow.id)
        )
        clients.append(
            {
                "label": client.label,
                "created_at": _time(client.created_at),
                "assignments": [
                    {
                        "id": a.id,
                        "made_at": _time(a.made_at),
                        "document": _json_or_text(a.document_json),
                    }
                    for a in assignments
                ],
                "reports": [
                    {
                        "made_on": r.made_on,
                        "file_name": r.file_name,
                        "imported_at": _time(r.imported_at),
                        "document": _json_or_text(r.document_json),
                    }
                    for r in reports
                ],
                "files": [
                    {"name": name, "added_at": _time(added), "exported_as": _file_name(fid, name)}
                    for fid, name, added in files
                ],
            }
        )
    return {"clients": clients}


def _file_name(file_id: int, name: str) -> str:
    """A safe file name for an attached PDF in the export's `files` folder."""
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in Path(name).name)[:80]
    return f"files/{file_id}-{stem or 'report.pdf'}"


_CARD_STATES = {1: "learning", 2: "review", 3: "relearning"}
_RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def _json_or_text(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _percent(score: float | None) -> str:
    return "not finished" if score is None else f"{round(score * 100)}%"


class _Names:
    """Titles and prompt texts from the courses the caller knows, else from the wording
    kept of earlier versions (marked as such), else ids."""

    def __init__(self, courses: Sequence[Course], wording: Sequence[dict[str, Any]] = ()) -> None:
        # The newest kept title of each lesson (rows come oldest first).
        self.kept_lessons = {
            (w["course_id"], w["item_id"]): (w["text"], w["course_version"])
            for w in wording
            if w["kind"] == "lesson"
        }
        self.courses = {c.id: c.title for c in courses}
        self.lessons = {(c.id, lesson.id): lesson.title for c in courses for lesson in c.lessons()}
        self.prompts = {
            (c.id, reflection.id, prompt.id): prompt.prompt
            for c in courses
            for lesson in c.lessons()
            for reflection in lesson.reflections
            for prompt in reflection.prompts
        }

    def course(self, course_id: str) -> str:
        return self.courses.get(course_id, course_id)

    def lesson(self, course_id: str, lesson_id: str) -> str:
        found = self.lessons.get((course_id, lesson_id))
        if found is not None:
            return found
        kept = self.kept_lessons.get((course_id, lesson_id))
        if kept is not None:
            return f"{kept[0]} (from version {kept[1]}; no longer in the course)"
        if course_id in self.courses:  # the course is known and the lesson is not in it
            return f"{lesson_id} (from an earlier version; no longer in the course)"
        return lesson_id

    def prompt(
        self, course_id: str, reflection_id: str, prompt_id: str, answered: str | None = None
    ) -> str:
        """The prompt as the course words it now, or as it read when answered."""
        found = self.prompts.get((course_id, reflection_id, prompt_id))
        return found or answered or f"{reflection_id} / {prompt_id}"

    def reworded(self, row: dict[str, Any]) -> list[str]:
        """Lines saying how the prompt read when answered, if the course has reworded it."""
        answered = row.get("prompt_text")
        now = self.prompts.get((row["course_id"], row["reflection_id"], row["prompt_id"]))
        if not answered or not now or answered == now:
            return []
        return [f"You answered it when it read: *{answered}*", ""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(data: dict[str, Any], courses: Sequence[Course] = ()) -> str:
    """The export as a document a person can read (and print).

    Lessons and prompts are named by their titles and wording when their course is
    among `courses`, and by their ids otherwise.
    """
    names = _Names(courses, data.get("course_wording", ()))
    out = [
        "# My Bridgework data",
        "",
        f"Exported on {data['exported_at']} (times are UTC). Everything Bridgework had saved "
        "for this profile is here; the same data, for other programs, is in data.json.",
        "",
        "## Lessons",
        "",
    ]
    if data["lessons"]:
        out += [
            "| course | lesson | visits | completed | minutes active |",
            "|---|---|---|---|---|",
        ]
        for lesson in data["lessons"]:
            completed = lesson["completed_at"] or "not yet"
            minutes = round(lesson["active_seconds"] / 60)
            course_id = lesson["course_id"]
            out.append(
                f"| {_cell(names.course(course_id))} "
                f"| {_cell(names.lesson(course_id, lesson['lesson_id']))} | {lesson['visits']} "
                f"| {completed} | {minutes} |"
            )
    else:
        out.append("No lessons opened yet.")
    out += ["", "## Quizzes", ""]
    if data["quiz_attempts"]:
        out += ["| course | quiz | attempt | when | score | passed |", "|---|---|---|---|---|---|"]
        for attempt in data["quiz_attempts"]:
            number = f"{attempt['attempt']}" + (" (scored)" if attempt["scored"] else "")
            passed = {True: "yes", False: "not yet", None: ""}[attempt["passed"]]
            course_id = attempt["course_id"]
            where = f"{names.lesson(course_id, attempt['lesson_id'])} ({attempt['quiz_id']})"
            out.append(
                f"| {_cell(names.course(course_id))} | {_cell(where)} | {number} "
                f"| {attempt['started_at']} | {_percent(attempt['score'])} | {passed} |"
            )
    else:
        out.append("No quizzes taken yet.")
    out += ["", "## Reflections", ""]
    if not data["reflections"]:
        out.append("No reflections written yet.")
    for reflection in data["reflections"]:
        course_id = reflection["course_id"]
        prompt = names.prompt(
            course_id,
            reflection["reflection_id"],
            reflection["prompt_id"],
            reflection.get("prompt_text"),
        )
        out += [
            f"### {names.course(course_id)}: {names.lesson(course_id, reflection['lesson_id'])}",
            "",
            f"*{prompt}*",
            "",
            *names.reworded(reflection),
            f"Last changed {reflection['updated_at']}.",
            "",
            *(f"> {line}" if line else ">" for line in reflection["text"].splitlines()),
            "",
        ]
        earlier = reflection["revisions"][:-1]
        if earlier:
            out += [f"Earlier versions ({len(earlier)}):", ""]
            for revision in earlier:
                out += [f"- {revision['saved_at']}:", ""]
                out += [f"  > {line}" if line else "  >" for line in revision["text"].splitlines()]
                out.append("")
    out += ["## Self-ratings", ""]
    if data["ratings"]:
        out += ["| course | lesson | prompt | when | rating |", "|---|---|---|---|---|"]
        for rating in data["ratings"]:
            course_id = rating["course_id"]
            prompt = names.prompt(
                course_id, rating["reflection_id"], rating["prompt_id"], rating.get("prompt_text")
            )
            out.append(
                f"| {_cell(names.course(course_id))} "
                f"| {_cell(names.lesson(course_id, rating['lesson_id']))} "
                f"| {_cell(prompt)} | {rating['rated_at']} | {rating['value']} |"
            )
    else:
        out.append("No self-ratings given yet.")
    out += ["", "## Check-ins and feelings", ""]
    if data.get("check_ins"):
        out += ["| when | feelings (1 to 5) | where | note |", "|---|---|---|---|"]
        for entry in data["check_ins"]:
            feelings = ", ".join(f"{f['word']} {f['intensity']}" for f in entry["feelings"])
            course_id = entry["course_id"]
            where = names.lesson(course_id, entry["lesson_id"] or "") if course_id else "check-in"
            note = " ".join(filter(None, (entry["note"], entry["body"])))
            out.append(
                f"| {entry['recorded_at']} | {_cell(feelings)} | {_cell(where)} | {_cell(note)} |"
            )
    else:
        out.append("No check-ins yet.")
    out += ["", "## Perspective exercises", ""]
    if not data.get("perspectives"):
        out.append("No perspective exercises written yet.")
    for answer in data.get("perspectives", []):
        course_id = answer["course_id"]
        prompt = names.prompt(
            course_id, answer["reflection_id"], answer["prompt_id"], answer.get("prompt_text")
        )
        out += [
            f"### {names.course(course_id)}: {names.lesson(course_id, answer['lesson_id'])}",
            "",
            f"*{prompt}*",
            "",
            *names.reworded(answer),
            "Your first answer:",
            "",
            *(f"> {line}" if line else ">" for line in answer["first_draft"].splitlines()),
            "",
        ]
        if answer["second_draft"].strip():
            out += ["What you added after reading the model answer:", ""]
            out += [f"> {line}" if line else ">" for line in answer["second_draft"].splitlines()]
            out.append("")
    out += ["", "## Assignments", ""]
    if data["assignments"]:
        for assignment in data["assignments"]:
            document = assignment["document"]
            therapist = document.get("therapist") if isinstance(document, dict) else None
            source = f" from {therapist}" if isinstance(therapist, str) else ""
            archived = (
                f", archived {assignment['archived_at']}" if assignment["archived_at"] else ""
            )
            out.append(
                f"- {assignment['id']}{source}: imported {assignment['imported_at']}{archived}"
            )
    else:
        out.append("No assignments imported.")
    if data.get("workspace"):
        out += _workspace_markdown(data["workspace"])
    out += ["", "## Review questions", ""]
    if data["review_cards"]:
        out += [
            "| course | lesson | question | why | next due | reviews |",
            "|---|---|---|---|---|---|",
        ]
        for card in data["review_cards"]:
            course_id = card["course_id"]
            why = "missed in a quiz" if card["reason"] == "missed" else "you asked to see it again"
            reviews = (
                ", ".join(f"{r['reviewed_at']} {r['rating']}" for r in card["reviews"])
                or "none yet"
            )
            out.append(
                f"| {_cell(names.course(course_id))} "
                f"| {_cell(names.lesson(course_id, card['lesson_id']))} "
                f"| {_cell(card['quiz_id'] + ' / ' + card['question_id'])} | {why} "
                f"| {card['due']} | {_cell(reviews)} |"
            )
    else:
        out.append("No questions saved for review.")
    out += ["", "## Settings", ""]
    if data["settings"]:
        out += [f"- {key}: {json.dumps(value)}" for key, value in data["settings"].items()]
    else:
        out.append("All settings are at their defaults.")
    return "\n".join(out) + "\n"


def _workspace_markdown(workspace: dict[str, Any]) -> list[str]:
    out = ["", "## Your workspace: clients", ""]
    for client in workspace["clients"]:
        out += [f"### {client['label']}", "", f"Added {client['created_at']}.", ""]
        for a in client["assignments"]:
            document = a["document"]
            course = document.get("course", {}) if isinstance(document, dict) else {}
            course_id = course.get("id", "") if isinstance(course, dict) else ""
            out.append(f"- Assignment {a['id']} ({course_id}), made {a['made_at']}")
        for r in client["reports"]:
            out.append(
                f"- Report made on {r['made_on']} ({r['file_name']}), kept {r['imported_at']}"
            )
        for f in client["files"]:
            out.append(f"- PDF {f['name']}, added {f['added_at']}: {f['exported_as']}")
        out.append("")
    return out


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    fsync_file(path)


def _write_files(s: Session, folder: Path) -> None:
    """The workspace's attached PDFs, each as its own file (none in a learner's export)."""
    for file_id, name, data in s.execute(
        select(ClientFileRow.id, ClientFileRow.name, ClientFileRow.data)
    ):
        target = folder / _file_name(file_id, name)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        target.write_bytes(bytes(data))
        fsync_file(target)


def export_all(
    s: Session, dest_dir: Path, now: dt.datetime, courses: Sequence[Course] = ()
) -> Path:
    """Write the export into a new folder inside `dest_dir` and return the folder."""
    data = {"exported_at": _time(now), **collect(s)}
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        base = f"bridgework-export-{now:%Y-%m-%d-%H%M%S}"
        final = dest_dir / base
        counter = 2
        while final.exists():
            final = dest_dir / f"{base}-{counter}"
            counter += 1
        temporary = dest_dir / f".{final.name}.partial"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(mode=0o700)
        try:
            _write(temporary / JSON_NAME, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            _write(temporary / MARKDOWN_NAME, to_markdown(data, courses))
            _write_files(s, temporary)
            os.rename(temporary, final)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    except OSError as error:
        raise StoreUnavailable(
            unavailable_reason(error) or "the folder could not be written"
        ) from None
    return final
