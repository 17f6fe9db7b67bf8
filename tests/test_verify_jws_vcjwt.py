"""VC-JWT verification: the 1EdTech baked SVG, our own tokens, keys, claims, dates, hostiles."""

from __future__ import annotations

import json
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
from portfolio_app.verify.jws import b64url_decode
from portfolio_app.verify.vcjwt import verify_vc_jwt
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

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


def key_check(verdict: Verdict) -> Check:
    return next(c for c in verdict.checks if c.name == "issuer_key")


def test_1edtech_baked_svg_vcjwt_is_intact_but_its_header_jwk_binds_nothing() -> None:
    # The key travels in the token header and the issuer is an https URL: the signature shows
    # the token is intact, but only the issuer's own document could say the key is theirs.
    verdict = verify_vc_jwt(svg_vcjwt(), docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    got = checks(verdict)
    assert got["signature"] is Outcome.PASSED
    assert got["issuer_key"] is Outcome.NOT_CHECKED
    detail = key_check(verdict).detail
    assert detail.startswith(
        "the signature is intact, but nothing ties the key in the token's header to issuer "
    )
    assert "needs the issuer's document" in detail
    assert got["claims"] is Outcome.PASSED  # aud but no sub: only reported
    assert "sub" in next(c.detail for c in verdict.checks if c.name == "claims")
    assert verdict.facts["key"] == "header jwk (not bound to the issuer)"


def flip_one_payload_byte(token: str, old: bytes, new: bytes) -> str:
    """Flip one byte of the *decoded* payload and re-encode it, so the JSON stays readable and
    the change can only be caught by the signature check."""
    header, payload, sig = token.split(".")
    raw = b64url_decode(payload)
    assert raw.count(old) >= 1
    at = raw.index(old)
    changed = raw[:at] + new + raw[at + len(new):]
    assert len(changed) == len(raw) and changed != raw
    return f"{header}.{b64u(changed)}.{sig}"


def test_1edtech_svg_with_one_flipped_payload_byte_fails_the_signature() -> None:
    token = flip_one_payload_byte(svg_vcjwt(), b"Teamwork", b"Teamwork".replace(b"T", b"D"))
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    got = checks(verdict)
    assert got["format"] is Outcome.PASSED  # the JSON still parses: it is the signature that fails
    assert got["signature"] is Outcome.FAILED


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


def test_es256_header_jwk_for_an_https_issuer_is_intact_but_unverifiable() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    cred = credential(issuer="https://college.example/issuer")
    token = sign_compact({"alg": "ES256", "jwk": ec_jwk(private)}, with_claims(cred), private)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.PASSED
    assert "https://college.example/issuer" in key_check(verdict).detail


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


def test_nbf_disagreeing_with_valid_from_is_reported_and_the_later_start_applies() -> None:
    cred = credential()
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         with_claims(cred, nbf=1600000000), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED  # both starts are in the past
    claims_detail = next(c.detail for c in verdict.checks if c.name == "claims")
    assert "nbf" in claims_detail and "the stricter date applies" in claims_detail


EARLY = "2026-06-01T00:00:00Z"  # before NOW (2026-11-28)
LATE = "2027-06-01T00:00:00Z"  # after NOW


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


@pytest.mark.parametrize(("exp", "valid_until"), [(EARLY, LATE), (LATE, EARLY)])
def test_the_earlier_of_exp_and_valid_until_wins(exp: str, valid_until: str) -> None:
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         with_claims(credential(validUntil=valid_until), exp=ts(exp)), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.EXPIRED
    assert checks(verdict)["dates"] is Outcome.FAILED
    assert checks(verdict)["signature"] is Outcome.PASSED


@pytest.mark.parametrize(("nbf", "valid_from"), [(EARLY, LATE), (LATE, EARLY)])
def test_the_later_of_nbf_and_valid_from_wins(nbf: str, valid_from: str) -> None:
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         with_claims(credential(validFrom=valid_from), nbf=ts(nbf)), ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.NOT_YET_VALID
    assert checks(verdict)["dates"] is Outcome.FAILED


@pytest.mark.parametrize(
    ("field", "value"),
    [("exp", "soon"), ("nbf", True), ("validUntil", "31/12/2030"), ("validFrom", ""),
     ("expirationDate", "next year"), ("exp", 10**20)],
)
def test_an_unreadable_date_is_malformed_never_no_end_date(field: str, value: Any) -> None:
    cred = credential()
    claims = with_claims(cred)
    claims[field] = value
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID}, claims, ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert checks(verdict)["dates"] is Outcome.FAILED
    assert "unreadable date" in next(c.detail for c in verdict.checks if c.name == "dates")


def test_a_token_naming_no_issuer_is_refused_by_the_verifier_itself() -> None:
    cred = credential()
    del cred["issuer"]
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         {**cred, "jti": cred["id"], "sub": "did:example:learner"}, ISSUER_KEY)
    assert "iss" not in json.loads(b64url_decode(token.split(".")[1]))
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert checks(verdict) == {"format": Outcome.FAILED}
    assert "names no issuer" in verdict.checks[0].detail


def test_a_credential_issuer_without_an_id_is_refused_even_with_iss() -> None:
    cred = credential()
    cred["issuer"] = {"type": ["Profile"], "name": "Massachusetts Institute of Technology"}
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID},
                         {**cred, "iss": ISSUER_DID, "jti": cred["id"]}, ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "issuer has no id" in verdict.checks[0].detail


def test_not_yet_valid_and_expired() -> None:
    cred = credential(validFrom="2030-01-01T00:00:00Z")
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID}, with_claims(cred, nbf=None),
                         ISSUER_KEY)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.NOT_YET_VALID
    cred = credential(validUntil="2026-02-01T00:00:00Z")
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID}, with_claims(cred), ISSUER_KEY)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.EXPIRED


def test_kid_of_another_did_key_than_the_issuer_binds_nothing() -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    other_did = did_key_from_ed25519(ed_raw(other))
    token = sign_compact({"alg": "EdDSA", "kid": other_did}, with_claims(credential()), other)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.PASSED
    assert checks(verdict)["issuer_key"] is Outcome.FAILED
    assert f"nothing ties the key {other_did} to issuer {ISSUER_DID}" in key_check(verdict).detail


def test_header_jwk_binds_only_as_the_issuers_own_did_key() -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    token = sign_compact({"alg": "EdDSA", "jwk": ed_jwk(other)}, with_claims(credential()), other)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.PASSED
    assert key_check(verdict).detail.startswith(
        "the signature is intact, but nothing ties the key in the token's header to issuer "
        + ISSUER_DID
    )
    token = sign_compact({"alg": "EdDSA", "jwk": ed_jwk(ISSUER_KEY)}, with_claims(credential()),
                         ISSUER_KEY)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["key"] == "issuer did:key (header jwk)"


def test_header_jwk_with_a_changed_payload_is_still_tampered() -> None:
    token = sign_compact({"alg": "RS256", "jwk": rsa_jwk(RSA)},
                         with_claims(credential(issuer="https://college.example/i")), RSA)
    token = flip_one_payload_byte(token, b"Welding", b"M")
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert checks(verdict)["signature"] is Outcome.FAILED


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


def test_did_web_key_not_in_assertion_method_binds_nothing() -> None:
    token = sign_compact({"alg": "RS256", "kid": f"{DID_WEB}#key-1"},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    cached = memory(doc(DID_DOC_URL, did_document(rsa_jwk(RSA), listed=False)))
    verdict = verify_vc_jwt(token, docs=cached, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["issuer_key"] is Outcome.FAILED
    assert "assertionMethod" in key_check(verdict).detail
    assert checks(verdict)["signature"] is Outcome.PASSED  # intact, just not authorised


def test_did_web_kid_of_another_did_whose_document_claims_the_issuer_proves_nothing() -> None:
    # evil.example publishes a DID document saying its key is controlled by the college.
    evil = "did:web:evil.example"
    method = {"id": f"{evil}#key-1", "type": "JsonWebKey2020", "controller": DID_WEB,
              "publicKeyJwk": rsa_jwk(RSA)}
    evil_doc = {"id": evil, "controller": DID_WEB, "verificationMethod": [method],
                "assertionMethod": [f"{evil}#key-1"]}
    token = sign_compact({"alg": "RS256", "kid": f"{evil}#key-1"},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    cached = memory(doc("https://evil.example/.well-known/did.json", evil_doc))
    verdict = verify_vc_jwt(token, docs=cached, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["issuer_key"] is Outcome.FAILED


def test_did_web_document_cached_at_the_issuer_url_must_be_the_issuers_own() -> None:
    token = sign_compact({"alg": "RS256", "kid": f"{DID_WEB}#key-1"},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    document = did_document(rsa_jwk(RSA))
    document["id"] = "did:web:other.example"
    verdict = verify_vc_jwt(token, docs=memory(doc(DID_DOC_URL, document)), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "is not the issuer's own" in key_check(verdict).detail


def test_did_web_method_naming_another_controller_binds_nothing() -> None:
    token = sign_compact({"alg": "RS256", "kid": f"{DID_WEB}#key-1"},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    document = did_document(rsa_jwk(RSA))
    document["verificationMethod"][0]["controller"] = "did:web:evil.example"
    verdict = verify_vc_jwt(token, docs=memory(doc(DID_DOC_URL, document)), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "controlled by did:web:evil.example" in key_check(verdict).detail


HTTPS_ISSUER = "https://college.example/issuer"
HTTPS_KID = "https://college.example/keys/1.json"


def issuer_document(*, listed: str = HTTPS_KID, embed: dict[str, Any] | None = None,
                    doc_id: str = HTTPS_ISSUER) -> dict[str, Any]:
    document: dict[str, Any] = {"id": doc_id, "type": "Profile", "assertionMethod": [listed]}
    if embed is not None:
        document["verificationMethod"] = [{"id": listed, "type": "JsonWebKey", **embed}]
    return document


def test_https_kid_needs_the_issuers_own_document_listing_it() -> None:
    cred = credential(issuer=HTTPS_ISSUER)
    token = sign_compact({"alg": "RS256", "kid": HTTPS_KID}, with_claims(cred), RSA)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.NOT_CHECKED

    # A key document at the kid's URL (even one naming the issuer as controller) binds nothing.
    key_doc = {"id": HTTPS_KID, "controller": HTTPS_ISSUER, "publicKeyJwk": rsa_jwk(RSA)}
    for material in (rsa_jwk(RSA), key_doc):
        verdict = verify_vc_jwt(token, docs=memory(doc(HTTPS_KID, material)), now=NOW)
        assert verdict.status is Status.UNVERIFIABLE
        assert checks(verdict)["signature"] is Outcome.PASSED
        assert key_check(verdict).detail == (
            f"the signature is intact, but nothing ties the key {HTTPS_KID} to issuer "
            f"{HTTPS_ISSUER}; needs the issuer's document"
        )

    # The issuer's own document (cached from the issuer id's URL) lists the key: bound.
    cached = memory(doc(HTTPS_KID, rsa_jwk(RSA)), doc(HTTPS_ISSUER, issuer_document()))
    verdict = verify_vc_jwt(token, docs=cached, now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    assert key_check(verdict).as_of is not None

    embedded = memory(doc(HTTPS_ISSUER, issuer_document(embed={"publicKeyJwk": rsa_jwk(RSA)})))
    assert verify_vc_jwt(token, docs=embedded, now=NOW).status is Status.VERIFIED


def test_https_issuer_document_must_list_the_kid_and_be_its_own() -> None:
    cred = credential(issuer=HTTPS_ISSUER)
    token = sign_compact({"alg": "RS256", "kid": HTTPS_KID}, with_claims(cred), RSA)
    for issuer_doc in (issuer_document(listed="https://college.example/keys/2.json"),
                       issuer_document(doc_id="https://attacker.example/issuer")):
        cached = memory(doc(HTTPS_KID, rsa_jwk(RSA)), doc(HTTPS_ISSUER, issuer_doc))
        verdict = verify_vc_jwt(token, docs=cached, now=NOW)
        assert verdict.status is Status.UNVERIFIABLE
        assert checks(verdict)["issuer_key"] is Outcome.FAILED


def test_https_issuer_document_listing_a_key_that_is_not_cached_is_unverifiable() -> None:
    cred = credential(issuer=HTTPS_ISSUER)
    token = sign_compact({"alg": "RS256", "kid": HTTPS_KID}, with_claims(cred), RSA)
    verdict = verify_vc_jwt(token, docs=memory(doc(HTTPS_ISSUER, issuer_document())), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.NOT_CHECKED
    assert "the key is not cached" in key_check(verdict).detail


@pytest.mark.parametrize("kid", ["urn:uuid:5e1f-key", "did:example:123#key-1"])
def test_a_key_id_the_app_cannot_resolve_is_unverifiable_never_tampered(kid: str) -> None:
    token = sign_compact({"alg": "RS256", "kid": kid},
                         with_claims(credential(issuer=HTTPS_ISSUER)), RSA)
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.NOT_CHECKED


def test_a_small_order_ed25519_key_is_refused_not_verified() -> None:
    # The identity point as issuer key: R = identity, S = 0 "verifies" any message under
    # plain RFC 8032 arithmetic, so this forgery needs no private key at all.
    weak = bytes([1]) + bytes(31)
    weak_did = did_key_from_ed25519(weak)
    header = b64u_json({"alg": "EdDSA", "kid": weak_did})
    payload = b64u_json(with_claims(credential(issuer=weak_did)))
    token = f"{header}.{payload}.{b64u(weak + bytes(32))}"
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "small-order" in next(c.detail for c in verdict.checks if c.name == "signature")


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
    verdict = verify_vc_jwt(token, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["issuer_key"] is Outcome.FAILED


def test_https_kid_on_another_origin_than_the_issuer_binds_nothing() -> None:
    url = "https://attacker.example/keys/1.json"
    token = sign_compact({"alg": "RS256", "kid": url},
                         with_claims(credential(issuer=HTTPS_ISSUER)), RSA)
    verdict = verify_vc_jwt(token, docs=memory(doc(url, rsa_jwk(RSA))), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.PASSED


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


# -- a header jwk bound by the issuer's own document (e.g. from a trust bundle) ----------------

SVG_ISSUER = "https://1edtech.edu/issuers/565049"


def svg_header_jwk() -> dict[str, Any]:
    header = json.loads(b64url_decode(svg_vcjwt().split(".")[0]))
    jwk: dict[str, Any] = header["jwk"]
    return jwk


def test_1edtech_svg_verifies_once_the_issuers_document_lists_its_header_key() -> None:
    method = {"id": f"{SVG_ISSUER}#key-1", "type": "JsonWebKey", "controller": SVG_ISSUER,
              "publicKeyJwk": svg_header_jwk()}
    listed = {"id": SVG_ISSUER, "verificationMethod": [method],
              "assertionMethod": [f"{SVG_ISSUER}#key-1"]}
    verdict = verify_vc_jwt(svg_vcjwt(), docs=memory(doc(SVG_ISSUER, listed)), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    assert key_check(verdict).as_of is not None

    embedded = {"id": SVG_ISSUER, "assertionMethod": [method]}
    verdict = verify_vc_jwt(svg_vcjwt(), docs=memory(doc(SVG_ISSUER, embedded)), now=NOW)
    assert verdict.status is Status.VERIFIED


@pytest.mark.parametrize(
    "document",
    [
        # the key is listed, but not for issuing
        {"id": SVG_ISSUER, "assertionMethod": [],
         "verificationMethod": [{"id": "#k", "type": "JsonWebKey", "publicKeyJwk": "JWK"}]},
        # another key is listed
        {"id": SVG_ISSUER, "assertionMethod": [{"id": "#k", "type": "JsonWebKey",
                                                "publicKeyJwk": rsa_jwk(RSA)}]},
        # the right key, but the document says another party controls it
        {"id": SVG_ISSUER, "assertionMethod": [{"id": "#k", "type": "JsonWebKey",
                                                "controller": "https://evil.example",
                                                "publicKeyJwk": "JWK"}]},
        # a document cached under the issuer's URL that is someone else's
        {"id": "https://evil.example/issuer", "assertionMethod": [
            {"id": "#k", "type": "JsonWebKey", "publicKeyJwk": "JWK"}]},
    ],
)
def test_the_issuers_document_must_list_the_header_key_for_issuing(document: Any) -> None:
    text = json.dumps(document).replace('"JWK"', json.dumps(svg_header_jwk()))
    verdict = verify_vc_jwt(svg_vcjwt(), docs=memory(doc(SVG_ISSUER, text.encode())), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert checks(verdict)["signature"] is Outcome.PASSED
    assert checks(verdict)["issuer_key"] is Outcome.FAILED


def test_a_did_web_issuer_document_can_bind_a_header_jwk() -> None:
    token = sign_compact({"alg": "RS256", "jwk": rsa_jwk(RSA)},
                         with_claims(credential(issuer=DID_WEB)), RSA)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.UNVERIFIABLE
    cached = memory(doc(DID_DOC_URL, did_document(rsa_jwk(RSA))))
    assert verify_vc_jwt(token, docs=cached, now=NOW).status is Status.VERIFIED


def test_a_kid_is_used_before_a_header_jwk() -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    token = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID, "jwk": ed_jwk(other)},
                         with_claims(credential()), ISSUER_KEY)
    assert verify_vc_jwt(token, docs=EmptySource(), now=NOW).status is Status.VERIFIED
    forged = sign_compact({"alg": "EdDSA", "kid": ISSUER_DID, "jwk": ed_jwk(other)},
                          with_claims(credential()), other)
    verdict = verify_vc_jwt(forged, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert checks(verdict)["signature"] is Outcome.FAILED
