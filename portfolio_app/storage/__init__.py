"""Storage: the one package through which anything touches the profile's database and files.

Layout of a profile folder::

    <data_dir>/portfolio.sqlite3  SQLite (SQLModel tables, Alembic-versioned), the original
                                  files among them: byte for byte, named by their SHA-256
                                  (table ``originals``, see :mod:`.originals`)

Use :meth:`Repository.open` (a context manager); backups live in :mod:`.backup`; the
read-only commands that must start fast use :mod:`.quickread` (``sqlite3`` alone).

The records are imported here at once (plain dataclasses); the repository and the errors
load SQLAlchemy, so they are imported on first use (PEP 562): ``portfolio list`` reads a
profile without paying for SQLAlchemy (issue 9), yet ``from portfolio_app.storage import
Repository`` works as before.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from portfolio_app.storage.records import (
    CredentialSnapshot,
    LatestVerdict,
    Rendition,
    ShownRecord,
    Snapshot,
    StoredCredential,
    VerdictRecord,
)

if TYPE_CHECKING:
    from portfolio_app.storage.errors import BlobCorrupted, CredentialNotFound, StoreUnreadable
    from portfolio_app.storage.repository import DB_NAME, ImportResult, Repository

_LAZY = {
    "BlobCorrupted": "errors",
    "CredentialNotFound": "errors",
    "StoreUnreadable": "errors",
    "DB_NAME": "repository",
    "ImportResult": "repository",
    "Repository": "repository",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DB_NAME",
    "BlobCorrupted",
    "CredentialNotFound",
    "CredentialSnapshot",
    "ImportResult",
    "LatestVerdict",
    "Rendition",
    "Repository",
    "ShownRecord",
    "Snapshot",
    "StoreUnreadable",
    "StoredCredential",
    "VerdictRecord",
]
