"""Region blocks: lesson prose shown only to learners who chose a region (crisis lines).

A lesson marks a stretch of Markdown as belonging to one or more regions with two
HTML-comment lines, so that a player which does not know about regions (or a learner
who has not chosen one) simply shows every block:

    <!-- region: uk ie -->
    - **Samaritans:** call **116 123**, free, day or night.
    <!-- /region -->

The markers may be indented (inside an admonition) and must each be alone on a line.
Blocks do not nest, and a block must close before the next quiz or reflect block.
`other` marks text for learners whose region is none of the listed ones.

Nothing here imports Qt or does I/O: `filter_regions` runs before Markdown rendering,
`region_problems` is what `validate` reports.
"""

from __future__ import annotations

import re

#: Region codes an author may use, with the words the Settings dialog shows for them.
REGIONS: dict[str, str] = {
    "us": "United States",
    "ca": "Canada",
    "uk": "United Kingdom",
    "ie": "Ireland",
    "au": "Australia",
    "nz": "New Zealand",
    "eu": "A country in the European Union",
    "other": "Somewhere else",
}

#: The setting that shows every region's block (the default, and what old players do).
ALL_REGIONS = "all"

_OPEN = re.compile(r"^[ \t]*<!--\s*region:\s*([^>]*?)\s*-->[ \t]*$")
_CLOSE = re.compile(r"^[ \t]*<!--\s*/region\s*-->[ \t]*$")
_MARKER = re.compile(r"<!--\s*/?region\b", re.IGNORECASE)


def _codes(raw: str) -> list[str]:
    return [code for code in re.split(r"[\s,]+", raw.strip().lower()) if code]


def normalise_region(value: object) -> str:
    """A stored setting as a region code, or ALL_REGIONS for anything unknown or unset."""
    if isinstance(value, str) and value in REGIONS:
        return value
    return ALL_REGIONS


def has_region_blocks(markdown: str) -> bool:
    return "<!--" in markdown and _MARKER.search(markdown) is not None


def filter_regions(markdown: str, region: str | None) -> str:
    """`markdown` with the marker lines removed, and other regions' blocks too.

    `region` None or ALL_REGIONS keeps every block. Malformed markers are left alone
    (they are HTML comments, so they show nothing); `validate` reports them.
    """
    if not has_region_blocks(markdown):
        return markdown
    show_all = region is None or region == ALL_REGIONS
    kept: list[str] = []
    inside: list[str] | None = None  # the open block's codes
    for line in markdown.split("\n"):
        opened = _OPEN.match(line)
        if opened and inside is None:
            inside = _codes(opened.group(1))
            continue
        if _CLOSE.match(line) and inside is not None:
            inside = None
            continue
        if inside is None or show_all or region in inside:
            kept.append(line)
    return "\n".join(kept)


def region_problems(markdown: str) -> list[tuple[int, str]]:
    """(0-based line within `markdown`, message) for each malformed region marker."""
    problems: list[tuple[int, str]] = []
    open_at: int | None = None
    for number, line in enumerate(markdown.split("\n")):
        if "<!--" not in line or not _MARKER.search(line):
            continue
        opened = _OPEN.match(line)
        if opened:
            if open_at is not None:
                problems.append(
                    (
                        number,
                        "a region block starts before the one above it ends; "
                        "close it first with '<!-- /region -->'",
                    )
                )
            codes = _codes(opened.group(1))
            unknown = [code for code in codes if code not in REGIONS]
            if not codes:
                problems.append(
                    (
                        number,
                        "the region block names no region; write for example "
                        "'<!-- region: uk ie -->'",
                    )
                )
            for code in unknown:
                problems.append(
                    (
                        number,
                        f"'{code}' is not a region the player knows; use one of "
                        f"{', '.join(REGIONS)}",
                    )
                )
            open_at = number
        elif _CLOSE.match(line):
            if open_at is None:
                problems.append(
                    (number, "'<!-- /region -->' closes a region block that was never opened")
                )
            open_at = None
        else:
            problems.append(
                (
                    number,
                    "a region marker must be alone on its line, as "
                    "'<!-- region: CODES -->' or '<!-- /region -->'",
                )
            )
    if open_at is not None:
        problems.append(
            (
                open_at,
                "this region block is never closed; add '<!-- /region -->' before "
                "the next quiz or reflect block",
            )
        )
    return problems
