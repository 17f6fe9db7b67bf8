"""Compact JWS: every refusal branch, and the exact bytes and keys the signature check gets.

A VC-JWT or an OB 2.0 signed badge is only as honest as this layer: a refusal that quietly lets a
token through, a key read from the wrong member, or signing input that is not exactly
``header.payload`` would let a forged credential reach ``verified``.  Written to close gaps that
``make mutation`` (tools/mutation.py) found; each test states the behaviour it protects.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, x25519
from cryptography.x509.oid import NameOID
from verify_jose_support import (
    b64u,
    b64u_json,
    ec_jwk,
    ed_jwk,
    ed_raw,
    rsa_jwk,
    rsa_key,
    sign_compact,
)

from portfolio_app.verify import jws
from portfolio_app.verify.verdict import Status


@pytest.fixture(scope="module")
def rsa() -> object:
    return rsa_key()


def _token(header: dict[str, object], payload: bytes = b"{}", signature: bytes = b"sig") -> str:
    return f"{b64u_json(header)}.{b64u(payload)}.{b64u(signature)}"


# ------------------------------------------------------------------------------ base64url


@pytest.mark.parametrize(("text", "data"), [("", b""), ("aGk", b"hi"), ("_-8", b"\xff\xef")])
def test_base64url_decodes_unpadded_text(text: str, data: bytes) -> None:
    assert jws.b64url_decode(text) == data
    assert jws.b64url_encode(data) == text


@pytest.mark.parametrize("text", ["aGk=", "a+k", "a/k", "aG k", "a", "aGkaG", None])
def test_base64url_refuses_padding_other_alphabets_and_impossible_lengths(text: object) -> None:
    with pytest.raises(jws.JwsMalformed, match=r"^the widget is not valid base64url$"):
        jws.b64url_decode(text, what="the widget")  # type: ignore[arg-type]


def test_base64url_refusal_is_malformed() -> None:
    with pytest.raises(jws.JwsMalformed) as info:
        jws.b64url_decode("a")
    assert info.value.status is Status.MALFORMED
    assert info.value.reason == "a token part is not valid base64url"


# ---------------------------------------------------------------------------------- sniffing


def test_a_real_token_looks_like_a_compact_jws() -> None:
    token = sign_compact({"alg": "EdDSA"}, {"a": 1}, ed25519.Ed25519PrivateKey.generate())
    assert jws.looks_like_compact_jws(token)
    assert jws.looks_like_compact_jws(f"  {token}\n")


@pytest.mark.parametrize("text", ["e30.e30", "e30.e30.e30.e30", ".e30.c2ln", "e30.e+0.c2ln", ""])
def test_other_text_does_not_look_like_a_compact_jws(text: str) -> None:
    assert not jws.looks_like_compact_jws(text)


# ---------------------------------------------------------------------------------- parsing


def test_parse_keeps_the_exact_signing_input_and_parts() -> None:
    token = _token({"alg": "EdDSA", "kid": "k1"}, b'{"a":1}', b"\x01\x02")
    parsed = jws.parse_compact(f"\n {token} \n")
    header_b64, payload_b64, _ = token.split(".")
    assert parsed.signing_input == f"{header_b64}.{payload_b64}".encode("ascii")
    assert parsed.header == {"alg": "EdDSA", "kid": "k1"}
    assert parsed.payload == b'{"a":1}'
    assert parsed.signature == b"\x01\x02"
    assert parsed.alg == "EdDSA"


def test_parse_refuses_what_is_not_text() -> None:
    with pytest.raises(jws.JwsMalformed, match="not text"):
        jws.parse_compact(b"e30.e30.c2ln")  # type: ignore[arg-type]


def test_a_token_of_exactly_the_size_limit_is_read() -> None:
    head = b64u_json({"alg": "EdDSA"}) + "."
    for size in range(3, 7):  # pick a signature length that leaves a decodable payload length
        tail = "." + b64u(b"s" * size)
        body_chars = jws.MAX_TOKEN_CHARS - len(head) - len(tail)
        if body_chars % 4 != 1:
            break
    token = head + "A" * body_chars + tail
    assert len(token) == jws.MAX_TOKEN_CHARS
    assert jws.parse_compact(token).alg == "EdDSA"
    with pytest.raises(jws.JwsMalformed, match="larger than 5 MB"):
        jws.parse_compact(head + "A" * (body_chars + 1) + tail)


@pytest.mark.parametrize(("token", "count"), [("e30.e30", 2), ("a.b.c.d", 4), ("abc", 1)])
def test_parse_names_the_number_of_parts(token: str, count: int) -> None:
    words = f"three dot-separated parts; this text has {count}"
    with pytest.raises(jws.JwsMalformed, match=rf"{words}$"):
        jws.parse_compact(token)


@pytest.mark.parametrize(
    ("part", "words"),
    [(0, "the token header"), (1, "the token payload"), (2, "the token signature")],
)
def test_parse_names_the_part_that_is_not_base64url(part: int, words: str) -> None:
    parts = _token({"alg": "EdDSA"}).split(".")
    parts[part] = "a+b"
    with pytest.raises(jws.JwsMalformed, match=f"^{words} is not valid base64url"):
        jws.parse_compact(".".join(parts))


def test_an_empty_signature_is_malformed() -> None:
    with pytest.raises(jws.JwsMalformed, match="empty signature"):
        jws.parse_compact(_token({"alg": "EdDSA"}, signature=b""))


def test_b64_true_is_the_normal_encoding_and_is_accepted() -> None:
    assert jws.parse_compact(_token({"alg": "EdDSA", "b64": True})).alg == "EdDSA"
    with pytest.raises(jws.JwsUnsupported, match="b64: false"):
        jws.parse_compact(_token({"alg": "EdDSA", "b64": False}))


# ---------------------------------------------------------------------------------- header


@pytest.mark.parametrize("header", [{}, {"alg": ""}, {"alg": 256}, {"alg": None}])
def test_a_header_without_a_usable_alg_is_malformed(header: dict[str, object]) -> None:
    with pytest.raises(jws.JwsMalformed, match="no 'alg'"):
        jws.check_header(header)


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_unsigned_tokens_are_refused_in_any_spelling(alg: str) -> None:
    with pytest.raises(jws.JwsUnsupported, match="unsigned"):
        jws.check_header({"alg": alg})


@pytest.mark.parametrize("alg", ["RS512", "PS256", "ES384", "Ed25519", "rs256"])
def test_other_algorithms_are_unsupported_by_name(alg: str) -> None:
    with pytest.raises(jws.JwsUnsupported, match=f"'{alg}' is not supported"):
        jws.check_header({"alg": alg})


@pytest.mark.parametrize("alg", sorted(jws.SUPPORTED_ALGORITHMS))
def test_supported_algorithms_pass_the_header_check(alg: str) -> None:
    assert jws.check_header({"alg": alg}) == alg


@pytest.mark.parametrize("crit", ["exp", [], [1], ["a", 2], {"a": 1}])
def test_crit_must_be_a_non_empty_list_of_names(crit: object) -> None:
    with pytest.raises(jws.JwsMalformed, match="'crit' must be a non-empty list"):
        jws.check_header({"alg": "EdDSA", "crit": crit})


def test_understood_crit_must_be_present_and_then_passes() -> None:
    understood = frozenset({"b64"})
    header = {"alg": "EdDSA", "crit": ["b64"], "b64": True}
    assert jws.check_header(header, understood_crit=understood) == "EdDSA"
    with pytest.raises(jws.JwsMalformed, match=r"absent: b64$"):
        jws.check_header({"alg": "EdDSA", "crit": ["b64"]}, understood_crit=understood)
    with pytest.raises(jws.JwsUnsupported, match=r"do not understand: b64, zip2$"):
        jws.check_header({"alg": "EdDSA", "crit": ["b64", "zip2"], "b64": True, "zip2": 1})


def test_a_header_jwk_must_be_an_object() -> None:
    with pytest.raises(jws.JwsMalformed, match="'jwk' is not a JSON object"):
        jws.check_header({"alg": "EdDSA", "jwk": "z6Mk..."})


def test_a_public_header_jwk_passes_the_header_check() -> None:
    jwk = ed_jwk(ed25519.Ed25519PrivateKey.generate())
    assert jws.check_header({"alg": "EdDSA", "jwk": jwk}) == "EdDSA"


@pytest.mark.parametrize("member", ["d", "p", "q", "dp", "dq", "qi", "oth", "k"])
def test_every_private_jwk_member_is_refused_by_name(member: str) -> None:
    jwk = {"kty": "RSA", "n": "AQAB", "e": "AQAB", member: "AAAA"}
    with pytest.raises(jws.JwsMalformed, match=rf"private key material \({member}\)"):
        jws.check_header({"alg": "RS256", "jwk": jwk})
    with pytest.raises(jws.JwsMalformed, match=rf"\({member}\)"):
        jws.public_key_from_jwk(jwk)


# --------------------------------------------------------------------------------- JWK keys


def test_jwks_give_the_very_same_public_keys(rsa: object) -> None:
    ec_private = ec.generate_private_key(ec.SECP256R1())
    ed_private = ed25519.Ed25519PrivateKey.generate()
    rsa_pub = jws.public_key_from_jwk(rsa_jwk(rsa))  # type: ignore[arg-type]
    ec_pub = jws.public_key_from_jwk(ec_jwk(ec_private))
    ed_pub = jws.public_key_from_jwk(ed_jwk(ed_private))
    assert rsa_pub.public_numbers() == rsa.public_key().public_numbers()  # type: ignore[attr-defined,union-attr]
    assert ec_pub.public_numbers() == ec_private.public_key().public_numbers()  # type: ignore[union-attr]
    assert ed_pub.public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    ) == ed_raw(ed_private)
    assert jws.key_description(rsa_pub) == "RSA 2048-bit"
    assert jws.key_description(ec_pub) == "EC secp256r1"
    assert jws.key_description(ed_pub) == "Ed25519"


@pytest.mark.parametrize(
    ("jwk", "error", "words"),
    [
        ("not a jwk", jws.JwsMalformed, "not a JSON object"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQ"}, jws.JwsMalformed, "RSA key in the JWK is empty"),
        ({"kty": "RSA", "n": "AA", "e": "AQAB"}, jws.JwsMalformed, "RSA key in the JWK is empty"),
        ({"kty": "RSA", "n": "a+b", "e": "AQAB"}, jws.JwsMalformed, "the RSA modulus"),
        ({"kty": "RSA", "n": "AQAB", "e": "a+b"}, jws.JwsMalformed, "the RSA exponent"),
        ({"kty": "EC", "x": b64u(bytes(32)), "y": b64u(bytes(32))}, jws.JwsUnsupported, "None"),
        ({"kty": "EC", "crv": "P-256", "x": b64u(bytes(31)), "y": b64u(bytes(32))},
         jws.JwsMalformed, "32-byte x and y"),
        ({"kty": "EC", "crv": "P-256", "x": b64u(bytes(32)), "y": b64u(bytes(33))},
         jws.JwsMalformed, "32-byte x and y"),
        ({"kty": "EC", "crv": "P-256", "x": "a+b", "y": b64u(bytes(32))},
         jws.JwsMalformed, "the EC x coordinate"),
        ({"kty": "EC", "crv": "P-256", "x": b64u(bytes(32)), "y": "a+b"},
         jws.JwsMalformed, "the EC y coordinate"),
        ({"kty": "OKP", "crv": "X25519", "x": b64u(bytes(32))}, jws.JwsUnsupported, "X25519"),
        ({"kty": "OKP", "crv": "Ed25519", "x": b64u(bytes(33))},
         jws.JwsMalformed, "^an Ed25519 key has 32 bytes$"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "a+b"}, jws.JwsMalformed, "the Ed25519 key"),
        ({"kty": "oct"}, jws.JwsUnsupported, "symmetric"),
        ({}, jws.JwsUnsupported, "key type None is not supported"),
    ],
)
def test_bad_jwks_are_refused_with_the_reason(
    jwk: object, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        jws.public_key_from_jwk(jwk)  # type: ignore[arg-type]


def test_an_ec_point_off_the_curve_is_malformed_not_a_crash() -> None:
    jwk = {"kty": "EC", "crv": "P-256", "x": b64u(b"\x01" * 32), "y": b64u(b"\x02" * 32)}
    with pytest.raises(jws.JwsMalformed, match="not a usable public key"):
        jws.public_key_from_jwk(jwk)


# ---------------------------------------------------------------------------------- PEM keys


def _certificate(private: ec.EllipticCurvePrivateKey) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Issuer")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365))
        .sign(private, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def test_pem_public_keys_and_certificates_give_their_key() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    expected = private.public_key().public_numbers()
    assert jws.public_key_from_pem(pem).public_numbers() == expected  # type: ignore[union-attr]
    assert jws.public_key_from_pem(pem.decode()).public_numbers() == expected  # type: ignore[union-attr]
    from_cert = jws.public_key_from_pem(_certificate(private).decode())
    assert from_cert.public_numbers() == expected  # type: ignore[union-attr]


def test_unreadable_pem_is_malformed() -> None:
    with pytest.raises(jws.JwsMalformed, match="PEM is not a readable public key"):
        jws.public_key_from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    with pytest.raises(jws.JwsMalformed, match="PEM is not a readable public key"):
        jws.public_key_from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")


def test_pem_text_that_is_not_ascii_is_malformed_not_a_crash() -> None:
    with pytest.raises(jws.JwsMalformed, match="PEM is not a readable public key"):
        jws.public_key_from_pem("-----BEGIN PUBLIC KEY-----\nMFkw\u00e9\n-----END PUBLIC KEY-----")


def test_a_pem_key_of_another_type_is_unsupported() -> None:
    pem = x25519.X25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(jws.JwsUnsupported, match="X25519PublicKey is not supported"):
        jws.public_key_from_pem(pem)


# ------------------------------------------------------------------------------- signatures


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA"])
def test_a_changed_signature_does_not_verify(alg: str, rsa: object) -> None:
    private: object
    if alg == "RS256":
        private = rsa
    elif alg == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
    else:
        private = ed25519.Ed25519PrivateKey.generate()
    parsed = jws.parse_compact(sign_compact({"alg": alg}, {"a": 1}, private))
    key = private.public_key()  # type: ignore[attr-defined]
    assert jws.verify_signature(alg, key, parsed.signing_input, parsed.signature) is True
    changed = bytearray(parsed.signature)
    changed[len(changed) // 2] ^= 0x40
    assert jws.verify_signature(alg, key, parsed.signing_input, bytes(changed)) is False


@pytest.mark.parametrize("cut", [1, 32, -1])
def test_es256_signature_of_the_wrong_length_is_false(cut: int) -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    parsed = jws.parse_compact(sign_compact({"alg": "ES256"}, {"a": 1}, private))
    signature = parsed.signature[:-cut] if cut > 0 else parsed.signature + b"\x00"
    result = jws.verify_signature("ES256", private.public_key(), parsed.signing_input, signature)
    assert result is False


def test_es256_with_r_and_s_swapped_does_not_verify() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    parsed = jws.parse_compact(sign_compact({"alg": "ES256"}, {"a": 1}, private))
    swapped = parsed.signature[32:] + parsed.signature[:32]
    assert not jws.verify_signature("ES256", private.public_key(), parsed.signing_input, swapped)


@pytest.mark.parametrize(
    ("alg", "key_kind", "words"),
    [
        ("ES256", "p384", "needs a P-256 key"),
        ("ES256", "ed", "needs a P-256 key"),
        ("EdDSA", "rsa", "needs an Ed25519 key"),
        ("EdDSA", "p256", "needs an Ed25519 key"),
        ("RS256", "p256", "needs an RSA key"),
        ("PS256", "rsa", "'PS256' is not supported"),
    ],
)
def test_a_key_that_cannot_do_the_algorithm_is_unsupported_not_tampered(
    alg: str, key_kind: str, words: str, rsa: object
) -> None:
    keys = {
        "p384": ec.generate_private_key(ec.SECP384R1()).public_key(),
        "p256": ec.generate_private_key(ec.SECP256R1()).public_key(),
        "ed": ed25519.Ed25519PrivateKey.generate().public_key(),
        "rsa": rsa.public_key(),  # type: ignore[attr-defined]
    }
    with pytest.raises(jws.JwsUnsupported, match=words):
        jws.verify_signature(alg, keys[key_kind], b"e30.e30", bytes(64))
