"""Light, dark and high-contrast palettes, the app style sheet, and the text size.

The theme follows the system by default ("system"); the learner's choice is kept in
the store's settings, and this module only applies it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from course.paths import resources_dir

STYLES_DIR = resources_dir() / "styles"
ICONS_DIR = resources_dir() / "icons"

THEMES = ("system", "light", "dark", "high-contrast")
THEME_LABELS = {
    "system": "Follow the system",
    "light": "Light",
    "dark": "Dark",
    "high-contrast": "High contrast",
}
DEFAULT_TEXT_SIZE = 11  # points
MIN_TEXT_SIZE = 8
MAX_TEXT_SIZE = 28

# Calm, warm colours: no alarming reds for ordinary things.
_COLOURS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f6f4f0",
        "base": "#ffffff",
        "alt": "#efebe4",
        "text": "#23211e",
        "muted": "#5d5850",
        "button": "#ebe6dd",
        "highlight": "#3b6e8f",
        "highlight_text": "#ffffff",
        "link": "#2a5d80",
        "focus": "#c06a1b",
        "border": "#cfc7ba",
        "cover": "#e9e5de",
    },
    "dark": {
        "window": "#1f2124",
        "base": "#26292d",
        "alt": "#2d3035",
        "text": "#e8e6e3",
        "muted": "#a9a59f",
        "button": "#33373c",
        "highlight": "#5d8fb0",
        "highlight_text": "#0f1113",
        "link": "#8dbbdb",
        "focus": "#f0a95c",
        "border": "#4a4e55",
        "cover": "#2a2c30",
    },
    "high-contrast": {
        "window": "#000000",
        "base": "#000000",
        "alt": "#101010",
        "text": "#ffffff",
        "muted": "#ffffff",
        "button": "#000000",
        "highlight": "#ffff00",
        "highlight_text": "#000000",
        "link": "#7fdfff",
        "focus": "#ffff00",
        "border": "#ffffff",
        "cover": "#000000",
    },
}


def resolve_theme(name: str) -> str:
    """The concrete theme for a setting: "system" becomes light or dark as the OS says."""
    if name in _COLOURS:
        return name
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def colours(name: str) -> dict[str, str]:
    return dict(_COLOURS[resolve_theme(name)])


def build_palette(name: str) -> QPalette:
    c = _COLOURS[resolve_theme(name)]
    palette = QPalette()
    role = QPalette.ColorRole
    for r, key in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "base"),
        (role.AlternateBase, "alt"),
        (role.Text, "text"),
        (role.Button, "button"),
        (role.ButtonText, "text"),
        (role.Highlight, "highlight"),
        (role.HighlightedText, "highlight_text"),
        (role.Link, "link"),
        (role.ToolTipBase, "base"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.BrightText, "text"),
    ):
        palette.setColor(r, QColor(c[key]))
    # Fusion draws frames, tracks and separators from these; derive them from the border.
    border = QColor(c["border"])
    palette.setColor(role.Mid, border)
    palette.setColor(role.Dark, border.darker(130))
    palette.setColor(role.Midlight, QColor(c["alt"]))
    palette.setColor(role.Light, QColor(c["base"]))
    muted = QColor(c["muted"])
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, muted)
    return palette


def style_sheet(name: str, text_size: int = DEFAULT_TEXT_SIZE) -> str:
    """app.qss with the theme's colours and heading sizes filled in, plus app-<theme>.qss."""
    concrete = resolve_theme(name)
    parts = []
    for file in (STYLES_DIR / "app.qss", STYLES_DIR / f"app-{concrete}.qss"):
        try:
            parts.append(file.read_text(encoding="utf-8"))
        except OSError:  # a missing sheet leaves the palette alone in charge; still usable
            continue
    text = "\n".join(parts)
    # Qt style sheets have no relative font sizes, so headings are worked out here.
    values = dict(_COLOURS[concrete])
    values["title_size"] = f"{round(text_size * 1.6)}pt"
    values["section_size"] = f"{round(text_size * 1.2)}pt"
    # Longest names first, so "@highlight" never eats the start of "@highlight_text".
    for key, value in sorted(values.items(), key=lambda kv: -len(kv[0])):
        text = text.replace("@" + key, value)
    return text


def apply_theme(app: QApplication, name: str, text_size: int = DEFAULT_TEXT_SIZE) -> str:
    """Apply a theme to the whole app; returns the concrete theme used."""
    concrete = resolve_theme(name)
    app.setStyle("Fusion")  # the one style that honours palettes the same on every OS
    app.setPalette(build_palette(concrete))
    app.setStyleSheet(style_sheet(concrete, text_size))
    return concrete


def apply_text_size(app: QApplication, points: int, theme_name: str | None = None) -> int:
    """Set the app's text size; with `theme_name`, headings are resized to match."""
    points = clamp_text_size(points)
    font = QFont(app.font())
    font.setPointSize(points)
    app.setFont(font)
    if theme_name is not None:
        app.setStyleSheet(style_sheet(theme_name, points))
    return points


def clamp_text_size(points: int) -> int:
    return max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, int(points)))


def icon_path(name: str) -> str:
    return str(ICONS_DIR / f"{name}.svg")
