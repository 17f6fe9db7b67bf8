"""The keychain is used only when it is a real one, answers in time, and keeps the KEK."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from _identity_support import (
    PASSPHRASE,
    HangingKeyring,
    MemoryKeyring,
    PlaintextKeyring,
    fast_kdf,
    use_keyring,
)
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from portfolio_app.identity import service
from portfolio_app.identity.envelope import KdfKind
from portfolio_app.identity.errors import KeychainUnavailable, PassphraseRequired
from portfolio_app.identity.kek import choose_protection, refusal_reason, run_with_timeout

__all__ = ["fast_kdf", "use_keyring"]  # fixtures re-exported for pytest


def test_memory_keychain_is_accepted(use_keyring) -> None:
    use_keyring(MemoryKeyring())
    chosen = choose_protection(timeout=2)
    assert chosen.kind is KdfKind.KEYCHAIN
    assert "MemoryKeyring" in chosen.reason


@pytest.mark.parametrize(
    ("backend", "why"),
    [
        (fail.Keyring(), "no OS keychain is available"),
        (null.Keyring(), "switched off"),
        (PlaintextKeyring(), "keyrings.alt.file.PlaintextKeyring keeps secrets in a file"),
    ],
)
def test_unacceptable_backends_fall_back_to_a_passphrase_with_the_reason(
    use_keyring, backend: object, why: str
) -> None:
    use_keyring(backend)
    chosen = choose_protection(timeout=2)
    assert chosen.kind is KdfKind.PASSPHRASE
    assert chosen.keychain is None
    assert why in chosen.reason
    assert chosen.to_json()["refused"]


def test_a_chainer_is_looked_through_and_plaintext_in_it_is_never_used(
    use_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, real = PlaintextKeyring(), MemoryKeyring()
    monkeypatch.setattr(ChainerBackend, "backends", [plain, real])
    use_keyring(ChainerBackend())
    chosen = choose_protection(timeout=2)
    assert chosen.keychain is not None and chosen.keychain.label.endswith("MemoryKeyring")
    assert any("PlaintextKeyring" in r for r in chosen.refusals)

    monkeypatch.setattr(ChainerBackend, "backends", [plain])
    assert choose_protection(timeout=2).kind is KdfKind.PASSPHRASE


def test_a_hanging_keychain_times_out_and_falls_back_with_a_reason(use_keyring) -> None:
    hanging = use_keyring(HangingKeyring())
    started = time.monotonic()
    try:
        chosen = choose_protection(timeout=0.2)
    finally:
        hanging.release.set()
    assert time.monotonic() - started < 2
    assert chosen.kind is KdfKind.PASSPHRASE
    assert "did not answer within 0.2 s" in chosen.reason


def test_timeout_error_names_the_step_not_the_secret() -> None:
    def boom() -> None:
        raise RuntimeError("secret-value-123")

    with pytest.raises(KeychainUnavailable) as info:
        run_with_timeout(boom, 1, "saving the key-encryption key")
    assert "secret-value-123" not in str(info.value)
    assert "RuntimeError" in str(info.value)


def test_priority_zero_backend_is_refused() -> None:
    class Sleepy(MemoryKeyring):
        priority = 0  # type: ignore[assignment]

    assert "not usable" in (refusal_reason(Sleepy()) or "")


def test_with_the_fail_backend_the_app_works_through_the_passphrase(
    use_keyring, fast_kdf, tmp_path: Path
) -> None:
    """As on this project's machines: keyring offers only its fail backend."""
    use_keyring(fail.Keyring())
    with pytest.raises(PassphraseRequired, match="no OS keychain is available"):
        service.create_identity(tmp_path, name="Ada Lovelace")
    created = service.create_identity(tmp_path, name="Ada Lovelace", passphrase=PASSPHRASE)
    assert created.protection == "passphrase"
    keys = service.load_signing_keys(tmp_path, passphrase=PASSPHRASE)
    assert keys.did == created.did
    status = service.keys_status(tmp_path)
    assert status.protection == "passphrase" and status.needs_passphrase


def test_plaintext_backend_is_refused_and_status_says_why(
    use_keyring, fast_kdf, tmp_path: Path
) -> None:
    plain = use_keyring(PlaintextKeyring())
    before = service.keys_status(tmp_path)
    assert not before.exists and before.protection == "passphrase"
    assert "PlaintextKeyring" in before.reason
    service.create_identity(tmp_path, name="Ada Lovelace", passphrase=PASSPHRASE)
    status = service.keys_status(tmp_path)
    assert status.protection == "passphrase"
    assert "keeps secrets in a file on disk" in status.reason
    assert plain.entries == {}  # nothing was ever written to it


def test_keychain_identity_opens_without_a_passphrase(use_keyring, tmp_path: Path) -> None:
    memory = use_keyring(MemoryKeyring())
    created = service.create_identity(tmp_path, name="Grace Hopper")
    assert created.protection == "keychain"
    assert service.load_signing_keys(tmp_path).did == created.did
    status = service.keys_status(tmp_path)
    assert status.usable and status.secure and not status.needs_passphrase
    [entry] = [u for (_s, u) in memory.entries if u.startswith("kek-")]

    rotated = service.rotate(tmp_path)
    [new_entry] = [u for (_s, u) in memory.entries if u.startswith("kek-")]
    assert new_entry != entry  # a new KEK; the old entry is gone
    assert service.load_signing_keys(tmp_path).did == rotated.did


def test_keychain_that_lost_the_key_is_a_clear_error(use_keyring, tmp_path: Path) -> None:
    memory = use_keyring(MemoryKeyring())
    service.create_identity(tmp_path, name="Grace Hopper")
    memory.entries.clear()
    with pytest.raises(KeychainUnavailable, match="has no key for this profile"):
        service.load_signing_keys(tmp_path)
    status = service.keys_status(tmp_path)
    assert not status.usable and "cannot open them now" in status.reason


def test_keychain_keys_move_to_a_passphrase(use_keyring, fast_kdf, tmp_path: Path) -> None:
    """Preparing a profile for a lab machine that has no keychain."""
    memory = use_keyring(MemoryKeyring())
    created = service.create_identity(tmp_path, name="Grace Hopper")
    changed = service.change_passphrase(tmp_path, new_passphrase=PASSPHRASE)
    assert changed.protection == "passphrase"
    assert not [u for (_s, u) in memory.entries if u.startswith("kek-")]
    use_keyring(fail.Keyring())
    assert service.load_signing_keys(tmp_path, passphrase=PASSPHRASE).did == created.did


def test_keychain_that_hangs_after_create_gives_a_clear_error_not_a_hang(
    use_keyring, tmp_path: Path
) -> None:
    memory = use_keyring(MemoryKeyring())
    service.create_identity(tmp_path, name="Grace Hopper")
    hanging = HangingKeyring()
    hanging.entries = memory.entries
    use_keyring(hanging)
    try:
        with pytest.raises(KeychainUnavailable, match=r"did not answer within 0\.2 s"):
            service.load_signing_keys(tmp_path, keychain_timeout=0.2)
        status = service.keys_status(tmp_path, keychain_timeout=0.2)
    finally:
        hanging.release.set()
    assert status.protection == "keychain" and not status.usable
    assert "did not answer" in status.reason
