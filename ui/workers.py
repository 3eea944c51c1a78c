"""Run slow work (opening the store, deriving a key, importing a course) off the GUI thread.

A `Task` wraps a plain callable and runs it on the global QThreadPool. The callable
must not touch any widget: it gets plain inputs and returns a plain value. Results come
back to the GUI thread through the `TaskSignals` queued connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class TaskSignals(QObject):
    """Signals of one task.

    finished(object): the callable's return value.
    failed(object): the exception it raised (shown through ui.messages, never as a traceback).
    done(): emitted last, after finished or failed.
    """

    finished = Signal(object)
    failed = Signal(object)
    done = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the caller keeps a reference until `done`

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:
            self._emit(self.signals.failed, error)
        else:
            self._emit(self.signals.finished, result)
        self._emit(self.signals.done)

    def _emit(self, signal: Any, *args: Any) -> None:
        # RuntimeError: the app is shutting down and nobody is listening any more.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class _Relay(QObject):
    """Lives on the GUI thread, so queued signals land here and callbacks run there."""

    def __init__(
        self,
        task: Task,
        on_finished: Callable[[Any], None] | None,
        on_failed: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__()
        self._task = task
        self._on_finished = on_finished
        self._on_failed = on_failed
        task.signals.finished.connect(self.finished)
        task.signals.failed.connect(self.failed)
        task.signals.done.connect(self.done)

    @Slot(object)
    def finished(self, result: object) -> None:
        if self._on_finished is not None:
            self._on_finished(result)

    @Slot(object)
    def failed(self, error: object) -> None:
        if self._on_failed is not None:
            self._on_failed(error)  # type: ignore[arg-type]

    @Slot()
    def done(self) -> None:
        _running.discard(self)


_running: set[_Relay] = set()


def run_task(
    fn: Callable[[], Any],
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
) -> Task:
    """Start `fn` on the thread pool; the callbacks run on the GUI thread.

    The task is kept alive here until it is done, so callers need not hold it.
    """
    task = Task(fn)
    _running.add(_Relay(task, on_finished, on_failed))
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(msecs: int = 10000) -> bool:
    """Block until every task has finished (used at quit, and by tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
