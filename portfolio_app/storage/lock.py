"""The profile lock: one advisory lock file that every opener of a profile takes.

Two programs writing one SQLite file over a network share, or a GUI window and a ``portfolio
import`` racing each other, are how wallets get corrupted or users get a cryptic "database is
locked" after a long wait.  So opening a profile takes ``portfolio.lock`` without waiting:
exclusively when the profile will be written, shared when it is opened read-only.  A second
process learns *at once* that the profile is in use (:class:`~portfolio_app.errors.ProfileInUse`).

Locks are held per process and counted, so the same process may open one profile twice (the
GUI and its workers, tests) without locking itself out; the OS releases the lock if the
process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.errors import ProfileInUse

LOCK_NAME = "portfolio.lock"


@dataclass
class _Held:
    fd: int
    count: int
    shared: bool


_HELD: dict[tuple[int, int], _Held] = {}
_GUARD = threading.Lock()


class ProfileLock:
    """A held lock on one profile; :meth:`release` once (the repository does it on close)."""

    def __init__(self, key: tuple[int, int] | None) -> None:
        self._key = key

    @property
    def held(self) -> bool:
        """False when the medium allowed no lock file (a read-only stick without one)."""
        return self._key is not None

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _GUARD:
            held = _HELD.get(key)
            if held is None:
                return
            held.count -= 1
            if held.count == 0:
                del _HELD[key]
                _unlock(held.fd)
                os.close(held.fd)


def acquire(folder: Path, *, read_only: bool) -> ProfileLock:
    """Take the lock of the profile in ``folder`` or raise :class:`ProfileInUse`.

    A read-only profile whose lock file is missing cannot get one (nothing may be created
    there); it is opened unlocked, which is safe because nobody can write it either.  Held
    locks are keyed by the lock file's device and inode, so two spellings of one folder
    (a symlink, a relative path) still count as the same profile.
    """
    fd = _open(folder / LOCK_NAME, read_only=read_only)
    if fd is None:
        return ProfileLock(None)
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino)
    with _GUARD:
        held = _HELD.get(key)
        if held is not None:
            os.close(fd)
            held.count += 1
            return ProfileLock(key)
        if not _try_lock(fd, shared=read_only):
            os.close(fd)
            raise ProfileInUse(folder)
        _HELD[key] = _Held(fd, 1, read_only)
        return ProfileLock(key)


def acquire_patiently(folder: Path, *, seconds: float = 3.0) -> ProfileLock:
    """:func:`acquire` for writing, retried for a few ``seconds`` before :class:`ProfileInUse`.

    For a window's write while a short ``portfolio`` command holds the profile: waiting a
    moment is kinder than refusing at once; a long import elsewhere still gets a clear no.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return acquire(folder, read_only=False)
        except ProfileInUse:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _open(path: Path, *, read_only: bool) -> int | None:
    flags = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        if read_only:
            return os.open(path, os.O_RDONLY | flags)
        return os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o600)
    except OSError:
        if read_only:
            return None
        raise


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int, *, shared: bool) -> bool:
        # msvcrt has no shared byte-range lock, and locking needs a handle opened for
        # writing; a read-only opener (which cannot write anyway) goes unlocked.
        if shared:
            return True
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, *, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            # A file system without flock support (some network shares): SQLite's own
            # locking still protects the database, so work unlocked rather than refuse.
            return True
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
