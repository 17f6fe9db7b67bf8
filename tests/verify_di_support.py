"""Shared helpers for the Data Integrity tests: keys, a sample OB3 credential, status lists."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portfolio_app.verify import signed_graph
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import public_key_from_seed, sign_data_integrity
from portfolio_app.verify.didkey import did_key_from_ed25519, did_key_verification_method
from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.signed_graph import Graph, Term

DATA = Path(__file__).parent / "data"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SIGNED_AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC2 = "https://www.w3.org/ns/credentials/v2"
STATUS_URL = "https://issuer.example/status/1"


def contexts_for_tests() -> ContextLoader:
    """The bundled contexts (the W3C examples context among them since the app verifies the
    W3C test vectors too)."""
    return ContextLoader.bundled()


class Issuer:
    def __init__(self, seed_byte: int) -> None:
        self.seed = bytes([seed_byte]) * 32
        self.public_key = public_key_from_seed(self.seed)
        self.did = did_key_from_ed25519(self.public_key)
        self.vm = did_key_verification_method(self.public_key)

    def sign(
        self, doc: dict[str, Any], suite: str = "eddsa-rdfc-2022", **kw: Any
    ) -> dict[str, Any]:
        return sign_data_integrity(
            doc,
            self.seed,
            kw.pop("vm", self.vm),
            cryptosuite=suite,  # type: ignore[arg-type]
            created=kw.pop("created", SIGNED_AT),
            **kw,
        )


def ob3_credential(issuer_id: str, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": [VC2, OB303],
        "id": "urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-0d2a4f1b7e01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Data Literacy",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://college.example/achievements/data-literacy",
                "type": ["Achievement"],
                "name": "Data Literacy",
                "description": "Reads and questions charts and tables.",
                "criteria": {"narrative": "Passed the final assessment."},
            },
        },
    }
    doc.update(extra)
    return doc


def encoded_list(revoked: set[int], bits: int = 131_072, *, multibase: bool = True) -> str:
    raw = bytearray(bits // 8)
    for i in revoked:
        raw[i // 8] |= 0x80 >> (i % 8)
    packed = base64.urlsafe_b64encode(gzip.compress(bytes(raw))).decode().rstrip("=")
    return "u" + packed if multibase else packed


def status_list_credential(
    issuer: Issuer, revoked: set[int], *, purpose: str = "revocation", url: str = STATUS_URL
) -> dict[str, Any]:
    doc = {
        "@context": [VC2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list(revoked),
        },
    }
    return issuer.sign(doc)


def status_entry(
    index: int, *, purpose: str = "revocation", url: str = STATUS_URL
) -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def source_with(*docs: tuple[str, dict[str, Any]]) -> MemorySource:
    return MemorySource(
        CachedDocument(url, json.dumps(body).encode(), datetime(2026, 11, 20, tzinfo=UTC))
        for url, body in docs
    )


def graph_of_lines(nquads: str) -> Graph:
    """The reference reading of canonical N-Quads: each line split by the line reader
    (``signed_graph._split_quad``), its statements collected one by one into a :class:`Graph`
    — what the single-pass :func:`~portfolio_app.verify.signed_graph.parse_nquads` must equal."""
    props: dict[tuple[str, Term], dict[str, list[Term]]] = {}
    for line in nquads.splitlines():
        subject, predicate, obj, graph = signed_graph._split_quad(line)
        props.setdefault((graph, subject), {}).setdefault(predicate, []).append(obj)
    return Graph(props)
