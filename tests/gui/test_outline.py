"""The outline model (checked with qtmodeltester) and its view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from course.loader import load_course
from course.model import Course, Lesson, Module, TextStep
from ui.outline import (
    KIND_ROLE,
    LESSON_ID_ROLE,
    PROGRESS_ROLE,
    PROGRESS_TEXT_ROLE,
    STATUS_ROLE,
    LessonStatus,
    OutlineModel,
    OutlineView,
)


def _lesson(lesson_id: str) -> Lesson:
    return Lesson(
        id=lesson_id,
        title=lesson_id.title(),
        path=f"m/{lesson_id}.md",
        minutes=3,
        steps=(TextStep("Text"),),
    )


COURSE = Course(
    id="c",
    version="1",
    title="Course",
    modules=(
        Module(id="m1", title="First", lessons=(_lesson("a"), _lesson("b"))),
        Module(id="m2", title="Second", lessons=(_lesson("c"),)),
        Module(id="m3", title="Empty", lessons=()),
    ),
)


@pytest.fixture
def model(qtbot) -> OutlineModel:
    m = OutlineModel()
    m.set_course(COURSE)
    return m


def test_model_passes_qtmodeltester(qtmodeltester, model):
    model.set_statuses({"a": LessonStatus.DONE, "b": LessonStatus.IN_PROGRESS})
    qtmodeltester.check(model, force_py=True)


def test_shipped_course_passes_qtmodeltester(qtmodeltester, shipped_course_dir):
    course = load_course(shipped_course_dir).course
    assert course is not None
    model = OutlineModel()
    model.set_course(course)
    qtmodeltester.check(model, force_py=True)


def test_tree_shape_and_roles(model):
    assert model.rowCount() == 3
    first = model.index(0, 0)
    assert first.data() == "First" and first.data(KIND_ROLE) == "module"
    assert model.rowCount(first) == 2
    lesson = model.index(1, 0, first)
    assert lesson.data() == "B" and lesson.data(LESSON_ID_ROLE) == "b"
    assert lesson.parent() == first
    assert lesson.data(STATUS_ROLE) == LessonStatus.NOT_STARTED.value
    # One column: a lesson's status is its mark and its accessible name, not a text column.
    assert model.columnCount() == 1
    assert "not started" in lesson.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.rowCount(model.index(2, 0)) == 0
    assert model.rowCount(lesson) == 0


def test_statuses_and_module_progress(model):
    model.set_statuses({"a": LessonStatus.QUIZ_PASSED, "b": LessonStatus.IN_PROGRESS})
    first = model.index(0, 0)
    accessible = Qt.ItemDataRole.AccessibleTextRole
    assert "done, quiz passed" in model.index(0, 0, first).data(accessible)
    assert model.index(1, 0, first).data(STATUS_ROLE) == "in_progress"
    assert first.data(PROGRESS_TEXT_ROLE) == "1 of 2 done"
    assert first.data(accessible) == "First: 1 of 2 lessons done"
    assert first.data(PROGRESS_ROLE) == 50
    assert "in progress" in model.index(1, 0, first).data(Qt.ItemDataRole.AccessibleTextRole)


def test_only_changed_rows_are_announced(qtbot, model):
    model.set_statuses({"a": LessonStatus.DONE})
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda tl, br, *_: changed.append((tl.row(), br.row())))
    model.set_status("c", LessonStatus.DONE)
    # lesson c (row 0 under module 1) and module 1's own row
    assert changed == [(0, 0), (1, 1)]
    assert model.index(1, 0).data(PROGRESS_TEXT_ROLE) == "1 of 1 done"


def test_view_opens_a_lesson_with_enter_and_space(qtbot, model):
    view = OutlineView(model)
    qtbot.addWidget(view)
    view.show()
    view.expandAll()
    view.select_lesson("b")
    with qtbot.waitSignal(view.lesson_activated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert blocker.args == ["b"]
    view.select_lesson("c")
    assert view.currentIndex().data(LESSON_ID_ROLE) == "c"
    with qtbot.assertNotEmitted(view.lesson_activated):
        view.setCurrentIndex(model.index(0, 0))
        qtbot.keyClick(view, Qt.Key.Key_Space)  # a module is not a lesson


def test_view_paints_progress_bars(qtbot, model):
    view = OutlineView(model)
    qtbot.addWidget(view)
    model.set_statuses({"a": LessonStatus.DONE})
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    assert not view.grab().isNull()


def test_view_shows_full_titles_wrapped_not_cut_short(qtbot):
    long_title = "What your partner lives through, and why it takes so long to heal"
    lesson = Lesson(id="long", title=long_title, path="m/l.md", minutes=3, steps=(TextStep("T"),))
    course = Course(
        id="c", version="1", title="C", modules=(Module(id="m", title="M", lessons=(lesson,)),)
    )
    model = OutlineModel()
    model.set_course(course)
    view = OutlineView(model)
    qtbot.addWidget(view)
    view.resize(240, 400)
    view.show()
    qtbot.waitExposed(view)
    index = model.index_of_lesson("long")
    one_line = view.fontMetrics().height()
    qtbot.waitUntil(lambda: view.visualRect(index).height() > 2 * one_line)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.grab().width() == 240


def test_a_big_outline_is_laid_out_without_asking_each_row_its_count(qtbot, tmp_path):
    # An expanded tree walks every row when a course is shown (issue 14): each index()
    # through hasIndex() asked rowCount() and columnCount() again, and each lesson was
    # asked whether it has children, thousands of calls into Python for 1,000 lessons.
    from generated_course import write_generated_course

    course = load_course(write_generated_course(tmp_path / "big", lessons=1000, words=5)).course
    assert course is not None
    model = OutlineModel()
    view = OutlineView(model)
    qtbot.addWidget(view)
    view.resize(300, 600)
    view.show()
    asked = {"rowCount": 0, "columnCount": 0}
    for name in asked:
        original = getattr(model, name)

        def spy(*args, _name=name, _original=original):
            asked[_name] += 1
            return _original(*args)

        setattr(model, name, spy)
    model.set_course(course)
    view.expandAll()
    modules = len(course.modules)
    assert view.model().index(0, 0).data(KIND_ROLE) == "module"
    assert view.isExpanded(model.index(modules - 1, 0))
    assert asked["rowCount"] < 4 * modules  # about once per module, not per lesson
    assert asked["columnCount"] < 4 * modules
    assert not model.hasChildren(model.index_of_lesson(course.modules[0].lessons[0].id))
    assert not model.index(0, 1).isValid()  # one column only
    assert not model.index(len(course.modules), 0).isValid()


def _big_outline() -> OutlineModel:
    modules = tuple(
        Module(
            id=f"m{m}", title=f"Module {m}", lessons=tuple(_lesson(f"l{m}-{n}") for n in range(40))
        )
        for m in range(10)
    )
    model = OutlineModel()
    model.set_course(Course(id="big", version="1", title="Big", modules=modules))
    return model


def _count_measures(view: OutlineView) -> list[object]:
    delegate = view.itemDelegate()
    measured: list[object] = []
    original = delegate.sizeHint
    delegate.sizeHint = lambda option, index: measured.append(index) or original(option, index)
    return measured


def test_rows_are_measured_ahead_so_selecting_a_far_lesson_measures_none(qtbot):
    """Issue 14: the first scroll to the end of a long outline measured every row above
    it inside a lesson opening (about 40 ms with 1,000 lessons). Rows are measured ahead,
    a slice per turn of the event loop, and the view keeps their heights."""
    model = _big_outline()
    view = OutlineView(model)
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show()
    qtbot.waitUntil(lambda: view.unmeasured_rows() == 0)
    measured = _count_measures(view)
    view.select_lesson("l9-39")
    assert view.currentIndex().data(LESSON_ID_ROLE) == "l9-39"
    assert len(measured) < 3  # not the 400 rows above: measured already (one for its look)
    view.resize(260, 400)  # a new width wraps titles anew: measured again, ahead
    qtbot.waitUntil(lambda: view.unmeasured_rows() == 0)
    measured.clear()
    view.select_lesson("l0-0")
    view.select_lesson("l9-20")
    assert len(measured) < 5


def test_a_far_lesson_selected_before_rows_are_measured_measures_none_then_shows(qtbot):
    """Issue 14: a lesson opened just after a course is shown (rows not measured yet) had
    the view measure every row above it to draw and scroll to it, and again to repaint
    its new status, inside the opening (22-32 ms with 1,000 lessons in bench_heavy). It is
    made current at once without that, and scrolled to once the rows are measured ahead."""
    model = _big_outline()
    view = OutlineView(model)
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show()
    qtbot.waitExposed(view)
    assert view.unmeasured_rows() > 0
    measured = _count_measures(view)
    view.select_lesson("l9-39")
    assert view.currentIndex().data(LESSON_ID_ROLE) == "l9-39"
    model.set_status("l9-39", LessonStatus.IN_PROGRESS)  # the opening's visit, shown
    assert len(measured) < 5  # not the 400 rows above it
    qtbot.waitUntil(lambda: view.unmeasured_rows() == 0)
    index = model.index_of_lesson("l9-39")
    assert view.viewport().rect().contains(view.visualRect(index).center())
    with qtbot.waitSignal(view.lesson_activated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == ["l9-39"]
