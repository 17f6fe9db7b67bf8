"""Passphrase encryption for whole-profile backups.

A backup leaves the machine (USB stick, e-mail, cloud drive), so it is encrypted with a
passphrase the learner chooses, never with the keychain: restoring on another machine must
need nothing but the file and the passphrase.  Same envelope as the keys file
(:mod:`portfolio_app.identity.envelope`), a different magic so one is never taken for the
other.
"""

from __future__ import annotations

import nacl.utils

from portfolio_app.identity.envelope import (
    KdfKind,
    KeyMismatch,
    KeySpec,
    open_sealed,
    read_spec,
    seal,
)
from portfolio_app.identity.errors import SealedFileDamaged, WrongPassphrase
from portfolio_app.identity.kdf import SALT_BYTES, KdfLimits, default_limits, derive_key

BACKUP_MAGIC = b"LPORTBAK"
_WHAT = "the backup file"


def is_encrypted_backup(blob: bytes) -> bool:
    """True when ``blob`` starts like a backup written by :func:`encrypt_with_passphrase`."""
    return blob[: len(BACKUP_MAGIC)] == BACKUP_MAGIC


def encrypt_with_passphrase(
    data: bytes, passphrase: str, *, limits: KdfLimits | None = None
) -> bytes:
    """Encrypt ``data`` (Argon2id with a fresh salt, then SecretBox)."""
    limits = limits or default_limits()
    spec = KeySpec(KdfKind.PASSPHRASE, salt=nacl.utils.random(SALT_BYTES), limits=limits)
    key = derive_key(passphrase, spec.salt, limits)
    return seal(data, key, spec, magic=BACKUP_MAGIC)


def decrypt_with_passphrase(blob: bytes, passphrase: str) -> bytes:
    """Decrypt a backup; :class:`WrongPassphrase` or :class:`SealedFileDamaged` on failure."""
    spec = read_spec(blob, magic=BACKUP_MAGIC, what=_WHAT)
    if spec.kind is not KdfKind.PASSPHRASE or spec.limits is None:
        raise SealedFileDamaged(f"{_WHAT} is not passphrase-encrypted")
    key = derive_key(passphrase, spec.salt, spec.limits)
    try:
        return open_sealed(blob, key, magic=BACKUP_MAGIC, what=_WHAT)
    except KeyMismatch:
        raise WrongPassphrase("the passphrase does not open this backup") from None
