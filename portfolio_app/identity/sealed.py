"""The sealed keys file: private keys encrypted under a KEK, and how to get that KEK back.

``keys/secrets.sealed`` is an :mod:`~portfolio_app.identity.envelope` with its own magic.
Its header says whether the KEK is a random key in the OS keychain (by id) or is derived
from a passphrase (Argon2id salt and limits), so opening needs nothing but the file and, in
the second case, the passphrase.  Written atomically with mode 0600.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import nacl.utils

from portfolio_app.fsutil import SECRET_MODE, atomic_write
from portfolio_app.identity.envelope import (
    KEK_ID_BYTES,
    KdfKind,
    KeyMismatch,
    KeySpec,
    key_matches,
    open_sealed,
    read_spec,
    seal,
)
from portfolio_app.identity.errors import (
    KeychainUnavailable,
    PassphraseRequired,
    WrongPassphrase,
)
from portfolio_app.identity.kdf import KEY_BYTES, SALT_BYTES, KdfLimits, derive_key
from portfolio_app.identity.kek import DEFAULT_TIMEOUT, KeychainKek, find_keychain

KEYS_MAGIC = b"LPORTKEY"
WHAT = "the sealed keys file"


class SealingKey:
    """A KEK together with its public :class:`KeySpec`.  Never printed."""

    __slots__ = ("_key", "keychain", "spec")

    def __init__(self, spec: KeySpec, key: bytes, keychain: KeychainKek | None = None) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("a KEK has 32 bytes")
        self.spec = spec
        self._key = key
        self.keychain = keychain

    def __repr__(self) -> str:
        return f"SealingKey({self.spec.kind.value}, key hidden)"

    def seal(self, payload: bytes) -> bytes:
        return seal(payload, self._key, self.spec, magic=KEYS_MAGIC)

    def open(self, blob: bytes) -> bytes:
        """Decrypt ``blob``; the wrong key gives a clear, kind-specific error."""
        try:
            return open_sealed(blob, self._key, magic=KEYS_MAGIC, what=WHAT)
        except KeyMismatch:
            if self.spec.kind is KdfKind.PASSPHRASE:
                raise WrongPassphrase("the passphrase does not open the keys") from None
            raise KeychainUnavailable(
                "the key in the keychain does not open this profile's keys"
            ) from None


def new_keychain_key(keychain: KeychainKek) -> SealingKey:
    """A fresh random KEK, stored in the keychain under a fresh id."""
    spec = KeySpec(KdfKind.KEYCHAIN, kek_id=secrets.token_bytes(KEK_ID_BYTES))
    kek = nacl.utils.random(KEY_BYTES)
    keychain.store(spec.kek_id, kek)
    return SealingKey(spec, kek, keychain)


def new_passphrase_key(passphrase: str, limits: KdfLimits) -> SealingKey:
    """A KEK derived from ``passphrase`` with a fresh salt."""
    spec = KeySpec(KdfKind.PASSPHRASE, salt=nacl.utils.random(SALT_BYTES), limits=limits)
    return SealingKey(spec, derive_key(passphrase, spec.salt, limits))


def sealed_spec(blob: bytes) -> KeySpec:
    return read_spec(blob, magic=KEYS_MAGIC, what=WHAT)


def unlock(
    blob: bytes, *, passphrase: str | None, keychain_timeout: float = DEFAULT_TIMEOUT
) -> tuple[SealingKey, bytes]:
    """Recover the KEK named by ``blob``'s header and open it: ``(key, payload)``."""
    spec = sealed_spec(blob)
    if spec.kind is KdfKind.KEYCHAIN:
        choice = find_keychain(keychain_timeout)
        if choice.backend is None:
            raise KeychainUnavailable(
                "the keys are kept with the OS keychain, which is not usable now: "
                + "; ".join(choice.refusals)
            )
        keychain = KeychainKek(choice.backend, timeout=keychain_timeout)
        key = SealingKey(spec, keychain.load(spec.kek_id), keychain)
    else:
        if passphrase is None:
            raise PassphraseRequired("the keys are sealed under a passphrase; enter it to go on")
        assert spec.limits is not None  # guaranteed by the envelope parser
        key = SealingKey(spec, derive_key(passphrase, spec.salt, spec.limits))
    return key, key.open(blob)


def write_sealed(path: Path, blob: bytes) -> None:
    atomic_write(path, blob, mode=SECRET_MODE)


def keychain_holds_key(blob: bytes, keychain: KeychainKek) -> None:
    """Raise :class:`KeychainUnavailable` unless ``keychain`` has the KEK for ``blob``.

    Used by ``keys status``: it reads the KEK but decrypts nothing.
    """
    kek = keychain.load(sealed_spec(blob).kek_id)
    if not key_matches(blob, kek, magic=KEYS_MAGIC, what=WHAT):
        raise KeychainUnavailable("the key in the keychain does not open this profile's keys")
