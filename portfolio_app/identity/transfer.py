"""Moving keys between machines inside a backup.

The keychain does not travel, so a backup carries the private keys re-sealed under the
backup passphrase; restoring seals them for the new machine (its keychain if it has an
acceptable one, else they stay under that passphrase).  The public files travel as they are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from cryptography import x509

from portfolio_app.fsutil import PUBLIC_MODE, atomic_write
from portfolio_app.identity.errors import IdentityError, IdentityExists, KeychainUnavailable
from portfolio_app.identity.identity import KeyMaterial
from portfolio_app.identity.kdf import KdfLimits, default_limits
from portfolio_app.identity.kek import DEFAULT_TIMEOUT, ProtectionMode, choose_protection
from portfolio_app.identity.results import KeysForBackup, KeysRestored
from portfolio_app.identity.sealed import (
    new_keychain_key,
    new_passphrase_key,
    sealed_spec,
    unlock,
)
from portfolio_app.identity.store import (
    CERT_FILE,
    HISTORY_FILE,
    KEYS_DIR,
    SEALED_FILE,
    KeyFolder,
    unlock_material,
)


def keys_for_backup(
    data_dir: Path,
    backup_passphrase: str,
    *,
    passphrase: str | None = None,
    limits: KdfLimits | None = None,
    keychain_timeout: float = DEFAULT_TIMEOUT,
) -> KeysForBackup:
    """The ``keys/…`` files for a backup, secrets re-sealed under the backup passphrase.

    The keychain does not travel with a backup, so the copy is always passphrase-sealed.  The
    caller encrypts the whole backup with the same passphrase on top
    (:func:`~portfolio_app.identity.backup_crypto.encrypt_with_passphrase`).
    """
    folder = KeyFolder(data_dir)
    _key, material = unlock_material(folder, passphrase, keychain_timeout)
    backup_key = new_passphrase_key(backup_passphrase, limits or default_limits())
    files = {
        f"{KEYS_DIR}/{SEALED_FILE}": backup_key.seal(material.to_payload()),
        f"{KEYS_DIR}/{HISTORY_FILE}": folder.history_path.read_bytes(),
        f"{KEYS_DIR}/{CERT_FILE}": folder.cert_path.read_bytes(),
    }
    return KeysForBackup(material.did, files)


def restore_keys(
    data_dir: Path,
    files: Mapping[str, bytes],
    backup_passphrase: str,
    *,
    protection: ProtectionMode = "auto",
    keychain_timeout: float = DEFAULT_TIMEOUT,
) -> KeysRestored:
    """Bring keys from :func:`keys_for_backup` into ``data_dir``, sealed for this machine.

    With a usable keychain (``auto``) they move under a new keychain KEK; otherwise they stay
    sealed under the backup passphrase.  A profile that already holds a *different* identity
    is refused; the same identity is left as it is.
    """
    try:
        blob = files[f"{KEYS_DIR}/{SEALED_FILE}"]
        history = files[f"{KEYS_DIR}/{HISTORY_FILE}"]
        certs = files[f"{KEYS_DIR}/{CERT_FILE}"]
    except KeyError as exc:
        raise IdentityError(f"the backup lacks {exc.args[0]}") from None
    backup_key, payload = unlock(blob, passphrase=backup_passphrase)
    material = KeyMaterial.from_payload(payload)
    try:
        listed = json.loads(history)["keys"][-1]["did"]
        cert_list = tuple(x509.load_pem_x509_certificates(certs))
    except (ValueError, KeyError, IndexError, TypeError):
        raise IdentityError("the backup's public key files are damaged") from None
    if listed != material.did:
        raise IdentityError("the backup's public key list does not match its sealed keys")
    folder = KeyFolder(data_dir)
    if folder.exists():
        current = folder.current().get("did")
        if current != material.did:
            raise IdentityExists(
                f"this profile already has another identity ({current}); restore into an "
                "empty profile"
            )
        return KeysRestored(material.did, sealed_spec(folder.read_sealed()).kind.value, False)
    key = backup_key  # already sealed under the backup passphrase: keep that blob as it is
    if protection != "passphrase":
        chosen = choose_protection(timeout=keychain_timeout)
        if chosen.keychain is not None:
            key = new_keychain_key(chosen.keychain)
        elif protection == "keychain":
            raise KeychainUnavailable(f"the OS keychain cannot be used: {chosen.reason}")
    folder.write_sealed(blob if key is backup_key else key.seal(material.to_payload()))
    folder.write_certificate(cert_list)
    atomic_write(folder.history_path, history, mode=PUBLIC_MODE)
    return KeysRestored(material.did, key.spec.kind.value, True)
