"""The therapist's workspace (issue 11): its own profile, clients by pseudonym, assignments
made for them, reports imported once and shown on a timeline; a learner never sees it.

The round trip is shared with the no-network test (run_workspace_round_trip).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from app_window import TIMEOUT, prepare_store, start, visible_dialogs
from PySide6.QtCore import Qt
from workspace_kit import add_client_by_keyboard, export_report

from course.model import Course
from course.paths import WORKSPACE_PROFILE, DataPaths, start_profile

TODAY = dt.date(2026, 11, 26)
WEEK_1 = TODAY + dt.timedelta(days=7)
WEEK_2 = TODAY + dt.timedelta(days=14)
FIRST = "When she cried I wanted to leave the room, and this time I stayed"
SECOND = "I noticed the shame rising and named it out loud"
PRIVATE = "Something I am not ready to share with anyone yet"


@pytest.fixture(scope="module")
def course(shipped_course: Course) -> Course:
    return shipped_course


class Clock:
    def __init__(self, day: dt.date) -> None:
        self.set(day)

    def set(self, day: dt.date) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def therapist_window(qtbot, root: Path) -> Any:
    paths = DataPaths(root, WORKSPACE_PROFILE)
    prepare_store(paths)
    window = start(qtbot, paths)
    page = window.page("workspace")
    qtbot.waitUntil(lambda: window.current_page() is page, timeout=TIMEOUT)
    page.today = WEEK_2
    return window, page


def run_workspace_round_trip(qtbot, tmp_path: Path, course: Course) -> tuple[Any, Any]:
    """Therapist assigns for "client A"; the client works and shares; two reports come back."""
    from course.report import ReflectionKey
    from course.store import open_store
    from ui.assignments import ImportAssignmentDialog

    courses = {course.id: course}
    root = tmp_path / "therapist-data"
    window, page = therapist_window(qtbot, root)
    add_client_by_keyboard(qtbot, page, "client A")
    store = window.store
    (client,) = store.clients()
    assert page.current_client == client.id

    # The therapist assigns the Shame module to client A, from the client's page.
    page.today = TODAY
    dialog = page.new_assignment()
    assert dialog.client_label.text() == "client A"
    dialog.set_checked("shame")
    dialog.due_check.setChecked(True)
    dialog.therapist.setText("Sam Rivera")
    file = tmp_path / "for-client-a.bridgework-assignment"
    dialog.ask_path = lambda suggested: str(file)  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    (kept,) = store.client_assignments(client.id)
    page.today = WEEK_2

    # The client, on their own computer, imports it and works through two weeks.
    client_dir = tmp_path / "client"
    client_dir.mkdir()
    shutil.copy(file, client_dir / file.name)
    clock = Clock(TODAY)
    client_store = open_store(DataPaths(client_dir / "data"), clock=clock, backup_at_open=False)
    try:
        imported = ImportAssignmentDialog(
            client_dir / file.name, client_store, courses, today=TODAY
        )
        qtbot.addWidget(imported)
        assert imported.accept_assignment()
        reflect = "shame-and-guilt-reflect"
        client_store.complete_lesson(course, "shame-and-guilt")
        client_store.save_reflection(course, "shame-and-guilt", reflect, "r1", FIRST)
        client_store.save_reflection(course, "shame-and-guilt", reflect, "r2", PRIVATE)
        client_store.record_rating(
            course, "three-shame-reactions", "three-shame-reactions-reflect", "r4", 3
        )
        clock.set(WEEK_1)
        first = export_report(
            qtbot,
            client_store,
            courses,
            WEEK_1,
            client_dir,
            [ReflectionKey(course.id, reflect, "r1")],
        )
        clock.set(WEEK_1 + dt.timedelta(days=3))
        client_store.complete_lesson(course, "the-mirror")
        client_store.save_reflection(course, "shame-and-guilt", reflect, "r3", SECOND)
        client_store.record_rating(
            course, "three-shame-reactions", "three-shame-reactions-reflect", "r4", 6
        )
        clock.set(WEEK_2)
        second = export_report(
            qtbot,
            client_store,
            courses,
            WEEK_2,
            client_dir,
            [ReflectionKey(course.id, reflect, "r1"), ReflectionKey(course.id, reflect, "r3")],
        )
    finally:
        client_store.close()

    # The therapist imports both report files (the second one first: order does not matter).
    assert page.import_report(str(second.with_suffix(".bridgework-report")))
    assert page.import_report(str(first.with_suffix(".bridgework-report")))
    assert not page.import_report(str(first.with_suffix(".bridgework-report")))  # kept once
    assert "already kept" in page.view.client.status.text()
    assert len(store.client_reports(client.id)) == 2
    assert kept.id in (first.with_suffix(".bridgework-report")).read_text(encoding="utf-8")
    return window, page


def test_workspace_round_trip(qtbot, tmp_path, course) -> None:
    _window, page = run_workspace_round_trip(qtbot, tmp_path, course)
    view = page.view.client
    timeline = view.timeline.text()
    assert "3 Dec 2026" in timeline and "10 Dec 2026" in timeline
    assert timeline.index("3 Dec 2026") < timeline.index("10 Dec 2026")
    assert timeline.count("newest") == 1 and timeline.rindex("newest") > timeline.index("10 Dec")
    assert "Newest report: made on 10 Dec 2026" in view.newest.text()
    shared = view.reflections.text()
    assert FIRST in shared and SECOND in shared and PRIVATE not in shared
    assert shared.index(FIRST) < shared.index(SECOND)  # date order
    assert shared.count(FIRST) == 1  # shared in both reports, shown once
    lessons = view.lessons.text()
    assert "Shame and guilt" in lessons and "The mirror" in lessons
    assert "Best score" in view.quizzes.text() or "No quiz" in view.quizzes.text()
    (card,) = view.rating_cards
    assert card.chart.series[0].values == (3.0, 6.0)
    due = view.due.text()
    assert "Shame" in due and "2 of 5" in due and "overdue" not in due
    page.today = WEEK_2 + dt.timedelta(days=1)  # the module was due on 10 December
    page.show_client(page.current_client)
    assert "<b>overdue</b>" in view.due.text()
    assert len(view.reports.keys()) == 2
    # A kept report opens read-only, offline.
    viewer = page.open_report(int(view.reports.keys()[-1]))
    assert viewer.browser.isReadOnly() and SECOND in viewer.browser.toPlainText()
    viewer.reject()


def test_kept_assignment_saves_again_and_a_pdf_opens_with_the_system_viewer(
    qtbot, tmp_path, course, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from course.assignments import read_assignment

    window, page = run_workspace_round_trip(qtbot, tmp_path, course)
    (kept,) = window.store.client_assignments()
    copy = page.save_assignment_copy(kept.id, str(tmp_path / "again.bridgework-assignment"))
    assert copy is not None and read_assignment(copy, today=TODAY).id == kept.id

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    pdf = tmp_path / "client" / f"report-{WEEK_1.isoformat()}.pdf"
    assert page.attach_pdf(str(pdf))
    assert not page.attach_pdf(str(pdf))  # the same PDF is kept once
    (kept_file,) = window.store.client_files()
    shown = page.open_pdf(kept_file.id)
    assert opened == [str(shown)] and Path(opened[0]).read_bytes() == pdf.read_bytes()
    page.remove_viewing_copies()
    assert not Path(opened[0]).exists()
    not_pdf = tmp_path / "notes.txt"
    not_pdf.write_text("hello", encoding="utf-8")
    assert not page.attach_pdf(str(not_pdf))
    assert "not a PDF" in page.view.client.status.text()


def test_add_client_dialog_by_keyboard(qtbot, tmp_path) -> None:
    from ui.workspace import AddClientDialog

    window, page = therapist_window(qtbot, tmp_path / "data")
    dialog = page.add_client()
    assert isinstance(dialog, AddClientDialog)
    qtbot.waitExposed(dialog)
    assert "never a client's full name" in dialog.findChild(type(dialog.message)).text()
    assert dialog.focusWidget() is dialog.label
    qtbot.keyClick(dialog.label, Qt.Key.Key_Return)  # empty: a message, nothing added
    assert dialog.isVisible() and "pseudonym" in dialog.message.text()
    qtbot.keyClick(dialog.label, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.add_button
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape: nothing added
    assert window.store.clients() == []
    add_client_by_keyboard(qtbot, page, "J. B.")
    add_client_by_keyboard(qtbot, page, "client A")
    assert [page.view.client_list.item(i).text() for i in range(2)] == ["client A", "J. B."]
    # The same name twice is refused plainly, in the dialog.
    dialog = page.add_client()
    qtbot.keyClicks(dialog.label, "client a")
    qtbot.keyClick(dialog.label, Qt.Key.Key_Return)
    assert dialog.isVisible() and "already a client" in dialog.message.text()
    dialog.reject()


def test_a_learner_profile_never_shows_the_workspace(qtbot, data_paths) -> None:
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    assert "workspace" not in window.pages.by_key
    texts = [a.text() for a in window.commands.page_actions.values()]
    assert "&Clients" not in texts
    view_menu = window.menuBar().actions()[1].menu()
    assert all("Clients" not in a.text() for a in view_menu.actions())
    file_menu = [a.text() for a in window.commands.file_menu.actions()]
    assert "&New assignment…" not in file_menu  # making assignments is the workspace's
    # Only the way in, in the File menu, and nothing happens unless it is chosen.
    assert window.profile_switch.action.text() == "Open therapist &workspace"
    assert not (data_paths.root / "profiles" / WORKSPACE_PROFILE).exists()
    assert start_profile(data_paths.root) == "default"


def test_the_file_menu_opens_the_workspace_and_back(qtbot, qapp, data_paths) -> None:
    from ui.app import build_window
    from ui.single_instance import ProfileLock
    from ui.workspace_mode import ProfileWindows

    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    lock = ProfileLock(data_paths)
    assert lock.try_claim()
    made = []

    def build(paths, content):
        new = build_window(paths, content_dir=content)
        qtbot.addWidget(new)
        made.append(new)
        return new

    windows = ProfileWindows(qapp, window, lock, build)
    window.profile_switch.action.trigger()
    (workspace,) = made
    assert workspace.paths.profile == WORKSPACE_PROFILE and windows.window is workspace
    assert not window.isVisible() and workspace.isVisible()
    assert start_profile(data_paths.root) == WORKSPACE_PROFILE
    # Its own profile: its own folder and database, with its own welcome.
    qtbot.waitUntil(lambda: workspace.first_run_dialog is not None, timeout=TIMEOUT)
    dialog = workspace.first_run_dialog
    assert dialog.workspace_button is None
    assert (data_paths.root / "profiles" / WORKSPACE_PROFILE / "progress.db").exists()
    dialog.accept_without_passphrase()
    assert workspace.profile_switch.action.text() == "Open my own &learning"
    workspace.profile_switch.action.trigger()
    assert made[-1].paths.profile == "default"
    assert start_profile(data_paths.root) == "default"
    windows.window.close()
    windows.release()
    windows.deleteLater()


def test_the_welcome_offers_the_workspace_quietly(qtbot) -> None:
    from ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(offer_workspace=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.workspace_button is not None and not dialog.workspace_button.isDefault()
    # Enter in the passphrase field is still "Set passphrase and start", never the offer.
    dialog.fields.first.setText("a long enough passphrase")
    dialog.fields.second.setText("a long enough passphrase")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.fields.first, Qt.Key.Key_Return)
    assert not dialog.workspace_chosen and dialog.passphrase()
    again = FirstRunDialog(offer_workspace=True)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.accepted):
        again.workspace_button.click()
    assert again.workspace_chosen and again.passphrase() is None


def test_a_report_opened_from_the_menu_goes_to_its_client(qtbot, tmp_path, course) -> None:
    window, page = run_workspace_round_trip(qtbot, tmp_path, course)
    store = window.store
    (client,) = store.clients()
    other = store.add_client("B")
    page.current_client = other.id
    qtbot.waitUntil(lambda: window.assignments is not None, timeout=TIMEOUT)
    features = window.assignments
    assert features.report_handler is not None
    # A newer copy of the same report is kept once; a new report goes to client A, whose
    # assignment it names, whichever client is on show.
    report = tmp_path / "client" / f"report-{WEEK_2.isoformat()}.bridgework-report"
    assert features.open_report(str(report)) is None  # kept, not shown in a viewer
    assert page.current_client == client.id
    assert "already kept" in page.view.client.status.text()
    assert len(store.client_reports(client.id)) == 2 and store.client_reports(other.id) == []


def test_removing_a_client_asks_first_and_takes_everything_kept(qtbot, tmp_path, course) -> None:
    window, page = run_workspace_round_trip(qtbot, tmp_path, course)
    store = window.store
    page.confirm_remove = lambda label: False  # type: ignore[method-assign]
    assert not page.remove_client()
    assert len(store.clients()) == 1
    asked = []
    page.confirm_remove = lambda label: asked.append(label) or True  # type: ignore[method-assign]
    assert page.remove_client()
    assert asked == ["client A"]
    assert store.clients() == [] and store.client_reports() == []
    assert store.client_assignments() == []
    assert page.view.stack.currentWidget() is page.view.empty
    assert not page.view.remove_button.isEnabled()


def test_choosing_the_workspace_in_the_welcome(qtbot, data_paths) -> None:
    window = start(qtbot, data_paths)  # a new profile: the welcome comes
    qtbot.waitUntil(lambda: window.first_run_dialog is not None, timeout=TIMEOUT)
    dialog = window.first_run_dialog
    with qtbot.waitSignal(window.profile_switch.requested) as asked:
        dialog.workspace_button.click()
    assert asked.args == [WORKSPACE_PROFILE]
    assert start_profile(data_paths.root) == WORKSPACE_PROFILE
    # The learner's own profile keeps its welcome for the day it is opened for learning.
    assert window.session.store_life.first_run


def test_a_report_file_given_at_start_is_kept_with_its_client(qtbot, tmp_path, course) -> None:
    from app_window import prepare_store

    from ui.app import build_window

    window, _page = run_workspace_round_trip(qtbot, tmp_path, course)
    root = window.paths.root
    (client,) = window.store.clients()
    (kept,) = window.store.client_assignments()
    report = tmp_path / "client" / f"report-{WEEK_2.isoformat()}.bridgework-report"
    # A third report, made later, handed to a workspace that is starting.
    later = tmp_path / "later.bridgework-report"
    text = report.read_text(encoding="utf-8").replace(WEEK_2.isoformat(), "2026-12-17")
    later.write_text(text.replace('"report_id": "', '"report_id": "x'), encoding="utf-8")
    window.close()
    paths = DataPaths(root, WORKSPACE_PROFILE)
    prepare_store(paths)
    again = build_window(paths, open_file=str(later))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.store is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(again.store.client_reports(client.id)) == 3, timeout=TIMEOUT)
    page = again.page("workspace")
    qtbot.waitUntil(lambda: again.current_page() is page, timeout=TIMEOUT)
    assert kept.id in later.read_text(encoding="utf-8")


def test_file_new_assignment_is_the_workspace_s(qtbot, tmp_path) -> None:
    """In the workspace, File > New assignment makes it for the client on show; a learner's
    File menu has no such entry."""
    from ui.assignments import NewAssignmentDialog

    window, page = therapist_window(qtbot, tmp_path / "data")
    qtbot.waitUntil(lambda: window.assignments is not None, timeout=TIMEOUT)
    features = window.assignments
    qtbot.waitUntil(lambda: features.assignment_maker is not None, timeout=TIMEOUT)
    menu = [a.text() for a in window.commands.file_menu.actions()]
    assert "&New assignment…" in menu
    assert features.new_assignment() is None  # no client yet: says to add one first
    (box,) = [d for d in window._dialogs if d.isVisible()]
    assert "Add a client first" in box.text()
    box.reject()
    add_client_by_keyboard(qtbot, page, "client A")
    dialog = features.new_assignment()
    assert isinstance(dialog, NewAssignmentDialog) and dialog.client_label.text() == "client A"
    dialog.reject()


def test_an_encrypted_workspace_opens_and_unlocks_on_clients(qtbot, tmp_path) -> None:
    """With a passphrase the workspace starts on Clients once unlocked, and comes back to
    Clients after locking, not to Home."""
    paths = DataPaths(tmp_path / "data", WORKSPACE_PROFILE)
    prepare_store(paths, passphrase="still water")
    window = start(qtbot, paths, passphrase="still water")
    page = window.page("workspace")
    qtbot.waitUntil(lambda: window.current_page() is page, timeout=TIMEOUT)
    assert window.top.currentWidget() is window.area

    window.show_home()
    window.privacy.lock()
    qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
    window.unlock_page.passphrase.setText("still water")
    with qtbot.waitSignal(window.session.store_life.opened, timeout=TIMEOUT):
        qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is page, timeout=TIMEOUT)
    assert window.top.currentWidget() is window.area


def report_from_elsewhere(tmp_path: Path, kept_id: str, label: str, name: str) -> Path:
    """The round trip's newest report, as if made for an assignment this workspace never
    made (and for the client called `label`)."""
    import json

    report = tmp_path / "client" / f"report-{WEEK_2.isoformat()}.bridgework-report"
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["client_label"] == "client A"
    document["client_label"] = label
    document["report_id"] = f"elsewhere-{name}"
    text = json.dumps(document).replace(kept_id, "an-assignment-made-elsewhere")
    path = tmp_path / f"{name}.bridgework-report"
    path.write_text(text, encoding="utf-8")
    return path


def keep_report_dialog(qtbot, window, path: Path) -> Any:
    from PySide6.QtWidgets import QApplication

    from ui.workspace import KeepReportDialog

    qtbot.waitUntil(lambda: window.assignments is not None, timeout=TIMEOUT)
    assert window.assignments.open_report(str(path)) is None  # no viewer: asked first
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), KeepReportDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_report_naming_no_known_assignment_asks_which_client(qtbot, tmp_path, course) -> None:
    from ui.report_dialogs import ReportViewer
    from ui.workspace import NEW_CLIENT_ITEM

    window, page = run_workspace_round_trip(qtbot, tmp_path, course)
    store = window.store
    (client_a,) = store.clients()
    (kept,) = store.client_assignments()
    other = store.add_client("B")
    page.current_client = other.id

    # Its label is a client's pseudonym (spacing and case aside): they are chosen; Enter.
    dialog = keep_report_dialog(
        qtbot, window, report_from_elsewhere(tmp_path, kept.id, " Client  a", "one")
    )
    assert dialog.clients.currentItem().text() == "client A"
    assert not dialog.new_label.isEnabled()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.clients, Qt.Key.Key_Return)
    assert len(store.client_reports(client_a.id)) == 3 and store.client_reports(other.id) == []
    assert page.current_client == client_a.id
    assert window.current_page() is page

    # A label nobody has: a new client, named as the report names them; Tab, then Enter.
    dialog = keep_report_dialog(
        qtbot, window, report_from_elsewhere(tmp_path, kept.id, "R.", "two")
    )
    assert dialog.clients.currentItem().text() == NEW_CLIENT_ITEM
    qtbot.keyClick(dialog.clients, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.new_label
    assert dialog.new_label.text() == "R."
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.new_label, Qt.Key.Key_Return)
    new = next(c for c in store.clients() if c.label == "R.")
    assert len(store.client_reports(new.id)) == 1 and page.current_client == new.id

    # Another client chosen by arrow keys; a new client's name already taken stays open.
    dialog = keep_report_dialog(
        qtbot, window, report_from_elsewhere(tmp_path, kept.id, "B", "three")
    )
    assert dialog.clients.currentItem().text() == "B"
    dialog.choose(NEW_CLIENT_ITEM)
    dialog.new_label.setText("R.")
    qtbot.keyClick(dialog.new_label, Qt.Key.Key_Return)
    assert dialog.isVisible() and "already a client called" in dialog.message.text()
    dialog.clients.setFocus()
    qtbot.keyClick(dialog.clients, Qt.Key.Key_Up)
    assert dialog.clients.currentItem().text() == "R."
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.clients, Qt.Key.Key_Return)
    assert len(store.client_reports(new.id)) == 2

    # Escape keeps nothing; the report opens to read, as a report does anywhere.
    before = len(store.client_reports())
    dialog = keep_report_dialog(
        qtbot, window, report_from_elsewhere(tmp_path, kept.id, "client A", "four")
    )
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.clients, Qt.Key.Key_Escape)
    assert len(store.client_reports()) == before
    qtbot.waitUntil(lambda: any(isinstance(d, ReportViewer) for d in visible_dialogs()))
    for viewer in visible_dialogs():
        viewer.reject()

    # Closed by the window (as on locking): nothing kept, and no report left open.
    dialog = keep_report_dialog(
        qtbot, window, report_from_elsewhere(tmp_path, kept.id, "client A", "five")
    )
    with qtbot.waitSignal(dialog.finished):
        window.close_dialogs()
    assert len(store.client_reports()) == before
    assert not any(isinstance(d, ReportViewer) for d in visible_dialogs())


def test_locking_the_workspace_keeps_no_client_details_in_the_window(qtbot, tmp_path) -> None:
    """Behind the unlock page the Clients page holds nothing of the client last shown:
    no name in the list, the title or the tabs."""
    from PySide6.QtWidgets import QLabel, QListWidget, QTextBrowser

    paths = DataPaths(tmp_path / "data", WORKSPACE_PROFILE)
    prepare_store(paths, passphrase="still water")
    window = start(qtbot, paths, passphrase="still water")
    page = window.page("workspace")
    qtbot.waitUntil(lambda: window.current_page() is page, timeout=TIMEOUT)
    add_client_by_keyboard(qtbot, page, "Canary K.")
    qtbot.waitUntil(lambda: page.view.client.title.text() == "Canary K.", timeout=TIMEOUT)

    def texts() -> list[str]:
        view = page.view
        found = [label.text() for label in view.findChildren(QLabel)]
        found += [b.toPlainText() for b in view.findChildren(QTextBrowser)]
        for listing in view.findChildren(QListWidget):
            found += [listing.item(i).text() for i in range(listing.count())]
        return found

    assert any("Canary" in text for text in texts())
    window.privacy.lock()
    qtbot.waitUntil(lambda: window.top.currentWidget() is window.unlock_page)
    assert not any("Canary" in text for text in texts())

    window.unlock_page.passphrase.setText("still water")
    with qtbot.waitSignal(window.session.store_life.opened, timeout=TIMEOUT):
        qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.client.title.text() == "Canary K.", timeout=TIMEOUT)
