"""The therapist's workspace page (issue 11): clients, and a page per client.

Only a window on the workspace profile has it (`available`), so a learner's window never
shows it. The widgets are in ui/workspace.py; this controller reads and writes the store
and answers the client page's buttons.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from course.paths import WORKSPACE_PROFILE
from course.store.errors import StoreError  # the API waits for the store
from ui.pages.base import Page, PageHost

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from course.assignments import Assignment
    from course.model import Course
    from ui.workspace import WorkspaceView

log = logging.getLogger(__name__)

NO_STORE = "Your workspace is not open just now. Please wait a moment, or unlock it."
READ_FAILED = "Your workspace could not be read just now. Nothing has been lost."
PDF_FILTER = "PDF documents (*.pdf);;All files (*)"
SENDER_SETTING = "assignment_sender"  # the name last put on an assignment (ui.assignments)
MAX_PDF_BYTES = 32 * 1024 * 1024
VIEWING_PREFIX = "bridgework-view-"  # then the process id: copies made for the viewer


def remove_stale_viewing_copies() -> list[Path]:
    """Remove viewer copies left in the temporary folder by a copy of the app that ended
    without cleaning up (a crash, a power cut); the folders removed.

    Only this user's folders, named with the id of a process that no longer runs: a
    running copy keeps its own. POSIX only, where asking after a process is harmless.
    """
    if os.name != "posix":
        return []
    removed: list[Path] = []
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return removed
    for entry in entries:
        pid_text = entry.name[len(VIEWING_PREFIX) :].split("-", 1)[0]
        if not entry.name.startswith(VIEWING_PREFIX) or not pid_text.isdigit():
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid_text), 0)
            continue  # that process still runs (or is another user's): not ours to touch
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
        except (OSError, OverflowError):
            continue
    return removed


class WorkspaceController(Page):
    key = "workspace"
    title = "&Clients"
    icon = "clients"
    shortcut = "Ctrl+3"
    tip = "Your clients, their assignments and reports (Ctrl+3)"

    @classmethod
    def available(cls, profile: str) -> bool:
        return profile == WORKSPACE_PROFILE

    def __init__(self, host: PageHost) -> None:
        super().__init__(host)
        self.current_client: int | None = None
        self._courses: dict[str, Course] | None = None
        self._viewing: Path | None = None
        self.today: dt.date | None = None  # tests fix the day
        life = self.session.store_life
        life.opened.connect(lambda _snapshot: self._store_opened())
        life.closed.connect(self._store_closed)
        self.session.current.changed.connect(self.forget_courses)

    @property
    def view(self) -> WorkspaceView:
        from ui.workspace import WorkspaceView

        widget = self.widget
        assert isinstance(widget, WorkspaceView)
        return widget

    def make(self) -> QWidget:
        from ui.workspace import WorkspaceView

        view = WorkspaceView()
        view.client_chosen.connect(self.show_client)
        view.add_client_requested.connect(self.add_client)
        view.remove_client_requested.connect(self.remove_client)
        client = view.client
        client.new_assignment_requested.connect(self.new_assignment)
        client.import_report_requested.connect(self.import_report)
        client.attach_pdf_requested.connect(self.attach_pdf)
        client.open_report_requested.connect(self.open_report)
        client.open_file_requested.connect(self.open_pdf)
        client.save_assignment_requested.connect(self.save_assignment_copy)
        return view

    def shown(self) -> None:
        self.refresh()
        self.view.client_list.setFocus()

    def _store_opened(self) -> None:
        """The workspace is what a therapist's window opens on once the store is open: at
        start and after every unlock (locking leaves the window on Home)."""
        features = getattr(self.host, "assignments", None)
        if features is not None:
            # File > Open progress report, and report files opened from the system, go to
            # the client they belong to.
            features.report_handler = self.keep_report_file
            features.assignment_maker = self.new_assignment
        remove_stale_viewing_copies()
        current = self.host.current_page()
        if current is None or current is self.host.page("home"):
            self.host.show_page(self.key)
            return
        self._refresh_if_shown()

    def _store_closed(self) -> None:
        # Locked, deleted or quitting: the decrypted copies of PDFs made for the system
        # viewer go too, so nothing of a client stays readable in the temporary folder.
        self.remove_viewing_copies()
        if self.is_made:
            self.view.clear()

    def _refresh_if_shown(self) -> None:
        if self.is_made and self.host.current_page() is self:
            self.refresh()

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def _store(self) -> Any:
        store = self.session.store
        if store is None:
            self.host.show_notice(NO_STORE)
        return store

    # -- courses ---------------------------------------------------------------------------

    def courses(self) -> dict[str, Course]:
        """Every installed course without errors, looked up on first need."""
        if self._courses is None:
            from course.assign_command import courses_by_id
            from ui.session import discover_courses

            current = self.session.current
            self._courses = courses_by_id(
                discover_courses(current.content_dir, current.paths.courses)
            )
        return self._courses

    def forget_courses(self) -> None:
        self._courses = None

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self._store()
        if store is None:
            return
        try:
            clients = store.clients()
        except StoreError:
            log.exception("reading clients failed")
            self.host.show_notice(READ_FAILED)
            return
        if self.current_client not in {c.id for c in clients}:
            self.current_client = clients[0].id if clients else None
        self.view.set_clients(clients, self.current_client)
        if self.current_client is not None:
            self.show_client(self.current_client)

    def show_client(self, client_id: int) -> None:
        from course.assignments import assignment_from_json
        from course.report import ReportError
        from course.workspace import build_timeline, kept_report

        store = self._store()
        if store is None:
            return
        try:
            client = next((c for c in store.clients() if c.id == client_id), None)
            if client is None:
                return
            reports = store.client_reports(client_id)
            kept = store.client_assignments(client_id)
            files = store.client_files(client_id)
        except StoreError:
            log.exception("reading a client failed")
            self.host.show_notice(READ_FAILED)
            return
        self.current_client = client_id
        parsed = []
        for row in reports:
            try:
                parsed.append(kept_report(row.document_json))
            except ReportError:
                log.exception("a kept report could not be read")
        assignments: list[tuple[str, Assignment | None]] = []
        for row in kept:
            try:
                assignments.append((row.id, assignment_from_json(row.document_json)))
            except (KeyError, TypeError, ValueError):
                assignments.append((row.id, None))
        timeline = build_timeline(
            parsed, [a for _i, a in assignments if a is not None], self.courses(), self._today()
        )
        self.view.client.show_client(client, timeline, reports, assignments, files)
        self.view.show_client_page()

    def _show(self, dialog: QDialog) -> QDialog:
        self.host.show_dialog(dialog)
        return dialog

    def _say(self, text: str) -> None:
        self.view.client.show_message(text)

    # -- clients ---------------------------------------------------------------------------

    def add_client(self) -> QDialog | None:
        from ui.workspace import AddClientDialog

        store = self._store()
        if store is None:
            return None
        dialog = AddClientDialog(store, self.host.dialog_parent())
        dialog.added.connect(self._client_added)
        return self._show(dialog)

    def _client_added(self, client: Any) -> None:
        self.current_client = client.id
        self.refresh()
        self._say("")

    # -- assignments -----------------------------------------------------------------------

    def new_assignment(self) -> QDialog | None:
        """The New assignment dialog, for the client on show; kept with them once saved."""
        from ui.assignments import NewAssignmentDialog

        store = self._store()
        client_id = self.current_client
        if store is None:
            return None
        if client_id is None:
            self.host.show_page(self.key)
            self.host.show_message(
                "Add a client first (Clients > Add a client...): each assignment is made for "
                "one client, by pseudonym, and kept with them."
            )
            return None
        try:
            therapist = str(store.get_setting(SENDER_SETTING, "") or "")
            label = next(c.label for c in store.clients() if c.id == client_id)
        except (StoreError, StopIteration):
            return None
        dialog = NewAssignmentDialog(
            self.courses(), self.host.dialog_parent(), therapist=therapist, today=self.today
        )
        dialog.client_label.setText(label)
        dialog.saved.connect(
            lambda path, d=dialog: self._assignment_saved(client_id, path, d.therapist.text())
        )
        return self._show(dialog)

    def _assignment_saved(self, client_id: int, path: str, sender: str) -> None:
        from course.assignments import AssignmentError, assignment_to_json, read_assignment

        store = self._store()
        if store is None:
            return
        try:
            assignment = read_assignment(path, today=self.today)
            store.add_client_assignment(client_id, assignment.id, assignment_to_json(assignment))
            if sender.strip():
                store.set_setting(SENDER_SETTING, sender.strip())
        except (AssignmentError, StoreError) as error:
            self._say(f"The assignment file was saved, but not kept in your workspace: {error}")
            return
        self.show_client(client_id)
        self._say(f"Saved {Path(path).name}. Give it to your client; a copy is kept here.")

    def save_assignment_copy(self, assignment_id: str, path: str | None = None) -> Path | None:
        """Save a kept assignment to a file again (the same id: a client imports it once)."""
        from course.assignments import FILE_SUFFIX, assignment_from_json, write_assignment
        from ui.assignments import FILE_FILTER

        store = self._store()
        if store is None:
            return None
        row = next((a for a in store.client_assignments() if a.id == assignment_id), None)
        if row is None:
            return None
        assignment = assignment_from_json(row.document_json)
        label = (assignment.client_label or "client").replace(" ", "-").replace("/", "-")
        suggested = str(
            Path.home() / f"assignment-{label}-{assignment.issued.isoformat()}{FILE_SUFFIX}"
        )
        path = path or self.ask_save_path("Save a copy of the assignment", suggested, FILE_FILTER)
        if not path:
            return None
        try:
            written = write_assignment(assignment, path)
        except OSError as error:
            self._say(
                f"The copy couldn't be saved there ({error.strerror or error}). Nothing was "
                "written; please choose another folder."
            )
            return None
        self._say(f"Saved a copy as {written.name}.")
        return written

    # -- reports ---------------------------------------------------------------------------

    def ask_open_path(self, title: str, file_filter: str) -> str:
        """A separate method so tests can answer it."""
        from ui.file_dialogs import open_file_name

        return open_file_name(self.host.dialog_parent(), title, "", file_filter)

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        from ui.file_dialogs import save_file_name

        return save_file_name(self.host.dialog_parent(), title, suggested, file_filter)

    def import_report(self, path: str | None = None) -> bool:
        """Keep a report file with the client on show: once, read-only. True if added."""
        from course.report import ReportError
        from course.workspace import read_received_report
        from ui.report_dialogs import REPORT_FILTER

        store = self._store()
        client_id = self.current_client
        if store is None or client_id is None:
            return False
        path = path or self.ask_open_path("Import a progress report", REPORT_FILTER)
        if not path:
            return False
        try:
            received = read_received_report(path)
            row, added = store.add_client_report(
                client_id,
                received.key,
                received.report.made_on,
                received.file_name,
                received.document_json,
            )
        except (ReportError, StoreError) as error:
            self._say(str(error))
            return False
        day = f"{row.made_on.day} {row.made_on:%B %Y}"
        self.show_client(client_id)
        if not added:
            owner = "" if row.client_id == client_id else " (with another client)"
            self._say(f"This report (made on {day}) is already kept{owner}. Nothing changed.")
        else:
            self._say(f"Kept the report made on {day}. It is read-only from now on.")
        return bool(added)

    def keep_report_file(self, path: str) -> bool:
        """A report file opened from the menu or the system: kept with the client whose
        assignment it names, and shown on their page. When it names no assignment made
        here, the therapist is asked which client it is from (or a new one); declining
        opens it to read, keeping nothing. False (and nothing kept) when the file cannot
        be read as a report: it is then shown, or explained, as any report is."""
        from course.report import ReportError
        from course.workspace import owner_of, read_received_report

        store = self.session.store
        if store is None:
            return False
        try:
            received = read_received_report(path)
            owners = {a.id: a.client_id for a in store.client_assignments()}
        except (ReportError, StoreError):
            return False
        owner = owner_of(received.report, owners)
        if owner is None:
            return self.ask_which_client(path, received) is not None
        self._keep_with(owner, path)
        return True

    def ask_which_client(self, path: str, received: Any) -> QDialog | None:
        """The report names no assignment made here: ask which client it is from."""
        from ui.report_dialogs import ReportViewer
        from ui.workspace import KeepReportDialog

        store = self.session.store
        try:
            clients = store.clients() if store is not None else None
        except StoreError:
            clients = None
        if clients is None:
            return None
        report = received.report
        dialog = KeepReportDialog(
            store, clients, report.client_label, report.made_on, self.host.dialog_parent()
        )
        dialog.kept.connect(lambda client_id: self._keep_with(client_id, path))
        dialog.declined.connect(
            lambda: self.host.show_dialog(ReportViewer(report, self.host.dialog_parent()))
        )
        return self._show(dialog)

    def _keep_with(self, client_id: int, path: str) -> None:
        self.current_client = client_id
        self.host.show_page(self.key)
        self.import_report(path)

    def remove_client(self) -> bool:
        """Remove the client on show, with everything kept for them, after asking."""
        store = self._store()
        client_id = self.current_client
        if store is None or client_id is None:
            return False
        label = self.view.client.title.text()
        if not self.confirm_remove(label):
            return False
        try:
            store.remove_client(client_id)
        except StoreError as error:
            self._say(error.message)
            return False
        self.current_client = None
        self.refresh()
        return True

    def confirm_remove(self, label: str) -> bool:
        """A separate method so tests can answer it."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.host.dialog_parent(),
            "Remove a client",
            f"Remove {label} from your workspace, with the assignments and reports kept for "
            "them? The files you saved elsewhere are not touched. This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_report(self, report_id: int) -> QDialog | None:
        from course.workspace import kept_report
        from ui.report_dialogs import ReportViewer

        store = self._store()
        if store is None:
            return None
        row = next((r for r in store.client_reports() if r.id == report_id), None)
        if row is None:
            return None
        return self._show(ReportViewer(kept_report(row.document_json), self.host.dialog_parent()))

    # -- PDFs ------------------------------------------------------------------------------

    def attach_pdf(self, path: str | None = None) -> bool:
        """Keep a PDF report with the client on show (inside the store). True if added."""
        store = self._store()
        client_id = self.current_client
        if store is None or client_id is None:
            return False
        path = path or self.ask_open_path("Attach a PDF report", PDF_FILTER)
        if not path:
            return False
        source = Path(path)
        try:
            with source.open("rb") as handle:
                data = handle.read(MAX_PDF_BYTES + 1)
        except OSError as error:
            self._say(f"'{source.name}' could not be opened ({error.strerror or error}).")
            return False
        if not data.startswith(b"%PDF-"):
            self._say(f"'{source.name}' is not a PDF document, so it was not attached.")
            return False
        try:
            _row, added = store.add_client_file(client_id, source.name, data)
        except StoreError as error:
            self._say(error.message)
            return False
        self.show_client(client_id)
        self._say(f"Attached {source.name}." if added else f"{source.name} is already attached.")
        return bool(added)

    def open_pdf(self, file_id: int) -> Path | None:
        """Open a kept PDF with the system's viewer, from a private temporary copy."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        store = self._store()
        if store is None:
            return None
        try:
            name = next(f.name for f in store.client_files() if f.id == file_id)
            data = store.client_file_data(file_id)
        except (StoreError, StopIteration):
            self._say("That PDF could not be read just now. Nothing has been lost.")
            return None
        folder = self._viewing_folder()
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in Path(name).name)
        target = folder / f"{file_id}-{safe or 'report.pdf'}"
        try:
            target.write_bytes(data)
        except OSError as error:
            self._say(f"The PDF could not be opened ({error.strerror or error}).")
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

    def _viewing_folder(self) -> Path:
        """A folder only this user can read, removed when the store closes or the app ends."""
        if self._viewing is None or not self._viewing.is_dir():
            self._viewing = Path(tempfile.mkdtemp(prefix=f"{VIEWING_PREFIX}{os.getpid()}-"))
            atexit.register(shutil.rmtree, self._viewing, True)
        return self._viewing

    def leave(self) -> None:
        """Nothing is held unsaved; copies made for viewing go when the window does."""

    def remove_viewing_copies(self) -> None:
        if self._viewing is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self._viewing)
            self._viewing = None
