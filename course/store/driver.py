"""Which SQLite driver the store uses: sqlcipher3 (with encryption) where it loads, else sqlite3.

sqlcipher3 has no wheel for some systems, and an install can be broken. Then the
store still works, unencrypted, through the standard library's sqlite3 (the same file
format); it never pretends to encrypt: setting a passphrase, or opening a file that
is encrypted, raises EncryptionUnavailable with words for the learner.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def dbapi() -> Any:
    """The DB-API module for the store's connections."""
    try:
        import sqlcipher3.dbapi2 as module
    except (ImportError, OSError):  # no wheel for this system, or its library will not load
        import sqlite3 as module
    return module


def encryption_available() -> bool:
    """True when a passphrase can encrypt the data on this computer."""
    return str(dbapi().__name__).startswith("sqlcipher3")
