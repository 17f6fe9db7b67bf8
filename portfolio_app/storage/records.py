"""What the storage layer hands out: small frozen dataclasses, never ORM rows.

Callers (services, GUI, CLI) must not be able to change the database by mutating an object,
and must not trigger lazy loads from another thread; plain values rule out both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portfolio_app.model import Credential, LearnerFacts
from portfolio_app.verify.verdict import Check, Status, Verdict


@dataclass(frozen=True)
class LatestVerdict:
    """The newest verification result, enough for a list view's status column."""

    status: Status
    checked_at: datetime
    summary: str
    facts: dict[str, str] = field(default_factory=dict)  # e.g. whether the issuer is recognised


@dataclass(frozen=True)
class StoredCredential:
    """A credential as kept in this wallet: the domain model plus what the wallet adds."""

    id: int
    sha256: str  # of the original file, which original_bytes() returns
    original_name: str
    imported_at: datetime  # timezone-aware, UTC
    notes: str
    user_tags: tuple[str, ...]
    credential: Credential
    latest_verdict: LatestVerdict | None = None
    # Learner-entered facts (``portfolio edit``); ``user_tags`` above are the learner's tags.
    learner: LearnerFacts = field(default_factory=LearnerFacts)


@dataclass(frozen=True)
class VerdictRecord:
    """One stored verification run of one credential."""

    id: int
    credential_id: int
    checked_at: datetime  # timezone-aware, UTC
    status: Status
    summary: str
    checks: tuple[Check, ...]
    facts: dict[str, str] = field(default_factory=dict)

    def to_verdict(self) -> Verdict:
        return Verdict(self.status, self.checks, self.summary, self.checked_at, dict(self.facts))


@dataclass(frozen=True)
class Rendition:
    """One original file of a credential (the same credential may arrive as a baked PNG and as
    a signed JWS); ``status`` is the newest verdict of this rendition on its own."""

    sha256: str
    original_name: str
    imported_at: datetime  # timezone-aware, UTC
    format: str
    container: str
    payload: str
    extra: dict[str, str] = field(default_factory=dict)
    status: Status | None = None
    checked_at: datetime | None = None
    shown: bool = False  # True for the rendition whose verdict the entry shows


@dataclass(frozen=True)
class ShownRecord:
    """What a credential showed before its fields were replaced, when and why."""

    changed_at: datetime  # timezone-aware, UTC
    reason: str
    shown: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CredentialSnapshot:
    """A credential with its whole verdict history: the unit backups carry."""

    stored: StoredCredential
    verdicts: tuple[VerdictRecord, ...]  # newest first
    renditions: tuple[Rendition, ...] = ()  # oldest first; empty means "only the shown one"
    shown_history: tuple[ShownRecord, ...] = ()  # oldest first


@dataclass(frozen=True)
class Snapshot:
    """Everything in the database, read in one transaction (for backups)."""

    credentials: tuple[CredentialSnapshot, ...]
    settings: dict[str, Any]
