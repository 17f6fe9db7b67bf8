"""What goes into a portfolio PDF, gathered by the services and drawn by :mod:`.document`.

Plain frozen values: the document code never reads the wallet, the keys or the clock, so the
same content always gives the same pages (tests inject a fixed ``created``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from portfolio_app.model import Container, Credential, LearnerFacts
from portfolio_app.verify.verdict import Status, Verdict

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSIONS = {
    Container.PNG: "png",
    Container.SVG: "svg",
    Container.JSON: "json",
    Container.JWT: "jwt",
    Container.PDF: "pdf",
}
_MIME = {
    Container.PNG: "image/png",
    Container.SVG: "image/svg+xml",
    Container.JSON: "application/json",
    Container.JWT: "application/jwt",
    Container.PDF: "application/pdf",
}


@dataclass(frozen=True)
class Entry:
    """One chosen credential: what it says, its original bytes, and its verdict at export."""

    number: int  # the wallet's number (``portfolio list``)
    credential: Credential
    original: bytes
    original_name: str
    verdict: Verdict
    learner: LearnerFacts = field(default_factory=LearnerFacts)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.original).hexdigest()

    @property
    def verified(self) -> bool:
        return self.verdict.status is Status.VERIFIED

    @property
    def attachment_name(self) -> str:
        """The embedded file's name: numbered (unique) and ASCII (every reader shows it)."""
        stem = _UNSAFE_NAME.sub("-", self.original_name.rsplit(".", 1)[0]).strip("-.")[:60]
        extension = _EXTENSIONS[self.credential.container]
        return f"credential-{self.number:04d}-{stem or 'original'}.{extension}"

    @property
    def mime_type(self) -> str:
        return _MIME[self.credential.container]

    @property
    def reference(self) -> str:
        """What the QR code carries: the embedded file's name and the hash of its bytes."""
        return f"embedded:{self.attachment_name}#sha256={self.sha256}"


@dataclass(frozen=True)
class QualificationLine:
    name: str
    percent: float
    satisfied: bool


@dataclass(frozen=True)
class SkillLine:
    name: str
    credentials: int
    unverified: int


@dataclass(frozen=True)
class PortfolioContent:
    learner_name: str
    contact: tuple[str, ...]  # the lines the learner chose to show for this export
    entries: tuple[Entry, ...]
    created: datetime
    holder_did: str | None = None
    qualifications: tuple[QualificationLine, ...] = ()
    skills: tuple[SkillLine, ...] = ()
    #: The career centre that set up this machine (machine config ``organisation_name`` /
    #: ``organisation_logo``): shown on the cover as where it was prepared, vouching nothing.
    organisation: str = ""
    organisation_logo: bytes | None = None

    @property
    def verified_count(self) -> int:
        return sum(1 for e in self.entries if e.verified)
