"""Progress costs what changed (issue 14): one refresh per lesson opening, none per step,
and Home touches only the rows whose figures moved."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from course.model import QuizStep, TextStep
from ui import messages
from ui.home import HomePage, ModuleRow, QuizRow
from ui.outline import LessonStatus
from ui.quiz_view import QuizView


def _refreshes(window) -> list[object]:
    seen: list[object] = []
    window.session.progress.changed.connect(seen.append)
    return seen


def test_opening_a_lesson_refreshes_progress_once_and_steps_do_not(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    # Past the first lesson, which opens on the course's content note (no visit until Continue).
    plain = [les for les in list(window.course.lessons())[1:] if not les.content_note]
    lesson = next(les for les in plain if len(les.steps) >= 3)
    seen = _refreshes(window)

    window.open_lesson(lesson.id)
    assert len(seen) == 1
    assert window.outline_model.status(lesson.id) is LessonStatus.IN_PROGRESS

    view = window.lesson_page
    for _ in range(2):
        if isinstance(view.current_step(), TextStep):
            view.go_next()
    view.go_back()
    assert len(seen) == 1  # steps are saved quietly; Home reads them when it is shown

    other = next(les for les in plain if les.id != lesson.id)
    window.open_lesson(other.id)
    assert len(seen) == 2


def test_leaving_a_lesson_writes_its_place_once(qtbot, data_paths):
    # The page's leave and then its hide both save the place: the second wrote the same
    # row again, a durable commit inside the switch to another page or course.
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    plain = [les for les in list(window.course.lessons())[1:] if not les.content_note]
    lesson = next(les for les in plain if len(les.steps) >= 3)
    window.open_lesson(lesson.id)
    window.lesson_page.go_next()
    places = _count_places(window.store)

    window.show_home()
    assert places == [1]
    assert window.store.last_position().step_index == 1

    window.open_lesson(lesson.id)  # the same place, opened again: written again on leaving
    window.show_page("journal")
    assert places == [1, 1]


def _count_places(store) -> list[int]:
    """The step of each place the store is asked to write: by save_position, or by
    leave_lesson (which writes the place and the active time in one commit)."""
    places: list[int] = []
    save_position, leave_lesson = store.save_position, store.leave_lesson

    def saved(course, lesson_id, step_index, *args, **kwargs):
        places.append(step_index)
        return save_position(course, lesson_id, step_index, *args, **kwargs)

    def left(course, lesson_id, step_index, *args, **kwargs):
        if step_index is not None:
            places.append(step_index)
        return leave_lesson(course, lesson_id, step_index, *args, **kwargs)

    store.save_position, store.leave_lesson = saved, left
    return places


def _count_calls(obj, names: tuple[str, ...]) -> dict[str, int]:
    """Count calls of `obj`'s methods `names` (an instance attribute shadows the method)."""
    counts = dict.fromkeys(names, 0)
    for name in names:
        original = getattr(obj, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        setattr(obj, name, counted)
    return counts


def test_opening_a_lesson_reads_that_lesson_only(qtbot, data_paths):
    """Issue 14: the refresh after an opening reads one lesson's state and its quizzes'
    scores (three small queries), never the whole course, and never through the ORM
    reads that bring every attempt's answers along."""
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    plain = [les for les in list(window.course.lessons())[1:] if not les.content_note]
    with_quiz = next(les for les in plain if les.quizzes)
    reads = _count_calls(
        window.store,
        (
            "progress_summary",
            "lesson_summary",
            "lesson_states",
            "all_quiz_scores",
            "last_position",
            "settings",
            "lesson_state",
            "visit_lesson",
            "quiz_attempts",
        ),
    )
    quiz_step = next(i for i, step in enumerate(with_quiz.steps) if isinstance(step, QuizStep))
    window.open_lesson(with_quiz.id, quiz_step)
    assert isinstance(window.lesson_page.current_step_widget(), QuizView)
    assert reads["lesson_summary"] == 1
    assert reads["visit_lesson"] == 1
    assert reads["lesson_state"] == 0  # the visit says where the learner was
    assert reads["quiz_attempts"] == 0  # the quiz resumes from its latest attempt only
    for whole_course in ("progress_summary", "lesson_states", "all_quiz_scores", "settings"):
        assert reads[whole_course] == 0, whole_course
    snapshot = window.session.progress.snapshot
    assert snapshot is not None and snapshot.position.lesson_id == with_quiz.id
    # The same as reading everything again.
    full = window.session.progress
    patched = snapshot
    full.refresh()
    assert full.snapshot.statuses == patched.statuses
    assert full.snapshot.scores == patched.scores
    assert full.snapshot.position == patched.position


def test_home_is_drawn_when_shown_not_on_every_opening(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    plain = [les for les in list(window.course.lessons())[1:] if not les.content_note]
    draws = _count_calls(window.home, ("set_modules", "set_quizzes", "set_position"))
    for lesson in plain[:3]:
        window.open_lesson(lesson.id)
    assert draws == {"set_modules": 0, "set_quizzes": 0, "set_position": 0}
    window.show_home()
    assert draws == {"set_modules": 1, "set_quizzes": 1, "set_position": 1}
    assert plain[2].title in window.home.continue_text.text()
    done = sum(row.done for row in window.home.module_rows())
    assert done == 0  # opened, not finished
    window.session.store_life.lock()  # unencrypted: nothing happens; the page stays drawn
    assert plain[2].title in window.home.continue_text.text()


def test_a_thousand_lesson_outline_announces_only_the_changed_row(qtbot, tmp_path):
    from generated_course import write_generated_course

    from course.loader import load_course
    from ui.outline import OutlineModel

    course = load_course(write_generated_course(tmp_path / "big", lessons=1000, words=20)).course
    model = OutlineModel()
    model.set_course(course)
    lessons = list(course.lessons())
    model.set_statuses({les.id: LessonStatus.DONE for les in lessons[::3]})
    changed: list[tuple[int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, *_: changed.append((tl.parent().row(), tl.row(), br.row()))
    )
    statuses = {les.id: LessonStatus.DONE for les in lessons[::3]}
    statuses[lessons[500].id] = LessonStatus.IN_PROGRESS
    model.set_statuses(statuses)
    place = model.index_of_lesson(lessons[500].id)
    module_row = place.parent().row()
    assert changed == [(module_row, place.row(), place.row()), (-1, module_row, module_row)]


def _spy(widget, name: str, calls: list[str]) -> None:
    original = getattr(widget, name)

    def spy(*args):
        calls.append(name)
        return original(*args)

    setattr(widget, name, spy)


def test_home_updates_only_the_module_rows_that_changed(qtbot):
    home = HomePage()
    qtbot.addWidget(home)
    rows = [ModuleRow(f"Module {n}", 0, 5) for n in range(6)]
    home.set_modules(rows)
    model = home.modules.model()
    changed: list[tuple[int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda tl, br, *_: changed.append((tl.row(), br.row())))
    model.modelReset.connect(lambda: resets.append(True))

    home.set_modules(rows)
    assert changed == [] and resets == []  # nothing moved: nothing touched

    rows[3] = ModuleRow("Module 3", 2, 5)
    home.set_modules(rows)
    assert changed == [(3, 3)] and resets == []
    assert home.module_rows()[3] == ModuleRow("Module 3", 2, 5)
    assert model.index(3, 0).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Module 3: 2 of 5 lessons done"
    )


def test_home_draws_a_big_course_s_modules_without_a_widget_each(qtbot):
    # 40 modules were 120 labels and bars, made and polished in one turn of the event
    # loop on a course switch (issue 14): now one list, whatever the number of modules.
    home = HomePage()
    qtbot.addWidget(home)
    home.resize(900, 700)
    home.show()
    before = len(home.findChildren(QWidget))
    home.set_modules([ModuleRow(f"Module {n}", n % 5, 25) for n in range(40)])
    assert len(home.findChildren(QWidget)) == before
    assert home.modules.model().rowCount() == 40
    # As tall as its rows: Home scrolls, the list does not.
    line = home.modules.fontMetrics().height()
    qtbot.waitUntil(lambda: home.modules.height() >= 40 * line)
    assert not home.modules.verticalScrollBar().isVisible()


def test_module_rows_height_is_worked_out_once_per_width(qtbot, monkeypatch):
    # Laying out Home, Qt asked the list for the same widths some 25 times before the
    # first frame, and each answer laid out every row's title again (issue 17, start-up).
    home = HomePage()
    qtbot.addWidget(home)
    rows = [ModuleRow(f"Module {n}", 0, 5) for n in range(6)]
    home.set_modules(rows)
    view = home.modules
    delegate = view.itemDelegate()
    asked: list[int] = []
    row_height = delegate.row_height

    def counted(option, index, width):
        asked.append(width)
        return row_height(option, index, width)

    monkeypatch.setattr(delegate, "row_height", counted)
    height = view.heightForWidth(300)
    assert len(asked) == 6
    assert view.heightForWidth(300) == height and len(asked) == 6  # kept
    # Kept only while the rows, the font and the style are the same.
    home.set_modules([ModuleRow("A much longer module title, " * 6, 0, 5), *rows[1:]])
    taller = view.heightForWidth(300)
    assert taller > height
    font = view.font()
    font.setPointSize(font.pointSize() * 2)
    view.setFont(font)
    assert view.heightForWidth(300) > taller


def test_home_keeps_the_quiz_rows_when_they_are_the_same(qtbot):
    home = HomePage()
    qtbot.addWidget(home)
    rows = [QuizRow("Shame and guilt", 0.8, True, "2 March")]
    home.set_quizzes(rows)
    labels = [home.quizzes_box.itemAt(i).widget() for i in range(home.quizzes_box.count())]
    home.set_quizzes(list(rows))
    again = [home.quizzes_box.itemAt(i).widget() for i in range(home.quizzes_box.count())]
    assert again == labels
    home.set_quizzes([QuizRow("Shame and guilt", 1.0, True, "3 March")])
    assert "100%" in home.quizzes_box.itemAt(0).widget().text()


def test_showing_the_journal_reads_the_reflections_once(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    store = window.store
    reads: list[int] = []
    reflections = store.reflections
    store.reflections = lambda *a, **k: reads.append(1) or reflections(*a, **k)

    journal = window.page("journal")
    with qtbot.waitSignal(journal.loaded, timeout=TIMEOUT):
        window.show_journal()  # the first visit also makes the page
    assert len(reads) == 1
    window.show_home()
    with qtbot.waitSignal(journal.loaded, timeout=TIMEOUT):
        window.show_journal()
    assert len(reads) == 2


def test_library_lists_and_opens_courses_off_the_gui_thread(qtbot, data_paths, monkeypatch):
    import threading

    from generated_course import write_generated_course

    from course import loader

    prepare_store(data_paths)
    write_generated_course(data_paths.courses / "generated", lessons=30, words=40)
    window = start(qtbot, data_paths)
    threads: list[str] = []
    load_course = loader.load_course

    def spy(root, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return load_course(root, *args, **kwargs)

    monkeypatch.setattr(loader, "load_course", spy)
    library = window.library_pages
    with qtbot.waitSignal(library.courses_listed, timeout=TIMEOUT):
        window.show_library()
        assert library.page.busy.isVisibleTo(library.page)  # looking, with a busy indicator
    assert not library.page.busy.isVisibleTo(library.page)
    page = library.page
    row = next(i for i in range(page.list.count()) if "Generated" in page.list.item(i).text())
    page.list.setCurrentRow(row)
    with qtbot.waitSignal(window.session.current.changed, timeout=TIMEOUT):
        qtbot.keyClick(page.list, Qt.Key.Key_Return)
        assert window.course.id == "empathy-gap"  # still the old one while it loads
        assert page.busy.isVisibleTo(page) and page.busy_label.text() == messages.OPENING_COURSE
    assert window.course.id == "generated"
    assert window.pages.currentWidget() is window.home
    assert threads and threading.main_thread().name not in threads
