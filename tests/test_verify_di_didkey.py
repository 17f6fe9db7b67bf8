"""multibase + did:key: the offline key format every Ed25519 proof here depends on."""

from __future__ import annotations

import pytest

from portfolio_app.verify import multibase
from portfolio_app.verify.didkey import (
    KeyResolutionError,
    did_key_from_ed25519,
    ed25519_public_key_from_did_key,
)

W3C_DID = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_KEY_HEX = "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"


@pytest.mark.parametrize(
    "form", [W3C_DID, W3C_DID + "#" + W3C_DID[8:], W3C_DID[8:], W3C_DID + "#" + W3C_DID[8:]]
)
def test_did_key_forms_decode_to_the_same_key(form: str) -> None:
    assert ed25519_public_key_from_did_key(form).hex() == W3C_KEY_HEX


def test_did_key_round_trip() -> None:
    key = bytes(range(32))
    did = did_key_from_ed25519(key)
    assert did.startswith("did:key:z6Mk")
    assert ed25519_public_key_from_did_key(did) == key


@pytest.mark.parametrize(
    ("did", "words"),
    [
        ("did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", "P-256"),
        ("did:web:example.com", "not a did:key"),
        (W3C_DID + "#other", "fragment"),
        ("did:key:6MkrJVn", "start with 'z'"),
        ("did:key:z0OIl", "base58"),
        ("did:key:" + multibase.encode_base58btc(b"\xed\x01" + bytes(31)), "32 bytes"),
        ("did:key:" + multibase.encode_base58btc(b"\x12\x34" + bytes(32)), "0xed01"),
        ("", "empty"),
    ],
)
def test_bad_did_keys_raise_a_sentence(did: str, words: str) -> None:
    with pytest.raises(KeyResolutionError, match=words):
        ed25519_public_key_from_did_key(did)


def test_multibase_round_trips() -> None:
    data = bytes(range(200))
    assert multibase.decode(multibase.encode_base58btc(data)) == data
    assert multibase.decode(multibase.encode_base64url(data)) == data
    with pytest.raises(multibase.MultibaseError, match="prefix"):
        multibase.decode("mAAAA")
    with pytest.raises(multibase.MultibaseError, match="padded"):
        multibase.decode("uAA==")
