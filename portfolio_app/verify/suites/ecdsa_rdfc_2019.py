"""``ecdsa-rdfc-2019`` (vc-di-ecdsa §3.2): ECDSA over the RDF-canonicalized graph.

    H        = SHA-256 for a P-256 key, SHA-384 for a P-384 key
    hashData = H(URDNA2015(proof config)) || H(URDNA2015(document))
    ECDSA-verify(publicKey, r||s, hashData)  (the curve's hash again, inside ECDSA)

Keys are Multikey ``zDn…`` (P-256) / ``z82…`` (P-384), compressed points.
"""

from __future__ import annotations

from portfolio_app.verify.suites import _ecdsa
from portfolio_app.verify.suites.base import Suite

SUITE = Suite(
    name="ecdsa-rdfc-2019",
    proof_type="DataIntegrityProof",
    key_types=("P-256", "P-384"),
    transform="rdfc",
    verify=_ecdsa.verify,
    sign=_ecdsa.sign,
    signature_lengths=_ecdsa.SIGNATURE_LENGTHS,
    digests=_ecdsa.DIGESTS,
)
