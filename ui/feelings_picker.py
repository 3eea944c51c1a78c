"""FeelingsPicker: choose the words for what you feel, by keyboard or mouse.

Layout, in Tab order: a search field; the families (Hurt, Afraid, ...); the words of
the chosen family, or every word matching the search; the meaning of the word in
focus; and the feelings picked so far, each with how strong it is (1-5) and a way to
take it off the list. Each word has a tick box: Space, Enter, a click on the box or a
double-click picks it (or takes it off again); Down in the search field moves to the
words. Every list, item and control has an accessible name, and a word's meaning is
its accessible description, so a screen reader hears the meaning as focus moves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from course.feelings import MAX_INTENSITY, MIN_INTENSITY, Feeling, Pick, Vocabulary

DEFAULT_INTENSITY = 3

SEARCH_PLACEHOLDER = "Find a feeling word"
NO_MATCH = "No feeling word matches “{query}”. Try part of a word, or pick a family."
NOTHING_PICKED = "No feelings picked yet."
PICKED_FULL = "You have picked {count}. Take one off to pick another."
INTENSITY_NAMES = {1: "very mild", 2: "mild", 3: "moderate", 4: "strong", 5: "very strong"}
_WORD_ROLE = Qt.ItemDataRole.UserRole


class _PickRow(QWidget):
    """A picked feeling: its word, an intensity box, and a button to take it off."""

    removed = Signal(str)
    changed = Signal()

    def __init__(self, feeling: Feeling, intensity: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.feeling = feeling
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(feeling.word, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.intensity = QSpinBox(self)
        self.intensity.setRange(MIN_INTENSITY, MAX_INTENSITY)
        self.intensity.setValue(intensity)
        self.intensity.setAccessibleName(f"How strong is “{feeling.word}”, 1 to 5")
        self.intensity.setSuffix(" of 5")
        self.intensity.valueChanged.connect(self._on_value)
        self.strength = QLabel(self)
        self.strength.setTextFormat(Qt.TextFormat.PlainText)
        self._on_value(intensity, notify=False)
        remove = QPushButton("Remove", self)
        remove.setAccessibleName(f"Remove “{feeling.word}”")
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda: self.removed.emit(feeling.word))
        self.remove_button = remove
        label.setBuddy(self.intensity)
        layout.addWidget(label, 1)
        layout.addWidget(self.intensity)
        layout.addWidget(self.strength)
        layout.addWidget(remove)

    def _on_value(self, value: int, notify: bool = True) -> None:
        self.strength.setText(INTENSITY_NAMES.get(value, ""))
        if notify:
            self.changed.emit()


class FeelingsPicker(QWidget):
    """Pick up to `max_picks` feelings from a vocabulary, each with an intensity.

    Signals:
        changed(): the picks or an intensity changed.
    """

    changed = Signal()

    def __init__(
        self, vocabulary: Vocabulary, max_picks: int = 3, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.max_picks = max_picks
        self._rows: dict[str, _PickRow] = {}

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setAccessibleName("Find a feeling word")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._show_words)
        self.search.installEventFilter(self)

        self.families = QListWidget(self)
        self.families.setAccessibleName("Families of feelings")
        for family in vocabulary.families:
            item = QListWidgetItem(family.title, self.families)
            item.setData(_WORD_ROLE, family.id)
            if family.about:
                item.setToolTip(family.about)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, family.about)
        self.families.currentRowChanged.connect(lambda _row: self._show_words())
        self.families.setMaximumWidth(170)

        self.words = QListWidget(self)
        self.words.setAccessibleName("Feeling words")
        self.words.currentItemChanged.connect(self._show_meaning)
        self.words.itemChanged.connect(self._on_check_changed)
        self.words.itemDoubleClicked.connect(self._toggle_item)
        self.words.installEventFilter(self)

        self.meaning = QLabel(self)
        self.meaning.setTextFormat(Qt.TextFormat.PlainText)
        self.meaning.setWordWrap(True)
        self.meaning.setAccessibleName("Meaning of the word in focus")
        self.meaning.setMinimumHeight(self.meaning.fontMetrics().lineSpacing() * 2)

        self.status = QLabel(NOTHING_PICKED, self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.picked_box = QFrame(self)
        self.picked_box.setAccessibleName("Feelings you picked")
        self.picked_layout = QVBoxLayout(self.picked_box)
        self.picked_layout.setContentsMargins(0, 0, 0, 0)
        self.picked_layout.addWidget(self.status)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search, 0, 0, 1, 2)
        grid.addWidget(self.families, 1, 0)
        grid.addWidget(self.words, 1, 1)
        grid.addWidget(self.meaning, 2, 0, 1, 2)
        grid.addWidget(self.picked_box, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        self.setTabOrder(self.search, self.families)
        self.setTabOrder(self.families, self.words)
        self.families.setCurrentRow(0)

    # -- reading and setting the picks ------------------------------------------------

    def picks(self) -> list[Pick]:
        return [
            Pick(row.feeling.word, row.feeling.family, row.intensity.value())
            for row in self._rows.values()
        ]

    def set_picks(self, picks: list[Pick]) -> None:
        for word in list(self._rows):
            self._remove(word, notify=False)
        for pick in picks[: self.max_picks]:
            feeling = self.vocabulary.feeling(pick.word)
            if feeling is not None:
                self._add(feeling, pick.intensity, notify=False)
        self._refresh_status()
        self.changed.emit()

    def is_picked(self, word: str) -> bool:
        return word in self._rows

    # -- behaviour ----------------------------------------------------------------------

    def _show_words(self) -> None:
        query = self.search.text().strip()
        if query:
            feelings = self.vocabulary.search(query)
        else:
            item = self.families.currentItem()
            family_id = item.data(_WORD_ROLE) if item is not None else None
            feelings = self.vocabulary.in_family(family_id) if family_id else ()
        self.words.blockSignals(True)
        self.words.clear()
        for feeling in feelings:
            item = QListWidgetItem(self.words)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(_WORD_ROLE, feeling.word)
            self._label_item(item, feeling)
        self.words.blockSignals(False)
        if feelings:
            self.words.setCurrentRow(0)
        else:
            self.meaning.setText(NO_MATCH.format(query=query) if query else "")

    def _label_item(self, item: QListWidgetItem, feeling: Feeling) -> None:
        picked = feeling.word in self._rows
        family = self.vocabulary.family(feeling.family)
        blocked = self.words.blockSignals(True)
        item.setText(feeling.word)
        item.setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)
        self.words.blockSignals(blocked)
        where = f" ({family.title}, {feeling.intensity})" if family else ""
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, feeling.means + where)
        item.setToolTip(feeling.means)

    def _show_meaning(self, item: QListWidgetItem | None) -> None:
        feeling = self._feeling_of(item)
        if feeling is None:
            return
        family = self.vocabulary.family(feeling.family)
        family_title = family.title if family else feeling.family
        self.meaning.setText(
            f"{feeling.word}: {feeling.means} ({family_title}, {feeling.intensity})"
        )

    def _feeling_of(self, item: QListWidgetItem | None) -> Feeling | None:
        if item is None:
            return None
        return self.vocabulary.feeling(str(item.data(_WORD_ROLE)))

    def _toggle_item(self, item: QListWidgetItem | None) -> None:
        """Enter or a double-click: pick the word, or take it off the list."""
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _on_check_changed(self, item: QListWidgetItem) -> None:
        """A word's box was ticked or cleared (Space, a click, or `_toggle_item`)."""
        feeling = self._feeling_of(item)
        if feeling is None:
            return
        wanted = item.checkState() == Qt.CheckState.Checked
        if wanted and feeling.word not in self._rows:
            if len(self._rows) >= self.max_picks:
                self.status.setText(PICKED_FULL.format(count=len(self._rows)))
            else:
                self._add(feeling, DEFAULT_INTENSITY)
        elif not wanted and feeling.word in self._rows:
            self._remove(feeling.word)
        self._label_item(item, feeling)

    def _add(self, feeling: Feeling, intensity: int, notify: bool = True) -> None:
        row = _PickRow(feeling, intensity, self.picked_box)
        row.removed.connect(self._remove)
        row.changed.connect(self.changed)
        self._rows[feeling.word] = row
        self.picked_layout.addWidget(row)
        row.show()  # at once, so Tab can reach it straight after picking
        self._refresh_status()
        if notify:
            self.changed.emit()

    def _remove(self, word: str, notify: bool = True) -> None:
        row = self._rows.pop(word, None)
        if row is None:
            return
        had_focus = row.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        row.hide()
        row.deleteLater()
        for i in range(self.words.count()):
            item = self.words.item(i)
            feeling = self._feeling_of(item)
            if feeling is not None and feeling.word == word:
                self._label_item(item, feeling)
        self._refresh_status()
        if had_focus:
            self.words.setFocus()
        if notify:
            self.changed.emit()

    def _refresh_status(self) -> None:
        count = len(self._rows)
        if count == 0:
            self.status.setText(NOTHING_PICKED)
        else:
            word = "feeling" if count == 1 else "feelings"
            self.status.setText(f"You picked {count} {word}. Set how strong each one is, 1 to 5.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search and key == Qt.Key.Key_Down and self.words.count():
                self.words.setFocus()
                return True
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if watched is self.words and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                # Enter picks the word; it must not also press a dialog's default button.
                self._toggle_item(self.words.currentItem())
                return True
        return super().eventFilter(watched, event)
