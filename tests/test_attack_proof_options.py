"""Attack: proof options the verifier did not read.

A Data Integrity proof may carry ``expires``: the issuer's signature vouches only until then.
Before this test the verifier never looked at it, so a proof the issuer let lapse still made
the credential ``verified``; and because the proof options are JSON-LD too, the same expiry
written under its full IRI (``https://w3id.org/security#expiration``) or under any other key
the verifier does not read would still be signed but never checked.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from verify_di_support import NOW, Issuer, ob3_credential

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import hash_data
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.multibase import encode_base58btc
from portfolio_app.verify.verdict import Outcome, Status, Verdict

ALICE = Issuer(41)
LAPSED = "2026-06-01T00:00:00Z"  # before NOW
FUTURE = "2027-06-01T00:00:00Z"


def signed_with(issuer: Issuer, doc: dict[str, Any], **options: Any) -> dict[str, Any]:
    """``doc`` signed by ``issuer`` with extra proof options (the app's signer sets none)."""
    unsecured = copy.deepcopy(doc)
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-15T09:30:00Z",
        "verificationMethod": issuer.vm,
        "proofPurpose": "assertionMethod",
        **options,
    }
    data = hash_data(unsecured, proof, ContextLoader.bundled())
    key = Ed25519PrivateKey.from_private_bytes(issuer.seed)
    proof["proofValue"] = encode_base58btc(key.sign(data))
    return {**unsecured, "proof": proof}


def verdict_of(doc: dict[str, Any]) -> Verdict:
    credential = parse(extract("credential.json", json.dumps(doc).encode("utf-8")))
    return verify_credential(credential, docs=EmptySource(), now=NOW)


def test_a_proof_that_expired_is_not_verified() -> None:
    verdict = verdict_of(signed_with(ALICE, ob3_credential(ALICE.did), expires=LAPSED))
    assert verdict.status is Status.EXPIRED
    dates = next(c for c in verdict.checks if c.name == "dates")
    assert dates.outcome is Outcome.FAILED
    assert "proof expires" in dates.detail


def test_a_proof_that_has_not_expired_still_verifies() -> None:
    verdict = verdict_of(signed_with(ALICE, ob3_credential(ALICE.did), expires=FUTURE))
    assert verdict.status is Status.VERIFIED


def test_an_unreadable_proof_expiry_is_malformed() -> None:
    verdict = verdict_of(signed_with(ALICE, ob3_credential(ALICE.did), expires="next year"))
    assert verdict.status is Status.MALFORMED
    signature = next(c for c in verdict.checks if c.name == "signature")
    assert "expires" in signature.detail


def test_an_expiry_written_under_its_full_iri_is_refused_not_ignored() -> None:
    doc = signed_with(
        ALICE,
        ob3_credential(ALICE.did),
        **{
            "https://w3id.org/security#expiration": {
                "@value": LAPSED,
                "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
            }
        },
    )
    verdict = verdict_of(doc)
    assert verdict.status is Status.MALFORMED
    signature = next(c for c in verdict.checks if c.name == "signature")
    assert "https://w3id.org/security#expiration" in signature.detail
