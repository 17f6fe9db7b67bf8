"""Refusal and reporting branches of the JSON-LD verifier that ``make mutation`` found untested.

Every credential is signed in the test with keys made in the test (``tests/verify_di_support``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from verify_di_support import NOW, OB303, VC2, Issuer, ob3_credential

from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.signed_graph import read_signed_credential, strictest
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

ALICE = Issuer(81)
MALLORY = Issuer(82)
CLR2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
FIXTURES = Path(__file__).parent / "fixtures" / "public"


def _verify(doc: Any, shown: Any = None) -> Verdict:
    return verify_linked_data_credential(doc, docs=EmptySource(), now=NOW, shown=shown)


def _check(verdict: Verdict, name: str) -> Check:
    return next(c for c in verdict.checks if c.name == name)


def _clr(issuer: Issuer, *nested: Any, cid: str = "urn:uuid:clr-m1-1") -> dict[str, Any]:
    return {
        "@context": [VC2, CLR2, OB303],
        "id": cid,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-02-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["ClrSubject"],
            "verifiableCredential": list(nested),
        },
    }


@pytest.mark.parametrize(
    ("edit", "phrase"),
    [
        (lambda d: d.update({"@context": [OB303, VC2]}), "first @context"),
        (lambda d: d.update(type=["OpenBadgeCredential"]), "VerifiableCredential"),
        (lambda d: d.pop("issuer"), "no issuer id"),
        (lambda d: d.update(issuer={"name": "Example College"}), "no issuer id"),
        (lambda d: d.update(credentialSubject={}), "no credentialSubject"),
        (lambda d: d.update(credentialSubject=[]), "no credentialSubject"),
        (lambda d: d.update(credentialSubject="did:example:learner"), "no credentialSubject"),
    ],
)
def test_a_document_that_is_not_a_credential_is_malformed(edit: Any, phrase: str) -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    edit(doc)
    verdict = _verify(doc)
    assert verdict.status is Status.MALFORMED
    assert _check(verdict, "format").outcome is Outcome.FAILED
    assert phrase in _check(verdict, "format").detail
    assert verdict.facts["signature_valid"] == "unknown"


def test_the_format_check_names_the_data_model_and_the_kind() -> None:
    verdict = _verify(ALICE.sign(ob3_credential(ALICE.did)))
    assert verdict.status is Status.VERIFIED
    detail = _check(verdict, "format").detail
    assert "VC 2.0" in detail and "(OpenBadgeCredential)" in detail
    assert "VerifiableCredential," not in detail
    signature = _check(verdict, "signature")
    assert signature.outcome is Outcome.PASSED
    assert "signature is valid." in signature.detail
    assert not signature.detail.startswith("Proof 1")


def test_a_vc_1_1_credential_is_read_as_one() -> None:
    doc = json.loads((FIXTURES / "dcc-obv3-vc1-ed25519-didkey-expired.json").read_text())
    verdict = _verify(doc)
    assert "VC 1.1" in _check(verdict, "format").detail
    assert verdict.status is Status.EXPIRED


def test_each_proof_of_a_set_is_reported_by_its_number() -> None:
    doc = ALICE.sign(ALICE.sign(ob3_credential(ALICE.did)), suite="eddsa-jcs-2022")
    verdict = _verify(doc)
    assert verdict.status is Status.VERIFIED
    details = [c.detail for c in verdict.checks if c.name == "signature"]
    assert [d.split(":")[0] for d in details] == [
        "Proof 1 (eddsa-rdfc-2022)",
        "Proof 2 (eddsa-jcs-2022)",
    ]


def test_a_failed_signature_is_reported_as_one_sentence() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    doc["name"] = "Data Literacy (Honours)"
    verdict = _verify(doc)
    assert verdict.status is Status.TAMPERED
    detail = _check(verdict, "signature").detail
    assert detail[0].isupper() and detail.endswith(".")


def test_a_malformed_proof_makes_the_credential_malformed() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    doc["proof"]["created"] = "yesterday"
    verdict = _verify(doc)
    assert verdict.status is Status.MALFORMED
    assert _check(verdict, "signature").outcome is Outcome.FAILED
    assert _check(verdict, "issuer_key").outcome is Outcome.NOT_CHECKED


def test_a_stranger_s_extra_proof_does_not_unbind_the_issuer_s_own() -> None:
    doc = MALLORY.sign(ALICE.sign(ob3_credential(ALICE.did)))
    verdict = _verify(doc)
    # Both signatures are valid and the issuer's own key is bound: what the issuer signed is
    # verified; the stranger's proof adds nothing and takes nothing away.
    assert [c.outcome for c in verdict.checks if c.name == "signature"] == [Outcome.PASSED] * 2
    assert _check(verdict, "issuer_key").outcome is Outcome.PASSED
    assert verdict.status is Status.VERIFIED


def test_a_credential_signed_only_by_a_stranger_is_tampered() -> None:
    verdict = _verify(MALLORY.sign(ob3_credential(ALICE.did)))
    assert verdict.status is Status.TAMPERED
    assert _check(verdict, "issuer_key").outcome is Outcome.FAILED


def test_a_clr_names_nested_credentials_from_other_issuers_only() -> None:
    own = ALICE.sign(ob3_credential(ALICE.did))
    verdict = _verify(ALICE.sign(_clr(ALICE, own)))
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    names = {c.name for c in verdict.checks}
    assert "nested[0].issuer" not in names and "nested_issuer" not in names

    other = MALLORY.sign(ob3_credential(MALLORY.did, id="urn:uuid:other-issuer-1"))
    verdict = _verify(ALICE.sign(_clr(ALICE, own, other)))
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    issuers = [c for c in verdict.checks if c.name.endswith("].issuer")]
    assert [c.name for c in issuers] == ["nested[1].issuer"]
    assert issuers[0].outcome is Outcome.NOT_CHECKED
    limit = _check(verdict, "nested_issuer")
    assert limit.outcome is Outcome.NOT_CHECKED and "2" in limit.detail


def test_a_clr_nested_three_deep_is_refused_before_its_parts_are_checked() -> None:
    leaf = ALICE.sign(ob3_credential(ALICE.did))
    inner = ALICE.sign(_clr(ALICE, leaf, cid="urn:uuid:inner"))
    middle = ALICE.sign(_clr(ALICE, inner, cid="urn:uuid:middle"))
    verdict = _verify(ALICE.sign(_clr(ALICE, middle)))
    assert verdict.status is Status.MALFORMED
    # The signed graph holds every credential at any depth; the JSON lists one: refused.
    assert _check(verdict, "nested").outcome is Outcome.FAILED
    assert not any(c.name.startswith("nested[0].") for c in verdict.checks)


def test_a_shown_credential_that_is_not_the_app_s_model_is_compared_by_its_fields() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    reading = read_signed_credential(doc)
    shown = SimpleNamespace(
        extra={"signed_digest": reading.digest},
        issuer_id=reading.issuer_id,
        credential_id=reading.credential_id,
        valid_from=strictest(reading.starts, latest=True),
        valid_until=None,
    )
    verdict = _verify(doc, shown)
    assert verdict.status is Status.VERIFIED
    assert _check(verdict, "shown").outcome is Outcome.PASSED
    forged = SimpleNamespace(**{**vars(shown), "issuer_id": MALLORY.did})
    verdict = _verify(doc, forged)
    assert verdict.status is Status.TAMPERED
    assert _check(verdict, "shown").outcome is Outcome.FAILED
    unread = SimpleNamespace(**{**vars(shown), "extra": {}})
    verdict = _verify(doc, unread)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "shown").outcome is Outcome.NOT_CHECKED


def test_an_unknown_context_is_unsupported_and_named() -> None:
    doc = copy.deepcopy(ALICE.sign(ob3_credential(ALICE.did)))
    doc["@context"] = [VC2, "https://unknown.example/ctx.jsonld"]
    verdict = _verify(doc)
    assert verdict.status is Status.UNSUPPORTED
    assert "https://unknown.example/ctx.jsonld" in _check(verdict, "format").detail


def test_a_document_that_cannot_be_canonicalized_records_the_signature_as_unknown() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    doc["unsignedExtra"] = "a term no context defines"  # after signing: it would not be signed
    verdict = _verify(doc)
    assert verdict.status is Status.MALFORMED
    assert "unsignedExtra" in _check(verdict, "format").detail
    assert verdict.facts["signature_valid"] == "unknown"
