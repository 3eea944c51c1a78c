"""Step views made ahead of need, one per turn of the event loop (issue 14).

Making a QuizView or ReflectView, and Qt styling it, is most of what opening a lesson on
a quiz or reflection step costs, and the first of each kind in a process costs several
times more (PySide's wrappers for the Qt classes it uses, the style sheet's rules for
them): together they made openings stall the window for 80-150 ms. The pool keeps one
fresh, styled view of each kind in the lesson's step stack, hidden, and makes the next
one a turn of the event loop after one is taken, so an opening fills a view in instead
of making it. Once per kind of reflection prompt a course uses (and per feelings
vocabulary), it also makes one prompt widget and throws it away, so the first-time cost
of that kind is paid before a lesson needs one. The spare ReflectView also gets, one per
turn, empty prompt widgets made and styled in it, hidden: as many of each kind as the
course's fullest reflection has, so an opening gives each its prompt instead of making
and styling it (ReflectView.add_spare_prompt).

A view in the pool is never on screen: it is hidden in the stack until it is taken,
filled in by the lesson view, and made the current step.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from course.model import PromptType, QuizStep, ReflectStep
from ui.quiz_view import QuizView
from ui.reflect_view import ReflectView
from ui.theme import style_ahead

if TYPE_CHECKING:
    from course.model import Course, Lesson, Reflection, ReflectPrompt
    from course.store.api import ProgressStore

V = TypeVar("V", QuizView, ReflectView)

#: Work for the pool starts this long after it is asked for, or after the last step
#: change (see `postpone`): a turn of its own, after the paint of the opening that
#: asked and any input waiting behind it, yet soon enough to be ready for the next.
START_DELAY_MS = 15

#: The kinds of step view kept ready, one of each.
KINDS: tuple[type[QuizView] | type[ReflectView], ...] = (QuizView, ReflectView)


class StepViewPool(QObject):
    """Fresh step views in `stack`, made between the window's events.

    `made_now` counts the views that had to be made inside an opening because none was
    ready (tests read it; so may a benchmark).
    """

    def __init__(self, stack: QStackedWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._spare: dict[type[QWidget], QWidget] = {}
        self._jobs: deque[Callable[[], None]] = deque()
        self._queued: set[object] = set()  # what a job already waits to make
        self._warmed: set[object] = set()  # the prompt kinds made once already
        self._course: Course | None = None  # the course `prepare` was last given
        #: How many prompt widgets of each kind a spare ReflectView holds, made ahead:
        #: as many as the course's fullest reflection has of that kind.
        self.prompt_needs: dict[PromptType, int] = {}
        self.made_now = 0
        self._held = False  # a course is loading: see `hold`
        #: The store prompts read from when they are rehearsed (see `prepare`).
        self.store: ProgressStore | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_one)

    def take(self, kind: type[V]) -> V:
        """A fresh view of `kind`, hidden in the stack (made now if none is ready)."""
        view = self._spare.pop(kind, None)
        if not isinstance(view, kind):
            view = kind()  # styled as it is shown, once, with what it is filled with
            self._stack.addWidget(view)
            self.made_now += 1
        self.refill()
        return view

    def spare(self, kind: type[QWidget]) -> QWidget | None:
        """The view of `kind` waiting in the pool, if there is one."""
        return self._spare.get(kind)

    def refill(self) -> None:
        """Make a fresh view of each kind that has none, one per turn of the event loop."""
        for kind in KINDS:
            if kind not in self._spare:
                self._queue(kind, partial(self._fill, kind))

    def prepare(self, course: Course | None) -> None:
        """Fill the pool, and pay once the first-time cost of each kind of step `course`
        has: a quiz, and each kind of reflection prompt (per feelings vocabulary).

        Each is rehearsed on a real step of the course, in a view of its own hidden in
        the stack (a prompt reads what the learner saved for it, never writes), painted
        off screen and thrown away.
        """
        self._course = course
        self.prompt_needs = _prompt_needs(course)
        self.refill()
        if course is None:
            return
        for lesson in course.lessons():
            for step in lesson.steps:
                if isinstance(step, QuizStep) and "quiz" not in self._warmed:
                    self._warmed.add("quiz")
                    self._queue("quiz", partial(self._rehearse_quiz, course, lesson, step))
                if not isinstance(step, ReflectStep):
                    continue
                for prompt in step.reflection.prompts:
                    vocabulary = _vocabulary_key(course, prompt)
                    if vocabulary is not None and vocabulary not in self._warmed:
                        # Reading the vocabulary (YAML) is a turn of its own.
                        self._warmed.add(vocabulary)
                        self._queue(vocabulary, partial(_read_vocabulary, course))
                    key = (prompt.type, vocabulary)
                    if key not in self._warmed:
                        self._warmed.add(key)
                        job = partial(
                            self._rehearse_prompt, course, lesson, step.reflection, prompt
                        )
                        self._queue(key, job)
        # After those: the first of a kind and the vocabulary's read are turns of their own.
        self._spare_prompts()

    def _rehearse_quiz(self, course: Course, lesson: Lesson, step: QuizStep) -> None:
        # Not with the store: resuming an attempt whose every question is answered would
        # finish it. Its reads are prepared instead (reading never changes anything).
        store = self._open_store()
        if store is not None:
            store.quiz_opening(course.id, step.quiz.id)
        view = self._make(QuizView)
        view.set_quiz(course, lesson, step.quiz)
        self._paint_and_drop(view)

    def _rehearse_prompt(
        self, course: Course, lesson: Lesson, reflection: Reflection, prompt: ReflectPrompt
    ) -> None:
        view = self._make(ReflectView)
        view.set_store(self._open_store())  # a prompt reads what was saved; writes only edits
        view.set_reflection(course, lesson, replace(reflection, prompts=(prompt,)))
        self._paint_and_drop(view)

    def _open_store(self) -> ProgressStore | None:
        return self.store if self.store is not None and not self.store.closed else None

    def _paint_and_drop(self, view: QWidget) -> None:
        """Paint `view` where a step is painted, though never on screen; then let it go."""
        view.resize(self._stack.size())
        view.grab()
        self._stack.removeWidget(view)
        view.deleteLater()

    def postpone(self) -> None:
        """The learner is moving through steps: wait until they pause (START_DELAY_MS)."""
        if self._jobs and not self._held:
            self._timer.start(START_DELAY_MS)

    def hold(self, held: bool) -> None:
        """Pause the pool's work while `held`, and go on once it is not.

        Held while a course loads on a worker thread: that worker is pure Python, and the
        window's thread gives up the interpreter lock around each Qt call, then waits for
        it back. Making a view, hundreds of Qt calls, took 22 ms of the window's own work
        but 79 ms on the clock beside a loading thousand-lesson course (issue 14).
        """
        self._held = held
        if held:
            self._timer.stop()
        else:
            self.postpone()

    def pending(self) -> int:
        """How many turns of work are still queued."""
        return len(self._jobs)

    def run_all(self) -> None:
        """Do every queued job now (a test's shortcut for letting the event loop run)."""
        while self._jobs:
            self._run_one()

    def _queue(self, key: object, job: Callable[[], None]) -> None:
        if key in self._queued:
            return
        self._queued.add(key)

        def run() -> None:
            self._queued.discard(key)
            job()

        self._jobs.append(run)
        self.postpone()

    def _run_one(self) -> None:
        if self._held:
            return
        if self._jobs:
            self._jobs.popleft()()
        if self._jobs:
            self._timer.start(0)  # one job per turn: events waiting are handled between

    def _fill(self, kind: type[QWidget]) -> None:
        if kind not in self._spare:
            self._spare[kind] = self._make(kind)  # type: ignore[type-var]  # one of KINDS
            if kind is ReflectView:
                self._spare_prompts()

    def _spare_prompts(self) -> None:
        """Queue the prompt widgets the spare ReflectView still lacks, one per turn."""
        view = self._spare.get(ReflectView)
        if not isinstance(view, ReflectView):
            return
        for prompt_type, count in self.prompt_needs.items():
            for n in range(view.spare_prompts(prompt_type), count):
                job = partial(self._add_spare_prompt, view, prompt_type, count)
                self._queue(("prompt", id(view), prompt_type, n), job)

    def _add_spare_prompt(self, view: ReflectView, prompt_type: PromptType, count: int) -> None:
        # Only into the view still waiting: one taken is filled in already.
        if self._spare.get(ReflectView) is view and view.spare_prompts(prompt_type) < count:
            view.add_spare_prompt(self._course, prompt_type)

    def _make(self, kind: type[V]) -> V:
        view: V = kind()
        self._stack.addWidget(view)  # hidden: the stack shows only its current widget
        style_ahead(view)
        return view


def _prompt_needs(course: Course | None) -> dict[PromptType, int]:
    """For each kind of prompt, the most that one reflection of `course` has."""
    needs: dict[PromptType, int] = {}
    for lesson in course.lessons() if course is not None else ():
        for reflection in lesson.reflections:
            counts = Counter(prompt.type for prompt in reflection.prompts)
            for prompt_type, count in counts.items():
                needs[prompt_type] = max(needs.get(prompt_type, 0), count)
    return needs


def _vocabulary_key(course: Course, prompt: ReflectPrompt) -> object:
    """Which vocabulary a practice prompt is made with: the course's own, or the shipped one."""
    if prompt.type not in (PromptType.FEELINGS, PromptType.PERSPECTIVE):
        return None
    return id(course.feelings) if course.feelings is not None else "shipped"


def _read_vocabulary(course: Course) -> None:
    from ui.practice_prompts import vocabulary_for

    vocabulary_for(course)
