"""The proof-suite registry says what each suite hashes and signs with (mutants ``make
mutation`` left in ``verify/suites/``).

Why these matter: the registry is data read once at import; a suite declared with the wrong
transform, key type or hash would verify (or refuse) proofs by another algorithm than its name
promises, and only a test of the declaration itself notices before a credential does.
"""

from __future__ import annotations

import nacl.exceptions
import nacl.signing
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from portfolio_app.verify import suites
from portfolio_app.verify.suites import _ecdsa, _ed25519


def test_each_suite_hashes_what_its_name_says() -> None:
    """A ``*-jcs-*`` suite signs the JSON text, a ``*-sd-*`` one the RDF graph statement by
    statement (selective disclosure); every other suite signs the RDF graph."""
    for name in (s.name for s in suites.SUITES):
        suite = suites.suite_named(name)  # the suite a signer gets for this name
        expected = "jcs" if "-jcs-" in name else "rdfc-sd" if "-sd-" in name else "rdfc"
        assert suite.transform == expected, name
        found = suites.find(suite.proof_type, name if suite.has_cryptosuite else None)
        assert found is suite  # and the one a verifier gets for such a proof


def test_the_registry_holds_exactly_the_suites_the_app_verifies() -> None:
    declared = {
        (s.name, s.proof_type, s.key_types, s.lengths, tuple(s.digests.items()))
        for s in suites.SUITES
    }
    ed25519 = (("Ed25519",), (64,), (("Ed25519", "sha256"),))
    ecdsa = (("P-256", "P-384"), (64, 96), (("P-256", "sha256"), ("P-384", "sha384")))
    assert declared == {
        ("eddsa-rdfc-2022", "DataIntegrityProof", *ed25519),
        ("eddsa-2022", "DataIntegrityProof", *ed25519),
        ("eddsa-jcs-2022", "DataIntegrityProof", *ed25519),
        ("Ed25519Signature2020", "Ed25519Signature2020", *ed25519),
        ("ecdsa-rdfc-2019", "DataIntegrityProof", *ecdsa),
        ("ecdsa-jcs-2019", "DataIntegrityProof", *ecdsa),
        # the base signature of a selective-disclosure proof is fixed at P-256 by the spec
        ("ecdsa-sd-2023", "DataIntegrityProof", ("P-256",), (64,), (("P-256", "sha256"),)),
    }


def test_suites_are_found_by_name_for_signing_and_others_are_refused() -> None:
    for suite in suites.SUITES:
        assert suites.suite_named(suite.name) is suite
    with pytest.raises(KeyError):
        suites.suite_named("bbs-2023")


def test_the_key_words_name_every_key_type_of_the_suite() -> None:
    assert suites.suite_named("ecdsa-rdfc-2019").key_words() == "P-256 or P-384"
    assert suites.suite_named("eddsa-jcs-2022").key_words() == "Ed25519"
    assert suites.suite_named("ecdsa-jcs-2019").digest("P-384") == "sha384"


def test_the_ecdsa_curves_and_hashes_are_paired() -> None:
    assert _ecdsa.DIGESTS == {"P-256": "sha256", "P-384": "sha384"}
    assert _ecdsa.SIGNATURE_LENGTHS == {"P-256": 64, "P-384": 96}
    assert _ed25519.SIGNATURE_LENGTH == 64


def test_a_bad_ed25519_signature_is_answered_false_not_left_unanswered() -> None:
    """``Suite.verify`` answers a bool: False for a signature that does not verify."""
    seed = bytes([91]) * 32
    public_key = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    good = _ed25519.sign(seed, b"data")
    assert _ed25519.ed25519_verify(public_key, good, b"data") is True
    assert _ed25519.ed25519_verify(public_key, good, b"other data") is False
    assert _ed25519.ed25519_verify(public_key[:31], good, b"data") is False  # not a key
    assert _ed25519.verify("Ed25519", public_key, bytes(64), b"data") is False


def test_an_unexpected_libsodium_failure_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any other PyNaCl error (a libsodium fault, not a bad signature) is still 'does not
    verify', never an exception that skips the check or a pass."""

    def broken(self: object, message: bytes, signature: bytes) -> bytes:
        raise nacl.exceptions.CryptoError("libsodium failed")

    monkeypatch.setattr(nacl.signing.VerifyKey, "verify", broken)
    seed = bytes([92]) * 32
    public_key = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    assert _ed25519.ed25519_verify(public_key, _ed25519.sign(seed, b"data"), b"data") is False


def test_an_ecdsa_suite_cannot_sign_with_an_ed25519_seed() -> None:
    with pytest.raises(ValueError, match="P-256 or P-384 private key"):
        _ecdsa.sign(bytes(32), b"data")
