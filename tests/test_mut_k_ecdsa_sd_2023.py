"""ecdsa-sd-2023 edges the mutation run (issue 8 §5) found unguarded.

Each test reaches one refusal (or one acceptance at a boundary) of
:mod:`portfolio_app.verify.suites.ecdsa_sd_2023` through real behaviour: proof values built
byte by byte here, derived proofs signed here with P-256 keys made here.  A wrong boundary in
the strict CBOR reader, a repeated mandatory index or a non-mandatory issuer statement would
each let a proof verify over a graph the issuer did not sign, or refuse a proof that is fine.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from test_suite_ecdsa_sd_2023 import (
    DERIVED,
    ISSUER,
    load,
    proof_of,
    signature,
    statements,
    verify,
    with_proof,
)
from verify_di_support import ob3_credential

from portfolio_app.verify.canon import WorkLimitExceeded
from portfolio_app.verify.suites import ecdsa_sd_2023 as sd
from portfolio_app.verify.verdict import Status


def _components() -> list[Any]:
    proof = proof_of(load(DERIVED))
    return [
        proof.base_signature,
        proof.proof_key,
        list(proof.signatures),
        dict(proof.labels),
        list(proof.mandatory_indexes),
    ]


def _raw(components: list[Any]) -> bytes:
    return sd.DERIVED_HEADER + cbor2.dumps(components)


def _value(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _refusal(raw: bytes) -> str:
    with pytest.raises(sd.SdProofError) as caught:
        sd.parse_proof_value(_value(raw))
    assert caught.value.outcome == "malformed"
    return caught.value.reason


# --- the base64url layer -----------------------------------------------------------------------


def test_a_body_one_past_a_multiple_of_four_is_not_base64url() -> None:
    """Five base64url characters cannot encode whole bytes: refused by the length check,
    before any decoding."""
    with pytest.raises(sd.SdProofError) as caught:
        sd.parse_proof_value("u2V0BA")
    assert caught.value.outcome == "malformed"
    assert "not valid base64url after the 'u'" in caught.value.reason


# --- the strict CBOR reader: length heads --------------------------------------------------------


@pytest.mark.parametrize("head", [0x9C, 0x9D, 0x9E])
def test_a_reserved_length_head_is_malformed(head: int) -> None:
    """Additional information 28-30 is reserved in RFC 8949: no length to read."""
    raw = _raw(_components())
    assert raw[3] == 0x85  # the five-component array head
    reason = _refusal(raw[:3] + bytes([head]) + raw[4:])
    assert "indefinite or reserved length" in reason


@pytest.mark.parametrize("info", [24, 25, 26, 27])
def test_a_long_form_length_head_is_read(info: int) -> None:
    """A length written in 1, 2, 4 or 8 following bytes (27 = 8 bytes, the longest) is a
    length like any other: the proof still parses to the same components."""
    raw = _raw(_components())
    size = 1 << (info - 24)
    long_form = raw[:3] + bytes([0x80 | info]) + (5).to_bytes(size, "big") + raw[4:]
    assert sd.parse_proof_value(_value(long_form)) == sd.parse_proof_value(_value(raw))


@pytest.mark.parametrize("index", [24, 300, 70_000])
def test_a_length_argument_that_ends_the_value_is_read(index: int) -> None:
    """The last mandatory index needs 1, 2 or 4 argument bytes; they end the proof value
    exactly, which is not "ending early"."""
    components = _components()
    components[4] = [index]
    proof = sd.parse_proof_value(_value(_raw(components)))
    assert proof.mandatory_indexes == (index,)


def test_a_value_cut_inside_a_length_argument_ends_early() -> None:
    components = _components()
    components[4] = [300]  # 0x19 0x01 0x2c at the very end
    reason = _refusal(_raw(components)[:-1])
    assert "ends early" in reason


def test_a_value_cut_between_two_components_ends_early() -> None:
    """Everything up to the mandatory indexes, then nothing: the next head is missing."""
    components = _components()
    raw = _raw(components)
    cut = raw[: -len(cbor2.dumps(components[4]))]
    assert "ends early" in _refusal(cut)


def test_signatures_that_are_not_an_array_are_malformed() -> None:
    components = _components()
    components[2] = b"\x01" * 64
    assert "signatures is bytes, not an array" in _refusal(_raw(components))


# --- bounded work: the exact limit ---------------------------------------------------------------


def test_the_statement_limit_is_exactly_4096_signatures() -> None:
    """4,096 signatures are read (the limit is a size a credential can have); 4,097 are too
    complex before any is read."""
    components = _components()
    components[2] = [b"\x01" * 64] * 4_096
    assert len(sd.parse_proof_value(_value(_raw(components))).signatures) == 4_096
    components[2] = [b"\x01" * 64] * 4_097
    with pytest.raises(WorkLimitExceeded, match="4,097 signatures"):
        sd.parse_proof_value(_value(_raw(components)))


# --- mandatory indexes ---------------------------------------------------------------------------


def _forged_indexes(signed: dict[str, Any], indexes: tuple[int, ...]) -> dict[str, Any]:
    proof = proof_of(signed)
    return with_proof(
        signed,
        sd.DerivedProof(
            proof.base_signature, proof.proof_key, proof.signatures, proof.labels, indexes
        ),
    )


def test_a_mandatory_index_listed_twice_is_tampered() -> None:
    """Listed twice, one index would still select the same mandatory statements (so the base
    signature verifies): refused as not strictly increasing."""
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    first, *rest = proof_of(signed).mandatory_indexes
    verdict = verify(_forged_indexes(signed, (first, first, *rest)))
    assert verdict.status is Status.TAMPERED
    assert "not listed in order" in signature(verdict).detail


def test_a_mandatory_index_just_past_the_statements_is_tampered() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did))
    proof = proof_of(signed)
    count = len(statements(signed, proof))
    verdict = verify(_forged_indexes(signed, (*proof.mandatory_indexes, count)))
    assert verdict.status is Status.TAMPERED
    assert f"names mandatory statement {count + 1}" in signature(verdict).detail


# --- relabelling -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "x .",  # no blank node, not an N-Quad
        "_:c14n0 <urn:p> <urn:o>",  # no final " ."
        '_:c14n0 <urn:p> "open .',  # a literal never closed
        '_:c14n0 <urn:p> "x"y .',  # text glued to the literal
    ],
)
def test_a_line_not_shaped_like_an_nquad_is_kept_as_it_is(line: str) -> None:
    """Such a line is left alone (it then matches no signature) rather than renamed by a
    guess at its terms."""
    assert sd.relabel(line + "\n", {0: b"\x00" * 32}) == [line + "\n"]


def test_utf16_sorting_keeps_a_lone_surrogate() -> None:
    """Sorting by UTF-16 code units does not fail on a lone surrogate (0xD800 sorts before the
    pair 0xD834 0xDD1E).  Credentials never bring one here (``preflight`` refuses them), but
    :func:`relabel` is public and must not raise on any ``str``."""
    nquads = '<urn:a> <urn:p> "\U0001d11e" .\n<urn:a> <urn:p> "\ud800" .\n'
    assert sd.relabel(nquads, {}) == [
        '<urn:a> <urn:p> "\ud800" .\n',
        '<urn:a> <urn:p> "\U0001d11e" .\n',
    ]


# --- what a signer here makes mandatory ----------------------------------------------------------

CRED = "https://www.w3.org/2018/credentials#"


@pytest.mark.parametrize(
    "predicate",
    [
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        CRED + "issuer",
        CRED + "validFrom",
        CRED + "validUntil",
        CRED + "issuanceDate",
        CRED + "expirationDate",
        CRED + "credentialStatus",
    ],
)
def test_the_issuer_the_dates_the_types_and_the_status_are_mandatory(predicate: str) -> None:
    """A holder must never be able to withhold who issued it, when it expires, what it is or
    where its revocation status is."""
    assert sd.mandatory_by_default(f"_:uAAA <{predicate}> <urn:o> .\n") is True


@pytest.mark.parametrize(
    "statement",
    [
        '_:uAAA <https://purl.imsglobal.org/spec/vc/ob/vocab.html#name> "A" .\n',
        "<https://www.w3.org/2018/credentials#issuer>\n",  # not a statement at all
    ],
)
def test_other_statements_may_be_withheld(statement: str) -> None:
    assert sd.mandatory_by_default(statement) is False


def test_a_credential_signed_here_cannot_drop_its_expiry() -> None:
    signed = ISSUER.sign(ob3_credential(ISSUER.did, validUntil="2030-01-01T00:00:00Z"))
    proof = proof_of(signed)
    full = statements(signed, proof)
    mandatory = [full[i] for i in proof.mandatory_indexes]
    assert any(CRED + "validUntil" in s for s in mandatory)
    assert any(CRED + "issuer" in s for s in mandatory)
    dropped = copy.deepcopy(signed)
    del dropped["validUntil"]
    assert verify(dropped).status is Status.TAMPERED


# --- check_derived and sign_derived directly ---------------------------------------------------

NQUADS = (
    '<urn:a> <urn:p> "one" .\n'
    '<urn:a> <urn:p> "two" .\n'
    "<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:T> .\n"
)
PROOF_HASH = hashlib.sha256(b"the proof configuration").digest()


def _signed_here() -> tuple[sd.DerivedProof, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    proof = sd.sign_derived(NQUADS, PROOF_HASH, key, mandatory=sd.mandatory_by_default)
    return proof, public


def test_a_bad_statement_signature_names_which_statement() -> None:
    proof, public = _signed_here()
    assert proof.mandatory_indexes == (0,) and len(proof.signatures) == 2
    assert sd.check_derived(proof, NQUADS, PROOF_HASH, "P-256", public) is None
    first, _ = proof.signatures
    swapped = sd.DerivedProof(
        proof.base_signature, proof.proof_key, (first, first), proof.labels, (0,)
    )
    found = sd.check_derived(swapped, NQUADS, PROOF_HASH, "P-256", public)
    assert found is not None and "disclosed statement 2 of 2 does not match" in found
    changed = NQUADS.replace('"one"', '"uno"')
    found = sd.check_derived(proof, changed, PROOF_HASH, "P-256", public)
    assert found is not None and "disclosed statement 1 of 2 does not match" in found


@pytest.mark.parametrize(
    "key",
    [ec.generate_private_key(ec.SECP384R1()), ed25519.Ed25519PrivateKey.generate()],
    ids=["P-384", "Ed25519"],
)
def test_sign_derived_refuses_a_key_that_is_not_p256(key: Any) -> None:
    with pytest.raises(ValueError, match="P-256 private key"):
        sd.sign_derived(NQUADS, PROOF_HASH, key, mandatory=sd.mandatory_by_default)


def test_a_value_cut_inside_a_byte_string_ends_early() -> None:
    """Cut inside the base signature: the byte string is short, and is refused as such."""
    raw = _raw(_components())
    assert "ends early" in _refusal(raw[:40])
