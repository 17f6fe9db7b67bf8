"""What the identity use cases return: small frozen dataclasses with ``to_json()``.

Shared by the CLI (``--json``) and the GUI.  None of them holds a private key except
:class:`SigningKeys`, whose ``repr`` and ``to_json`` show public material only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import nacl.signing
from cryptography import x509

from portfolio_app.identity.identity import PdfPrivateKey, certificate_pem, certificate_summary


@dataclass(frozen=True)
class KeysStatus:
    """Which protection is in use, whether it is secure, and why.

    ``protection`` is the one in use, or — before ``create`` — the one ``create`` would pick.
    ``secure`` is false when something on disk weakens it (``problems`` says what); ``usable``
    is false when the keys cannot be opened now (keychain locked or gone).
    """

    exists: bool
    did: str | None
    name: str | None
    protection: str
    secure: bool
    usable: bool
    reason: str
    problems: tuple[str, ...]
    keychain: Mapping[str, Any]
    kdf: str | None
    needs_passphrase: bool
    pdf_source: str | None
    pdf_certificate: Mapping[str, str] | None
    key_count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "exists": self.exists,
            "did": self.did,
            "name": self.name,
            "protection": self.protection,
            "secure": self.secure,
            "usable": self.usable,
            "reason": self.reason,
            "problems": list(self.problems),
            "keychain": dict(self.keychain),
            "kdf": self.kdf,
            "needs_passphrase": self.needs_passphrase,
            "pdf_source": self.pdf_source,
            "pdf_certificate": dict(self.pdf_certificate) if self.pdf_certificate else None,
            "key_count": self.key_count,
        }


@dataclass(frozen=True)
class IdentityCreated:
    did: str
    name: str
    protection: str
    reason: str
    pdf_certificate: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "did": self.did,
            "name": self.name,
            "protection": self.protection,
            "reason": self.reason,
            "pdf_certificate": dict(self.pdf_certificate),
        }


@dataclass(frozen=True)
class KeysRotated:
    did: str
    previous_did: str
    pdf_rotated: bool
    key_count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "did": self.did,
            "previous_did": self.previous_did,
            "pdf_rotated": self.pdf_rotated,
            "key_count": self.key_count,
        }


@dataclass(frozen=True)
class PublicKeys:
    """Everything public: current keys, certificate and the whole key history."""

    document: Mapping[str, Any]
    files: tuple[str, ...] = ()

    @property
    def did(self) -> str:
        return str(self.document["did"])

    def to_json(self) -> dict[str, Any]:
        return {**self.document, "files": list(self.files)}


@dataclass(frozen=True)
class PassphraseChanged:
    did: str
    protection: str
    kdf: str

    def to_json(self) -> dict[str, Any]:
        return {"did": self.did, "protection": self.protection, "kdf": self.kdf}


@dataclass(frozen=True)
class CertificateImported:
    did: str
    pdf_certificate: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "did": self.did,
            "pdf_source": "institution",
            "pdf_certificate": dict(self.pdf_certificate),
        }


@dataclass(frozen=True)
class KeysForBackup:
    """Files to put in a backup under ``keys/``: the secrets re-sealed under the backup
    passphrase (never the keychain, which does not travel), and the public files as they are."""

    did: str
    files: Mapping[str, bytes] = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"did": self.did, "files": sorted(self.files)}


@dataclass(frozen=True)
class KeysRestored:
    did: str
    protection: str
    restored: bool

    def to_json(self) -> dict[str, Any]:
        return {"did": self.did, "protection": self.protection, "restored": self.restored}


@dataclass(frozen=True, repr=False)
class SigningKeys:
    """Unlocked keys for export: Ed25519 for the presentation, the PDF key + certificate."""

    did: str
    verification_method: str
    ed25519: nacl.signing.SigningKey = field(compare=False)
    pdf_key: PdfPrivateKey = field(compare=False)
    pdf_certificate: x509.Certificate
    pdf_chain: tuple[x509.Certificate, ...] = ()

    def __repr__(self) -> str:
        return f"SigningKeys(did={self.did!r}, private keys hidden)"

    def to_json(self) -> dict[str, Any]:
        return {
            "did": self.did,
            "verificationMethod": self.verification_method,
            "pdf_certificate": certificate_summary(self.pdf_certificate),
            "pdf_certificate_pem": certificate_pem((self.pdf_certificate, *self.pdf_chain)).decode(
                "ascii"
            ),
        }
