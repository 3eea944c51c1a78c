"""The main window: start-up order, first run, unlock, a damaged store, import, comfort settings."""

from __future__ import annotations

from pathlib import Path

from app_window import TIMEOUT, prepare_store, start, visible_dialogs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from course.store.api import StoreCorrupt, is_encrypted, open_store
from ui import messages
from ui.app import build_window
from ui.first_run import FirstRunDialog
from ui.library import FindingsDialog
from ui.progress import SETTING_FIRST_RUN
from ui.shortcuts_sheet import ShortcutsSheet, action_label, keys_text


def test_window_paints_the_course_before_the_store_is_ready(qtbot, data_paths):
    prepare_store(data_paths)
    window = build_window(data_paths)
    qtbot.addWidget(window)
    order: list[str] = []
    window.painted.connect(lambda: order.append("painted"))
    window.ready.connect(lambda: order.append("ready"))
    # The course is there before the window is even shown: the loader ran, the store did not.
    assert window.course is not None and window.course.id == "empathy-gap"
    assert window.store is None
    assert window.outline_model.rowCount() == len(window.course.modules)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    assert order == ["painted", "ready"]
    assert window.windowTitle() == "Bridgework"
    assert window.home.title.text() == window.course.title
    assert visible_dialogs() == []  # first run already done


def test_title_stays_neutral_in_a_lesson(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.open_lesson("how-this-course-works")
    window.setWindowTitle("How this course works")  # nothing may leak a lesson into the title
    assert window.windowTitle() == "Bridgework"


def test_first_run_welcome_without_passphrase(qtbot, data_paths):
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    dialog = window.first_run_dialog
    dialog.use_passphrase.setChecked(False)
    dialog.start_button.click()
    assert not dialog.isVisible()
    assert window.store is not None and window.store.get_setting(SETTING_FIRST_RUN) is True
    assert not window.store.encrypted
    window.close()

    again = start(qtbot, data_paths)
    assert visible_dialogs() == []
    assert again.store is not None


def test_first_run_offers_a_passphrase_with_the_plain_warning(qtbot, data_paths):
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    dialog = window.first_run_dialog
    labels = " ".join(label.text() for label in dialog.findChildren(type(dialog.fields.error)))
    assert "not therapy" in labels and "crisis" in labels
    assert "cannot recover" in labels or "no way to recover" in labels
    dialog.fields.first.setText("river stones")
    dialog.fields.second.setText("river stone")
    dialog.start_button.click()
    assert dialog.isVisible()  # a mismatch is explained, not accepted
    assert dialog.fields.error.text() == messages.PASSPHRASE_MISMATCH
    dialog.fields.second.setText("river stones")
    with qtbot.waitSignal(window.passphrase_changed, timeout=TIMEOUT):
        dialog.start_button.click()
    assert window.store is not None and window.store.encrypted
    assert is_encrypted(data_paths.database)


def test_first_run_help_link_opens_the_crisis_lesson(qtbot, data_paths):
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    window.first_run_dialog.help_button.click()
    assert window.pages.currentWidget() is window.lesson_page
    assert window.lesson_page.lesson is not None
    assert window.lesson_page.lesson.id == "getting-help"


def test_help_menu_opens_the_crisis_lesson(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.commands["help"].trigger()
    assert window.lesson_page.lesson is not None
    assert window.lesson_page.lesson.id == "getting-help"


def test_encrypted_profile_shows_the_unlock_page_and_handles_a_wrong_passphrase(qtbot, data_paths):
    prepare_store(data_paths, passphrase="quiet harbour")
    window = start(qtbot, data_paths, wait_ready=False)
    qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
    assert window.store is None
    page = window.unlock_page
    qtbot.keyClicks(page.passphrase, "loud harbour")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert page.busy.isVisible() or page.error.isVisible()
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=TIMEOUT)
    assert page.error.text() == messages.WRONG_PASSPHRASE
    assert window.store is None
    page.passphrase.setText("quiet harbour")
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        page.unlock_button.click()
    assert window.top.currentWidget() is window.main_page
    assert window.store is not None and window.store.encrypted


def test_empty_passphrase_is_asked_for_kindly(qtbot, data_paths):
    prepare_store(data_paths, passphrase="quiet harbour")
    window = start(qtbot, data_paths, wait_ready=False)
    qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
    window.unlock_page.unlock_button.click()
    assert window.unlock_page.error.text() == messages.EMPTY_PASSPHRASE


def test_damaged_store_offers_the_newest_backup(qtbot, data_paths, monkeypatch):
    prepare_store(data_paths)
    store = open_store(data_paths, backup_at_open=False)
    backup = store.backup_now()
    store.close()
    window = start(qtbot, data_paths)
    window.store.close()
    life = window.session.store_life
    life.store = None
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    restored: list[str] = []
    monkeypatch.setattr("course.store.api.restore_backup", lambda _p, name: restored.append(name))
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        life.open_failed(StoreCorrupt(data_paths.database.with_suffix(".damaged"), [backup]))
    assert "damaged" in asked[0] and "backup" in asked[0]
    assert restored == [backup.name]
    assert window.notice.isVisible() and "restored" in window.notice.text()


def _tiny_course(folder: Path, *, broken: bool = False) -> Path:
    folder.mkdir(parents=True)
    (folder / "course.yaml").write_text(
        "format: 1\nid: tiny\nversion: '1.0.0'\ntitle: A tiny course\n"
        "modules:\n  - id: m\n    title: Module\n    lessons:\n      - one.md\n",
        encoding="utf-8",
    )
    if not broken:
        (folder / "one.md").write_text(
            "---\nid: one\ntitle: One\nminutes: 2\n---\nSome text.\n", encoding="utf-8"
        )
    return folder


def test_import_a_course_folder(qtbot, data_paths, tmp_path):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    source = _tiny_course(tmp_path / "tiny")
    qtbot.waitUntil(
        lambda: window.assignments is not None and window.assignments.courses_known,
        timeout=TIMEOUT,
    )
    assert "tiny" not in window.assignments.courses()
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        window.import_course_from(source)
    assert blocker.args == [True]
    dialog = next(d for d in visible_dialogs() if isinstance(d, FindingsDialog))
    dialog.accept()
    with qtbot.waitSignal(window.library_pages.courses_listed, timeout=TIMEOUT):
        window.show_library()
    titles = [window.library.list.item(i).text() for i in range(window.library.list.count())]
    assert any("A tiny course" in t for t in titles)
    assert any("Bridging the Empathy Gap" in t for t in titles)
    # Assignments for the new course are accepted straight away, without a restart.
    qtbot.waitUntil(
        lambda: (
            window.assignments is not None
            and window.assignments.courses_known
            and "tiny" in window.assignments.courses()
        ),
        timeout=TIMEOUT,
    )


def test_import_refuses_a_broken_course_with_findings_in_plain_words(qtbot, data_paths, tmp_path):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    source = _tiny_course(tmp_path / "broken", broken=True)
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT) as blocker:
        window.import_course_from(source)
    assert blocker.args == [False]
    dialog = next(d for d in visible_dialogs() if isinstance(d, FindingsDialog))
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines and lines[0].startswith("Problem in course.yaml, line")
    assert "one.md" in lines[0]
    dialog.accept()
    assert not (data_paths.courses / "tiny").exists()


def test_text_size_and_theme_persist_in_the_store(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    before = window.preferences.text_size()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.preferences.text_size() == before + 1
    assert QApplication.font().pointSize() == before + 1
    window.preferences.set_theme("dark")
    window.close()

    again = start(qtbot, data_paths)
    assert again.preferences.text_size() == before + 1
    assert again.preferences.theme_name() == "dark"
    assert QApplication.palette().window().color().lightness() < 100
    again.preferences.set_theme("light")
    again.preferences.set_text_size(before)


def test_window_geometry_is_restored_from_a_file_in_the_data_dir(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    # Not the default size, and above the minimum that the side navigation sets.
    window.resize(760, 600)
    window.close()
    assert (data_paths.root / "window.ini").is_file()
    again = start(qtbot, data_paths)
    assert (again.width(), again.height()) == (760, 600)


def test_keyboard_reaches_every_page(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.library
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.journal_page
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.home
    window.activateWindow()
    window.area.focus_outline()
    outline = window.outline
    outline.setCurrentIndex(outline.model().index(0, 0, outline.model().index(0, 0)))
    qtbot.keyClick(outline, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.lesson_page


def test_library_opens_the_shipped_course(qtbot, data_paths, shipped_course_dir):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    with qtbot.waitSignal(window.library_pages.courses_listed, timeout=TIMEOUT):
        window.show_library()
    window.library.open_button.click()
    assert window.course_root == shipped_course_dir
    assert window.pages.currentWidget() is window.home


def test_help_lists_the_keyboard_shortcuts(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    # Found as a child, not through QAction.menu(): PySide6 6.7 (the floor) hands back a
    # wrapper of that menu which is already marked deleted.
    help_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help")
    assert window.commands["keys"] in help_menu.actions()
    window.commands["keys"].trigger()
    (sheet,) = visible_dialogs()
    assert isinstance(sheet, ShortcutsSheet)  # a sheet of its own, not a message box
    assert "F12" in sheet.text() and "Alt+Right" in sheet.text()
    # Every window action with a shortcut is listed, with its keys.
    for action in window.actions():
        keys = keys_text(action)
        if keys:
            assert f"{action_label(action)}: {keys}" in sheet.text()
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    assert not sheet.isVisible()


def test_f1_opens_on_the_emergency_numbers_without_scrolling(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.resize(1100, 720)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    view = window.lesson_page
    if view.showing_content_note():
        view.accept_content_note()
    view.go_to_step(0)
    browser = view.browser
    qtbot.waitUntil(lambda: "911" in browser.toPlainText())
    found = browser.document().find("911")
    assert not found.isNull()
    top = browser.cursorRect(found).top()
    assert 0 <= top < browser.viewport().height()  # on screen at once, no scrolling
    assert browser.verticalScrollBar().value() == 0


def test_f11_reading_mode_hides_the_navigation_and_brings_it_back(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.open_lesson("shame-and-guilt")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.navigation.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.navigation.isVisible() and window.area.is_reading_mode()
    assert window.leave_reading.isVisible()  # a visible way back, besides F11
    assert window.pages.currentWidget() is window.lesson_page
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.navigation.isVisible() and not window.area.is_reading_mode()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    window.area.focus_outline()  # Ctrl+L: going to the outline shows it again
    assert window.navigation.isVisible()
