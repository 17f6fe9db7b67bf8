"""Sign our own OB 3.0 credentials, then tamper with them: every change must be caught."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from verify_di_support import (
    NOW,
    OB303,
    STATUS_URL,
    Issuer,
    ob3_credential,
    source_with,
    status_entry,
    status_list_credential,
)

from portfolio_app.verify import fastcanon
from portfolio_app.verify.canon import canonicalize
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import SigningError, sign_data_integrity
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Outcome, Status

SUITES = ["eddsa-rdfc-2022", "Ed25519Signature2020"]
ALICE = Issuer(7)
MALLORY = Issuer(9)


def verify(doc: dict[str, Any], docs: Any = None) -> Any:
    return verify_linked_data_credential(doc, docs=docs or EmptySource(), now=NOW)


@pytest.mark.parametrize("suite", SUITES)
def test_own_credential_verifies(suite: str) -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did), suite)
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert verdict.facts["proofs"] == suite
    assert [c.name for c in verdict.checks] == ["format", "signature", "issuer_key", "dates"]


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


TAMPERS: list[tuple[str, tuple[Any, ...], Any]] = [
    ("name", ("name",), "Data Wizardry"),
    ("achievement name", ("credentialSubject", "achievement", "name"), "Rocket Science"),
    ("subject id", ("credentialSubject", "id"), "did:example:someone-else"),
    ("criteria", ("credentialSubject", "achievement", "criteria", "narrative"), "Attended."),
    ("validFrom", ("validFrom",), "2025-01-01T00:00:00Z"),
    ("credential id", ("id",), "urn:uuid:00000000-0000-0000-0000-000000000000"),
    ("issuer name", ("issuer", "name"), "Prestige University"),
    ("proof created", ("proof", "created"), "2026-01-15T09:30:01Z"),
]


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize(("what", "path", "value"), TAMPERS, ids=[t[0] for t in TAMPERS])
def test_any_change_after_signing_is_tampered(
    suite: str, what: str, path: tuple[Any, ...], value: Any
) -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did), suite)
    _set(signed, path, value)
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED, what
    assert verdict.facts["signature_valid"] == "false"


@pytest.mark.parametrize("suite", SUITES)
def test_adding_a_field_after_signing_is_tampered(suite: str) -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did), suite)
    signed["credentialSubject"]["achievement"]["creditsAvailable"] = 30
    assert verify(signed).status is Status.TAMPERED


@pytest.mark.parametrize("suite", SUITES)
def test_changing_the_issuer_after_signing_is_tampered(suite: str) -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did), suite)
    signed["issuer"]["id"] = MALLORY.did
    assert verify(signed).status is Status.TAMPERED


@pytest.mark.parametrize("suite", SUITES)
def test_wrong_key_is_tampered(suite: str) -> None:
    # Mallory signs but claims Alice's verification method: the signature does not verify.
    doc = ob3_credential(ALICE.did)
    forged = sign_data_integrity(
        doc,
        MALLORY.seed,
        ALICE.vm,
        cryptosuite=suite,
        created=NOW,  # type: ignore[arg-type]
    )
    verdict = verify(forged)
    assert verdict.status is Status.TAMPERED
    assert verdict.facts["signature_valid"] == "false"


@pytest.mark.parametrize("suite", SUITES)
def test_valid_signature_by_someone_else_is_tampered_via_issuer_key(suite: str) -> None:
    forged = MALLORY.sign(ob3_credential(ALICE.did), suite)
    verdict = verify(forged)
    assert verdict.status is Status.TAMPERED
    assert verdict.facts["signature_valid"] == "true"
    assert next(c for c in verdict.checks if c.name == "issuer_key").outcome is Outcome.FAILED


@pytest.mark.parametrize("suite", SUITES)
def test_expired_and_not_yet_valid(suite: str) -> None:
    expired = ALICE.sign(ob3_credential(ALICE.did, validUntil="2026-06-30T00:00:00Z"), suite)
    assert verify(expired).status is Status.EXPIRED
    future = ALICE.sign(ob3_credential(ALICE.did, validFrom="2027-01-01T00:00:00Z"), suite)
    assert verify(future).status is Status.NOT_YET_VALID
    vc11 = ob3_credential(ALICE.did)
    vc11["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    ]
    del vc11["validFrom"]
    vc11["issuanceDate"] = "2026-01-01T00:00:00Z"
    vc11["expirationDate"] = "2026-02-01T00:00:00Z"
    if suite == "eddsa-rdfc-2022":
        vc11["@context"].append("https://w3id.org/security/data-integrity/v1")
    assert verify(ALICE.sign(vc11, suite)).status is Status.EXPIRED


@pytest.mark.parametrize("suite", SUITES)
def test_revoked_by_our_own_status_list(suite: str) -> None:
    status_list = status_list_credential(ALICE, revoked={3, 42})
    docs = source_with((STATUS_URL, status_list))
    revoked = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(42)), suite)
    verdict = verify(revoked, docs)
    assert verdict.status is Status.REVOKED, verdict.to_json()
    assert "revoked" in verdict.summary
    fine = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(41)), suite)
    verdict = verify(fine, docs)
    assert verdict.status is Status.VERIFIED
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.PASSED and status.as_of is not None
    assert "Warning" not in status.detail


def test_suspension_purpose_must_match() -> None:
    status_list = status_list_credential(ALICE, revoked={5}, purpose="suspension")
    docs = source_with((STATUS_URL, status_list))
    wrong = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(5)))
    status = next(c for c in verify(wrong, docs).checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED and "suspension" in status.detail
    right = ALICE.sign(
        ob3_credential(ALICE.did, credentialStatus=status_entry(5, purpose="suspension"))
    )
    assert verify(right, docs).status is Status.REVOKED


def test_tampered_status_list_is_not_trusted() -> None:
    status_list = status_list_credential(ALICE, revoked={1})
    status_list["credentialSubject"]["encodedList"] = status_list_credential(ALICE, revoked=set())[
        "credentialSubject"
    ]["encodedList"]
    docs = source_with((STATUS_URL, status_list))
    cred = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(1)))
    verdict = verify(cred, docs)
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED
    assert "could not be trusted" in status.detail


def test_precedence_tampered_over_revoked_over_expired() -> None:
    docs = source_with((STATUS_URL, status_list_credential(ALICE, revoked={7})))
    both = ALICE.sign(
        ob3_credential(
            ALICE.did, validUntil="2026-06-30T00:00:00Z", credentialStatus=status_entry(7)
        )
    )
    assert verify(both, docs).status is Status.REVOKED
    tampered = copy.deepcopy(both)
    tampered["name"] = "Changed"
    assert verify(tampered, docs).status is Status.TAMPERED


def test_proof_set_with_one_failing_proof_is_tampered_and_both_are_reported() -> None:
    doc = ob3_credential(ALICE.did)
    signed = ALICE.sign(ALICE.sign(doc, "eddsa-rdfc-2022"), "Ed25519Signature2020")
    assert isinstance(signed["proof"], list) and len(signed["proof"]) == 2
    assert verify(signed).status is Status.VERIFIED
    signed["proof"][1]["proofValue"] = signed["proof"][0]["proofValue"]
    verdict = verify(signed)
    outcomes = [c.outcome for c in verdict.checks if c.name == "signature"]
    assert outcomes == [Outcome.PASSED, Outcome.FAILED]
    assert verdict.status is Status.TAMPERED


def test_unsupported_proof_beside_a_valid_one_is_reported_not_checked() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["proof"] = [
        signed["proof"],
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "bbs-2023",
            "verificationMethod": ALICE.vm,
            "proofPurpose": "assertionMethod",
            "proofValue": "u1234",
        },
    ]
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED
    outcomes = [c.outcome for c in verdict.checks if c.name == "signature"]
    assert outcomes == [Outcome.PASSED, Outcome.NOT_CHECKED]


@pytest.mark.parametrize(
    "proof",
    [
        {"type": "RsaSignature2018", "jws": "x..y"},
        {"type": "JsonWebSignature2020", "jws": "x..y"},
        {"type": "Ed25519Signature2018", "jws": "x..y"},
        # an ecdsa-sd-2023 *base* proof (header 0xd9 0x5d 0x00): for the holder, not verified
        {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-sd-2023", "proofValue": "u2V0AhVhA"},
        {"type": "DataIntegrityProof", "cryptosuite": "bbs-2023", "proofValue": "u00"},
    ],
)
def test_unknown_suites_are_unsupported_with_a_reason(proof: dict[str, Any]) -> None:
    doc = ob3_credential(ALICE.did)
    doc["proof"] = {**proof, "verificationMethod": ALICE.vm, "proofPurpose": "assertionMethod"}
    verdict = verify(doc)
    assert verdict.status is Status.UNSUPPORTED
    assert "not" in verdict.summary and "verif" in verdict.summary


def test_wrong_proof_purpose_fails() -> None:
    doc = ob3_credential(ALICE.did)
    signed = ALICE.sign(doc)
    signed["proof"]["proofPurpose"] = "authentication"
    assert verify(signed).status is Status.TAMPERED


def test_no_proof_is_unsupported() -> None:
    verdict = verify(ob3_credential(ALICE.did))
    assert verdict.status is Status.UNSUPPORTED


def test_signing_refuses_undefined_terms() -> None:
    doc = ob3_credential(ALICE.did)
    doc["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        OB303.replace("3.0.3", "3.0.2"),
        "https://w3id.org/security/data-integrity/v1",
    ]
    doc["issuanceDate"] = doc.pop("validFrom")
    doc["favouriteColour"] = "green"
    with pytest.raises(SigningError, match="favouriteColour"):
        ALICE.sign(doc)


def test_context_variant_retry_reports_which_edition_matched() -> None:
    # context.json served the OB 3.0 *beta* content before November 2022 (other IRIs): a
    # credential signed then fails with today's content and passes with the beta variant.
    ob30 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
    beta = ContextLoader.bundled().with_variant(ob30, "ob-3.0-beta-pre-2022-11")
    doc = ob3_credential(ALICE.did)
    doc["@context"] = ["https://www.w3.org/2018/credentials/v1", ob30]
    doc["issuanceDate"] = doc.pop("validFrom")
    signed = sign_data_integrity(
        doc, ALICE.seed, ALICE.vm, cryptosuite="Ed25519Signature2020", created=NOW, loader=beta
    )
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    assert canonicalize(unsecured, beta) != canonicalize(unsecured, ContextLoader.bundled())
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert verdict.facts["context_variant"] == "ob-3.0-beta-pre-2022-11"
    signature = next(c for c in verdict.checks if c.name == "signature")
    assert "ob-3.0-beta-pre-2022-11" in signature.detail


def test_clr_with_nested_credentials() -> None:
    inner = ALICE.sign(ob3_credential(ALICE.did))
    other = ob3_credential(ALICE.did, id="urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-0d2a4f1b7e02")
    other = ALICE.sign(other)
    clr = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            OB303,
        ],
        "id": "urn:uuid:5c5b5d8a-1111-4c1e-9c55-0d2a4f1b7e09",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": ALICE.did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-02-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["ClrSubject"],
            "verifiableCredential": [inner, other],
        },
    }
    signed = ALICE.sign(clr)
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    names = [c.name for c in verdict.checks]
    assert "nested[0].signature" in names and "nested[1].signature" in names
    # Tamper with a nested credential and re-sign the CLR: the CLR's own proof passes, the
    # nested one fails, and the verdict says so.
    clr2 = copy.deepcopy(clr)
    clr2["credentialSubject"]["verifiableCredential"][1]["name"] = "Changed"
    verdict = verify(ALICE.sign(clr2))
    assert verdict.status is Status.TAMPERED
    nested = next(c for c in verdict.checks if c.name == "nested[1].signature")
    assert nested.outcome is Outcome.FAILED
    own = [c for c in verdict.checks if c.name == "signature"]
    assert own[0].outcome is Outcome.PASSED


def test_fastcanon_matches_pyld_on_own_credentials() -> None:
    loader = ContextLoader.bundled()
    for suite in SUITES:
        signed = ALICE.sign(ob3_credential(ALICE.did), suite)
        unsecured = {k: v for k, v in signed.items() if k != "proof"}
        assert fastcanon.canonicalize(unsecured, loader) == canonicalize(unsecured, loader)
