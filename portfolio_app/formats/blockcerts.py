"""Blockcerts certificates (v2: an OB 2.0-shaped assertion with a ``MerkleProof2017``
``signature``; v3: a W3C VC with a ``MerkleProof2019`` proof).

A Blockcerts certificate is one leaf of a Merkle tree whose root the issuer anchored in a
blockchain transaction.  What it states is read like the shape it borrows (OB 2.0 for v2, a VC
for v3); what can be checked offline (the document hash and the Merkle path) is checked by
``verify/blockcerts.py``.  v1.2 certificates (``https://w3id.org/blockcerts/v1``) are kept as
stated and reported as not verified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import ob2, vc
from portfolio_app.formats.common import (
    as_list,
    issuer_from_object,
    parse_datetime,
    text_of,
    types_of,
)
from portfolio_app.formats.registry import UNSUPPORTED, JsonFormat, JsonInput
from portfolio_app.model import Credential, CredentialFormat

V1_CONTEXTS = ("https://w3id.org/blockcerts/v1",)
V2_CONTEXTS = (
    "https://w3id.org/blockcerts/v2",
    "https://w3id.org/blockcerts/v2.1",
    "https://w3id.org/blockcerts/schema/2.0/context.json",  # what the canonical URLs serve
    "https://w3id.org/blockcerts/schema/2.1/context.json",
    "https://www.blockcerts.org/schema/2.0/context.json",
    "https://www.blockcerts.org/schema/2.1/context.json",
)
V3_PREFIX = "https://w3id.org/blockcerts/v3"  # v3, v3.1, v3.2 …
V2_PROOF = "MerkleProof2017"
V3_PROOF = "MerkleProof2019"


def _proof_types(obj: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for proof in as_list(obj.get("proof")):
        if isinstance(proof, dict):
            found.update(types_of(proof))
    return found


def is_v2(given: JsonInput) -> bool:
    """v1.2 or v2: the Blockcerts context, or a ``signature`` of type MerkleProof2017."""
    if any(c in given.contexts for c in (*V1_CONTEXTS, *V2_CONTEXTS)):
        return True
    signature = given.obj.get("signature")
    return isinstance(signature, dict) and V2_PROOF in types_of(signature)


def is_v3(given: JsonInput) -> bool:
    """v3: the Blockcerts v3 context, or a VC whose proof is a MerkleProof2019."""
    if any(c.startswith(V3_PREFIX) for c in given.contexts):
        return True
    return V3_PROOF in _proof_types(given.obj)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _parse_v1(given: JsonInput) -> Sequence[Credential]:
    """v1.2 keeps the certificate under ``document``: read its name, issuer and date."""
    document = _dict(given.obj.get("document"))
    certificate = _dict(document.get("certificate"))
    assertion = _dict(document.get("assertion"))
    title = text_of(certificate.get("name"))
    if not title:
        raise RejectedInput("Blockcerts v1.2 certificate has no 'document.certificate.name'")
    issuer = issuer_from_object(_dict(certificate.get("issuer")))
    if issuer is None:
        raise RejectedInput("Blockcerts v1.2 certificate names no issuer")
    uid = assertion.get("uid") if isinstance(assertion.get("uid"), str) else None
    return [
        Credential(
            format=CredentialFormat.BLOCKCERTS_V2,
            container=given.extracted.container,
            title=title,
            issuer_name=issuer[0],
            issuer_id=issuer[1],
            payload=given.payload,
            credential_id=uid,
            issued=parse_datetime(assertion.get("issuedOn")),
            extra={
                "source": given.extracted.source,
                "spec": "Blockcerts v1.2",
                UNSUPPORTED: (
                    "Blockcerts v1.2 certificate: not verified by this app (only v2 and v3 "
                    "Merkle proofs are checked)"
                ),
            },
        )
    ]


def _parse_v2(given: JsonInput) -> Sequence[Credential]:
    if any(c in given.contexts for c in V1_CONTEXTS):
        return _parse_v1(given)
    parsed = ob2.parse_assertion(
        given.obj,
        payload=given.payload,
        container=given.extracted.container,
        source=given.extracted.source,
        signed=False,
    )
    extra = {**parsed.extra, "spec": "Blockcerts v2"}
    extra.pop("note", None)
    profile = given.obj.get("recipientProfile")
    if isinstance(profile, dict) and isinstance(profile.get("name"), str):
        extra["recipient_name"] = profile["name"]
    return [
        dataclasses.replace(
            parsed, format=CredentialFormat.BLOCKCERTS_V2, verification_url=None, extra=extra
        )
    ]


def _parse_v3(given: JsonInput) -> Sequence[Credential]:
    parsed = vc.parse_vc(
        given.obj,
        payload=given.payload,
        container=given.extracted.container,
        source=given.extracted.source,
        jwt=given.jwt,
    )
    extra = {**parsed.extra, "spec": "Blockcerts v3"}
    title = parsed.title
    subject = given.obj.get("credentialSubject")
    claim = subject.get("claim") if isinstance(subject, dict) else None
    nameless = "title_from" in parsed.extra  # vc.py titled it by its type and issuer
    if nameless and isinstance(claim, dict) and text_of(claim.get("name")):
        # Blockcerts v3 names the achievement in credentialSubject.claim (display only: the
        # verdict of a Blockcerts certificate is never better than unverifiable offline).
        title = text_of(claim.get("name")) or title
        extra["title_from"] = "credentialSubject.claim.name as stated"
    return [
        dataclasses.replace(parsed, format=CredentialFormat.BLOCKCERTS_V3, title=title, extra=extra)
    ]


V2_FORMAT = JsonFormat("Blockcerts v2 certificate (MerkleProof2017)", is_v2, _parse_v2)
V3_FORMAT = JsonFormat("Blockcerts v3 certificate (MerkleProof2019)", is_v3, _parse_v3)
