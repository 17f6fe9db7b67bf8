"""``eddsa-rdfc-2022`` (vc-di-eddsa §3.2) and its legacy name ``eddsa-2022``.

    hashData = SHA-256(URDNA2015(proof config)) || SHA-256(URDNA2015(document))
    Ed25519.verify(publicKey, proofValue, hashData)

The proof config carries the document's ``@context``.
"""

from __future__ import annotations

from portfolio_app.verify.suites import _ed25519
from portfolio_app.verify.suites.base import Suite


def _suite(name: str) -> Suite:
    return Suite(
        name=name,
        proof_type="DataIntegrityProof",
        key_types=("Ed25519",),
        transform="rdfc",
        verify=_ed25519.verify,
        sign=_ed25519.sign,
        signature_lengths={"Ed25519": _ed25519.SIGNATURE_LENGTH},
        digests={"Ed25519": "sha256"},
    )


SUITE = _suite("eddsa-rdfc-2022")
LEGACY = _suite("eddsa-2022")  # the draft name the same algorithm was published under
