"""Argon2id key derivation: turning a passphrase into a 32-byte key.

Defaults are libsodium's *moderate* limits (3 passes, 256 MiB).  Measured on the 2-core
development VM they take about 0.8 s per derivation: slow enough that guessing a passphrase
from a stolen USB stick is expensive, fast enough that unlocking (one derivation) and
changing the passphrase (two) stay within a couple of seconds on a lab PC.  The limits are
stored in each file's header, so files written with other limits (tests use tiny ones)
still open, and the defaults can be raised later without breaking old files.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from nacl import pwhash

from portfolio_app.identity.errors import SealedFileDamaged, WeakPassphrase

KEY_BYTES = 32
SALT_BYTES = pwhash.argon2id.SALTBYTES
MIN_PASSPHRASE_CHARS = 8

# Refuse headers asking for more than this, so a crafted file cannot make us allocate
# gigabytes or spin for minutes before the MAC check fails.
_MAX_OPSLIMIT = 10
_MAX_MEMLIMIT = pwhash.argon2id.MEMLIMIT_SENSITIVE


@dataclass(frozen=True)
class KdfLimits:
    """Argon2id cost: passes over memory (``opslimit``) and memory in bytes (``memlimit``)."""

    opslimit: int
    memlimit: int

    @property
    def weak(self) -> bool:
        """Below libsodium's *interactive* limits: fine for tests, not for real keys."""
        return (
            self.opslimit < pwhash.argon2id.OPSLIMIT_INTERACTIVE
            or self.memlimit < pwhash.argon2id.MEMLIMIT_INTERACTIVE
        )

    def describe(self) -> str:
        mem = self.memlimit / (1024 * 1024)
        size = f"{mem:g} MiB" if mem >= 1 else f"{self.memlimit // 1024} KiB"
        return f"Argon2id, {self.opslimit} pass{'es' if self.opslimit != 1 else ''}, {size}"


MODERATE = KdfLimits(pwhash.argon2id.OPSLIMIT_MODERATE, pwhash.argon2id.MEMLIMIT_MODERATE)
INTERACTIVE = KdfLimits(pwhash.argon2id.OPSLIMIT_INTERACTIVE, pwhash.argon2id.MEMLIMIT_INTERACTIVE)
#: Tests only: the smallest limits libsodium accepts.
TEST_LIMITS = KdfLimits(pwhash.argon2id.OPSLIMIT_MIN, pwhash.argon2id.MEMLIMIT_MIN)

#: What new files are sealed with.  Read at call time (not bound as a default argument) so a
#: test can lower it for code paths that do not take ``limits``, such as the CLI.
DEFAULT_LIMITS = MODERATE


def default_limits() -> KdfLimits:
    return DEFAULT_LIMITS


def check_limits(limits: KdfLimits) -> None:
    """Refuse limits libsodium would reject or that a hostile header could abuse."""
    if not (pwhash.argon2id.OPSLIMIT_MIN <= limits.opslimit <= _MAX_OPSLIMIT) or not (
        pwhash.argon2id.MEMLIMIT_MIN <= limits.memlimit <= _MAX_MEMLIMIT
    ):
        raise SealedFileDamaged(
            "the file asks for key-derivation limits outside the supported range",
            detail=f"opslimit={limits.opslimit} memlimit={limits.memlimit}",
        )


def passphrase_bytes(passphrase: str) -> bytes:
    """NFC-normalised UTF-8, so the same passphrase typed on another OS derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, salt: bytes, limits: KdfLimits) -> bytes:
    """32-byte key from ``passphrase`` with Argon2id."""
    check_limits(limits)
    return bytes(
        pwhash.argon2id.kdf(
            KEY_BYTES,
            passphrase_bytes(passphrase),
            salt,
            opslimit=limits.opslimit,
            memlimit=limits.memlimit,
        )
    )


def check_new_passphrase(passphrase: str) -> None:
    """A new passphrase must have at least :data:`MIN_PASSPHRASE_CHARS` characters."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphrase(f"choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters")
