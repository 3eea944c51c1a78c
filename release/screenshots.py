"""Screenshots for the README and docs/screenshots, grabbed from the real window under X.

Run it under an X server with no window manager (Xvfb), from a checkout:

    Xvfb :96 -screen 0 1280x1024x24 &
    DISPLAY=:96 .venv/bin/python release/screenshots.py docs/screenshots [NAME ...]

It makes a profile with some history in a temporary folder (a few lessons done, a quiz
answered, reflections, self-ratings over a few weeks, check-ins, an assignment), starts
the app's own window on it at 1100x720 in the top-left corner, drives it through its own
methods, and grabs the screen with ImageMagick's `import`: the window for page shots,
the dialog alone for dialogs. The screen is 1024 px high because Qt sizes a dialog to at
most two thirds of the screen (on an 800 px screen the welcome is squeezed to 533 px and
clips its own text). With NAMEs, only those images are taken. Nothing here is
part of the app; no network, no real data directory.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1100, 720)
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def make_profile(data_dir: Path, *, encrypted: bool = False) -> None:
    """A learner a few weeks in: the first modules done, a quiz, reflections, check-ins."""
    from course.assignments import assignment_to_json, new_assignment
    from course.feelings import shipped_vocabulary
    from course.grading import correct_answer, grade
    from course.loader import load_course
    from course.model import Pick, QuizStep, ReflectStep
    from course.paths import DataPaths
    from course.store import open_store

    course = load_course(ROOT / "content" / "empathy-gap").course
    assert course is not None
    paths = DataPaths(data_dir)
    clock = [NOW - dt.timedelta(days=27)]
    store = open_store(paths, clock=lambda: clock[0], backup_at_open=False)
    store.set_setting("first_run_done", True)
    rng = random.Random(17)
    vocabulary = shipped_vocabulary()
    families = [f.id for f in vocabulary.families]
    lessons = list(course.lessons())
    done = [lesson.id for module in course.modules[:2] for lesson in module.lessons]
    for day in range(28):
        clock[0] = NOW - dt.timedelta(days=27 - day, hours=rng.randint(0, 3))
        if day % 2 == 0:
            picks = [
                Pick(w.word, family, rng.randint(1, 5))
                for family in rng.sample(families, 2)
                for w in vocabulary.in_family(family)[: rng.randint(1, 2)]
            ]
            store.add_check_in(picks, "A long day at work." if day % 6 == 0 else "")
        if day < len(done):
            store.visit_lesson(course, done[day])
            store.complete_lesson(course, done[day])
        for lesson in lessons:
            for step in lesson.steps:
                if isinstance(step, ReflectStep) and step.reflection is not None:
                    for prompt in step.reflection.prompts:
                        if getattr(prompt, "type", None) is not None and prompt.type.value in (
                            "scale",
                        ):
                            store.record_rating(
                                course,
                                lesson.id,
                                step.reflection.id,
                                prompt.id,
                                min(10, 3 + day // 5 + rng.randint(0, 1)),
                            )
    clock[0] = NOW - dt.timedelta(hours=2)
    shame = course.lesson("shame-and-guilt")
    if shame is not None:
        store.visit_lesson(course, shame.id)
        for step in shame.steps:
            if isinstance(step, QuizStep):
                quiz = step.quiz
                attempt = store.start_quiz_attempt(course, shame.id, quiz.id)
                for index, question in enumerate(quiz.questions):
                    answer = wrong_answer(question) if index == 0 else correct_answer(question)
                    store.record_answer(attempt, question.id, answer, grade(question, answer).score)
                store.finish_quiz_attempt(
                    attempt, question_count=len(quiz.questions), pass_ratio=quiz.pass_ratio
                )
            if isinstance(step, ReflectStep) and step.reflection is not None:
                texts = iter(
                    (
                        "I did not answer when she asked where I had been, and it hurt her "
                        "because she was left guessing again.",
                        "I am the kind of man who ruins things. It feels heavy, and final.",
                    )
                )
                for prompt in step.reflection.prompts:
                    text = next(texts, "")
                    if text:
                        store.save_reflection(course, shame.id, step.reflection.id, prompt.id, text)
        store.complete_lesson(course, shame.id)
    mirror = course.lesson("the-mirror")
    if mirror is not None:
        store.visit_lesson(course, mirror.id)
        store.save_position(course, mirror.id, 1, 0.0)
    assignment = new_assignment(
        course,
        therapist="Sam Rivera",
        modules=["shame"],
        lessons=["naming-feelings"] if course.lesson("naming-feelings") else (),
        due=(NOW + dt.timedelta(days=9)).date(),
        note="Take these slowly. We'll talk about whichever reflections you choose to share.",
        today=NOW.date(),
    )
    store.add_assignment(assignment.id, assignment_to_json(assignment))
    if encrypted:
        store.set_passphrase("a long passphrase for the picture")
    store.close()


class Shooter:
    def __init__(self, out: Path, data_dir: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from course.paths import DataPaths
        from ui.app import build_window, create_application

        self.out = out
        self.app: QApplication = create_application()
        self.window = build_window(DataPaths(data_dir))
        self.window.resize(*SIZE)
        self.window.move(0, 0)
        ready = [False]
        self.window.ready.connect(lambda: ready.__setitem__(0, True))
        self.window.show()
        self.wait(lambda: ready[0], 30)
        self.settle(1.0)

    def settle(self, seconds: float = 0.4) -> None:
        from PySide6.QtCore import QEvent

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            # processEvents leaves deleteLater() to the event loop: do it, as exec() would.
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            time.sleep(0.02)

    def wait(self, condition: Callable[[], bool], seconds: float = 10) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the window did not get there")
            self.app.processEvents()
            time.sleep(0.02)

    def grab(self, name: str, widget: Any = None) -> None:
        self.settle()
        if widget is None:
            width, height, x, y = *SIZE, 0, 0
        elif widget.isWindow():
            frame = widget.frameGeometry()
            width, height, x, y = frame.width(), frame.height(), frame.x(), frame.y()
        else:
            from PySide6.QtCore import QPoint

            corner = widget.mapToGlobal(QPoint(0, 0))
            width, height, x, y = widget.width(), widget.height(), corner.x(), corner.y()
        path = self.out / f"{name}.png"
        subprocess.run(
            ["import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}", "+repage", path],
            check=True,
        )
        print("wrote", path)

    def theme(self, name: str) -> None:
        on_window(self.window, "set_theme")(name)
        self.settle()


def on_window(window: Any, name: str) -> Any:
    """The window's own method, or its parts' (preferences, privacy, page area) as it moves."""
    owners = ("preferences", "privacy", "area")
    for owner in (window, *(getattr(window, name, None) for name in owners)):
        if owner is not None and hasattr(owner, name):
            return getattr(owner, name)
    raise AttributeError(name)


def close_dialogs(shooter: Shooter) -> None:
    from PySide6.QtWidgets import QApplication, QDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    shooter.settle(0.2)


def newest_dialog(shooter: Shooter) -> Any:
    from PySide6.QtWidgets import QApplication, QDialog

    shooter.settle(0.3)
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
    assert dialogs, "no dialog open"
    dialog = dialogs[-1]
    dialog.move(40, 40)
    shooter.settle(0.3)
    return dialog


def wrong_answer(question: Any) -> Any:
    """An answer that is not right, of the question's own kind."""
    from course.grading import correct_answer
    from course.model import QuestionType

    right = correct_answer(question)
    if question.type is QuestionType.TRUE_FALSE:
        return not right
    if question.type is QuestionType.SINGLE:
        return next(i for i in range(len(question.options)) if i != right)
    if question.type is QuestionType.MULTIPLE:
        return frozenset(range(len(question.options))) - frozenset(right) or frozenset({0})
    return tuple(reversed(right))


def open_step(shooter: Shooter, lesson_id: str, step: int) -> Any:
    window = shooter.window
    window.open_lesson(lesson_id, step)
    view = window.lesson_page
    if view.showing_content_note():
        view.accept_content_note()
    view.go_to_step(step)
    shooter.settle()
    return view


def open_fresh_quiz(shooter: Shooter) -> Any:
    """The shipped course's first quiz, at its first question (a finished attempt is
    started again, so both quiz pictures begin from the same place)."""
    from ui.quiz_view import QuizView

    quiz = open_step(shooter, "shame-and-guilt", 1).current_step_widget()
    assert isinstance(quiz, QuizView)
    if quiz.showing_summary():
        quiz.try_again()
        shooter.settle()
    return quiz


def shots(shooter: Shooter) -> dict[str, Callable[[], None]]:
    window = shooter.window

    def home(theme: str) -> Callable[[], None]:
        def take() -> None:
            shooter.theme(theme)
            window.show_page("home")
            shooter.grab(f"home-{theme}")

        return take

    def lesson(theme: str) -> Callable[[], None]:
        def take() -> None:
            shooter.theme(theme)
            open_step(shooter, "three-shame-reactions", 0)
            shooter.grab(f"lesson-{theme}")

        return take

    def content_note(theme: str) -> Callable[[], None]:
        def take() -> None:
            shooter.theme(theme)
            target = next((les.id for les in window.course.lessons() if les.content_note), None)
            assert target is not None
            window.open_lesson(target)
            shooter.grab(f"lesson-content-note-{theme}")
            # Not accepted: the note stays for the next theme's picture.

        return take

    def quiz_feedback(theme: str) -> Callable[[], None]:
        def take() -> None:
            shooter.theme(theme)
            quiz = open_fresh_quiz(shooter)
            question = quiz.question
            assert question is not None
            quiz.choose(wrong_answer(question))  # feedback on every option, the chosen one too
            quiz.check()
            shooter.grab(f"quiz-feedback-{theme}")

        return take

    def quiz_summary(theme: str) -> Callable[[], None]:
        def take() -> None:
            from course.grading import correct_answer

            shooter.theme(theme)
            quiz = open_fresh_quiz(shooter)
            guard = 0
            while not quiz.showing_summary() and guard < 20:
                question = quiz.question
                assert question is not None
                # The first one missed, so the summary shows what comes back for review.
                quiz.choose(correct_answer(question) if guard else wrong_answer(question))
                guard += 1
                quiz.check()
                quiz.next_question()
            shooter.grab(f"quiz-summary-{theme}")

        return take

    def reflect(theme: str) -> Callable[[], None]:
        def take() -> None:
            shooter.theme(theme)
            view = open_step(shooter, "shame-and-guilt", 2)
            shooter.grab(f"lesson-reflect-{theme}")
            del view

        return take

    def reflect_scale(theme: str) -> Callable[[], None]:
        def take() -> None:
            from course.model import ReflectStep

            shooter.theme(theme)
            found = None
            for les in window.course.lessons():
                for index, step in enumerate(les.steps):
                    if (
                        isinstance(step, ReflectStep)
                        and step.reflection is not None
                        and any(p.type.value == "scale" for p in step.reflection.prompts)
                    ):
                        found = (les.id, index)
                        break
                if found:
                    break
            assert found is not None
            view = open_step(shooter, *found)
            reflect = view.current_step_widget()
            scale = next(w for w in reflect.prompt_widgets if hasattr(w, "history_label"))
            reflect.scroll_area.ensureWidgetVisible(scale, 0, 0)
            shooter.grab(f"lesson-reflect-scale-{theme}")

        return take

    def journal(theme: str) -> Callable[[], None]:
        def take() -> None:
            from course.model import ReflectStep

            shooter.theme(theme)
            window.show_page("journal")
            lesson = window.course.lesson("shame-and-guilt")
            step = next(s for s in lesson.steps if isinstance(s, ReflectStep))
            shooter.settle()
            window.page("journal").select_entry(step.reflection.id, step.reflection.prompts[0].id)
            shooter.grab(f"journal-{theme}")

        return take

    def settings(theme: str) -> Callable[[], None]:
        def take() -> None:
            shooter.theme(theme)
            on_window(window, "show_settings")()
            shooter.grab(f"settings-{theme}", newest_dialog(shooter))
            close_dialogs(shooter)

        return take

    def library() -> None:
        shooter.theme("light")
        window.show_page("library")
        shooter.grab("library-light")

    def reading_mode() -> None:
        shooter.theme("light")
        open_step(shooter, "three-shame-reactions", 0)
        on_window(window, "toggle_reading_mode")()
        shooter.grab("reading-mode-light")
        on_window(window, "toggle_reading_mode")()

    def insights() -> None:
        shooter.theme("light")
        window.show_page("insights")
        shooter.grab("insights")

    def home_check_in() -> None:
        shooter.theme("light")
        window.show_page("home")
        home_page = window.page("home").widget
        card = getattr(home_page, "check_in_card", None) or getattr(
            home_page, "check_in_button", None
        )
        if card is not None:
            home_page.ensureWidgetVisible(card)
        shooter.grab("home-check-in")
        home_page.verticalScrollBar().setValue(0)

    def hidden() -> None:
        shooter.theme("light")
        window.show_page("home")
        on_window(window, "toggle_cover")()
        shooter.grab("home-hidden")
        on_window(window, "uncover")()

    def keyboard() -> None:
        shooter.theme("light")
        window.commands.show_shortcuts()
        shooter.grab("keyboard-shortcuts", newest_dialog(shooter))
        close_dialogs(shooter)

    def first_run() -> None:
        shooter.theme("light")
        window.startup.show_first_run()
        shooter.grab("first-run", newest_dialog(shooter))
        close_dialogs(shooter)

    def assigned_home() -> None:
        shooter.theme("light")
        window.show_page("home")
        features = window.assignments
        assert features is not None
        home_page = window.page("home").widget
        home_page.ensureWidgetVisible(features.panel)
        shooter.grab("assigned-home")
        shooter.grab("assigned-panel", features.panel)
        home_page.verticalScrollBar().setValue(0)

    def import_preview() -> None:
        from course.assignments import new_assignment, write_assignment

        shooter.theme("light")
        features = window.assignments
        assert features is not None
        assignment = new_assignment(
            window.course,
            therapist="Sam Rivera",
            modules=["denial"],
            due=(NOW + dt.timedelta(days=14)).date(),
            note="Next, the chapter on denial. Go at your own pace.",
            today=NOW.date(),
        )
        folder = Path(tempfile.mkdtemp(prefix="bridgework-shots-"))
        path = write_assignment(assignment, folder / "next.bridgework-assignment")
        try:
            features.open_file(str(path))
            shooter.wait(lambda: any(d.isVisible() for d in features.dialogs))
            shooter.grab("assigned-import-preview", newest_dialog(shooter))
        finally:
            close_dialogs(shooter)
            shutil.rmtree(folder, ignore_errors=True)

    def export_dialog() -> None:
        shooter.theme("light")
        features = window.assignments
        assert features is not None
        features.act_export_report.trigger()
        dialog = newest_dialog(shooter)
        # As a client would fill it in for the therapist: the assignment, a name, one
        # reflection chosen to share.
        if dialog.scope.count() > 1:
            dialog.scope.setCurrentIndex(1)
        dialog.client_label.setText("J.")
        dialog.reflections.setChecked(True)
        shooter.settle()
        if dialog.reflection_list.count():
            from PySide6.QtCore import Qt

            dialog.reflection_list.item(0).setCheckState(Qt.CheckState.Checked)
        shooter.grab("export-dialog", dialog)
        close_dialogs(shooter)

    table: dict[str, Callable[[], None]] = {}
    for theme in ("light", "dark", "high-contrast"):
        table[f"home-{theme}"] = home(theme)
    for theme in ("light", "dark"):
        table[f"lesson-{theme}"] = lesson(theme)
        table[f"lesson-content-note-{theme}"] = content_note(theme)
        table[f"quiz-feedback-{theme}"] = quiz_feedback(theme)
        table[f"quiz-summary-{theme}"] = quiz_summary(theme)
        table[f"lesson-reflect-{theme}"] = reflect(theme)
        table[f"lesson-reflect-scale-{theme}"] = reflect_scale(theme)
        table[f"journal-{theme}"] = journal(theme)
    for theme in ("light", "dark", "high-contrast"):
        table[f"settings-{theme}"] = settings(theme)
    table.update(
        {
            "library-light": library,
            "reading-mode-light": reading_mode,
            "insights": insights,
            "home-check-in": home_check_in,
            "home-hidden": hidden,
            "keyboard-shortcuts": keyboard,
            "first-run": first_run,
            "assigned-home": assigned_home,
            "assigned-import-preview": import_preview,
            "export-dialog": export_dialog,
        }
    )
    return table


def unlock_shot(out: Path, tmp: Path) -> None:
    data = tmp / "locked"
    make_profile(data, encrypted=True)
    shooter = Shooter.__new__(Shooter)
    from PySide6.QtWidgets import QApplication

    from course.paths import DataPaths
    from ui.app import build_window, create_application

    shooter.out = out
    shooter.app = create_application()
    shooter.window = build_window(DataPaths(data))
    shooter.window.resize(*SIZE)
    shooter.window.move(0, 0)
    shooter.window.show()
    shooter.wait(lambda: shooter.window.top.currentWidget() is shooter.window.unlock_page, 30)
    shooter.grab("unlock")
    shooter.window.close()
    QApplication.processEvents()


def main(argv: list[str]) -> int:
    if not os.environ.get("DISPLAY"):
        print("Run under an X server: DISPLAY=:96 (see the docstring).", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    wanted = set(argv[1:])
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bridgework-shots-"))
    failed = []
    try:
        data = tmp / "data"
        make_profile(data)
        shooter = Shooter(out, data)
        for name, take in shots(shooter).items():
            if wanted and name not in wanted:
                continue
            try:
                take()
            except Exception:
                failed.append(name)
                traceback.print_exc()
                close_dialogs(shooter)
        shooter.window.close()
        shooter.settle(0.5)
        if not wanted or "unlock" in wanted:
            try:
                unlock_shot(out, tmp)
            except Exception:
                failed.append("unlock")
                traceback.print_exc()
    finally:
        from ui.workers import wait_for_all

        wait_for_all()
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        print("not taken:", ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
