"""``eddsa-jcs-2022`` (vc-di-eddsa §3.3): Ed25519 over the JSON itself.

    hashData = SHA-256(JCS(proof config)) || SHA-256(JCS(document without proof))

JCS is RFC 8785 (:mod:`portfolio_app.verify.suites.jcs`).  What the app shows still comes from
the JSON-LD graph of that same signed JSON (see :mod:`portfolio_app.verify.dataintegrity`).
"""

from __future__ import annotations

from portfolio_app.verify.suites import _ed25519
from portfolio_app.verify.suites.base import Suite

SUITE = Suite(
    name="eddsa-jcs-2022",
    proof_type="DataIntegrityProof",
    key_types=("Ed25519",),
    transform="jcs",
    verify=_ed25519.verify,
    sign=_ed25519.sign,
    signature_lengths={"Ed25519": _ed25519.SIGNATURE_LENGTH},
    digests={"Ed25519": "sha256"},
)
