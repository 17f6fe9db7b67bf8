"""Every original of a credential kept (renditions), what was shown before, learner facts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

One credential can arrive in several renditions (a hosted PNG and a signed JWS of one OB 2.0
assertion, two proof sets of one VC); each original is kept as its own row here.  Existing
profiles had exactly one original per credential: it becomes that credential's first
rendition, with the status of its newest verdict.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("credentials") as batch:
        batch.add_column(sa.Column("learner", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "renditions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("container", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credentials.id"],
            name="fk_renditions_credential_id_credentials",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_renditions"),
    )
    op.create_index("ix_renditions_sha256", "renditions", ["sha256"], unique=True)
    op.create_index("ix_renditions_credential_id", "renditions", ["credential_id"])
    op.create_table(
        "shown_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("shown", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credentials.id"],
            name="fk_shown_history_credential_id_credentials",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_shown_history"),
    )
    op.create_index("ix_shown_history_credential_id", "shown_history", ["credential_id"])
    # Each existing single original becomes the first rendition of its credential.
    op.execute(
        """
        INSERT INTO renditions (credential_id, sha256, original_name, imported_at, format,
                                container, payload, extra, status, checked_at)
        SELECT c.id, c.sha256, c.original_name, c.imported_at, c.format, c.container,
               c.payload, c.extra,
               (SELECT v.status FROM verdicts v WHERE v.credential_id = c.id
                ORDER BY v.checked_at DESC, v.id DESC LIMIT 1),
               (SELECT v.checked_at FROM verdicts v WHERE v.credential_id = c.id
                ORDER BY v.checked_at DESC, v.id DESC LIMIT 1)
        FROM credentials c ORDER BY c.id
        """
    )


def downgrade() -> None:
    op.drop_index("ix_shown_history_credential_id", table_name="shown_history")
    op.drop_table("shown_history")
    op.drop_index("ix_renditions_credential_id", table_name="renditions")
    op.drop_index("ix_renditions_sha256", table_name="renditions")
    op.drop_table("renditions")
    with op.batch_alter_table("credentials") as batch:
        batch.drop_column("learner")
