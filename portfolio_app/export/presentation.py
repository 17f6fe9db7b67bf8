"""The learner's signed statement: a W3C Verifiable Presentation listing every attached original.

Why a presentation and not only the PDF signature: a PDF signature says "this file was not
changed since someone signed it"; the presentation says, in a form any VC verifier reads,
*which* credentials the learner (their Ed25519 ``did:key``) presents, by the SHA-256 of each
original, with the verdict the wallet reached at export.  It is signed with eddsa-rdfc-2022,
so the same verifier that checks credentials checks it.  Canonicalization runs in safe mode,
which refuses a term no context defines (it would not be signed), so the statement carries a
small inline context naming each of its terms under ``urn:learner-portfolio:``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nacl.signing

from portfolio_app.export.content import Entry
from portfolio_app.verify.dataintegrity import (
    VC_V2,
    format_created,
    passing_keys,
    sign_data_integrity,
    verify_proofs,
)
from portfolio_app.verify.documents import DocumentSource, EmptySource

PRESENTATION_FILE = "portfolio-presentation.json"
ENTRY_TYPE = "PortfolioEntry"
MAX_ENTRIES = 5_000
_VOCAB = "urn:learner-portfolio:"
_XSD = "http://www.w3.org/2001/XMLSchema#"
CONTEXT: dict[str, Any] = {
    ENTRY_TYPE: _VOCAB + ENTRY_TYPE,
    "exportedAt": {"@id": _VOCAB + "exportedAt", "@type": _XSD + "dateTime"},
    "portfolioEntry": {"@id": _VOCAB + "portfolioEntry", "@type": "@id"},
    "attachment": _VOCAB + "attachment",
    "sha256": _VOCAB + "sha256",
    "status": _VOCAB + "status",
    "checkedAt": {"@id": _VOCAB + "checkedAt", "@type": _XSD + "dateTime"},
    "credentialId": _VOCAB + "credentialId",
    "limits": _VOCAB + "limits",
}


def build_presentation(holder: str, entries: Sequence[Entry], created: datetime) -> dict[str, Any]:
    """The unsigned presentation (stable key order, so the file is the same run to run)."""
    listed = []
    for entry in entries:
        item: dict[str, Any] = {
            # Every node named by an IRI: blank nodes make canonicalization cost grow fast
            # with the number of entries (each one must be told apart by hashing its
            # neighbourhood), named nodes cost nothing extra.
            "id": f"{_VOCAB}attachment:{entry.attachment_name}",
            "type": ENTRY_TYPE,
            "attachment": entry.attachment_name,
            "sha256": entry.sha256,
            "status": entry.verdict.status.value,
            "checkedAt": format_created(entry.verdict.checked_at),
        }
        if entry.credential.credential_id:
            item["credentialId"] = entry.credential.credential_id
        if entry.verdict.limits:
            item["limits"] = list(entry.verdict.limits)
        listed.append(item)
    digest = hashlib.sha256("\n".join(sorted(e.sha256 for e in entries)).encode()).hexdigest()
    return {
        "@context": [VC_V2, CONTEXT],
        "id": f"{_VOCAB}export:{digest[:32]}",
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "exportedAt": format_created(created),
        "portfolioEntry": listed,
    }


def sign_presentation(
    document: Mapping[str, Any],
    key: nacl.signing.SigningKey,
    verification_method: str,
    created: datetime,
) -> dict[str, Any]:
    return sign_data_integrity(document, bytes(key), verification_method, created=created)


@dataclass(frozen=True)
class PresentationCheck:
    """Whether the statement's signature holds and is the holder's own key."""

    ok: bool
    detail: str
    holder: str | None
    entries: tuple[Mapping[str, Any], ...]


def check_presentation(document: Any, docs: DocumentSource | None = None) -> PresentationCheck:
    """Verify the proof and that the key is the holder's own ``did:key`` (nothing else binds a
    self-issued statement to a person)."""
    if not isinstance(document, dict):
        return PresentationCheck(False, "the statement is not a JSON object", None, ())
    holder = document.get("holder")
    raw = document.get("portfolioEntry", [])
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(holder, str) or not isinstance(raw, list) or len(raw) > MAX_ENTRIES:
        return PresentationCheck(False, "the statement has no holder or entry list", None, ())
    entries = tuple(e for e in raw if isinstance(e, dict))
    result = verify_proofs(document, docs=docs or EmptySource())
    if result.outcome != "passed":
        detail = f"the statement's signature: {result.detail}"
        return PresentationCheck(False, detail, holder, entries)
    keys = passing_keys(result.proofs)
    if not holder.startswith("did:key:") or not any(
        k.controller.split("#", 1)[0] == holder for k in keys
    ):
        return PresentationCheck(
            False, "the statement is signed, but not by the holder's own did:key", holder, entries
        )
    return PresentationCheck(True, f"signed by the holder {holder}", holder, entries)
