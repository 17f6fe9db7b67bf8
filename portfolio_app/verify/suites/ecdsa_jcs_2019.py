"""``ecdsa-jcs-2019`` (vc-di-ecdsa §3.4): ECDSA (P-256 / P-384) over the JSON itself.

hashData = H(JCS(proof config)) || H(JCS(document without proof)), H as for ecdsa-rdfc-2019
"""

from __future__ import annotations

from portfolio_app.verify.suites import _ecdsa
from portfolio_app.verify.suites.base import Suite

SUITE = Suite(
    name="ecdsa-jcs-2019",
    proof_type="DataIntegrityProof",
    key_types=("P-256", "P-384"),
    transform="jcs",
    verify=_ecdsa.verify,
    sign=_ecdsa.sign,
    signature_lengths=_ecdsa.SIGNATURE_LENGTHS,
    digests=_ecdsa.DIGESTS,
)
