"""The one domain model every format is parsed into.

Parsers fill a :class:`Credential`; storage persists it; verification, pathways and export read
it.  It is deliberately a plain frozen dataclass (no ORM, no Qt) so every layer can share it and
tests can build one in a line.

The original bytes are *not* part of the model: they are kept verbatim in the profile's
database (``storage/originals.py``) and referenced by their SHA-256.  ``payload`` is the
credential text as extracted from its container (the JSON document or compact JWS inside a
baked PNG, for example), which is what verification works on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from portfolio_app.frozen import fast_maker


class CredentialFormat(StrEnum):
    """What kind of credential it is, independent of the container it arrived in."""

    OB2_HOSTED = "ob2-hosted"
    OB2_SIGNED = "ob2-signed"
    OB3 = "ob3"  # OpenBadgeCredential / AchievementCredential with an embedded proof
    OB3_JWT = "ob3-jwt"  # the same as a VC-JWT (compact JWS)
    CLR2 = "clr2"
    CLR2_JWT = "clr2-jwt"
    VC = "vc"  # another W3C Verifiable Credential (not an Open Badge)
    VC_JWT = "vc-jwt"
    EUROPASS_EDC = "europass-edc"
    PDF_CERTIFICATE = "pdf-certificate"  # a PDF certificate: kept, but self-reported
    # Kinds found in the wild that are kept with what they state; see formats/registry.py.
    OB1_HOSTED = "ob1-hosted"  # Open Badges 1.0/1.1 hosted assertion
    OB1_SIGNED = "ob1-signed"  # Open Badges 1.0/1.1 signed assertion (JWS)
    BLOCKCERTS_V2 = "blockcerts-v2"  # MerkleProof2017 (Chainpoint) over the normalized document
    BLOCKCERTS_V3 = "blockcerts-v3"  # VC with a MerkleProof2019 proof
    EUROPASS_XML = "europass-xml"  # Europass EDC v1 XML, XAdES-sealed (2020-23)


class Container(StrEnum):
    """How the credential was delivered: the outer file type."""

    PNG = "png"
    SVG = "svg"
    JSON = "json"
    JWT = "jwt"
    PDF = "pdf"
    XML = "xml"  # an XML document that is not an SVG (Europass EDC v1)


@dataclass(frozen=True)
class Alignment:
    """A skill or competency the achievement aligns to (OB ``alignment``, ESCO URI, …)."""

    name: str
    url: str | None = None  # targetUrl / the framework item's IRI
    framework: str | None = None  # targetFramework
    code: str | None = None  # targetCode


@dataclass(frozen=True)
class CreditValue:
    """Credits the achievement is worth, with their unit (ECTS, credit hours, CEU, hours)."""

    value: float
    unit: str


@dataclass(frozen=True)
class Credential:
    """One credential the learner holds, as understood by the app.

    Fields are what the *credential says*; nothing here is trusted until verification says so.
    """

    format: CredentialFormat
    container: Container
    title: str
    issuer_name: str
    payload: str  # the extracted credential text (JSON or compact JWS); "" for PDF certificates
    credential_id: str | None = None  # the credential's own id (urn:uuid:…, https://…)
    description: str = ""
    achievement_id: str | None = None
    issuer_id: str | None = None
    recipient: str | None = None  # DID, email, or "sha256$…" hash as given
    issued: datetime | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    alignments: tuple[Alignment, ...] = ()
    credits: tuple[CreditValue, ...] = ()
    evidence: tuple[str, ...] = ()  # evidence URLs or names
    tags: tuple[str, ...] = ()
    verification_url: str | None = None  # hosted URL or the certificate's "verify at" link
    self_reported: bool = False  # True when nothing cryptographic backs it (PDF certificates)
    extra: dict[str, str] = field(default_factory=dict)  # small format-specific facts for display


#: ``Credential(...)`` taking every field in this order, without an ``object.__setattr__`` per
#: field (see :func:`~portfolio_app.frozen.fast_maker`): the parser and the readers of stored
#: rows build one per credential, on the hot paths of import, reverify and the 10k views.
make_credential = fast_maker(Credential, (
    "format", "container", "title", "issuer_name", "payload", "credential_id", "description",
    "achievement_id", "issuer_id", "recipient", "issued", "valid_from", "valid_until",
    "alignments", "credits", "evidence", "tags", "verification_url", "self_reported", "extra",
))  # fmt: skip


@dataclass(frozen=True)
class LearnerFacts:
    """What the learner says about a credential, kept apart from what the original says.

    Every view marks these as learner-entered; pathway matching may read them (tags and the
    achievement id) only under the "include unverified" policy, flagged as self-reported.
    ``None`` / empty means the learner said nothing about that field.
    """

    issuer_name: str | None = None
    achievement_name: str | None = None
    achievement_id: str | None = None
    credits: tuple[CreditValue, ...] = ()
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self == LearnerFacts()


# -- how every shell shows a title --------------------------------------------------------------
# Here, beside the model, so the shells' light commands (``portfolio list``) can mark a
# provisional title without importing the format parsers.

PROVISIONAL_MARK = "(provisional title)"


def is_provisional_title(extra: dict[str, str]) -> bool:
    """True when the title is a stand-in (a file name or URL) until the real name is known."""
    return extra.get("title_provisional") == "true"


def display_title(credential: Credential) -> str:
    """The title as every shell shows it: a provisional one is marked "(provisional title)".

    One helper so the CLI, ``--json`` and the GUI mark a guessed title the same way.
    """
    title = credential.title
    if is_provisional_title(credential.extra):
        return f"{title} {PROVISIONAL_MARK}"
    return title
