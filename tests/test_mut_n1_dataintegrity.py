"""Data Integrity proofs: the proof-set policy, key refusals and signing refusals, each built
from a credential signed in the test with a key made in the test (mutants ``make mutation``
left in ``verify/dataintegrity.py`` and the suite registry).

Why these matter: the proof-set result is what the verdict's authenticity check is made of; a
proof set that reads "passed" because one refusal was lost, or a key of the wrong kind that is
"tried" anyway, is a credential shown as signed when it is not.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from verify_di_support import SIGNED_AT, VC2, Issuer, ob3_credential

from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import (
    ProofResult,
    ProofSetResult,
    SigningError,
    format_created,
    hash_data,
    issuer_id,
    jcs_hash_data,
    passing_keys,
    sign_data_integrity,
    verify_proofs,
)
from portfolio_app.verify.didkey import ec_multikey
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.multibase import encode_base58btc
from portfolio_app.verify.suites import _ecdsa
from portfolio_app.verify.suites.ed25519_signature_2020 import ED25519_2020_CONTEXT

ALICE = Issuer(81)
BOB = Issuer(82)


class EcIssuer:
    def __init__(self, curve: ec.EllipticCurve) -> None:
        self.key = ec.generate_private_key(curve)
        ident = ec_multikey(self.key.public_key())
        self.did = "did:key:" + ident
        self.vm = f"{self.did}#{ident}"


P256 = EcIssuer(ec.SECP256R1())
P384 = EcIssuer(ec.SECP384R1())


def _check(doc: dict[str, Any]) -> ProofSetResult:
    return verify_proofs(doc, docs=EmptySource())


def _proof(vm: str, suite: str = "eddsa-rdfc-2022", **options: Any) -> dict[str, Any]:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": suite,
        "created": "2026-01-15T09:30:00Z",
        "verificationMethod": vm,
        "proofPurpose": "assertionMethod",
    }
    proof.update(options)
    return proof


def _with_signature(doc: dict[str, Any], proof: dict[str, Any], signature: bytes) -> None:
    proof["proofValue"] = encode_base58btc(signature)
    doc["proof"] = proof


# --- the proof-set policy -------------------------------------------------------------------


def test_a_passing_proof_beside_an_unverified_type_counts_and_both_are_reported() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    doc["proof"] = [doc["proof"], {"type": "RsaSignature2018", "proofValue": "z1"}]
    result = _check(doc)
    assert result.outcome == "passed"
    assert result.detail == "1 of 2 proofs are valid"
    assert result.facts["proofs"] == "eddsa-rdfc-2022,RsaSignature2018"
    assert result.facts["key_source"] == "did:key"
    assert [p.outcome for p in result.proofs] == ["passed", "unsupported"]
    assert [k.public_key for k in passing_keys(result.proofs)] == [ALICE.public_key]


def test_two_passing_proofs_by_two_keys_are_both_passing_keys() -> None:
    doc = BOB.sign(ALICE.sign(ob3_credential(ALICE.did)))
    assert isinstance(doc["proof"], list)  # the second signature made a proof set
    result = _check(doc)
    assert (result.outcome, result.detail) == ("passed", "2 of 2 proofs are valid")
    assert [k.public_key for k in passing_keys(result.proofs)] == [
        ALICE.public_key,
        BOB.public_key,
    ]


def test_a_key_not_available_offline_outranks_an_unverified_type() -> None:
    doc = ob3_credential("https://issuer.example")
    proof = _proof("https://issuer.example/keys#1")
    _with_signature(doc, proof, bytes(64))
    doc["proof"] = [{"type": "RsaSignature2018", "proofValue": "z1"}, proof]
    result = _check(doc)
    assert [p.outcome for p in result.proofs] == ["unsupported", "unavailable"]
    assert result.outcome == "unavailable"
    assert result.detail.startswith("proof 2 (eddsa-rdfc-2022): ")
    assert result.proofs[1].verification_method == "https://issuer.example/keys#1"
    assert passing_keys(result.proofs) == []


def test_only_unverified_proof_types_leave_the_set_unsupported() -> None:
    doc = ob3_credential(ALICE.did)
    doc["proof"] = [{"type": "JsonWebSignature2020"}, {"type": "FooProof"}]
    result = _check(doc)
    assert result.outcome == "unsupported"
    assert result.detail.startswith("proof 1 (JsonWebSignature2020): ")
    assert "is a known proof type" in result.detail
    assert "is an unknown proof type" in result.proofs[1].detail
    assert "key_source" not in result.facts


def test_a_proof_that_is_not_an_object_is_malformed() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    doc["proof"] = [doc["proof"], "z3abc"]
    result = _check(doc)
    assert [p.outcome for p in result.proofs] == ["passed", "malformed"]
    assert (result.proofs[1].suite, result.outcome) == ("?", "malformed")
    assert "not a JSON object" in result.detail


@pytest.mark.parametrize(
    ("cryptosuite", "phrase"),
    [
        ("bbs-2023", "bbs-2023 selective-disclosure proofs are not verified yet"),
        ("made-up-2031", "the cryptosuite made-up-2031 is not one this app verifies yet"),
    ],
)
def test_an_unverified_cryptosuite_is_unsupported_with_its_reason(
    cryptosuite: str, phrase: str
) -> None:
    doc = ob3_credential(ALICE.did)
    doc["proof"] = {**_proof(ALICE.vm, cryptosuite), "proofValue": "z1"}
    (proof,) = _check(doc).proofs
    assert (proof.outcome, proof.suite, proof.detail) == ("unsupported", cryptosuite, phrase)


def test_the_legacy_eddsa_2022_name_verifies_under_its_own_name() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did), suite="eddsa-2022")
    assert doc["proof"]["cryptosuite"] == "eddsa-2022"
    (proof,) = _check(doc).proofs
    assert (proof.outcome, proof.suite) == ("passed", "eddsa-2022")


def test_an_ed25519_signature_2020_proof_is_typed_without_a_cryptosuite() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did), suite="Ed25519Signature2020")
    assert doc["proof"]["type"] == "Ed25519Signature2020"
    assert "cryptosuite" not in doc["proof"]
    assert doc["@context"][-1] == ED25519_2020_CONTEXT  # added once, after the others
    again = ALICE.sign(doc, suite="Ed25519Signature2020")
    assert again["@context"].count(ED25519_2020_CONTEXT) == 1
    (proof,) = _check(ALICE.sign(ob3_credential(ALICE.did), suite="Ed25519Signature2020")).proofs
    assert (proof.outcome, proof.suite) == ("passed", "Ed25519Signature2020")


def test_a_credential_with_a_single_context_string_is_read_and_verified() -> None:
    doc = ob3_credential(ALICE.did)
    doc["@context"] = VC2
    doc["type"] = ["VerifiableCredential"]
    doc["credentialSubject"] = {"id": "did:example:learner-42"}
    doc["issuer"] = ALICE.did
    signed = ALICE.sign(doc, suite="Ed25519Signature2020")
    assert signed["@context"] == [VC2, ED25519_2020_CONTEXT]
    assert _check(signed).outcome == "passed"


# --- keys that cannot sign this proof -------------------------------------------------------


def test_an_ed25519_proof_under_a_p256_key_is_refused_naming_both() -> None:
    doc = ob3_credential(P256.did)
    _with_signature(doc, _proof(P256.vm), bytes(64))
    (proof,) = _check(doc).proofs
    assert proof.outcome == "failed"
    assert "it is a P-256 key, and eddsa-rdfc-2022 signs with Ed25519 keys" in proof.detail


def test_an_ecdsa_proof_under_an_ed25519_key_is_refused_naming_both() -> None:
    doc = ob3_credential(ALICE.did)
    _with_signature(doc, _proof(ALICE.vm, "ecdsa-rdfc-2019"), bytes(64))
    (proof,) = _check(doc).proofs
    assert proof.outcome == "failed"
    assert "it is an Ed25519 key, and ecdsa-rdfc-2019 signs with P-256 or P-384 keys" in (
        proof.detail
    )


def test_a_p384_length_signature_under_a_p256_key_is_refused_before_any_check() -> None:
    doc = ob3_credential(P256.did)
    _with_signature(doc, _proof(P256.vm, "ecdsa-rdfc-2019"), bytes(96))
    (proof,) = _check(doc).proofs
    assert proof.outcome == "failed"
    assert "a P-256 signature has 64 bytes, this proofValue has 96" in proof.detail


@pytest.mark.parametrize(
    ("suite", "vm", "phrase"),
    [
        ("eddsa-rdfc-2022", ALICE.vm, "an Ed25519 signature has 64 bytes, this proofValue has 65"),
        ("ecdsa-jcs-2019", P256.vm, "signature has 64 or 96 bytes, this proofValue has 65"),
    ],
)
def test_a_signature_of_a_length_no_key_of_the_suite_makes_is_refused(
    suite: str, vm: str, phrase: str
) -> None:
    doc = ob3_credential(ALICE.did)
    _with_signature(doc, _proof(vm, suite), bytes(65))
    (proof,) = _check(doc).proofs
    assert proof.outcome == "failed"
    assert phrase in proof.detail


def test_an_unusable_did_key_fails_the_proof_as_a_key_problem() -> None:
    doc = ob3_credential("did:key:z6MkNotAKey")
    _with_signature(doc, _proof("did:key:z6MkNotAKey#z6MkNotAKey"), bytes(64))
    (proof,) = _check(doc).proofs
    assert proof.outcome == "failed"
    assert proof.detail.startswith("the signing key is unusable: ")


def test_a_document_that_cannot_be_canonicalized_is_malformed_not_tampered() -> None:
    doc = ob3_credential(ALICE.did, favouriteColour="blue")  # a term no context defines
    _with_signature(doc, _proof(ALICE.vm), bytes(64))
    result = _check(doc)
    assert result.outcome == "malformed"
    assert result.proofs[0].outcome == "malformed"


# --- both curves of each ECDSA suite --------------------------------------------------------


@pytest.mark.parametrize("suite", ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"])
@pytest.mark.parametrize("issuer", [P256, P384], ids=["P-256", "P-384"])
def test_an_ecdsa_suite_signs_and_verifies_with_each_curve(suite: str, issuer: EcIssuer) -> None:
    doc = sign_data_integrity(
        ob3_credential(issuer.did), issuer.key, issuer.vm, cryptosuite=suite, created=SIGNED_AT
    )
    assert (doc["proof"]["type"], doc["proof"]["cryptosuite"]) == ("DataIntegrityProof", suite)
    (proof,) = _check(doc).proofs
    assert (proof.outcome, proof.suite) == ("passed", suite)
    changed = copy.deepcopy(doc)
    changed["name"] = "Another name"
    assert _check(changed).outcome == "failed"


def test_a_p384_proof_hashes_with_sha384() -> None:
    doc = sign_data_integrity(
        ob3_credential(P384.did),
        P384.key,
        P384.vm,
        cryptosuite="ecdsa-jcs-2019",
        created=SIGNED_AT,
    )
    proof = doc["proof"]
    assert len(jcs_hash_data(doc, proof, "sha384")) == 96
    assert _ecdsa.DIGESTS == {"P-256": "sha256", "P-384": "sha384"}


def test_the_rdfc_hash_data_is_two_sha256_halves() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    data = hash_data(doc, doc["proof"], ContextLoader.bundled())
    assert len(data) == 64
    signature = Ed25519PrivateKey.from_private_bytes(ALICE.seed).sign(data)
    assert encode_base58btc(signature) == doc["proof"]["proofValue"]


# --- signing refusals -----------------------------------------------------------------------


def test_a_created_time_without_a_time_zone_cannot_be_signed() -> None:
    with pytest.raises(SigningError, match="timezone-aware"):
        format_created(datetime(2026, 1, 15, 9, 30))
    with pytest.raises(SigningError, match="timezone-aware"):
        sign_data_integrity(
            ob3_credential(ALICE.did), ALICE.seed, ALICE.vm, created=datetime(2026, 1, 15)
        )


@pytest.mark.parametrize(
    ("key", "suite", "phrase"),
    [
        (b"short", "eddsa-rdfc-2022", "32 bytes"),
        (bytes(33), "eddsa-jcs-2022", "32 bytes"),
        (P256.key, "Ed25519Signature2020", "32 bytes"),
        (bytes(32), "ecdsa-rdfc-2019", "signs with a P-256 or P-384 private key"),
        (ec.generate_private_key(ec.SECP521R1()), "ecdsa-jcs-2019", "is not P-256 or P-384"),
        (bytes(32), "bbs-2023", "cannot sign with bbs-2023"),
    ],
    ids=["short-seed", "long-seed", "ec-key-for-ed25519", "seed-for-ecdsa", "p521", "unknown"],
)
def test_a_key_that_does_not_fit_the_suite_cannot_sign(key: Any, suite: str, phrase: str) -> None:
    with pytest.raises(SigningError, match=phrase):
        sign_data_integrity(
            ob3_credential(ALICE.did), key, ALICE.vm, cryptosuite=suite, created=SIGNED_AT
        )


def test_a_document_that_cannot_be_canonicalized_cannot_be_signed() -> None:
    with pytest.raises(SigningError, match="cannot sign"):
        ALICE.sign(ob3_credential(ALICE.did, favouriteColour="blue"))


def test_a_signed_proof_states_exactly_the_options_it_signed() -> None:
    doc = ALICE.sign(ob3_credential(ALICE.did))
    assert doc["proof"] == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-15T09:30:00Z",
        "verificationMethod": ALICE.vm,
        "proofPurpose": "assertionMethod",
        "proofValue": doc["proof"]["proofValue"],
    }
    jcs = ALICE.sign(ob3_credential(ALICE.did), suite="eddsa-jcs-2022")
    assert jcs["proof"]["@context"] == jcs["@context"]


# --- small readers --------------------------------------------------------------------------


def test_the_issuer_id_is_read_from_a_string_or_an_object() -> None:
    assert issuer_id({"issuer": "did:example:a"}) == "did:example:a"
    assert issuer_id({"issuer": {"id": "did:example:b", "name": "B"}}) == "did:example:b"
    assert issuer_id({"issuer": {"name": "No id"}}) is None
    assert issuer_id({"issuer": {"id": 7}}) is None
    assert issuer_id({}) is None


def test_a_passing_proof_without_a_key_gives_no_key() -> None:
    results = [
        ProofResult(0, "eddsa-rdfc-2022", "passed", "ok"),
        ProofResult(1, "eddsa-rdfc-2022", "failed", "no", key=None),
    ]
    assert passing_keys(results) == []
    assert results[0].label == "proof 1 (eddsa-rdfc-2022)"
