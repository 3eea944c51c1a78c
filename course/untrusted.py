"""Reading values from files other people made: JSON within limits, text without bidi controls.

Also the budget that keeps a lesson's Markdown quick to render (heaviest_markdown_block).

Assignments and reports arrive from someone else, so their JSON is read with limits
(nesting depth, number size, no Infinity or NaN) and every text shown from them loses
the invisible characters that reorder text, which could make "Dr Smith" out of other
letters. The loader uses the same set for course text.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Embeddings and overrides (U+202A-202E), isolates (U+2066-2069), the left-to-right and
# right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

# Real assignments and reports nest four or five levels deep.
MAX_JSON_DEPTH = 32
# Whole numbers longer than this are not counts, dates or scores: refused before int().
MAX_JSON_INT_DIGITS = 18


class UntrustedJSONError(ValueError):
    """The bytes are not JSON this app will read; the message says why, in plain words."""


def strip_bidi(text: str) -> str:
    """`text` without bidirectional control characters."""
    return _BIDI.sub("", text) if _BIDI.search(text) else text


def has_bidi(text: str) -> bool:
    return _BIDI.search(text) is not None


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise UntrustedJSONError("it holds a number far too large to be right")
    return int(digits)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UntrustedJSONError("it holds a number far too large to be right")
    return value


def _refuse_constant(name: str) -> Any:
    raise UntrustedJSONError(f"it holds '{name}', which is not a number this app reads")


def loads(data: bytes) -> Any:
    """Parse JSON from someone else: UntrustedJSONError for anything beyond the limits.

    Raises UntrustedJSONError (a ValueError) for bytes that are not UTF-8 JSON, numbers
    that are huge, infinite or not numbers, and nesting deeper than MAX_JSON_DEPTH, so a
    caller needs to catch just that to refuse the file.
    """
    try:
        document = json.loads(
            data.decode("utf-8"),
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
        )
    except UntrustedJSONError:
        raise
    except RecursionError:
        raise UntrustedJSONError("it is nested far too deeply") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError is a ValueError
        raise UntrustedJSONError(f"it is not valid JSON ({type(error).__name__})") from None
    if json_depth(document) > MAX_JSON_DEPTH:
        raise UntrustedJSONError("it is nested far too deeply")
    return document


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


# Python-Markdown looks for the end of a link, an image or a tag from every '[' and '<',
# to the end of the paragraph: time grows with openers x paragraph length. A paragraph
# over this budget (a fraction of a second of rendering) is shown as plain text instead,
# and validate reports it. Real lessons stay far below: the shipped course's costliest
# paragraph scores about 1,400.
MAX_MARKDOWN_BLOCK_COST = 1_000_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def heaviest_markdown_block(text: str) -> tuple[int, int]:
    """(cost, offset) of the costliest paragraph of `text`, in one linear pass.

    The cost is the paragraph's length times its '[' count plus a fiftieth of its '<'
    count (measured: the tag patterns cost about that much less per character);
    `offset` is where the paragraph starts.
    """
    worst, worst_at, start = 0, 0, 0
    ends = [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]
    for end in ends:
        brackets = text.count("[", start, end)
        angles = text.count("<", start, end)
        cost = (end - start) * (brackets + angles // 50)
        if cost > worst:
            worst, worst_at = cost, start
        start = end + 1
    return worst, worst_at
