"""Compact JWS reading: sizes, base64url and private-key refusals at their edges
(found by ``make mutation``)."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from verify_jose_support import b64u, ed_jwk, rsa_jwk, rsa_key

from portfolio_app.verify import jws


def test_a_token_just_over_the_size_limit_is_refused_by_size() -> None:
    with pytest.raises(jws.JwsMalformed, match="larger than 5 MB"):
        jws.parse_compact("a" * (jws.MAX_TOKEN_CHARS + 1))
    with pytest.raises(jws.JwsMalformed, match="three dot-separated parts"):
        jws.parse_compact("a" * jws.MAX_TOKEN_CHARS)


@pytest.mark.parametrize("text", ["A", "ABCDE", "AB!C", "AB=C", 7])
def test_text_that_is_not_strict_base64url_is_refused(text: Any) -> None:
    with pytest.raises(jws.JwsMalformed, match="not valid base64url"):
        jws.b64url_decode(text)


@pytest.mark.parametrize("member", ["d", "p", "q", "dp", "dq", "qi", "oth", "k"])
def test_a_jwk_with_any_private_member_is_refused(member: str) -> None:
    jwk = {**rsa_jwk(rsa_key()), member: "AAAA"}
    with pytest.raises(jws.JwsMalformed, match="private key material"):
        jws.public_key_from_jwk(jwk)


def test_an_rsa_jwk_with_an_unusable_exponent_is_malformed() -> None:
    jwk = {**rsa_jwk(rsa_key()), "e": b64u(b"\x02")}
    with pytest.raises(jws.JwsMalformed, match="not a usable public key"):
        jws.public_key_from_jwk(jwk)
    with pytest.raises(jws.JwsMalformed, match="empty"):
        jws.public_key_from_jwk({**jwk, "e": b64u(b"\x01")})


def test_keys_are_described_by_their_kind() -> None:
    ed = jws.public_key_from_jwk(ed_jwk(ed25519.Ed25519PrivateKey.generate()))
    assert jws.key_description(ed) == "Ed25519"
    assert jws.key_description(rsa_key().public_key()) == "RSA 2048-bit"
