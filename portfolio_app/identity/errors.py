"""Errors of the identity layer, each one sentence a learner can act on.

Messages never contain key material, a passphrase or a KEK: they name what went wrong and
what to do, and the technical detail (an exception type, a path) goes in ``detail``.
"""

from __future__ import annotations

from portfolio_app.errors import PortfolioError


class IdentityError(PortfolioError):
    """Base for every error of :mod:`portfolio_app.identity`."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class WrongPassphrase(IdentityError):
    """The passphrase does not open the sealed keys or the encrypted backup."""


class SealedFileDamaged(IdentityError):
    """A sealed or encrypted file is truncated, altered, or written by a newer version."""


class KeychainUnavailable(IdentityError):
    """The OS keychain is refused, missing, locked or did not answer in time."""


class PassphraseRequired(IdentityError):
    """The keys are (or must be) sealed under a passphrase and none was given."""


class WeakPassphrase(IdentityError):
    """A new passphrase too short to protect keys that may be copied off the machine."""


class NoIdentity(IdentityError):
    """The profile has no learner identity yet (``portfolio keys create``)."""


class IdentityExists(IdentityError):
    """``create`` would overwrite an identity; rotation is the way to get new keys."""


class CertificateImportError(IdentityError):
    """A PKCS#12 file that cannot serve as the PDF-signing certificate."""
