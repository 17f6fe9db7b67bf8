"""The ``blobs/`` folder of profiles written before schema 0005, and moving it into the database.

Until 0005 each original was a file ``blobs/<first 2 hex>/<sha256 hex>`` beside the database.
Migration 0005 copies every original a row names into the ``originals`` table, inside the
migration's own transaction (so the profile is at 0005 exactly when its originals are in the
database).  The folder itself is not deleted: once that transaction has committed,
:func:`retire` renames it to ``blobs.before-0005``, which with ``portfolio.sqlite3.bak-<old
revision>`` (the database copy taken before any migration) is the whole profile as it was, for
an older app version or a rescue.  The learner may delete both once they are happy.

A file is copied as it is, even one that no longer hashes to its name: the read then reports it
damaged, as it did before, instead of the migration hiding the damage.  One that cannot be read,
or is larger than any import could have written, is left in the old folder (the app then
reports that original missing) rather than stopping the profile from opening.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from portfolio_app.config.keys import MAX_IMPORT_BYTES_CAP
from portfolio_app.storage import originals

log = logging.getLogger(__name__)

BLOBS_DIR = "blobs"
RETIRED_DIR = "blobs.before-0005"


def legacy_path(folder: Path, sha256: str) -> Path:
    """Where the pre-0005 layout kept the original ``sha256`` under ``folder`` (``blobs/``)."""
    return folder / sha256[:2] / sha256


def referenced(conn: sqlite3.Connection) -> list[str]:
    """Every original a credential or rendition row names, sorted."""
    rows = conn.execute("SELECT sha256 FROM credentials UNION SELECT sha256 FROM renditions")
    return sorted(str(sha) for (sha,) in rows)


def copy_into_database(conn: sqlite3.Connection, folder: Path) -> int:
    """Put every referenced original found under ``folder`` into ``originals``; return how many.

    A referenced file that is missing stays missing (reading it says so, as before).
    """
    copied = 0
    for sha in referenced(conn):
        path = legacy_path(folder, sha)
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES_CAP:  # not what an import ever wrote
                log.warning("left %s in the old folder: larger than any original", path)
                continue
            data = path.read_bytes()
        except FileNotFoundError:
            log.warning("original %s was already missing from %s", sha, folder)
            continue
        except OSError as exc:  # unreadable: the file stays in the old folder, kept
            log.warning("left %s in the old folder: %s", path, exc.strerror or exc)
            continue
        originals.put(conn, sha, data)
        copied += 1
    return copied


def write_out(conn: sqlite3.Connection, folder: Path) -> int:
    """The downgrade: write every original back to the pre-0005 layout; return how many."""
    written = 0
    for sha, data in conn.execute("SELECT sha256, data FROM originals ORDER BY sha256"):
        path = legacy_path(folder, str(sha))
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_bytes(bytes(data))
        if os.name == "posix":
            path.chmod(0o600)
        written += 1
    return written


def retire(data_dir: Path) -> Path | None:
    """Rename a pre-0005 ``blobs/`` folder aside once its originals are in the database.

    Returns the new name, or None when there was no folder or the name is taken (then the
    folder stays, unused, and the next open tries again).
    """
    folder, target = data_dir / BLOBS_DIR, data_dir / RETIRED_DIR
    if not folder.is_dir():
        return None
    if target.exists():
        log.warning("kept %s: %s already exists", folder, target)
        return None
    with suppress(FileNotFoundError):
        folder.rename(target)
        log.info("originals now live in the database; the old folder is kept as %s", target)
        return target
    return None
