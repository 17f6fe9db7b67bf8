"""VC-JWT verification: the 1EdTech baked SVG, our own tokens, keys, claims, dates, hostiles."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from verify_jose_support import (
    NOW,
    b64u,
    b64u_json,
    doc,
    ec_jwk,
    ed_jwk,
    ed_raw,
    memory,
    rsa_jwk,
    rsa_key,
    sign_compact,
    svg_vcjwt,
)

from portfolio_app.verify.didkey import did_key_from_ed25519
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.vcjwt import verify_vc_jwt
from portfolio_app.verify.verdict import Outcome, Status, Verdict

ISSUER_KEY = ed25519.Ed25519PrivateKey.generate()
ISSUER_DID = did_key_from_ed25519(ed_raw(ISSUER_KEY))
RSA = rsa_key()


def checks(verdict: Verdict) -> dict[str, Outcome]:
    return {c.name: c.outcome for c in verdict.checks}


def credential(issuer: str = ISSUER_DID, **extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:7f0c5e4e-1111-4a4a-9d9d-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Test College"},
        "validFrom": "2026-01-15T09:30:00Z",
        "name": "Welding Basics",
        "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
                              "achievement": {"id": "urn:uuid:a1", "type": ["Achievement"],
                                              "name": "Welding Basics"}},
        **extra,
    }


def with_claims(cred: dict[str, Any], **claims: Any) -> dict[str, Any]:
    base = {"iss": cred["issuer"]["id"], "jti": cred["id"], "sub": "did:example:learner",
            "nbf": int(datetime(2026, 1, 15, 9, 30, tzinfo=UTC).timestamp())}
    base.update(claims)
    return {**cred, **{k: v for k, v in base.items() if v is not None}}


def test_1edtech_baked_svg_vcjwt_verifies_with_header_jwk() -> None:
    verdict = verify_vc_jwt(svg_vcjwt(), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    got = checks(verdict)
    assert got["signature"] is Outcome.PASSED
    assert got["claims"] is Outcome.PASSED  # aud but no sub: only reported
    assert "sub" in next(c.detail for c in verdict.checks if c.name == "claims")
    assert verdict.facts["key"] == "self-asserted (header jwk)"


def test_1edtech_svg_with_one_flipped_payload_character_is_tampered() -> None:
    header, payload, sig = svg_vcjwt().split(".")
    flipped = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    verdict = verify_vc_jwt(f"{header}.{flipped}.{sig}", docs=EmptySource(), now=NOW)
    assert verdict.status in (Status.TAMPERED, Status.MALFORMED)


def test_eddsa_did_key_kid_verifies_offline() -> None:
    token = sign_compact({"alg": "EdDSA", "kid": f"{ISSUER_DID}#{ISSUER_DID[8:]}"},
                         with_claims(credential()), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    assert verdict.limits == ("revocation not checked (no status entry)",)


def test_vc11_style_vc_claim_verifies_and_takes_dates_from_claims() -> None:
    cred = credential()
    for key in ("id", "issuer", "validFrom"):
        cred.pop(key)
    cred["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    claims = {"vc": cred, "iss": ISSUER_DID, "jti": "urn:uuid:x", "sub": "did:example:learner",
              "nbf": 1700000000, "exp": 1750000000}
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID}, claims, ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.EXPIRED  # exp 2025-06-15
    assert checks(verdict)["signature"] is Outcome.PASSED


def test_es256_header_jwk_verifies() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    cred = credential(issuer="https://college.example/issuer")
    token = sign_compact({"alg": "ES256", "jwk": ec_jwk(private)}, with_claims(cred), private)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.VERIFIED


def test_changed_payload_is_tampered() -> None:
    token = sign_compact({"alg": "RS256", "jwk": rsa_jwk(RSA)},
                         with_claims(credential(issuer="https://college.example/i")), RSA)
    header, _payload, sig = token.split(".")
    forged = with_claims(credential(issuer="https://college.example/i"), name="Brain Surgery")
    forged["name"] = "Brain Surgery"
    verdict = verify_vc_jwt(f"{header}.{b64u_json(forged)}.{sig}", docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert checks(verdict)["signature"] is Outcome.FAILED


def test_claim_contradicting_the_credential_is_tampered_missing_claim_is_not() -> None:
    cred = credential()
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         with_claims(cred, iss="did:example:someone-else"), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    claims_check = next(c for c in verdict.checks if c.name == "claims")
    assert claims_check.outcome is Outcome.FAILED and "iss" in claims_check.detail

    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         with_claims(cred, sub=None, jti=None), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
    assert "jti" in next(c.detail for c in verdict.checks if c.name == "claims")


def test_nbf_disagreeing_with_valid_from_is_reported() -> None:
    cred = credential()
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         with_claims(cred, nbf=1600000000), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert "nbf" in verdict.summary


def test_not_yet_valid_and_expired() -> None:
    cred = credential(validFrom="2030-01-01T00:00:00Z")
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID}, with_claims(cred, nbf=None),
                         ISSUER_KEY)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.NOT_YET_VALID
    cred = credential(validUntil="2026-02-01T00:00:00Z")
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID}, with_claims(cred), ISSUER_KEY)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.EXPIRED


def test_kid_of_another_did_key_than_the_issuer_is_tampered() -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    other_did = did_key_from_ed25519(ed_raw(other))
    token = sign_compact({"alg": "EdDSA", "kid": other_did}, with_claims(credential()), other)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert checks(verdict)["issuer_key"] is Outcome.FAILED


def test_header_jwk_must_be_the_issuers_did_key_when_the_issuer_is_one() -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    token = sign_compact({"alg": "EdDSA", "jwk": ed_jwk(other)}, with_claims(credential()), other)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.TAMPERED
    token = sign_compact({"alg": "EdDSA", "jwk": ed_jwk(ISSUER_KEY)}, with_claims(credential()),
                         ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["key"] == "issuer did:key (header jwk)"


DID_WEB = "did:web:college.example"
DID_DOC_URL = "https://college.example/.well-known/did.json"


def did_document(jwk: dict[str, str], *, listed: bool = True) -> dict[str, Any]:
    method = {"id": f"{DID_WEB}#key-1", "type": "JsonWebKey2020", "controller": DID_WEB,
              "publicKeyJwk": jwk}
    document: dict[str, Any] = {"id": DID_WEB, "verificationMethod": [method]}
    document["assertionMethod"] = ["#key-1"] if listed else []
    return document


def test_did_web_kid_needs_the_cache() -> None:
    token = sign_compact({"alg": "RS256", "kid": f"{DID_WEB}#key-1"},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "issuer key not cached; needs a network check" in verdict.summary

    cached = memory(doc(DID_DOC_URL, did_document(rsa_jwk(RSA))))
    verdict = verify_vc_jwt(token, docs=cached, now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    key_check = next(c for c in verdict.checks if c.name == "issuer_key")
    assert key_check.as_of is not None


def test_did_web_key_not_in_assertion_method_is_refused() -> None:
    token = sign_compact({"alg": "RS256", "kid": f"{DID_WEB}#key-1"},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    cached = memory(doc(DID_DOC_URL, did_document(rsa_jwk(RSA), listed=False)))
    verdict = verify_vc_jwt(token, docs=cached, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert "assertionMethod" in verdict.summary


def test_https_kid_from_a_cached_jwk() -> None:
    url = "https://college.example/keys/1.json"
    cred = credential(issuer="https://college.example/issuer")
    token = sign_compact({"alg": "RS256", "kid": url}, with_claims(cred), RSA)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.UNVERIFIABLE
    verdict = verify_vc_jwt(token, docs=memory(doc(url, rsa_jwk(RSA))), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary


def test_key_named_only_by_jku_is_never_used() -> None:
    token = sign_compact({"alg": "RS256", "jku": "https://evil.example/jwks"},
                         with_claims(credential(issuer="https://x.example")), RSA)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNSUPPORTED
    assert "jku" in verdict.summary


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"alg": "none"}, Status.UNSUPPORTED),
        ({"alg": "HS256"}, Status.UNSUPPORTED),
        ({"alg": "RS256", "jwk": {**rsa_jwk(RSA), "d": "AAAA"}}, Status.MALFORMED),
        ({"alg": "RS256", "crit": ["foo"], "foo": 1}, Status.UNSUPPORTED),
        ({"alg": "PS256"}, Status.UNSUPPORTED),
    ],
)
def test_hostile_headers(header: dict[str, Any], expected: Status) -> None:
    token = sign_compact(header, with_claims(credential()), RSA)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is expected
    assert verdict.summary


def test_hostile_payloads_are_malformed_quickly() -> None:
    header = b64u_json({"alg": "EdDSA", "kid": ISSUER_DID})
    deep = b64u(("[" * 10_000 + "]" * 10_000).encode())
    for payload in (deep, "!!!", b64u(b"\xff\xfe"), b64u_json([1]), b64u_json({"a": 1})):
        started = time.perf_counter()
        verdict = verify_vc_jwt(f"{header}.{payload}.{b64u(b'x' * 64)}", docs=EmptySource(),
                                now=NOW)
        assert verdict.status is Status.MALFORMED, payload[:20]
        assert verdict.summary
        assert time.perf_counter() - started < 1.0


def test_rsa_header_jwk_cannot_stand_in_for_a_did_key_issuer() -> None:
    token = sign_compact({"alg": "RS256", "jwk": rsa_jwk(RSA)}, with_claims(credential()), RSA)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.TAMPERED


def test_https_kid_on_another_origin_than_the_issuer_is_refused() -> None:
    url = "https://attacker.example/keys/1.json"
    cred = credential(issuer="https://college.example/issuer")
    token = sign_compact({"alg": "RS256", "kid": url}, with_claims(cred), RSA)
    verdict = verify_vc_jwt(token, docs=memory(doc(url, rsa_jwk(RSA))), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert "origin" in verdict.summary


# -- JWTs whose payload also carries Linked-Data proofs, and status lists ----------------------

from verify_di_support import (  # noqa: E402 - grouped with the tests that use them
    STATUS_URL,
    Issuer,
    ob3_credential,
    source_with,
    status_entry,
    status_list_credential,
)

LD_ISSUER = Issuer(7)
LD_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(LD_ISSUER.seed)


def ld_jwt(document: dict[str, Any]) -> str:
    return sign_compact({"alg": "EdDSA", "kid": LD_ISSUER.vm},
                        {**document, "iss": LD_ISSUER.did, "jti": document["id"]}, LD_KEY)


def test_embedded_linked_data_proof_inside_the_jwt_is_checked_too() -> None:
    signed = LD_ISSUER.sign(ob3_credential(LD_ISSUER.did))
    verdict = verify_vc_jwt(ld_jwt(signed), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    assert checks(verdict)["embedded_proof"] is Outcome.PASSED

    broken = {**signed, "proof": {**signed["proof"], "proofValue": "z" + "1" * 80}}
    verdict = verify_vc_jwt(ld_jwt(broken), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED  # JWS fine, embedded proof fails
    assert checks(verdict)["signature"] is Outcome.PASSED
    assert checks(verdict)["embedded_proof"] is Outcome.FAILED


def test_status_list_revocation_applies_to_vc_jwt() -> None:
    document = ob3_credential(LD_ISSUER.did, credentialStatus=status_entry(5))
    status_list = status_list_credential(LD_ISSUER, {5})
    verdict = verify_vc_jwt(ld_jwt(document), docs=source_with((STATUS_URL, status_list)),
                            now=NOW)
    assert verdict.status is Status.REVOKED, verdict.summary
    verdict = verify_vc_jwt(ld_jwt(document), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
    assert checks(verdict)["status"] is Outcome.NOT_CHECKED
