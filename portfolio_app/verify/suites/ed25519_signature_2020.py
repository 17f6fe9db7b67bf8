"""``Ed25519Signature2020``: the pre-Data-Integrity Ed25519 proof type, still issued by
DCC tools.  Same hashing as eddsa-rdfc-2022; the proof has no ``cryptosuite`` and its terms
come from the ed25519-2020 context, which the document must therefore name.
"""

from __future__ import annotations

from portfolio_app.verify.suites import _ed25519
from portfolio_app.verify.suites.base import Suite

ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"

SUITE = Suite(
    name="Ed25519Signature2020",
    proof_type="Ed25519Signature2020",
    key_types=("Ed25519",),
    transform="rdfc",
    verify=_ed25519.verify,
    sign=_ed25519.sign,
    signature_lengths={"Ed25519": _ed25519.SIGNATURE_LENGTH},
    digests={"Ed25519": "sha256"},
    required_context=ED25519_2020_CONTEXT,
)
