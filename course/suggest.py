""" "Did you mean" for ids: the nearest known ids to one that was mistyped.

Used by every message that names an unknown id (the validator, `assign`, the authoring
commands), so they all suggest the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to `limit` of `known` that look most like `word` (case-insensitive), best first."""
    choices = {k.lower(): k for k in known}
    matches = difflib.get_close_matches(word.lower(), list(choices), n=limit, cutoff=0.6)
    return [choices[m] for m in matches]


def did_you_mean(word: str, known: Iterable[str], *, limit: int = 3) -> str:
    """' Did you mean 'a' or 'b'?' for the nearest ids, or '' when none is close."""
    close = nearest(word, known, limit=limit)
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" Did you mean {listed}?"


def hints_for(unknown: Iterable[str], known: Iterable[str]) -> str:
    """Did-you-mean hints for several unknown ids at once, each saying which id it is for."""
    words, known = list(unknown), list(known)
    if len(words) == 1:
        return did_you_mean(words[0], known)
    hints = []
    for word in words:
        hint = did_you_mean(word, known)
        if hint:
            hints.append(f" For '{word}', d{hint[2:]}")
    return "".join(hints)
