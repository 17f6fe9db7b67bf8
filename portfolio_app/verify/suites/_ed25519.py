"""Ed25519 for the eddsa suites: verify through PyNaCl, sign with ``cryptography``.

PyNaCl/libsodium's ``crypto_sign_verify_detached`` refuses small-order and non-canonical
public keys and non-canonical signatures (``S >= L``), which ``cryptography`` (OpenSSL) accepts
in some versions: a signature that only a lenient library accepts must not verify here.
"""

from __future__ import annotations

import nacl.exceptions
import nacl.signing
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from portfolio_app.verify.didkey import KeyType
from portfolio_app.verify.suites.base import SigningKey

SIGNATURE_LENGTH = 64


def ed25519_verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``data`` by ``public_key``."""
    try:
        nacl.signing.VerifyKey(bytes(public_key)).verify(bytes(data), bytes(signature))
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError):
        return False
    except nacl.exceptions.CryptoError:
        return False
    return True


def verify(key_type: KeyType, public_key: bytes, signature: bytes, data: bytes) -> bool:
    return key_type == "Ed25519" and ed25519_verify(public_key, signature, data)


def sign(private_key: SigningKey, data: bytes) -> bytes:
    if not isinstance(private_key, bytes) or len(private_key) != 32:
        raise ValueError("an Ed25519 private key seed has 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(data)
