"""What changed between two versions of a course: the import dialog's list, `validate --against`.

A learner's progress is keyed by ids (course/store/README.md), so what a new version
does to it is decided by which ids it keeps, drops or adds, and by whether a kept id
still means the same thing. This module compares two loaded courses by id and says so
in plain values; it reads no files and imports no Qt.

- added / removed: a module, lesson, quiz, question, reflection or prompt id that is
  only in the new / only in the old version. What the learner did under a removed id
  stays in their journal and export, marked as from an earlier version.
- changed: an id in both whose content differs. `risky` marks a change that alters
  what an earlier answer means (a question's options or type, a prompt's kind or
  scale): the old answer would be read against the new question, so authors are told
  to give it a new id instead.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.model import Course, Lesson, Question, ReflectPrompt

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True, slots=True)
class Change:
    """One id that was added, removed or changed.

    `what` is "module", "lesson", "quiz", "question", "reflection" or "prompt"; `id` is
    the id as an author writes it ("quiz/question" and "reflection/prompt" for the
    nested ones); `title` a name a person knows it by (a lesson's title, a question's
    prompt); `detail` says what changed; `lesson` is the id of the lesson holding it;
    `file` and `line` point at it (in the new version, or the old one when removed).
    """

    kind: str
    what: str
    id: str
    title: str
    detail: str = ""
    risky: bool = False
    lesson: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class CourseDiff:
    """The changes from `old_version` to `new_version` of course `course_id`."""

    course_id: str
    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    @property
    def direction(self) -> int:
        """1 when the new version is newer, 0 when the same, -1 when it is older."""
        from course.install import version_key

        old, new = version_key(self.old_version), version_key(self.new_version)
        return (new > old) - (new < old)

    @property
    def empty(self) -> bool:
        return not self.changes

    def of(self, kind: str, what: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind and c.what == what)

    @property
    def lessons_added(self) -> tuple[Change, ...]:
        return self.of(ADDED, "lesson")

    @property
    def lessons_removed(self) -> tuple[Change, ...]:
        return self.of(REMOVED, "lesson")

    @property
    def lessons_changed(self) -> tuple[Change, ...]:
        """Lessons in both versions whose title, place or content differ (one entry each)."""
        return self.of(CHANGED, "lesson")

    @property
    def risky(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.risky)


def _without_lines(value: Any) -> Any:
    """`value` with every `line` field zeroed, so moving text down a file is no change."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: _without_lines(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init and not f.name.startswith("_")
        }
        if "line" in fields:
            fields["line"] = 0
        return type(value)(**fields)
    if isinstance(value, tuple):
        return tuple(_without_lines(v) for v in value)
    return value


def _question_meaning(q: Question) -> tuple[object, ...]:
    """What an answer to `q` is read against: its kind and its options or items."""
    return (q.type, tuple((o.text, o.correct) for o in q.options), q.answer, q.items)


def _question_change(old: Question, new: Question) -> tuple[str, bool] | None:
    if old.type != new.type:
        return f"its type changed from {old.type} to {new.type}", True
    if _question_meaning(old) != _question_meaning(new):
        return "its options or right answer changed", True
    if old.prompt != new.prompt:
        return f"reworded (was “{old.prompt}”)", False
    if _without_lines(old) != _without_lines(new):
        return "its explanation or feedback changed", False
    return None


def _prompt_change(old: ReflectPrompt, new: ReflectPrompt) -> tuple[str, bool] | None:
    if old.type != new.type:
        return f"its type changed from {old.type} to {new.type}", True
    if (old.min, old.max) != (new.min, new.max):
        return f"its scale changed from {old.min}-{old.max} to {new.min}-{new.max}", True
    if old.prompt != new.prompt:
        return f"reworded (was “{old.prompt}”)", False
    if _without_lines(old) != _without_lines(new):
        return "its labels, scenario or model answer changed", False
    return None


def _questions(course: Course) -> dict[str, tuple[Question, Lesson]]:
    return {
        f"{quiz.id}/{q.id}": (q, lesson)
        for lesson in course.lessons()
        for quiz in lesson.quizzes
        for q in quiz.questions
    }


def _prompts(course: Course) -> dict[str, tuple[ReflectPrompt, Lesson]]:
    return {
        f"{reflection.id}/{p.id}": (p, lesson)
        for lesson in course.lessons()
        for reflection in lesson.reflections
        for p in reflection.prompts
    }


def _added_removed(
    what: str,
    old: dict[str, tuple[Any, Lesson]],
    new: dict[str, tuple[Any, Lesson]],
    title: Any,
) -> list[Change]:
    """A change for each key only in `new` (added) or only in `old` (removed)."""
    return [
        Change(kind, what, key, title(item), lesson=lesson.id, file=lesson.path,
               line=getattr(item, "line", 0))
        for kind, mine, other in ((ADDED, new, old), (REMOVED, old, new))
        for key, (item, lesson) in mine.items()
        if key not in other
    ]  # fmt: skip


def _items(
    what: str,
    old: dict[str, tuple[Any, Lesson]],
    new: dict[str, tuple[Any, Lesson]],
    change_of: Callable[[Any, Any], tuple[str, bool] | None],
) -> list[Change]:
    """Questions or prompts (by "parent/id"): added, removed, and changed per `change_of`."""
    changes = _added_removed(what, old, new, lambda item: item.prompt)
    for key, (item, lesson) in new.items():
        found = change_of(old[key][0], item) if key in old else None
        if found is not None:
            changes.append(
                Change(CHANGED, what, key, item.prompt, found[0], found[1], lesson.id,
                       lesson.path, item.line)
            )  # fmt: skip
    return changes


def _lesson_change(old: Course, new: Course, before: Lesson, after: Lesson) -> str:
    """What changed in a lesson kept under its id, in plain words ("" when nothing did)."""
    notes = []
    if before.title != after.title:
        notes.append(f"renamed (was “{before.title}”)")
    old_module, new_module = old.module_of(before.id), new.module_of(after.id)
    if old_module is not None and new_module is not None and old_module.id != new_module.id:
        notes.append(f"moved to “{new_module.title}”")
    if _without_lines((before.steps, before.objectives, before.content_note)) != _without_lines(
        (after.steps, after.objectives, after.content_note)
    ):
        notes.append("its content was revised")
    return "; ".join(notes)


def compare(old: Course, new: Course) -> CourseDiff:
    """Every id `new` adds, removes or changes relative to `old` (same course, any versions)."""
    changes: list[Change] = []
    old_modules = {m.id: m for m in old.modules}
    new_modules = {m.id: m for m in new.modules}
    changes += [
        Change(kind, "module", m.id, m.title)
        for kind, mine, other in (
            (ADDED, new_modules, old_modules),
            (REMOVED, old_modules, new_modules),
        )
        for m in mine.values()
        if m.id not in other
    ]
    for module in new.modules:
        earlier = old_modules.get(module.id)
        if earlier is not None and earlier.title != module.title:
            renamed = f"renamed (was “{earlier.title}”)"
            changes.append(Change(CHANGED, "module", module.id, module.title, renamed))

    old_lessons = {lesson.id: (lesson, lesson) for lesson in old.lessons()}
    new_lessons = {lesson.id: (lesson, lesson) for lesson in new.lessons()}
    changes += _added_removed("lesson", old_lessons, new_lessons, lambda lesson: lesson.title)
    for lesson in new.lessons():
        before = old.lesson(lesson.id)
        if before is None:
            continue
        detail = _lesson_change(old, new, before, lesson)
        if detail:
            changes.append(
                Change(CHANGED, "lesson", lesson.id, lesson.title, detail, False, lesson.id,
                       lesson.path)
            )  # fmt: skip

    def quizzes(course: Course) -> dict[str, tuple[Any, Lesson]]:
        return {q.id: (q, lesson) for lesson in course.lessons() for q in lesson.quizzes}

    def reflections(course: Course) -> dict[str, tuple[Any, Lesson]]:
        return {r.id: (r, lesson) for lesson in course.lessons() for r in lesson.reflections}

    changes += _added_removed("quiz", quizzes(old), quizzes(new), lambda quiz: quiz.id)
    changes += _items("question", _questions(old), _questions(new), _question_change)
    changes += _added_removed("reflection", reflections(old), reflections(new), lambda r: r.id)
    changes += _items("prompt", _prompts(old), _prompts(new), _prompt_change)
    return CourseDiff(new.id, old.version, new.version, tuple(changes))


def author_lines(diff: CourseDiff) -> list[str]:
    """The diff for `validate --against`: one line an id, removed and changed first.

    The quizzes, questions and prompts of a lesson that was itself added or removed
    are counted on the lesson's line rather than listed one by one.
    """
    lines = [f"changes from {diff.course_id} {diff.old_version} to {diff.new_version}:"]
    whole = {(c.kind, c.id) for c in diff.changes if c.what == "lesson" and c.kind != CHANGED}
    inside: dict[tuple[str, str], int] = {}
    for change in diff.changes:
        if change.what != "lesson" and (change.kind, change.lesson) in whole:
            key = (change.kind, change.lesson)
            inside[key] = inside.get(key, 0) + 1
    order = {REMOVED: 0, CHANGED: 1, ADDED: 2}
    for change in sorted(diff.changes, key=lambda c: order[c.kind]):
        if change.what != "lesson" and (change.kind, change.lesson) in whole:
            continue
        line = f"  {change.kind} {change.what} {change.id}"
        if change.what in ("module", "lesson") or change.kind != CHANGED:
            line += f": {change.title}" if change.title != change.id else ""
            line += f" ({change.detail})" if change.detail else ""
        elif change.detail:
            line += f": {change.detail}"
        held = inside.get((change.kind, change.id), 0) if change.what == "lesson" else 0
        if held:
            line += f" (and {held} quiz, question or prompt {'id' if held == 1 else 'ids'} in it)"
        lines.append(line)
    if not diff.changes:
        lines.append("  no ids were added, removed or changed")
    return lines


@dataclass(frozen=True, slots=True)
class UpdatePreview:
    """A package that is a version of an installed course: what importing it would change.

    `installed_root` is where the installed version lives; `replaceable` is False when
    it shipped with the app (an older version imported beside it would stay hidden).
    """

    title: str
    diff: CourseDiff
    installed_root: Path
    replaceable: bool

    @property
    def asks_first(self) -> bool:
        """Whether the learner should see the changes before anything is installed."""
        return not (self.diff.empty and self.diff.direction == 0)


def preview_update(
    package_path: str | os.PathLike[str],
    installed: Sequence[tuple[str | None, Path]],
    load_installed: Callable[[Path], Course | None],
    imports_dir: Path,
) -> UpdatePreview | None:
    """How the package at `package_path` differs from the installed version of its course.

    `installed` lists (course id, folder) of what the learner can open now (one per id,
    the version that wins); `load_installed` loads one of those folders. None when the
    package cannot be read, has errors (the installer says so), or its course is new.
    """
    from course.loader import load_package
    from course.package import PackageError, open_package

    try:
        with open_package(package_path) as package:
            result = load_package(package)
    except (PackageError, OSError):
        return None
    new = result.course
    if new is None or result.errors:
        return None
    root = next((root for course_id, root in installed if course_id == new.id), None)
    old = load_installed(root) if root is not None else None
    if root is None or old is None:
        return None
    replaceable = Path(root).resolve().parent == Path(imports_dir).resolve()
    return UpdatePreview(new.title, compare(old, new), Path(root), replaceable)
