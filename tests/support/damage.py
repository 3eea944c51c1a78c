"""Profiles with a day's backup, and the ways disks, sync tools and backup programs damage them."""

from __future__ import annotations

import random
from pathlib import Path

from store_helpers import COURSE, FakeClock

from course.paths import DataPaths
from course.store import ProgressStore, open_store

#: Written before the damage; searched for in plain text afterwards.
CANARY = "canary-before-7f3a9c"
#: Written after recovering; must never be found in plain text in an encrypted profile.
CANARY_AFTER = "canary-after-51d2e8"
PAGE = 4096
SECRET_WORDS = "a long and private phrase"


def write_canary(store: ProgressStore, text: str) -> None:
    store.save_reflection(COURSE, "guilt", "reflect", "r1", f"My words: {text}")


def profile_with_backup(paths: DataPaths, passphrase: str | None = None) -> FakeClock:
    """A profile holding CANARY, opened again the next day so a backup of it exists.

    Returns the clock, a day after the backup, for the next opening.
    """
    clock = FakeClock()
    with open_store(paths, passphrase, clock=clock) as store:
        write_canary(store, CANARY)
        for n in range(40):  # a few pages, so damage in the middle hits data
            store.save_reflection(COURSE, f"lesson-{n}", f"fill-{n}", "r1", f"entry {n} " * 40)
    clock.advance(days=1)
    open_store(paths, passphrase, clock=clock).close()
    clock.advance(days=1)
    return clock


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def random_first_page(path: Path) -> None:
    overwrite(path, 0, random.Random(12).randbytes(PAGE))


def zero_first_page(path: Path) -> None:
    overwrite(path, 0, bytes(PAGE))


def plain_text_in(folder: Path, text: str, encodings: tuple[str, ...] = ("utf-8",)) -> list[Path]:
    """Files under `folder` holding `text` readably (in any of `encodings`), or named by it."""
    needles = [text.encode(encoding) for encoding in encodings]
    return [
        p
        for p in folder.rglob("*")
        if text in p.name or (p.is_file() and any(n in p.read_bytes() for n in needles))
    ]
