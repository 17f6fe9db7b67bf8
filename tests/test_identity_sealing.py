"""The encrypted file format: round trips, wrong keys, tampering, hostile headers."""

from __future__ import annotations

import os
import struct

import pytest

from portfolio_app.identity import kdf
from portfolio_app.identity.backup_crypto import (
    decrypt_with_passphrase,
    encrypt_with_passphrase,
    is_encrypted_backup,
)
from portfolio_app.identity.envelope import MAGIC_LEN, KdfKind, KeySpec, open_sealed, seal
from portfolio_app.identity.errors import SealedFileDamaged, WrongPassphrase
from portfolio_app.identity.sealed import KEYS_MAGIC, new_passphrase_key, unlock, write_sealed

LOW = kdf.TEST_LIMITS
PAYLOAD = b"learner portfolio backup zip bytes" * 10


def test_backup_round_trip_with_passphrase() -> None:
    blob = encrypt_with_passphrase(PAYLOAD, "a long passphrase", limits=LOW)
    assert is_encrypted_backup(blob)
    assert PAYLOAD not in blob
    assert decrypt_with_passphrase(blob, "a long passphrase") == PAYLOAD


def test_same_passphrase_typed_in_another_unicode_form_opens() -> None:
    """A learner restoring on a Mac (NFD) what they wrote on Windows (NFC)."""
    blob = encrypt_with_passphrase(PAYLOAD, "Fran\u00e7oise-pass", limits=LOW)
    assert decrypt_with_passphrase(blob, "Franc\u0327oise-pass") == PAYLOAD


def test_wrong_passphrase_is_a_clear_error() -> None:
    blob = encrypt_with_passphrase(PAYLOAD, "a long passphrase", limits=LOW)
    with pytest.raises(WrongPassphrase, match="passphrase does not open this backup"):
        decrypt_with_passphrase(blob, "another passphrase")


@pytest.mark.parametrize("where", ["ciphertext", "last byte", "nonce", "salt", "version",
                                   "check", "truncated", "magic"])
def test_tampered_backup_is_a_clear_error(where: str) -> None:
    blob = bytearray(encrypt_with_passphrase(PAYLOAD, "a long passphrase", limits=LOW))
    salt_at = MAGIC_LEN + 2
    check_at = salt_at + 16 + 12
    nonce_at = check_at + 16
    if where == "truncated":
        blob = blob[: nonce_at + 10]
    else:
        index = {"ciphertext": nonce_at + 24 + 20, "last byte": len(blob) - 1,
                 "nonce": nonce_at + 3, "salt": salt_at + 1, "version": MAGIC_LEN,
                 "check": check_at, "magic": 0}[where]
        blob[index] ^= 0x01
    expected: type[Exception] = SealedFileDamaged
    if where in ("salt", "check"):
        # A different salt derives a different key: indistinguishable from a wrong passphrase.
        expected = WrongPassphrase
    with pytest.raises(expected) as info:
        decrypt_with_passphrase(bytes(blob), "a long passphrase")
    assert "backup" in str(info.value) or where == "version"


def test_header_claiming_a_newer_version_is_refused_by_name() -> None:
    blob = bytearray(encrypt_with_passphrase(PAYLOAD, "a long passphrase", limits=LOW))
    blob[MAGIC_LEN] = 9
    with pytest.raises(SealedFileDamaged, match="newer version"):
        decrypt_with_passphrase(bytes(blob), "a long passphrase")


def test_hostile_limits_are_refused_before_deriving() -> None:
    """A crafted header must not make us allocate 4 GiB before the MAC check fails."""
    blob = bytearray(encrypt_with_passphrase(PAYLOAD, "a long passphrase", limits=LOW))
    at = MAGIC_LEN + 2 + 16
    blob[at : at + 12] = struct.pack(">IQ", 3, 4 * 1024**3)
    with pytest.raises(SealedFileDamaged, match="limits"):
        decrypt_with_passphrase(bytes(blob), "a long passphrase")


def test_a_keys_file_is_not_taken_for_a_backup() -> None:
    key = new_passphrase_key("a long passphrase", LOW)
    with pytest.raises(SealedFileDamaged, match="expected kind"):
        decrypt_with_passphrase(key.seal(PAYLOAD), "a long passphrase")


def test_header_change_is_detected_even_where_the_kdf_ignores_it() -> None:
    """The header is repeated inside the box: pointing a keychain file at another KEK id
    (with the same key, so the check still matches) is caught after decryption."""
    key = bytes(range(32))
    spec_a = KeySpec(KdfKind.KEYCHAIN, kek_id=b"A" * 16)
    spec_b = KeySpec(KdfKind.KEYCHAIN, kek_id=b"B" * 16)
    blob_a = seal(PAYLOAD, key, spec_a, magic=KEYS_MAGIC)
    header_len = MAGIC_LEN + 2 + 16 + 16
    forged = seal(b"", key, spec_b, magic=KEYS_MAGIC)[:header_len] + blob_a[header_len:]
    assert open_sealed(blob_a, key, magic=KEYS_MAGIC, what="the file") == PAYLOAD
    with pytest.raises(SealedFileDamaged, match="header was changed"):
        open_sealed(forged, key, magic=KEYS_MAGIC, what="the file")


def test_unlock_with_the_right_passphrase_returns_a_key_that_never_prints() -> None:
    blob = new_passphrase_key("a long passphrase", LOW).seal(PAYLOAD)
    assert blob.startswith(KEYS_MAGIC)
    opened_key, payload = unlock(blob, passphrase="a long passphrase")
    assert payload == PAYLOAD
    assert repr(opened_key) == "SealingKey(passphrase, key hidden)"
    with pytest.raises(WrongPassphrase, match="does not open the keys"):
        unlock(blob, passphrase="not the passphrase")


def test_sealed_file_is_owner_only_and_written_atomically(tmp_path: os.PathLike[str]) -> None:
    from pathlib import Path

    target = Path(tmp_path) / "secrets.sealed"
    write_sealed(target, b"first")
    write_sealed(target, b"second")
    assert target.read_bytes() == b"second"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in Path(tmp_path).iterdir()] == ["secrets.sealed"]


def test_new_passphrase_must_not_be_trivial() -> None:
    from portfolio_app.identity.errors import WeakPassphrase

    with pytest.raises(WeakPassphrase, match="at least 8"):
        kdf.check_new_passphrase("short")
