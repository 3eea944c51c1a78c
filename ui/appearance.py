"""The learner's comfort settings for the whole app: text size, theme and region.

Signals:
    changed()  the theme, text size or region changed (pages with their own rendering,
               such as the lesson view, follow it)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from course.regions import ALL_REGIONS, normalise_region
from ui import theme
from ui.progress import SETTING_REGION, SETTING_TEXT_SIZE, SETTING_THEME


class Appearance(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # As the app was left by build_window (the learner's own, read before any widget
        # was made), so applying the same settings again restyles nothing.
        self.theme, self.text_size = theme.applied()
        #: The learner's region code for crisis lines, or ALL_REGIONS (course.regions).
        self.region = ALL_REGIONS
        hints = QGuiApplication.styleHints()
        if hints is not None:  # "Follow the system" follows it live, too
            hints.colorSchemeChanged.connect(self._on_system_scheme_changed)
            accessibility = getattr(hints, "accessibility", None)
            access = accessibility() if accessibility is not None else None
            if access is not None:  # and its contrast preference (Qt 6.10 and later)
                access.contrastPreferenceChanged.connect(self._on_system_scheme_changed)

    @property
    def text_scale(self) -> float:
        return self.text_size / theme.DEFAULT_TEXT_SIZE

    @property
    def lesson_region(self) -> str | None:
        """The region whose blocks lessons show, or None for every region's."""
        return None if self.region == ALL_REGIONS else self.region

    def apply_settings(self, values: dict[str, Any]) -> None:
        """The text size and theme saved in the store's settings, if they differ."""
        size = values.get(SETTING_TEXT_SIZE)
        name = values.get(SETTING_THEME)
        # Re-applying an unchanged font or style sheet re-lays out every widget: skip it.
        if isinstance(size, int) and theme.clamp_text_size(size) != self.text_size:
            self.apply_text_size(size)
        if isinstance(name, str) and name in theme.THEMES and name != self.theme:
            self.apply_theme(name)
        if normalise_region(values.get(SETTING_REGION)) != self.region:
            self.apply_region(values.get(SETTING_REGION))

    def apply_text_size(self, points: int) -> None:
        self.text_size = theme.apply_text_size(_app(), points, self.theme)
        self.changed.emit()

    def apply_theme(self, name: str) -> None:
        self.theme = name
        theme.apply_theme(_app(), name, self.text_size)
        _recolour_links()
        self.changed.emit()

    def apply_region(self, code: object) -> None:
        self.region = normalise_region(code)
        self.changed.emit()

    def _on_system_scheme_changed(self, _scheme: object) -> None:
        if self.theme == "system":
            self.apply_theme("system")


def _recolour_links() -> None:
    """Set rich-text labels' text again, so their links take the new palette's colour.

    Qt colours a label's links once, when its text is set; a new palette alone leaves
    them in the old theme's colour (light blue on black would pass, dark blue on the
    dark theme does not: about 2:1).
    """
    # Labels only, found by Qt: wrapping every widget of the app for Python would make
    # PySide build a type for each Qt-made one (a learner's own theme is applied before
    # the first frame).
    for top in QApplication.topLevelWidgets():
        labels = top.findChildren(QLabel)
        if isinstance(top, QLabel):
            labels.append(top)
        for label in labels:
            if label.textFormat() == Qt.TextFormat.PlainText:
                continue
            text = label.text()
            if "<a " in text:
                label.clear()  # the same text again would be ignored
                label.setText(text)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
