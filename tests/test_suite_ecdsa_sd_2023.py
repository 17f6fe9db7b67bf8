"""ecdsa-sd-2023: derived (selectively disclosed) proofs verified, base proofs named for what
they are.

The W3C vc-di-ecdsa vectors (tests/fixtures/public/MANIFEST.md) show the verifier agrees with
the implementations that made them, including a real disclosure (two of four sails); proofs
signed here with keys made here show each refusal can happen.
"""

from __future__ import annotations

import base64
import copy
import json
import time
from pathlib import Path
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from verify_di_support import (
    NOW,
    SIGNED_AT,
    STATUS_URL,
    ob3_credential,
    source_with,
    status_entry,
    status_list_credential,
)

from portfolio_app.formats import parse
from portfolio_app.ingest import extract
from portfolio_app.verify.canon import WorkLimitExceeded
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import SigningError, sign_data_integrity
from portfolio_app.verify.didkey import ec_multikey
from portfolio_app.verify.documents import CachedDocument, EmptySource, MemorySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.signed_graph import canonical_nquads, digest_of, unsecured
from portfolio_app.verify.suites import ecdsa_sd_2023 as sd
from portfolio_app.verify.verdict import Outcome, Status

PUBLIC = Path(__file__).parent / "fixtures" / "public"
DERIVED = "w3c-vcdiecdsa-ecdsa-sd-2023-derived.json"
BASE = "w3c-vcdiecdsa-ecdsa-sd-2023-base.json"
W3C_ISSUER = "https://vc.example/windsurf/racecommittee"
W3C_VM = (
    "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
    "#zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
)
LOADER = ContextLoader.bundled()


class SdIssuer:
    """A P-256 did:key issuer made in the test, signing derived proofs that disclose all."""

    def __init__(self, curve: ec.EllipticCurve | None = None) -> None:
        self.key = ec.generate_private_key(curve or ec.SECP256R1())
        ident = ec_multikey(self.key.public_key())
        self.did = "did:key:" + ident
        self.vm = f"{self.did}#{ident}"

    def sign(self, doc: dict[str, Any], **kw: Any) -> dict[str, Any]:
        return sign_data_integrity(
            doc,
            self.key,
            kw.pop("vm", self.vm),
            cryptosuite="ecdsa-sd-2023",
            created=SIGNED_AT,
            **kw,
        )


ISSUER = SdIssuer()
OTHER = SdIssuer()


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PUBLIC / name).read_text(encoding="utf-8"))
    return data


def verify(doc: dict[str, Any], docs: Any = None) -> Any:
    return verify_linked_data_credential(doc, docs=docs or EmptySource(), now=NOW)


def signature(verdict: Any) -> Any:
    (check,) = [c for c in verdict.checks if c.name == "signature"]
    return check


def issuer_document(issuer: str, vm: str) -> MemorySource:
    body = {"id": issuer, "assertionMethod": [vm]}
    return MemorySource([CachedDocument(issuer, json.dumps(body).encode(), NOW)])


def proof_of(doc: dict[str, Any]) -> sd.DerivedProof:
    return sd.parse_proof_value(doc["proof"]["proofValue"])


def with_proof(doc: dict[str, Any], proof: sd.DerivedProof) -> dict[str, Any]:
    changed = copy.deepcopy(doc)
    changed["proof"]["proofValue"] = sd.serialize_derived(proof)
    return changed


def with_value(doc: dict[str, Any], raw: bytes) -> dict[str, Any]:
    """``doc`` with its proofValue replaced by ``u`` + base64url(``raw``)."""
    changed = copy.deepcopy(doc)
    changed["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return changed


def statements(doc: dict[str, Any], proof: sd.DerivedProof) -> list[str]:
    return sd.relabel(canonical_nquads(unsecured(doc), LOADER), proof.labels)


def withhold(signed: dict[str, Any], disclosed: dict[str, Any]) -> dict[str, Any]:
    """What a holder's wallet derives from ``signed`` when it discloses only ``disclosed``
    (the same JSON with parts left out, its blank nodes unchanged): the signatures of the
    statements left out are dropped and the mandatory indexes counted again."""
    proof = proof_of(signed)
    full = statements(signed, proof)
    mandatory = {full[i] for i in proof.mandatory_indexes}
    optional = [s for i, s in enumerate(full) if i not in set(proof.mandatory_indexes)]
    shown = statements(disclosed, proof)
    kept = set(shown)
    assert kept <= set(full), "a disclosure can only leave statements out"
    derived = sd.DerivedProof(
        proof.base_signature,
        proof.proof_key,
        tuple(sig for s, sig in zip(optional, proof.signatures, strict=True) if s in kept),
        proof.labels,
        tuple(i for i, s in enumerate(shown) if s in mandatory),
    )
    result = copy.deepcopy(disclosed)
    result["proof"] = copy.deepcopy(signed["proof"])
    result["proof"]["proofValue"] = sd.serialize_derived(derived)
    return result


# --- the W3C vectors ---------------------------------------------------------------------------


def test_w3c_derived_vector_is_intact_and_needs_the_issuers_document() -> None:
    verdict = verify(load(DERIVED))
    assert signature(verdict).outcome is Outcome.PASSED
    assert verdict.facts["proofs"] == "ecdsa-sd-2023"
    assert verdict.status is Status.UNVERIFIABLE  # an https issuer, its document not cached
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert W3C_ISSUER in issuer_key.detail and "needs the issuer's document" in issuer_key.detail


def test_w3c_derived_vector_with_the_issuers_document_is_verified() -> None:
    verdict = verify(load(DERIVED), issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.VERIFIED, verdict.to_json()


def test_w3c_vector_discloses_two_of_the_four_sails_signed() -> None:
    base, derived = load(BASE), load(DERIVED)
    assert len(base["credentialSubject"]["sails"]) == 4
    assert len(derived["credentialSubject"]["sails"]) == 2
    proof = proof_of(derived)
    assert len(statements(derived, proof)) == len(proof.mandatory_indexes) + len(proof.signatures)


def test_the_graph_shown_is_the_disclosed_documents() -> None:
    """The parser reads the disclosed document's canonical graph, and the verifier checks the
    proof over exactly that string (one digest for both)."""
    derived = load(DERIVED)
    text = (PUBLIC / DERIVED).read_bytes()
    credential = parse(extract(DERIVED, text))
    nquads = canonical_nquads(unsecured(derived), LOADER)
    assert credential.extra["signed_digest"] == digest_of(nquads)
    assert '"Kihei"' not in nquads and '"5.5E0"' not in nquads  # the sails withheld
    verdict = verify_credential(credential, docs=issuer_document(W3C_ISSUER, W3C_VM), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    shown = next(c for c in verdict.checks if c.name == "shown")
    assert shown.outcome is Outcome.PASSED


def test_w3c_base_vector_is_unsupported_for_what_it_is() -> None:
    verdict = verify(load(BASE))
    assert verdict.status is Status.UNSUPPORTED
    check = signature(verdict)
    assert check.outcome is Outcome.NOT_CHECKED
    assert "base proof is for the holder, not a presentation proof" in check.detail
    assert "derive one in your wallet" in check.detail


def test_w3c_vector_with_a_changed_disclosed_value_is_tampered() -> None:
    doc = load(DERIVED)
    doc["credentialSubject"]["sails"][0]["year"] = 2024  # a selectively disclosed statement
    verdict = verify(doc, issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.TAMPERED
    assert signature(verdict).outcome is Outcome.FAILED


def test_w3c_vector_with_a_changed_mandatory_value_is_tampered() -> None:
    doc = load(DERIVED)
    doc["credentialSubject"]["sailNumber"] = "Mars202"  # mandatory in the vector
    verdict = verify(doc, issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.TAMPERED
    assert "signature does not match" in signature(verdict).detail


def test_w3c_vector_with_a_dropped_mandatory_statement_is_tampered() -> None:
    doc = load(DERIVED)
    del doc["credentialSubject"]["sailNumber"]
    verdict = verify(doc, issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.TAMPERED
    assert "statements were removed" in signature(verdict).detail


def test_w3c_vector_with_a_statement_dropped_but_its_signature_kept_is_tampered() -> None:
    doc = load(DERIVED)
    del doc["credentialSubject"]["boards"][1]["brand"]  # not mandatory; signature still there
    verdict = verify(doc, issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.TAMPERED
    assert "removed" in signature(verdict).detail


# --- signed here -------------------------------------------------------------------------------


def test_signed_here_with_a_did_key_issuer_is_verified() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    assert signed["proof"]["proofValue"].startswith("u2V0B")  # a derived proof
    verdict = verify(signed)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert issuer_key.outcome is Outcome.PASSED


def test_dates_and_revocation_follow_the_shared_rules() -> None:
    expired = ISSUER.sign(ob3_credential(ISSUER.did, validUntil="2026-06-01T00:00:00Z"))
    assert verify(expired).status is Status.EXPIRED
    status_list = status_list_credential(ISSUER, revoked={7})  # type: ignore[arg-type]
    docs = source_with((STATUS_URL, status_list))
    revoked = ISSUER.sign(ob3_credential(ISSUER.did, credentialStatus=status_entry(7)))
    assert verify(revoked, docs).status is Status.REVOKED
    fine = ISSUER.sign(ob3_credential(ISSUER.did, credentialStatus=status_entry(8)))
    verdict = verify(fine, docs)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.PASSED


def test_a_holder_can_withhold_what_is_not_mandatory() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    disclosed = copy.deepcopy(signed)
    del disclosed["proof"]
    del disclosed["credentialSubject"]["achievement"]["description"]
    derived = withhold(signed, disclosed)
    verdict = verify(derived)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert len(proof_of(derived).signatures) == len(proof_of(signed).signatures) - 1
    credential = parse(extract("derived.json", json.dumps(derived).encode()))
    nquads = canonical_nquads(unsecured(derived), LOADER)
    assert credential.extra["signed_digest"] == digest_of(nquads)
    assert "Reads and questions charts" not in nquads


def test_a_changed_disclosed_value_is_tampered() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    signed["credentialSubject"]["achievement"]["name"] = "Rocket Science"
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert "does not match its signature" in signature(verdict).detail


def test_a_dropped_mandatory_statement_is_tampered() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    del signed["validFrom"]  # mandatory: the signer here makes the dates mandatory
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert signature(verdict).outcome is Outcome.FAILED


def test_withholding_a_mandatory_statement_with_its_proof_adjusted_is_tampered() -> None:
    """A wallet cannot derive a proof without a mandatory statement: the base signature
    covers their hash."""
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    proof = proof_of(signed)
    full = statements(signed, proof)
    doc = copy.deepcopy(signed)
    del doc["validFrom"]
    shown = statements(doc, proof)
    indexes = tuple(
        i for i, s in enumerate(shown) if s in {full[j] for j in proof.mandatory_indexes}
    )
    forged = with_proof(
        doc,
        sd.DerivedProof(
            proof.base_signature, proof.proof_key, proof.signatures, proof.labels, indexes
        ),
    )
    verdict = verify(forged)
    assert verdict.status is Status.TAMPERED
    assert "signature does not match" in signature(verdict).detail


def test_signed_by_another_key_than_the_proof_names_is_tampered() -> None:
    signed = OTHER.sign(ob3_credential(ISSUER.did), vm=ISSUER.vm)
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert "signature does not match" in signature(verdict).detail


def test_a_did_key_issuer_signed_by_someone_elses_key_is_tampered() -> None:
    signed = OTHER.sign(ob3_credential(ISSUER.did))  # valid proof, but by OTHER's own key
    verdict = verify(signed)
    assert signature(verdict).outcome is Outcome.PASSED
    assert verdict.status is Status.TAMPERED
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert issuer_key.outcome is Outcome.FAILED


def test_a_key_that_cannot_be_fetched_offline_is_unverifiable() -> None:
    issuer = "https://college.example/issuer"
    signed = ISSUER.sign(ob3_credential(issuer), vm=issuer + "#key-1")
    verdict = verify(signed)
    assert verdict.status is Status.UNVERIFIABLE
    assert signature(verdict).outcome is Outcome.NOT_CHECKED


def test_a_p384_issuer_key_is_refused() -> None:
    p384 = SdIssuer(ec.SECP384R1())
    with pytest.raises(SigningError, match="P-256"):
        p384.sign(ob3_credential(p384.did))
    signed = ISSUER.sign(ob3_credential(p384.did), vm=p384.vm)  # names a P-384 key
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert "signs with P-256 keys" in signature(verdict).detail


def test_blank_node_labels_inside_text_are_not_renamed() -> None:
    """Only blank node positions are relabelled: a name that reads ``_:c14n0`` stays text."""
    doc = ob3_credential(ISSUER.did, name="_:c14n0 and _:c14n1 <x> .")
    signed = ISSUER.sign(doc)
    assert verify(signed).status is Status.VERIFIED
    found = [s for s in statements(signed, proof_of(signed)) if "_:c14n0 and" in s]
    assert len(found) == 1


def test_statements_sort_as_utf16_code_units() -> None:
    """The JavaScript implementations sort the relabelled statements by UTF-16 code units,
    in which U+1D11E (a surrogate pair, 0xD834…) comes before U+FFFD."""
    nquads = '<urn:a> <urn:p> "\ufffd" .\n<urn:a> <urn:p> "\U0001d11e" .\n'
    assert sd.relabel(nquads, {}) == [
        '<urn:a> <urn:p> "\U0001d11e" .\n',
        '<urn:a> <urn:p> "\ufffd" .\n',
    ]


def test_blank_nodes_are_renamed_in_every_position_and_nowhere_else() -> None:
    labels = {0: b"\x00" * 32, 1: b"\x01" * 32}
    a, b = "_:u" + "A" * 43, "_:u" + "AQEB" * 10 + "AQE"
    nquads = (
        "_:c14n0 <urn:p> _:c14n1 _:c14n0 .\n"
        '_:c14n1 <urn:p> "_:c14n0 \\" _:c14n1"@en _:c14n0 .\n'
        '<urn:_:c14n1> <urn:p> "x"^^<urn:_:c14n0> <urn:g> .\n'
    )
    assert sd.relabel(nquads, labels) == sorted(
        [
            f"{a} <urn:p> {b} {a} .\n",
            f'{b} <urn:p> "_:c14n0 \\" _:c14n1"@en {a} .\n',
            '<urn:_:c14n1> <urn:p> "x"^^<urn:_:c14n0> <urn:g> .\n',
        ]
    )


def test_a_signature_for_a_statement_not_disclosed_is_tampered() -> None:
    """Every disclosed statement that is not mandatory has exactly one signature: one too many
    means the credential lost a statement (or the proof was padded)."""
    doc = load(DERIVED)
    proof = proof_of(doc)
    padded = with_proof(
        doc,
        sd.DerivedProof(
            proof.base_signature,
            proof.proof_key,
            (*proof.signatures, proof.signatures[0]),
            proof.labels,
            proof.mandatory_indexes,
        ),
    )
    verdict = verify(padded, issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.TAMPERED
    assert "added or removed" in signature(verdict).detail


def test_mandatory_indexes_out_of_order_are_tampered() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    proof = proof_of(signed)
    first, second, *rest = proof.mandatory_indexes
    forged = with_proof(
        signed,
        sd.DerivedProof(
            proof.base_signature,
            proof.proof_key,
            proof.signatures,
            proof.labels,
            (second, first, *rest),
        ),
    )
    verdict = verify(forged)
    assert verdict.status is Status.TAMPERED
    assert "not listed in order" in signature(verdict).detail


def test_a_label_map_that_misses_a_blank_node_is_tampered() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    proof = proof_of(signed)
    assert proof.labels, "the sample has blank nodes (criteria)"
    labels = dict(proof.labels)
    labels.popitem()
    verdict = verify(
        with_proof(
            signed,
            sd.DerivedProof(
                proof.base_signature,
                proof.proof_key,
                proof.signatures,
                labels,
                proof.mandatory_indexes,
            ),
        )
    )
    assert verdict.status is Status.TAMPERED
    assert "label map does not name" in signature(verdict).detail


def test_a_label_map_naming_two_nodes_alike_is_tampered() -> None:
    doc = ob3_credential(ISSUER.did)
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "A", "targetUrl": "https://a.example/"}
    ]
    signed = ISSUER.sign(doc)
    proof = proof_of(signed)
    assert len(proof.labels) >= 2
    first = next(iter(proof.labels.values()))
    labels = {n: first for n in proof.labels}
    verdict = verify(
        with_proof(
            signed,
            sd.DerivedProof(
                proof.base_signature,
                proof.proof_key,
                proof.signatures,
                labels,
                proof.mandatory_indexes,
            ),
        )
    )
    assert verdict.status is Status.TAMPERED
    assert "same name" in signature(verdict).detail


def test_an_ecdsa_sd_proof_beside_an_eddsa_proof_reports_both() -> None:
    from verify_di_support import Issuer

    alice = Issuer(0x5A)
    doc = ob3_credential(ISSUER.did)
    signed = ISSUER.sign(alice.sign(doc))
    verdict = verify(signed)
    assert verdict.facts["proofs"] == "eddsa-rdfc-2022,ecdsa-sd-2023"
    outcomes = [c.outcome for c in verdict.checks if c.name == "signature"]
    assert outcomes == [Outcome.PASSED, Outcome.PASSED]


# --- malformed proof values --------------------------------------------------------------------


def _cbor(*components: Any) -> bytes:
    return sd.DERIVED_HEADER + cbor2.dumps(list(components))


def _good_components() -> list[Any]:
    proof = proof_of(load(DERIVED))
    return [
        proof.base_signature,
        proof.proof_key,
        list(proof.signatures),
        dict(proof.labels),
        list(proof.mandatory_indexes),
    ]


def _replaced(index: int, value: Any) -> bytes:
    components = _good_components()
    components[index] = value
    return _cbor(*components)


MALFORMED = {
    "not u": ("z" + "1" * 40, "starting with 'u'"),
    "bad base64url": ("u2V0B!!", "not valid base64url"),
    "unknown header": (
        "u" + base64.urlsafe_b64encode(b"\xd9\x5d\x02\x80").decode().rstrip("="),
        "header",
    ),
    "truncated": (None, "ends early"),
    "bytes left over": (None, "bytes follow"),
    "four components": (None, "five components"),
    "short base signature": (None, "has 63 bytes"),
    "wrong key header": (None, "not a P-256 Multikey"),
    "not a point": (None, "not a point on P-256"),
    "text for bytes": (None, "is text, not bytes"),
    "negative index": (None, "is a negative integer"),
    "a tag": (None, "is a tag"),
    "indefinite array": (None, "indefinite"),
    "label twice": (None, "twice"),
}


def _malformed_raw(case: str) -> bytes:
    good = _cbor(*_good_components())
    if case == "truncated":
        return good[:-5]
    if case == "bytes left over":
        return good + b"\x00"
    if case == "four components":
        return _cbor(*_good_components()[:4])
    if case == "short base signature":
        return _replaced(0, b"\x01" * 63)
    if case == "wrong key header":
        return _replaced(1, b"\x81\x24" + _good_components()[1][2:])
    if case == "not a point":
        return _replaced(1, b"\x80\x24\x02" + b"\xff" * 32)
    if case == "text for bytes":
        return _replaced(0, "x" * 64)
    if case == "negative index":
        return _replaced(4, [-1])
    if case == "a tag":
        return _replaced(0, cbor2.CBORTag(2, b"\x01" * 64))
    if case == "indefinite array":
        return sd.DERIVED_HEADER + b"\x9f\xff"
    if case == "label twice":
        # a map with the key 0 twice (cbor2 would keep only the last)
        label = b"\x58\x20" + b"\x07" * 32
        components = _good_components()
        head = cbor2.dumps(components[:3])[1:]  # the first three items without the array head
        tail = cbor2.dumps(components[4])
        return sd.DERIVED_HEADER + b"\x85" + head + b"\xa2\x00" + label + b"\x00" + label + tail
    raise AssertionError(case)


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_broken_proof_value_is_malformed(case: str) -> None:
    text, phrase = MALFORMED[case]
    doc = load(DERIVED)
    if text is None:
        doc = with_value(doc, _malformed_raw(case))
    else:
        doc["proof"]["proofValue"] = text
    with pytest.raises(sd.SdProofError) as caught:
        sd.parse_proof_value(doc["proof"]["proofValue"])
    assert caught.value.outcome == "malformed"
    assert phrase in caught.value.reason
    verdict = verify(doc)
    assert verdict.status is Status.MALFORMED
    assert signature(verdict).outcome is Outcome.FAILED


def test_tag_64_around_bytes_is_read_as_the_bytes() -> None:
    """Early implementations wrote byte strings as CBOR typed arrays (tag 64)."""
    components = _good_components()
    components[0] = cbor2.CBORTag(64, components[0])
    doc = with_value(load(DERIVED), _cbor(*components))
    verdict = verify(doc, issuer_document(W3C_ISSUER, W3C_VM))
    assert verdict.status is Status.VERIFIED


# --- bounded work ------------------------------------------------------------------------------


def _many_signatures(count: int) -> bytes:
    components = _good_components()
    components[2] = [b"\x01" * 64] * count
    return _cbor(*components)


def test_a_hundred_thousand_signatures_are_refused_before_any_is_read() -> None:
    raw = _many_signatures(100_000)
    value = "u" + base64.urlsafe_b64encode(raw).decode().rstrip("=")
    started = time.process_time()
    with pytest.raises(WorkLimitExceeded, match="100,000 signatures"):
        sd.parse_proof_value(value)
    verdict = verify(with_value(load(DERIVED), raw))  # 8.9 MB: refused as too large first
    assert verdict.status is Status.MALFORMED
    assert time.process_time() - started < 1.5


def test_more_signatures_than_any_credential_needs_are_too_complex() -> None:
    doc = with_value(load(DERIVED), _many_signatures(sd.MAX_STATEMENTS + 1))
    started = time.process_time()
    verdict = verify(doc)
    assert time.process_time() - started < 1.5
    assert verdict.status is Status.MALFORMED
    assert "too complex" in signature(verdict).detail.lower()


def test_a_huge_label_map_is_too_complex() -> None:
    components = _good_components()
    components[3] = {n: bytes([n % 256]) * 32 for n in range(sd.MAX_LABELS + 1)}
    verdict = verify(with_value(load(DERIVED), _cbor(*components)))
    assert verdict.status is Status.MALFORMED
    assert "blank node labels" in signature(verdict).detail
