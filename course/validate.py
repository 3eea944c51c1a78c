"""`python main.py validate PATH [--strict]`: check a course and report like a compiler does.

Imports only the loader (no Qt, no database), so authors can run it anywhere.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from course.lesson_checks import course_findings
from course.loader import load_package
from course.model import Course, Finding, LoadResult, QuizStep, ReflectStep, Severity
from course.package import (
    MANIFEST,
    Package,
    PackageError,
    PackageUnreadable,
    UnsafePackage,
    open_package,
)
from course.versions import CourseDiff, author_lines, compare


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _sort_key(finding: Finding) -> tuple[str, int, str]:
    return (finding.file, finding.line, finding.message)


def print_findings(findings: Iterable[Finding], out: TextIO) -> None:
    """One compiler-style line a finding, by file, then line."""
    for finding in sorted(findings, key=_sort_key):
        print(finding.format(), file=out)


def summary_line(result: LoadResult, path: str, *, strict: bool = False) -> str:
    """The last line of the report: the course, and either its counts or 'no problems found'.

    Without --strict, warnings do not fail the check, so the line says what they may
    cost: content the player ignores (a mistyped key drops what it holds).
    """
    course = result.course
    name = course.id if course else os.path.basename(os.path.normpath(path)) or path
    errors, warnings = len(result.errors), len(result.warnings)
    if course is not None and not errors and not warnings:
        lessons = sum(len(m.lessons) for m in course.modules)
        quizzes = sum(len(lesson.quizzes) for lesson in course.lessons())
        quiz_word = "quiz" if quizzes == 1 else "quizzes"
        return (
            f"{course.id} {course.version}: no problems found "
            f"({_plural(lessons, 'lesson')}, {quizzes} {quiz_word})"
        )
    counts = f"{name}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if warnings and not strict:
        counts += " (content with a warning may be ignored; --strict treats warnings as errors)"
    return counts


def id_lines(course: Course) -> list[str]:
    """Every id an author or therapist may need, indented by where it sits in the course."""
    lines = [f"course {course.id} {course.version}"]
    for module in course.modules:
        lines.append(f"  module {module.id}: {module.title}")
        for lesson in module.lessons:
            lines.append(f"    lesson {lesson.id}: {lesson.title} ({lesson.path})")
            for step in lesson.steps:
                if isinstance(step, QuizStep):
                    questions = ", ".join(q.id for q in step.quiz.questions)
                    lines.append(f"      quiz {step.quiz.id} (questions: {questions})")
                elif isinstance(step, ReflectStep):
                    lines.append(f"      reflect {step.reflection.id}")
                    for prompt in step.reflection.prompts:
                        lines.append(f"        prompt {prompt.id} ({prompt.type})")
    return lines


def with_lesson_checks(result: LoadResult, package: Package) -> LoadResult:
    """`result` plus the checks of course.lesson_checks (region blocks, `minutes`)."""
    if result.course is None:
        return result

    def read_text(path: str) -> str | None:
        try:
            return package.read_bytes(path).decode("utf-8", errors="replace")
        except (OSError, PackageError):
            return None

    extra = course_findings(result.course, read_text)
    return LoadResult(result.course, (*result.findings, *extra)) if extra else result


def _load_quietly(path: str) -> LoadResult | None:
    try:
        with open_package(path) as package:
            return load_package(package)
    except PackageError:
        return None


def version_findings(diff: CourseDiff) -> list[Finding]:
    """Warnings for changes that alter what learners' earlier answers mean."""
    found = []
    if diff.direction <= 0:
        found.append(
            Finding(
                MANIFEST,
                0,
                Severity.WARNING,
                f"the version {diff.new_version} is not higher than {diff.old_version}, the "
                "version compared against; raise `version:` so the app offers it as an update",
            )
        )
    for change in diff.risky:
        found.append(
            Finding(
                change.file,
                change.line,
                Severity.WARNING,
                f"{change.what} '{change.id}' keeps its id but {change.detail} since "
                f"{diff.old_version}: learners' earlier answers would be read against the new "
                f"one. Give it a new id so they start fresh (the old answers are kept)",
            )
        )
    return found


def run_validate(
    path: str,
    *,
    strict: bool,
    list_ids: bool = False,
    against: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print every finding and a summary; return 0 (fine), 1 (problems) or 2 (unreadable).

    With `list_ids`, the course's module, lesson, quiz and prompt ids come first. With
    `against` (an earlier version, folder or .zip), the ids it removed, changed or added
    follow, and each change that alters what a learner's earlier answer means is a
    warning (so `--strict` refuses it), as is a version number that was not raised.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    old: Course | None = None
    if against is not None:
        old_result = _load_quietly(against)
        if old_result is None or old_result.course is None:
            print(
                f"bridgework validate: the earlier version '{against}' could not be read as "
                "a course. Check the path given to --against and try again.",
                file=err,
            )
            return 2
        old = old_result.course
    try:
        package = open_package(path)
    except PackageUnreadable as error:
        print(f"bridgework validate: {error}. Check the path and try again.", file=err)
        return 2
    except UnsafePackage as error:
        result = LoadResult(None, (Finding(path, 0, Severity.ERROR, str(error)),))
    else:
        with package:
            result = with_lesson_checks(load_package(package), package)
    if list_ids and result.course is not None:
        for line in id_lines(result.course):
            print(line, file=out)
    if old is not None and result.course is not None:
        if old.id != result.course.id:
            print(
                f"bridgework validate: '{against}' is the course '{old.id}', not "
                f"'{result.course.id}'; --against compares two versions of one course.",
                file=err,
            )
            return 2
        diff = compare(old, result.course)
        for line in author_lines(diff):
            print(line, file=out)
        extra = version_findings(diff)
        if extra:
            result = LoadResult(result.course, (*result.findings, *extra))
    print_findings(result.findings, out)
    print(summary_line(result, path, strict=strict), file=out)
    if result.errors or (strict and result.warnings) or result.course is None:
        return 1
    return 0
