"""Follow changes the command line makes to the open profile, cheaply.

SQLite (journal mode DELETE, as this app uses) bumps a *file change counter* in the database
header (bytes 24–27) at every committed write.  Once a second a worker reads those four bytes
and the file's size and modification time; only when they differ from the last look does the
window reload the wallet.  No table is read to find out, nothing runs on the GUI thread, and a
network share that does not deliver file-system notifications still works.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult

#: How often the database header is looked at (a 100-byte read, off the GUI thread).
POLL_MS = 1000
_COUNTER = slice(24, 28)

Stamp = tuple[int, int, bytes] | None


def change_stamp(database: Path) -> Stamp:
    """(mtime, size, SQLite file change counter) of the database; None when unreadable."""
    try:
        with database.open("rb") as handle:
            header = handle.read(100)
            info = os.fstat(handle.fileno())
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, header[_COUNTER])


class ChangeWatcher(QObject):
    """Emits :attr:`changed` when someone else (or this app) wrote to the profile."""

    changed = Signal()

    def __init__(
        self,
        database: Path,
        runner: Runner,
        interval_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._runner = runner
        self._seen: Stamp = None
        self._baseline = False  # the first look only records (no disk read on this thread)
        self._looking = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def take_baseline(self) -> None:
        """Record how the database looks now (in the background) without reporting it."""
        self.poll()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        """Look once (in the background); a look still running is not doubled."""
        if self._looking:
            return
        self._looking = True
        database = self._database

        def work(_control: TaskControl) -> Stamp:
            return change_stamp(database)

        self._runner.start(work, self._looked)

    def own_write(self, before: Stamp, after: Stamp) -> None:
        """This window committed one write between two looks of :func:`change_stamp`
        (``before`` and ``after``, taken around it on the writing thread): when the last look
        was ``before`` and the change counter moved on by exactly one, that one commit was
        ours, so ``after`` is recorded and the wallet is not read again for a change it
        already shows (the first-run welcome's "welcomed" setting made a 10,000-credential
        window reload everything a second after it was shown).  Any other commit in between
        moves the counter further and is reported as before.  The caller's write must change
        something (one that changes nothing commits nothing, and another's commit would be
        taken for it): the welcome writes "welcomed" only when it was not set."""
        if before is None or after is None or not self._baseline or self._seen != before:
            return
        if int.from_bytes(after[2], "big") == int.from_bytes(before[2], "big") + 1:
            self._seen = after

    def _looked(self, result: TaskResult[Stamp]) -> None:
        self._looking = False
        stamp = result.value
        if result.error is not None or stamp is None or stamp == self._seen:
            return
        first = not self._baseline
        self._seen, self._baseline = stamp, True
        if not first:
            self.changed.emit()
