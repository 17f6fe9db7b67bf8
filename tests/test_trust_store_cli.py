"""``portfolio trust list`` / ``trust remove``: what the profile trusts, from which bundle,
as of when, and taking a bundle back out."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.cli import main

DID_DOC = {
    "@context": ["https://www.w3.org/ns/did/v1"],
    "id": "did:web:college.example",
    "verificationMethod": [],
    "assertionMethod": [],
}
PROFILE = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Profile",
    "id": "https://c.example/i",
}
KEY = {"type": "CryptographicKey", "id": "https://c.example/k", "publicKeyPem": "-----BEGIN…"}
STATUS = {
    "type": ["VerifiableCredential", "BitstringStatusListCredential"],
    "id": "https://c.example/s",
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def run_json(*argv: str) -> Any:
    code, text = run(*argv, "--json")
    assert code == 0, text
    return json.loads(text)


def bundle(folder: Path) -> Path:
    folder.mkdir()
    docs = {
        "https://college.example/.well-known/did.json": DID_DOC,
        "https://c.example/i": PROFILE,
        "https://c.example/k": KEY,
        "https://c.example/s": STATUS,
    }
    index: dict[str, Any] = {
        "documents": {},
        "registries": [{"file": "registry.json", "name": "Career Centre Registry"}],
    }
    for number, (url, doc) in enumerate(docs.items()):
        name = f"doc{number}.json"
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
        index["documents"][url] = {"file": name, "fetched_at": "2026-11-01T10:00:00Z"}
    registry = {"name": "Career Centre Registry", "as_of": "2026-11-01", "issuers": {}}
    (folder / "registry.json").write_text(json.dumps(registry), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def test_trust_list_names_each_kind_its_bundle_and_date(tmp_path: Path) -> None:
    data = str(tmp_path / "p")
    assert run("--data-dir", data, "trust", "import", str(bundle(tmp_path / "cc-bundle")))[0] == 0
    items = run_json("--data-dir", data, "trust", "list")
    kinds = {item["ref"]: item["kind"] for item in items}
    assert kinds == {
        "https://college.example/.well-known/did.json": "DID document",
        "https://c.example/i": "issuer profile",
        "https://c.example/k": "key",
        "https://c.example/s": "status list",
        "Career Centre Registry": "registry",
    }
    assert {item["bundle"] for item in items} == {"cc-bundle"}
    assert all(item["as_of"] for item in items)
    code, text = run("--data-dir", data, "trust", "list")
    assert code == 0 and "DID document: https://college.example/.well-known/did.json" in text
    assert "from cc-bundle, as of 2026-11-01" in text


def test_trust_remove_takes_out_one_url_or_a_whole_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "p")
    run("--data-dir", data, "trust", "import", str(bundle(tmp_path / "cc-bundle")))
    removed = run_json("--data-dir", data, "trust", "remove", "https://c.example/k")
    assert removed == {"removed": ["https://c.example/k"]}
    assert len(run_json("--data-dir", data, "trust", "list")) == 4
    removed = run_json("--data-dir", data, "trust", "remove", "cc-bundle")
    assert len(removed["removed"]) == 4
    assert run_json("--data-dir", data, "trust", "list") == []
    code, _ = run("--data-dir", data, "trust", "remove", "no-such-bundle")
    assert code != 0
    assert "nothing in this profile's trust store" in capsys.readouterr().err
