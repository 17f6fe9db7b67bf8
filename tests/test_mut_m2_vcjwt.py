"""VC-JWT: claims, dates and issuer documents the older tests did not pin (``make mutation``).

Tokens are signed here with keys made here.  The issuer's own document (https) is cached in
memory; a key reaches ``verified`` only through it.
"""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from verify_di_support import NOW as DI_NOW
from verify_di_support import Issuer, ob3_credential
from verify_jose_support import (
    NOW,
    doc,
    ed_jwk,
    ed_raw,
    memory,
    pem,
    rsa_jwk,
    rsa_key,
    sign_compact,
)

from portfolio_app.verify.didkey import did_key_from_ed25519, ed25519_multibase
from portfolio_app.verify.documents import EmptySource, MemorySource
from portfolio_app.verify.vcjwt import verify_vc_jwt
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

KEY = ed25519.Ed25519PrivateKey.generate()
DID = did_key_from_ed25519(ed_raw(KEY))
ISSUER = "https://college.example/issuer"
KID = ISSUER + "#key-1"
KEY_DOC = "https://college.example/keys/1"


def _vc(issuer: str = DID, **extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0b0e2c1a-3d4f-4a5b-8c6d-7e8f9a0b1c2d",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ada"},
        **extra,
    }


def _verify(payload: Any, header: dict[str, Any] | None = None, docs: Any = None) -> Verdict:
    token = sign_compact(header or {"alg": "EdDSA", "kid": DID}, payload, KEY)
    return verify_vc_jwt(token, docs=docs or EmptySource(), now=NOW)


def _check(verdict: Verdict, name: str) -> Check:
    found = [c for c in verdict.checks if c.name == name]
    assert len(found) == 1, [c.name for c in verdict.checks]
    return found[0]


def test_a_did_key_token_verifies_and_names_its_issuer() -> None:
    verdict = _verify(_vc())
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["issuer"] == DID


def test_a_vc_1_1_token_carries_its_credential_in_the_vc_claim() -> None:
    verdict = _verify({"iss": DID, "vc": _vc()})
    assert verdict.status is Status.VERIFIED
    assert "VC 1.1" in _check(verdict, "format").detail


@pytest.mark.parametrize(
    "claims",
    [{"iss": "did:example:someone-else"}, {"sub": "did:example:mallory"}],
    ids=["iss", "sub"],
)
def test_a_claim_contradicting_the_credential_is_tampered(claims: dict[str, Any]) -> None:
    verdict = _verify({**_vc(), **claims})
    assert verdict.status is Status.TAMPERED
    assert _check(verdict, "claims").outcome is Outcome.FAILED


def test_dates_in_claims_that_differ_from_the_credential_are_reported_to_the_second() -> None:
    payload = {
        **_vc(validUntil="2027-01-01T00:00:00Z"),
        "nbf": 1767225601,  # 2026-01-01T00:00:01Z: one second after validFrom
        "exp": 1798761600,  # 2027-01-01T00:00:00Z: the same as validUntil
    }
    detail = _check(_verify(payload), "claims").detail
    assert "nbf 2026-01-01T00:00:01Z differs from validFrom" in detail
    assert "exp" not in detail
    payload["exp"] = 1798761599
    detail = _check(_verify(payload), "claims").detail
    assert "exp 2026-12-31T23:59:59Z differs from validUntil" in detail


def test_a_missing_nbf_is_named_among_the_claims_not_in_the_token() -> None:
    detail = _check(_verify(_vc()), "claims").detail
    assert "not in the token:" in detail and "nbf" in detail


def test_an_embedded_proof_is_checked_on_the_credential_without_the_jwt_claims() -> None:
    issuer = Issuer(71)
    signed = issuer.sign(ob3_credential(issuer.did))
    # The JWT claims ride along in the payload; the embedded Data Integrity proof never
    # covered them, so they are left out when it is checked.
    payload = {**signed, "iss": issuer.did, "exp": 1830000000, "nbf": 1767225600}
    key = ed25519.Ed25519PrivateKey.from_private_bytes(issuer.seed)
    token = sign_compact({"alg": "EdDSA", "kid": issuer.vm}, payload, key)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=DI_NOW)
    assert _check(verdict, "embedded_proof").outcome is Outcome.PASSED
    assert verdict.status is Status.VERIFIED


def test_an_embedded_proof_that_cannot_be_checked_is_a_named_not_checked_step() -> None:
    # The embedded proof names a key no one can resolve offline: the token's own signature
    # is fine, but the credential is not "verified" on the strength of it.
    signed = Issuer(72).sign(ob3_credential(DID), vm="urn:uuid:5e1f-unresolvable")
    verdict = verify_vc_jwt(
        sign_compact({"alg": "EdDSA", "kid": DID}, signed, KEY), docs=EmptySource(), now=DI_NOW
    )
    assert _check(verdict, "signature").outcome is Outcome.PASSED
    assert _check(verdict, "embedded_proof").outcome is Outcome.NOT_CHECKED
    assert verdict.status is Status.UNVERIFIABLE


# --- a header jwk and the issuer's own document --------------------------------------------


def _issuer_doc(*methods: Any, **extra: Any) -> MemorySource:
    body = {"id": ISSUER, "assertionMethod": list(methods), **extra}
    return memory(doc(ISSUER, body))


def test_a_header_jwk_embedded_in_the_issuers_assertion_method_is_bound() -> None:
    docs = _issuer_doc({"id": "#key-1", "publicKeyJwk": ed_jwk(KEY)})
    verdict = _verify(_vc(ISSUER), {"alg": "EdDSA", "jwk": ed_jwk(KEY)}, docs)
    assert verdict.status is Status.VERIFIED
    assert _check(verdict, "issuer_key").outcome is Outcome.PASSED


@pytest.mark.parametrize(
    ("issuer", "docs"),
    [
        ("did:web:", EmptySource()),
        ("did:example:college", EmptySource()),
        (ISSUER, memory(doc(ISSUER, b"<html>"))),
    ],
    ids=["bad-did-web", "unresolvable-issuer", "issuer-document-not-json"],
)
def test_a_header_jwk_with_no_readable_issuer_document_is_unbound(issuer: str, docs: Any) -> None:
    verdict = _verify(_vc(issuer), {"alg": "EdDSA", "jwk": ed_jwk(KEY)}, docs)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "issuer_key").outcome is Outcome.NOT_CHECKED
    assert _check(verdict, "signature").outcome is Outcome.PASSED


# --- an https kid, bound only by the issuer's own document -----------------------------------


def test_a_kid_embedded_in_the_issuers_assertion_method_with_only_its_key_is_bound() -> None:
    docs = _issuer_doc({"id": KID, "publicKeyJwk": ed_jwk(KEY)})
    verdict = _verify(_vc(ISSUER), {"alg": "EdDSA", "kid": KID}, docs)
    assert verdict.status is Status.VERIFIED


@pytest.mark.parametrize(
    "method",
    [
        {"id": KID, "type": "Multikey", "publicKeyMultibase": ed25519_multibase(ed_raw(KEY))},
        {"id": KID, "type": "JsonWebKey", "publicKeyJwk": ed_jwk(KEY)},
    ],
    ids=["multibase", "jwk"],
)
def test_each_key_form_the_issuers_document_lists_is_read(method: dict[str, Any]) -> None:
    docs = _issuer_doc("#key-1", verificationMethod=[method])
    assert _verify(_vc(ISSUER), {"alg": "EdDSA", "kid": KID}, docs).status is Status.VERIFIED


def test_an_rsa_key_listed_as_pem_by_the_issuers_document_is_read() -> None:
    rsa = rsa_key()
    method = {"id": KID, "type": "RsaVerificationKey2018", "publicKeyPem": pem(rsa)}
    docs = _issuer_doc("#key-1", verificationMethod=[method])
    token = sign_compact({"alg": "RS256", "kid": KID}, _vc(ISSUER), rsa)
    assert verify_vc_jwt(token, docs=docs, now=NOW).status is Status.VERIFIED


def _listed_by_reference(kid: str) -> MemorySource:
    return memory(doc(ISSUER, {"id": ISSUER, "assertionMethod": [kid]}))


@pytest.mark.parametrize(
    "key_document",
    [
        {"keys": [{**ed_jwk(KEY), "kid": "key-1"}]},
        {"keys": [{**ed_jwk(KEY), "kid": KEY_DOC + "#key-1"}]},
        {"id": KEY_DOC, "publicKeyMultibase": "z" + ed25519_multibase(ed_raw(KEY))[1:]},
    ],
    ids=["jwk-set-by-fragment", "jwk-set-by-id", "multibase"],
)
def test_a_key_listed_by_reference_is_read_from_its_own_cached_document(
    key_document: dict[str, Any],
) -> None:
    kid = KEY_DOC + "#key-1"
    docs = memory(doc(ISSUER, {"id": ISSUER, "assertionMethod": [kid]}), doc(KEY_DOC, key_document))
    verdict = _verify(_vc(ISSUER), {"alg": "EdDSA", "kid": kid}, docs)
    assert verdict.status is Status.VERIFIED


def test_a_key_set_without_the_named_key_gives_no_key_even_beside_other_key_fields() -> None:
    kid = KEY_DOC + "#key-1"
    other = {"keys": [{**ed_jwk(KEY), "kid": "key-2"}], "publicKeyJwk": ed_jwk(KEY)}
    docs = memory(doc(ISSUER, {"id": ISSUER, "assertionMethod": [kid]}), doc(KEY_DOC, other))
    verdict = _verify(_vc(ISSUER), {"alg": "EdDSA", "kid": kid}, docs)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "signature").outcome is Outcome.NOT_CHECKED


def test_a_key_document_naming_another_id_does_not_supply_the_key() -> None:
    kid = KEY_DOC + "#key-1"
    method = {"id": "#key-1", "publicKeyJwk": ed_jwk(KEY)}
    other = {"id": "https://elsewhere.example/keys", "verificationMethod": [method]}
    docs = memory(doc(ISSUER, {"id": ISSUER, "assertionMethod": [kid]}), doc(KEY_DOC, other))
    verdict = _verify(_vc(ISSUER), {"alg": "EdDSA", "kid": kid}, docs)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "signature").outcome is Outcome.NOT_CHECKED


def test_a_header_rsa_jwk_for_a_did_key_issuer_is_not_its_key() -> None:
    rsa = rsa_key()
    token = sign_compact({"alg": "RS256", "jwk": rsa_jwk(rsa)}, _vc(), rsa)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "issuer_key").outcome is Outcome.FAILED
