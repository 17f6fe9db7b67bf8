"""A CLR is only as good as every credential it carries, and a JSON-LD credential without a
usable proof is never ``verified`` (tests that kill linked_data mutants ``make mutation`` found).

Every credential here is signed in the test with keys made in the test.
"""

from __future__ import annotations

import copy
from typing import Any

from verify_di_support import NOW, OB303, VC2, Issuer, ob3_credential

from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Outcome, Status, Verdict

ALICE = Issuer(61)
MALLORY = Issuer(62)
CLR2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


def _clr(
    *nested: Any, cid: str = "urn:uuid:5c5b5d8a-1111-4c1e-9c55-0d2a4f1b7e09"
) -> dict[str, Any]:
    return {
        "@context": [VC2, CLR2, OB303],
        "id": cid,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": ALICE.did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-02-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["ClrSubject"],
            "verifiableCredential": list(nested),
        },
    }


def _verify(doc: dict[str, Any]) -> Verdict:
    return verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)


def _outcome(verdict: Verdict, name: str) -> Outcome:
    return next(c.outcome for c in verdict.checks if c.name == name)


def test_a_clr_of_good_credentials_verifies() -> None:
    verdict = _verify(ALICE.sign(_clr(ALICE.sign(ob3_credential(ALICE.did)))))
    assert verdict.status is Status.VERIFIED, verdict.to_json()


def test_a_clr_carrying_an_expired_credential_is_expired() -> None:
    expired = ALICE.sign(ob3_credential(ALICE.did, validUntil="2026-03-01T00:00:00Z"))
    verdict = _verify(ALICE.sign(_clr(expired)))
    assert verdict.status is Status.EXPIRED
    assert _outcome(verdict, "signature") is Outcome.PASSED
    assert _outcome(verdict, "nested[0].dates") is Outcome.FAILED


def test_a_clr_carrying_a_credential_signed_by_a_stranger_is_not_verified() -> None:
    forged = MALLORY.sign(ob3_credential(ALICE.did))
    verdict = _verify(ALICE.sign(_clr(forged)))
    assert verdict.status is Status.TAMPERED
    assert _outcome(verdict, "nested[0].issuer_key") is Outcome.FAILED


def test_a_clr_carrying_an_unsigned_credential_is_not_verified() -> None:
    verdict = _verify(ALICE.sign(_clr(ob3_credential(ALICE.did))))
    # No proof at all: "unsupported" (nothing this app can check), never verified.
    assert verdict.status in {Status.UNSUPPORTED, Status.UNVERIFIABLE}
    assert _outcome(verdict, "signature") is Outcome.PASSED


def test_a_clr_nested_too_deep_is_malformed() -> None:
    inner = ALICE.sign(_clr(ALICE.sign(ob3_credential(ALICE.did)), cid="urn:uuid:inner-clr"))
    middle = ALICE.sign(_clr(inner, cid="urn:uuid:middle-clr"))
    verdict = _verify(ALICE.sign(_clr(middle)))
    assert verdict.status is Status.MALFORMED
    assert any(c.name.endswith("nested") and c.outcome is Outcome.FAILED for c in verdict.checks)


def test_a_credential_without_a_proof_is_not_verified_and_no_key_is_matched() -> None:
    verdict = _verify(ob3_credential(ALICE.did))
    assert verdict.status in {Status.UNSUPPORTED, Status.UNVERIFIABLE}
    assert _outcome(verdict, "signature") is not Outcome.PASSED
    assert _outcome(verdict, "issuer_key") is Outcome.NOT_CHECKED


def test_a_credential_whose_proof_is_not_an_object_is_not_verified() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    broken = copy.deepcopy(signed)
    broken["proof"] = "z" + signed["proof"]["proofValue"]
    verdict = _verify(broken)
    assert verdict.status is Status.MALFORMED
    assert _outcome(verdict, "signature") is Outcome.FAILED
    for proof in (5, {"type": "DataIntegrityProof"}):
        verdict = _verify({**signed, "proof": proof})
        assert verdict.status is Status.MALFORMED
        assert _outcome(verdict, "signature") is Outcome.FAILED
    empty = _verify({**signed, "proof": []})
    assert empty.status is not Status.VERIFIED
    assert _outcome(empty, "signature") is Outcome.NOT_CHECKED


def test_an_expired_credential_with_a_good_signature_is_expired_not_verified() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did, validUntil="2026-11-28T11:59:59Z"))
    verdict = _verify(signed)
    assert verdict.status is Status.EXPIRED and _outcome(verdict, "dates") is Outcome.FAILED
    assert _outcome(verdict, "signature") is Outcome.PASSED


def test_a_not_yet_valid_credential_with_a_good_signature_is_not_yet_valid() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did, validFrom="2026-11-28T12:00:01Z"))
    verdict = _verify(signed)
    assert verdict.status is Status.NOT_YET_VALID


def test_a_malformed_document_is_malformed_before_any_signature_work() -> None:
    for doc in ([], {"@context": [VC2], "type": ["VerifiableCredential"]}):
        verdict = verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)  # type: ignore[arg-type]
        assert verdict.status is Status.MALFORMED
        assert _outcome(verdict, "format") is Outcome.FAILED


def test_a_changed_field_fails_the_signature_and_records_it_as_invalid() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["name"] = "Data Literacy (Honours)"
    verdict = _verify(signed)
    assert verdict.status is Status.TAMPERED
    assert _outcome(verdict, "signature") is Outcome.FAILED
    assert verdict.facts["signature_valid"] == "false"
    assert _outcome(verdict, "issuer_key") is Outcome.NOT_CHECKED


def test_a_proof_value_that_is_not_multibase_is_malformed_not_verified() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["proof"]["proofValue"] = "not-multibase!"
    verdict = _verify(signed)
    assert verdict.status is Status.MALFORMED
    assert _outcome(verdict, "signature") is Outcome.FAILED
    assert verdict.facts["signature_valid"] == "unknown"


def test_a_key_that_cannot_be_resolved_is_unverifiable_and_recorded_as_unknown() -> None:
    signed = ALICE.sign(
        ob3_credential(ALICE.did), vm="urn:uuid:1b3c1d7e-0000-4000-8000-0000000000aa"
    )
    verdict = _verify(signed)
    assert verdict.status is Status.UNVERIFIABLE
    assert _outcome(verdict, "signature") is Outcome.NOT_CHECKED
    assert verdict.facts["signature_valid"] == "unknown"


def test_a_good_credential_records_its_issuer_format_and_valid_signature() -> None:
    verdict = _verify(ALICE.sign(ob3_credential(ALICE.did)))
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["issuer"] == ALICE.did
    assert verdict.facts["signature_valid"] == "true"
    assert _outcome(verdict, "format") is Outcome.PASSED


def test_an_unreadable_document_records_the_signature_as_unknown() -> None:
    doc = ob3_credential(ALICE.did)
    doc["@context"] = [VC2, "https://unknown.example/context.jsonld"]
    verdict = _verify(ALICE.sign(ob3_credential(ALICE.did)) | {"@context": doc["@context"]})
    # A context this app does not hold: a kind it cannot read, not a broken file (issue 11).
    assert verdict.status is Status.UNSUPPORTED
    assert _outcome(verdict, "format") is Outcome.NOT_CHECKED
    assert verdict.facts["signature_valid"] == "unknown"
    bad = _verify({"@context": [VC2], "type": ["VerifiableCredential"]})
    assert bad.facts["signature_valid"] == "unknown"
