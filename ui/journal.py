"""JournalView: every reflection the learner has written, by lesson and date, to search and edit.

The entries come from `ProgressStore.reflections()`; edits are saved back through
`ProgressStore.save_reflection()` about a second after the last keystroke, when
another entry is chosen, on focus-out and when the journal is hidden or closed.
The store keeps earlier wording as revisions, so an edit here never loses history.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from course.model import Course, ReflectPrompt
from course.store.api import CourseKey, ReflectionEntry
from ui.reflect_view import reflection_notifier

if TYPE_CHECKING:
    from course.store.api import ProgressStore

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000
ENTRY_ROLE = Qt.ItemDataRole.UserRole

EMPTY_JOURNAL = (
    "Nothing here yet. When you write in a lesson's reflection step, it appears here, "
    "so you can read it again and add to it."
)
NO_MATCHES = "Nothing matches that search. Try a shorter or different word."
CHOOSE_ENTRY = "Choose a reflection on the left to read or edit it."
SAVED = "Saved"
SAVING = "Saving soon…"
SAVE_FAILED = (
    "Couldn't save just now. Your words are still here, and Bridgework will try again "
    "when you make a change."
)


def _when(entry: ReflectionEntry) -> str:
    local = entry.updated_at.astimezone()
    return f"{local.day} {local:%b %Y, %H:%M}"


def _day(entry: ReflectionEntry) -> str:
    local = entry.updated_at.astimezone()
    return f"{local.day} {local:%b %Y}"


class JournalView(QWidget):
    """All reflections, grouped by lesson, with a search box and an editor.

    Signals:
        entry_saved(str): an edited entry was saved (its prompt id).
        lesson_link_activated(str): "Open lesson" was chosen; the lesson id to show.
        save_failed(str): a save failed; the message is for the learner.
    """

    entry_saved = Signal(str)
    lesson_link_activated = Signal(str)
    save_failed = Signal(str)

    def __init__(self, store: ProgressStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.courses: dict[str, Course] = {}
        self.entries: list[ReflectionEntry] = []
        self.current: ReflectionEntry | None = None
        # The row showing `current`; Qt has already moved currentItem() on when we save.
        self._current_item: QTreeWidgetItem | None = None
        self._saved_text = ""
        self._loading = False
        self.setAccessibleName("Journal")

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search your reflections")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search your reflections")
        self.search_edit.setAccessibleDescription(
            "Shows only reflections whose text, question or lesson contains these words."
        )
        self.search_edit.textChanged.connect(self._on_search_changed)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["What you wrote", "Last edited"])
        self.tree.setAccessibleName("Your reflections, by lesson")
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.currentItemChanged.connect(self._on_current_changed)

        self.empty_label = QLabel(EMPTY_JOURNAL)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAccessibleName("Journal status")

        self.lesson_label = QLabel()
        self.lesson_label.setObjectName("muted")
        self.lesson_label.setWordWrap(True)
        self.lesson_label.setTextFormat(Qt.TextFormat.PlainText)
        self.lesson_label.setAccessibleName("Lesson")
        self.prompt_label = QLabel(CHOOSE_ENTRY)
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.prompt_label.font()
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Reflection text")
        self.editor.setAccessibleDescription("Edits are saved as you type.")
        self.editor.setTabChangesFocus(True)
        self.editor.setEnabled(False)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.installEventFilter(self)
        self.prompt_label.setBuddy(self.editor)
        self.status_label = QLabel("")
        self.status_label.setObjectName("muted")
        self.status_label.setAccessibleName("Save status")
        self.open_lesson_button = QPushButton("Open lesson")
        self.open_lesson_button.setAccessibleName("Open the lesson this reflection belongs to")
        self.open_lesson_button.setEnabled(False)
        self.open_lesson_button.clicked.connect(self._open_lesson)

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(AUTOSAVE_MS)
        self.save_timer.timeout.connect(self.flush)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.empty_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.lesson_label)
        right_layout.addWidget(self.prompt_label)
        right_layout.addWidget(self.editor, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_lesson_button)
        bottom.addStretch(1)
        bottom.addWidget(self.status_label)
        right_layout.addLayout(bottom)
        # List above, editor below: both get the full width, which the learner's words need.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        title = QLabel("Journal")
        title.setObjectName("pageTitle")
        title_font = title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title.setFont(title_font)
        intro = QLabel(
            "Everything you have written in the reflections, kept only on this computer."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search_edit, self.tree)
        self.setTabOrder(self.tree, self.editor)
        self.setTabOrder(self.editor, self.open_lesson_button)

    # --- public API -------------------------------------------------------------------

    def set_store(self, store: ProgressStore | None) -> None:
        self.store = store
        self.refresh()

    def set_courses(self, courses: Iterable[Course]) -> None:
        """The installed courses, for lesson titles, prompts and reading order."""
        self.courses = {c.id: c for c in courses}
        self.refresh()

    def refresh(self) -> None:
        """Reload the entries from the store (saving any pending edit first)."""
        self.flush()
        self.entries = []
        if self.store is not None:
            try:
                self.entries = [e for e in self.store.reflections() if e.text.strip()]
            except Exception:
                log.exception("reading the journal failed")
        self._populate()

    def search(self, text: str) -> None:
        self.search_edit.setText(text)

    def entry_items(self) -> list[QTreeWidgetItem]:
        """The tree's entry rows (not the lesson headings), top to bottom."""
        items = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            for j in range(group.childCount()):
                child = group.child(j)
                if child is not None:
                    items.append(child)
        return items

    def visible_entries(self) -> list[ReflectionEntry]:
        """The entries the tree shows now, top to bottom."""
        return [item.data(0, ENTRY_ROLE) for item in self.entry_items()]

    def select_entry(self, reflection_id: str, prompt_id: str) -> bool:
        for item in self.entry_items():
            entry: ReflectionEntry = item.data(0, ENTRY_ROLE)
            if entry.reflection_id == reflection_id and entry.prompt_id == prompt_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def flush(self) -> None:
        """Save the entry being edited now, if it changed."""
        self.save_timer.stop()
        entry = self.current
        if entry is None or self.store is None:
            return
        text = self.editor.toPlainText()
        if text == self._saved_text:
            return
        try:
            self.store.save_reflection(
                CourseKey(entry.course_id, entry.course_version),
                entry.lesson_id,
                entry.reflection_id,
                entry.prompt_id,
                text,
            )
        except Exception:  # the words stay on screen; never a traceback
            log.exception("saving a journal edit failed")
            self.status_label.setText(SAVE_FAILED)
            self.save_failed.emit(SAVE_FAILED)
            return
        self._saved_text = text
        self.status_label.setText(SAVED)
        self._update_current_item(text)
        # A lesson still showing this reflection must not later save its older text over it.
        reflection_notifier().edited.emit(
            entry.course_id, entry.reflection_id, entry.prompt_id, text
        )
        self.entry_saved.emit(entry.prompt_id)

    # --- Qt events ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    # --- inside -------------------------------------------------------------------------

    def _lesson_title(self, entry: ReflectionEntry) -> str:
        course = self.courses.get(entry.course_id)
        lesson = course.lesson(entry.lesson_id) if course else None
        return lesson.title if lesson else entry.lesson_id

    def _prompt(self, entry: ReflectionEntry) -> ReflectPrompt | None:
        course = self.courses.get(entry.course_id)
        lesson = course.lesson(entry.lesson_id) if course else None
        if lesson is None:
            return None
        for reflection in lesson.reflections:
            if reflection.id == entry.reflection_id:
                return next((p for p in reflection.prompts if p.id == entry.prompt_id), None)
        return None

    def _prompt_text(self, entry: ReflectionEntry) -> str:
        prompt = self._prompt(entry)
        return prompt.prompt if prompt else entry.prompt_id

    def _sort_key(self, entry: ReflectionEntry) -> tuple[int, int, int, float]:
        """Course, then lesson in reading order, then prompt order, newest first."""
        course_ids = list(self.courses)
        course = self.courses.get(entry.course_id)
        lesson_pos = prompt_pos = 10**6
        if course is not None:
            for i, lesson in enumerate(course.lessons()):
                if lesson.id == entry.lesson_id:
                    lesson_pos = i
                    prompts = [p.id for r in lesson.reflections for p in r.prompts]
                    if entry.prompt_id in prompts:
                        prompt_pos = prompts.index(entry.prompt_id)
                    break
        course_pos = course_ids.index(entry.course_id) if entry.course_id in course_ids else 10**6
        return (course_pos, lesson_pos, prompt_pos, -entry.updated_at.timestamp())

    def _matches(self, entry: ReflectionEntry, needle: str) -> bool:
        if not needle:
            return True
        haystack = " ".join(
            (entry.text, self._prompt_text(entry), self._lesson_title(entry))
        ).casefold()
        return all(word in haystack for word in needle.casefold().split())

    def _populate(self) -> None:
        keep = (self.current.reflection_id, self.current.prompt_id) if self.current else None
        needle = self.search_edit.text().strip()
        shown = sorted((e for e in self.entries if self._matches(e, needle)), key=self._sort_key)
        self.tree.blockSignals(True)
        self.tree.clear()
        self._current_item = None
        groups: dict[tuple[str, str], QTreeWidgetItem] = {}
        for entry in shown:
            key = (entry.course_id, entry.lesson_id)
            group = groups.get(key)
            if group is None:
                group = QTreeWidgetItem([self._lesson_title(entry), ""])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                self.tree.addTopLevelItem(group)
                groups[key] = group
            # The learner's own words identify an entry best; the question is the tooltip.
            snippet = " ".join(entry.text.split())
            if len(snippet) > 90:
                snippet = snippet[:89] + "…"
            prompt = self._prompt_text(entry)
            item = QTreeWidgetItem([snippet, _day(entry)])
            item.setData(0, ENTRY_ROLE, entry)
            item.setToolTip(0, prompt)
            item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, prompt)
            group.addChild(item)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if not self.entries:
            self.empty_label.setText(EMPTY_JOURNAL)
            self.empty_label.show()
        elif not shown:
            self.empty_label.setText(NO_MATCHES)
            self.empty_label.show()
        else:
            self.empty_label.hide()
        if keep is None or not self.select_entry(*keep):
            self._show_entry(None)

    def _on_search_changed(self, _text: str) -> None:
        self.flush()
        self._populate()

    def _on_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        self.flush()
        entry = current.data(0, ENTRY_ROLE) if current is not None else None
        self._show_entry(entry)
        self._current_item = current if entry is not None else None

    def _show_entry(self, entry: ReflectionEntry | None) -> None:
        self.save_timer.stop()
        self.current = entry
        self._loading = True
        if entry is None:
            self.lesson_label.setText("")
            self.prompt_label.setText(CHOOSE_ENTRY)
            self.editor.setPlainText("")
            self.editor.setEnabled(False)
            self.open_lesson_button.setEnabled(False)
            self._saved_text = ""
        else:
            self.lesson_label.setText(f"{self._lesson_title(entry)}  ·  {_when(entry)}")
            self.prompt_label.setText(self._prompt_text(entry))
            self.editor.setPlainText(entry.text)
            self.editor.setEnabled(True)
            self.open_lesson_button.setEnabled(True)
            self._saved_text = entry.text
        self.status_label.setText("")
        self._loading = False

    def _on_text_changed(self) -> None:
        if self._loading or self.current is None:
            return
        self.status_label.setText(SAVING)
        self.save_timer.start()

    def _update_current_item(self, text: str) -> None:
        """Keep the list in step with a saved edit without rebuilding it."""
        entry = self.current
        if entry is None:
            return
        from dataclasses import replace

        from course.store.api import utc_now

        updated = replace(entry, text=text, updated_at=utc_now())
        self.current = updated
        self.entries = [
            updated
            if (e.course_id, e.reflection_id, e.prompt_id)
            == (entry.course_id, entry.reflection_id, entry.prompt_id)
            else e
            for e in self.entries
        ]
        item = self._current_item
        if item is not None:
            item.setData(0, ENTRY_ROLE, updated)
            item.setText(1, _day(updated))

    def _open_lesson(self) -> None:
        if self.current is not None:
            self.flush()
            self.lesson_link_activated.emit(self.current.lesson_id)
