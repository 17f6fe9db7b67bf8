"""The proof-suite registry: which proofs this app verifies, and the ones it knowingly does not.

**A new proof suite goes here**: write ``verify/suites/<suite>.py`` with one
:class:`~portfolio_app.verify.suites.base.Suite` (its name, key types, transform, verify and
sign functions), add it to :data:`SUITES`, and add its tests (published vectors plus
credentials signed in the test for the negative cases).  Everything every proof shares — type
and purpose checks, key resolution and binding to the issuer, proof sets, bounded context-
variant retries, work limits — stays in :mod:`portfolio_app.verify.dataintegrity`.
"""

from __future__ import annotations

from portfolio_app.verify.suites import (
    ecdsa_jcs_2019,
    ecdsa_rdfc_2019,
    ecdsa_sd_2023,
    ed25519_signature_2020,
    eddsa_jcs_2022,
    eddsa_rdfc_2022,
)
from portfolio_app.verify.suites.base import SigningKey, Suite, Transform

SUITES: tuple[Suite, ...] = (
    eddsa_rdfc_2022.SUITE,
    eddsa_rdfc_2022.LEGACY,
    ed25519_signature_2020.SUITE,
    ecdsa_rdfc_2019.SUITE,
    eddsa_jcs_2022.SUITE,
    ecdsa_jcs_2019.SUITE,
    ecdsa_sd_2023.SUITE,
)

# Suites found in the wild that are deliberately not verified (yet), each with its reason.
NOT_VERIFIED: dict[str, str] = {
    "bbs-2023": "bbs-2023 selective-disclosure proofs are not verified yet",
}
# Older proof types (no cryptosuite) that are known but not verified.
KNOWN_PROOF_TYPES = frozenset(
    {
        "RsaSignature2018",
        "JsonWebSignature2020",
        "Ed25519Signature2018",
        "EcdsaSecp256k1Signature2019",
        "MerkleProof2019",
    }
)

_BY_KEY: dict[tuple[str, str | None], Suite] = {
    (s.proof_type, s.name if s.has_cryptosuite else None): s for s in SUITES
}


def find(proof_type: str, cryptosuite: str | None) -> Suite | None:
    """The suite for a proof's ``type`` (and ``cryptosuite`` for a DataIntegrityProof)."""
    return _BY_KEY.get((proof_type, cryptosuite if proof_type == "DataIntegrityProof" else None))


def suite_named(name: str) -> Suite:
    """The suite called ``name`` (a cryptosuite or a legacy proof type), for signing."""
    for suite in SUITES:
        if suite.name == name:
            return suite
    raise KeyError(name)


__all__ = [
    "KNOWN_PROOF_TYPES",
    "NOT_VERIFIED",
    "SUITES",
    "SigningKey",
    "Suite",
    "Transform",
    "find",
    "suite_named",
]
