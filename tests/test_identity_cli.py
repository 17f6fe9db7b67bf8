"""``portfolio keys …`` as a script or a learner at a terminal would use it."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from _identity_support import PASSPHRASE, PlaintextKeyring, fast_kdf, use_keyring
from keyring.backends import fail

from portfolio_app import cli_keys, cli_secrets
from portfolio_app.cli import main

__all__ = ["fast_kdf", "use_keyring"]


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def keys_cli(tmp_path: Path, use_keyring, fast_kdf, monkeypatch: pytest.MonkeyPatch):
    """``keys_cli("status", "--json") -> (exit code, stdout, stderr)`` on one profile."""
    use_keyring(fail.Keyring())
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal unless a test says so
    data_dir = tmp_path / "profile"

    def run(*argv: str) -> tuple[int, str, str]:
        # Through the real entry point: errors reach the one top-level handler.
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr("sys.stderr", err)
        code = main(["--data-dir", str(data_dir), "keys", *argv], out=out)
        return code, out.getvalue(), err.getvalue()

    run.data_dir = data_dir  # type: ignore[attr-defined]
    return run


@pytest.fixture
def pw_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n")
    return path


def test_status_before_create_says_a_passphrase_will_be_used_and_why(keys_cli) -> None:
    code, out, _ = keys_cli("status", "--json")
    data = json.loads(out)
    assert code == 0 and data["exists"] is False
    assert data["protection"] == "passphrase" and data["needs_passphrase"]
    assert "no OS keychain is available" in data["reason"]


def test_create_without_a_way_to_ask_for_a_passphrase_is_a_usage_error(keys_cli) -> None:
    code, out, err = keys_cli("create", "--name", "Ada Lovelace")
    assert code == 2 and out == ""
    assert "--passphrase-file" in err
    assert not (keys_cli.data_dir / "keys" / "secrets.sealed").exists()


def test_create_status_rotate_export_with_a_passphrase_file(keys_cli, pw_file: Path,
                                                            tmp_path: Path) -> None:
    code, out, _ = keys_cli("create", "--name", "Ada Lovelace", "--passphrase-file",
                            str(pw_file), "--json")
    assert code == 0
    did = json.loads(out)["did"]

    code, out, _ = keys_cli("status")
    assert code == 0 and did in out and "Protection:  passphrase" in out

    code, out, _ = keys_cli("rotate", "--passphrase-file", str(pw_file), "--json")
    assert code == 0 and json.loads(out)["previous_did"] == did

    code, out, _ = keys_cli("export-public", "--out", str(tmp_path / "pub"), "--json")
    assert code == 0 and json.loads(out)["history"][0]["did"] == did
    assert (tmp_path / "pub" / "pdf-certificate.pem").is_file()

    code, out, _ = keys_cli("export-public")
    assert code == 0 and "BEGIN CERTIFICATE" in out and "PRIVATE" not in out


def test_wrong_passphrase_exits_1_with_a_sentence(keys_cli, pw_file: Path,
                                                  tmp_path: Path) -> None:
    keys_cli("create", "--name", "Ada", "--passphrase-file", str(pw_file))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    code, out, err = keys_cli("rotate", "--passphrase-file", str(wrong), "--json")
    assert code == 1
    assert "the passphrase does not open the keys" in err
    assert json.loads(out)["error"]["kind"] == "WrongPassphrase"


def test_change_passphrase_from_files(keys_cli, pw_file: Path, tmp_path: Path) -> None:
    keys_cli("create", "--name", "Ada", "--passphrase-file", str(pw_file))
    new = tmp_path / "new.txt"
    new.write_text("a brand new passphrase\n")
    code, _, _ = keys_cli("change-passphrase", "--passphrase-file", str(pw_file),
                          "--new-passphrase-file", str(new))
    assert code == 0
    assert keys_cli("rotate", "--passphrase-file", str(pw_file))[0] == 1
    assert keys_cli("rotate", "--passphrase-file", str(new))[0] == 0


def test_interactive_create_prompts_twice_on_a_terminal(
    keys_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE])
    monkeypatch.setattr("sys.stdin", _TTY())
    monkeypatch.setattr(cli_secrets.getpass, "getpass", lambda prompt: next(answers))
    code, out, _ = keys_cli("create", "--name", "Ada Lovelace")
    assert code == 0 and "Created did:key:" in out


def test_plaintext_keyring_is_refused_and_status_says_why(keys_cli, use_keyring,
                                                           pw_file: Path) -> None:
    use_keyring(PlaintextKeyring())
    keys_cli("create", "--name", "Ada", "--passphrase-file", str(pw_file))
    code, out, _ = keys_cli("status")
    assert code == 0
    assert "Refused:" in out and "PlaintextKeyring" in out


def test_keys_without_an_action_shows_help_and_exits_2(keys_cli) -> None:
    code, out, _ = keys_cli()
    assert code == 2 and "status" in out


def test_register_accepts_parents_that_already_define_json() -> None:
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true")
    parser = argparse.ArgumentParser()
    cli_keys.register(parser.add_subparsers(), [as_json])
    assert parser.parse_args(["keys", "status", "--json"]).json is True
