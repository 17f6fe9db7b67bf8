"""Key discovery: did:key, cached did:web and controller documents, fragment keys."""

from __future__ import annotations

from typing import Any

import pytest
from verify_di_support import NOW, Issuer, ob3_credential, source_with

from portfolio_app.verify.didkey import KeyResolutionError, ed25519_multibase
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.keys import (
    KeyUnavailable,
    did_web_document_url,
    resolve_verification_method,
)
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Status

ALICE = Issuer(21)
DID = "did:web:college.example"
VM = DID + "#key-1"


def did_document(*, listed: bool = True, kind: str = "Multikey") -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": [
            {
                "id": VM,
                "type": kind,
                "controller": DID,
                "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
            }
        ],
        "assertionMethod": ["#key-1"] if listed else [],
    }


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.com", "https://example.com/.well-known/did.json"),
        ("did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json"),
        ("did:web:example.com:users:alice", "https://example.com/users/alice/did.json"),
        ("did:web:example.com:u#key-1", "https://example.com/u/did.json"),
    ],
)
def test_did_web_urls(did: str, url: str) -> None:
    assert did_web_document_url(did) == url


def test_did_key_resolves_offline() -> None:
    key = resolve_verification_method(ALICE.vm, EmptySource())
    assert key.public_key == ALICE.public_key
    assert key.source == "did:key" and key.controller == ALICE.did


def test_did_web_from_cache() -> None:
    docs = source_with(("https://college.example/.well-known/did.json", did_document()))
    key = resolve_verification_method(VM, docs)
    assert key.source == "did-document-cache" and key.controller == DID
    assert key.as_of is not None
    signed = ALICE.sign(ob3_credential(DID), vm=VM)
    verdict = verify_linked_data_credential(signed, docs=docs, now=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["key_source"] == "did-document-cache"


def test_did_web_not_cached_is_unavailable() -> None:
    with pytest.raises(KeyUnavailable, match="not cached"):
        resolve_verification_method(VM, EmptySource())
    signed = ALICE.sign(ob3_credential(DID), vm=VM)
    verdict = verify_linked_data_credential(signed, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE


def test_did_web_key_must_be_an_assertion_method() -> None:
    docs = source_with(("https://college.example/.well-known/did.json", did_document(listed=False)))
    with pytest.raises(KeyResolutionError, match="assertionMethod"):
        resolve_verification_method(VM, docs)
    signed = ALICE.sign(ob3_credential(DID), vm=VM)
    assert verify_linked_data_credential(signed, docs=docs, now=NOW).status is Status.TAMPERED


def test_did_web_wrong_key_type() -> None:
    docs = source_with(
        ("https://college.example/.well-known/did.json", did_document(kind="JsonWebKey2020"))
    )
    with pytest.raises(KeyResolutionError, match="JsonWebKey2020"):
        resolve_verification_method(VM, docs)


def test_https_fragment_key_is_self_asserted() -> None:
    vm = "https://college.example/issuer#" + ed25519_multibase(ALICE.public_key)
    key = resolve_verification_method(vm, EmptySource())
    assert key.source == "fragment" and key.controller == "https://college.example/issuer"
    assert "self-asserted" in key.label


def test_https_without_cache_or_key_fragment_is_unavailable() -> None:
    with pytest.raises(KeyUnavailable):
        resolve_verification_method("https://college.example/issuer#key-1", EmptySource())


def test_https_key_document_with_cached_controller() -> None:
    vm = "https://college.example/keys/1"
    key_doc = {
        "id": vm,
        "type": "Ed25519VerificationKey2020",
        "controller": "https://college.example/issuer",
        "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
    }
    controller = {"id": "https://college.example/issuer", "assertionMethod": [vm]}
    docs = source_with((vm, key_doc), ("https://college.example/issuer", controller))
    key = resolve_verification_method(vm, docs)
    assert key.source == "controller-document-cache"
    assert key.controller == "https://college.example/issuer"
    only_key = source_with((vm, key_doc))
    with pytest.raises(KeyUnavailable, match="controller document"):
        resolve_verification_method(vm, only_key)
