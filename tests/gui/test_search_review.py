"""Search and Review pages: standalone widgets, then the whole window (keys, Home, opening)."""

from __future__ import annotations

import pytest
from app_window import prepare_store, start
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from course.model import Course, QuizStep, TextStep
from course.paths import DataPaths
from course.search import CourseIndex, LessonHit, index_path
from course.store import ReviewGrade, WritingHit, open_store
from ui.review_view import AGAIN_NOTE, ALL_DONE, NOTHING_DUE, ReviewView
from ui.search_view import NOTHING_FOUND, SearchView

TIMEOUT = 20000


@pytest.fixture
def store(data_paths: DataPaths):
    with open_store(data_paths, backup_at_open=False) as opened:
        yield opened


@pytest.fixture
def index(data_paths: DataPaths, shipped_course: Course):
    made = CourseIndex(index_path(data_paths.root / "cache"))
    made.refresh([shipped_course])
    yield made
    made.close()


def _search_view(qtbot, store, index, course: Course) -> SearchView:
    view = SearchView(store, index)
    view.set_courses([course])
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def _type(qtbot, view: SearchView, text: str) -> None:
    view.field.setFocus()
    view.field.end(False)
    qtbot.keyClicks(view.field, text)
    assert view._timer.isActive()  # debounced: the search runs after a short pause
    qtbot.waitUntil(lambda: not view._timer.isActive())


def _groups(view: SearchView) -> list[str]:
    return [row.title for row in view.model.rows if row.hit is None]


# -- SearchView ---------------------------------------------------------------------------


def test_results_come_as_you_type_grouped_and_highlighted(qtbot, store, index, shipped_course):
    course = shipped_course
    store.save_reflection(course, "the-mirror", "mirror-reflect", "r1", "On Sunday I hid my face")
    view = _search_view(qtbot, store, index, course)
    _type(qtbot, view, "sund")  # the last word is still being typed
    assert _groups(view) == ["Your writing"]
    (hit,) = view.hits()
    assert isinstance(hit, WritingHit) and hit.prompt_id == "r1"
    assert "<b>Sunday</b>" in view.model.rows[1].html
    view.field.clear()
    _type(qtbot, view, "shame")
    assert _groups(view) == ["Lessons"]
    assert all(isinstance(h, LessonHit) for h in view.hits())
    _type(qtbot, view, " sunday")  # "shame sunday": every word must match
    assert view.model.rows == [] and view.status.text() == NOTHING_FOUND


def test_a_lesson_found_by_a_stem_variant_opens_at_the_matching_step(
    qtbot, store, index, shipped_course
):
    view = _search_view(qtbot, store, index, shipped_course)
    _type(qtbot, view, "ashamed")
    hits = [h for h in view.hits() if isinstance(h, LessonHit)]
    assert hits
    chosen: list[tuple[str, str, int]] = []
    view.lesson_chosen.connect(lambda c, lesson, step: chosen.append((c, lesson, step)))
    # Keyboard only: Down from the field into the results, Enter opens the first.
    qtbot.keyClick(view.field, Qt.Key.Key_Down)
    assert view.results.hasFocus()
    qtbot.keyClick(view.results, Qt.Key.Key_Return)
    (course_id, lesson_id, step) = chosen[0]
    assert (course_id, lesson_id, step) == (
        hits[0].course_id,
        hits[0].lesson_id,
        hits[0].step_index,
    )
    lesson = shipped_course.lesson(lesson_id)
    assert lesson is not None
    shown = lesson.steps[step]
    words = (
        shown.markdown
        if isinstance(shown, TextStep)
        else " ".join(q.prompt for q in shown.quiz.questions)
        if isinstance(shown, QuizStep)
        else lesson.title + " ".join(lesson.objectives)
    )
    assert "sham" in words.lower()


def test_enter_in_the_field_opens_a_reflection(qtbot, store, index, shipped_course) -> None:
    store.save_reflection(
        shipped_course, "the-mirror", "mirror-reflect", "r2", "a jar of marmalade"
    )
    view = _search_view(qtbot, store, index, shipped_course)
    chosen: list[tuple[str, ...]] = []
    view.writing_chosen.connect(lambda *args: chosen.append(args))
    _type(qtbot, view, "marmalade")
    qtbot.keyClick(view.field, Qt.Key.Key_Return)
    assert chosen == [(shipped_course.id, "the-mirror", "mirror-reflect", "r2")]


def test_the_model_passes_qt_model_tester(qtbot, qtmodeltester, store, index, shipped_course):
    view = _search_view(qtbot, store, index, shipped_course)
    _type(qtbot, view, "partner")
    qtmodeltester.check(view.model)


def test_while_lessons_are_being_indexed_writing_is_searched_and_said_so(
    qtbot, store, shipped_course
) -> None:
    store.save_reflection(shipped_course, "the-mirror", "mirror-reflect", "r1", "partner")
    view = _search_view(qtbot, store, None, shipped_course)
    view.set_indexing(True)
    _type(qtbot, view, "partner")
    assert _groups(view) == ["Your writing"]
    assert "Getting the lessons ready" in view.status.text()


# -- ReviewView ---------------------------------------------------------------------------


def _miss_a_question(store, course: Course) -> tuple[str, str]:
    lesson = course.lesson("shame-and-guilt")
    assert lesson is not None
    quiz = lesson.quizzes[0]
    attempt = store.start_quiz_attempt(course, lesson.id, quiz.id)
    for question in quiz.questions:
        store.record_answer(attempt, question.id, 0, 0.0 if question is quiz.questions[0] else 1.0)
    store.finish_quiz_attempt(attempt, question_count=len(quiz.questions), pass_ratio=0.7)
    return quiz.id, quiz.questions[0].id


def _right_answer(question):
    from course.model import QuestionType

    if question.type is QuestionType.TRUE_FALSE:
        return question.answer
    if question.type is QuestionType.ORDER:
        return tuple(range(len(question.items)))
    if question.type is QuestionType.MULTIPLE:
        return question.correct_indices
    return min(question.correct_indices)


def _wrong_answer(question):
    from course.model import QuestionType

    if question.type is QuestionType.TRUE_FALSE:
        return not question.answer
    if question.type is QuestionType.ORDER:
        return tuple(reversed(range(len(question.items))))
    wrong = [i for i in range(len(question.options)) if i not in question.correct_indices]
    return frozenset(wrong[:1]) if question.type is QuestionType.MULTIPLE else wrong[0]


def _review_view(qtbot, store, course: Course) -> ReviewView:
    view = ReviewView(store)
    view.set_courses([course])
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # the keyboard goes to the window on top
    return view


def test_a_missed_question_is_reviewed_right_and_rescheduled_by_keyboard(
    qtbot, store, shipped_course
) -> None:
    quiz_id, question_id = _miss_a_question(store, shipped_course)
    first_score = store.quiz_scores(shipped_course.id, quiz_id)
    view = _review_view(qtbot, store, shipped_course)
    assert view.start() == 1
    item = view.current
    assert item is not None and item.question.id == question_id
    assert view.quiz_view.prompt_label.text() == item.question.prompt
    view.quiz_view.choose(_right_answer(item.question))
    qtbot.keyClick(view.quiz_view, Qt.Key.Key_Return)  # Enter checks, as in a lesson
    assert view.quiz_view.feedback_label.isVisible()  # the feedback, shown again
    assert view.grade_buttons[ReviewGrade.GOOD].hasFocus()
    qtbot.keyClick(view.grade_buttons[ReviewGrade.GOOD], Qt.Key.Key_Return)
    assert view.showing_message and view.message.text() == ALL_DONE
    (card,) = store.review_cards()
    assert card.reviews == 1 and card.due > card.last_review
    assert store.review_status().due == 0
    assert store.quiz_scores(shipped_course.id, quiz_id) == first_score  # never lowered
    finished: list[bool] = []
    view.finished.connect(lambda: finished.append(True))
    view.done_button.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert finished == [True]


def test_a_wrong_review_answer_is_saved_at_once_and_kindly(qtbot, store, shipped_course) -> None:
    _miss_a_question(store, shipped_course)
    view = _review_view(qtbot, store, shipped_course)
    view.start()
    item = view.current
    assert item is not None
    view.answer(_wrong_answer(item.question))
    assert view.after_label.text() == AGAIN_NOTE
    (card,) = store.review_cards()
    assert card.reviews == 1  # saved the moment it was checked
    assert not view.grade(ReviewGrade.EASY)  # no grading a wrong answer
    qtbot.keyClick(view.next_button, Qt.Key.Key_Return)
    assert view.message.text() == ALL_DONE


def test_number_keys_grade_and_an_empty_session_says_so_calmly(qtbot, store, shipped_course):
    view = _review_view(qtbot, store, shipped_course)
    assert view.start() == 0
    assert view.message.text() == NOTHING_DUE
    _miss_a_question(store, shipped_course)
    view.start()
    item = view.current
    assert item is not None
    view.answer(_right_answer(item.question))
    qtbot.keyClick(view, Qt.Key.Key_3)  # Easy
    assert view.showing_message
    (card,) = store.review_cards()
    assert card.reviews == 1


def test_ask_me_again_in_a_quiz_makes_a_card(qtbot, store, shipped_course) -> None:
    from ui.quiz_view import ASKED_AGAIN, COMES_BACK, QuizView

    lesson = shipped_course.lesson("shame-and-guilt")
    assert lesson is not None
    quiz = lesson.quizzes[0]
    view = QuizView(store)
    qtbot.addWidget(view)
    view.show()
    view.set_quiz(shipped_course, lesson, quiz)
    view.choose(_right_answer(quiz.questions[0]))
    view.check()
    assert view.ask_again_button.isVisible() and view.ask_again_button.isEnabled()
    assert store.review_cards() == []
    view.ask_again_button.click()
    assert view.ask_again_button.text() == ASKED_AGAIN
    assert [c.question_id for c in store.review_cards()] == [quiz.questions[0].id]
    view.next_question()
    view.choose(_wrong_answer(view.question))
    view.check()
    assert view.ask_again_button.text() == COMES_BACK  # a miss comes back by itself
    assert len(store.review_cards()) == 2


# -- the whole window ---------------------------------------------------------------------


def test_ctrl_k_searches_and_opens_the_lesson_at_the_step(qtbot, data_paths) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    assert window.commands.page_actions["search"].shortcuts() == [
        QKeySequence("Ctrl+K"),
        QKeySequence("Ctrl+F"),
    ]
    window.commands.page_actions["search"].trigger()
    page = window.search_pages
    qtbot.waitUntil(lambda: page.index is not None and not page.indexing, timeout=TIMEOUT)
    view = page.view
    assert QApplication.focusWidget() is view.field
    qtbot.keyClicks(view.field, "ashamed")
    qtbot.waitUntil(lambda: bool(view.hits()), timeout=TIMEOUT)
    first = view.hits()[0]
    assert isinstance(first, LessonHit)
    qtbot.keyClick(view.field, Qt.Key.Key_Return)
    lesson_view = window.lesson_pages.view
    qtbot.waitUntil(lambda: window.current_page() is window.lesson_pages)
    assert lesson_view.lesson is not None and lesson_view.lesson.id == first.lesson_id
    assert lesson_view.showing_content_note() or lesson_view.step_index == first.step_index


def test_the_menu_bar_search_field_and_home_review_entry(qtbot, data_paths, shipped_course) -> None:
    prepare_store(data_paths)
    with open_store(data_paths, backup_at_open=False) as store:
        _miss_a_question(store, shipped_course)
        store.save_reflection(shipped_course, "the-mirror", "mirror-reflect", "r1", "lighthouse")
    window = start(qtbot, data_paths)
    home = window.home
    qtbot.waitUntil(lambda: home.review_button.text() == "Review (1 due)", timeout=TIMEOUT)
    assert home.review_button.isVisible()
    home.review_button.click()
    assert window.current_page() is window.page("review")
    review = window.page("review").view  # type: ignore[attr-defined]
    assert review.current is not None
    qtbot.keyClick(window.commands.search_field, "l")  # the first key moves to the Search page ...
    assert window.current_page() is window.search_pages
    view = window.search_pages.view
    assert QApplication.focusWidget() is view.field
    qtbot.keyClicks(view.field, "ighth")  # ... where the learner types on
    assert view.field.text() == "lighth"
    qtbot.waitUntil(lambda: any(isinstance(h, WritingHit) for h in view.hits()), timeout=TIMEOUT)
    qtbot.keyClick(view.field, Qt.Key.Key_Down)
    writing_row = next(i for i, r in enumerate(view.model.rows) if isinstance(r.hit, WritingHit))
    view.results.setCurrentIndex(view.model.index(writing_row, 0))
    qtbot.keyClick(view.results, Qt.Key.Key_Return)
    journal = window.page("journal")
    assert window.current_page() is journal
    editor = journal.view.editor  # type: ignore[attr-defined]
    # Chosen once the journal has read its entries (off the GUI thread).
    qtbot.waitUntil(lambda: editor.toPlainText() == "lighthouse", timeout=TIMEOUT)


def test_the_daily_review_limit_is_set_in_settings_by_keyboard(qtbot, data_paths, shipped_course):
    prepare_store(data_paths)
    quiz = shipped_course.quiz("shame-and-guilt-check")
    with open_store(data_paths, backup_at_open=False) as store:
        for question in quiz.questions:  # questions the course holds: only those count
            store.ask_again(shipped_course, "shame-and-guilt", quiz.id, question.id)
    window = start(qtbot, data_paths)
    home = window.home
    qtbot.waitUntil(lambda: home.review_button.text() == "Review (3 due)", timeout=TIMEOUT)
    window.commands["settings"].trigger()
    dialog = window.preferences.dialog
    assert dialog.review_limit.value() == 10  # the default
    dialog.review_limit.setFocus()
    dialog.review_limit.selectAll()
    qtbot.keyClicks(dialog.review_limit, "2")
    assert window.store.review_daily_limit() == 2
    assert home.review_button.text() == "Review (2 due)"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_while_locked_the_search_field_is_off(qtbot, data_paths) -> None:
    prepare_store(data_paths, passphrase="lock words")
    window = start(qtbot, data_paths, passphrase="lock words")
    assert window.commands.search_field.isEnabled()
    window.privacy.lock()
    qtbot.waitUntil(lambda: not window.commands.search_field.isEnabled(), timeout=TIMEOUT)
    assert not window.commands.page_actions["search"].isEnabled()


def test_after_delete_all_my_data_lessons_are_found_again(qtbot, data_paths) -> None:
    """Deleting removes the cache, the lesson index with it: the page lets go of its file
    and makes it again once the fresh store is open."""
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.commands.page_actions["search"].trigger()
    page = window.search_pages
    qtbot.waitUntil(lambda: page.index is not None and not page.indexing, timeout=TIMEOUT)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.privacy.delete_all_data()  # after its confirmation (test_settings)
    qtbot.waitUntil(lambda: window.first_run_dialog.isVisible(), timeout=TIMEOUT)
    window.first_run_dialog.accept_without_passphrase()
    qtbot.waitUntil(lambda: page.index.path.is_file() and not page.indexing, timeout=TIMEOUT)
    window.commands.page_actions["search"].trigger()
    qtbot.keyClicks(page.view.field, "ashamed")
    qtbot.waitUntil(
        lambda: any(isinstance(h, LessonHit) for h in page.view.hits()), timeout=TIMEOUT
    )


def test_a_check_in_found_by_search_opens_insights(qtbot, data_paths) -> None:
    from course.feelings import Pick

    prepare_store(data_paths)
    with open_store(data_paths, backup_at_open=False) as store:
        store.add_check_in([Pick("calm", "calm", 2)], note="a walk by the lighthouse")
    window = start(qtbot, data_paths)
    window.commands.page_actions["search"].trigger()
    view = window.search_pages.view
    qtbot.keyClicks(view.field, "lighthouse")
    qtbot.waitUntil(lambda: any(isinstance(h, WritingHit) for h in view.hits()), timeout=TIMEOUT)
    (hit,) = [h for h in view.hits() if isinstance(h, WritingHit)]
    assert hit.kind == "check-in"
    row = next(i for i, r in enumerate(view.model.rows) if r.hit is hit)
    assert view.model.data(view.model.index(row, 0)).startswith("A check-in · ")
    assert view.activate(row)
    assert window.current_page() is window.page("insights")


def test_a_perspective_answer_opens_at_its_step_in_the_lesson() -> None:
    from course.model import (
        Course,
        Lesson,
        Module,
        PromptType,
        Reflection,
        ReflectPrompt,
        ReflectStep,
        TextStep,
    )
    from ui.pages.search import _practice_step

    perspective = ReflectPrompt("partner", PromptType.PERSPECTIVE, "What might she feel?")
    text = ReflectPrompt("notes", PromptType.TEXT, "Anything else?")
    steps = (TextStep("Read this."), ReflectStep(Reflection("practice", (perspective, text))))
    lesson = Lesson(id="l1", title="L", path="l1.md", minutes=5, steps=steps)
    course = Course(id="c", version="1", title="C", modules=(Module("m", "M", (lesson,)),))
    assert _practice_step(course, "l1", "practice", "partner") == 1
    assert _practice_step(course, "l1", "practice", "notes") is None  # text: the journal
    assert _practice_step(course, "gone", "practice", "partner") is None
