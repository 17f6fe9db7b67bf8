"""multibase and did:key refusals: every malformed key text is refused with its own sentence.

These branches decide whether a proof's key or signature bytes are read at all; a refusal that
silently decodes something else would hand the signature check the wrong bytes.  Written to
close gaps found by ``make mutation`` (tools/mutation.py); each test states the behaviour.
"""

from __future__ import annotations

import pytest

from portfolio_app.verify import multibase
from portfolio_app.verify.didkey import (
    KeyResolutionError,
    did_key_from_ed25519,
    did_key_verification_method,
    ed25519_multibase,
    ed25519_public_key_from_did_key,
    ed25519_public_key_from_multibase,
)


def test_encodings_match_known_vectors() -> None:
    # base58btc("hello") is "Cn8eVZg"; base64url("hello") is "aGVsbG8" (padding dropped).
    assert multibase.encode_base58btc(b"hello") == "zCn8eVZg"
    assert multibase.encode_base64url(b"hello") == "uaGVsbG8"
    assert multibase.decode("zCn8eVZg") == b"hello"
    assert multibase.decode("uaGVsbG8") == b"hello"


@pytest.mark.parametrize("value", ["", None, 42])
def test_decode_refuses_empty_and_non_text(value: object) -> None:
    with pytest.raises(multibase.MultibaseError, match="empty value"):
        multibase.decode(value)  # type: ignore[arg-type]


def test_decode_refuses_base64url_that_does_not_decode() -> None:
    # One character cannot be a whole base64 quantum, whatever padding is added.
    with pytest.raises(multibase.MultibaseError, match="base64url text after 'u' is not valid"):
        multibase.decode("uA")


@pytest.mark.parametrize("value", ["uaGVsbG8", "Cn8eVZg", "", None])
def test_base58btc_decoder_refuses_anything_without_the_z_prefix(value: object) -> None:
    with pytest.raises(multibase.MultibaseError, match="starting with 'z'"):
        multibase.decode_base58btc(value)  # type: ignore[arg-type]


def test_base58btc_decoder_refuses_a_bare_prefix() -> None:
    with pytest.raises(multibase.MultibaseError, match="value is empty"):
        multibase.decode_base58btc("z")
    with pytest.raises(multibase.MultibaseError, match="value is empty"):
        multibase.decode("z")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (b"\x80\x24", "P-256"),
        (b"\x81\x24", "P-384"),
        (b"\xe7\x01", "secp256k1"),
        (b"\xec\x01", "X25519"),
        (b"\x85\x24", "RSA"),
    ],
)
def test_other_key_types_are_named_not_decoded(header: bytes, name: str) -> None:
    value = multibase.encode_base58btc(header + bytes(32))
    with pytest.raises(KeyResolutionError, match=f"is a {name} key, not an Ed25519 key"):
        ed25519_public_key_from_multibase(value)


@pytest.mark.parametrize("length", [31, 33])
def test_only_32_byte_keys_are_encoded(length: int) -> None:
    with pytest.raises(KeyResolutionError, match=f"this one has {length}"):
        ed25519_multibase(bytes(length))
    with pytest.raises(KeyResolutionError, match="32 bytes"):
        did_key_from_ed25519(bytes(length))


@pytest.mark.parametrize("length", [31, 33])
def test_only_32_byte_keys_are_decoded(length: int) -> None:
    value = multibase.encode_base58btc(b"\xed\x01" + bytes(length))
    with pytest.raises(KeyResolutionError, match=f"this one has {length}"):
        ed25519_public_key_from_multibase(value)


def test_a_key_of_32_bytes_round_trips_through_every_form() -> None:
    key = bytes(range(1, 33))
    did = did_key_from_ed25519(key)
    method = did_key_verification_method(key)
    assert did.startswith("did:key:z6Mk")
    assert method == f"{did}#{did.removeprefix('did:key:')}"
    assert ed25519_multibase(key) == did.removeprefix("did:key:")
    for form in (did, method, ed25519_multibase(key)):
        assert ed25519_public_key_from_did_key(form) == key


@pytest.mark.parametrize(
    ("did", "method"),
    [("did:web:example.com", "web"), ("did:jwk:eyJr", "jwk"), ("did:ex", "ex")],
)
def test_another_did_method_is_named_in_the_refusal(did: str, method: str) -> None:
    with pytest.raises(KeyResolutionError, match=f"^did:{method} is not a did:key identifier"):
        ed25519_public_key_from_did_key(did)
