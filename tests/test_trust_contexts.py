"""A JSON-LD context shipped in a trust bundle (pinned by SHA-256 in its index) is used after
``trust import`` by every later import, verify and reverify, and refused with one clear line,
changing nothing, when its file does not match its pin.

The credential names a context this app does not ship and is signed here (eddsa-rdfc-2022, a
did:key issuer, so the key is bound the usual way).  The window imports bundles through the
same ``Portfolio.import_trust_bundle`` as the CLI; the facade tests below cover that path.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import VC2, Issuer

from portfolio_app.cli import main
from portfolio_app.identity import kdf
from portfolio_app.identity.service import create_identity
from portfolio_app.services.export import ExportRequest
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.verdict import Status

CONTEXT = "https://careers.example/contexts/placement/v1"
PLACEMENT: dict[str, Any] = {
    "@context": {
        "@protected": True,
        "PlacementCredential": "https://careers.example/vocab#PlacementCredential",
        "placementHours": "https://careers.example/vocab#placementHours",
        "employer": "https://careers.example/vocab#employer",
    }
}
ISSUER = Issuer(0x5A)


def credential(hours: str = "120", number: int = 1) -> dict[str, Any]:
    doc = {
        "@context": [VC2, CONTEXT],
        "id": f"urn:uuid:3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e{number:02d}",
        "type": ["VerifiableCredential", "PlacementCredential"],
        "issuer": ISSUER.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Work placement",
        "credentialSubject": {
            "id": "did:example:learner-7",
            "placementHours": hours,
            "employer": "Harbour Logistics",
        },
    }
    return ISSUER.sign(doc, loader=ContextLoader.bundled().with_extra({CONTEXT: PLACEMENT}))


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def bundle(
    folder: Path, context: dict[str, Any] = PLACEMENT, *, pin: str | None = None, url: str = CONTEXT
) -> Path:
    folder.mkdir(parents=True)
    body = json.dumps(context, indent=2).encode("utf-8")
    (folder / "placement-v1.jsonld").write_bytes(body)
    entry = {"file": "placement-v1.jsonld", "sha256": pin or hashlib.sha256(body).hexdigest()}
    index = {"documents": {}, "contexts": {url: entry}}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def run_json(*argv: str) -> Any:
    code, text = run(*argv, "--json")
    return code, json.loads(text)


def format_detail(result: dict[str, Any]) -> str:
    return str(next(c for c in result["checks"] if c["name"] == "format")["detail"])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


# --- the CLI ---------------------------------------------------------------------------------


def test_before_the_bundle_a_credential_needing_the_context_is_unsupported_naming_it(
    tmp_path: Path,
) -> None:
    profile = str(tmp_path / "p")
    path = write(tmp_path / "files" / "placement.json", credential())
    _code, results = run_json("--data-dir", profile, "verify", str(path))
    (result,) = results
    assert result["status"] == "unsupported"
    assert CONTEXT in format_detail(result)
    assert "not one this app knows" in format_detail(result)


def test_after_trust_import_the_context_is_used_by_import_verify_and_reverify(
    tmp_path: Path,
) -> None:
    profile = str(tmp_path / "p")
    first = write(tmp_path / "files" / "first.json", credential())
    assert run("--data-dir", profile, "import", str(first))[0] == 0
    _code, before = run_json("--data-dir", profile, "reverify")
    assert [r["status"] for r in before] == ["unsupported"]

    code, summary = run_json("--data-dir", profile, "trust", "import", str(bundle(tmp_path / "cc")))
    assert code == 0 and summary["added"] == 1

    _code, after = run_json("--data-dir", profile, "reverify")
    assert [r["status"] for r in after] == ["verified"]
    second = write(tmp_path / "files" / "second.json", credential("80", number=2))
    assert run("--data-dir", profile, "import", str(second))[0] == 0
    _code, rows = run_json("--data-dir", profile, "list")
    assert sorted(r["status"] for r in rows) == ["verified", "verified"]
    _code, checked = run_json("--data-dir", profile, "verify", str(second))
    assert [r["status"] for r in checked] == ["verified"]


def test_a_signed_value_changed_is_still_tampered_with_the_bundle_context(tmp_path: Path) -> None:
    profile = str(tmp_path / "p")
    run("--data-dir", profile, "trust", "import", str(bundle(tmp_path / "cc")))
    doc = credential()
    doc["credentialSubject"]["placementHours"] = "1200"
    _code, results = run_json("--data-dir", profile, "verify", str(write(tmp_path / "x.json", doc)))
    assert [r["status"] for r in results] == ["tampered"]


def test_a_bundle_whose_context_does_not_match_its_pin_is_refused_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p"
    path = write(tmp_path / "files" / "placement.json", credential())
    run("--data-dir", str(profile), "import", str(path))
    store = snapshot(profile / "documents")
    wrong = bundle(tmp_path / "cc", pin="0" * 64)
    (wrong / "key.json").write_text(json.dumps({"type": "CryptographicKey", "id": "https://k"}))
    index = json.loads((wrong / "index.json").read_text())
    index["documents"]["https://careers.example/key.json"] = {"file": "key.json"}
    (wrong / "index.json").write_text(json.dumps(index))

    code, _ = run("--data-dir", str(profile), "trust", "import", str(wrong))
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err  # one line for the user
    assert CONTEXT in err and "SHA-256" in err and "not imported" in err
    assert snapshot(profile / "documents") == store  # not even the key came in
    _code, after = run_json("--data-dir", str(profile), "reverify")
    assert [r["status"] for r in after] == ["unsupported"]


def test_a_bundle_file_that_is_not_a_context_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p"
    store = snapshot(profile / "documents")
    code, _ = run("--data-dir", str(profile), "trust", "import", str(bundle(tmp_path / "cc", {})))
    assert code == 1
    assert "not a JSON-LD context" in capsys.readouterr().err
    assert snapshot(profile / "documents") == store


def test_trust_list_shows_the_context_and_trust_remove_takes_it_out(tmp_path: Path) -> None:
    profile = str(tmp_path / "p")
    path = write(tmp_path / "files" / "placement.json", credential())
    run("--data-dir", profile, "import", str(path))
    run("--data-dir", profile, "trust", "import", str(bundle(tmp_path / "career-centre")))
    _code, items = run_json("--data-dir", profile, "trust", "list")
    (item,) = [i for i in items if i["ref"] == CONTEXT]
    assert (item["kind"], item["bundle"]) == ("context", "career-centre")
    assert item["as_of"]

    _code, removed = run_json("--data-dir", profile, "trust", "remove", "career-centre")
    assert removed == {"removed": [CONTEXT]}
    assert not list((tmp_path / "p" / "documents").glob("context-*"))
    _code, after = run_json("--data-dir", profile, "reverify")
    assert [r["status"] for r in after] == ["unsupported"]


def test_a_bundle_cannot_replace_a_context_the_app_ships(tmp_path: Path) -> None:
    """A bundle's copy of the VC 2.0 context that renames ``name`` is ignored, not stored."""
    profile = str(tmp_path / "p")
    hostile = {"@context": {"name": "https://evil.example/name"}}
    run("--data-dir", profile, "trust", "import", str(bundle(tmp_path / "cc", hostile, url=VC2)))
    _code, items = run_json("--data-dir", profile, "trust", "list")
    assert [i for i in items if i["kind"] == "context"] == []


# --- the facade the window uses ---------------------------------------------------------------


def test_the_window_path_imports_the_bundle_and_verifies_with_its_context(tmp_path: Path) -> None:
    portfolio = Portfolio(tmp_path / "p")
    portfolio.import_trust_bundle(bundle(tmp_path / "cc"))
    report = portfolio.import_paths([write(tmp_path / "files" / "c.json", credential())])
    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED]
    (stored,) = portfolio.repo.list_credentials()
    assert stored.latest_verdict is not None
    assert stored.latest_verdict.status is Status.VERIFIED


def test_the_newer_bundle_pin_wins_for_the_same_context_url(tmp_path: Path) -> None:
    """A career centre ships a corrected context under the same URL: the import replaces the
    old pin (the learner chose to trust the new bundle) and the old file goes."""
    portfolio = Portfolio(tmp_path / "p")
    changed = {"@context": {**PLACEMENT["@context"], "employer": "https://other.example/e"}}
    portfolio.import_trust_bundle(bundle(tmp_path / "old", changed))
    portfolio.import_paths([write(tmp_path / "files" / "c.json", credential())])
    ((_, verdict),) = portfolio.reverify()
    assert verdict.status is Status.TAMPERED  # signed under the other meaning of 'employer'
    summary = portfolio.import_trust_bundle(bundle(tmp_path / "new"))
    assert (summary.added, summary.replaced) == (0, 1)
    assert len(list((tmp_path / "p" / "documents").glob("context-*"))) == 1
    ((_, verdict),) = portfolio.reverify()
    assert verdict.status is Status.VERIFIED


def test_a_recruiter_checking_a_portfolio_pdf_reads_its_credentials_with_bundle_contexts(
    tmp_path: Path,
) -> None:
    """``verify-pdf`` / "Check a portfolio" parses the originals inside the PDF: with the
    bundle (imported, or named for this check) the credential needing its context verifies;
    without it, it is ``unsupported`` as in ``verify``."""
    passphrase = "trust contexts test passphrase, long enough"
    learner = tmp_path / "learner"
    create_identity(
        learner,
        name="Ada",
        passphrase=passphrase,
        protection="passphrase",
        limits=kdf.TEST_LIMITS,
    )
    centre = bundle(tmp_path / "cc")
    with Portfolio(learner) as portfolio:
        portfolio.import_trust_bundle(centre)
        portfolio.import_paths([write(tmp_path / "files" / "c.json", credential())])
        result = portfolio.export(ExportRequest(out=tmp_path / "out"), passphrase=passphrase)
    assert result.pdf is not None
    with Portfolio(tmp_path / "recruiter") as recruiter:
        (without,) = recruiter.check_portfolio_pdf(result.pdf).credentials
        (with_bundle,) = recruiter.check_portfolio_pdf(result.pdf, (centre,)).credentials
    assert without.verdict.status is Status.UNSUPPORTED
    assert with_bundle.verdict.status is Status.VERIFIED and with_bundle.ok
