"""The therapist's workspace: clients by pseudonym, and a page per client.

Widgets only, over plain values (course.workspace's Timeline, the store's Client*
records); the page controller (ui/pages/workspace.py) reads and writes the store.
- AddClientDialog: name a client by pseudonym or initials, with a plain warning.
- KeepReportDialog: which client a report belongs to, when it names no assignment made
  here (an existing client, or a new one).
- ClientView: one client's timeline across their reports: what is due and overdue,
  which report is newest, lessons completed, quiz results, ratings as charts over time,
  shared reflections in date order; and what is kept for them (assignments, reports, PDFs).
- WorkspaceView: the list of clients beside the client on show.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from course.assignments import Assignment, ItemState
from course.store.api import StoreError
from course.store.records import Client, ClientFile, ClientReport
from course.store.workspace import MAX_LABEL
from course.workspace import PSEUDONYM_WARNING, Timeline
from ui.charts import ChartCard, LineChart, Series

_ID_ROLE = Qt.ItemDataRole.UserRole
NO_CLIENTS = (
    "No clients yet. Add one with “Add a client…”: a pseudonym or initials is all the "
    "workspace keeps. Then make an assignment for them, and import the reports they send back."
)
NO_REPORTS = "No report from this client yet. Reports they send you are kept here, read-only."


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class AddClientDialog(QDialog):
    """Add a client by pseudonym or initials. Enter adds, Escape cancels.

    Signals: added(object) with the new `Client`, after it is stored.
    """

    added = Signal(object)

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("Add a client")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        warning = QLabel(PSEUDONYM_WARNING)
        warning.setWordWrap(True)
        warning.setObjectName("noticeText")
        layout.addWidget(warning)
        self.label = QLineEdit()
        self.label.setMaxLength(MAX_LABEL)
        self.label.setPlaceholderText("Initials or a pseudonym, for example “client A” or “J.”")
        self.label.setAccessibleName("Pseudonym or initials")
        layout.addWidget(self.label)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("errorText")
        self.message.hide()  # until there is something to say
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton("Add client", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setIcon(QIcon())
        buttons.accepted.connect(self.add_client)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.label.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_client(self) -> bool:
        try:
            client = self._store.add_client(self.label.text())
        except StoreError as error:
            self.message.setText(error.message)
            self.message.show()
            self.label.setFocus()
            return False
        self.added.emit(client)
        self.accept()
        return True


NEW_CLIENT_ITEM = "A new client…"


class KeepReportDialog(QDialog):
    """Which client to keep a report with, when it names no assignment made here.

    The clients are listed with "A new client…" last; the one whose pseudonym is the
    report's own label is chosen already (otherwise the new client, named as the report
    names them). Enter keeps it, Escape keeps nothing (the report then opens to read).

    Signals: kept(int) with the client's id (a new client is stored first);
    declined() on "Not now" or Escape (not when the window closes it, as on locking).
    """

    kept = Signal(int)
    declined = Signal()

    def __init__(
        self,
        store: Any,
        clients: Sequence[Client],
        report_label: str | None,
        made_on: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("Keep this report with a client")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        named = f" for “{report_label}”" if report_label else ""
        intro = QLabel(
            f"This report (made on {_day(made_on)}{named}) names no assignment made in "
            "this workspace. Which client is it from? It will be kept with them, read-only."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.clients = QListWidget()
        self.clients.setAccessibleName("Client")
        wanted = " ".join((report_label or "").split()).casefold()
        chosen = None
        for client in clients:
            item = QListWidgetItem(client.label)
            item.setData(_ID_ROLE, client.id)
            self.clients.addItem(item)
            if wanted and client.label.casefold() == wanted and chosen is None:
                chosen = item
        self.new_item = QListWidgetItem(NEW_CLIENT_ITEM)
        self.clients.addItem(self.new_item)
        layout.addWidget(self.clients)
        self.new_label = QLineEdit(report_label or "")
        self.new_label.setMaxLength(MAX_LABEL)
        self.new_label.setPlaceholderText("Initials or a pseudonym for the new client")
        self.new_label.setAccessibleName("Pseudonym or initials for the new client")
        layout.addWidget(self.new_label)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("errorText")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.keep_button = buttons.addButton(
            "Keep with this client", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setDefault(True)
        not_now = buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        not_now.setToolTip("Keep nothing: the report opens to read")
        buttons.accepted.connect(self.keep)
        buttons.rejected.connect(self.decline)
        layout.addWidget(buttons)
        self.clients.currentItemChanged.connect(lambda *_: self._update_new_label())
        self.clients.setCurrentItem(chosen or self.new_item)
        self._update_new_label()
        self.clients.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_new_label(self) -> None:
        self.new_label.setEnabled(self.clients.currentItem() is self.new_item)
        self.message.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.decline()
            event.accept()
            return
        super().keyPressEvent(event)

    def decline(self) -> None:
        self.declined.emit()
        self.reject()

    def choose(self, label: str) -> None:
        """Make the client called `label` (or NEW_CLIENT_ITEM) the chosen one."""
        (item,) = self.clients.findItems(label, Qt.MatchFlag.MatchExactly)
        self.clients.setCurrentItem(item)

    def keep(self) -> bool:
        item = self.clients.currentItem()
        if item is None:
            return False
        if item is self.new_item:
            try:
                client_id = self._store.add_client(self.new_label.text()).id
            except StoreError as error:
                self.message.setText(error.message)
                self.message.show()
                self.new_label.setFocus()
                return False
        else:
            client_id = int(item.data(_ID_ROLE))
        self.kept.emit(client_id)
        self.accept()
        return True


class _Part:
    """One section's HTML, kept so the overview can be put together (and read in tests)."""

    def __init__(self) -> None:
        self._html = ""

    def setText(self, html_text: str) -> None:
        self._html = html_text

    def text(self) -> str:
        return self._html


def _browser(accessible: str) -> QTextBrowser:
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.setReadOnly(True)
    browser.setAccessibleName(accessible)
    return browser


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table width='100%' cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>"


class _KeptList(QWidget):
    """A short list of kept things with one action button (Open, Save a copy)."""

    activated = Signal(object)

    def __init__(self, title: str, button: str, empty: str) -> None:
        super().__init__()
        self.empty = empty
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_section_title(title))
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setMaximumHeight(130)
        self.list.itemActivated.connect(lambda item: self._activate(item))
        layout.addWidget(self.list)
        self.button = QPushButton(button)
        self.button.setAccessibleName(f"{title}: {button}")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(lambda: self._activate(self.list.currentItem()))
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)

    def fill(self, rows: Sequence[tuple[str, object]]) -> None:
        self.list.clear()
        for text, key in rows:
            item = QListWidgetItem(text)
            item.setData(_ID_ROLE, key)
            self.list.addItem(item)
        if not rows:
            item = QListWidgetItem(self.empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        else:
            self.list.setCurrentRow(len(rows) - 1)  # the newest
        self.button.setEnabled(bool(rows))

    def keys(self) -> list[object]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i.data(_ID_ROLE) for i in items if i is not None and i.data(_ID_ROLE) is not None]

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(_ID_ROLE) is not None:
            self.activated.emit(item.data(_ID_ROLE))


class ClientView(QWidget):
    """One client's page. Signals ask the controller to act:
    new_assignment_requested(), import_report_requested(), attach_pdf_requested(),
    open_report_requested(int), open_file_requested(int), save_assignment_requested(str).
    """

    new_assignment_requested = Signal()
    import_report_requested = Signal()
    attach_pdf_requested = Signal()
    open_report_requested = Signal(int)
    open_file_requested = Signal(int)
    save_assignment_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.newest = QLabel()
        self.newest.setTextFormat(Qt.TextFormat.PlainText)
        self.newest.setWordWrap(True)
        self.newest.setAccessibleName("Newest report")
        layout.addWidget(self.newest)
        row = QHBoxLayout()
        self.assign_button = QPushButton("New assignment…")
        self.import_button = QPushButton("Import report…")
        self.attach_button = QPushButton("Attach PDF…")
        for button, signal in (
            (self.assign_button, self.new_assignment_requested),
            (self.import_button, self.import_report_requested),
            (self.attach_button, self.attach_pdf_requested),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(signal)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Message")
        self.status.hide()
        layout.addWidget(self.status)

        # The sections' HTML (every outside text escaped), shown together in the overview.
        self.due = _Part()
        self.timeline = _Part()
        self.lessons = _Part()
        self.quizzes = _Part()
        self.reflections = _Part()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("This client")
        self.overview = _browser("Overview: what is due, reports over time, lessons, quizzes")
        self.tabs.addTab(self.overview, "Overview")
        ratings = QScrollArea()
        ratings.setWidgetResizable(True)
        ratings.setFrameShape(QFrame.Shape.NoFrame)
        ratings.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.ratings_box = QVBoxLayout(inner)
        self.rating_cards: list[ChartCard] = []
        self.no_ratings = QLabel("No self-ratings shared yet.")
        self.ratings_box.addWidget(self.no_ratings)
        self.ratings_box.addStretch(1)
        ratings.setWidget(inner)
        self.tabs.addTab(ratings, "Self-ratings")
        self.reflections_view = _browser("Reflections shared, in date order")
        self.tabs.addTab(self.reflections_view, "Reflections")
        kept = QWidget()
        kept_layout = QVBoxLayout(kept)
        self.reports = _KeptList("Reports received", "Open report", NO_REPORTS)
        self.reports.activated.connect(lambda key: self.open_report_requested.emit(int(key)))
        self.files = _KeptList("PDFs attached", "Open PDF", "No PDF attached.")
        self.files.activated.connect(lambda key: self.open_file_requested.emit(int(key)))
        self.assignments = _KeptList(
            "Assignments made", "Save a copy…", "No assignment made for this client yet."
        )
        self.assignments.activated.connect(
            lambda key: self.save_assignment_requested.emit(str(key))
        )
        for part in (self.reports, self.files, self.assignments):
            kept_layout.addWidget(part)
        kept_layout.addStretch(1)
        self.tabs.addTab(kept, "Kept files")
        layout.addWidget(self.tabs, 1)

    def show_message(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_client(
        self,
        client: Client,
        timeline: Timeline,
        reports: Sequence[ClientReport],
        assignments: Sequence[tuple[str, Assignment | None]],
        files: Sequence[ClientFile],
    ) -> None:
        e = html.escape
        self.title.setText(client.label)
        newest = timeline.newest
        self.newest.setText(
            f"Newest report: made on {_day(newest.made_on)}. "
            f"{len(timeline.reports)} report{'s' if len(timeline.reports) != 1 else ''} kept."
            if newest is not None
            else NO_REPORTS
        )
        if timeline.due:
            rows = []
            for line in timeline.due:
                if line.state is ItemState.DONE:
                    state = "done"
                elif line.state is ItemState.MISSING:
                    state = "not in the installed course"
                elif line.overdue:
                    state = "<b>overdue</b>"
                else:
                    state = "not done yet" if line.state is ItemState.NOT_STARTED else "started"
                progress = (
                    f"{line.lessons_done} of {line.lessons_total}" if line.lessons_total else ""
                )
                due = _day(line.due) if line.due else "no date"
                rows.append([e(line.title), e(due), state, e(progress)])
            self.due.setText(
                _table(["Assigned", "Due", "As of the newest report", "Lessons"], rows)
            )
        else:
            self.due.setText(e("Nothing assigned yet: “New assignment…” makes one."))
        self.timeline.setText(
            _table(
                ["Report made on", "Lessons done", "Quizzes", "Reflections", ""],
                [
                    [
                        e(_day(p.made_on)),
                        str(p.lessons_done),
                        str(p.quizzes),
                        str(p.reflections),
                        "<b>newest</b>" if p.newest else "",
                    ]
                    for p in timeline.reports
                ],
            )
            if timeline.reports
            else e(NO_REPORTS)
        )
        self.lessons.setText(
            _table(
                ["Completed", "Lesson", "Module"],
                [[e(_day(x.completed_on)), e(x.lesson), e(x.module)] for x in timeline.lessons],
            )
            if timeline.lessons
            else e("No lesson completed in the reports so far.")
        )
        self.quizzes.setText(
            _table(
                ["Lesson", "Best score in each report", "Passed"],
                [
                    [
                        e(q.lesson),
                        e(" · ".join(f"{score:.0%} ({_day(day)})" for day, score, _n in q.points)),
                        "yes" if q.passed else "not yet",
                    ]
                    for q in timeline.quizzes
                ],
            )
            if timeline.quizzes
            else e("No quiz results shared yet.")
        )
        self._show_ratings(timeline)
        self.reflections.setText(
            "".join(
                f"<p><b>{e(r.prompt)}</b><br/><small>{e(r.lesson)}, {e(_day(r.updated_on))}"
                f"</small></p><blockquote>{'<br/>'.join(e(p) for p in r.text.splitlines())}"
                "</blockquote>"
                for r in timeline.reflections
            )
            or e("No reflections shared yet.")
        )
        self.overview.setHtml(
            "".join(
                f"<h3>{e(title)}</h3>{part.text()}"
                for title, part in (
                    ("What is due", self.due),
                    ("Reports over time", self.timeline),
                    ("Lessons completed", self.lessons),
                    ("Quiz results", self.quizzes),
                )
            )
        )
        self.reflections_view.setHtml(self.reflections.text())
        self.reports.fill([(f"Made on {_day(r.made_on)} ({r.file_name})", r.id) for r in reports])
        self.files.fill([(f"{f.name}, added {_day(f.added_at.date())}", f.id) for f in files])
        self.assignments.fill(
            [
                (
                    f"Issued {_day(a.issued)}: {len(a.items)} item"
                    f"{'s' if len(a.items) != 1 else ''} from {a.therapist}"
                    if a is not None
                    else f"Assignment {assignment_id}",
                    assignment_id,
                )
                for assignment_id, a in assignments
            ]
        )

    def clear(self) -> None:
        """Hold nothing of the client last shown (the workspace was locked or closed)."""
        for label in (self.title, self.newest, self.status):
            label.clear()
        self.status.hide()
        for part in (self.due, self.timeline, self.lessons, self.quizzes, self.reflections):
            part.setText("")
        self.overview.clear()
        self.reflections_view.clear()
        self._remove_rating_cards()
        self.no_ratings.setVisible(True)
        for kept in (self.reports, self.files, self.assignments):
            kept.fill([])

    def _remove_rating_cards(self) -> None:
        for card in self.rating_cards:
            self.ratings_box.removeWidget(card)
            card.deleteLater()
        self.rating_cards = []

    def _show_ratings(self, timeline: Timeline) -> None:
        self._remove_rating_cards()
        self.no_ratings.setVisible(not timeline.ratings)
        for series in timeline.ratings:
            card = ChartCard(f"{series.prompt} ({series.lesson})", LineChart(), "rating")
            labels = [_day(day) for day, _v in series.points]
            values = tuple(float(v) for _d, v in series.points)
            card.set_data(
                labels,
                (Series("Rating", values),),
                series.minimum,
                series.maximum,
                f"Ratings from {series.minimum} to {series.maximum}, as the reports gave them.",
            )
            self.ratings_box.insertWidget(self.ratings_box.count() - 1, card)
            self.rating_cards.append(card)


class WorkspaceView(QWidget):
    """Clients on the left, the chosen client's page on the right.

    Signals: client_chosen(int) with a client id; add_client_requested();
    remove_client_requested() for the client on show.
    """

    client_chosen = Signal(int)
    add_client_requested = Signal()
    remove_client_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        side = QVBoxLayout()
        title = QLabel("Clients")
        title.setObjectName("pageTitle")
        side.addWidget(title)
        hint = QLabel("By pseudonym or initials only.")
        hint.setWordWrap(True)
        side.addWidget(hint)
        self.client_list = QListWidget()
        self.client_list.setAccessibleName("Clients")
        self.client_list.setMinimumWidth(150)
        self.client_list.setMaximumWidth(220)
        self.client_list.currentItemChanged.connect(self._current_changed)
        side.addWidget(self.client_list, 1)
        self.add_button = QPushButton("Add a client…")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_client_requested)
        side.addWidget(self.add_button)
        self.remove_button = QPushButton("Remove client…")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_client_requested)
        side.addWidget(self.remove_button)
        layout.addLayout(side, 0)
        self.stack = QStackedWidget()
        self.empty = QLabel(NO_CLIENTS)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.client = ClientView()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.client)
        layout.addWidget(self.stack, 1)
        self._filling = False

    def set_clients(self, clients: Sequence[Client], current: int | None) -> None:
        self._filling = True
        self.client_list.clear()
        for client in clients:
            item = QListWidgetItem(client.label)
            item.setData(_ID_ROLE, client.id)
            self.client_list.addItem(item)
            if client.id == current:
                self.client_list.setCurrentItem(item)
        self._filling = False
        self.remove_button.setEnabled(bool(clients))
        if not clients:
            self.stack.setCurrentWidget(self.empty)

    def clear(self) -> None:
        """Show no client and keep none of their details in the widgets: a locked
        workspace must not hold a client's words behind the unlock page."""
        self.set_clients([], None)
        self.client.clear()

    def current_client(self) -> int | None:
        item = self.client_list.currentItem()
        return None if item is None else int(item.data(_ID_ROLE))

    def select_client(self, client_id: int) -> None:
        for i in range(self.client_list.count()):
            item = self.client_list.item(i)
            if item is not None and item.data(_ID_ROLE) == client_id:
                self.client_list.setCurrentItem(item)

    def show_client_page(self) -> None:
        self.stack.setCurrentWidget(self.client)

    def _current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._filling:
            self.client_chosen.emit(int(item.data(_ID_ROLE)))
