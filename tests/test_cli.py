"""The ``portfolio`` command line, driven as a lab script would drive it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import stored_originals

from portfolio_app.cli import main

# A status-list credential: imported into the document cache, not the wallet.
STATUS_LIST = "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json"

# What `list --json` must say for each public fixture: (format, title, issuer name).
EXPECTED: dict[str, tuple[str, str, str]] = {
    # The badge class is only a URL: the file's name is the (provisional) title until it is known.
    "1edtech-ob2-baked-hosted.png": ("ob2-hosted", "1edtech Ob2 Baked Hosted", "example.org"),
    "1edtech-ob2-signed-rs256.jwt": ("ob2-signed", "1edtech Ob2 Signed Rs256", "example.org"),
    "1edtech-obv3-baked-embeddedproof.png": ("ob3", "Teamwork", "Example Corp"),
    "1edtech-obv3-baked-vcjwt.svg": ("ob3-jwt", "Teamwork", "Example Corp"),
    "1edtech-obv3-eddsa-testvector.json": ("ob3", "Teamwork", "Example Corp"),
    "dcc-obv3-vc1-ed25519-didkey-expired.json": (
        "ob3",
        "Badge",
        "Digital Credentials Consortium Test Issuer",
    ),
    "dcc-obv3-vc2-eddsa-didkey-basic.json": ("ob3", "Teamwork", "Example Corp"),
    "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json": (
        "ob3",
        "Bachelors - v2 - revoked",
        "Example Corp",
    ),
    "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json": ("ob3", "Teamwork", "Example Corp"),
    "europass-edc-elm3-jades-sealed.jsonld": (
        "europass-edc",
        "EDC Updates Webinar",
        "ORGANIZACION TEST",
    ),
    "w3c-vcdiecdsa-ecdsa-sd-2023-base.json": (
        "vc",
        "Verifiable Credential from vc.example",
        "vc.example",
    ),
    "w3c-vcdiecdsa-ecdsa-sd-2023-derived.json": (
        "vc",
        "Verifiable Credential from vc.example",
        "vc.example",
    ),
    "w3c-vcdieddsa-ed25519signature2020-signed.json": ("vc", "Alumni Credential", "vc.example"),
    "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json": ("vc", "Alumni Credential", "vc.example"),
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def run_json(*argv: str) -> Any:
    code, text = run(*argv, "--json")
    assert code == 0, text
    return json.loads(text)


def test_every_public_fixture_is_listed_with_its_title_issuer_and_format(
    tmp_path: Path, public_fixtures: Path
) -> None:
    fixture_names = sorted(p.name for p in public_fixtures.iterdir() if p.suffix != ".md")
    assert set(fixture_names) == {*EXPECTED, "1edtech-ob2-signed-rs256.key1.json", STATUS_LIST}
    for name, (fmt, title, issuer) in EXPECTED.items():
        profile = str(tmp_path / name)
        code, _ = run("--data-dir", profile, "import", str(public_fixtures / name))
        assert code == 0, name
        (row,) = run_json("--data-dir", profile, "list")
        assert (row["format"], row["title"], row["issuer"]) == (fmt, title, issuer), name
        assert row["original_name"] == name
        assert row["status"] is not None, "every import records a verdict"


def test_the_key_file_is_refused_with_a_reason(
    tmp_path: Path, public_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = public_fixtures / "1edtech-ob2-signed-rs256.key1.json"
    code, _ = run("--data-dir", str(tmp_path), "import", str(key))
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{key}: "), "a file named on the command line is shown as typed"
    assert "CryptographicKey" in err
    assert run_json("--data-dir", str(tmp_path), "list") == []


def test_importing_the_whole_fixture_folder_reports_every_file(
    tmp_path: Path, public_fixtures: Path
) -> None:
    outcomes = run_json_allow_failure("--data-dir", str(tmp_path), "import", str(public_fixtures))
    by_name = {Path(o["file"]).name: o["status"] for o in outcomes}
    messages = {Path(o["file"]).name: o["message"] for o in outcomes}
    assert by_name.pop("1edtech-ob2-signed-rs256.key1.json") == "rejected"
    assert by_name.pop("MANIFEST.md") == "skipped", "prose in a folder is skipped, not refused"
    assert by_name.pop(STATUS_LIST) == "cached"
    # The same credential (same id, same issuer) in another rendition joins the entry it
    # belongs to: one entry, both originals kept.
    copies = (
        "1edtech-ob2-signed-rs256.jwt",
        "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json",
        "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json",
    )
    for name in copies:
        assert by_name.pop(name) == "imported"
        assert messages[name].startswith("added as another copy of #"), messages[name]
    assert set(by_name.values()) == {"imported"}
    listed = run_json("--data-dir", str(tmp_path), "list")
    assert len(listed) == len(by_name)


def run_json_allow_failure(*argv: str) -> Any:
    _code, text = run(*argv, "--json")
    return json.loads(text)


def test_backup_and_restore_round_trip_is_lossless(tmp_path: Path, public_fixtures: Path) -> None:
    source, target = str(tmp_path / "a"), str(tmp_path / "b")
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery staple\n")
    run("--data-dir", source, "import", str(public_fixtures))
    backup = tmp_path / "wallet.backup"
    assert (
        run("--data-dir", source, "backup", str(backup), "--passphrase-file", str(secret))[0] == 0
    )

    assert (
        run("--data-dir", target, "restore", str(backup), "--passphrase-file", str(secret))[0] == 0
    )

    before, after = run_json("--data-dir", source, "list"), run_json("--data-dir", target, "list")
    assert after == before
    for row in before:
        shown_a = run_json("--data-dir", source, "show", str(row["id"]))
        shown_b = run_json("--data-dir", target, "show", str(row["id"]))
        assert shown_a == shown_b
    # Originals come back byte for byte: compare the originals both profiles hold.
    blobs_a, blobs_b = stored_originals(tmp_path / "a"), stored_originals(tmp_path / "b")
    originals = sum(
        len(run_json("--data-dir", source, "show", str(r["id"]))["originals"]) for r in before
    )
    assert blobs_a == blobs_b and len(blobs_a) == originals > len(before)  # every copy kept


def test_a_backup_is_encrypted_and_a_wrong_passphrase_changes_nothing(
    tmp_path: Path, public_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.helpers import profile_snapshot

    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("correct horse battery staple")
    bad.write_text("incorrect horse battery staple")
    badge = public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"
    run("--data-dir", str(tmp_path / "a"), "import", str(badge))
    backup = tmp_path / "wallet.backup"
    run("--data-dir", str(tmp_path / "a"), "backup", str(backup), "--passphrase-file", str(good))
    sealed = backup.read_bytes()
    assert b"Teamwork" not in sealed and b"did:key" not in sealed and b"PK\x03\x04" not in sealed

    target = tmp_path / "b"
    run("--data-dir", str(target), "list")
    before = profile_snapshot(target)
    code, _ = run("--data-dir", str(target), "restore", str(backup), "--passphrase-file", str(bad))
    assert code == 1
    assert "passphrase does not open this backup" in capsys.readouterr().err
    assert profile_snapshot(target) == before


def test_backup_needs_a_passphrase_and_says_how_to_give_one(tmp_path: Path) -> None:
    code, _ = run("--data-dir", str(tmp_path), "backup", str(tmp_path / "x.backup"))
    assert code == 2
    assert not (tmp_path / "x.backup").exists()


def test_show_and_remove(tmp_path: Path, public_fixtures: Path) -> None:
    profile = str(tmp_path)
    run(
        "--data-dir",
        profile,
        "import",
        str(public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"),
    )
    (row,) = run_json("--data-dir", profile, "list")
    shown = run_json("--data-dir", profile, "show", str(row["id"]))
    assert shown["title"] == "Teamwork"
    assert shown["verdicts"][0]["status"] == "verified"
    code, text = run("--data-dir", profile, "show", str(row["id"]))
    assert code == 0 and "Teamwork" in text and "verified" in text

    assert run("--data-dir", profile, "remove", str(row["id"]), "--yes")[0] == 0
    assert run_json("--data-dir", profile, "list") == []
    assert run("--data-dir", profile, "show", str(row["id"]))[0] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("--data-dir", str(tmp_path), "frobnicate")[0] == 2
    assert run("--data-dir", str(tmp_path), "show", "not-a-number")[0] == 2
    assert run("--data-dir", str(tmp_path), "import")[0] == 2


def test_data_dir_comes_from_the_environment(
    tmp_path: Path, public_fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path / "env-profile"))
    run("import", str(public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"))
    assert (tmp_path / "env-profile" / "portfolio.sqlite3").is_file()
    assert len(run_json("list")) == 1
