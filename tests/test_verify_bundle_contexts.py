"""JSON-LD contexts shipped in trust bundles, each pinned by its SHA-256, and the bundled ones."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import NOW, VC2, Issuer

from portfolio_app.verify.contexts import ContextLoader, bundled_context_urls, loader_for
from portfolio_app.verify.documents import ChainedSource, EmptySource, FolderSource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Outcome, Status

SHOES = "https://shoes.example/contexts/v1"
SHOE_CONTEXT: dict[str, Any] = {
    "@context": {
        "@protected": True,
        "ShoeCredential": "https://shoes.example/vocab#ShoeCredential",
        "shoeSize": "https://shoes.example/vocab#shoeSize",
    }
}
ISSUER = Issuer(0x33)


def shoe_credential() -> dict[str, Any]:
    doc = {
        "@context": [VC2, SHOES],
        "id": "urn:uuid:0f6d1c7e-5a2b-4f3e-9d8c-7b6a5f4e3d21",
        "type": ["VerifiableCredential", "ShoeCredential"],
        "issuer": ISSUER.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner-42", "shoeSize": "44"},
    }
    loader = ContextLoader.bundled().with_extra({SHOES: SHOE_CONTEXT})
    return ISSUER.sign(doc, loader=loader)


def bundle(folder: Path, body: bytes, *, pin: str | None = None, url: str = SHOES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shoes-v1.jsonld").write_bytes(body)
    entry: dict[str, str] = {"file": "shoes-v1.jsonld"}
    entry["sha256"] = pin if pin is not None else hashlib.sha256(body).hexdigest()
    index = {"documents": {}, "contexts": {url: entry}}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def verify(doc: dict[str, Any], docs: Any) -> Any:
    return verify_linked_data_credential(doc, docs=docs, now=NOW)


def format_check(verdict: Any) -> Any:
    return next(c for c in verdict.checks if c.name == "format")


def test_a_context_not_held_names_its_url() -> None:
    verdict = verify(shoe_credential(), EmptySource())
    assert verdict.status is Status.UNSUPPORTED  # a context this app does not hold
    assert SHOES in format_check(verdict).detail


def test_a_context_shipped_in_a_trust_bundle_with_its_pin_is_used(tmp_path: Path) -> None:
    source = FolderSource(bundle(tmp_path / "centre", json.dumps(SHOE_CONTEXT).encode()))
    verdict = verify(shoe_credential(), source)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    # the same bundle content gives the same loader, so processed contexts stay cached
    assert loader_for(source) is loader_for(FolderSource(tmp_path / "centre"))


def test_a_context_whose_file_does_not_match_its_pin_is_refused_with_the_reason(
    tmp_path: Path,
) -> None:
    good = json.dumps(SHOE_CONTEXT).encode()
    changed = json.dumps(
        {"@context": {**SHOE_CONTEXT["@context"], "shoeSize": "https://evil.example/size"}}
    ).encode()
    source = FolderSource(
        bundle(tmp_path / "centre", changed, pin=hashlib.sha256(good).hexdigest())
    )
    (entry,) = source.contexts()
    assert entry.body is None and entry.refused is not None
    verdict = verify(shoe_credential(), source)
    assert verdict.status is Status.UNSUPPORTED  # a context this app does not hold
    detail = format_check(verdict).detail
    assert SHOES in detail
    assert "does not match the SHA-256 pinned in its index" in detail


def test_a_context_without_a_pin_is_refused(tmp_path: Path) -> None:
    folder = bundle(tmp_path / "centre", json.dumps(SHOE_CONTEXT).encode(), pin="")
    verdict = verify(shoe_credential(), FolderSource(folder))
    assert verdict.status is Status.UNSUPPORTED  # a context this app does not hold
    assert "does not pin" in format_check(verdict).detail


def test_a_bundle_cannot_replace_a_context_the_app_ships(tmp_path: Path) -> None:
    # A bundle that redefines VC 2.0 terms would change what every credential means.
    hostile = json.dumps({"@context": {"name": "https://evil.example/name"}}).encode()
    folder = bundle(tmp_path / "hostile", hostile, url=VC2)
    source = ChainedSource(
        [
            FolderSource(folder),
            FolderSource(bundle(tmp_path / "centre", json.dumps(SHOE_CONTEXT).encode())),
        ]
    )
    loader = loader_for(source)
    assert loader.document(VC2) == ContextLoader.bundled().document(VC2)
    assert verify(shoe_credential(), source).status is Status.VERIFIED


def test_a_bundle_file_that_is_not_a_context_is_refused(tmp_path: Path) -> None:
    folder = bundle(tmp_path / "centre", b'["not", "a", "context"]')
    verdict = verify(shoe_credential(), FolderSource(folder))
    assert verdict.status is Status.UNSUPPORTED  # a context this app does not hold
    assert "not a JSON-LD context" in format_check(verdict).detail


def test_without_bundle_contexts_the_bundled_loader_is_used_as_is(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "index.json").write_text('{"documents": {}}', encoding="utf-8")
    assert loader_for(FolderSource(folder)) is ContextLoader.bundled()
    assert loader_for(EmptySource()) is ContextLoader.bundled()


@pytest.mark.parametrize(
    "url",
    [
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/credentials/v2",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/multikey/v1",
    ],
)
def test_the_contexts_credentials_need_are_bundled(url: str) -> None:
    assert url in bundled_context_urls()
    assert isinstance(ContextLoader.bundled().document(url).get("@context"), dict | list)


def test_signature_check_names_the_signed_graph_outcome(tmp_path: Path) -> None:
    source = FolderSource(bundle(tmp_path / "centre", json.dumps(SHOE_CONTEXT).encode()))
    verdict = verify(shoe_credential(), source)
    signature = next(c for c in verdict.checks if c.name == "signature")
    assert signature.outcome is Outcome.PASSED
