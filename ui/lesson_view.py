"""LessonView: one lesson, step by step, with its progress kept in the ProgressStore.

Rendering comes from `course.render`; quizzes and reflections are shown by QuizView
and ReflectView. This widget adds the frame a learner reads in: title, objectives,
reading time, the content note, Back/Next with a step indicator, and a link to the
"getting help" lesson on every lesson.

Keyboard: Alt+Right or Ctrl+] goes to the next step, Alt+Left or Ctrl+[ to the
previous one (while focus is anywhere in the lesson). The same commands are
`next_step_action` and `previous_step_action`, for the window's menus.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Callable
from itertools import islice, pairwise
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QFontMetricsF,
    QHideEvent,
    QInputEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from course.model import (
    DEFAULT_HELP_LESSON,
    Course,
    Lesson,
    QuizStep,
    ReflectStep,
    Step,
    TextStep,
)
from course.render import THEMES, lesson_stylesheet, may_open_local_file, render_markdown
from course.store.api import LessonState
from ui import messages
from ui.quiz_view import QuizView
from ui.reflect_view import ReflectView
from ui.step_pool import StepViewPool
from ui.theme import style_ahead

if TYPE_CHECKING:
    from course.store.api import ProgressStore

log = logging.getLogger(__name__)

HELP_LESSON_ID = DEFAULT_HELP_LESSON
#: The link to the app's own page on where to turn for help, for a course without one.
APP_HELP_URL = "bridgework:help"
_HREF = re.compile(r'href="([^"]*)"')
#: The text column holds about this many characters per line, for comfortable reading.
LINE_LENGTH_CHARS = 70
#: Lesson body size in the lesson CSS (resources/styles/lesson.css), before text_scale.
BODY_POINT_SIZE = 12.0
#: Active time is counted in ticks of this length...
ACTIVITY_TICK_MS = 5000
#: ...and only while the learner interacted within this many seconds.
IDLE_AFTER_SECONDS = 120.0
#: Active time is written to the store at most this often (and on leaving the lesson).
ACTIVE_TIME_FLUSH_SECONDS = 30.0
#: The step and scroll position are saved this long after the last change, so moving
#: through steps never waits for a disk write (leaving the lesson saves at once).
POSITION_SAVE_MS = 500
#: The step after the one shown is prepared this long after it is shown (after painting).
PREPARE_NEXT_MS = 40

NEXT_KEYS = (QKeySequence("Alt+Right"), QKeySequence("Ctrl+]"))
PREVIOUS_KEYS = (QKeySequence("Alt+Left"), QKeySequence("Ctrl+["))

_INTERACTION_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class HelpLink(QLabel):
    """A label holding one link, followed with Enter or Space as soon as it has focus.

    A plain QLabel takes a second Tab to reach a link inside it; a link to help must not
    be harder to reach by keyboard than by mouse.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        href = _HREF.search(self.text())
        if href and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.linkActivated.emit(html.unescape(href.group(1)))
            event.accept()
            return
        super().keyPressEvent(event)


class LessonBrowser(QTextBrowser):
    """A QTextBrowser that loads nothing but local files, so a lesson never reaches the network."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() not in ("", "file"):
            return None
        return super().loadResource(kind, url)


class LessonView(QWidget):
    """Shows one `Lesson` and records the learner's way through it.

    Signals:
        progress_changed(str): something the outline or Home shows was saved (the
            visit on opening, a finished quiz attempt); the lesson id. The outline and
            Home refresh on it, so it is not sent for every step: the step is saved
            quietly and Home reads it when it is shown (issue 14). Completion sends
            lesson_completed instead.
        lesson_link_activated(str): the learner followed a link to another lesson
            (`lesson:ID`, or the help link in the footer); the lesson id to open.
        external_link_requested(QUrl): the learner clicked a web (or mail, or file)
            link. If `handle_external_links` is True (the default), the view then asks
            for confirmation itself and opens it with QDesktopServices; set it to
            False to handle the signal in the window instead.
        content_note_declined(str): the learner chose "Not now" on a lesson's content
            note; the lesson id. The window should take them back (home or outline).
        app_help_requested(): the learner followed a help link in a course that has no
            help lesson of its own; the window opens the app's own page on getting help.
        step_changed(int, int): the step shown changed (0-based index, step count).
        lesson_completed(str): the lesson became complete; the lesson id.
        save_failed(str): a store write failed; the message is for the learner.
    """

    progress_changed = Signal(str)
    lesson_link_activated = Signal(str)
    external_link_requested = Signal(QUrl)
    content_note_declined = Signal(str)
    app_help_requested = Signal()
    step_changed = Signal(int, int)
    lesson_completed = Signal(str)
    save_failed = Signal(str)

    def __init__(self, store: ProgressStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course: Course | None = None
        self.lesson: Lesson | None = None
        self.course_root: Path | None = None
        self.step_index = 0
        self.handle_external_links = True
        self.theme = "light"
        self.text_scale = 1.0
        #: The learner's region code (course.regions); None shows every region's block.
        self.region: str | None = None
        #: The clock active time is measured with; tests replace it.
        self.clock: Callable[[], float] = time.monotonic
        self._accepted_notes: set[tuple[str, str]] = set()
        self._html_cache: dict[int, str] = {}
        self._step_widgets: dict[int, QWidget] = {}
        self._pending_scroll: float | None = None
        self._restoring_scroll = False
        self._reached_last = False
        self._start_step: int | None = None  # a step asked for by set_lesson
        self._completed = False
        self._last_interaction = self.clock()
        self._last_tick = self.clock()
        self._unsaved_active = 0.0  # reading time in the lesson shown, not yet written
        #: Reading time a failed write left unsaved, each with the lesson it was spent in
        #: (course, lesson id, seconds): written to that lesson before the next write.
        self._time_left_unsaved: list[tuple[Course, str, float]] = []
        self._filter_installed = False
        self._visit_recorded = False
        #: The place last written for this lesson (store, lesson id, step, scroll): leaving
        #: twice (the page's leave, then its hide) writes it once.
        self._position_written: tuple[object, str, int, float] | None = None
        self.setAccessibleName("Lesson")

        # --- header -------------------------------------------------------------------
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        title_font = self.title_label.font()  # the app style sheet may size it further
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setAccessibleName("Lesson title")
        self.meta_label = QLabel()
        self.meta_label.setObjectName("muted")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setAccessibleName("Lesson details")
        self.objectives_label = QLabel()
        self.objectives_label.setObjectName("lessonObjectives")
        self.objectives_label.setWordWrap(True)
        self.objectives_label.setTextFormat(Qt.TextFormat.RichText)
        self.objectives_label.setAccessibleName("What this lesson is for")
        self.objectives_label.setMargin(4)

        # --- the content note page ------------------------------------------------------
        self.note_heading = QLabel("Before you start")
        heading_font = self.note_heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        self.note_heading.setFont(heading_font)
        self.note_label = QLabel()
        self.note_label.setObjectName("contentNote")
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setAccessibleName("Content note")
        note_font = self.note_label.font()
        note_font.setPointSizeF(note_font.pointSizeF() * 1.1)
        self.note_label.setFont(note_font)
        self.note_hint = QLabel("You can stop at any point, and come back when it suits you.")
        self.note_hint.setWordWrap(True)
        # The course's own help lesson, or the app's page when the course has none.
        self.note_help_label = HelpLink()
        self.note_help_label.setObjectName("noteHelp")
        self.note_help_label.setWordWrap(True)
        self.note_help_label.setTextFormat(Qt.TextFormat.RichText)
        self.note_help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.note_help_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.note_help_label.setAccessibleDescription("Opens the page on where to find support.")
        self.note_help_label.linkActivated.connect(lambda url: self.handle_link(QUrl(url)))
        self.continue_button = QPushButton("Continue")
        self.continue_button.setAccessibleName("Continue to the lesson")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept_content_note)
        self.not_now_button = QPushButton("Not now")
        self.not_now_button.setAccessibleName("Not now: leave this lesson for later")
        self.not_now_button.clicked.connect(self.decline_content_note)
        note_card = QFrame()
        note_card.setObjectName("card")  # the app style sheet draws cards
        card_layout = QVBoxLayout(note_card)
        card_layout.setContentsMargins(20, 16, 20, 16)
        card_layout.setSpacing(10)
        card_layout.addWidget(self.note_heading)
        card_layout.addWidget(self.note_label)
        card_layout.addWidget(self.note_hint)
        card_layout.addWidget(self.note_help_label)
        note_buttons = QHBoxLayout()
        note_buttons.addWidget(self.continue_button)
        note_buttons.addWidget(self.not_now_button)
        note_buttons.addStretch(1)
        card_layout.addLayout(note_buttons)
        note_page = QWidget()
        note_layout = QVBoxLayout(note_page)
        note_layout.setContentsMargins(0, 16, 0, 0)
        note_layout.addWidget(note_card)
        note_layout.addStretch(1)
        self.note_page = note_page

        # --- the steps page -------------------------------------------------------------
        self.browser = LessonBrowser()
        self.browser.setObjectName("lessonText")
        self.browser.setOpenLinks(False)  # every link goes through handle_link
        self.browser.setAccessibleName("Lesson text")
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.anchorClicked.connect(self.handle_link)
        scroll_bar = self.browser.verticalScrollBar()
        scroll_bar.rangeChanged.connect(self._apply_pending_scroll)
        scroll_bar.valueChanged.connect(self._on_scrolled)
        self.step_stack = QStackedWidget()
        self.step_stack.addWidget(self.browser)
        #: Fresh quiz and reflection views, made between events (see ui/step_pool.py).
        self.step_pool = StepViewPool(self.step_stack, self)
        self.step_pool.store = store
        steps_page = QWidget()
        steps_layout = QVBoxLayout(steps_page)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.addWidget(self.objectives_label)
        steps_layout.addWidget(self.step_stack, 1)
        self.steps_page = steps_page

        self.pages = QStackedWidget()
        self.pages.addWidget(note_page)
        self.pages.addWidget(steps_page)

        # --- navigation and footer ------------------------------------------------------
        self.back_button = QPushButton("Back")
        self.back_button.setAccessibleName("Previous step")
        self.back_button.setAccessibleDescription("Alt+Left or Ctrl+[")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("Next")
        self.next_button.setAccessibleName("Next step")
        self.next_button.setAccessibleDescription("Alt+Right or Ctrl+]")
        self.next_button.clicked.connect(self.go_next)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepIndicator")
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        self.step_label.setAccessibleName("Step")
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.step_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        self.nav_bar = QWidget()
        self.nav_bar.setLayout(nav)
        nav.setContentsMargins(0, 4, 0, 4)

        self.help_label = HelpLink()
        self.help_label.setObjectName("helpFooter")
        self.help_label.setTextFormat(Qt.TextFormat.RichText)
        self.help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.help_label.setAccessibleName("When to reach out for help")
        self.help_label.setAccessibleDescription("Opens the lesson on where to find support.")
        self.help_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.help_label.linkActivated.connect(lambda url: self.handle_link(QUrl(url)))

        # --- the reading column, centred, capped at about 70 characters -------------------
        self.column = QWidget()
        self.column.setObjectName("lessonColumn")
        column_layout = QVBoxLayout(self.column)
        column_layout.setContentsMargins(16, 12, 16, 8)
        column_layout.addWidget(self.title_label)
        column_layout.addWidget(self.meta_label)
        column_layout.addWidget(self.pages, 1)
        column_layout.addWidget(self.nav_bar)
        column_layout.addWidget(self.help_label)
        self.column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        outer.addWidget(self.column, 100)
        outer.addStretch(1)

        # --- keyboard ---------------------------------------------------------------------
        self.next_step_action = QAction("Next step", self)
        self.next_step_action.setShortcuts(list(NEXT_KEYS))
        self.next_step_action.triggered.connect(self.go_next)
        self.previous_step_action = QAction("Previous step", self)
        self.previous_step_action.setShortcuts(list(PREVIOUS_KEYS))
        self.previous_step_action.triggered.connect(self.go_back)
        for action in (self.next_step_action, self.previous_step_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        # --- timers -----------------------------------------------------------------------
        self.position_save_timer = QTimer(self)
        self.position_save_timer.setSingleShot(True)
        self.position_save_timer.setInterval(POSITION_SAVE_MS)
        self.position_save_timer.timeout.connect(self.save_position)
        self.prepare_timer = QTimer(self)
        self.prepare_timer.setSingleShot(True)
        self.prepare_timer.setInterval(PREPARE_NEXT_MS)
        self.prepare_timer.timeout.connect(self._prepare_next_step)
        self.activity_timer = QTimer(self)
        self.activity_timer.setInterval(ACTIVITY_TICK_MS)
        self.activity_timer.timeout.connect(self.count_active_time)

        self.setTabOrder(self.continue_button, self.not_now_button)
        self.setTabOrder(self.not_now_button, self.note_help_label)
        self.setTabOrder(self.back_button, self.next_button)
        self.setTabOrder(self.next_button, self.help_label)
        self._apply_stylesheet()
        self._update_column_width()
        self._set_empty()

    # --- public API -------------------------------------------------------------------

    def set_store(self, store: ProgressStore | None) -> None:
        """Attach the store once it is open (it opens off the GUI thread after paint)."""
        self.store = store
        self.step_pool.store = store
        for widget in self._step_widgets.values():
            if isinstance(widget, QuizView | ReflectView):
                widget.set_store(store)
        # With a store (again), go where it says; without one (locked), stay where we are.
        if store is not None and self.lesson is not None and not self.showing_content_note():
            self._resume_from_store()

    def set_appearance(self, theme: str, text_scale: float = 1.0) -> None:
        """Follow the app's theme ("light", "dark", "high-contrast" or "system") and text scale."""
        self.theme = theme
        self.text_scale = max(0.5, min(3.0, text_scale))
        self._update_column_width()
        self._apply_stylesheet()

    def set_region(self, region: str | None) -> None:
        """Show only `region`'s region blocks (crisis lines) from now on; None shows all."""
        if region == self.region:
            return
        self.region = region
        self._html_cache.clear()
        self._refresh_text_step()

    def set_lesson(
        self,
        course: Course,
        lesson: Lesson,
        course_root: Path | None = None,
        step: int | None = None,
    ) -> None:
        """Show `lesson`: its content note first if it has one, else the saved step and scroll.

        `step` opens it at that step instead of the saved one (a search result's step).
        """
        self.leave_lesson()
        self._start_step = step
        self.course, self.lesson, self.course_root = course, lesson, course_root
        self.step_index = 0
        self._html_cache.clear()
        # The last lesson's views leave the stack once this one's step is current: taken
        # out while current, the stack would bring another to the front (a spare from
        # the pool, say, whose prompts would then be added to a shown widget).
        leaving = list(self._step_widgets.values())
        self._step_widgets.clear()
        self._reached_last = False
        self._completed = False
        self._visit_recorded = False
        self._position_written = None
        self.title_label.setText(lesson.title)
        module = course.module_of(lesson.id)
        minutes = f"About {lesson.minutes} minute{'s' if lesson.minutes != 1 else ''}"
        self.meta_label.setText(f"{module.title}  ·  {minutes}" if module else minutes)
        self.objectives_label.setText(_objectives_html(lesson.objectives))
        self._show_help_links(course, lesson)
        note = _content_note(course, lesson)
        if note and (course.id, lesson.id) not in self._accepted_notes:
            self.note_label.setText(note)
            self.pages.setCurrentWidget(self.note_page)
            self.nav_bar.hide()
            self.step_label.setText("")
            self.setFocusProxy(self.continue_button)
            self.step_stack.setCurrentWidget(self.browser)  # hidden behind the note
        else:
            self._open_steps()
        for widget in leaving:
            self.step_stack.removeWidget(widget)
            widget.deleteLater()

    def accept_content_note(self) -> None:
        """ "Continue": go into the lesson. The note is not shown again while the app runs."""
        if self.course is None or self.lesson is None:
            return
        had_focus = self.continue_button.hasFocus()
        self._accepted_notes.add((self.course.id, self.lesson.id))
        self._open_steps()
        if had_focus:
            self.setFocus()  # the button that had it is gone: the step takes it over

    def decline_content_note(self) -> None:
        """ "Not now": nothing is recorded; the window takes the learner back."""
        if self.lesson is not None:
            self.content_note_declined.emit(self.lesson.id)

    def help_target(self) -> str:
        """Where the help links lead: `lesson:ID` of the course's help lesson, or the app's
        own page (APP_HELP_URL) when the course has none."""
        help_id = self.course.help_lesson_id() if self.course is not None else None
        return f"lesson:{help_id}" if help_id is not None else APP_HELP_URL

    def _show_help_links(self, course: Course, lesson: Lesson) -> None:
        help_id = course.help_lesson_id()
        target = html.escape(self.help_target())
        help_lesson = course.lesson(help_id) if help_id is not None else None
        title = html.escape(help_lesson.title if help_lesson is not None else "")
        if help_lesson is not None:
            card = f'If you need support now: <a href="{target}">{title}</a>.'
            footer = f'Having a hard time? <a href="{target}">{title}</a>'
            name = f"If you need support now: {help_lesson.title}"
        else:  # the course has none: the app's own page, with crisis lines by region
            card = f'If you need support now: <a href="{target}">where to turn for help</a>.'
            footer = f'Having a hard time? <a href="{target}">Where to turn for help</a>'
            name = "If you need support now: where to turn for help"
        self.note_help_label.setText(card)
        self.note_help_label.setAccessibleName(name)
        self.help_label.setText(footer)
        # The help lesson itself does not link to itself.
        self.help_label.setVisible(lesson.id != help_id)

    def showing_content_note(self) -> bool:
        return self.lesson is not None and self.pages.currentWidget() is self.note_page

    def step_count(self) -> int:
        return len(self.lesson.steps) if self.lesson is not None else 0

    def current_step(self) -> Step | None:
        if self.lesson is None or not self.lesson.steps:
            return None
        return self.lesson.steps[self.step_index]

    def current_step_widget(self) -> QWidget | None:
        return self.step_stack.currentWidget()

    def go_next(self) -> None:
        """The next step; from the last step, the next lesson (the window opens it)."""
        if self.lesson is None or self.showing_content_note():
            return
        if self.step_index + 1 < self.step_count():
            self.go_to_step(self.step_index + 1)
            return
        following = self.next_lesson()
        if following is not None:
            self.leave_lesson()
            self.lesson_link_activated.emit(following.id)

    def next_lesson(self) -> Lesson | None:
        """The lesson after this one in reading order, across modules."""
        if self.course is None or self.lesson is None:
            return None
        place = self.course.lesson_order(self.lesson.id)
        if place is None:
            return None
        return next(islice(self.course.lessons(), place + 1, None), None)

    def go_back(self) -> None:
        if self.lesson is not None and not self.showing_content_note() and self.step_index > 0:
            self.go_to_step(self.step_index - 1)

    def go_to_step(self, index: int, scroll: float = 0.0) -> None:
        """Show step `index` (clamped), scrolled to `scroll` (0.0 top .. 1.0 bottom)."""
        if self.lesson is None or not self.lesson.steps:
            return
        self._flush_step()
        index = max(0, min(index, self.step_count() - 1))
        self.step_index = index
        step = self.lesson.steps[index]
        if isinstance(step, TextStep):
            self._show_text_step(index, scroll)
        else:
            self._pending_scroll = None
            self.step_stack.setCurrentWidget(self._step_widget(index))
        # A text step carries its objectives in its own page (see _step_html).
        self.objectives_label.setVisible(
            index == 0 and bool(self.lesson.objectives) and not isinstance(step, TextStep)
        )
        count = self.step_count()
        self.step_label.setText(f"Step {index + 1} of {count}")
        last = index + 1 >= count
        following = self.next_lesson() if last else None
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(not last or following is not None)
        self.next_button.setText("Next lesson" if last else "Next")
        self.next_button.setAccessibleName(
            f"Next lesson: {following.title}" if following is not None else "Next step"
        )
        self.previous_step_action.setEnabled(index > 0)
        self.next_step_action.setEnabled(self.next_button.isEnabled())
        self.position_save_timer.start()
        if index == count - 1:
            # Completion is written by the prepare timer, after this step is painted.
            self._reached_last = True
        self.prepare_timer.start()
        self.step_pool.postpone()  # its work waits for a pause too
        self._order_focus_chain()
        self.step_changed.emit(index, count)

    def scroll_fraction(self) -> float:
        """Where the text is scrolled to: 0.0 at the top, 1.0 at the bottom."""
        if self._pending_scroll is not None:
            return self._pending_scroll  # a restore still waiting for layout counts
        if self.step_stack.currentWidget() is not self.browser:
            return 0.0
        bar = self.browser.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def save_position(self) -> None:
        """Write the current step and scroll position to the store now."""
        self.position_save_timer.stop()
        place = self._place_to_write()
        if place is None or self.course is None:
            return
        course, (_store, lesson_id, index, scroll) = self.course, place
        if self._store_call(lambda s: s.save_position(course, lesson_id, index, scroll)) is _FAILED:
            return
        self._place_written(place)

    def leave_lesson(self) -> None:
        """Save everything pending for the lesson shown (before another opens, or on close).

        The place and the active time go in one store call, so one commit: each commit
        waits for the disk (synchronous=FULL), which on a slow laptop disk is what a
        learner feels while the next lesson opens.
        """
        if self.lesson is None:
            return
        self._flush_step()
        self.position_save_timer.stop()
        self.prepare_timer.stop()
        self._tally_active_time()
        self._write_on_leaving()
        self._maybe_complete()
        self.activity_timer.stop()

    def handle_link(self, url: QUrl) -> None:
        """Follow a link from the lesson text or the footer."""
        scheme = url.scheme().lower()
        if url.toString() == APP_HELP_URL:
            self.app_help_requested.emit()
            return
        if scheme == "lesson":
            lesson_id = url.path() or url.toString().partition(":")[2]
            if lesson_id:
                self.lesson_link_activated.emit(lesson_id)
            return
        if not scheme and url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
            return
        if scheme == "file" and not may_open_local_file(url.path()):
            self.refuse_local_file(url)
            return
        if scheme in ("http", "https", "mailto", "file"):
            self.external_link_requested.emit(url)
            if self.handle_external_links and self.confirm_external_link(url):
                QDesktopServices.openUrl(url)
            return
        log.info("ignored a link with scheme %r", scheme)

    def refuse_local_file(self, url: QUrl) -> None:
        """A linked file of a kind that could run something: say so, open nothing."""
        name = url.fileName() or url.toDisplayString()
        QMessageBox.information(
            self,
            "File not opened",
            f"'{name}' can't be opened from a lesson. Bridgework opens only pictures, PDF "
            "documents and plain text files from a course, so that nothing in a course can "
            "start a program on your computer.",
        )

    def confirm_external_link(self, url: QUrl) -> bool:
        """Ask before anything leaves the app. Tests patch this (or QMessageBox) away."""
        if url.scheme().lower() == "file":
            text = "Open this file from the course in another app?"
        else:
            text = "Open this link in your web browser?"
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Leave Bridgework?")
        box.setText(text)
        box.setInformativeText(
            f"{url.toDisplayString()}\n\nThis opens outside Bridgework. Nothing about "
            "your progress or reflections is sent, but the website will see a visit."
        )
        open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Stay here", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is open_button

    # --- active time --------------------------------------------------------------------

    def note_interaction(self) -> None:
        """The learner did something (key, click, scroll): they are here, not idle."""
        self._last_interaction = self.clock()

    def window_is_active(self) -> bool:
        window = self.window()
        return window is not None and window.isActiveWindow() and self.isVisible()

    def count_active_time(self) -> None:
        """Count the time since the last tick, if the learner was there for it (written
        to the store once ACTIVE_TIME_FLUSH_SECONDS have gathered, and on leaving).

        Time counts only while the window is active and the learner interacted
        within IDLE_AFTER_SECONDS; a long gap (a sleeping laptop) counts at most
        one tick and a bit.
        """
        self._tally_active_time()
        if self._unsaved_active >= ACTIVE_TIME_FLUSH_SECONDS:
            self._write_active_time()

    def _tally_active_time(self) -> None:
        """Add the time since the last tick to the unsaved active time (see above)."""
        now = self.clock()
        elapsed = now - self._last_tick
        self._last_tick = now
        if self.lesson is None or self.showing_content_note() or elapsed <= 0:
            return
        recent = now - self._last_interaction <= IDLE_AFTER_SECONDS
        if recent and self.window_is_active():
            self._unsaved_active += min(elapsed, 2 * ACTIVITY_TICK_MS / 1000)

    def unsaved_active_seconds(self) -> float:
        return self._unsaved_active + sum(seconds for *_where, seconds in self._time_left_unsaved)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance first: every event of the app passes here, and type() makes a
        # Python enum each time (ui.privacy.QuickHideKeys says more).
        if isinstance(event, QInputEvent) and event.type() in _INTERACTION_EVENTS:
            self._last_interaction = self.clock()
        return False

    # --- Qt events ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None and not self._filter_installed:
            app.installEventFilter(self)  # interaction anywhere in the app counts
            self._filter_installed = True
        self._last_tick = self.clock()
        self.note_interaction()
        if self.lesson is not None:
            self.activity_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._remove_filter()
        self.leave_lesson()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.leave_lesson()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_stylesheet()
        elif event.type() == QEvent.Type.FontChange:
            self._update_column_width()
        super().changeEvent(event)

    # --- inside -------------------------------------------------------------------------

    def _set_empty(self) -> None:
        self.title_label.setText("")
        self.meta_label.setText("")
        self.objectives_label.hide()
        self.nav_bar.hide()
        self.help_label.hide()
        self.pages.setCurrentWidget(self.steps_page)

    def _remove_filter(self) -> None:
        app = QApplication.instance()
        if app is not None and self._filter_installed:
            app.removeEventFilter(self)
            self._filter_installed = False

    def _open_steps(self) -> None:
        assert self.lesson is not None
        self.pages.setCurrentWidget(self.steps_page)
        self.nav_bar.setVisible(bool(self.lesson.steps))
        self.setFocusProxy(self.browser)
        if not self.lesson.steps:  # nothing to show; never leave the last lesson's text up
            self.browser.clear()
            self.step_stack.setCurrentWidget(self.browser)
            self.objectives_label.setVisible(bool(self.lesson.objectives))
        self._resume_from_store()
        self._last_tick = self.clock()
        self.note_interaction()
        if self.isVisible():
            self.activity_timer.start()

    def _resume_from_store(self) -> None:
        """Go to the saved step and scroll, and count the visit once per opening."""
        assert self.course is not None and self.lesson is not None
        step, scroll = 0, 0.0
        if self.store is not None:
            course, lesson_id = self.course, self.lesson.id
            state: object = None
            if not self._visit_recorded:
                # The visit returns the lesson's state (a visit moves neither step nor
                # scroll): one store call on opening, not two.
                state = self._store_call(lambda s: s.visit_lesson(course, lesson_id))
                self._visit_recorded = state is not _FAILED
            if not isinstance(state, LessonState):
                state = self._store_call(lambda s: s.lesson_state(course.id, lesson_id))
            if isinstance(state, LessonState):  # a first visit's: step 0, not completed
                step, scroll = state.step_index, state.scroll
                self._completed = state.completed
                self._reached_last = state.step_index >= self.step_count() - 1
        if self._start_step is not None:  # asked for, e.g. by a search result
            step, scroll = self._start_step, 0.0
            self._start_step = None
        if self.lesson.steps:
            self.go_to_step(step, scroll)
        else:
            self.step_label.setText("")
        if self._visit_recorded:
            self.progress_changed.emit(self.lesson.id)  # once per opening

    def _step_widget(self, index: int) -> QWidget:
        """The QuizView or ReflectView of a step, made once so its state survives Back/Next."""
        assert self.course is not None and self.lesson is not None
        widget = self._step_widgets.get(index)
        if widget is not None:
            return widget
        step = self.lesson.steps[index]
        if isinstance(step, QuizStep):
            quiz_view = self.step_pool.take(QuizView)  # made ahead, already in the stack
            quiz_view.set_store(self.store)
            quiz_view.set_quiz(self.course, self.lesson, step.quiz)
            quiz_view.attempt_finished.connect(self._on_attempt_finished)
            quiz_view.save_failed.connect(self.save_failed)
            quiz_view.page_changed.connect(self._order_focus_chain)
            widget = quiz_view
        elif isinstance(step, ReflectStep):
            reflect_view = self.step_pool.take(ReflectView)
            reflect_view.set_store(self.store)
            reflect_view.set_reflection(self.course, self.lesson, step.reflection)
            reflect_view.save_failed.connect(self.save_failed)
            widget = reflect_view
        else:  # pragma: no cover - text steps use the browser
            raise ValueError(f"step {index} is not a quiz or reflection")
        self._step_widgets[index] = widget
        return widget

    def _order_focus_chain(self) -> None:
        """Tab goes through the step's content first, then Back, Next and the help link.

        Quiz and reflection controls are made after the buttons (lazily, per question),
        so by default Tab would reach them last.
        """
        current = self.step_stack.currentWidget()
        content: list[QWidget] = []
        if isinstance(current, QuizView | ReflectView):
            content = current.focus_chain()
        # The browser was made in __init__, in place: it anchors the rest behind it.
        chain = [self.browser, *content, self.back_button, self.next_button, self.help_label]
        # The window focuses the view after opening a lesson: that lands on the step itself.
        first = next((w for w in content if w.isVisibleTo(self) and w.isEnabled()), None)
        self.setFocusProxy(first if first is not None else self.browser)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _step_html(self, index: int) -> str:
        assert self.course is not None and self.lesson is not None
        step = self.lesson.steps[index]
        assert isinstance(step, TextStep)
        html = self._html_cache.get(index)
        if html is None:
            html = render_markdown(
                step.markdown,
                course=self.course,
                lesson=self.lesson,
                course_root=self.course_root,
                region=self.region,
            )
            # The help page opens on its numbers (F1 in a hard moment): no objectives first.
            if (
                index == 0
                and self.lesson.objectives
                and self.lesson.id != self.course.help_lesson_id()
            ):
                # Part of the page, read before the text and scrolled with it; not a box.
                html = _objectives_html(self.lesson.objectives) + html
            self._html_cache[index] = html
        return html

    def _prepare_next_step(self) -> None:
        """After a step is painted: record completion, and build the next step so Next is quick."""
        self._maybe_complete()
        if self.lesson is None or self.step_index + 1 >= self.step_count():
            return
        index = self.step_index + 1
        if isinstance(self.lesson.steps[index], TextStep):
            self._step_html(index)
        else:
            style_ahead(self._step_widget(index))

    def _show_text_step(self, index: int, scroll: float) -> None:
        html = self._step_html(index)
        self._restoring_scroll = True
        self.browser.setHtml(html)
        self.browser.verticalScrollBar().setValue(0)
        self._restoring_scroll = False
        self._pending_scroll = scroll if scroll > 0 else None
        self.step_stack.setCurrentWidget(self.browser)
        self._apply_pending_scroll()

    def _apply_pending_scroll(self, *_: object) -> None:
        """Restore a saved scroll once the text is laid out (the range is known only then)."""
        if self._pending_scroll is None:
            return
        bar = self.browser.verticalScrollBar()
        if bar.maximum() <= 0:
            return
        self._restoring_scroll = True
        bar.setValue(round(self._pending_scroll * bar.maximum()))
        self._restoring_scroll = False

    def _on_scrolled(self, _value: int) -> None:
        if self._restoring_scroll:
            return
        # The learner scrolled: their position wins over any restore still pending.
        self._pending_scroll = None
        self.position_save_timer.start()

    def _flush_step(self) -> None:
        """Before the step shown changes (or the lesson closes): keep what it holds.

        A reflection saves its text; a quiz whose every question was answered is
        finished, as "See your results" would (a learner who leaves by Next is done).
        """
        widget = self._step_widgets.get(self.step_index)
        if isinstance(widget, ReflectView):
            widget.flush()
        elif isinstance(widget, QuizView) and self.store is not None:
            widget.finish_if_answered()

    def _place_to_write(self) -> tuple[object, str, int, float] | None:
        """The place of the lesson shown (store, lesson id, step, scroll) when it is to be
        written: not while its content note shows, nor when written already (nothing
        else writes a lesson's place)."""
        if self.lesson is None or not self.lesson.steps or self.showing_content_note():
            return None
        place = (self.store, self.lesson.id, self.step_index, self.scroll_fraction())
        return None if place == self._position_written else place

    def _place_written(self, place: tuple[object, str, int, float]) -> None:
        self._position_written = place if self.store is not None else None

    def _write_active_time(self) -> None:
        if not self._write_time_left_unsaved():
            return  # kept, and said once: the next tick tries again
        seconds, self._unsaved_active = self._unsaved_active, 0.0
        if seconds <= 0 or self.course is None or self.lesson is None:
            return
        course, lesson_id = self.course, self.lesson.id
        if self._store_call(lambda s: s.add_active_time(course, lesson_id, seconds)) is _FAILED:
            self._unsaved_active += seconds  # keep it for the next try

    def _write_on_leaving(self) -> None:
        """The place (as save_position would write it, when it moved) and the unsaved
        active time, in one store call; a failure keeps both for the next try."""
        seconds, self._unsaved_active = self._unsaved_active, 0.0
        if self.course is None or self.lesson is None:
            return
        course, lesson_id = self.course, self.lesson.id
        if not self._write_time_left_unsaved():  # the store fails: said once, all kept
            self._keep_time_left_unsaved(course, lesson_id, seconds)
            return
        place = self._place_to_write()
        if place is None and seconds <= 0:
            return
        step, scroll = (place[2], place[3]) if place is not None else (None, 0.0)
        written = self._store_call(
            lambda s: s.leave_lesson(course, lesson_id, step, scroll, max(seconds, 0.0))
        )
        if written is _FAILED:
            # Kept with this lesson: the next write may be for another one.
            self._keep_time_left_unsaved(course, lesson_id, seconds)
        elif place is not None:
            self._place_written(place)

    def _keep_time_left_unsaved(self, course: Course, lesson_id: str, seconds: float) -> None:
        if seconds > 0:
            self._time_left_unsaved.append((course, lesson_id, seconds))

    def _write_time_left_unsaved(self) -> bool:
        """Write the reading time earlier failures kept, each to its own lesson; False if
        the store failed again (that time is still kept)."""
        while self._time_left_unsaved:
            kept = self._time_left_unsaved[0]  # (course, lesson id, seconds)
            if self._store_call(methodcaller("add_active_time", *kept)) is _FAILED:
                return False
            self._time_left_unsaved.pop(0)
        return True

    def _on_attempt_finished(self, _quiz_id: str, _score: float, _passed: bool) -> None:
        # One refresh either way: completing sends lesson_completed, which refreshes too.
        if not self._maybe_complete() and self.lesson is not None:
            self.progress_changed.emit(self.lesson.id)

    def _maybe_complete(self) -> bool:
        """Complete = last step reached and every quiz in the lesson attempted (course format).

        True if the lesson became complete just now (lesson_completed was sent).
        """
        if self._completed or not self._reached_last or self.lesson is None:
            return False
        if self.course is None or self.store is None:
            return False
        course, lesson = self.course, self.lesson
        quiz_ids = [quiz.id for quiz in lesson.quizzes]
        attempted = self._store_call(
            lambda s: all(s.quiz_scores(course.id, quiz_id) is not None for quiz_id in quiz_ids)
        )
        if attempted is not True:
            return False
        if self._store_call(lambda s: s.complete_lesson(course, lesson.id)) is _FAILED:
            return False
        self._completed = True
        self.lesson_completed.emit(lesson.id)
        return True

    def _store_call(self, call: Callable[[ProgressStore], object]) -> object:
        """One store call; a failure is logged and reported calmly, never raised into Qt."""
        if self.store is None or self.store.closed:
            return None  # locked or shutting down: nothing to record, and nothing to report
        try:
            return call(self.store)
        except Exception as error:
            log.exception("a lesson progress call to the store failed")
            self.save_failed.emit(messages.save_failed(error, SAVE_FAILED))
            return _FAILED

    def _concrete_theme(self) -> str:
        if self.theme in THEMES:
            return self.theme
        # "system" (or unknown): follow the palette the app actually shows.
        window = self.palette().color(QPalette.ColorRole.Window)
        return "dark" if window.lightness() < 128 else "light"

    def _apply_stylesheet(self) -> None:
        """Set the lesson CSS; the text shown is laid out again, since Qt applies it on setHtml."""
        css = lesson_stylesheet(self._concrete_theme(), self.text_scale)
        document = self.browser.document()
        if css == document.defaultStyleSheet():
            return
        document.setDefaultStyleSheet(css)
        self._refresh_text_step()

    def _refresh_text_step(self) -> None:
        """Show the current text step again (after a new style sheet or region), in place."""
        showing_text = self.step_stack.currentWidget() is self.browser
        if self.lesson is not None and showing_text and isinstance(self.current_step(), TextStep):
            self._show_text_step(self.step_index, self.scroll_fraction())

    def _update_column_width(self) -> None:
        font = self.browser.font()
        font.setPointSizeF(BODY_POINT_SIZE * self.text_scale)
        metrics = QFontMetricsF(font)
        # averageCharWidth underestimates prose a little; 70 of them reads as ~65-75 letters.
        text_width = metrics.averageCharWidth() * LINE_LENGTH_CHARS
        chrome = (
            2 * self.browser.document().documentMargin()
            + self.browser.verticalScrollBar().sizeHint().width()
            + 2 * self.browser.frameWidth()
            + 32  # the column's own margins
        )
        self.column.setMaximumWidth(round(text_width + chrome))


class _Failed:
    """Marks a store call that raised, as distinct from one that returned None."""


_FAILED = _Failed()

SAVE_FAILED = (
    "Bridgework couldn't save your place in this lesson just now. You can keep reading; "
    "it will try again as you go."
)


def _content_note(course: Course, lesson: Lesson) -> str:
    """The note to show before `lesson`: its own, and the course's before its first lesson."""
    notes = []
    first = next(course.lessons(), None)
    if course.content_note and first is not None and first.id == lesson.id:
        notes.append(course.content_note)
    if lesson.content_note:
        notes.append(lesson.content_note)
    return "\n\n".join(notes)


def _objectives_html(objectives: tuple[str, ...]) -> str:
    if not objectives:
        return ""
    items = "".join(f"<li>{html.escape(o)}</li>" for o in objectives)
    return (
        f"<p class='objectives-title'>In this lesson</p><ul class='objectives'>{items}</ul>"
        "<hr class='objectives-end'/>"
    )
