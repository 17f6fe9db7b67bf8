"""A learner moves between wiped lab machines: backup on one profile, restore on another.

The identity (did:key), credentials and the qualifications they added all come back; no
private key material is anywhere in the profile or in the backup file, in any encoding.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from _identity_support import fast_kdf, find_leaks, private_material, use_keyring  # noqa: F401
from keyring.backends import fail

from portfolio_app.cli import main

PASSPHRASE = "lab machine passphrase 42"


def run(*argv: str) -> tuple[int, Any]:
    out = io.StringIO()
    code = main([*argv, "--json"], out=out)
    text = out.getvalue()
    return code, json.loads(text) if text.strip() else None


@pytest.fixture
def lab(use_keyring, fast_kdf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """A lab machine as this one is: no usable keychain, so the passphrase path is used."""
    use_keyring(fail.Keyring())
    monkeypatch.setattr("sys.stdin", io.StringIO())
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    return secret


def test_backup_restores_identity_credentials_and_qualifications_elsewhere(
    lab: Path, tmp_path: Path, public_fixtures: Path
) -> None:
    first, second = tmp_path / "term1", tmp_path / "term2"
    pw = ["--passphrase-file", str(lab)]
    code, created = run("--data-dir", str(first), "keys", "create", "--name", "Ada", *pw)
    assert code == 0
    did = created["did"]
    assert did.startswith("did:key:z6Mk")
    run(
        "--data-dir",
        str(first),
        "import",
        str(public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"),
    )
    mine = json.loads(
        (Path("resources/qualifications/catalogue/example-ibm-skillsbuild-ai-path.json")).read_text()
    )
    mine["id"] = "lab-own-ai-path"
    definition = tmp_path / "own.json"
    definition.write_text(json.dumps(mine))
    assert run("--data-dir", str(first), "qualifications", "add", str(definition))[0] == 0
    (tmp_path / "usb").mkdir()
    backup = tmp_path / "usb" / "ada.backup"
    code, written = run("--data-dir", str(first), "backup", str(backup), *pw)
    assert code == 0 and written["did"] == did and written["credentials"] == 1

    secrets = private_material(first, PASSPHRASE)
    assert find_leaks(first, secrets) == []
    assert find_leaks(backup.parent, secrets) == []

    code, restored = run("--data-dir", str(second), "restore", str(backup), *pw)
    assert code == 0
    assert restored == {"restored": 1, "skipped": 0, "qualifications": 1, "did": did}
    code, status = run("--data-dir", str(second), "keys", "status")
    assert code == 0 and status["did"] == did
    listed = run("--data-dir", str(second), "qualifications", "list")[1]
    assert "lab-own-ai-path" in json.dumps(listed)
    (row,) = run("--data-dir", str(second), "list")[1]
    assert row["title"] == "Teamwork"


def test_restoring_into_a_profile_with_another_identity_changes_nothing(
    lab: Path, tmp_path: Path, public_fixtures: Path
) -> None:
    from tests.helpers import profile_snapshot

    pw = ["--passphrase-file", str(lab)]
    first, other = tmp_path / "a", tmp_path / "b"
    run("--data-dir", str(first), "keys", "create", "--name", "Ada", *pw)
    run(
        "--data-dir",
        str(first),
        "import",
        str(public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"),
    )
    backup = tmp_path / "a.backup"
    run("--data-dir", str(first), "backup", str(backup), *pw)
    run("--data-dir", str(other), "keys", "create", "--name", "Grace", *pw)
    before = profile_snapshot(other)

    code, _ = run("--data-dir", str(other), "restore", str(backup), *pw)

    assert code == 1
    assert profile_snapshot(other) == before
