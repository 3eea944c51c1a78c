"""The course as the player sees it: frozen values made by the loader, read by everyone else.

Everything here is keyed by ids, never by file names, so that a learner's progress
survives edits, re-ordering and new versions of a course (see the course format spec).
Nothing in this module does I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.feelings import Vocabulary


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a course package, reported like a compiler does.

    `file` is the path inside the package (POSIX, relative to course.yaml's folder),
    or the package path itself when the problem is with the package as a whole.
    `line` is 1-based; 0 means "the file as a whole".
    """

    file: str
    line: int
    severity: Severity
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Pick:
    """One feeling the learner picked (see course.feelings) and how strongly it is
    felt: 1 very mild .. 5 very strong. Here, not in course.feelings, so the store can
    use it without loading the vocabulary's YAML reader."""

    word: str
    family: str
    intensity: int


MIN_INTENSITY, MAX_INTENSITY = 1, 5


#: The id a course's help lesson had by convention before `help_lesson:` (still honoured).
DEFAULT_HELP_LESSON = "getting-help"


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    ORDER = "order"


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """A graded question. Which fields matter depends on `type`:

    - single / multiple: `options`
    - true_false: `answer`, and `answer_feedback`: what to say to True and to False
    - order: `items`, written in the correct order (the player shuffles them), and
      `item_feedback`: what to say about each item, in the same order (None: nothing)

    `shuffle` is False when the author wants single/multiple options shown in the order
    written (say, "all of the above" last); otherwise the player shuffles them per attempt.
    """

    id: str
    type: QuestionType
    prompt: str
    options: tuple[Option, ...] = ()
    answer: bool | None = None
    items: tuple[str, ...] = ()
    explanation: str | None = None
    line: int = 0
    shuffle: bool = True
    # true_false: the feedback for answering True, then for False (either may be None).
    answer_feedback: tuple[str | None, str | None] = (None, None)
    # order: one entry per item in `items` (None where the author wrote none), or ().
    item_feedback: tuple[str | None, ...] = ()

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True, slots=True)
class Quiz:
    id: str
    pass_ratio: float
    questions: tuple[Question, ...]
    line: int = 0


class PromptType(StrEnum):
    TEXT = "text"
    SCALE = "scale"
    FEELINGS = "feelings"  # pick feeling words with intensities, a note, the body
    PERSPECTIVE = "perspective"  # imagine another's feelings, then see a model answer


# The ends of a scale prompt: a slider of more than 200 steps cannot be used by keyboard,
# and Qt's slider takes 32-bit numbers. docs/course-format.md states these limits.
MIN_SCALE_VALUE, MAX_SCALE_VALUE = -100, 100


@dataclass(frozen=True, slots=True)
class ReflectPrompt:
    """A private reflection prompt: free text, a self-rating on a scale, feelings to
    name (`feelings`), or a perspective exercise (`perspective`). None is graded."""

    id: str
    type: PromptType
    prompt: str
    min: int = 0
    max: int = 10
    # (value, label) pairs in ascending value order, e.g. ((0, "not at all"), (10, "fully")).
    labels: tuple[tuple[int, str], ...] = ()
    line: int = 0
    # perspective: the situation to imagine (Markdown) and the answer shown afterwards.
    scenario: str | None = None
    model_answer: str | None = None
    # feelings: how many feelings may be picked at most.
    picks: int = 3


@dataclass(frozen=True, slots=True)
class Reflection:
    id: str
    prompts: tuple[ReflectPrompt, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class TextStep:
    """A run of lesson prose (Markdown) up to the next quiz or reflect block."""

    markdown: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class QuizStep:
    quiz: Quiz


@dataclass(frozen=True, slots=True)
class ReflectStep:
    reflection: Reflection


Step = TextStep | QuizStep | ReflectStep


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    # Path of the lesson file relative to the course root, POSIX style ("02-shame/01-x.md").
    path: str
    minutes: int
    steps: tuple[Step, ...]
    objectives: tuple[str, ...] = ()
    content_note: str | None = None
    word_count: int = 0

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        return tuple(s.quiz for s in self.steps if isinstance(s, QuizStep))

    @property
    def reflections(self) -> tuple[Reflection, ...]:
        return tuple(s.reflection for s in self.steps if isinstance(s, ReflectStep))

    @property
    def folder(self) -> PurePosixPath:
        """The lesson's folder inside the course, which relative asset paths start from."""
        return PurePosixPath(self.path).parent


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str
    lessons: tuple[Lesson, ...]
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    version: str
    title: str
    modules: tuple[Module, ...]
    format: int = 1
    summary: str | None = None
    language: str = "en"
    authors: tuple[str, ...] = ()
    license: str | None = None
    content_note: str | None = None
    pass_ratio: float = 0.7
    # The course's own feelings vocabulary (feelings.yaml); None: the app's shipped one.
    feelings: Vocabulary | None = None
    # The id of the lesson on where to find support (`help_lesson:` in course.yaml).
    help_lesson: str | None = None
    # Indexes built once in __post_init__ so lookups by id are cheap everywhere.
    _lessons_by_id: dict[str, Lesson] = field(default_factory=dict, repr=False, compare=False)
    _module_of: dict[str, Module] = field(default_factory=dict, repr=False, compare=False)
    # Reading order, and which lesson holds a quiz: progress, Home and the journal ask
    # these for every score and entry, so they must not walk the course each time.
    _order: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _lesson_of_quiz: dict[str, Lesson] = field(default_factory=dict, repr=False, compare=False)
    _quiz_by_id: dict[str, Quiz] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        place = 0
        for module in self.modules:
            for lesson in module.lessons:
                self._lessons_by_id.setdefault(lesson.id, lesson)
                self._module_of.setdefault(lesson.id, module)
                self._order.setdefault(lesson.id, place)
                place += 1
                for quiz in lesson.quizzes:
                    self._lesson_of_quiz.setdefault(quiz.id, lesson)
                    self._quiz_by_id.setdefault(quiz.id, quiz)

    def lessons(self) -> Iterator[Lesson]:
        """Every lesson in reading order, across modules."""
        for module in self.modules:
            yield from module.lessons

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self._lessons_by_id.get(lesson_id)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def module_of(self, lesson_id: str) -> Module | None:
        return self._module_of.get(lesson_id)

    def lesson_by_path(self, path: str) -> Lesson | None:
        """The lesson at a course-relative POSIX path, for links between lessons."""
        return next((lesson for lesson in self.lessons() if lesson.path == path), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return self._quiz_by_id.get(quiz_id)

    def lesson_of_quiz(self, quiz_id: str) -> Lesson | None:
        """The lesson that holds quiz `quiz_id` (the first, should two share an id)."""
        return self._lesson_of_quiz.get(quiz_id)

    def help_lesson_id(self) -> str | None:
        """The course's own help lesson: the one `help_lesson:` names, or else one with the
        id `getting-help` (what courses named it before `help_lesson:` existed), or None:
        the player then points to its own page on where to turn for help."""
        for wanted in (self.help_lesson, DEFAULT_HELP_LESSON):
            if wanted is not None and wanted in self._lessons_by_id:
                return wanted
        return None

    def lesson_order(self, lesson_id: str) -> int | None:
        """The lesson's place in reading order (0 for the first), or None if not here."""
        return self._order.get(lesson_id)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What the loader returns: a course when one could be built, and every finding.

    `course` is None only when the package could not be read well enough to build
    one (no manifest, unreadable zip, YAML error in the manifest, ...).
    """

    course: Course | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.errors
