"""Shared helpers for the identity tests: an in-memory keyring and a private-key scanner."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from pathlib import Path

import base58
import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from keyring.backend import KeyringBackend

from portfolio_app.identity import kdf
from portfolio_app.identity.envelope import KdfKind
from portfolio_app.identity.sealed import sealed_spec
from portfolio_app.identity.store import KeyFolder

PASSPHRASE = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keychain that lives in a dict: accepted by the vetting, never touches the OS."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class HangingKeyring(MemoryKeyring):
    """Like a locked Secret Service with no desktop to show the unlock prompt."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backend, which keyring picks silently."""


PlaintextKeyring.__module__ = "keyrings.alt.file"

# keyring registers every backend class it sees; keep ours out of its auto-detection so no
# other test can end up with a hanging keychain.
KeyringBackend._classes.difference_update(  # type: ignore[attr-defined]
    {MemoryKeyring, HangingKeyring, PlaintextKeyring}
)


@pytest.fixture
def use_keyring() -> Iterator[object]:
    """Call ``use_keyring(backend)`` to make it keyring's backend for one test."""
    original = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(original)


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> kdf.KdfLimits:
    """Tiny Argon2id limits for every code path that uses the default (e.g. the CLI)."""
    monkeypatch.setattr(kdf, "DEFAULT_LIMITS", kdf.TEST_LIMITS)
    return kdf.TEST_LIMITS


# ----------------------------------------------------------------------------- scanner

_ED25519_PRIV = b"\x80\x26"  # multicodec ed25519-priv
_P256_PRIV = b"\x86\x26"  # multicodec p256-priv (0x1306 as varint)


def _base64_cores(secret: bytes) -> list[bytes]:
    """The base64 characters that depend on ``secret`` only, at each of the 3 alignments,
    so a secret embedded anywhere inside a longer base64 text is still found."""
    cores = []
    for shift in range(3):
        enc = base64.b64encode(b"\0" * shift + secret + b"\0\0")
        start = -(-8 * shift // 6)
        end = (8 * (shift + len(secret))) // 6
        core = enc[start:end]
        cores += [core, core.translate(bytes.maketrans(b"+/", b"-_"))]
    return cores


def encodings(secret: bytes) -> list[bytes]:
    """Every way a secret could plausibly be written: raw, hex, base64(url), base58/multibase."""
    out = [secret, secret.hex().encode(), secret.hex().upper().encode(), *_base64_cores(secret)]
    for prefix in (b"", _ED25519_PRIV, _P256_PRIV):
        b58 = base58.b58encode(prefix + secret)
        out += [b58, b"z" + b58]
    return out


def private_material(data_dir: Path, passphrase: str | None,
                     memory: MemoryKeyring | None = None) -> dict[str, bytes]:
    """Every private secret of the profile as bytes: seeds, keys in DER/PEM, the KEK."""
    from portfolio_app.identity.service import load_signing_keys

    keys = load_signing_keys(data_dir, passphrase=passphrase)
    pdf = keys.pdf_key
    nopw = serialization.NoEncryption()
    secrets = {
        "ed25519 seed": bytes(keys.ed25519),
        "ed25519 64-byte secret key": bytes(keys.ed25519._signing_key),
        "pdf key scalar": pdf.private_numbers().private_value.to_bytes(32, "big"),  # type: ignore[union-attr]
    }
    formats = {"PKCS8": serialization.PrivateFormat.PKCS8,
               "SEC1": serialization.PrivateFormat.TraditionalOpenSSL}
    for label, fmt in formats.items():
        secrets[f"pdf key DER {label}"] = pdf.private_bytes(serialization.Encoding.DER, fmt, nopw)
        secrets[f"pdf key PEM {label}"] = pdf.private_bytes(serialization.Encoding.PEM, fmt, nopw)
    blob = KeyFolder(data_dir).read_sealed()
    spec = sealed_spec(blob)
    if spec.kind is KdfKind.PASSPHRASE:
        assert passphrase is not None and spec.limits is not None
        secrets["KEK"] = kdf.derive_key(passphrase, spec.salt, spec.limits)
        secrets["passphrase"] = passphrase.encode()
    else:
        assert memory is not None
        (stored,) = [v for (_s, u), v in memory.entries.items() if u.startswith("kek-")]
        secrets["KEK"] = base64.b64decode(stored)
    return secrets


def find_leaks(root: Path, secrets: dict[str, bytes]) -> list[str]:
    """``["file: what"]`` for every file under ``root`` holding any encoding of a secret."""
    leaks = []
    needles = [(name, enc) for name, s in secrets.items() for enc in encodings(s)]
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files, "nothing to scan"
    for path in files:
        data = path.read_bytes()
        leaks += [f"{path.relative_to(root)}: {name}" for name, enc in needles if enc in data]
    return sorted(set(leaks))
