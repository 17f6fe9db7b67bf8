"""``portfolio verify`` / ``reverify`` / ``trust import``: the verdicts a lab script sees."""

from __future__ import annotations

import io
import json
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest
from test_verify_fetch import hosted_graph, issuer  # noqa: F401 - the local issuer fixture
from verify_di_support import (
    STATUS_URL,
    Issuer,
    ob3_credential,
    status_entry,
    status_list_credential,
)

from portfolio_app.cli import main

ISSUER = Issuer(41)

# file -> status offline, with an empty profile (MANIFEST.md of the fixtures says why).
OFFLINE: dict[str, str] = {
    "1edtech-ob2-baked-hosted.png": "unverifiable",  # hosted: needs a network check
    "1edtech-ob2-signed-rs256.jwt": "unverifiable",  # issuer key not cached
    "1edtech-ob2-signed-rs256.key1.json": "malformed",  # a key document, not a credential
    # Key only in its own https id: nothing ties it to the issuer without the issuer's document.
    "1edtech-obv3-baked-embeddedproof.png": "unverifiable",
    "1edtech-obv3-baked-vcjwt.svg": "unverifiable",  # header jwk: not tied to the issuer
    "1edtech-obv3-eddsa-testvector.json": "unverifiable",
    "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json": "verified",
    "dcc-obv3-vc1-ed25519-didkey-expired.json": "expired",
    "dcc-obv3-vc2-eddsa-didkey-basic.json": "verified",
    # Its public list is signed by another DCC key, so it never counts: expired.
    "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json": "expired",
    "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json": "verified",
    "europass-edc-elm3-jades-sealed.jsonld": "unverifiable",  # no sealing trust list held
    "w3c-vcdieddsa-ed25519signature2020-signed.json": "unverifiable",  # issuer doc not cached
    "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json": "unverifiable",
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def verify_json(*argv: str) -> list[dict[str, Any]]:
    _code, text = run("verify", *argv, "--json")
    result: list[dict[str, Any]] = json.loads(text)
    return result


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a socket was opened during offline verification")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_every_public_fixture_gets_its_verdict_in_order_without_the_network(
    tmp_path: Path, public_fixtures: Path, no_network: None
) -> None:
    files = [public_fixtures / name for name in OFFLINE]
    results = verify_json("--data-dir", str(tmp_path), *map(str, files))
    assert [Path(r["file"]).name for r in results] == list(OFFLINE)
    for result in results:
        name = Path(result["file"]).name
        assert result["status"] == OFFLINE[name], (name, result["summary"])
        assert {"file", "status", "format", "issuer", "achievement", "checks"} <= set(result)
        assert result["checks"], name
        for check in result["checks"]:
            assert {"name", "ok", "detail"} <= set(check)
            assert check["ok"] in (True, False, None)
    assert (
        not (tmp_path / "portfolio.sqlite3").exists()
        or run("--data-dir", str(tmp_path), "list", "--json")[1].strip() == "[]"
    ), "verify never imports"


def _revoked_credential(folder: Path) -> Path:
    """An expired credential whose issuer's own status list (in the bundle) revokes it."""
    folder.mkdir(exist_ok=True)
    signed = ISSUER.sign(
        ob3_credential(
            ISSUER.did, validUntil="2026-02-01T00:00:00Z", credentialStatus=status_entry(42)
        )
    )
    path = folder / "revoked.json"
    path.write_text(json.dumps(signed))
    return path


def _status_list_bundle(folder: Path, public_fixtures: Path) -> Path:
    folder.mkdir()
    (folder / "list.json").write_text(
        json.dumps(status_list_credential(ISSUER, revoked={42}, url=STATUS_URL))
    )
    index = {"documents": {STATUS_URL: {"file": "list.json", "fetched_at": "2026-11-20T08:00:00Z"}}}
    (folder / "index.json").write_text(json.dumps(index))
    return folder


def test_a_trust_bundle_for_one_run_reveals_the_revocation(
    tmp_path: Path, public_fixtures: Path, no_network: None
) -> None:
    bundle = _status_list_bundle(tmp_path / "bundle", public_fixtures)
    revoked = _revoked_credential(tmp_path / "files")
    (result,) = verify_json("--data-dir", str(tmp_path / "p"), "--docs", str(bundle), str(revoked))
    assert result["status"] == "revoked"
    status = next(c for c in result["checks"] if c["name"] == "status")
    assert status["ok"] is False and status["as_of"].startswith("2026-11-20")


def test_a_status_list_from_another_issuer_does_not_count(
    tmp_path: Path, public_fixtures: Path, no_network: None
) -> None:
    # The DCC revoked fixture's public list is signed by another DCC test key.
    vc = json.loads(
        (public_fixtures / "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json").read_text()
    )
    url = vc["credentialStatus"]["statusListCredential"]
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy(
        public_fixtures / "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json", bundle / "list.json"
    )
    index = {"documents": {url: {"file": "list.json", "fetched_at": "2026-11-20T08:00:00Z"}}}
    (bundle / "index.json").write_text(json.dumps(index))
    revoked = public_fixtures / "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json"
    (result,) = verify_json("--data-dir", str(tmp_path / "p"), "--docs", str(bundle), str(revoked))
    assert result["status"] == "expired"
    status = next(c for c in result["checks"] if c["name"] == "status")
    assert status["ok"] is None and "does not count" in status["detail"]


def test_trust_import_then_reverify_records_history(
    tmp_path: Path, public_fixtures: Path, no_network: None
) -> None:
    profile = str(tmp_path / "p")
    revoked = _revoked_credential(tmp_path / "files")
    run("--data-dir", profile, "import", str(revoked))
    bundle = _status_list_bundle(tmp_path / "bundle", public_fixtures)

    code, text = run("--data-dir", profile, "trust", "import", str(bundle), "--json")
    assert code == 0 and json.loads(text) == {
        "added": 1, "replaced": 0, "registries_added": 0, "registries_replaced": 0
    }
    code, text = run("--data-dir", profile, "reverify", "--json")
    assert code == 1 and [r["status"] for r in json.loads(text)] == ["revoked"]

    (row,) = json.loads(run("--data-dir", profile, "list", "--json")[1])
    assert row["status"] == "revoked"
    shown = json.loads(run("--data-dir", profile, "show", str(row["id"]), "--json")[1])
    assert [v["status"] for v in shown["verdicts"]] == ["revoked", "expired"]


def test_a_broken_trust_bundle_changes_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "index.json").write_text('{"documents": {"https://x.example/a": {"file": "gone"}}}')
    code, _ = run("--data-dir", str(profile), "trust", "import", str(bundle))
    assert code == 1
    documents = profile / "documents"
    assert not documents.exists() or [p.name for p in documents.iterdir()] == ["index.json"]


def test_online_is_the_only_way_to_the_network(
    tmp_path: Path,
    issuer: str,  # noqa: F811 - the fixture imported above
) -> None:
    assertion = hosted_graph(issuer)
    badge = tmp_path / "badge.json"
    badge.write_text(json.dumps(assertion))
    profile = str(tmp_path / "p")

    (offline,) = verify_json("--data-dir", profile, str(badge))
    assert offline["status"] == "unverifiable"
    assert "network" in offline["summary"]

    (online,) = verify_json("--data-dir", profile, "--online", str(badge))
    assert online["status"] == "verified", online["summary"]

    # What was fetched stays in the profile's cache, with its date: offline now verifies too.
    (again,) = verify_json("--data-dir", profile, str(badge))
    assert again["status"] == "verified"
    hosted_check = next(c for c in again["checks"] if c["name"] == "hosted")
    assert "as_of" in hosted_check


def test_missing_file_is_an_input_failure(tmp_path: Path) -> None:
    assert run("--data-dir", str(tmp_path), "verify", str(tmp_path / "nope.json"))[0] == 1


def test_the_network_setting_is_off_by_default_and_offline_always_wins(
    tmp_path: Path,
    issuer: str,  # noqa: F811 - the fixture imported above
) -> None:
    assertion = hosted_graph(issuer)
    badge = tmp_path / "badge.json"
    badge.write_text(json.dumps(assertion))
    profile = str(tmp_path / "p")
    code, text = run("--data-dir", profile, "network", "--json")
    assert code == 0 and json.loads(text) == {"network_allowed": False}

    run("--data-dir", profile, "network", "--allow")
    (forbidden,) = verify_json("--data-dir", profile, "--offline", str(badge))
    assert forbidden["status"] == "unverifiable"
    (allowed,) = verify_json("--data-dir", profile, str(badge))
    assert allowed["status"] == "verified"
