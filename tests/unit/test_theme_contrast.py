"""Every theme meets WCAG AA: text and links at 4.5:1 against what they sit on, computed
from the design tokens (ui/theme.py) and the lesson style sheets; the crisis link too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui import theme

REPO_ROOT = Path(__file__).resolve().parents[2]
AA_TEXT = 4.5
AA_NON_TEXT = 3.0  # focus rings, indicators, progress tracks (WCAG 1.4.11)
CONCRETE = ("light", "dark", "high-contrast")


def luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", CONCRETE)
def test_app_text_and_links_reach_aa(name: str) -> None:
    c = theme.COLOURS[name]
    pairs = {
        (fg, bg): contrast(c[fg], c[bg])
        for fg in ("text", "muted", "link")
        for bg in ("window", "base", "sidebar", "alt", "button", "cover")
    }
    pairs[("accent_text", "accent")] = contrast(c["accent_text"], c["accent"])
    pairs[("accent_text", "accent_hover")] = contrast(c["accent_text"], c["accent_hover"])
    pairs[("highlight_text", "highlight")] = contrast(c["highlight_text"], c["highlight"])
    pairs[("text", "accent_soft")] = contrast(c["text"], c["accent_soft"])
    low = {pair: round(ratio, 2) for pair, ratio in pairs.items() if ratio < AA_TEXT}
    assert low == {}


@pytest.mark.parametrize("name", CONCRETE)
def test_focus_indicators_and_progress_are_visible(name: str) -> None:
    c = theme.COLOURS[name]
    pairs = {("focus", bg): contrast(c["focus"], c[bg]) for bg in ("window", "base", "sidebar")}
    pairs[("border_strong", "base")] = contrast(c["border_strong"], c["base"])
    pairs[("accent", "track")] = contrast(c["accent"], c["track"])
    pairs[("accent", "window")] = contrast(c["accent"], c["window"])
    low = {pair: round(ratio, 2) for pair, ratio in pairs.items() if ratio < AA_NON_TEXT}
    assert low == {}


def _rule(css: str, selector: str, prop: str) -> str | None:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for match in re.finditer(r"([^{}]+)\{([^}]*)\}", css):
        selectors = [s.strip() for s in match.group(1).split(",")]
        if selector in selectors:
            found = re.search(rf"(?<![-\w]){prop}\s*:\s*(#[0-9a-fA-F]{{6}})", match.group(2))
            if found:
                return found.group(1)
    return None


@pytest.mark.parametrize("name", CONCRETE)
def test_lesson_text_links_and_the_crisis_link_reach_aa(name: str) -> None:
    css = (REPO_ROOT / "resources" / "styles" / f"lesson-{name}.css").read_text()
    paper = _rule(css, "body", "background-color")
    assert paper is not None
    low = {}
    for selector in ("body", "a", "h1", "blockquote", ".objectives-title", ".footnote"):
        colour = _rule(css, selector, "color")
        assert colour is not None, selector
        if contrast(colour, paper) < AA_TEXT:
            low[selector] = round(contrast(colour, paper), 2)
    assert low == {}
    # The crisis link under every lesson is a label on the window: the palette's link colour.
    c = theme.COLOURS[name]
    assert contrast(c["link"], c["window"]) >= AA_TEXT
