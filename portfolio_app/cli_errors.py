"""Turning any failure of a ``portfolio`` command into one line a learner can act on.

The command line has one top-level handler (:func:`portfolio_app.cli.main`); this module is
its vocabulary.  An *expected* failure (a refused file, a full or read-only disk, a missing
file, a permission problem, Ctrl-C) becomes one :class:`Failure`: what went wrong, which file,
why, what to do.  Anything else is a bug: its traceback goes to the log file
(:mod:`portfolio_app.logfile`) and the learner is told where that file is.

Kept free of heavy imports (no SQLAlchemy): ``--help`` and ``--version`` load this module too,
so database errors are recognised by walking the exception chain to the ``sqlite3`` error that
SQLAlchemy wraps, not by importing SQLAlchemy's exception classes.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from portfolio_app.errors import PortfolioError

if TYPE_CHECKING:
    import sqlite3

# SQLite primary result codes (https://sqlite.org/rescode.html); ``sqlite_errorcode`` & 0xFF.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26

_DISK_FULL = "the disk is full; free some space and try again"
_READ_ONLY = "the disk or folder is read-only; use a writable folder (--data-dir DIR)"


class Failure(NamedTuple):
    """One expected failure, ready to print: ``message`` is a whole sentence.

    A NamedTuple rather than a dataclass: ``--help`` imports this module, and ``dataclasses``
    (with ``inspect``) costs it more than the rest of the parser (issue 9, startup).
    """

    message: str
    kind: str
    file: str | None = None

    def to_json(self) -> dict[str, object]:
        """The ``--json`` error object scripts read on stdout."""
        return {"error": {"message": self.message, "file": self.file, "kind": self.kind}}


class CommandFailed(PortfolioError):
    """A command cannot go on and has said why (exit 1); raised by the CLI's own checks."""

    def __init__(self, message: str, *, kind: str = "Failed", file: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.file = file


def describe(exc: BaseException, *, profile: Path | None) -> Failure | None:
    """The one-line account of an expected failure, or ``None`` when ``exc`` is a bug.

    ``profile`` is the profile folder the command uses; a database error names its file.
    """
    if isinstance(exc, KeyboardInterrupt):
        return Failure("interrupted; nothing more was done", "Interrupted")
    if isinstance(exc, CommandFailed):
        return Failure(str(exc), exc.kind, exc.file)
    if isinstance(exc, PortfolioError):
        return Failure(str(exc), type(exc).__name__, _file_of(exc))
    # sqlite3 is not imported for this: if nothing loaded it, no sqlite3 error can exist.
    sqlite_error = getattr(sys.modules.get("sqlite3"), "Error", None)
    for link in _chain(exc):
        if isinstance(link, OSError) and link.errno is not None:
            return _os_failure(link)
        if sqlite_error is not None and isinstance(link, sqlite_error):
            found = _sqlite_failure(link, profile)
            if found is not None:
                return found
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps (SQLAlchemy keeps the driver's error in ``orig``)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return seen


def _file_of(exc: BaseException) -> str | None:
    value = getattr(exc, "file", None) or getattr(exc, "path", None)
    return str(value) if isinstance(value, str | Path) else None


def _os_failure(exc: OSError) -> Failure:
    file = str(exc.filename) if exc.filename is not None else None
    where = f" ({file})" if file else ""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Failure(f"cannot write{where}: {_DISK_FULL}", "StorageFull", file)
    if code == errno.EROFS:
        return Failure(f"cannot write{where}: {_READ_ONLY}", "ReadOnly", file)
    if code in (errno.EACCES, errno.EPERM):
        return Failure(
            f"permission denied{where}; check who owns it, or choose another file or folder",
            "PermissionDenied",
            file,
        )
    if code == errno.ENOENT:
        return Failure(f"no such file or folder{where}; check the path", "NotFound", file)
    if code == errno.ENOTDIR:
        return Failure(f"not a folder{where}; check the path", "NotAFolder", file)
    if code == errno.EISDIR:
        return Failure(f"is a folder, not a file{where}; give a file name", "IsAFolder", file)
    reason = exc.strerror or type(exc).__name__
    return Failure(f"{reason}{where}", "OSError", file)


def _sqlite_failure(exc: sqlite3.Error, profile: Path | None) -> Failure | None:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    file = str(profile / "portfolio.sqlite3") if profile is not None else None
    where = f" ({file})" if file else ""
    if primary == _SQLITE_FULL or "disk is full" in text:
        return Failure(
            f"cannot save to the profile{where}: {_DISK_FULL}; nothing was changed",
            "StorageFull",
            file,
        )
    if primary == _SQLITE_READONLY or "readonly database" in text:
        return Failure(
            f"this profile is read-only{where}; use a writable folder (--data-dir DIR)",
            "ReadOnly",
            file,
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return Failure(
            f"another Learner Portfolio window or command is using this profile{where}; "
            "close it or wait, then try again",
            "ProfileInUse",
            file,
        )
    if primary in (_SQLITE_CANTOPEN, _SQLITE_PERM) or "unable to open" in text:
        return Failure(
            f"cannot open the profile's database{where}; check the folder exists and is yours",
            "ProfileUnavailable",
            file,
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return Failure(
            f"the profile's database is damaged{where}; restore a backup into a new folder",
            "ProfileDamaged",
            file,
        )
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return Failure(
            f"the disk could not be read or written{where}; check the drive and try again",
            "DiskError",
            file,
        )
    return None
