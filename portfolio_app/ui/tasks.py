"""Run long work off the GUI thread, with progress and cancel.

One helper, one rule: the work function never touches a widget.  It receives a
:class:`TaskControl` to report progress and to ask whether the user cancelled; its result *or*
its exception comes back on the GUI thread through one callback.  Tests swap in
:class:`SynchronousRunner`, which runs the same code inline.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")


class TaskControl:
    """Handed to the work function: progress out, cancel in. Thread-safe."""

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, label: str) -> None:
        self._report(done, total, label)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass(frozen=True)
class TaskResult(Generic[T]):
    """Exactly one of ``value`` / ``error`` is meaningful."""

    value: T | None
    error: BaseException | None


Work = Callable[[TaskControl], T]


class Runner(Protocol):
    def start(
        self,
        work: Work[Any],
        on_done: Callable[[TaskResult[Any]], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl: ...


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work[Any], signals: _Signals, control: TaskControl) -> None:
        super().__init__()
        self._work = work
        self._signals = signals
        self._control = control

    @Slot()
    def run(self) -> None:
        try:
            result: TaskResult[Any] = TaskResult(self._work(self._control), None)
        except BaseException as exc:
            result = TaskResult(None, exc)
        # RuntimeError: the window went away (the app is quitting); nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self._signals.done.emit(result)


class ThreadPoolRunner:
    """Runs work on ``QThreadPool.globalInstance()``; callbacks arrive on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self._pool = pool or QThreadPool.globalInstance()
        self._live: set[_Signals] = set()

    def start(
        self,
        work: Work[Any],
        on_done: Callable[[TaskResult[Any]], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl:
        signals = _Signals()
        control = TaskControl(signals.progress.emit)
        if on_progress is not None:
            signals.progress.connect(on_progress)

        def finish(result: TaskResult[Any]) -> None:
            self._live.discard(signals)
            on_done(result)

        signals.done.connect(finish)
        self._live.add(signals)  # keep the QObject alive until the job reports back
        self._pool.start(_Job(work, signals, control))
        return control

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self._pool.waitForDone(msecs))


class SynchronousRunner:
    """Same contract, no threads: for tests that want deterministic order."""

    def start(
        self,
        work: Work[Any],
        on_done: Callable[[TaskResult[Any]], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl:
        control = TaskControl(on_progress or (lambda _d, _t, _l: None))
        try:
            result: TaskResult[Any] = TaskResult(work(control), None)
        except Exception as exc:
            result = TaskResult(None, exc)
        on_done(result)
        return control
