"""Links keep their theme's colour when the theme changes while the window is open.

Qt colours a rich-text label's links when its text is set, from the palette of that
moment; a later palette leaves them as they were. Found in the screenshots: after Light
then Dark, the lesson's "When to reach out for help" stayed #24577a on #1f2124 (about
2:1, WCAG AA needs 4.5:1).
"""

from __future__ import annotations

from app_window import prepare_store, start
from PySide6.QtGui import QColor

from ui import theme


def _pixels(widget, colour: str) -> int:
    """How many pixels of the widget, drawn now, are exactly `colour`."""
    image = widget.grab().toImage()
    wanted = QColor(colour).rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) == wanted
    )


def test_the_help_link_follows_a_theme_change(qtbot, data_paths):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.preferences.set_theme("light")
    window.open_lesson("three-shame-reactions")
    view = window.lesson_page
    if view.showing_content_note():
        view.accept_content_note()
    link = view.help_label
    qtbot.waitUntil(lambda: link.isVisible())
    light, dark = theme.COLOURS["light"]["link"], theme.COLOURS["dark"]["link"]
    assert _pixels(link, light) > 0

    window.preferences.set_theme("dark")

    assert _pixels(link, dark) > 0
    assert _pixels(link, light) == 0
