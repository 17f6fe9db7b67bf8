"""Hostile and odd input: refused quickly with a reason, and never a socket opened."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import NOW, Issuer, contexts_for_tests, ob3_credential

from portfolio_app.verify.canon import (
    CanonicalizationError,
    canonicalize,
    preflight,
    work_budget,
)
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Status

ALICE = Issuer(11)


def verify(doc: Any) -> Any:
    return verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)


def timed(doc: Any) -> Any:
    start = time.perf_counter()
    verdict = verify(doc)
    assert time.perf_counter() - start < 2.0
    return verdict


def test_two_megabyte_document_is_malformed() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["description"] = "x" * 2_000_000
    verdict = timed(signed)
    assert verdict.status is Status.MALFORMED
    assert "larger than" in verdict.summary


def test_ten_thousand_deep_nesting_is_refused_before_pyld() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(10_000):
        node["a"] = {}
        node = node["a"]
    doc = ob3_credential(ALICE.did, evidence=deep)
    verdict = timed(doc)
    assert verdict.status is Status.MALFORMED
    assert "nested" in verdict.summary
    with pytest.raises(CanonicalizationError, match="nested"):
        preflight(doc)


def test_undefined_term_is_malformed_not_silently_dropped() -> None:
    doc = ob3_credential(ALICE.did)
    doc["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ]
    doc["issuanceDate"] = doc.pop("validFrom")
    signed = ALICE.sign(doc, "Ed25519Signature2020")
    signed["extraClaim"] = "unsigned text"
    verdict = timed(signed)
    assert verdict.status is Status.MALFORMED
    assert "Term 'extraClaim' is not defined by any context" in verdict.summary


def test_relative_iri_is_malformed() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["credentialSubject"]["achievement"]["id"] = "achievements/42"
    verdict = timed(signed)
    assert verdict.status is Status.MALFORMED
    assert "relative IRI" in verdict.summary and "achievements/42" in verdict.summary


def test_unknown_suite_is_unsupported() -> None:
    doc = ob3_credential(ALICE.did)
    doc["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "mystery-2030",
        "verificationMethod": ALICE.vm,
        "proofPurpose": "assertionMethod",
        "proofValue": "z1111",
    }
    verdict = timed(doc)
    assert verdict.status is Status.UNSUPPORTED
    assert "mystery-2030" in verdict.summary


def test_unknown_context_url_is_named() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["@context"].append("https://evil.example/context.jsonld")
    verdict = timed(signed)
    # Well-formed but of a kind the app cannot read offline: unsupported, not malformed.
    assert verdict.status is Status.UNSUPPORTED
    assert "https://evil.example/context.jsonld" in verdict.summary


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0c", "\x1b", "\x7f"])
def test_control_characters_are_refused(char: str) -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    signed["name"] = f"Data{char}Literacy"
    verdict = timed(signed)
    assert verdict.status is Status.MALFORMED
    assert f"U+{ord(char):04X}" in verdict.summary


def test_tab_newline_and_unicode_are_fine() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did, name="Line one\nLine\ttwo — café 🎓"))
    assert verify(signed).status is Status.VERIFIED


@pytest.mark.parametrize(
    "doc",
    [
        [],
        "text",
        {"@context": "https://www.w3.org/ns/credentials/v2"},
        {"@context": ["https://w3id.org/openbadges/v2"], "type": "Assertion"},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]},
    ],
)
def test_not_credentials_are_malformed(doc: Any) -> None:
    assert verify(doc).status is Status.MALFORMED


def test_many_blank_nodes_are_refused() -> None:
    doc = ob3_credential(ALICE.did)
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": f"a{i}", "targetUrl": f"https://x.example/{i}"}
        for i in range(2_500)
    ]
    # A generous budget: expanding 2,500 nodes alone takes more than the default one, and this
    # test is about the blank-node cap (the budget's own tests are in test_hostile_work.py).
    with work_budget(60.0), pytest.raises(CanonicalizationError, match="blank nodes"):
        canonicalize(doc)


def test_verification_opens_no_socket(
    public_fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("verification tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    loader = contexts_for_tests()
    for path in sorted(public_fixtures.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        verify_linked_data_credential(doc, docs=EmptySource(), now=NOW, contexts=loader)
    # did:web / https keys with nothing cached: could not check, but no fetch either
    for vm in ("did:web:issuer.example#key-1", "https://issuer.example/keys/1"):
        doc = ALICE.sign(ob3_credential(ALICE.did), vm=vm)
        assert verify(doc).status is Status.UNVERIFIABLE
    doc = ALICE.sign(ob3_credential(ALICE.did))
    doc["@context"].append("https://unknown.example/ctx")
    assert verify(doc).status is Status.UNSUPPORTED  # not fetched: a kind we cannot read
