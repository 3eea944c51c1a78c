"""The store's errors, and the one value they carry: imports nothing of the store.

Every message is meant to be shown to the learner as it is. Import them from
course.store.api or course.store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class BackupInfo:
    name: str  # the file name, passed back to `restore_backup`
    path: Path
    made_on: dt.date
    size: int  # bytes


class StoreError(Exception):
    """Base of every error the store raises; `str(error)` is a plain, kind message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PassphraseRequired(StoreError):
    """The database is encrypted and no passphrase was given: ask for it."""

    def __init__(self) -> None:
        super().__init__(
            "Your progress is protected with a passphrase. Please enter it to continue."
        )


class WrongPassphrase(StoreError):
    """The passphrase did not open the database. Nothing was changed.

    `failures` counts consecutive wrong tries in this session; each new try after a
    wrong one waits a little longer (see `PassphraseThrottle`).
    """

    def __init__(self, failures: int) -> None:
        super().__init__(
            "That passphrase did not open your progress. Nothing has been changed. "
            "Please check it (capital letters count) and try again."
        )
        self.failures = failures


class StoreCorrupt(StoreError):
    """The database could not be read. It was moved aside, never overwritten.

    `moved_to` is where the damaged file now is (kept in case it can be rescued);
    `backups` lists the backups that can be restored, newest first.
    """

    def __init__(self, moved_to: Path, backups: Sequence[BackupInfo]) -> None:
        if backups:
            next_step = (
                f"You can restore the most recent backup, from {backups[0].made_on:%d %B %Y}."
            )
        else:
            next_step = "There is no backup yet, so Bridgework will start with a fresh record."
        super().__init__(
            "Your saved progress could not be read; the file seems to be damaged. "
            f"It has been kept, untouched, as {moved_to.name}. {next_step}"
        )
        self.moved_to = moved_to
        self.backups = tuple(backups)


class StoreUnavailable(StoreError):
    """The database could not be opened or written: disk full, no permission, read-only."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"Bridgework could not use your data folder ({reason}). Nothing you "
            f"already saved is lost. {_next_step(reason)}"
        )
        self.reason = reason


#: Reasons for StoreUnavailable with their own next step (see dbfile.unavailable_reason).
DISK_FULL = "the disk is full"
READ_ONLY = "the folder or file is read-only"
PERMISSION_DENIED = "permission was denied"


def _next_step(reason: str) -> str:
    if reason == DISK_FULL:
        return "Please make some free space on the disk, then try again."
    if reason in (READ_ONLY, PERMISSION_DENIED, "the disk is read-only"):
        return "Please check that the folder can be written to, then try again."
    if "is a file" in reason:
        return (
            "Please move or rename that file, or choose another data folder with "
            "--data-dir, then try again."
        )
    return (
        "Please close any other copy of Bridgework and try again; if it keeps happening, "
        "check that the disk has free space and can be written to."
    )


class EncryptionUnavailable(StoreError):
    """Encryption (SQLCipher) cannot be loaded on this computer: no passphrase can be set,
    and an encrypted profile cannot be opened here. Nothing was changed."""

    def __init__(self, *, existing: bool = False) -> None:
        if existing:
            text = (
                "Your data is protected with a passphrase, but encryption is not available "
                "on this computer, so Bridgework cannot open it here. Nothing has been "
                "changed and nothing is lost. Please open it with a Bridgework download "
                "from the project's website, which includes encryption, or on the computer "
                "you used before."
            )
        else:
            text = (
                "Encryption is not available on this computer, so Bridgework cannot protect "
                "your data with a passphrase here. Your data is still saved, only on this "
                "computer, but without a passphrase."
            )
        super().__init__(text)
        self.existing = existing


class StoreTooNew(StoreError):
    """The database was last used by a newer Bridgework, whose changes this one cannot read."""

    def __init__(self) -> None:
        super().__init__(
            "Your progress was saved by a newer version of Bridgework. Nothing has been "
            "changed. Please open it with that version, or update this one."
        )
