"""The one binary envelope for secrets at rest: keys files and encrypted backups.

Layout (all integers big-endian)::

    magic (8) | version (1) | kdf (1) | kdf params | check (16) | nonce (24) | SecretBox box

    kdf 1 = keychain:   params = KEK id (16)          the KEK is a random key in the keychain
    kdf 2 = argon2id:   params = salt (16) | opslimit (u32) | memlimit (u64)

Why the pieces:

* *magic* keeps a keys file from being opened as a backup and vice versa.
* *version* lets a newer app change the format; an older one refuses with a clear message.
* *check* is a keyed BLAKE2b of a constant under the key.  It lets us tell "wrong passphrase"
  from "file altered" — SecretBox alone fails the same way for both.  It reveals nothing an
  attacker could not learn by trying to open the box, which is as slow (Argon2id first).
* The header is repeated *inside* the box and compared after decryption, so changing any
  header byte (even one the key derivation does not use) is detected.
"""

from __future__ import annotations

import hmac
import struct
from dataclasses import dataclass
from enum import StrEnum

import nacl.exceptions
import nacl.secret
import nacl.utils
from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from portfolio_app.identity.errors import SealedFileDamaged
from portfolio_app.identity.kdf import KEY_BYTES, SALT_BYTES, KdfLimits, check_limits

VERSION = 1
MAGIC_LEN = 8
KEK_ID_BYTES = 16
CHECK_BYTES = 16
_CHECK_CONTEXT = b"learner-portfolio key check v1"
_KDF_IDS = {1: "keychain", 2: "passphrase"}


class KdfKind(StrEnum):
    """Where the sealing key comes from."""

    KEYCHAIN = "keychain"
    PASSPHRASE = "passphrase"  # noqa: S105 - a kind name, not a password


@dataclass(frozen=True)
class KeySpec:
    """The public half of "how to get the key": a keychain entry id, or Argon2id salt+limits."""

    kind: KdfKind
    kek_id: bytes = b""
    salt: bytes = b""
    limits: KdfLimits | None = None

    def encode(self) -> bytes:
        if self.kind is KdfKind.KEYCHAIN:
            if len(self.kek_id) != KEK_ID_BYTES:
                raise ValueError("a keychain KEK id has 16 bytes")
            return b"\x01" + self.kek_id
        if self.limits is None or len(self.salt) != SALT_BYTES:
            raise ValueError("a passphrase spec needs a 16-byte salt and limits")
        return b"\x02" + self.salt + struct.pack(">IQ", self.limits.opslimit, self.limits.memlimit)


class KeyMismatch(Exception):
    """The key is not the one this envelope was sealed with (wrong passphrase or KEK)."""


def key_check(key: bytes) -> bytes:
    """16-byte keyed hash that identifies ``key`` without revealing it."""
    return bytes(blake2b(_CHECK_CONTEXT, digest_size=CHECK_BYTES, key=key, encoder=RawEncoder))


def _header(magic: bytes, spec: KeySpec, key: bytes) -> bytes:
    if len(magic) != MAGIC_LEN:
        raise ValueError("magic must have 8 bytes")
    return magic + bytes([VERSION]) + spec.encode() + key_check(key)


def seal(payload: bytes, key: bytes, spec: KeySpec, *, magic: bytes) -> bytes:
    """Encrypt ``payload`` under the 32-byte ``key``; ``spec`` says how to get the key back."""
    if len(key) != KEY_BYTES:
        raise ValueError("the sealing key must have 32 bytes")
    header = _header(magic, spec, key)
    box = nacl.secret.SecretBox(key)
    nonce = nacl.utils.random(nacl.secret.SecretBox.NONCE_SIZE)
    return header + bytes(box.encrypt(header + payload, nonce))


def _parse(blob: bytes, magic: bytes, what: str) -> tuple[KeySpec, bytes, int]:
    """(spec, stored check, offset of the nonce); :class:`SealedFileDamaged` when unreadable."""
    if blob[:MAGIC_LEN] != magic:
        raise SealedFileDamaged(f"{what} is not a Learner Portfolio file of the expected kind")
    if len(blob) < MAGIC_LEN + 2:
        raise SealedFileDamaged(f"{what} is truncated")
    version = blob[MAGIC_LEN]
    if version != VERSION:
        raise SealedFileDamaged(
            f"{what} was written by a newer version of Learner Portfolio (format {version}); "
            "update the app to open it"
        )
    kdf_id = blob[MAGIC_LEN + 1]
    pos = MAGIC_LEN + 2
    try:
        kind = KdfKind(_KDF_IDS[kdf_id])
    except KeyError:
        raise SealedFileDamaged(f"{what} names an unknown key source ({kdf_id})") from None
    if kind is KdfKind.KEYCHAIN:
        spec = KeySpec(kind, kek_id=blob[pos : pos + KEK_ID_BYTES])
        pos += KEK_ID_BYTES
    else:
        salt = blob[pos : pos + SALT_BYTES]
        pos += SALT_BYTES
        if len(blob) < pos + 12:
            raise SealedFileDamaged(f"{what} is truncated")
        opslimit, memlimit = struct.unpack(">IQ", blob[pos : pos + 12])
        pos += 12
        limits = KdfLimits(opslimit, memlimit)
        check_limits(limits)
        spec = KeySpec(kind, salt=salt, limits=limits)
    check = blob[pos : pos + CHECK_BYTES]
    pos += CHECK_BYTES
    min_len = pos + nacl.secret.SecretBox.NONCE_SIZE + nacl.secret.SecretBox.MACBYTES
    if len(blob) < min_len:
        raise SealedFileDamaged(f"{what} is truncated")
    return spec, check, pos


def read_spec(blob: bytes, *, magic: bytes, what: str) -> KeySpec:
    """How the envelope's key is obtained (no key needed)."""
    return _parse(blob, magic, what)[0]


def open_sealed(blob: bytes, key: bytes, *, magic: bytes, what: str) -> bytes:
    """Decrypt; :class:`KeyMismatch` for the wrong key, :class:`SealedFileDamaged` if altered."""
    _spec, check, pos = _parse(blob, magic, what)
    if not hmac.compare_digest(check, key_check(key)):
        raise KeyMismatch
    header = blob[:pos]
    try:
        plain = bytes(nacl.secret.SecretBox(key).decrypt(blob[pos:]))
    except nacl.exceptions.CryptoError:
        raise SealedFileDamaged(
            f"{what} has been damaged or altered (its authentication tag does not match)"
        ) from None
    if not hmac.compare_digest(plain[: len(header)], header):
        raise SealedFileDamaged(f"{what} has been altered (its header was changed)")
    return plain[len(header) :]


def key_matches(blob: bytes, key: bytes, *, magic: bytes, what: str) -> bool:
    """True when ``key`` is the one ``blob`` was sealed with (checks the header only)."""
    _spec, check, _pos = _parse(blob, magic, what)
    return hmac.compare_digest(check, key_check(key))
