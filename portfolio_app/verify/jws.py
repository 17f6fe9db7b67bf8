"""Compact JWS (RFC 7515): parse, pick a key, verify.

Accepted algorithms: ``RS256`` (RSASSA-PKCS1-v1_5 + SHA-256), ``ES256`` (P-256; the JOSE
signature is raw ``r || s``, converted to DER for ``cryptography``) and ``EdDSA`` (Ed25519,
checked by libsodium through PyNaCl: unlike OpenSSL it refuses non-canonical signatures, and
small-order or non-canonical public keys are refused before verifying, because with such a key
one forged signature "verifies" for every message).

Refused, always, with a sentence:

* ``alg: none`` (an unsigned token) and every ``HS*`` (a shared secret proves nothing about
  the issuer) → :class:`JwsUnsupported`;
* a key named by ``jku`` or ``x5u`` (a URL the token itself chooses) is never used;
* a ``jwk`` header holding private key material (``d``, ``p``, ``q`` …) → :class:`JwsMalformed`;
* ``crit`` parameters (none are understood for compact JWS) and ``b64: false``
  → :class:`JwsUnsupported`;
* bad base64url, non-JSON headers, absurd sizes → :class:`JwsMalformed`.

Parsing is separate from verifying: :func:`parse_compact` raises for content it cannot read,
:func:`verify_signature` returns ``False`` for a signature that does not match.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.bindings import crypto_core_ed25519_is_valid_point
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from portfolio_app.verify._common import ContentError, load_json_object
from portfolio_app.verify.verdict import Status

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

SUPPORTED_ALGORITHMS = frozenset({"RS256", "ES256", "EdDSA"})
MAX_TOKEN_CHARS = 7 * 1024 * 1024  # a 5 MB payload, base64url-encoded, plus header
MIN_RSA_BITS = 2048
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")


class JwsMalformed(ContentError):
    """A token we cannot read (bad base64url, bad JSON, a private key in the header …)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, status=Status.MALFORMED)


class JwsUnsupported(ContentError):
    """A readable token using something we never accept or do not implement."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, status=Status.UNSUPPORTED)


@dataclass(frozen=True)
class CompactJws:
    """The three parts of a compact JWS, decoded, plus the exact bytes that were signed."""

    header: dict[str, Any]
    payload: bytes
    signature: bytes
    signing_input: bytes

    @property
    def alg(self) -> str:
        return str(self.header.get("alg"))


def b64url_decode(text: str, *, what: str = "a token part") -> bytes:
    """Strict base64url without padding (RFC 7515 §2); raise :class:`JwsMalformed`."""
    if not isinstance(text, str) or not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise JwsMalformed(f"{what} is not valid base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise JwsMalformed(f"{what} is not valid base64url") from exc


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def looks_like_compact_jws(text: str) -> bool:
    """Three dot-separated base64url parts (cheap sniff; no decoding)."""
    parts = text.strip().split(".")
    return len(parts) == 3 and all(_B64URL.fullmatch(p) for p in parts) and bool(parts[0])


def parse_compact(token: str) -> CompactJws:
    """Split and decode a compact JWS and check its header is one we could ever accept."""
    if not isinstance(token, str):
        raise JwsMalformed("the token is not text")
    token = token.strip()
    if len(token) > MAX_TOKEN_CHARS:
        raise JwsMalformed("the token is larger than 5 MB")
    parts = token.split(".")
    if len(parts) != 3:
        raise JwsMalformed(
            f"a compact JWS has three dot-separated parts; this text has {len(parts)}"
        )
    header_b64, payload_b64, signature_b64 = parts
    try:
        header = load_json_object(
            b64url_decode(header_b64, what="the token header"), what="the token header"
        )
    except ContentError as exc:
        raise JwsMalformed(exc.reason) from exc
    payload = b64url_decode(payload_b64, what="the token payload")
    signature = b64url_decode(signature_b64, what="the token signature")
    check_header(header)
    if header.get("b64") is False:
        raise JwsUnsupported(
            "an unencoded payload (b64: false) is not supported in a compact token"
        )
    if not signature:
        raise JwsMalformed("the token has an empty signature")
    return CompactJws(header, payload, signature, f"{header_b64}.{payload_b64}".encode("ascii"))


def check_header(
    header: Mapping[str, Any], *, understood_crit: frozenset[str] = frozenset()
) -> str:
    """Refuse algorithms, ``crit`` values and embedded keys we never accept; return ``alg``."""
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise JwsMalformed("the token header has no 'alg'")
    if alg.lower() == "none":
        raise JwsUnsupported(
            "the token is unsigned ('alg: none'); unsigned tokens are never accepted"
        )
    if alg.upper().startswith("HS"):
        raise JwsUnsupported(
            f"'{alg}' is a shared-secret MAC, which cannot show who issued a credential; refused"
        )
    if alg not in SUPPORTED_ALGORITHMS:
        raise JwsUnsupported(
            f"signature algorithm '{alg}' is not supported (RS256, ES256, EdDSA are)"
        )
    crit = header.get("crit")
    if crit is not None:
        if not isinstance(crit, list) or not crit or not all(isinstance(c, str) for c in crit):
            raise JwsMalformed("the header's 'crit' must be a non-empty list of names")
        unknown = [c for c in crit if c not in understood_crit]
        if unknown:
            raise JwsUnsupported(
                "the signature requires header extensions we do not understand: "
                + ", ".join(unknown)
            )
        missing = [c for c in crit if c not in header]
        if missing:
            raise JwsMalformed(
                "'crit' names header parameters that are absent: " + ", ".join(missing)
            )
    jwk = header.get("jwk")
    if jwk is not None:
        if not isinstance(jwk, Mapping):
            raise JwsMalformed("the header 'jwk' is not a JSON object")
        _refuse_private_jwk(jwk)
    return alg


def _refuse_private_jwk(jwk: Mapping[str, Any]) -> None:
    private = [m for m in _PRIVATE_JWK_MEMBERS if m in jwk]
    if private:
        raise JwsMalformed(
            "the key in the token header contains private key material ("
            + ", ".join(private)
            + "); a key like that is refused"
        )


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """A public key from a JWK (RSA, EC P-256, OKP Ed25519). Private members are refused."""
    if not isinstance(jwk, Mapping):
        raise JwsMalformed("the key is not a JSON object (JWK)")
    _refuse_private_jwk(jwk)
    kty = jwk.get("kty")
    try:
        if kty == "RSA":
            n = int.from_bytes(b64url_decode(str(jwk.get("n", "")), what="the RSA modulus"), "big")
            e = int.from_bytes(b64url_decode(str(jwk.get("e", "")), what="the RSA exponent"), "big")
            if n <= 0 or e <= 1:
                raise JwsMalformed("the RSA key in the JWK is empty")
            return rsa.RSAPublicNumbers(e, n).public_key()
        if kty == "EC":
            if jwk.get("crv") != "P-256":
                raise JwsUnsupported(f"EC curve {jwk.get('crv')!r} is not supported (P-256 is)")
            x = b64url_decode(str(jwk.get("x", "")), what="the EC x coordinate")
            y = b64url_decode(str(jwk.get("y", "")), what="the EC y coordinate")
            if len(x) != 32 or len(y) != 32:
                raise JwsMalformed("a P-256 key has 32-byte x and y coordinates")
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + x + y)
        if kty == "OKP":
            if jwk.get("crv") != "Ed25519":
                raise JwsUnsupported(f"OKP curve {jwk.get('crv')!r} is not supported (Ed25519 is)")
            x = b64url_decode(str(jwk.get("x", "")), what="the Ed25519 key")
            if len(x) != 32:
                raise JwsMalformed("an Ed25519 key has 32 bytes")
            return ed25519.Ed25519PublicKey.from_public_bytes(x)
    except (ValueError, UnsupportedAlgorithm) as exc:
        if isinstance(exc, ContentError):
            raise
        raise JwsMalformed(f"the JWK is not a usable public key ({exc})") from exc
    if kty == "oct":
        raise JwsUnsupported("a symmetric ('oct') key cannot show who issued a credential")
    raise JwsUnsupported(f"key type {kty!r} is not supported")


def public_key_from_pem(pem: str | bytes) -> PublicKey:
    """A public key from PEM (``-----BEGIN PUBLIC KEY-----`` or an X.509 certificate)."""
    data = pem.encode("ascii", "replace") if isinstance(pem, str) else pem
    try:
        if b"BEGIN CERTIFICATE" in data:
            # x509 loads only for a certificate: a third of this module's import cost, and
            # `portfolio verify` of a Data Integrity credential never needs it (issue 12).
            from cryptography import x509  # noqa: PLC0415

            loaded: Any = x509.load_pem_x509_certificate(data).public_key()
        else:
            loaded = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise JwsMalformed("the key document's PEM is not a readable public key") from exc
    if isinstance(loaded, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey):
        return loaded
    raise JwsUnsupported(f"key type {type(loaded).__name__} is not supported")


def verify_signature(alg: str, key: PublicKey, signing_input: bytes, signature: bytes) -> bool:
    """True when ``signature`` over ``signing_input`` verifies with ``key`` under ``alg``.

    A key of the wrong type for ``alg`` raises :class:`JwsUnsupported` (it is not a tamper
    signal: the token names an algorithm its key cannot do).
    """
    try:
        if alg == "RS256":
            if not isinstance(key, rsa.RSAPublicKey):
                raise JwsUnsupported("RS256 needs an RSA key; the issuer key is not one")
            if key.key_size < MIN_RSA_BITS:
                raise JwsUnsupported(
                    f"the RSA key has {key.key_size} bits; keys under {MIN_RSA_BITS} are refused"
                )
            key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
            return True
        if alg == "ES256":
            if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
                raise JwsUnsupported("ES256 needs a P-256 key; the issuer key is not one")
            if len(signature) != 64:
                return False
            r = int.from_bytes(signature[:32], "big")
            s = int.from_bytes(signature[32:], "big")
            key.verify(encode_dss_signature(r, s), signing_input, ec.ECDSA(hashes.SHA256()))
            return True
        if alg == "EdDSA":
            if not isinstance(key, ed25519.Ed25519PublicKey):
                raise JwsUnsupported("EdDSA needs an Ed25519 key; the issuer key is not one")
            return _verify_ed25519(key, signing_input, signature)
    except InvalidSignature:
        return False
    raise JwsUnsupported(f"signature algorithm '{alg}' is not supported")


def check_ed25519_key(raw: bytes) -> None:
    """Refuse a small-order or non-canonical Ed25519 public key (:class:`JwsMalformed`).

    With a small-order key (the identity point, for one) a signature of ``R = identity, S = 0``
    passes the verification equation for any message, so such a key proves nothing.
    """
    if len(raw) != 32 or not crypto_core_ed25519_is_valid_point(raw):
        raise JwsMalformed(
            "the Ed25519 key is a weak (small-order or non-canonical) point; it proves nothing "
            "and is refused"
        )


def _verify_ed25519(key: ed25519.Ed25519PublicKey, signing_input: bytes, signature: bytes) -> bool:
    """libsodium's verify refuses small-order keys and R, and S >= L, by itself; only when it
    fails is the key examined (a point check costs as much as a verify), to say "weak key"
    instead of "tampered"."""
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        if len(signature) != 64:
            raise BadSignatureError("an Ed25519 signature has 64 bytes")
        VerifyKey(raw).verify(signing_input, signature)
    except BadSignatureError:
        check_ed25519_key(raw)
        return False
    return True


def key_description(key: PublicKey) -> str:
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size}-bit"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    return "Ed25519"
