"""Key discovery (did:key, cached did:web and controller documents) and key binding."""

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


def test_https_fragment_key_shows_integrity_but_binds_nothing() -> None:
    # A key written into the id is the signer's own say-so: it can show the credential is
    # intact, never that the named https issuer signed it.
    issuer = "https://college.example/issuer"
    vm = issuer + "#" + ed25519_multibase(ALICE.public_key)
    key = resolve_verification_method(vm, EmptySource())
    assert key.source == "key-in-id" and "binds nothing" in key.label
    signed = ALICE.sign(ob3_credential(issuer), vm=vm)
    check = _unbound(verify_linked_data_credential(signed, docs=EmptySource(), now=NOW))
    assert vm in check.detail
    listed = source_with((issuer, {"id": issuer, "assertionMethod": [vm]}))
    assert verify_linked_data_credential(signed, docs=listed, now=NOW).status is Status.VERIFIED


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


# --- keys bound by an authority, never self-vouched --------------------------------------------


def _unbound(verdict: Any) -> Any:
    assert verdict.status is Status.UNVERIFIABLE, verdict.to_json()
    check = next(c for c in verdict.checks if c.name == "issuer_key")
    assert "the signature is intact, but nothing ties key" in check.detail.lower()
    assert "needs the issuer's document" in check.detail
    return check


def test_did_web_document_elsewhere_claiming_the_issuer_as_controller_proves_nothing() -> None:
    # The attacker's own did:web document names the college as the key's controller.
    attacker = "did:web:attacker.example"
    claim = did_document()
    claim["id"] = attacker
    claim["verificationMethod"][0]["id"] = attacker + "#key-1"
    claim["verificationMethod"][0]["controller"] = DID
    docs = source_with(("https://attacker.example/.well-known/did.json", claim))
    signed = ALICE.sign(ob3_credential(DID), vm=attacker + "#key-1")
    check = _unbound(verify_linked_data_credential(signed, docs=docs, now=NOW))
    assert DID in check.detail


def test_https_key_document_naming_the_issuer_as_controller_proves_nothing() -> None:
    issuer = "https://college.example/issuer"
    vm = "https://attacker.example/keys/1"
    key_doc = {
        "id": vm,
        "type": "Multikey",
        "controller": issuer,
        "publicKeyMultibase": ed25519_multibase(ALICE.public_key),
    }
    attacker_controller = {"id": issuer, "assertionMethod": [vm]}
    # The "controller document" is cached under the attacker's URL, not the issuer's.
    docs = source_with((vm, key_doc), ("https://attacker.example/issuer", attacker_controller))
    signed = ALICE.sign(ob3_credential(issuer), vm=vm)
    verdict = verify_linked_data_credential(signed, docs=docs, now=NOW)
    assert verdict.status is not Status.VERIFIED
    # With the issuer's own document (e.g. from a trust bundle) listing the key: verified.
    own = source_with((vm, key_doc), (issuer, {"id": issuer, "assertionMethod": [vm]}))
    assert verify_linked_data_credential(signed, docs=own, now=NOW).status is Status.VERIFIED


def test_https_issuer_signing_with_a_did_key_needs_the_issuers_document() -> None:
    issuer = "https://college.example/issuer"
    signed = ALICE.sign(ob3_credential(issuer))
    _unbound(verify_linked_data_credential(signed, docs=EmptySource(), now=NOW))
    listed = source_with((issuer, {"id": issuer, "assertionMethod": [ALICE.vm]}))
    assert verify_linked_data_credential(signed, docs=listed, now=NOW).status is Status.VERIFIED
    other = source_with((issuer, {"id": issuer, "assertionMethod": ["did:key:z6Mkother#x"]}))
    assert verify_linked_data_credential(signed, docs=other, now=NOW).status is Status.TAMPERED


def test_did_key_issuer_must_sign_with_its_own_key() -> None:
    mallory = Issuer(22)
    signed = mallory.sign(ob3_credential(ALICE.did))
    verdict = verify_linked_data_credential(signed, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    check = next(c for c in verdict.checks if c.name == "issuer_key")
    assert "vouches for no other key" in check.detail


def test_unresolvable_key_id_is_unverifiable_not_tampered() -> None:
    vm = "urn:uuid:1b3c1d7e-0000-4000-8000-000000000001"
    signed = ALICE.sign(ob3_credential(ALICE.did), vm=vm)
    verdict = verify_linked_data_credential(signed, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    signature = next(c for c in verdict.checks if c.name == "signature")
    assert "cannot be resolved" in signature.detail


def test_status_list_from_another_issuer_does_not_count() -> None:
    from verify_di_support import STATUS_URL, status_entry, status_list_credential

    mallory = Issuer(23)
    docs = source_with((STATUS_URL, status_list_credential(mallory, revoked=set())))
    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(4)))
    verdict = verify_linked_data_credential(signed, docs=docs, now=NOW)
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome.value == "not_checked" and "does not count" in status.detail
    assert mallory.did in status.detail


def test_status_list_naming_the_issuer_but_signed_by_another_key_does_not_count() -> None:
    from verify_di_support import STATUS_URL, encoded_list, status_entry

    mallory = Issuer(24)
    forged_list = mallory.sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": STATUS_URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": ALICE.did,  # claims Alice, signed by Mallory
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": STATUS_URL + "#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": encoded_list(set()),
            },
        }
    )
    docs = source_with((STATUS_URL, forged_list))
    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(4)))
    status = next(
        c
        for c in verify_linked_data_credential(signed, docs=docs, now=NOW).checks
        if c.name == "status"
    )
    assert status.outcome.value == "not_checked"
    assert "not bound to the issuer" in status.detail


def test_issuer_document_must_be_its_own_and_list_the_same_key() -> None:
    issuer = "https://college.example/issuer"
    signed = ALICE.sign(ob3_credential(issuer))
    # A document cached at the issuer's URL but for another id proves nothing.
    foreign_doc = {"id": "https://other.example/", "assertionMethod": [ALICE.vm]}
    elsewhere = source_with((issuer, foreign_doc))
    check = _unbound(verify_linked_data_credential(signed, docs=elsewhere, now=NOW))
    assert "not its own" in check.detail
    # The issuer's own document embeds that key id with another public key: not the issuer's.
    other_key = ed25519_multibase(Issuer(25).public_key)
    method = {"id": ALICE.vm, "type": "Multikey", "publicKeyMultibase": other_key}
    mismatch = source_with(
        (issuer, {"id": issuer, "verificationMethod": [method], "assertionMethod": [ALICE.vm]})
    )
    verdict = verify_linked_data_credential(signed, docs=mismatch, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert "another public key" in next(c for c in verdict.checks if c.name == "issuer_key").detail


@pytest.mark.parametrize("text", ["u!!!", "uAAAA!", "uAA AA", "uAA+A", "uAA/A", "uAA\nAA"])
def test_base64url_multibase_refuses_characters_outside_its_alphabet(text: str) -> None:
    """The lenient stdlib decoder drops such characters: 'u!!!' would decode to no bytes."""
    from portfolio_app.verify import multibase

    with pytest.raises(multibase.MultibaseError):
        multibase.decode(text)
    assert multibase.decode("u" + "AAEC") == b"\x00\x01\x02"
