"""Slowing down repeated wrong passphrases (used when the store opens)."""

from __future__ import annotations

import threading
from collections.abc import Callable


class PassphraseThrottle:
    """Slows down repeated wrong passphrases: wait 0, 1, 2, 4, ... up to 30 s before a try.

    The clock and sleep are injectable so tests can check the delays without waiting.
    Counting is per database path and lasts for the running app; key derivation
    (256,000 PBKDF2 rounds) is the defence against offline guessing.
    """

    def __init__(
        self,
        sleep: Callable[[float], None] | None = None,
        monotonic: Callable[[], float] | None = None,
        max_delay: float = 30.0,
    ) -> None:
        import time

        self._sleep = sleep or time.sleep
        self._monotonic = monotonic or time.monotonic
        self._max_delay = max_delay
        self._failures: dict[str, int] = {}
        self._last_failure: dict[str, float] = {}
        self._lock = threading.Lock()

    def delay_for(self, failures: int) -> float:
        """Seconds to wait before the try that follows `failures` wrong ones."""
        if failures <= 0:
            return 0.0
        return float(min(self._max_delay, 2 ** (failures - 1)))

    def failures(self, key: str) -> int:
        with self._lock:
            return self._failures.get(key, 0)

    def wait_before_try(self, key: str) -> None:
        with self._lock:
            failures = self._failures.get(key, 0)
            last = self._last_failure.get(key)
        if last is None:
            return
        remaining = self.delay_for(failures) - (self._monotonic() - last)
        if remaining > 0:
            self._sleep(remaining)

    def record_failure(self, key: str) -> int:
        with self._lock:
            failures = self._failures.get(key, 0) + 1
            self._failures[key] = failures
            self._last_failure[key] = self._monotonic()
            return failures

    def record_success(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._last_failure.pop(key, None)
