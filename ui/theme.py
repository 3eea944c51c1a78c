"""Design tokens (spacing, type, colours per theme) and the app style sheet built from them.

Every colour and gap the app draws comes from here: `resources/styles/app.qss` names
tokens as `@name`, and `style_sheet` fills them in for the theme; widgets that paint by
hand read the palette, which `build_palette` makes from the same colours. The theme
follows the system by default ("system": light or dark as the system says, and high
contrast when the system asks for more contrast); the learner's choice is kept in the
store's settings, and this module only applies it. tests/unit/test_theme_contrast.py
checks every theme's text and links against WCAG AA (4.5:1).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

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

#: Gaps, in pixels, on a 6 px grid (as GNOME's HIG): between related things use the
#: small ones, between groups the large ones.
SPACING = {"xxs": 3, "xs": 6, "s": 12, "m": 18, "l": 24, "xl": 36}
#: Corner radii, in pixels.
RADIUS = {"s": 4, "m": 6, "l": 10}
#: Type sizes as multiples of the learner's text size.
TYPE_SCALE = {"title": 1.6, "section": 1.25, "small": 0.92}

#: Colour roles per concrete theme. Calm, warm colours; one accent (primary actions,
#: progress, the current page); no alarming reds for ordinary things.
#: text/muted/link must reach 4.5:1 on window, base and sidebar; accent_text on accent;
#: highlight_text on highlight; border_strong, track and focus 3:1 where they carry meaning.
COLOURS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f6f4f0",
        "sidebar": "#ece8e1",
        "base": "#ffffff",
        "alt": "#efebe4",
        "text": "#23211e",
        "muted": "#595449",
        "button": "#ebe6dd",
        "border": "#cfc7ba",
        "border_strong": "#7d7568",
        "track": "#dcd5ca",
        "highlight": "#35617f",
        "highlight_text": "#ffffff",
        "accent": "#2f6080",
        "accent_hover": "#254e69",
        "accent_text": "#ffffff",
        "accent_soft": "#dbe6ee",
        "link": "#24577a",
        "focus": "#b0580c",
        "cover": "#e9e5de",
    },
    "dark": {
        "window": "#1f2124",
        "sidebar": "#191b1e",
        "base": "#26292d",
        "alt": "#2d3035",
        "text": "#e8e6e3",
        "muted": "#b0aca5",
        "button": "#33373c",
        "border": "#4a4e55",
        "border_strong": "#8d939b",
        "track": "#444950",
        "highlight": "#7fb0d1",
        "highlight_text": "#0f1113",
        "accent": "#8cc0e0",
        "accent_hover": "#a6d0ea",
        "accent_text": "#0f1113",
        "accent_soft": "#2c3c48",
        "link": "#9cc6e3",
        "focus": "#f0a95c",
        "cover": "#2a2c30",
    },
    "high-contrast": {
        "window": "#000000",
        "sidebar": "#000000",
        "base": "#000000",
        "alt": "#1a1a1a",
        "text": "#ffffff",
        "muted": "#ffffff",
        "button": "#000000",
        "border": "#ffffff",
        "border_strong": "#ffffff",
        "track": "#8a8a8a",
        "highlight": "#ffff00",
        "highlight_text": "#000000",
        "accent": "#ffff00",
        "accent_hover": "#ffff80",
        "accent_text": "#000000",
        "accent_soft": "#333300",
        "link": "#7fdfff",
        "focus": "#ff8cff",
        "cover": "#000000",
    },
}
_COLOURS = COLOURS  # the older name


def system_prefers_high_contrast() -> bool:
    """True when the system asks for more contrast (Qt 6.10's accessibility hints)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None) if hints is not None else None
    if accessibility is None:
        return False
    access = accessibility()
    return access is not None and (
        access.contrastPreference() == Qt.ContrastPreference.HighContrast
    )


def resolve_theme(name: str) -> str:
    """The concrete theme for a setting: "system" becomes high contrast, dark or light."""
    if name in COLOURS:
        return name
    if system_prefers_high_contrast():
        return "high-contrast"
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def colours(name: str) -> dict[str, str]:
    return dict(COLOURS[resolve_theme(name)])


def build_palette(name: str) -> QPalette:
    c = COLOURS[resolve_theme(name)]
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
        (role.LinkVisited, "link"),
        (role.ToolTipBase, "base"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.BrightText, "text"),
        (role.Accent, "accent"),
    ):
        palette.setColor(r, QColor(c[key]))
    # Fusion draws frames, tracks and separators from these: the strong border, so
    # radio and check indicators stay visible in every theme.
    palette.setColor(role.Mid, QColor(c["track"]))
    palette.setColor(role.Dark, QColor(c["border_strong"]))
    palette.setColor(role.Shadow, QColor(c["border_strong"]))
    palette.setColor(role.Midlight, QColor(c["alt"]))
    palette.setColor(role.Light, QColor(c["base"]))
    muted = QColor(c["muted"])
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, muted)
    return palette


def tokens(name: str, text_size: int = DEFAULT_TEXT_SIZE) -> dict[str, str]:
    """Every token as the text a style sheet needs: colours, px gaps, pt sizes."""
    values = dict(COLOURS[resolve_theme(name)])
    values.update({f"space_{k}": f"{v}px" for k, v in SPACING.items()})
    values.update({f"radius_{k}": f"{v}px" for k, v in RADIUS.items()})
    # The tick and dot drawn on the accent, in the accent's own text colour.
    ink = "black" if QColor(values["accent_text"]).lightness() < 128 else "white"
    values["tick_icon"] = (ICONS_DIR / f"tick-{ink}.svg").as_posix()
    values["dot_icon"] = (ICONS_DIR / f"dot-{ink}.svg").as_posix()
    # Qt style sheets have no relative font sizes, so type sizes are worked out here.
    values.update({f"{k}_size": f"{round(text_size * v, 1)}pt" for k, v in TYPE_SCALE.items()})
    return values


def style_sheet(name: str, text_size: int = DEFAULT_TEXT_SIZE) -> str:
    """app.qss with the theme's tokens filled in, plus app-<theme>.qss if there is one."""
    concrete = resolve_theme(name)
    parts = []
    for file in (STYLES_DIR / "app.qss", STYLES_DIR / f"app-{concrete}.qss"):
        try:
            parts.append(file.read_text(encoding="utf-8"))
        except OSError:  # a missing sheet leaves the palette alone in charge; still usable
            continue
    text = "\n".join(parts)
    # Longest names first, so "@highlight" never eats the start of "@highlight_text".
    for key, value in sorted(tokens(concrete, text_size).items(), key=lambda kv: -len(kv[0])):
        text = text.replace("@" + key, value)
    return text


# The theme name and text size last applied to the app, for `ui.appearance` to start from.
_applied: list[str | int] = ["system", DEFAULT_TEXT_SIZE]


def applied() -> tuple[str, int]:
    """The theme name and text size the app has now (before any: "system", the default)."""
    return str(_applied[0]), int(_applied[1])


def apply_theme(
    app: QApplication, name: str, text_size: int = DEFAULT_TEXT_SIZE, *, sheet: bool = True
) -> str:
    """Apply a theme to the whole app; returns the concrete theme used.

    With `sheet=False` only the style and palette are set: the caller sets
    `style_sheet(...)` itself later (the first window does, once it is built).
    """
    _applied[0] = name
    concrete = resolve_theme(name)
    app.setStyle("Fusion")  # the one style that honours palettes the same on every OS
    app.setPalette(build_palette(concrete))
    if sheet:
        app.setStyleSheet(style_sheet(concrete, text_size))
    return concrete


def apply_style_sheet(app: QApplication) -> None:
    """Set the style sheet of the theme and text size last applied (see `apply_theme`)."""
    name, points = applied()
    app.setStyleSheet(style_sheet(name, points))


def apply_text_size(app: QApplication, points: int, theme_name: str | None = None) -> int:
    """Set the app's text size; with `theme_name`, headings are resized to match."""
    points = clamp_text_size(points)
    _applied[1] = points
    font = QFont(app.font())
    font.setPointSize(points)
    app.setFont(font)
    if theme_name is not None:
        app.setStyleSheet(style_sheet(theme_name, points))
    return points


def clamp_text_size(points: int) -> int:
    return max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, int(points)))


def style_ahead(widget: QWidget) -> None:
    """Style `widget` and lay it out now, while it is hidden, so that showing it later
    (a step view or prompt made ahead, issue 14) does neither."""
    widget.ensurePolished()
    layout = widget.layout()
    if layout is not None:
        layout.activate()


def icon_path(name: str) -> str:
    return str(ICONS_DIR / f"{name}.svg")
