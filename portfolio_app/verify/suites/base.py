"""What a proof suite is: its name, the keys it takes, how it turns a document into bytes,
how it checks (and, for tests and benchmarks, makes) a signature.

A suite is data plus two functions, so :mod:`portfolio_app.verify.dataintegrity` can run the
checks every Data Integrity proof shares (type, purpose, dates, key binding, proof sets,
bounded retries) once, and each suite only says what differs.  Adding a suite is one module
under ``verify/suites/`` and one line in :data:`portfolio_app.verify.suites.SUITES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from cryptography.hazmat.primitives.asymmetric import ec

from portfolio_app.verify.didkey import KeyType

Transform = Literal["rdfc", "jcs", "rdfc-sd"]
"""``rdfc``: RDF Dataset Canonicalization (URDNA2015) of the JSON-LD graph; ``jcs``: the JSON
text itself, canonicalized by RFC 8785; ``rdfc-sd``: the canonical statements one by one, as a
selective-disclosure proof signs them (``ecdsa-sd-2023``)."""

SigningKey = bytes | ec.EllipticCurvePrivateKey
"""A 32-byte Ed25519 seed, or a P-256 / P-384 private key (``cryptography``)."""


@dataclass(frozen=True)
class Suite:
    """One proof suite.

    ``name`` is what a proof calls it: the ``cryptosuite`` of a ``DataIntegrityProof``, or the
    proof ``type`` itself for the older suites that have no cryptosuite.  ``digest`` names the
    hashlib hash used for the two halves of the signed data for a key type (ECDSA on P-384
    hashes with SHA-384).  ``verify(key_type, public_key, signature, data)`` never raises for
    a bad signature or key: it answers False.
    """

    name: str
    proof_type: str
    key_types: tuple[KeyType, ...]
    transform: Transform
    verify: Callable[[KeyType, bytes, bytes, bytes], bool]
    sign: Callable[[SigningKey, bytes], bytes]
    signature_lengths: dict[KeyType, int]
    digests: dict[KeyType, str]
    required_context: str | None = None  # a context the proof's terms need in the document

    @cached_property
    def lengths(self) -> tuple[int, ...]:
        """Every signature length this suite's key types allow, ascending."""
        return tuple(sorted(set(self.signature_lengths.values())))

    @property
    def has_cryptosuite(self) -> bool:
        return self.proof_type == "DataIntegrityProof"

    def digest(self, key_type: KeyType) -> str:
        return self.digests[key_type]

    def key_words(self) -> str:
        """The key types this suite signs with, for sentences ("Ed25519", "P-256 or P-384")."""
        return " or ".join(self.key_types)
