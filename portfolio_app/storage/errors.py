"""Errors raised only by the storage layer.

They subclass :class:`~portfolio_app.errors.PortfolioError` so the shells can print them as
one sentence, like every other refusal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from portfolio_app.errors import (
    PortfolioError,
    ProfileInUse,
    ProfileReadOnly,
    StorageFull,
    WriteDenied,
)
from portfolio_app.fsutil import typed_os_error


class CredentialNotFound(PortfolioError):
    """The id names no credential (deleted meanwhile, or a typo on the command line)."""

    def __init__(self, credential_id: int) -> None:
        super().__init__(f"no credential #{credential_id} in this wallet")
        self.credential_id = credential_id


class BlobCorrupted(PortfolioError):
    """An original file is missing or no longer hashes to the SHA-256 it was stored under.

    We re-hash on every read because the originals are the learner's evidence: handing out
    silently altered bytes (bad sector, sync tool, hand edit) would be worse than refusing.
    """

    def __init__(self, sha256: str, why: str) -> None:
        super().__init__(f"the stored original {sha256[:12]}… is {why}")
        self.sha256 = sha256
        self.why = why


class StoreUnreadable(PortfolioError):
    """The database file exists but is not a Learner Portfolio database we can open."""


# SQLite primary result codes (the low byte of an extended code), see sqlite.org/rescode.html.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_FULL, _SQLITE_CANTOPEN = 13, 14


def _sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a DB-API or SQLAlchemy error, if it has one."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    # Older SQLite builds give no code; their messages are stable.
    text = str(orig).lower()
    if "disk is full" in text:
        return _SQLITE_FULL
    if "readonly database" in text:
        return _SQLITE_READONLY
    if "database is locked" in text:
        return _SQLITE_BUSY
    return None


@contextmanager
def storage_errors(data_dir: Path, db_path: Path) -> Iterator[None]:
    """Turn the everyday failures of a profile write into one-line typed errors.

    Disk full (from SQLite or from a file write) → :class:`StorageFull`; a write the system
    refuses → :class:`ProfileReadOnly`; SQLite still busy after its timeout (a process that
    does not take our lock) → :class:`ProfileInUse`.  Anything else is unexpected and passes
    through to the shell's log.  Callers have already rolled back, so "nothing was changed"
    in the messages is true.
    """
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        code = _sqlite_code(exc)
        if code == _SQLITE_FULL:
            raise StorageFull(db_path) from exc
        if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
            raise ProfileReadOnly(data_dir, "the database file cannot be written") from exc
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            raise ProfileInUse(data_dir) from exc
        raise
    except WriteDenied as exc:
        raise ProfileReadOnly(data_dir, f"{exc.path}: {exc.why}") from exc
    except OSError as exc:
        typed = typed_os_error(exc, data_dir)
        if isinstance(typed, WriteDenied):
            raise ProfileReadOnly(data_dir, f"{typed.path}: {typed.why}") from exc
        if typed is not None:
            raise typed from exc
        raise
