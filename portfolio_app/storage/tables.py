"""The SQLModel table classes: the shape of the database as the running code sees it.

The schema itself is created and changed only by the Alembic revisions in ``migrations/``;
these classes are never used with ``create_all``.  ``tests/test_storage_schema.py`` checks
that both agree, so a column added here without a revision fails the suite.

Rows are an internal detail: the rest of the app only sees :mod:`.records` and
:class:`portfolio_app.model.Credential`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Index, LargeBinary, Text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """A DATETIME column that always stores UTC and always hands back aware datetimes.

    SQLite has no time-zone type and SQLAlchemy's SQLite DATETIME drops the offset, which would
    silently turn "09:00+02:00" into "09:00".  Storing UTC in a fixed-width text form also keeps
    ``ORDER BY`` chronological.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value  # already UTC by convention (see codec.as_utc)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class CredentialRow(SQLModel, table=True):
    """One imported credential: the normalised fields plus what the learner added."""

    __tablename__ = "credentials"
    # Migration 0004: the wallet is listed newest-issued first on every view.
    __table_args__ = (Index("ix_credentials_issued", "issued"),)

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(sa_type=Text, unique=True, index=True)  # the original file's blob
    original_name: str = Field(sa_type=Text)
    imported_at: datetime = Field(sa_type=UTCDateTime)
    notes: str = Field(default="", sa_type=Text)
    user_tags: list[str] = Field(default_factory=list, sa_type=JSON)

    format: str = Field(sa_type=Text)
    container: str = Field(sa_type=Text)
    title: str = Field(sa_type=Text)
    description: str = Field(default="", sa_type=Text)
    credential_id: str | None = Field(default=None, sa_type=Text, index=True)
    achievement_id: str | None = Field(default=None, sa_type=Text)
    issuer_id: str | None = Field(default=None, sa_type=Text)
    issuer_name: str = Field(sa_type=Text)
    recipient: str | None = Field(default=None, sa_type=Text)
    issued: datetime | None = Field(default=None, sa_type=UTCDateTime)
    valid_from: datetime | None = Field(default=None, sa_type=UTCDateTime)
    valid_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    alignments: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    credits: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    evidence: list[str] = Field(default_factory=list, sa_type=JSON)
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    verification_url: str | None = Field(default=None, sa_type=Text)
    self_reported: bool = Field(default=False)
    extra: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    payload: str = Field(sa_type=Text)
    # What the learner says about it (``portfolio edit``), kept apart from the original's fields.
    learner: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSON, sa_column_kwargs={"server_default": "{}"}
    )


class RenditionRow(SQLModel, table=True):
    """One original file of a credential.  A credential arriving again in another rendition (a
    baked PNG and a signed JWS of one assertion) gains a row here instead of a second entry;
    the credential row shows the best-verifying one (its ``sha256`` names that original)."""

    __tablename__ = "renditions"

    id: int | None = Field(default=None, primary_key=True)
    credential_id: int = Field(foreign_key="credentials.id", ondelete="CASCADE", index=True)
    sha256: str = Field(sa_type=Text, unique=True, index=True)
    original_name: str = Field(sa_type=Text)
    imported_at: datetime = Field(sa_type=UTCDateTime)
    format: str = Field(sa_type=Text)
    container: str = Field(sa_type=Text)
    payload: str = Field(sa_type=Text)
    extra: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    status: str | None = Field(default=None, sa_type=Text, nullable=True)  # its newest verdict
    checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class OriginalRow(SQLModel, table=True):
    """One original file, byte for byte, named by the SHA-256 of its content (migration 0005).

    Credential and rendition rows name their original by ``sha256``; a row here exists exactly
    while one of them does (both are written and deleted in the same transaction).  Why in the
    database and not one file each: see :mod:`.originals`.
    """

    __tablename__ = "originals"

    sha256: str = Field(sa_type=Text, primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)


class ShownHistoryRow(SQLModel, table=True):
    """What a credential showed before its fields were replaced (a refresh from documents, a
    re-read by a newer parser): the learner can always see what the wallet said earlier."""

    __tablename__ = "shown_history"

    id: int | None = Field(default=None, primary_key=True)
    credential_id: int = Field(foreign_key="credentials.id", ondelete="CASCADE", index=True)
    changed_at: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(sa_type=Text)
    shown: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class VerdictRow(SQLModel, table=True):
    """One verification run.  Rows are only ever added: the history is the point."""

    __tablename__ = "verdicts"
    # Migration 0004: each credential's newest verdict is one index seek.
    __table_args__ = (Index("ix_verdicts_latest", "credential_id", "checked_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    credential_id: int = Field(foreign_key="credentials.id", ondelete="CASCADE", index=True)
    checked_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(sa_type=Text)
    summary: str = Field(sa_type=Text)
    checks: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    facts: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


class SettingRow(SQLModel, table=True):
    """Profile settings as JSON values, so new settings need no schema change."""

    __tablename__ = "settings"

    key: str = Field(sa_type=Text, primary_key=True)
    value: Any = Field(default=None, sa_type=JSON, nullable=True)


class QualificationRow(SQLModel, table=True):
    """A qualification definition the learner or a career centre added (JSON text, validated
    by :mod:`portfolio_app.pathways` before it is stored)."""

    __tablename__ = "qualifications"

    id: str = Field(primary_key=True, sa_type=Text)
    text: str = Field(sa_type=Text)
    added_at: datetime = Field(sa_type=UTCDateTime)
