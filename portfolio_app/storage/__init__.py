"""Storage: the one package through which anything touches the profile's database and files.

Layout of a profile folder::

    <data_dir>/portfolio.sqlite3           SQLite (SQLModel tables, Alembic-versioned)
    <data_dir>/blobs/<2 hex>/<sha256 hex>  original files, byte for byte, content-addressed

Use :meth:`Repository.open` (a context manager); backups live in :mod:`.backup`.
"""

from __future__ import annotations

from portfolio_app.storage.errors import BlobCorrupted, CredentialNotFound, StoreUnreadable
from portfolio_app.storage.records import (
    CredentialSnapshot,
    LatestVerdict,
    Rendition,
    ShownRecord,
    Snapshot,
    StoredCredential,
    VerdictRecord,
)
from portfolio_app.storage.repository import BLOBS_DIR, DB_NAME, ImportResult, Repository

__all__ = [
    "BLOBS_DIR",
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
