"""Every refusal branch of the shared Data Integrity proof checks, one hostile proof each.

These kill the mutants ``make mutation`` left alive in ``verify/dataintegrity.py`` (and the
suite helpers it calls): each proof below is signed in the test with a key made in the test,
then given exactly one defect, and the proof check must name the defect instead of passing.
The verdict statuses these outcomes map to are pinned in ``test_verify_di_sign.py``; here the
proof-set result itself is asserted, because several refusals never reach the verdict when the
rest of the pipeline already refuses the document for another reason.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from verify_di_support import SIGNED_AT, VC2, Issuer, ob3_credential

from portfolio_app.verify import dataintegrity
from portfolio_app.verify.canon import WorkLimitExceeded
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import (
    ProofSetResult,
    SigningError,
    hash_data,
    proof_list,
    sign_data_integrity,
    verify_proofs,
)
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.multibase import encode_base58btc
from portfolio_app.verify.suites import _ecdsa, _ed25519
from portfolio_app.verify.suites.ed25519_signature_2020 import ED25519_2020_CONTEXT
from portfolio_app.verify.suites.jcs import JcsError, canonical_json

ALICE = Issuer(71)
MALLORY = Issuer(72)


def _signed(issuer: Issuer, doc: dict[str, Any], **options: Any) -> dict[str, Any]:
    """``doc`` with an eddsa-rdfc-2022 proof carrying ``options`` (``None`` drops a field),
    signed over exactly that proof configuration, so only the defect under test is wrong."""
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-15T09:30:00Z",
        "verificationMethod": issuer.vm,
        "proofPurpose": "assertionMethod",
    }
    for key, value in options.items():
        if value is None:
            proof.pop(key, None)
        else:
            proof[key] = value
    unsecured = copy.deepcopy(doc)
    data = hash_data(unsecured, proof, ContextLoader.bundled())
    proof["proofValue"] = encode_base58btc(
        Ed25519PrivateKey.from_private_bytes(issuer.seed).sign(data)
    )
    return {**unsecured, "proof": proof}


def _check(doc: dict[str, Any]) -> ProofSetResult:
    return verify_proofs(doc, docs=EmptySource())  # no loader: the bundled contexts


def _one(doc: dict[str, Any]) -> tuple[str, str]:
    result = _check(doc)
    assert len(result.proofs) == 1, result
    return result.proofs[0].outcome, result.proofs[0].detail


def test_a_well_signed_proof_passes_and_is_the_passing_one() -> None:
    result = _check(_signed(ALICE, ob3_credential(ALICE.did)))
    assert result.outcome == "passed"
    assert result.detail == "the proof is valid"
    assert [p.outcome for p in result.passing] == ["passed"]
    assert result.facts["key_source"]  # where the key came from travels with the verdict


def test_a_document_without_a_proof_says_so() -> None:
    doc = ob3_credential(ALICE.did)
    assert proof_list(doc) == []
    result = _check(doc)
    assert (result.outcome, result.proofs) == ("unsupported", ())
    assert "no embedded proof" in result.detail


def test_a_hostile_document_is_refused_before_any_proof_is_checked() -> None:
    doc = _signed(ALICE, ob3_credential(ALICE.did))
    doc["name"] = "Data\x01Literacy"  # a control character canonical forms disagree on
    result = _check(doc)
    assert (result.outcome, result.proofs) == ("malformed", ())
    assert "control character" in result.detail


@pytest.mark.parametrize(
    ("options", "outcome", "phrase"),
    [
        ({"type": None}, "malformed", "no type"),
        ({"type": 7}, "malformed", "no type"),
        ({"cryptosuite": None}, "malformed", "names no cryptosuite"),
        ({"verificationMethod": ""}, "malformed", "names no verificationMethod"),
        ({"verificationMethod": None}, "malformed", "names no verificationMethod"),
        ({"created": "yesterday"}, "malformed", "created date is not a date-time"),
        ({"created": 20260115}, "malformed", "created date is not a date-time"),
        ({"expires": "next year"}, "malformed", "expires date is not a date-time"),
        ({"expires": 2027}, "malformed", "expires date is not a date-time"),
        ({"previousProof": "urn:uuid:earlier"}, "unsupported", "previousProof"),
        ({"proofPurpose": "authentication"}, "failed", "not assertionMethod"),
        ({"https://w3id.org/security#expiration": "2026-02-01T00:00:00Z"}, "malformed", "option"),
    ],
)
def test_each_defective_proof_field_is_refused(
    options: dict[str, Any], outcome: str, phrase: str
) -> None:
    doc = _signed(ALICE, ob3_credential(ALICE.did))
    for key, value in options.items():  # the defect is added after signing: found before the
        if value is None:  # signature is checked, so the signature need not cover it
            del doc["proof"][key]
        else:
            doc["proof"][key] = value
    got, detail = _one(doc)
    assert got == outcome, detail
    assert phrase in detail


def test_a_proof_without_a_proof_value_is_malformed() -> None:
    doc = _signed(ALICE, ob3_credential(ALICE.did))
    del doc["proof"]["proofValue"]
    assert _one(doc) == ("malformed", "the proof has no proofValue")


def test_a_proof_value_that_is_not_multibase_is_malformed() -> None:
    doc = _signed(ALICE, ob3_credential(ALICE.did))
    doc["proof"]["proofValue"] = "not-base58btc"
    outcome, detail = _one(doc)
    assert outcome == "malformed"
    assert detail.startswith("the proofValue")


def test_the_options_a_verifier_passes_through_are_signed_and_accepted() -> None:
    doc = _signed(
        ALICE,
        ob3_credential(ALICE.did),
        id="urn:uuid:proof-1",
        domain="college.example",
        challenge="c-123",
        nonce="n-456",
    )
    assert _one(doc)[0] == "passed"


def test_a_verification_method_given_as_an_object_is_read_by_its_id() -> None:
    doc = _signed(ALICE, ob3_credential(ALICE.did), verificationMethod={"id": ALICE.vm})
    assert _one(doc)[0] == "passed"


def test_the_proof_expiry_travels_with_the_passing_proof() -> None:
    doc = _signed(ALICE, ob3_credential(ALICE.did), expires="2026-06-01T00:00:00Z")
    result = _check(doc)
    assert result.outcome == "passed"
    # The verifier bounds the validity window with it; lost here, a lapsed proof would verify.
    assert [p.expires for p in result.passing] == ["2026-06-01T00:00:00Z"]


def test_a_malformed_proof_outranks_a_tampered_one_in_a_proof_set() -> None:
    good = _signed(ALICE, ob3_credential(ALICE.did))
    forged = _signed(MALLORY, ob3_credential(ALICE.did), verificationMethod=ALICE.vm)
    doc = {**good, "proof": [{"type": 7}, forged["proof"], good["proof"]]}
    result = _check(doc)
    assert [p.outcome for p in result.proofs] == ["malformed", "failed", "passed"]
    assert result.outcome == "malformed"
    assert result.detail.startswith("proof 1 (?): ")


def test_a_tampered_proof_is_reported_by_its_label() -> None:
    forged = _signed(MALLORY, ob3_credential(ALICE.did), verificationMethod=ALICE.vm)
    result = _check(forged)
    assert result.outcome == "failed"
    assert result.detail.startswith("proof 1 (eddsa-rdfc-2022): the signature does not match")


@pytest.mark.parametrize(
    ("ptype", "words"),
    [("RsaSignature2018", "is a known proof type"), ("FooSignature2031", "is an unknown proof")],
)
def test_an_unverified_proof_type_says_whether_it_is_known(ptype: str, words: str) -> None:
    doc = {**ob3_credential(ALICE.did), "proof": {"type": ptype, "proofValue": "z1"}}
    outcome, detail = _one(doc)
    assert outcome == "unsupported"
    assert words in detail


def _ed2020(doc: dict[str, Any]) -> dict[str, Any]:
    return ALICE.sign(doc, suite="Ed25519Signature2020")


def test_an_ed25519_signature_2020_proof_verifies_with_its_context() -> None:
    doc = _ed2020(ob3_credential(ALICE.did))
    assert ED25519_2020_CONTEXT in doc["@context"]
    assert _one(doc)[0] == "passed"


def test_an_ed25519_signature_2020_proof_without_its_context_is_malformed() -> None:
    doc = _ed2020(ob3_credential(ALICE.did))
    doc["@context"] = [c for c in doc["@context"] if c != ED25519_2020_CONTEXT]
    outcome, detail = _one(doc)
    assert outcome == "malformed"
    assert ED25519_2020_CONTEXT in detail


def test_an_ed25519_signature_2020_proof_naming_a_cryptosuite_is_malformed() -> None:
    doc = _ed2020(ob3_credential(ALICE.did))
    doc["proof"]["cryptosuite"] = "eddsa-rdfc-2022"
    outcome, detail = _one(doc)
    assert outcome == "malformed"
    assert "has no cryptosuite" in detail


def test_the_proof_created_time_is_written_in_utc_to_the_second() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    assert doc["proof"]["created"] == "2026-01-15T09:30:00Z"


def test_a_document_jcs_cannot_represent_cannot_be_signed_with_a_jcs_suite() -> None:
    doc = ob3_credential(ALICE.did, credits=2**60)  # beyond the integers RFC 8785 allows
    with pytest.raises(SigningError, match="cannot sign"):
        sign_data_integrity(
            doc, ALICE.seed, ALICE.vm, cryptosuite="eddsa-jcs-2022", created=SIGNED_AT
        )


def test_a_value_that_is_not_json_cannot_be_jcs_canonicalized() -> None:
    with pytest.raises(JcsError):
        canonical_json({"a": object()})


def test_json_nested_past_the_recursion_limit_cannot_be_jcs_canonicalized() -> None:
    deep: list[Any] = []
    for _ in range(5_000):
        deep = [deep]
    with pytest.raises(JcsError, match="RFC 8785"):
        canonical_json(deep)


def test_a_work_limit_while_retrying_an_older_context_edition_ends_the_proof_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failed signature retries older editions of an edited context; if one of those runs
    into a work limit, no further retry may be paid for and the document is too complex to
    check (``malformed``), not merely ``tampered`` after more work."""
    real = dataintegrity._hash_data

    def expensive_older_editions(
        config: Any, session: Any, loader: ContextLoader, digest: str = "sha256"
    ) -> bytes:
        if loader is not session.loader:
            raise WorkLimitExceeded("the older context edition is too expensive")
        return real(config, session, loader, digest)

    monkeypatch.setattr(dataintegrity, "_hash_data", expensive_older_editions)
    tampered = ALICE.sign(ob3_credential(ALICE.did))
    tampered["name"] = "Data Literacy (Honours)"
    result = _check(tampered)
    assert result.outcome == "malformed"
    assert "too complex to check" in result.detail


def test_a_jcs_proof_whose_context_differs_is_refused() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did), suite="eddsa-jcs-2022")
    assert _one(doc)[0] == "passed"
    doc["proof"]["@context"] = [VC2]  # a prefix the spec allows, but later contexts unsigned
    outcome, detail = _one(doc)
    assert outcome == "failed"
    assert "@context differs" in detail


# --- the suites' own refusals (defence in depth: dataintegrity checks lengths first) ----------


def test_ecdsa_refuses_a_signature_of_the_wrong_length_or_curve() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    signature = _ecdsa.sign(key, b"data")
    assert _ecdsa.verify("P-256", point, signature, b"data") is True
    assert _ecdsa.verify("P-256", point, signature + b"\x00", b"data") is False
    assert _ecdsa.verify("Ed25519", point, signature, b"data") is False
    assert _ecdsa.verify("P-256", point, signature, b"other data") is False


def test_ed25519_signing_needs_a_32_byte_seed() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        _ed25519.sign(b"short", b"data")
    with pytest.raises(ValueError, match="32 bytes"):
        _ed25519.sign(ec.generate_private_key(ec.SECP256R1()), b"data")
    signature = _ed25519.sign(ALICE.seed, b"data")
    assert len(signature) == _ed25519.SIGNATURE_LENGTH
    assert _ed25519.verify("Ed25519", ALICE.public_key, signature, b"data")
    assert not _ed25519.verify("P-256", ALICE.public_key, signature, b"data")
