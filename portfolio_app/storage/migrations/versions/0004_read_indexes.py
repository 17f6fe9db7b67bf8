"""Indexes for the reads a 10,000-credential wallet makes on every view (issue 12).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Every list, progress and skills view asks for the wallet newest-issued first and for each
credential's latest verdict.  Without these SQLite sorts the whole credentials table (rows
with their payloads) and every verdict on each call:

- ``ix_credentials_issued``: ``ORDER BY issued DESC, id`` walks the index (ties on ``issued``,
  rare, are sorted on their own);
- ``ix_verdicts_latest`` (credential, checked_at, id): a credential's newest verdict is one
  index seek, and a whole-wallet "latest verdict of each" needs no sort.

Only indexes: no data changes, so the upgrade is quick and the downgrade exact.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_credentials_issued", "credentials", ["issued"])
    op.create_index("ix_verdicts_latest", "verdicts", ["credential_id", "checked_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_verdicts_latest", table_name="verdicts")
    op.drop_index("ix_credentials_issued", table_name="credentials")
