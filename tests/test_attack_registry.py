"""Attack: borrow a recognised issuer's name without its authority.

An OB 2.0 hosted assertion on the attacker's own site embeds a badge class whose issuer profile
claims the id a registry lists for MIT, and lets its own (embedded) ``allowedOrigins`` admit the
attacker's host.  Before the fix the engine asked the registry about that claimed id although no
document of the issuer's had been checked, so the verdict read "recognised … as MIT".  The issuer
is recognised only when the format verifier records the issuer id it bound the credential to.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from verify_di_support import NOW, OB303, VC2, Issuer, ob3_credential

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.verify.documents import CachedDocument, MemorySource, TrustFile
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Outcome, Status, Verdict

MIT_ID = "https://registered.example/mit/issuer"
FETCHED = datetime(2026, 11, 20, tzinfo=UTC)


def registry_listing_mit() -> TrustFile:
    body = {
        "name": "Test registry",
        "as_of": "2026-11-01T00:00:00Z",
        "issuers": {MIT_ID: {"name": "Massachusetts Institute of Technology"}},
    }
    return TrustFile("Test registry", json.dumps(body).encode(), FETCHED, "registry.json")


def hosted_assertion() -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://attacker.example/assertions/1",
        "recipient": {"type": "email", "hashed": False, "identity": "learner@example.com"},
        "badge": {
            "type": "BadgeClass",
            "id": "https://attacker.example/badges/1",
            "name": "PhD in Physics",
            "description": "Doctorate.",
            "image": "https://attacker.example/badge.png",
            "criteria": {"narrative": "Thesis."},
            "issuer": {
                "type": "Profile",
                "id": MIT_ID,
                "name": "Massachusetts Institute of Technology",
                "url": "https://registered.example",
                "email": "registrar@registered.example",
                "verification": {"type": "hosted", "allowedOrigins": ["attacker.example"]},
            },
        },
        "verification": {"type": "hosted"},
        "issuedOn": "2026-01-01T00:00:00Z",
    }


def verdict_of(assertion: dict[str, Any]) -> Verdict:
    text = json.dumps(assertion)
    docs = MemorySource(
        [CachedDocument(assertion["id"], text.encode(), FETCHED)], [registry_listing_mit()]
    )
    credential = parse(extract("assertion.json", text.encode()))
    assert credential.issuer_id == MIT_ID  # what the assertion claims
    return verify_credential(credential, docs=docs, now=NOW)


def test_an_issuer_id_no_document_of_the_issuer_vouched_for_is_not_recognised() -> None:
    verdict = verdict_of(hosted_assertion())
    issuer = next(c for c in verdict.checks if c.name == "issuer")
    assert issuer.outcome is not Outcome.PASSED
    assert verdict.facts.get("issuer_recognised") == "false"
    assert "Massachusetts" not in verdict.facts.get("issuer_official_name", "")


def test_an_embedded_profile_cannot_widen_where_the_badge_may_be_hosted() -> None:
    """An embedded profile is display data only: its allowedOrigins widens nothing."""
    assert verdict_of(hosted_assertion()).status is not Status.VERIFIED


def test_an_issuer_profile_read_from_its_own_url_is_still_recognised() -> None:
    profile = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Profile",
        "id": MIT_ID,
        "name": "Massachusetts Institute of Technology",
        "url": "https://registered.example",
        "email": "registrar@registered.example",
    }
    assertion = hosted_assertion()
    assertion["id"] = "https://registered.example/assertions/1"
    assertion["badge"]["issuer"] = MIT_ID
    text = json.dumps(assertion)
    docs = MemorySource(
        [
            CachedDocument(assertion["id"], text.encode(), FETCHED),
            CachedDocument(MIT_ID, json.dumps(profile).encode(), FETCHED),
        ],
        [registry_listing_mit()],
    )
    verdict = verify_credential(parse(extract("a.json", text.encode())), docs=docs, now=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.facts.get("issuer_recognised") == "true"


def test_a_clr_says_its_nested_credentials_from_other_issuers_are_self_described() -> None:
    """A CLR from one issuer carries a credential a stranger's did:key signed calling itself
    MIT: the CLR's issuer check is about the CLR's issuer only, so the verdict must say the
    nested credential's issuer was not looked up."""
    college, stranger = Issuer(61), Issuer(62)
    nested = ob3_credential(stranger.did)
    nested["issuer"]["name"] = "Massachusetts Institute of Technology"
    clr = college.sign(
        {
            "@context": [VC2, "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", OB303],
            "id": "urn:uuid:5c5b5d8a-1111-4c1e-9c55-0d2a4f1b7e09",
            "type": ["VerifiableCredential", "ClrCredential"],
            "issuer": {"id": college.did, "type": ["Profile"], "name": "Example College"},
            "validFrom": "2026-02-01T00:00:00Z",
            "name": "Transcript",
            "credentialSubject": {
                "id": "did:example:learner-42",
                "type": ["ClrSubject"],
                "verifiableCredential": [stranger.sign(nested)],
            },
        }
    )
    credential = parse(extract("clr.json", json.dumps(clr).encode("utf-8")))
    verdict = verify_credential(credential, docs=MemorySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
    check = next(c for c in verdict.checks if c.name == "nested_issuer")
    assert check.outcome is Outcome.NOT_CHECKED and "Nested credential(s) 1" in check.detail
    assert any("nested issuer not checked" in limit for limit in verdict.limits)
