"""Compact JWS parsing and signature checks, including hostile tokens."""

from __future__ import annotations

import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from verify_jose_support import (
    b64u,
    b64u_json,
    ec_jwk,
    ed_jwk,
    rsa_jwk,
    rsa_key,
    sign_compact,
)

from portfolio_app.verify import jws
from portfolio_app.verify.verdict import Status


@pytest.fixture(scope="module")
def rsa() -> object:
    return rsa_key()


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA"])
def test_each_supported_algorithm_verifies_and_detects_a_flipped_byte(
    alg: str, rsa: object
) -> None:
    if alg == "RS256":
        private: object = rsa
        jwk = rsa_jwk(rsa)  # type: ignore[arg-type]
    elif alg == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
        jwk = ec_jwk(private)  # type: ignore[arg-type]
    else:
        private = ed25519.Ed25519PrivateKey.generate()
        jwk = ed_jwk(private)  # type: ignore[arg-type]
    token = sign_compact({"alg": alg}, {"hello": "world"}, private)
    parsed = jws.parse_compact(token)
    key = jws.public_key_from_jwk(jwk)
    assert jws.verify_signature(parsed.alg, key, parsed.signing_input, parsed.signature)
    tampered = bytearray(parsed.signing_input)
    tampered[-3] ^= 0x01
    assert not jws.verify_signature(parsed.alg, key, bytes(tampered), parsed.signature)


def test_alg_none_is_refused_as_unsupported() -> None:
    token = f"{b64u_json({'alg': 'none'})}.{b64u_json({'a': 1})}."
    with pytest.raises(jws.JwsUnsupported, match="alg: none"):
        jws.parse_compact(token)
    token = f"{b64u_json({'alg': 'none'})}.{b64u_json({'a': 1})}.{b64u(b'x')}"
    with pytest.raises(jws.JwsUnsupported, match="never accepted"):
        jws.parse_compact(token)


@pytest.mark.parametrize("alg", ["HS256", "HS384", "hs512"])
def test_hmac_algorithms_are_refused(alg: str) -> None:
    token = f"{b64u_json({'alg': alg})}.{b64u_json({'a': 1})}.{b64u(b'sig')}"
    with pytest.raises(jws.JwsUnsupported, match="shared-secret"):
        jws.parse_compact(token)


def test_private_key_in_header_jwk_is_refused(rsa: object) -> None:
    jwk = {**rsa_jwk(rsa), "d": "AAAA"}  # type: ignore[arg-type]
    token = sign_compact({"alg": "RS256", "jwk": jwk}, {"a": 1}, rsa)
    with pytest.raises(jws.JwsMalformed, match="private key material"):
        jws.parse_compact(token)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "a.b",
        "a.b.c.d",
        "!!!.e30.c2ln",
        f"{b64u(b'not json')}.e30.c2ln",
        f"{b64u_json({'alg': 'RS256'})}.e30.",
        f"{b64u_json({'alg': 'RS256'})}.e30.a",  # impossible base64url length
        f"{b64u_json([1, 2])}.e30.c2ln",
        f"{b64u_json({'typ': 'JWT'})}.e30.c2ln",
    ],
)
def test_garbage_is_malformed_with_a_reason(token: str) -> None:
    with pytest.raises(jws.JwsMalformed) as info:
        jws.parse_compact(token)
    assert info.value.reason
    assert info.value.status is Status.MALFORMED


def test_unknown_crit_is_unsupported_and_b64_false_compact_is_unsupported() -> None:
    token = f"{b64u_json({'alg': 'RS256', 'crit': ['exp2'], 'exp2': 1})}.e30.c2ln"
    with pytest.raises(jws.JwsUnsupported, match="exp2"):
        jws.parse_compact(token)
    token = f"{b64u_json({'alg': 'RS256', 'b64': False})}.e30.c2ln"
    with pytest.raises(jws.JwsUnsupported, match="b64"):
        jws.parse_compact(token)


def test_ten_thousand_deep_json_is_refused_quickly() -> None:
    deep = ("[" * 10_000 + "]" * 10_000).encode()
    token = f"{b64u_json({'alg': 'RS256'})}.{b64u(deep)}.{b64u(b'sig')}"
    parsed = jws.parse_compact(token)  # the payload is only decoded to bytes here
    from portfolio_app.verify._common import ContentError, load_json

    started = time.perf_counter()
    with pytest.raises(ContentError, match="nested"):
        load_json(parsed.payload)
    assert time.perf_counter() - started < 1.0


def test_oversized_token_is_refused_without_decoding() -> None:
    with pytest.raises(jws.JwsMalformed, match="5 MB"):
        jws.parse_compact("a" * (jws.MAX_TOKEN_CHARS + 1))


def test_key_type_must_fit_the_algorithm(rsa: object) -> None:
    ed = ed25519.Ed25519PrivateKey.generate()
    token = sign_compact({"alg": "RS256"}, {"a": 1}, rsa)
    parsed = jws.parse_compact(token)
    with pytest.raises(jws.JwsUnsupported, match="RSA"):
        jws.verify_signature("RS256", ed.public_key(), parsed.signing_input, parsed.signature)


def test_short_rsa_keys_are_refused() -> None:
    small = rsa_key(1024)
    token = sign_compact({"alg": "RS256"}, {"a": 1}, small)
    parsed = jws.parse_compact(token)
    with pytest.raises(jws.JwsUnsupported, match="1024"):
        jws.verify_signature("RS256", small.public_key(), parsed.signing_input, parsed.signature)


@pytest.mark.parametrize(
    ("jwk", "error"),
    [
        ({"kty": "oct", "k": "c2VjcmV0"}, jws.JwsMalformed),  # private member 'k'
        ({"kty": "oct"}, jws.JwsUnsupported),
        ({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}, jws.JwsUnsupported),
        ({"kty": "EC", "crv": "P-256", "x": b64u(b"\x01" * 32), "y": b64u(b"\x02" * 32)},
         jws.JwsMalformed),  # not a point on the curve
        ({"kty": "OKP", "crv": "Ed25519", "x": b64u(b"\x01" * 31)}, jws.JwsMalformed),
        ({"kty": "RSA", "n": "", "e": "AQAB"}, jws.JwsMalformed),
        ({"kty": "XYZ"}, jws.JwsUnsupported),
    ],
)
def test_bad_jwks_are_refused(jwk: dict[str, str], error: type[Exception]) -> None:
    with pytest.raises(error):
        jws.public_key_from_jwk(jwk)


def test_es256_signature_of_wrong_length_is_just_invalid() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    token = sign_compact({"alg": "ES256"}, {"a": 1}, private)
    parsed = jws.parse_compact(token)
    assert not jws.verify_signature("ES256", private.public_key(), parsed.signing_input,
                                    parsed.signature[:-1])
    assert json.loads(parsed.payload) == {"a": 1}


# -- Ed25519 through libsodium: weak keys and non-canonical signatures --------------------------

ED25519_ORDER = 2**252 + 27742317777372353535851937790883648493


@pytest.mark.parametrize(
    "weak",
    [
        bytes([1]) + bytes(31),  # the identity point (order 1)
        bytes([0xEC]) + b"\xff" * 30 + b"\x7f",  # order 2
        bytes(32),  # order 4
    ],
)
def test_small_order_ed25519_keys_are_refused_even_for_a_universal_forgery(weak: bytes) -> None:
    key = ed25519.Ed25519PublicKey.from_public_bytes(weak)
    forged = bytes([1]) + bytes(31) + bytes(32)  # R = identity, S = 0
    with pytest.raises(jws.JwsMalformed, match="small-order"):
        jws.verify_signature("EdDSA", key, b"any message at all", forged)


def test_non_canonical_ed25519_signature_is_invalid() -> None:
    private = ed25519.Ed25519PrivateKey.generate()
    token = sign_compact({"alg": "EdDSA"}, {"a": 1}, private)
    parsed = jws.parse_compact(token)
    r, s = parsed.signature[:32], int.from_bytes(parsed.signature[32:], "little")
    malleated = r + (s + ED25519_ORDER).to_bytes(32, "little")  # same equation, S >= L
    assert jws.verify_signature("EdDSA", private.public_key(), parsed.signing_input,
                                parsed.signature)
    assert not jws.verify_signature("EdDSA", private.public_key(), parsed.signing_input,
                                    malleated)
    assert not jws.verify_signature("EdDSA", private.public_key(), parsed.signing_input,
                                    parsed.signature[:63])


@pytest.mark.parametrize(
    ("header", "error", "phrase"),
    [
        ({"alg": "RS256", "crit": "exp2"}, jws.JwsMalformed, "non-empty list"),
        ({"alg": "RS256", "crit": []}, jws.JwsMalformed, "non-empty list"),
        ({"alg": "RS256", "crit": ["b64"]}, jws.JwsMalformed, "absent"),
        ({"alg": "RS256", "jwk": "not an object"}, jws.JwsMalformed, "not a JSON object"),
        ({"alg": ""}, jws.JwsMalformed, "no 'alg'"),
        ({"alg": 256}, jws.JwsMalformed, "no 'alg'"),
    ],
)
def test_malformed_header_pieces_are_refused_with_their_reason(
    header: dict[str, object], error: type[Exception], phrase: str
) -> None:
    with pytest.raises(error, match=phrase):
        jws.check_header(header, understood_crit=frozenset({"b64"}))


def test_an_empty_signature_part_is_malformed() -> None:
    with pytest.raises(jws.JwsMalformed, match="empty signature"):
        jws.parse_compact(f"{b64u_json({'alg': 'RS256'})}.{b64u_json({'a': 1})}.")


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_a_key_of_the_wrong_type_for_es256_or_eddsa_is_unsupported(alg: str, rsa: object) -> None:
    token = sign_compact({"alg": "RS256"}, {"a": 1}, rsa)
    parsed = jws.parse_compact(token)
    public = rsa.public_key()  # type: ignore[attr-defined]
    with pytest.raises(jws.JwsUnsupported, match=alg):
        jws.verify_signature(alg, public, parsed.signing_input, parsed.signature)
