"""VC-JWT refusal branches: every way a token is turned away has a test that names its reason."""

from __future__ import annotations

from typing import Any

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from verify_jose_support import NOW, b64u, b64u_json, doc, ed_jwk, ed_raw, memory, sign_compact

from portfolio_app.verify import jws
from portfolio_app.verify.didkey import did_key_from_ed25519
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.vcjwt import did_key_public_key, verify_vc_jwt
from portfolio_app.verify.verdict import Outcome, Status, Verdict

KEY = ed25519.Ed25519PrivateKey.generate()
DID = did_key_from_ed25519(ed_raw(KEY))


def outcomes(verdict: Verdict) -> dict[str, Outcome]:
    return {c.name: c.outcome for c in verdict.checks}


def detail(verdict: Verdict, name: str) -> str:
    return next(c.detail for c in verdict.checks if c.name == name)


def vc(**extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:11111111-2222-4333-8444-555555555555",
        "type": ["VerifiableCredential"],
        "issuer": DID,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ada"},
        **extra,
    }


def token(payload: Any, header: dict[str, Any] | None = None) -> str:
    return sign_compact(header or {"alg": "EdDSA", "kid": DID}, payload, KEY)


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        ({"vc": "not an object", "iss": DID}, "'vc' claim is not a JSON object"),
        ({**vc(), "type": ["OpenBadgeCredential"]}, "no 'VerifiableCredential' type"),
        ({**vc(), "credentialSubject": "did:example:learner"}, "no credentialSubject"),
        ({**vc(), "issuer": 42}, "issuer has no id"),
    ],
)
def test_payloads_that_are_not_a_credential_are_malformed(payload: Any, phrase: str) -> None:
    verdict = verify_vc_jwt(token(payload), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert outcomes(verdict) == {"format": Outcome.FAILED}
    assert phrase in detail(verdict, "format")


@pytest.mark.parametrize(
    ("header", "status", "phrase"),
    [
        ({"alg": "EdDSA"}, Status.MALFORMED, "names no key"),
        ({"alg": "EdDSA", "x5c": ["MIIB"]}, Status.UNSUPPORTED, "x5c"),
        ({"alg": "EdDSA", "x5u": "https://evil.example/c.pem"}, Status.UNSUPPORTED, "never used"),
        ({"alg": "EdDSA", "kid": "did:web:evil.example:..:x#k"}, Status.UNVERIFIABLE, None),
        ({"alg": "EdDSA", "kid": "did:key:zNotBase58!!"}, Status.MALFORMED, "did:key"),
    ],
)
def test_key_refusals(header: dict[str, Any], status: Status, phrase: str | None) -> None:
    verdict = verify_vc_jwt(token(vc(), header), docs=EmptySource(), now=NOW)
    assert verdict.status is status
    assert outcomes(verdict)["issuer_key"] in (Outcome.FAILED, Outcome.NOT_CHECKED)
    if phrase:
        assert phrase in detail(verdict, "issuer_key")


def test_a_did_web_issuer_with_an_invalid_did_is_malformed() -> None:
    issuer = "did:web:college.example:..:x"
    verdict = verify_vc_jwt(token(vc(issuer=issuer), {"alg": "EdDSA", "kid": "#key-1"}),
                            docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "did:web path" in detail(verdict, "issuer_key")


def test_a_relative_kid_is_read_against_the_issuer_did() -> None:
    verdict = verify_vc_jwt(token(vc(), {"alg": "EdDSA", "kid": "#" + DID[8:]}),
                            docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary


@pytest.mark.parametrize(
    ("claims", "phrase"),
    [
        ({"sub": "did:example:mallory"}, "sub"),
        ({"jti": "urn:uuid:another"}, "jti"),
        ({"iss": "did:example:other"}, "iss"),
    ],
)
def test_a_claim_contradicting_the_credential_makes_it_tampered(
    claims: dict[str, Any], phrase: str
) -> None:
    verdict = verify_vc_jwt(token({**vc(), **claims}), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcomes(verdict)["signature"] is Outcome.PASSED
    assert outcomes(verdict)["claims"] is Outcome.FAILED
    assert phrase in detail(verdict, "claims")


def test_dates_out_of_order_are_malformed() -> None:
    payload = vc(validFrom="2026-05-01T00:00:00Z", validUntil="2026-04-01T00:00:00Z")
    verdict = verify_vc_jwt(token(payload), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert outcomes(verdict)["dates"] is Outcome.FAILED


def test_a_wrong_key_type_for_the_algorithm_is_unsupported() -> None:
    header = b64u_json({"alg": "ES256", "kid": DID})
    payload = b64u_json(vc())
    verdict = verify_vc_jwt(f"{header}.{payload}.{b64u(bytes(64))}", docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNSUPPORTED
    assert outcomes(verdict)["signature"] is Outcome.FAILED


def test_a_broken_issuer_document_in_the_cache_is_unverifiable_not_malformed() -> None:
    issuer = "https://college.example/issuer"
    verdict = verify_vc_jwt(
        token(vc(issuer=issuer), {"alg": "EdDSA", "kid": issuer + "#key-1"}),
        docs=memory(doc(issuer, b"{not json")), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "needs a network check" in detail(verdict, "issuer_key")


def test_an_embedded_proof_that_cannot_be_checked_leaves_it_unverifiable() -> None:
    proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
             "verificationMethod": "https://college.example/issuer#key-1",
             "proofPurpose": "assertionMethod", "proofValue": "z" + "1" * 80}
    verdict = verify_vc_jwt(token(vc(proof=proof)), docs=EmptySource(), now=NOW)
    assert verdict.status is not Status.VERIFIED
    assert outcomes(verdict)["signature"] is Outcome.PASSED
    assert outcomes(verdict)["embedded_proof"] in (Outcome.NOT_CHECKED, Outcome.FAILED)


@pytest.mark.parametrize("iss", ["", 42, ["did:example:a"]])
def test_an_unusable_iss_without_a_credential_issuer_is_malformed(iss: Any) -> None:
    payload = {k: v for k, v in vc().items() if k != "issuer"} | {"iss": iss}
    verdict = verify_vc_jwt(token(payload), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "names no issuer" in detail(verdict, "format")


def test_an_empty_kid_falls_back_to_the_header_jwk() -> None:
    verdict = verify_vc_jwt(token(vc(), {"alg": "EdDSA", "kid": "", "jwk": ed_jwk(KEY)}),
                            docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary


def test_an_https_kid_for_a_did_key_issuer_is_not_even_fetched() -> None:
    kid = "https://college.example/keys/1.json"
    verdict = verify_vc_jwt(token(vc(), {"alg": "EdDSA", "kid": kid}),
                            docs=memory(doc(kid, ed_jwk(KEY))), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcomes(verdict)["signature"] is Outcome.NOT_CHECKED
    assert "cannot be resolved to the issuer" in detail(verdict, "issuer_key")


def test_a_key_document_without_an_id_still_tells_intact_from_tampered() -> None:
    issuer = "https://college.example/issuer"
    kid = "https://college.example/keys#k1"
    key_doc = {"verificationMethod": [{"id": "#k1", "type": "JsonWebKey",
                                       "publicKeyJwk": ed_jwk(KEY)}]}
    verdict = verify_vc_jwt(token(vc(issuer=issuer), {"alg": "EdDSA", "kid": kid}),
                            docs=memory(doc("https://college.example/keys", key_doc)), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcomes(verdict)["signature"] is Outcome.PASSED


def test_an_es256_token_from_a_p256_did_key_verifies() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    point = private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    did = "did:key:z" + base58.b58encode(b"\x80\x24" + point).decode()
    signed = sign_compact({"alg": "ES256", "kid": did}, vc(issuer=did), private)
    assert verify_vc_jwt(signed, docs=EmptySource(), now=NOW).status is Status.VERIFIED


@pytest.mark.parametrize("raw", [b"\xed\x01" + bytes(33), b"\x80\x24" + bytes(34),
                                 b"\xe7\x01" + bytes(33)])
def test_a_did_key_of_the_wrong_length_or_kind_is_unsupported(raw: bytes) -> None:
    with pytest.raises(jws.JwsUnsupported, match="not an Ed25519 or P-256 key"):
        did_key_public_key("did:key:z" + base58.b58encode(raw).decode())


def test_a_missing_nbf_is_reported_a_missing_exp_is_not() -> None:
    verdict = verify_vc_jwt(token(vc()), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
    reported = detail(verdict, "claims")
    assert "nbf" in reported and "exp" not in reported


def test_an_unchecked_signature_says_why() -> None:
    verdict = verify_vc_jwt(token(vc(), {"alg": "EdDSA", "kid": "urn:uuid:k"}),
                            docs=EmptySource(), now=NOW)
    assert detail(verdict, "signature").startswith("the signature was not checked: ")
    assert "cannot be resolved" in detail(verdict, "signature")
