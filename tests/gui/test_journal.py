"""JournalView: reflections by lesson and date, searchable, and edits saved through the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_window import TIMEOUT
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTableView
from store_helpers import FakeClock

from course.model import (
    Course,
    Lesson,
    Module,
    PromptType,
    Reflection,
    ReflectPrompt,
    ReflectStep,
)
from course.paths import DataPaths
from course.store.api import open_store
from ui.journal import (
    EMPTY_JOURNAL,
    ENTRY_ROLE,
    NO_MATCHES,
    READING,
    SAVED,
    SAVING,
    JournalView,
)

R1 = Reflection(
    id="shame-reflect",
    prompts=(
        ReflectPrompt(id="r1", type=PromptType.TEXT, prompt="When did shame turn into defending?"),
        ReflectPrompt(id="r2", type=PromptType.TEXT, prompt="What did your partner need then?"),
    ),
)
R2 = Reflection(
    id="denial-reflect",
    prompts=(
        ReflectPrompt(id="d1", type=PromptType.TEXT, prompt="Which form of denial do you know?"),
    ),
)
SHAME = Lesson(
    id="shame", title="Shame and guilt", path="a/1.md", minutes=5, steps=(ReflectStep(R1),)
)
DENIAL = Lesson(
    id="denial",
    title="The many forms of denial",
    path="b/1.md",
    minutes=5,
    steps=(ReflectStep(R2),),
)
COURSE = Course(
    id="test-course",
    version="1.0.0",
    title="Test",
    modules=(
        Module(id="a", title="Shame", lessons=(SHAME,)),
        Module(id="b", title="Denial", lessons=(DENIAL,)),
    ),
)


@pytest.fixture
def store(tmp_path: Path):
    clock = FakeClock(dt.datetime(2026, 11, 2, 21, 30, tzinfo=dt.UTC))
    s = open_store(DataPaths(tmp_path / "data"), clock=clock, backup_at_open=False)
    # Written out of reading order on purpose: the journal sorts by lesson.
    s.save_reflection(COURSE, DENIAL.id, R2.id, "d1", "Minimising: 'it was only online'.")
    clock.now += dt.timedelta(days=3)
    s.save_reflection(COURSE, SHAME.id, R1.id, "r2", "She needed me to stay in the room.")
    s.save_reflection(COURSE, SHAME.id, R1.id, "r1", "When she asked about the phone.")
    yield s
    s.close()


@pytest.fixture
def journal(qtbot, store) -> JournalView:
    view = JournalView(store)
    qtbot.addWidget(view)
    view.set_courses([COURSE])
    view.resize(900, 600)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT):  # read off the GUI thread
        view.show()
    return view


def _rows(journal: JournalView) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """What the list shows: (lesson heading, [(snippet, date, tooltip)]) per lesson."""
    proxy = journal.proxy
    shown: list[tuple[str, list[tuple[str, str, str]]]] = []
    for row in range(proxy.rowCount()):
        first, second = proxy.index(row, 0), proxy.index(row, 1)
        if first.data(ENTRY_ROLE) is None:  # a lesson heading
            shown.append((first.data(), []))
        else:
            tip = first.data(Qt.ItemDataRole.ToolTipRole)
            shown[-1][1].append((first.data(), second.data(), tip))
    return shown


def test_lists_reflections_by_lesson_in_reading_order(journal: JournalView) -> None:
    assert _rows(journal) == [
        (
            "Shame and guilt",
            [
                ("When she asked about the phone.", "5 Nov 2026", R1.prompts[0].prompt),
                ("She needed me to stay in the room.", "5 Nov 2026", R1.prompts[1].prompt),
            ],
        ),
        (
            "The many forms of denial",
            [("Minimising: 'it was only online'.", "2 Nov 2026", R2.prompts[0].prompt)],
        ),
    ]
    assert [e.prompt_id for e in journal.visible_entries()] == ["r1", "r2", "d1"]
    assert journal.empty_label.isHidden()


def test_the_models_pass_qtmodeltester(journal: JournalView, qtmodeltester) -> None:
    qtmodeltester.check(journal.model, force_py=True)
    journal.search("phone")
    qtmodeltester.check(journal.proxy, force_py=True)


def test_search_filters_text_prompts_and_lessons(journal: JournalView, qtbot) -> None:
    qtbot.keyClicks(journal.search_edit, "phone")
    qtbot.waitUntil(lambda: [e.prompt_id for e in journal.visible_entries()] == ["r1"])
    journal.search("DENIAL")  # lesson titles match too, case-insensitively
    assert [e.prompt_id for e in journal.visible_entries()] == ["d1"]
    journal.search("partner need")  # every word, anywhere in text or prompt
    assert [e.prompt_id for e in journal.visible_entries()] == ["r2"]
    journal.search("nothing like this")
    assert journal.visible_entries() == []
    assert journal.empty_label.text() == NO_MATCHES
    journal.search("")
    assert len(journal.visible_entries()) == 3


def test_search_waits_for_a_pause_in_typing(journal: JournalView, qtbot) -> None:
    applied: list[tuple[str, ...]] = []
    set_words = journal.proxy.set_words

    def spy(words: tuple[str, ...]) -> bool:
        applied.append(words)
        return set_words(words)

    journal.proxy.set_words = spy  # type: ignore[method-assign]
    qtbot.keyClicks(journal.search_edit, "phone")
    assert applied == []  # nothing filtered per keystroke
    assert len(journal.visible_entries()) == 3
    qtbot.waitUntil(lambda: applied == [("phone",)])
    assert [e.prompt_id for e in journal.visible_entries()] == ["r1"]


def test_a_search_keeps_the_entry_being_read_when_it_still_matches(
    journal: JournalView,
) -> None:
    journal.select_entry("shame-reflect", "r1")
    journal.editor.setPlainText("When she asked about the phone, I froze.")
    journal.search("phone")  # saves the pending edit first
    assert journal.current is not None and journal.current.prompt_id == "r1"
    assert journal.editor.toPlainText() == "When she asked about the phone, I froze."
    assert journal.status_label.text() == SAVED
    journal.search("denial")
    assert journal.current is None
    assert not journal.editor.isEnabled()


def test_a_saved_edit_shows_in_the_list_without_a_reload(journal: JournalView, store) -> None:
    reads: list[int] = []
    reflections = store.reflections
    store.reflections = lambda *a, **k: reads.append(1) or reflections(*a, **k)
    journal.select_entry("denial-reflect", "d1")
    journal.editor.setPlainText("Minimising, and blaming the stress at work.")
    journal.flush()
    assert _rows(journal)[1][1][0][0] == "Minimising, and blaming the stress at work."
    assert reads == []


def test_edit_is_saved_through_the_store(journal: JournalView, qtbot, store) -> None:
    assert not journal.editor.isEnabled()
    assert journal.select_entry("shame-reflect", "r1")
    assert journal.editor.toPlainText() == "When she asked about the phone."
    assert journal.prompt_label.text() == "When did shame turn into defending?"
    journal.editor.moveCursor(journal.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(journal.editor, " I went quiet.")
    assert journal.status_label.text() == SAVING
    with qtbot.waitSignal(journal.entry_saved) as blocker:
        journal.save_timer.timeout.emit()
    assert blocker.args == ["r1"]
    expected = "When she asked about the phone. I went quiet."
    assert store.reflection_text(COURSE.id, "shame-reflect", "r1") == expected
    assert journal.status_label.text() == SAVED
    # The earlier wording is kept as history by the store.
    assert store.reflection_history(COURSE.id, "shame-reflect", "r1")[0].text.startswith("When")


def test_changing_entry_or_hiding_saves_pending_edits(journal: JournalView, store) -> None:
    journal.select_entry("shame-reflect", "r2")
    journal.editor.setPlainText("Edited, then moved on")
    journal.select_entry("denial-reflect", "d1")
    assert store.reflection_text(COURSE.id, "shame-reflect", "r2") == "Edited, then moved on"
    journal.editor.setPlainText("Edited, then hidden")
    journal.hide()
    assert store.reflection_text(COURSE.id, "denial-reflect", "d1") == "Edited, then hidden"


def test_open_lesson_signal(journal: JournalView, qtbot) -> None:
    journal.select_entry("denial-reflect", "d1")
    with qtbot.waitSignal(journal.lesson_link_activated) as blocker:
        qtbot.mouseClick(journal.open_lesson_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["denial"]


def test_empty_journal_says_what_to_do(qtbot, tmp_path: Path) -> None:
    store = open_store(DataPaths(tmp_path / "empty"), backup_at_open=False)
    try:
        view = JournalView(store)
        qtbot.addWidget(view)
        view.set_courses([COURSE])
        assert view.visible_entries() == []
        assert view.empty_label.text() == EMPTY_JOURNAL
    finally:
        store.close()


def test_every_control_has_an_accessible_name(journal: JournalView) -> None:
    controls = (
        journal.findChildren(QLineEdit)
        + journal.findChildren(QTableView)
        + journal.findChildren(QPlainTextEdit)
        + [b for b in journal.findChildren(QAbstractButton) if b.isVisible()]
    )
    assert [w for w in controls if not w.accessibleName()] == []


def test_an_open_reflection_step_follows_journal_edits(journal: JournalView, qtbot) -> None:
    from ui.reflect_view import ReflectView

    reflect = ReflectView(journal.store)
    qtbot.addWidget(reflect)
    reflect.set_reflection(COURSE, SHAME, R1)
    prompt = reflect.prompt_widget("r1")
    assert prompt.text() == "When she asked about the phone."
    journal.select_entry("shame-reflect", "r1")
    journal.editor.setPlainText("Rewritten in the journal")
    journal.flush()
    assert prompt.text() == "Rewritten in the journal"
    assert not prompt.has_unsaved_changes()  # so leaving the lesson won't write it back


@pytest.fixture
def page_by_page(monkeypatch):
    """The journal reads one entry per page and takes one step per turn of the event loop."""
    from ui import journal as journal_module

    monkeypatch.setattr(journal_module, "READ_PAGE", 1)
    monkeypatch.setattr(journal_module, "READ_SLICE_S", 0.0)


def _spy_pages(store, after_page=None) -> list[tuple[int | None, int]]:
    """Record each read of reflections (limit, offset); `after_page(n)` runs after read n."""
    pages: list[tuple[int | None, int]] = []
    read = store.reflections

    def spy(*args, **kwargs):
        found = read(*args, **kwargs)
        pages.append((kwargs.get("limit"), kwargs.get("offset", 0)))
        if after_page is not None:
            after_page(len(pages))
        return found

    store.reflections = spy
    return pages


def test_the_entries_are_read_a_page_at_a_time_between_events(qtbot, store, page_by_page) -> None:
    from PySide6.QtCore import QTimer

    view = JournalView(store)
    qtbot.addWidget(view)
    view.set_courses([COURSE])
    turns: list[int] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(1))
    seen: list[tuple[int, bool, str]] = []
    _spy_pages(
        store,
        lambda _n: seen.append((len(turns), view.busy.isVisibleTo(view), view.empty_label.text())),
    )
    ticker.start()
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT):
        view.show()
    ticker.stop()
    assert len(seen) == 4  # three entries, one a page, and the empty page that ends it
    assert all(busy and text == READING for _turn, busy, text in seen)  # never "nothing here"
    ticks = [turn for turn, _busy, _text in seen]
    assert ticks == sorted(set(ticks))  # the window had a turn between any two pages
    assert not view.busy.isVisibleTo(view) and not view.empty_label.isVisibleTo(view)
    assert [e.prompt_id for e in view.visible_entries()] == ["r1", "r2", "d1"]


def test_the_journal_never_reads_every_entry_at_once(journal: JournalView, qtbot, store) -> None:
    pages = _spy_pages(store)
    journal.hide()
    with qtbot.waitSignal(journal.loaded, timeout=TIMEOUT):
        journal.show()
    from ui.journal import READ_PAGE

    assert pages and all(limit == READ_PAGE for limit, _offset in pages)


def test_each_read_of_the_store_takes_a_step_of_its_own(store, monkeypatch) -> None:
    # Issue 14: a journal step must stay well under a frame. The last page and all the
    # kept wording of every course were read in one step (30-40 ms with a 1,000-lesson
    # course); each read is its own step now, and only the wording the journal shows:
    # prompts, and lesson titles of a course that no longer has a lesson written in.
    from course.store.api import CourseKey
    from ui import journal as journal_module
    from ui.journal import CourseIndex, read_in_steps

    monkeypatch.setattr(journal_module, "READ_PAGE", 2)
    store.keep_wording(COURSE)
    store.save_reflection(CourseKey(COURSE.id, "0.9.0"), "gone", "old", "o1", "An old lesson.")
    reads: list[tuple[str, object]] = []
    reflections, wording = store.reflections, store.wording
    store.reflections = lambda **kw: reads.append(("page", kw["offset"])) or reflections(**kw)
    store.wording = lambda *a, **kw: reads.append(("wording", (a, kw))) or wording(*a, **kw)

    steps = read_in_steps(store, CourseIndex([COURSE]), {})
    per_step: list[int] = []
    while True:
        before = len(reads)
        try:
            next(steps)
        except StopIteration as done:
            read = done.value
            per_step.append(len(reads) - before)
            break
        per_step.append(len(reads) - before)

    assert max(per_step) == 1  # never two reads of the store in one step
    assert [r for r in reads if r[0] == "wording"] == [
        ("wording", ((), {"kind": "prompt"})),
        ("wording", ((COURSE.id,), {"kind": "lesson"})),  # "gone" is not in the course
    ]
    assert len(read.entries) == 4


def test_words_typed_while_the_entries_are_read_are_kept(
    journal: JournalView, qtbot, store, page_by_page
):
    words = "Minimising, typed while the journal was reading."
    assert journal.select_entry("denial-reflect", "d1")

    def type_after_the_first_page(n: int) -> None:
        if n == 1:  # the entry is saved, and moves to the top: past the pages to come
            store._clock.now += dt.timedelta(hours=1)
            journal.editor.setPlainText(words)
            journal.flush()

    _spy_pages(store, type_after_the_first_page)
    journal.hide()
    with qtbot.waitSignal(journal.loaded, timeout=TIMEOUT):
        journal.show()  # a new visit: read again
    assert journal.editor.toPlainText() == words
    assert [(text, tip) for text, _day, tip in _rows(journal)[1][1]] == [
        (words, R2.prompts[0].prompt)
    ]
    assert len(journal.visible_entries()) == 3  # none lost, none twice
    assert store.reflection_text(COURSE.id, "denial-reflect", "d1") == words


def test_words_typed_as_the_read_ends_stay_on_screen(
    journal: JournalView, qtbot, store, page_by_page
):
    words = "Minimising, typed after the last page was read."
    assert journal.select_entry("denial-reflect", "d1")

    def type_after_the_last_page(n: int) -> None:
        if n == 4:  # not saved yet: the journal saves it before it shows what it read
            journal.editor.setPlainText(words)

    _spy_pages(store, type_after_the_last_page)
    journal.hide()
    with qtbot.waitSignal(journal.loaded, timeout=TIMEOUT):
        journal.show()
    assert journal.editor.toPlainText() == words
    assert words in [text for text, _day, _tip in _rows(journal)[1][1]]
    assert store.reflection_text(COURSE.id, "denial-reflect", "d1") == words


def test_an_entry_asked_for_while_reading_is_chosen_once_read(qtbot, store) -> None:
    view = JournalView(store)
    qtbot.addWidget(view)
    view.set_courses([COURSE])
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT):
        view.show()
        assert view.select_entry("denial-reflect", "d1")  # a search result, say
        assert view.current is None  # not read yet
    assert view.editor.toPlainText() == "Minimising: 'it was only online'."


def test_locking_while_reading_shows_nothing_of_the_store(qtbot, store, page_by_page) -> None:
    view = JournalView(store)
    qtbot.addWidget(view)
    view.set_courses([COURSE])
    _spy_pages(store, lambda n: view.set_store(None) if n == 1 else None)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT):
        view.show()
    qtbot.wait(20)  # turns of the event loop, where a read left going would go on
    assert view.visible_entries() == [] and view.entries == []
    assert view.empty_label.text() == EMPTY_JOURNAL
