"""Originals move from one file each (``blobs/``) into the database (table ``originals``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Why: see :mod:`portfolio_app.storage.originals` (one transaction for an original and its rows;
one commit for a bulk import instead of a file, an fsync and a folder per original).  The copy
runs in this migration's transaction, so the profile is at 0005 exactly when every original its
rows name is in the table; the old folder is renamed aside afterwards by the repository
(:func:`portfolio_app.storage.legacy_blobs.retire`), never deleted.  The downgrade writes the
originals back out as files.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from portfolio_app.storage import legacy_blobs

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "originals",
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_originals"),
    )
    conn, folder = _raw_and_folder()
    if folder is not None:
        legacy_blobs.copy_into_database(conn, folder)


def downgrade() -> None:
    conn, folder = _raw_and_folder()
    if folder is not None:
        legacy_blobs.write_out(conn, folder)
    op.drop_table("originals")


def _raw_and_folder() -> tuple[sqlite3.Connection, Path | None]:
    """The migration's DB-API connection and the profile's ``blobs/`` folder beside the
    database file (None for a database with no file)."""
    raw = op.get_bind().connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("a profile is always an SQLite database")
    file = next((row[2] for row in raw.execute("PRAGMA database_list") if row[1] == "main"), "")
    return raw, (Path(file).parent / legacy_blobs.BLOBS_DIR if file else None)
