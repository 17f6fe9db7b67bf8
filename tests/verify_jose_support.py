"""Helpers for the JOSE-side verification tests: signing compact JWS, reading fixtures."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as DefusedET
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from portfolio_app.verify.documents import CachedDocument, MemorySource

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
FETCHED = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "public"

OB3_NS = "{https://purl.imsglobal.org/ob/v3p0}credential"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64u_json(value: Any) -> str:
    return b64u(json.dumps(value, separators=(",", ":")).encode("utf-8"))


def sign_compact(header: dict[str, Any], payload: Any, key: Any) -> str:
    """A compact JWS over ``payload`` (JSON value or raw bytes) with a cryptography key."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    signing_input = f"{b64u_json(header)}.{b64u(body)}".encode("ascii")
    alg = header["alg"]
    if alg == "RS256":
        sig = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "ES256":
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    elif alg == "EdDSA":
        sig = key.sign(signing_input)
    else:
        sig = b"\x00" * 32
    return f"{signing_input.decode('ascii')}.{b64u(sig)}"


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def rsa_jwk(key: rsa.RSAPrivateKey) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
    return {"kty": "RSA", "n": b64u(n), "e": b64u(e)}


def ec_jwk(key: ec.EllipticCurvePrivateKey) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64u(numbers.x.to_bytes(32, "big")),
            "y": b64u(numbers.y.to_bytes(32, "big"))}


def ed_jwk(key: ed25519.Ed25519PrivateKey) -> dict[str, str]:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64u(raw)}


def ed_raw(key: ed25519.Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def pem(key: rsa.RSAPrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def doc(url: str, value: Any, *, when: datetime = FETCHED, status: int = 200) -> CachedDocument:
    body = value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")
    return CachedDocument(url, body, when, status)


def memory(*docs: CachedDocument) -> MemorySource:
    return MemorySource(docs)


def svg_vcjwt() -> str:
    root = DefusedET.parse(str(FIXTURES / "1edtech-obv3-baked-vcjwt.svg")).getroot()
    element = root.find(OB3_NS)
    assert element is not None
    token = element.get("verify")
    assert token
    return str(token)


def png_itxt(path: Path, keyword: str) -> str:
    """The text of the first uncompressed ``iTXt`` chunk named ``keyword`` (tiny chunk walker)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset = 8
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        crc = data[offset + 8 + length : offset + 12 + length]
        assert struct.unpack(">I", crc)[0] == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"iTXt":
            name, _, rest = body.partition(b"\x00")
            if name.decode("latin-1") == keyword:
                assert rest[0] == 0, "compressed iTXt"
                _lang, _, rest = rest[2:].partition(b"\x00")
                _translated, _, text = rest.partition(b"\x00")
                return text.decode("utf-8")
        if kind == b"IEND":
            break
        offset += 12 + length
    raise AssertionError(f"no iTXt {keyword} in {path.name}")
