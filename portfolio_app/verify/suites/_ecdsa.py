"""ECDSA on P-256 (SHA-256) and P-384 (SHA-384) for the ecdsa suites.

Data Integrity writes an ECDSA signature as raw ``r || s`` (IEEE P1363, each half the curve's
size), while ``cryptography`` takes DER; :func:`verify` converts, and refuses a signature of
the wrong length for the key's curve before converting (a P-384 signature is never "tried"
with a P-256 key).  ``r`` and ``s`` outside ``[1, n-1]`` are refused by OpenSSL.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from portfolio_app.verify.didkey import KeyType
from portfolio_app.verify.suites.base import SigningKey

CURVES: dict[KeyType, ec.EllipticCurve] = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}
HALF: dict[KeyType, int] = {"P-256": 32, "P-384": 48}
SIGNATURE_LENGTHS: dict[KeyType, int] = {"P-256": 64, "P-384": 96}
DIGESTS: dict[KeyType, str] = {"P-256": "sha256", "P-384": "sha384"}
_HASHES: dict[KeyType, type[hashes.HashAlgorithm]] = {
    "P-256": hashes.SHA256,
    "P-384": hashes.SHA384,
}


def verify(key_type: KeyType, public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` (r||s) is a valid ECDSA signature of ``data`` by the key."""
    curve = CURVES.get(key_type)
    if curve is None or len(signature) != SIGNATURE_LENGTHS[key_type]:
        return False
    half = HALF[key_type]
    r = int.from_bytes(signature[:half], "big")
    s = int.from_bytes(signature[half:], "big")
    try:
        key = ec.EllipticCurvePublicKey.from_encoded_point(curve, bytes(public_key))
        key.verify(encode_dss_signature(r, s), bytes(data), ec.ECDSA(_HASHES[key_type]()))
    except (InvalidSignature, ValueError):
        return False
    return True


def key_type_of(private_key: ec.EllipticCurvePrivateKey) -> KeyType:
    name = private_key.curve.name
    if name == "secp256r1":
        return "P-256"
    if name == "secp384r1":
        return "P-384"
    raise ValueError(f"the curve {name} is not P-256 or P-384")


def sign(private_key: SigningKey, data: bytes) -> bytes:
    """An r||s signature of ``data`` (for tests and benchmarks)."""
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        raise ValueError("an ECDSA suite signs with a P-256 or P-384 private key")
    key_type = key_type_of(private_key)
    der = private_key.sign(bytes(data), ec.ECDSA(_HASHES[key_type]()))
    r, s = decode_dss_signature(der)
    half = HALF[key_type]
    return r.to_bytes(half, "big") + s.to_bytes(half, "big")
