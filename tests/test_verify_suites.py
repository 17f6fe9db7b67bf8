"""Proof suites: the registry, ECDSA (P-256 / P-384) and the JCS suites.

Published W3C vectors (tests/fixtures/vectors/MANIFEST.md) show the suites agree with other
implementations; credentials signed here with keys made here show every refusal can happen.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from verify_di_support import NOW, SIGNED_AT, Issuer, ob3_credential, source_with

from portfolio_app.verify import suites
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import (
    SigningError,
    sign_data_integrity,
    verify_proofs,
)
from portfolio_app.verify.didkey import (
    KeyResolutionError,
    ec_multikey,
    public_key_from_did_key,
    public_key_from_multikey,
)
from portfolio_app.verify.documents import CachedDocument, EmptySource, MemorySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.multibase import decode_base58btc, encode_base58btc
from portfolio_app.verify.signed_graph import canonical_nquads
from portfolio_app.verify.suites import _ecdsa
from portfolio_app.verify.verdict import Outcome, Status

VECTORS = Path(__file__).parent / "fixtures" / "vectors"
W3C_ISSUER = "https://vc.example/issuers/5678"
FETCHED = datetime(2026, 11, 1, tzinfo=UTC)


class EcIssuer:
    """A P-256 or P-384 did:key issuer made in the test."""

    def __init__(self, curve: ec.EllipticCurve) -> None:
        self.key = ec.generate_private_key(curve)
        ident = ec_multikey(self.key.public_key())
        self.did = "did:key:" + ident
        self.vm = f"{self.did}#{ident}"

    def sign(
        self, doc: dict[str, Any], suite: str = "ecdsa-rdfc-2019", **kw: Any
    ) -> dict[str, Any]:
        return sign_data_integrity(
            doc, self.key, kw.pop("vm", self.vm), cryptosuite=suite, created=SIGNED_AT, **kw
        )


P256 = EcIssuer(ec.SECP256R1())
P384 = EcIssuer(ec.SECP384R1())
OTHER_P256 = EcIssuer(ec.SECP256R1())
ALICE = Issuer(0x5A)

# (suite, signer) for every suite the app signs and verifies.
SIGNERS: list[tuple[str, Any]] = [
    ("eddsa-rdfc-2022", ALICE),
    ("eddsa-jcs-2022", ALICE),
    ("ecdsa-rdfc-2019", P256),
    ("ecdsa-rdfc-2019", P384),
    ("ecdsa-jcs-2019", P256),
    ("ecdsa-jcs-2019", P384),
    ("ecdsa-sd-2023", P256),  # a derived proof disclosing everything
]
IDS = [f"{s}-{type(k).__name__}-{getattr(k, 'key', None) and k.key.curve.name}" for s, k in SIGNERS]


def verify(doc: dict[str, Any], docs: Any = None) -> Any:
    return verify_linked_data_credential(doc, docs=docs or EmptySource(), now=NOW)


def signature_checks(verdict: Any) -> list[Any]:
    return [c for c in verdict.checks if c.name == "signature"]


def load(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


# --- the registry -------------------------------------------------------------------------


def test_every_registered_suite_is_found_by_what_a_proof_says() -> None:
    names = [s.name for s in suites.SUITES]
    assert len(names) == len(set(names))
    for suite in suites.SUITES:
        cryptosuite = suite.name if suite.has_cryptosuite else None
        assert suites.find(suite.proof_type, cryptosuite) is suite
        assert set(suite.signature_lengths) == set(suite.key_types) == set(suite.digests)
    assert suites.find("DataIntegrityProof", "bbs-2023") is None
    assert suites.find("Ed25519Signature2020", "eddsa-rdfc-2022") is not None  # type decides


def test_an_ecdsa_sd_2023_base_proof_is_unsupported_with_its_reason() -> None:
    doc = ob3_credential(P256.did)
    doc["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "ecdsa-sd-2023",
        "verificationMethod": P256.vm,
        "proofPurpose": "assertionMethod",
        "proofValue": "u2V0AhVhA",
    }
    verdict = verify(doc)
    assert verdict.status is Status.UNSUPPORTED
    (check,) = signature_checks(verdict)
    assert check.outcome is Outcome.NOT_CHECKED
    assert "base proof is for the holder, not a presentation proof" in check.detail


# --- every suite: signed here, verified, and any change caught ------------------------------


@pytest.mark.parametrize(("suite", "signer"), SIGNERS, ids=IDS)
def test_signed_here_verifies_and_a_changed_value_is_tampered(suite: str, signer: Any) -> None:
    signed = signer.sign(ob3_credential(signer.did), suite)
    assert signed["proof"]["cryptosuite"] == suite
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert [c.outcome for c in signature_checks(verdict)] == [Outcome.PASSED]

    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["achievement"]["name"] = "Data Science Mastery"
    verdict = verify(changed)
    assert verdict.status is Status.TAMPERED
    assert "does not match" in signature_checks(verdict)[0].detail


@pytest.mark.parametrize(("suite", "signer"), SIGNERS, ids=IDS)
def test_a_key_of_another_issuer_is_tampered(suite: str, signer: Any) -> None:
    # Validly signed, but by a did:key that is not the did:key issuer named.
    signed = signer.sign(ob3_credential(OTHER_P256.did), suite)
    verdict = verify(signed)
    assert verdict.facts["signature_valid"] == "true"
    assert verdict.status is Status.TAMPERED
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert issuer_key.outcome is Outcome.FAILED


def test_a_p384_signature_under_a_p256_key_is_tampered() -> None:
    doc = P384.sign(ob3_credential(P256.did), vm=P256.vm)  # made with P-384, claims P-256
    verdict = verify(doc)
    assert verdict.status is Status.TAMPERED
    assert "P-256 signature has 64 bytes, this proofValue has 96" in (
        signature_checks(verdict)[0].detail
    )


def test_a_p256_signature_under_a_p384_key_is_tampered() -> None:
    doc = P256.sign(ob3_credential(P384.did), vm=P384.vm)
    verdict = verify(doc)
    assert verdict.status is Status.TAMPERED
    assert "P-384 signature has 96 bytes" in signature_checks(verdict)[0].detail


def test_a_same_length_signature_by_another_p256_key_is_tampered() -> None:
    doc = OTHER_P256.sign(ob3_credential(P256.did), vm=P256.vm)
    verdict = verify(doc)
    assert verdict.status is Status.TAMPERED
    assert verdict.facts["signature_valid"] == "false"


def test_the_wrong_curve_hash_does_not_verify() -> None:
    # A P-384 key whose proof was hashed with SHA-256 (the P-256 rule) must not verify.
    doc = ob3_credential(P384.did)
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "ecdsa-rdfc-2019",
        "created": "2026-01-15T09:30:00Z",
        "verificationMethod": P384.vm,
        "proofPurpose": "assertionMethod",
    }
    from portfolio_app.verify.dataintegrity import hash_data

    data = hash_data(doc, proof, ContextLoader.bundled(), "sha256")
    proof["proofValue"] = encode_base58btc(_ecdsa.sign(P384.key, data))
    doc["proof"] = proof
    assert verify(doc).status is Status.TAMPERED


def test_an_ed25519_key_cannot_make_an_ecdsa_proof() -> None:
    signed = P256.sign(ob3_credential(ALICE.did), vm=ALICE.vm)
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    detail = signature_checks(verdict)[0].detail
    assert "it is an Ed25519 key, and ecdsa-rdfc-2019 signs with P-256 or P-384 keys" in detail


def test_an_ecdsa_key_cannot_make_an_eddsa_proof() -> None:
    signed = ALICE.sign(ob3_credential(P256.did), vm=P256.vm)
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert "it is a P-256 key" in signature_checks(verdict)[0].detail


def test_an_r_or_s_of_zero_is_refused() -> None:
    signed = P256.sign(ob3_credential(P256.did))
    raw = decode_base58btc(signed["proof"]["proofValue"])
    signed["proof"]["proofValue"] = encode_base58btc(bytes(32) + raw[32:])
    assert verify(signed).status is Status.TAMPERED


def test_high_s_form_of_a_valid_signature_is_still_the_issuers() -> None:
    # ECDSA signatures are malleable (s ↔ n - s); vc-di-ecdsa does not forbid high-S, and the
    # signed data is unchanged, so both forms verify.  Recorded so a change is deliberate.
    signed = P256.sign(ob3_credential(P256.did))
    raw = decode_base58btc(signed["proof"]["proofValue"])
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    s = int.from_bytes(raw[32:], "big")
    signed["proof"]["proofValue"] = encode_base58btc(raw[:32] + (n - s).to_bytes(32, "big"))
    assert verify(signed).status is Status.VERIFIED


def test_signing_refuses_a_key_that_does_not_fit_the_suite() -> None:
    with pytest.raises(SigningError, match="P-256 or P-384"):
        sign_data_integrity(
            ob3_credential(P256.did),
            ALICE.seed,
            P256.vm,
            cryptosuite="ecdsa-rdfc-2019",
            created=SIGNED_AT,
        )
    with pytest.raises(SigningError, match="32 bytes"):
        sign_data_integrity(
            ob3_credential(P256.did),
            P256.key,
            ALICE.vm,
            cryptosuite="eddsa-jcs-2022",
            created=SIGNED_AT,
        )
    with pytest.raises(SigningError, match="cannot sign with"):
        sign_data_integrity(
            ob3_credential(P256.did),
            P256.key,
            P256.vm,
            cryptosuite="bbs-2023",
            created=SIGNED_AT,
        )


def test_a_proof_set_of_different_suites_reports_each() -> None:
    doc = ob3_credential(P256.did)
    signed = P256.sign(P256.sign(doc, "ecdsa-rdfc-2019"), "ecdsa-jcs-2019")
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["proofs"] == "ecdsa-rdfc-2019,ecdsa-jcs-2019"
    signed["proof"][1]["proofValue"] = signed["proof"][0]["proofValue"]
    verdict = verify(signed)
    assert [c.outcome for c in signature_checks(verdict)] == [Outcome.PASSED, Outcome.FAILED]
    assert verdict.status is Status.TAMPERED


# --- keys: Multikey P-256 / P-384 in did:key and DID documents -----------------------------


def test_multikey_forms_decode_and_bad_points_are_refused() -> None:
    key_type, raw = public_key_from_did_key(P256.vm)
    assert key_type == "P-256" and len(raw) == 33
    assert public_key_from_did_key(P384.did)[0] == "P-384"
    assert P256.did.startswith("did:key:zDn") and P384.did.startswith("did:key:z82")
    not_on_curve = encode_base58btc(b"\x80\x24\x02" + bytes(31) + b"\x03")
    with pytest.raises(KeyResolutionError, match="not a point on its curve"):
        public_key_from_multikey(not_on_curve)
    uncompressed = encode_base58btc(b"\x80\x24\x04" + bytes(32))
    with pytest.raises(KeyResolutionError, match="not a compressed point"):
        public_key_from_multikey(uncompressed)
    with pytest.raises(KeyResolutionError, match="P-384 public key has 49 bytes"):
        public_key_from_multikey(encode_base58btc(b"\x81\x24\x02" + bytes(32)))


def test_an_off_curve_did_key_is_an_unusable_key_not_a_crash() -> None:
    bad = "did:key:" + encode_base58btc(b"\x80\x24\x02" + bytes(31) + b"\x03")
    signed = P256.sign(ob3_credential(bad), vm=bad)
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert "not a point on its curve" in signature_checks(verdict)[0].detail


def did_web_document(kind: str, multikey: str) -> dict[str, Any]:
    did = "did:web:college.example"
    return {
        "id": did,
        "verificationMethod": [
            {"id": did + "#key-1", "type": kind, "controller": did, "publicKeyMultibase": multikey}
        ],
        "assertionMethod": [did + "#key-1"],
    }


def test_a_did_web_issuer_with_a_p384_multikey_verifies() -> None:
    did = "did:web:college.example"
    docs = source_with(
        (
            "https://college.example/.well-known/did.json",
            did_web_document("Multikey", P384.did[len("did:key:") :]),
        )
    )
    signed = P384.sign(ob3_credential(did), "ecdsa-jcs-2019", vm=did + "#key-1")
    verdict = verify(signed, docs)
    assert verdict.status is Status.VERIFIED, verdict.to_json()


def test_an_ed25519_2020_method_holding_a_p256_key_is_refused() -> None:
    did = "did:web:college.example"
    docs = source_with(
        (
            "https://college.example/.well-known/did.json",
            did_web_document("Ed25519VerificationKey2020", P256.did[len("did:key:") :]),
        )
    )
    signed = P256.sign(ob3_credential(did), vm=did + "#key-1")
    verdict = verify(signed, docs)
    assert verdict.status is Status.TAMPERED
    assert "holds a P-256 key" in signature_checks(verdict)[0].detail


# --- JCS: the signed JSON is what is read -------------------------------------------------


@pytest.mark.parametrize("signer", [ALICE, P256], ids=["eddsa", "ecdsa"])
def test_jcs_a_graph_preserving_json_rewrite_is_tampered(signer: Any) -> None:
    # JSON-LD lets {"@value": x} stand for x; a JCS proof signs the JSON, so it must fail.
    suite = "eddsa-jcs-2022" if signer is ALICE else "ecdsa-jcs-2019"
    signed = signer.sign(ob3_credential(signer.did), suite)
    rewritten = copy.deepcopy(signed)
    rewritten["name"] = {"@value": rewritten["name"]}
    assert verify(rewritten).status is Status.TAMPERED


def test_jcs_an_added_key_cannot_ride_along() -> None:
    signed = P256.sign(ob3_credential(P256.did), "ecdsa-jcs-2019")
    added = copy.deepcopy(signed)
    added["validUntil"] = "2099-01-01T00:00:00Z"
    assert verify(added).status is Status.TAMPERED


def test_jcs_an_unsigned_context_after_the_signed_ones_is_refused() -> None:
    # The spec would let the proof's @context be a prefix of the document's and sign only
    # that prefix; a context added after it would change the graph read without being signed.
    signed = ALICE.sign(ob3_credential(ALICE.did), "eddsa-jcs-2022")
    assert signed["proof"]["@context"] == signed["@context"]
    forged = copy.deepcopy(signed)
    forged["@context"] = [*signed["@context"], "https://w3id.org/security/data-integrity/v2"]
    verdict = verify(forged)
    assert verdict.status is Status.TAMPERED
    assert "were not all signed" in signature_checks(verdict)[0].detail


def test_jcs_a_number_outside_ijson_is_malformed() -> None:
    doc = ob3_credential(ALICE.did)
    signed = ALICE.sign(doc, "eddsa-jcs-2022")
    signed["proof"]["created"] = "2026-01-15T09:30:00Z"
    signed["proof"]["nonce"] = 2**60  # JCS (i-JSON) cannot represent it
    result = verify_proofs(signed, docs=EmptySource())
    assert result.outcome == "malformed"
    assert "RFC 8785" in result.detail


# --- published W3C vectors ------------------------------------------------------------------

JCS_VECTORS = [
    "w3c-vcdieddsa-eddsa-jcs-2022-signed.json",
    "w3c-vcdiecdsa-ecdsa-jcs-2019-p256-signed.json",
    "w3c-vcdiecdsa-ecdsa-jcs-2019-p384-signed.json",
]
RDFC_VECTORS = [
    "w3c-vcdiecdsa-ecdsa-rdfc-2019-p256-signed.json",
    "w3c-vcdiecdsa-ecdsa-rdfc-2019-p384-signed.json",
]


def issuer_document(*vms: str) -> MemorySource:
    body = {"id": W3C_ISSUER, "assertionMethod": list(vms)}
    return MemorySource([CachedDocument(W3C_ISSUER, json.dumps(body).encode(), FETCHED)])


@pytest.mark.parametrize("name", JCS_VECTORS + RDFC_VECTORS)
def test_w3c_vector_signature_valid_but_unbound_issuer_is_unverifiable(name: str) -> None:
    doc = load(name)
    verdict = verify(doc)
    assert [c.outcome for c in signature_checks(verdict)] == [Outcome.PASSED]
    assert verdict.status is Status.UNVERIFIABLE
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert W3C_ISSUER in issuer_key.detail and "needs the issuer's document" in issuer_key.detail


@pytest.mark.parametrize("name", JCS_VECTORS + RDFC_VECTORS)
def test_w3c_vector_with_the_issuers_document_is_verified(name: str) -> None:
    doc = load(name)
    verdict = verify(doc, issuer_document(doc["proof"]["verificationMethod"]))
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    tampered = copy.deepcopy(doc)
    tampered["credentialSubject"]["alumniOf"] = "The School of Forgeries"
    verdict = verify(tampered, issuer_document(doc["proof"]["verificationMethod"]))
    assert verdict.status is Status.TAMPERED


@pytest.mark.parametrize(
    ("name", "combined"),
    [
        (
            "w3c-vcdiecdsa-ecdsa-rdfc-2019-p256-signed.json",
            "3a8a522f689025727fb9d1f0fa99a618da023e8494ac74f51015d009d35abc2e"
            "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017",
        ),
        (
            "w3c-vcdiecdsa-ecdsa-rdfc-2019-p384-signed.json",
            "e32805a26492eac777aa7a138f6d8da3c74e0c7be7b296dcaccf97420c3b92ea"
            "ad7be6449ca565e165031567f5c7cbc18bf6e01df72c5b62f91b685231915ac4"
            "b8c58ea95f002c6b8f6bfafa1b251df476b56b8e01518e317dab099d3ecbff96",
        ),
    ],
)
def test_w3c_ecdsa_rdfc_hash_data_matches_the_published_combined_hash(
    name: str, combined: str
) -> None:
    from portfolio_app.verify.dataintegrity import hash_data

    doc = load(name)
    digest = "sha384" if "p384" in name else "sha256"
    assert hash_data(doc, doc["proof"], ContextLoader.bundled(), digest).hex() == combined


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_w3c_2023_edition_signatures_verify_over_their_published_canon(curve: str) -> None:
    # The 2023 edition was signed when the VC 2.0 context left `cryptosuite` untyped; its
    # signature is valid over that canon (P1363 r||s, the curve's hash), not over today's.
    doc = load(f"w3c-vcdiecdsa-ecdsa-rdfc-2019-{curve}-signed-2023.json")
    canon = (VECTORS / "w3c-vcdiecdsa-ecdsa-rdfc-2019-p256-proofCanon-2023.txt").read_text()
    vm = doc["proof"]["verificationMethod"]
    canon = canon.replace(canon.split("<")[-1].split(">")[0], vm)  # the P-384 one names its key
    key_type, key = public_key_from_multikey(vm.split("#", 1)[1])
    digest = _ecdsa.DIGESTS[key_type]
    nquads = canonical_nquads(
        {k: v for k, v in doc.items() if k != "proof"}, ContextLoader.bundled(), checked=True
    )
    data = (
        hashlib.new(digest, canon.encode()).digest() + hashlib.new(digest, nquads.encode()).digest()
    )
    signature = decode_base58btc(doc["proof"]["proofValue"])
    assert _ecdsa.verify(key_type, key, signature, data)
    assert not _ecdsa.verify(key_type, key, signature, data[:-1] + bytes([data[-1] ^ 1]))
    # and, honestly, today's context gives another canon, so the document alone fails
    assert verify(doc).status is Status.TAMPERED


# --- the way a learner gets there: import (parse), then the engine -------------------------


@pytest.mark.parametrize(("suite", "signer"), SIGNERS, ids=IDS)
def test_an_imported_credential_of_each_suite_is_verified_by_the_engine(
    suite: str, signer: Any
) -> None:
    from portfolio_app.formats import parse
    from portfolio_app.ingest.extract import extract
    from portfolio_app.verify.engine import verify_credential

    signed = signer.sign(ob3_credential(signer.did), suite)
    credential = parse(extract("badge.json", json.dumps(signed).encode("utf-8")))
    assert credential.title == "Data Literacy"
    verdict = verify_credential(credential, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert verdict.facts["proofs"] == suite


def test_a_p256_key_written_into_an_https_id_shows_integrity_but_binds_nothing() -> None:
    issuer = "https://college.example/issuer"
    vm = issuer + "#" + P256.did[len("did:key:") :]
    signed = P256.sign(ob3_credential(issuer), vm=vm)
    verdict = verify(signed)
    assert [c.outcome for c in signature_checks(verdict)] == [Outcome.PASSED]
    assert verdict.status is Status.UNVERIFIABLE
    listed = MemorySource(
        [
            CachedDocument(
                issuer, json.dumps({"id": issuer, "assertionMethod": [vm]}).encode(), FETCHED
            )
        ]
    )
    assert verify(signed, listed).status is Status.VERIFIED
    other = MemorySource(
        [
            CachedDocument(
                issuer,
                json.dumps({"id": issuer, "assertionMethod": [OTHER_P256.vm]}).encode(),
                FETCHED,
            )
        ]
    )
    assert verify(signed, other).status is Status.TAMPERED
