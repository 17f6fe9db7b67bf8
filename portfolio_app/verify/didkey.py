"""did:key and Multikey: the key *is* the identifier, so it resolves fully offline.

``did:key:z6Mk…`` = ``did:key:`` + ``z`` + base58btc(``0xed 0x01`` + 32 key bytes); the
verification method is normally ``did:key:X#X`` (a bare ``did:key:X`` is accepted too, as in the
1EdTech fixture ``simple-did-key-method.json``).  The same multicodec encoding is used by
``publicKeyMultibase`` in ``Multikey`` / ``Ed25519VerificationKey2020`` documents.

The ECDSA suites use the same Multikey form for NIST curves: ``zDn…`` = P-256 (multicodec
``0x1200``, varint ``0x80 0x24``) and ``z82…`` = P-384 (``0x1201``, ``0x81 0x24``), each followed
by the SEC1 *compressed* point (33 / 49 bytes).  :func:`public_key_from_multikey` decodes any
of the three and checks that an EC point is on its curve, so a bad key is refused here with a
sentence rather than deep inside a signature check.
"""

from __future__ import annotations

import threading
from typing import Literal

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_app.errors import PortfolioError
from portfolio_app.verify.multibase import MultibaseError, decode_base58btc, encode_base58btc

DID_KEY_PREFIX = "did:key:"
ED25519_PUB_MULTICODEC = b"\xed\x01"
ED25519_KEY_LENGTH = 32

KeyType = Literal["Ed25519", "P-256", "P-384"]

P256_PUB_MULTICODEC = b"\x80\x24"
P384_PUB_MULTICODEC = b"\x81\x24"
# Multicodec header → (key type, length of the key bytes after it).
_MULTIKEY_TYPES: dict[bytes, tuple[KeyType, int]] = {
    ED25519_PUB_MULTICODEC: ("Ed25519", ED25519_KEY_LENGTH),
    P256_PUB_MULTICODEC: ("P-256", 33),
    P384_PUB_MULTICODEC: ("P-384", 49),
}
_CURVES: dict[str, ec.EllipticCurve] = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}

# Multicodec headers of other key types, to give a useful sentence instead of "bad header".
_OTHER_KEY_TYPES: dict[bytes, str] = {
    b"\x80\x24": "P-256",
    b"\x81\x24": "P-384",
    b"\x82\x24": "P-521",
    b"\xe7\x01": "secp256k1",
    b"\xec\x01": "X25519",
    b"\x85\x24": "RSA",
}


class KeyResolutionError(PortfolioError):
    """A key identifier that cannot be turned into an Ed25519 public key (one sentence)."""


def ed25519_public_key_from_multibase(value: str) -> bytes:
    """Decode a ``publicKeyMultibase`` (``z`` + base58btc(0xed01 + 32 bytes)) to 32 raw bytes."""
    try:
        raw = decode_base58btc(value)
    except MultibaseError as exc:
        raise KeyResolutionError(f"the public key is not base58btc multibase: {exc}") from exc
    if raw[:2] != ED25519_PUB_MULTICODEC:
        other = _OTHER_KEY_TYPES.get(raw[:2])
        if other:
            raise KeyResolutionError(f"the key is a {other} key, not an Ed25519 key")
        raise KeyResolutionError("the key does not start with the Ed25519 multicodec header 0xed01")
    key = raw[2:]
    if len(key) != ED25519_KEY_LENGTH:
        raise KeyResolutionError(f"an Ed25519 public key has 32 bytes, this one has {len(key)}")
    return key


def public_key_from_multikey(value: str) -> tuple[KeyType, bytes]:
    """Decode a Multikey ``publicKeyMultibase`` (Ed25519, P-256 or P-384) to (type, raw bytes).

    EC keys must be compressed SEC1 points on their curve (what Multikey prescribes); the raw
    bytes returned are that compressed point.
    """
    try:
        raw = decode_base58btc(value)
    except MultibaseError as exc:
        raise KeyResolutionError(f"the public key is not base58btc multibase: {exc}") from exc
    found = _MULTIKEY_TYPES.get(raw[:2])
    if found is None:
        other = _OTHER_KEY_TYPES.get(raw[:2])
        if other:
            raise KeyResolutionError(f"the key is a {other} key, which no suite here verifies")
        raise KeyResolutionError("the key does not start with a known Multikey header")
    key_type, length = found
    key = raw[2:]
    if len(key) != length:
        raise KeyResolutionError(
            f"a {key_type} public key has {length} bytes, this one has {len(key)}"
        )
    if key_type != "Ed25519":
        if key[0] not in (2, 3):
            raise KeyResolutionError(f"the {key_type} key is not a compressed point")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(_CURVES[key_type], key)
        except ValueError as exc:
            raise KeyResolutionError(f"the {key_type} key is not a point on its curve") from exc
    return key_type, key


def public_key_from_did_key(did: str) -> tuple[KeyType, bytes]:
    """(type, raw key) of ``did:key:z6Mk…`` / ``zDn…`` / ``z82…`` (also ``did:key:X#X``, ``X``).

    Remembered by the exact identifier string: a wallet's credentials name a handful of
    issuer keys thousands of times, and decoding one (base58, and for an EC key the curve
    check) is a pure function of that string.  The value is a tuple of a string and
    ``bytes``, both immutable, so no caller can change what the next one gets; a refused
    identifier is not remembered (it raises again each time, with the same sentence).
    """
    if not isinstance(did, str):
        return public_key_from_multikey(did_key_identifier(did))
    found = _DECODED_KEYS.get(did)
    if found is None:
        found = public_key_from_multikey(did_key_identifier(did))
        with _DECODED_KEYS_LOCK:
            if len(_DECODED_KEYS) >= _DECODED_KEYS_SIZE:
                _DECODED_KEYS.clear()  # bounded: a hostile batch of keys cannot grow it
            _DECODED_KEYS[did] = found
    return found


_DECODED_KEYS_SIZE = 256
_DECODED_KEYS: dict[str, tuple[KeyType, bytes]] = {}
_DECODED_KEYS_LOCK = threading.Lock()


def ec_multikey(public_key: ec.EllipticCurvePublicKey) -> str:
    """``z`` + base58btc(header + compressed point): the Multikey form of a P-256/P-384 key."""
    point = public_key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    header = {"secp256r1": P256_PUB_MULTICODEC, "secp384r1": P384_PUB_MULTICODEC}.get(
        public_key.curve.name
    )
    if header is None:
        raise KeyResolutionError(f"the curve {public_key.curve.name} has no Multikey form here")
    return encode_base58btc(header + point)


def ed25519_multibase(public_key: bytes) -> str:
    """``z`` + base58btc(0xed01 + key): the ``publicKeyMultibase`` form of a 32-byte key."""
    if len(public_key) != ED25519_KEY_LENGTH:
        raise KeyResolutionError(
            f"an Ed25519 public key has 32 bytes, this one has {len(public_key)}"
        )
    return encode_base58btc(ED25519_PUB_MULTICODEC + bytes(public_key))


def did_key_identifier(did: str) -> str:
    """The multibase part of ``did:key:X``, ``did:key:X#X`` or a bare ``X`` (``z6Mk…``)."""
    if not isinstance(did, str) or not did:
        raise KeyResolutionError("the key identifier is empty")
    value = did
    if value.startswith(DID_KEY_PREFIX):
        value = value[len(DID_KEY_PREFIX) :]
    elif value.startswith("did:"):
        method = value.split(":", 2)[1]
        raise KeyResolutionError(f"did:{method} is not a did:key identifier")
    ident, _, fragment = value.partition("#")
    if fragment and fragment != ident:
        raise KeyResolutionError(
            "the did:key fragment must repeat the key identifier (did:key:X#X)"
        )
    if not ident.startswith("z"):
        raise KeyResolutionError("a did:key identifier must start with 'z' (base58btc)")
    return ident


def ed25519_public_key_from_did_key(did: str) -> bytes:
    """The 32-byte Ed25519 public key inside ``did:key:z6Mk…`` (or ``did:key:X#X`` / bare ``X``).

    Raises :class:`KeyResolutionError` with one sentence when it is not an Ed25519 did:key.
    """
    return ed25519_public_key_from_multibase(did_key_identifier(did))


def did_key_from_ed25519(public_key: bytes) -> str:
    """``did:key:z6Mk…`` for a 32-byte Ed25519 public key."""
    return DID_KEY_PREFIX + ed25519_multibase(public_key)


def did_key_verification_method(public_key: bytes) -> str:
    """``did:key:X#X``: the conventional verification method id for the key."""
    did = did_key_from_ed25519(public_key)
    return f"{did}#{did[len(DID_KEY_PREFIX) :]}"
