"""Key discovery and binding refusals that no older test reached (found by ``make mutation``).

Each test signs a credential with a key made here and checks that a document which does not
really vouch for the key never yields ``verified``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from verify_di_support import NOW, Issuer, ob3_credential, source_with

from portfolio_app.verify.didkey import KeyResolutionError, ed25519_multibase
from portfolio_app.verify.documents import CachedDocument, EmptySource, MemorySource
from portfolio_app.verify.keys import (
    MAX_KEY_DOCUMENT_BYTES,
    KeyUnavailable,
    bind_key,
    resolve_verification_method,
)
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Status

ALICE = Issuer(41)
ISSUER = "https://college.example/issuer"
KEY_URL = "https://college.example/keys/1"
DID = "did:web:college.example"
DID_URL = "https://college.example/.well-known/did.json"


def _key_doc(controller: Any = ISSUER, kind: str = "Ed25519VerificationKey2020") -> dict[str, Any]:
    return {
        "id": KEY_URL,
        "type": kind,
        "controller": controller,
        "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
    }


def _status(docs: MemorySource | EmptySource, issuer: str = ISSUER, vm: str = KEY_URL) -> Status:
    signed = ALICE.sign(ob3_credential(issuer), vm=vm)
    return verify_linked_data_credential(signed, docs=docs, now=NOW).status


def test_the_genuine_key_document_and_controller_verify() -> None:
    # The baseline the refusals below depart from: without it they would prove nothing.
    docs = source_with(
        (KEY_URL, _key_doc()), (ISSUER, {"id": ISSUER, "assertionMethod": [KEY_URL]})
    )
    assert _status(docs) is Status.VERIFIED


@pytest.mark.parametrize("controller", ["http://college.example/issuer", None, 7])
def test_a_key_document_without_an_https_controller_is_refused(controller: Any) -> None:
    docs = source_with(
        (KEY_URL, _key_doc(controller)), (ISSUER, {"id": ISSUER, "assertionMethod": [KEY_URL]})
    )
    with pytest.raises(KeyResolutionError, match="no https controller"):
        resolve_verification_method(KEY_URL, docs)
    assert _status(docs) is not Status.VERIFIED


def test_a_controller_document_that_is_not_its_own_is_refused() -> None:
    docs = source_with(
        (KEY_URL, _key_doc()),
        (ISSUER, {"id": "https://other.example/", "assertionMethod": [KEY_URL]}),
    )
    with pytest.raises(KeyResolutionError, match="not its own"):
        resolve_verification_method(KEY_URL, docs)
    assert _status(docs) is not Status.VERIFIED


def test_a_controller_document_that_does_not_list_the_key_is_refused() -> None:
    docs = source_with((KEY_URL, _key_doc()), (ISSUER, {"id": ISSUER, "assertionMethod": []}))
    with pytest.raises(KeyResolutionError, match="assertionMethod"):
        resolve_verification_method(KEY_URL, docs)
    assert _status(docs) is not Status.VERIFIED


def test_a_key_document_holding_a_key_of_another_type_than_it_names_is_refused() -> None:
    p256 = "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"
    doc = _key_doc()
    doc["publicKeyMultibase"] = p256
    docs = source_with((KEY_URL, doc), (ISSUER, {"id": ISSUER, "assertionMethod": [KEY_URL]}))
    with pytest.raises(KeyResolutionError, match="holds a P-256 key"):
        resolve_verification_method(KEY_URL, docs)
    assert _status(docs) is not Status.VERIFIED


def test_a_did_document_for_another_did_is_refused() -> None:
    document = {
        "id": "did:web:attacker.example",
        "verificationMethod": [
            {
                "id": DID + "#key-1",
                "type": "Multikey",
                "controller": DID,
                "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
            }
        ],
        "assertionMethod": [DID + "#key-1"],
    }
    docs = source_with((DID_URL, document))
    with pytest.raises(KeyResolutionError, match="is not for"):
        resolve_verification_method(DID + "#key-1", docs)
    assert _status(docs, DID, DID + "#key-1") is not Status.VERIFIED
    document["id"] = DID
    assert _status(source_with((DID_URL, document)), DID, DID + "#key-1") is Status.VERIFIED


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"id": "' + b"x" * (MAX_KEY_DOCUMENT_BYTES + 1) + b'"}'],
    ids=["not-json", "not-object", "too-large"],
)
def test_an_unreadable_cached_key_document_is_refused(body: bytes) -> None:
    docs = MemorySource([CachedDocument(KEY_URL, body, datetime(2026, 11, 20, tzinfo=UTC))])
    with pytest.raises(KeyResolutionError):
        resolve_verification_method(KEY_URL, docs)
    assert _status(docs) is not Status.VERIFIED


@pytest.mark.parametrize(
    ("vm", "phrase"),
    [
        ("did:example:123#key-1", "did:example identifiers"),
        ("http://college.example/keys/1", "plain http"),
        ("urn:uuid:1234", "cannot be resolved to a key"),
    ],
)
def test_keys_that_cannot_be_resolved_offline_are_unverifiable(vm: str, phrase: str) -> None:
    with pytest.raises(KeyUnavailable, match=phrase):
        resolve_verification_method(vm, EmptySource())
    assert _status(EmptySource(), ALICE.did, vm) is Status.UNVERIFIABLE


def test_a_did_web_issuer_signing_with_a_did_key_is_unbound() -> None:
    key = resolve_verification_method(ALICE.vm, EmptySource())
    binding = bind_key(DID, ALICE.vm, key, EmptySource())
    assert binding.outcome == "unbound" and DID_URL in binding.detail
    assert _status(EmptySource(), DID, ALICE.vm) is Status.UNVERIFIABLE


def test_a_key_from_another_did_web_document_does_not_bind_the_issuer() -> None:
    other = "did:web:other.example"
    document = {
        "id": other,
        "verificationMethod": [
            {
                "id": other + "#k",
                "type": "Multikey",
                "controller": other,
                "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
            }
        ],
        "assertionMethod": ["#k"],
    }
    docs = source_with(("https://other.example/.well-known/did.json", document))
    key = resolve_verification_method(other + "#k", docs)
    assert key.source == "did-document-cache"
    assert bind_key(DID, other + "#k", key, docs).outcome == "unbound"
    assert _status(docs, DID, other + "#k") is Status.UNVERIFIABLE


@pytest.mark.parametrize("issuer", ["urn:uuid:5", "did:example:college", "http://college.example/"])
def test_an_issuer_no_authority_can_vouch_for_is_unbound(issuer: str) -> None:
    key = resolve_verification_method(ALICE.vm, EmptySource())
    assert bind_key(issuer, ALICE.vm, key, EmptySource()).outcome == "unbound"
    assert _status(EmptySource(), issuer, ALICE.vm) is not Status.VERIFIED


def test_an_unreadable_issuer_document_binds_nothing() -> None:
    docs = MemorySource([CachedDocument(ISSUER, b"<html>", datetime(2026, 11, 20, tzinfo=UTC))])
    key = resolve_verification_method(ALICE.vm, EmptySource())
    binding = bind_key(ISSUER, ALICE.vm, key, docs)
    assert binding.outcome == "unbound" and "not JSON" in binding.detail
    assert _status(docs, ISSUER, ALICE.vm) is Status.UNVERIFIABLE


def test_an_issuer_document_listing_the_key_by_reference_only_binds_it() -> None:
    docs = source_with((ISSUER, {"id": ISSUER, "assertionMethod": [ALICE.vm]}))
    key = resolve_verification_method(ALICE.vm, EmptySource())
    assert bind_key(ISSUER, ALICE.vm, key, docs).outcome == "bound"


@pytest.mark.parametrize(
    "did",
    [
        "did:web:",
        "did:web::path",
        "did:web:evil.example%2Fcollege.example",
        "did:web:user%40evil.example",
        "did:web:evil.example%3Fx",
        "did:web:college.example:..:admin",
        "did:web:college.example:.",
        "did:web:college.example::x",
    ],
)
def test_a_did_web_identifier_that_is_not_a_plain_host_and_path_is_refused(did: str) -> None:
    # Such an id could point the app at a document on another host or path than the DID names.
    # Refused as a bad identifier, not merely "not cached": a document an attacker managed to
    # get cached at the crafted URL must not be consulted.
    with pytest.raises(KeyResolutionError) as refused:
        resolve_verification_method(did + "#key-1", EmptySource())
    assert not isinstance(refused.value, KeyUnavailable)
    assert _status(EmptySource(), did, did + "#key-1") is not Status.VERIFIED


def test_a_verification_method_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(KeyResolutionError, match="no verification method"):
        resolve_verification_method("", EmptySource())
    with pytest.raises(KeyResolutionError, match="no verification method"):
        resolve_verification_method(None, EmptySource())  # type: ignore[arg-type]
