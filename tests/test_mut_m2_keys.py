"""Key discovery and binding: edges the older tests left open (found by ``make mutation``).

Every credential here is signed in the test with a key made in the test.  The point of each
test is that a document which does not *exactly* vouch for a key never yields ``verified``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from verify_di_support import NOW, Issuer, ob3_credential, source_with

from portfolio_app.verify.didkey import KeyResolutionError, ed25519_multibase
from portfolio_app.verify.documents import CachedDocument, EmptySource, MemorySource
from portfolio_app.verify.keys import (
    MAX_KEY_DOCUMENT_BYTES,
    bind_key,
    resolve_verification_method,
)
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Status

ALICE = Issuer(43)
ISSUER = "https://college.example/issuer"
KEY_URL = "https://college.example/keys/1"
DID = "did:web:college.example"
DID_URL = "https://college.example/.well-known/did.json"
FETCHED = datetime(2026, 11, 20, tzinfo=UTC)


def _status(docs: MemorySource | EmptySource, issuer: str, vm: str) -> Status:
    signed = ALICE.sign(ob3_credential(issuer), vm=vm)
    return verify_linked_data_credential(signed, docs=docs, now=NOW).status


def _key_doc(key_id: str = KEY_URL, controller: str = ISSUER) -> dict[str, Any]:
    return {
        "id": key_id,
        "type": "Ed25519VerificationKey2020",
        "controller": controller,
        "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
    }


def test_a_key_document_exactly_at_the_size_limit_is_read_and_one_byte_more_is_refused() -> None:
    empty = json.dumps({**_key_doc(), "pad": ""})
    padded = json.dumps({**_key_doc(), "pad": "x" * (MAX_KEY_DOCUMENT_BYTES - len(empty))})
    assert len(padded) == MAX_KEY_DOCUMENT_BYTES
    listing = json.dumps({"id": ISSUER, "assertionMethod": [KEY_URL]}).encode()
    controller = CachedDocument(ISSUER, listing, FETCHED)
    at_limit = MemorySource([CachedDocument(KEY_URL, padded.encode(), FETCHED), controller])
    assert resolve_verification_method(KEY_URL, at_limit).source == "controller-document-cache"
    assert _status(at_limit, ISSUER, KEY_URL) is Status.VERIFIED
    over = padded[:-2] + 'x"}'
    too_big = MemorySource([CachedDocument(KEY_URL, over.encode(), FETCHED), controller])
    with pytest.raises(KeyResolutionError, match="too large"):
        resolve_verification_method(KEY_URL, too_big)
    assert _status(too_big, ISSUER, KEY_URL) is not Status.VERIFIED


def test_a_did_web_key_says_where_it_came_from_and_who_controls_it() -> None:
    document = {
        "id": DID,
        "verificationMethod": [
            {
                "id": DID + "#key-1",
                "type": "Multikey",
                "controller": "did:web:registrar.college.example",
                "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
            }
        ],
        "assertionMethod": [DID + "#key-1"],
    }
    key = resolve_verification_method(DID + "#key-1", source_with((DID_URL, document)))
    assert key.source == "did-document-cache"
    assert "DID document" in key.label
    assert key.controller == "did:web:registrar.college.example"
    assert key.as_of == FETCHED


def test_a_key_listed_under_the_legacy_publickey_property_is_found() -> None:
    document = {
        "id": DID,
        "publicKey": [
            {
                "id": DID + "#legacy",
                "type": "Ed25519VerificationKey2020",
                "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
            }
        ],
        "assertionMethod": ["#legacy"],
    }
    docs = source_with((DID_URL, document))
    key = resolve_verification_method(DID + "#legacy", docs)
    assert key.public_key == ALICE.public_key and key.controller == DID
    assert _status(docs, DID, DID + "#legacy") is Status.VERIFIED


def test_an_issuer_document_that_does_not_contain_the_named_key_is_refused() -> None:
    # The document at the key's own URL is the issuer's, but lists another key: no key at all
    # (the fragment is not a Multikey, so there is nothing else to try).
    other = Issuer(44)
    document = {
        "id": ISSUER,
        "verificationMethod": [
            {
                "id": ISSUER + "#key-2",
                "type": "Multikey",
                "publicKeyMultibase": ed25519_multibase(other.public_key),
            }
        ],
        "assertionMethod": ["#key-2"],
    }
    docs = source_with((ISSUER, document))
    with pytest.raises(KeyResolutionError, match="does not contain the key"):
        resolve_verification_method(ISSUER + "#key-1", docs)
    assert _status(docs, ISSUER, ISSUER + "#key-1") is not Status.VERIFIED


@pytest.mark.parametrize(
    ("vm", "listed"),
    [
        (KEY_URL, "keys/1"),  # a relative path: not the key's id, nor a fragment of the document
        (ISSUER + "/keys/1", "/keys/1"),  # glued onto the document id without a '#'
    ],
    ids=["relative-path", "glued-suffix"],
)
def test_only_the_exact_id_or_a_fragment_reference_lists_a_key(vm: str, listed: str) -> None:
    docs = source_with((vm, _key_doc(vm)), (ISSUER, {"id": ISSUER, "assertionMethod": [listed]}))
    with pytest.raises(KeyResolutionError, match="assertionMethod"):
        resolve_verification_method(vm, docs)
    assert _status(docs, ISSUER, vm) is not Status.VERIFIED
    # The same documents listing the exact id verify, so the refusal is about the reference.
    fixed = source_with((vm, _key_doc(vm)), (ISSUER, {"id": ISSUER, "assertionMethod": [vm]}))
    assert _status(fixed, ISSUER, vm) is Status.VERIFIED


def test_an_http_issuer_is_not_bound_even_by_a_document_listing_the_key() -> None:
    # Only an https document can speak for an issuer: a plain-http id could be anyone's.
    issuer = "http://college.example/issuer"
    docs = source_with((issuer, {"id": issuer, "assertionMethod": [ALICE.vm]}))
    key = resolve_verification_method(ALICE.vm, EmptySource())
    assert bind_key(issuer, ALICE.vm, key, docs).outcome == "unbound"
    assert _status(docs, issuer, ALICE.vm) is Status.UNVERIFIABLE
