"""LessonView: steps with Back/Next and shortcuts, content note, resume at the saved step
and scroll, links (internal signal, external only after confirmation), active time and
completion recorded through the ProgressStore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton, QVBoxLayout, QWidget

from course.grading import correct_answer
from course.model import (
    Course,
    Lesson,
    Module,
    Option,
    PromptType,
    Question,
    QuestionType,
    Quiz,
    QuizStep,
    Reflection,
    ReflectPrompt,
    ReflectStep,
    TextStep,
)
from course.paths import DataPaths
from course.store import StoreUnavailable
from course.store.api import open_store
from ui.lesson_view import ACTIVITY_TICK_MS, IDLE_AFTER_SECONDS, LessonBrowser, LessonView
from ui.quiz_view import QuizView
from ui.reflect_view import ReflectView

LONG_TEXT = "\n\n".join(
    f"Paragraph {i}: staying present with a partner's pain is a skill that grows slowly, "
    "one honest conversation at a time, and it is never too late to start practising it."
    for i in range(60)
)
FIRST = TextStep(
    "Guilt is about something I *did*. See [when to get help](lesson:getting-help) "
    "or [a web page](https://example.org/support).\n\n" + LONG_TEXT
)
QUIZ = Quiz(
    id="lesson-quiz",
    pass_ratio=0.7,
    questions=(
        Question(
            id="q1",
            type=QuestionType.SINGLE,
            prompt="Pick one",
            options=(Option("A", correct=True), Option("B")),
        ),
    ),
)
REFLECTION = Reflection(
    id="lesson-reflect",
    prompts=(ReflectPrompt(id="r1", type=PromptType.TEXT, prompt="What do you notice?"),),
)
LESSON = Lesson(
    id="shame-and-guilt",
    title="Shame and guilt",
    path="02-shame/01-shame-and-guilt.md",
    minutes=8,
    steps=(FIRST, TextStep("A second stretch of text."), QuizStep(QUIZ), ReflectStep(REFLECTION)),
    objectives=("Tell shame apart from guilt", "Notice shame in the body"),
    content_note="This lesson talks about betrayal and shame.",
)
HELP = Lesson(
    id="getting-help",
    title="When to reach out for help",
    path="00/02-help.md",
    minutes=3,
    steps=(TextStep("Call someone."),),
)
PLAIN = Lesson(
    id="plain",
    title="A plain lesson",
    path="02-shame/02-plain.md",
    minutes=1,
    steps=(TextStep("Only text."), TextStep("More text.")),
)
COURSE = Course(
    id="test-course",
    version="1.0.0",
    title="Test",
    modules=(
        Module(id="start", title="Start here", lessons=(HELP,)),
        Module(id="shame", title="Shame", lessons=(LESSON, PLAIN)),
    ),
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    yield s
    s.close()


@pytest.fixture
def view(qtbot, store) -> LessonView:
    v = LessonView(store)
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def open_lesson(view: LessonView, lesson: Lesson = LESSON) -> None:
    view.set_lesson(COURSE, lesson, None)
    if view.showing_content_note():
        view.accept_content_note()


def test_content_note_comes_first_and_continue_opens_the_lesson(view: LessonView, store) -> None:
    view.set_lesson(COURSE, LESSON, None)
    assert view.showing_content_note()
    assert view.note_label.text() == LESSON.content_note
    assert not view.nav_bar.isVisible()
    assert store.lesson_state(COURSE.id, LESSON.id) is None  # nothing recorded yet
    view.continue_button.click()
    assert not view.showing_content_note()
    assert view.step_label.text() == "Step 1 of 4"
    assert store.lesson_state(COURSE.id, LESSON.id).visits == 1
    # Once accepted, the note is not asked again while the app runs.
    view.set_lesson(COURSE, PLAIN, None)
    view.set_lesson(COURSE, LESSON, None)
    assert not view.showing_content_note()


def test_not_now_declines_and_records_nothing(view: LessonView, qtbot, store) -> None:
    view.set_lesson(COURSE, LESSON, None)
    with qtbot.waitSignal(view.content_note_declined) as blocker:
        view.not_now_button.click()
    assert blocker.args == [LESSON.id]
    assert view.showing_content_note()
    assert store.lesson_state(COURSE.id, LESSON.id) is None


def test_header_objectives_and_minutes(view: LessonView) -> None:
    open_lesson(view)
    assert view.title_label.text() == "Shame and guilt"
    assert "About 8 minutes" in view.meta_label.text()
    assert "Shame" in view.meta_label.text()
    # The objectives are part of the first step's page, scrolled with it: not a box above.
    assert not view.objectives_label.isVisible()
    first = view.browser.toPlainText()
    assert first.startswith("In this lesson") and "Tell shame apart from guilt" in first
    view.go_next()
    assert "Tell shame apart from guilt" not in view.browser.toPlainText()


def test_steps_with_back_and_next(view: LessonView, qtbot, store) -> None:
    open_lesson(view)
    assert not view.back_button.isEnabled()
    assert view.current_step_widget() is view.browser
    assert "Guilt is about something I" in view.browser.toPlainText()
    with qtbot.waitSignal(view.step_changed) as blocker:
        view.next_button.click()
    assert blocker.args == [1, 4]
    assert view.step_label.text() == "Step 2 of 4"
    view.go_next()
    assert isinstance(view.current_step_widget(), QuizView)
    view.go_next()
    assert isinstance(view.current_step_widget(), ReflectView)
    # From the last step, Next goes on to the next lesson: the window opens it.
    assert view.next_button.text() == "Next lesson"
    assert view.next_button.accessibleName() == "Next lesson: A plain lesson"
    with qtbot.waitSignal(view.lesson_link_activated) as blocker:
        view.next_button.click()
    assert blocker.args == ["plain"]
    assert view.step_index == 3
    view.back_button.click()
    assert view.step_label.text() == "Step 3 of 4"
    assert view.position_save_timer.isActive()  # saved just after, so steps never wait
    view.position_save_timer.timeout.emit()
    assert store.lesson_state(COURSE.id, LESSON.id).step_index == 2


def test_keyboard_shortcuts_for_steps(view: LessonView, qtbot) -> None:
    open_lesson(view)
    view.activateWindow()
    qtbot.waitActive(view)
    view.browser.setFocus()
    qtbot.waitUntil(view.browser.hasFocus)
    qtbot.keySequence(view.browser, "Alt+Right")
    assert view.step_index == 1
    qtbot.keySequence(view.browser, "Ctrl+]")
    assert view.step_index == 2
    qtbot.keySequence(view.current_step_widget(), "Ctrl+[")
    assert view.step_index == 1
    qtbot.keySequence(view.browser, "Alt+Left")
    assert view.step_index == 0


def test_resumes_at_saved_step_and_scroll(view: LessonView, qtbot, store) -> None:
    store.visit_lesson(COURSE, LESSON.id)
    store.save_position(COURSE, LESSON.id, 0, 0.6)
    open_lesson(view)
    assert view.step_index == 0
    qtbot.waitUntil(lambda: abs(view.scroll_fraction() - 0.6) < 0.02)
    view.set_lesson(COURSE, PLAIN, None)  # leaving saves where the learner was...
    store.save_position(COURSE, LESSON.id, 2, 0.0)  # ...then they got further elsewhere
    open_lesson(view)
    assert view.step_index == 2
    assert isinstance(view.current_step_widget(), QuizView)


def test_scroll_position_is_saved(view: LessonView, qtbot, store) -> None:
    open_lesson(view)
    bar = view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    assert view.position_save_timer.isActive()
    view.position_save_timer.timeout.emit()
    assert store.lesson_state(COURSE.id, LESSON.id).scroll == pytest.approx(0.5, abs=0.02)
    # Leaving the lesson saves too, without waiting for the timer.
    bar.setValue(bar.maximum())
    view.set_lesson(COURSE, PLAIN, None)
    assert store.lesson_state(COURSE.id, LESSON.id).scroll == pytest.approx(1.0)


def test_internal_links_and_footer_ask_the_window_to_open_a_lesson(view: LessonView, qtbot) -> None:
    open_lesson(view)
    with qtbot.waitSignal(view.lesson_link_activated) as blocker:
        view.browser.anchorClicked.emit(QUrl("lesson:getting-help"))
    assert blocker.args == ["getting-help"]
    assert view.help_label.isVisible()
    with qtbot.waitSignal(view.lesson_link_activated) as blocker:
        view.help_label.linkActivated.emit("lesson:getting-help")
    assert blocker.args == ["getting-help"]
    # The help lesson itself does not link to itself.
    view.set_lesson(COURSE, HELP, None)
    assert not view.help_label.isVisible()


def test_external_link_needs_confirmation(view: LessonView, qtbot, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    asked: list[QMessageBox] = []

    def decline(box: QMessageBox) -> int:
        asked.append(box)
        return 0  # closed without choosing "Open"

    monkeypatch.setattr(QMessageBox, "exec", decline)
    open_lesson(view)
    url = QUrl("https://example.org/support")
    with qtbot.waitSignal(view.external_link_requested) as blocker:
        view.browser.anchorClicked.emit(url)
    assert blocker.args == [url]
    assert len(asked) == 1 and "example.org" in asked[0].informativeText()
    assert opened == []  # declined: nothing opened

    monkeypatch.setattr(view, "confirm_external_link", lambda u: True)
    view.handle_link(url)
    assert opened == [url]


def test_external_links_can_be_left_to_the_window(view: LessonView, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: pytest.fail("opened"))
    monkeypatch.setattr(view, "confirm_external_link", lambda u: pytest.fail("asked"))
    view.handle_external_links = False
    open_lesson(view)
    with qtbot.waitSignal(view.external_link_requested):
        view.handle_link(QUrl("https://example.org"))


def test_remote_resources_are_never_loaded(qtbot) -> None:
    browser = LessonBrowser()
    qtbot.addWidget(browser)
    kind = int(QTextDocument.ResourceType.ImageResource.value)
    assert browser.loadResource(kind, QUrl("https://example.org/tracker.png")) is None


def test_active_time_counts_only_while_active_and_recently_used(
    view: LessonView, store, monkeypatch
) -> None:
    clock = FakeClock()
    view.clock = clock
    monkeypatch.setattr(view, "window_is_active", lambda: True)
    open_lesson(view)
    view.count_active_time()  # start counting from here
    clock.now += 5
    view.note_interaction()
    view.count_active_time()
    assert view.unsaved_active_seconds() == 5
    # Idle: no interaction for longer than the idle limit, so none of this counts.
    clock.now += IDLE_AFTER_SECONDS + 1
    view.count_active_time()
    clock.now += 5
    view.count_active_time()
    assert view.unsaved_active_seconds() == 5
    # Back, but the window is not active (another app in front): not counted either.
    view.note_interaction()
    monkeypatch.setattr(view, "window_is_active", lambda: False)
    clock.now += 5
    view.count_active_time()
    assert view.unsaved_active_seconds() == 5
    view.leave_lesson()
    assert store.lesson_state(COURSE.id, LESSON.id).active_seconds == pytest.approx(5)


def _commits(store) -> list[object]:
    """Every commit the store makes from now on: each waits for the disk (synchronous=FULL)."""
    from sqlalchemy import event

    commits: list[object] = []
    event.listen(store._engine, "commit", commits.append)
    return commits


def _read_for(view: LessonView, clock: FakeClock, seconds: float) -> None:
    """The learner reads on, active, for `seconds` (in ticks, as the activity timer counts)."""
    view.count_active_time()
    tick = ACTIVITY_TICK_MS / 1000
    while seconds > 0:
        clock.now += min(tick, seconds)
        seconds -= tick
        view.note_interaction()
        view.count_active_time()


def test_leaving_writes_the_place_and_the_reading_time_in_one_commit(
    view: LessonView, store, monkeypatch, tmp_path: Path
) -> None:
    """Issue 14: leaving a lesson committed its place and its active time apart: two waits
    for the disk (10-30 ms each on a slow laptop disk) while the next lesson opens."""
    import json

    view.clock = clock = FakeClock()
    monkeypatch.setattr(view, "window_is_active", lambda: True)
    open_lesson(view)
    view.go_to_step(1)  # a moved place, not written yet (the save timer is pending)
    _read_for(view, clock, 7)
    commits = _commits(store)
    view.leave_lesson()
    assert len(commits) == 1
    state = store.lesson_state(COURSE.id, LESSON.id)
    assert (state.step_index, state.active_seconds) == (1, pytest.approx(7))
    assert view.unsaved_active_seconds() == 0
    commits.clear()
    view.leave_lesson()  # the page's hide after its leave: nothing new to write
    assert commits == []
    exported = json.loads((store.export_all(tmp_path) / "data.json").read_text("utf-8"))
    (lesson,) = [row for row in exported["lessons"] if row["lesson_id"] == LESSON.id]
    assert (lesson["step_index"], lesson["active_seconds"]) == (1, pytest.approx(7))


def test_a_failed_leave_is_reported_calmly_and_kept_for_the_next_try(
    view: LessonView, store, qtbot, monkeypatch
) -> None:
    view.clock = clock = FakeClock()
    monkeypatch.setattr(view, "window_is_active", lambda: True)
    open_lesson(view)
    view.go_to_step(1)
    _read_for(view, clock, 7)
    failing = [True]
    leave = store.leave_lesson

    def flaky(*args, **kwargs):
        if failing:
            raise StoreUnavailable("the disk is full")
        return leave(*args, **kwargs)

    monkeypatch.setattr(store, "leave_lesson", flaky)
    said: list[str] = []
    view.save_failed.connect(said.append)
    view.leave_lesson()  # never raised into Qt
    assert len(said) == 1 and "nothing saved before is lost" in said[0]
    assert view.unsaved_active_seconds() == pytest.approx(7)
    state = store.lesson_state(COURSE.id, LESSON.id)
    assert (state.step_index, state.active_seconds) == (0, 0)
    failing.clear()
    view.leave_lesson()  # the next try writes both
    state = store.lesson_state(COURSE.id, LESSON.id)
    assert (state.step_index, state.active_seconds) == (1, pytest.approx(7))
    assert view.unsaved_active_seconds() == 0


def test_reading_time_a_failed_leave_kept_goes_to_its_own_lesson(
    view: LessonView, store, monkeypatch
) -> None:
    # Before, the seconds kept after a failed write were added to whichever lesson was
    # written next: the next lesson opened was credited with time spent in this one.
    view.clock = clock = FakeClock()
    monkeypatch.setattr(view, "window_is_active", lambda: True)
    open_lesson(view)
    _read_for(view, clock, 7)
    leave = store.leave_lesson
    monkeypatch.setattr(store, "leave_lesson", _fails_once(leave))
    open_lesson(view, PLAIN)  # leaving the first fails: its 7 seconds are kept
    assert view.unsaved_active_seconds() == pytest.approx(7)
    _read_for(view, clock, 5)

    view.leave_lesson()

    assert store.lesson_state(COURSE.id, LESSON.id).active_seconds == pytest.approx(7)
    assert store.lesson_state(COURSE.id, PLAIN.id).active_seconds == pytest.approx(5)
    assert view.unsaved_active_seconds() == 0


def _fails_once(call):
    failed: list[bool] = []

    def flaky(*args, **kwargs):
        if not failed:
            failed.append(True)
            raise StoreUnavailable("the disk is full")
        return call(*args, **kwargs)

    return flaky


def test_the_timers_still_save_while_the_learner_stays(
    view: LessonView, store, monkeypatch
) -> None:
    view.clock = clock = FakeClock()
    monkeypatch.setattr(view, "window_is_active", lambda: True)
    open_lesson(view, PLAIN)
    view.go_to_step(1)
    view.position_save_timer.timeout.emit()
    assert store.lesson_state(COURSE.id, PLAIN.id).step_index == 1
    _read_for(view, clock, 35)  # past the flush: written without leaving
    assert store.lesson_state(COURSE.id, PLAIN.id).active_seconds == pytest.approx(30)
    assert view.unsaved_active_seconds() == pytest.approx(5)


def test_completion_needs_last_step_and_quiz_attempted(view: LessonView, qtbot, store) -> None:
    open_lesson(view)
    view.go_to_step(3)
    assert not store.lesson_state(COURSE.id, LESSON.id).completed  # quiz not attempted
    view.go_to_step(2)
    quiz_view = view.current_step_widget()
    assert isinstance(quiz_view, QuizView)
    quiz_view.choose(correct_answer(QUIZ.questions[0]))
    quiz_view.check()
    with qtbot.waitSignal(view.lesson_completed) as blocker:
        quiz_view.next_question()
    assert blocker.args == [LESSON.id]
    assert store.lesson_state(COURSE.id, LESSON.id).completed


def test_plain_lesson_completes_at_its_last_step(view: LessonView, qtbot, store) -> None:
    open_lesson(view, PLAIN)
    assert not store.lesson_state(COURSE.id, PLAIN.id).completed
    with qtbot.waitSignal(view.lesson_completed):
        view.go_next()
    assert store.lesson_state(COURSE.id, PLAIN.id).completed
    assert not view.next_button.isEnabled()  # the course's last lesson: nothing after it


def test_a_visit_is_counted_once_per_opening(view: LessonView, store) -> None:
    open_lesson(view, PLAIN)
    view.set_store(None)  # locked...
    view.set_store(store)  # ...and unlocked again: the same visit
    assert store.lesson_state(COURSE.id, PLAIN.id).visits == 1
    view.set_lesson(COURSE, HELP, None)
    open_lesson(view, PLAIN)
    assert store.lesson_state(COURSE.id, PLAIN.id).visits == 2


def test_reflection_is_saved_when_the_step_changes(view: LessonView, qtbot, store) -> None:
    open_lesson(view)
    view.go_to_step(3)
    reflect = view.current_step_widget()
    assert isinstance(reflect, ReflectView)
    reflect.prompt_widget("r1").editor.setPlainText("Something I noticed")
    view.go_back()
    assert store.reflection_text(COURSE.id, REFLECTION.id, "r1") == "Something I noticed"


def test_store_attached_later_resumes(qtbot, store) -> None:
    store.save_position(COURSE, PLAIN.id, 1, 0.0)
    view = LessonView(None)
    qtbot.addWidget(view)
    view.set_lesson(COURSE, PLAIN, None)
    assert view.step_index == 0  # no store yet: start at the top, nothing breaks
    view.set_store(store)
    assert view.step_index == 1
    view.set_store(None)  # locked: the lesson stays where it was
    assert view.step_index == 1


def test_text_column_is_capped_for_reading(view: LessonView) -> None:
    open_lesson(view)
    view.resize(2400, 800)
    width = view.column.maximumWidth()
    assert 400 < width < 1400
    view.set_appearance("dark", 1.5)
    assert view.column.maximumWidth() > width
    assert "body" in view.browser.document().defaultStyleSheet()


def test_every_control_has_an_accessible_name(view: LessonView) -> None:
    open_lesson(view)
    for index in range(view.step_count()):
        view.go_to_step(index)
        buttons = [b for b in view.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons
        assert [b.text() for b in buttons if not b.accessibleName()] == []


def test_leaving_right_after_a_step_change_saves_it(view: LessonView, store) -> None:
    open_lesson(view, PLAIN)
    view.go_next()
    assert view.position_save_timer.isActive()
    view.set_lesson(COURSE, HELP, None)  # before the timer: leaving saves at once
    assert store.lesson_state(COURSE.id, PLAIN.id).step_index == 1


def test_next_step_is_prepared_after_painting(view: LessonView) -> None:
    open_lesson(view)
    view.go_to_step(1)
    assert 2 not in view._step_widgets
    view.prepare_timer.timeout.emit()
    assert isinstance(view._step_widgets[2], QuizView)


def _tab_chain(start: QWidget, limit: int = 500) -> list[QWidget]:
    """The visible widgets Tab visits after `start`, in order, once round."""
    chain, widget = [], start.nextInFocusChain()
    while widget is not start and len(chain) < limit:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and (widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_tab_reads_the_step_before_back_and_next(qtbot, store) -> None:
    # In a window, with controls before and after the lesson (as the outline and toolbar are).
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before, view, after = QPushButton("before"), LessonView(store), QPushButton("after")
    for widget in (before, view, after):
        layout.addWidget(widget)
    window.resize(900, 700)
    window.show()
    open_lesson(view)
    for index in (2, 3):  # the quiz, then the reflection: made after the buttons
        view.go_to_step(index)
        step = view.current_step_widget()
        chain = _tab_chain(before)
        content = [w for w in chain if step.isAncestorOf(w)]
        assert content
        order = [
            chain.index(w)
            for w in (content[-1], view.back_button, view.next_button, view.help_label, after)
        ]
        assert order == sorted(order), [c.accessibleName() or c.text() for c in chain]


def test_focusing_the_view_lands_on_what_is_shown(view: LessonView, qtbot) -> None:
    view.activateWindow()
    qtbot.waitActive(view)
    view.set_lesson(COURSE, LESSON, None)
    view.setFocus()
    assert view.continue_button.hasFocus()
    view.continue_button.click()
    qtbot.waitUntil(view.browser.hasFocus)  # Continue is gone: the text takes the focus
    view.go_to_step(2)
    quiz = view.current_step_widget()
    assert isinstance(quiz, QuizView)
    view.setFocus()
    assert quiz._choice_buttons[0].hasFocus()


def test_a_lesson_without_steps_shows_no_old_text(view: LessonView) -> None:
    open_lesson(view, PLAIN)
    empty = Lesson(id="empty", title="Empty", path="x/empty.md", minutes=1, steps=())
    view.set_lesson(COURSE, empty, None)
    assert view.browser.toPlainText() == ""
    assert not view.nav_bar.isVisible()


def test_relative_images_load_from_the_course_folder(view: LessonView, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    folder = tmp_path / "course" / "02-shame"
    (folder / "images").mkdir(parents=True)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(folder / "images" / "calm.png"))
    lesson = Lesson(
        id="pictured",
        title="Pictured",
        path="02-shame/03-pictured.md",
        minutes=1,
        steps=(TextStep("![A calm lake](images/calm.png)"),),
    )
    course = Course(
        id="pics",
        version="1",
        title="Pics",
        modules=(Module(id="m", title="M", lessons=(lesson,)),),
    )
    view.set_lesson(course, lesson, tmp_path / "course")
    html = view.browser.toHtml()
    assert "calm.png" in html
    kind = int(QTextDocument.ResourceType.ImageResource.value)
    src = QUrl.fromLocalFile(str(folder / "images" / "calm.png"))
    loaded = view.browser.loadResource(kind, src)
    assert bytes(loaded).startswith(b"\x89PNG")  # the file's own bytes, from disk


def test_the_course_note_comes_before_its_first_lesson(view: LessonView) -> None:
    from dataclasses import replace

    course = replace(
        COURSE, content_note="This course talks about betrayal.", _lessons_by_id={}, _module_of={}
    )
    view.set_lesson(course, HELP, None)  # the first lesson in reading order
    assert view.showing_content_note()
    assert view.note_label.text() == "This course talks about betrayal."
    view.accept_content_note()
    view.set_lesson(course, PLAIN, None)  # a later lesson without a note of its own
    assert not view.showing_content_note()


def test_region_blocks_follow_the_region_in_place(view: LessonView) -> None:
    text = (
        "Call for help.\n\n<!-- region: uk ie -->\n\nSamaritans: 116 123.\n\n<!-- /region -->\n\n"
        "<!-- region: us ca -->\n\nCall or text 988.\n\n<!-- /region -->\n"
    )
    lesson = Lesson(
        id="getting-help", title="Help", path="00/02-help.md", minutes=3, steps=(TextStep(text),)
    )
    course = Course(id="c", version="1.1.0", title="C", modules=(Module("m", "M", (lesson,)),))
    view.set_lesson(course, lesson, None)
    shown = view.browser.toPlainText()
    assert "116 123" in shown and "988" in shown and "region" not in shown
    view.set_region("uk")
    shown = view.browser.toPlainText()
    assert "116 123" in shown and "988" not in shown and "Call for help" in shown
    view.set_region(None)
    assert "988" in view.browser.toPlainText()


def test_lesson_text_is_set_at_a_comfortable_measure(view: LessonView, qtbot) -> None:
    """60-75 characters a line at every text size, however wide the window."""
    long_lesson = Lesson(
        id="long",
        title="Long",
        path="m/long.md",
        minutes=3,
        steps=(TextStep("word " * 400),),
    )
    course = Course(
        id="c", version="1", title="C", modules=(Module(id="m", title="M", lessons=(long_lesson,)),)
    )
    qtbot.addWidget(view)
    view.resize(2400, 900)
    view.show()
    view.set_lesson(course, long_lesson, None)
    for scale in (1.0, 1.5):
        view.set_appearance("light", scale)
        qtbot.waitUntil(lambda: view.column.width() == view.column.maximumWidth())
        qtbot.waitUntil(lambda: view.browser.document().firstBlock().layout().lineCount() > 3)
        layout = view.browser.document().firstBlock().layout()
        lengths = [layout.lineAt(i).textLength() for i in range(1, layout.lineCount() - 1)]
        assert lengths and all(55 <= n <= 80 for n in lengths), lengths


def test_back_and_next_stay_in_view_while_a_long_step_scrolls(view: LessonView, qtbot) -> None:
    long_lesson = Lesson(
        id="long",
        title="Long",
        path="m/long.md",
        minutes=3,
        steps=(TextStep("word " * 3000), TextStep("Two")),
    )
    course = Course(
        id="c", version="1", title="C", modules=(Module(id="m", title="M", lessons=(long_lesson,)),)
    )
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.set_lesson(course, long_lesson, None)
    bar = view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    for value in (0, bar.maximum() // 2, bar.maximum()):
        bar.setValue(value)
        for button in (view.back_button, view.next_button):
            top_left = button.mapTo(view, button.rect().topLeft())
            assert button.isVisible() and view.rect().contains(top_left)
