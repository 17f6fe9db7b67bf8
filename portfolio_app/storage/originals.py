"""The original files of a profile, byte for byte, in its database (table ``originals``).

Originals are kept byte for byte because verification and export work from them.  Each is
named by the SHA-256 of its content, so a duplicate is free to detect and damage is detected on
every read (:func:`read` re-hashes and raises :class:`BlobCorrupted`).

Why in the database rather than one file each (``blobs/<2 hex>/<sha256>`` until schema 0005):

* An original is written in the same transaction as the rows that name it.  A crash, a full
  disk or a refused file can never leave a row without its original nor an original without a
  row, so there is no orphan sweep on open, no temporary names, no rename-aside on removal.
* A bulk import makes a whole group durable with SQLite's one commit, instead of one fsync per
  file and per shard folder.  Creating a file was the dearest step of an import on the disks it
  runs on (0.3-0.9 ms per file on the project's ext4 machines, more on network home folders,
  against a few tens of microseconds for a row of a few kilobytes; SQLite's own measurements
  find small blobs faster in a database than in files: https://www.sqlite.org/fasterthanfs.html).
* A lab machine's quota counts one file instead of thousands.

Originals are capped on import (:data:`~portfolio_app.ingest.files.DEFAULT_MAX_BYTES`, 20 MiB),
far below SQLite's 1 GB limit for one value.  Every function here runs on the caller's DB-API
connection, inside the caller's transaction: the repository decides what a unit of work is.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable

from portfolio_app.storage.errors import BlobCorrupted

SHA256_RE = re.compile(r"[0-9a-f]{64}")

_PUT = "INSERT OR REPLACE INTO originals (sha256, data) VALUES (?, ?)"
_READ = "SELECT data FROM originals WHERE sha256 = ?"
# An original may be shared: a credential row and a rendition row name the same one, and a
# removal must not take an original another entry still shows.
_DISCARD_UNREFERENCED = (
    "DELETE FROM originals WHERE sha256 = :sha"
    " AND NOT EXISTS (SELECT 1 FROM credentials WHERE sha256 = :sha)"
    " AND NOT EXISTS (SELECT 1 FROM renditions WHERE sha256 = :sha)"
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(conn: sqlite3.Connection, sha256: str, data: bytes) -> None:
    """Keep ``data`` as the original named ``sha256`` (the caller has hashed it).

    An existing original of that name is replaced: its bytes are the same unless it was
    damaged, and then the new copy repairs it.
    """
    if not SHA256_RE.fullmatch(sha256):
        raise ValueError(f"not a lowercase SHA-256 hex digest: {sha256!r}")
    conn.execute(_PUT, (sha256, data))


def read(conn: sqlite3.Connection, sha256: str) -> bytes:
    """The stored bytes, re-hashed; :class:`BlobCorrupted` if missing or altered."""
    row = conn.execute(_READ, (sha256,)).fetchone()
    if row is None:
        raise BlobCorrupted(sha256, "missing from the profile")
    data = bytes(row[0])
    if sha256_hex(data) != sha256:
        raise BlobCorrupted(sha256, "damaged on disk (its content no longer matches)")
    return data


def discard_unreferenced(conn: sqlite3.Connection, shas: Iterable[str]) -> None:
    """Delete each of ``shas`` that no credential or rendition row names any more."""
    conn.executemany(_DISCARD_UNREFERENCED, [{"sha": sha} for sha in shas])


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM originals").fetchone()[0])


def digests(conn: sqlite3.Connection) -> set[str]:
    """The name of every original held."""
    return {str(sha) for (sha,) in conn.execute("SELECT sha256 FROM originals")}
