"""Every place the command line shows a verdict says whether the issuer is recognised by a
registry the profile holds or only describes itself, and what a verified verdict left out."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from portfolio_app.cli import main

BASIC = "dcc-obv3-vc2-eddsa-didkey-basic.json"  # verifies offline; issuer calls itself Example Corp
BASIC_ISSUER = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def run_json(*argv: str) -> Any:
    code, text = run(*argv, "--json")
    assert code == 0, text
    return json.loads(text)


def registry_bundle(folder: Path) -> Path:
    folder.mkdir()
    registry = {"name": "Career Centre Registry", "as_of": "2026-11-01",
                "issuers": {BASIC_ISSUER: {"name": "Example Corporation Ltd",
                                           "url": "https://corp.example"}}}
    (folder / "registry.json").write_text(json.dumps(registry), encoding="utf-8")
    index = {"documents": {}, "registries": [{"file": "registry.json"}]}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def test_verify_says_self_described_in_text_and_json(tmp_path: Path, public_fixtures: Path) -> None:
    path = str(public_fixtures / BASIC)
    code, text = run("--data-dir", str(tmp_path / "p"), "verify", path)
    assert code == 0
    first, second = text.splitlines()[:2]
    assert first.startswith(f"{path}: verified — ")  # the path as typed
    assert "issuer not recognised" in first
    assert second.strip() == "self-described issuer"
    assert "the name 'Example Corp' is the issuer's own claim" in text
    (result,) = run_json("--data-dir", str(tmp_path / "p"), "verify", path)
    assert result["status"] == "verified"
    assert result["issuer_recognised"] is False
    assert result["issuer_standing"] == "self-described"
    assert "issuer not recognised" in result["limits"]


def test_a_registry_from_a_trust_bundle_recognises_the_issuer_everywhere(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    code, _ = run("--data-dir", profile, "trust", "import", str(registry_bundle(tmp_path / "b")))
    assert code == 0
    code, text = run("--data-dir", profile, "verify", str(public_fixtures / BASIC))
    assert "recognised issuer: Example Corporation Ltd (Career Centre Registry)" in text
    assert "issuer not recognised" not in text

    run("--data-dir", profile, "import", str(public_fixtures / BASIC))
    (row,) = run_json("--data-dir", profile, "list")
    assert row["status"] == "verified"
    assert (row["issuer_recognised"], row["issuer_standing"]) == (True, "recognised")
    code, text = run("--data-dir", profile, "list")
    assert "(recognised issuer" in text

    shown = run_json("--data-dir", profile, "show", str(row["id"]))
    assert shown["issuer_recognised"] is True
    latest = shown["verdicts"][0]
    assert latest["issuer_recognised"] is True
    assert latest["facts"]["issuer_official_name"] == "Example Corporation Ltd"

    (again,) = run_json("--data-dir", profile, "reverify")
    assert again["issuer_standing"] == "recognised"
    code, text = run("--data-dir", profile, "reverify")
    assert "recognised issuer: Example Corporation Ltd" in text.splitlines()[0]


def test_without_a_registry_list_and_reverify_say_self_described(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    run("--data-dir", profile, "import", str(public_fixtures / BASIC))
    (row,) = run_json("--data-dir", profile, "list")
    assert row["issuer_standing"] == "self-described"
    assert "(self-described issuer)" in run("--data-dir", profile, "list")[1]
    assert "(self-described issuer)" in run("--data-dir", profile, "reverify")[1]
    shown = run_json("--data-dir", profile, "show", str(row["id"]))
    assert "issuer not recognised" in shown["verdicts"][0]["limits"]
