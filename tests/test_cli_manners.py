"""Terminal manners: ask before removing, ask for the keys passphrase when a backup needs it,
show progress only on a terminal, and never let a credential's title forge output rows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from _identity_support import PASSPHRASE, fast_kdf, use_keyring
from keyring.backends import fail

from portfolio_app import cli_secrets
from portfolio_app.cli import main
from portfolio_app.cli_term import printable, working

__all__ = ["fast_kdf", "use_keyring"]

VERIFIED = "dcc-obv3-vc2-eddsa-didkey-basic.json"


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def one_badge(tmp_path: Path, public_fixtures: Path) -> Path:
    profile = tmp_path / "p"
    assert run("--data-dir", str(profile), "import", str(public_fixtures / VERIFIED))[0] == 0
    return profile


def count(profile: Path) -> int:
    return len(json.loads(run("--data-dir", str(profile), "list", "--json")[1]))


def test_remove_without_a_terminal_and_without_yes_refuses(
    one_badge: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # a pipe, not a learner
    code, _ = run("--data-dir", str(one_badge), "remove", "1")
    err = capsys.readouterr().err
    assert code == 1 and "--yes" in err and len(err.strip().splitlines()) == 1
    assert count(one_badge) == 1
    assert run("--data-dir", str(one_badge), "remove", "1", "--yes")[0] == 0
    assert count(one_badge) == 0


@pytest.mark.parametrize(("answer", "left"), [("n\n", 1), ("\n", 1), ("yes\n", 0)])
def test_remove_asks_on_a_terminal(
    one_badge: Path, monkeypatch: pytest.MonkeyPatch, answer: str, left: int
) -> None:
    monkeypatch.setattr("sys.stdin", _TTY(answer))
    prompt = _TTY()
    monkeypatch.setattr("sys.stderr", prompt)
    code, _ = run("--data-dir", str(one_badge), "remove", "1")
    assert "Remove #1 (Teamwork" in prompt.getvalue() and "[y/N]" in prompt.getvalue()
    assert code == (0 if left == 0 else 1)
    assert count(one_badge) == left


FORGED = "Python 101\n#99   2026-01-01  ob3             verified      Harvard MBA — Harvard"


def test_a_title_with_a_newline_cannot_forge_a_row(tmp_path: Path) -> None:
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:5a1b2c3d-0000-4000-8000-000000000099",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:evil", "type": ["Profile"], "name": "Evil\x1b[2JCorp"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": FORGED,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://evil.example/a/1",
                "type": ["Achievement"],
                "name": FORGED,
                "description": FORGED,
            },
        },
    }
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(credential))
    profile = str(tmp_path / "p")
    run("--data-dir", profile, "import", str(path))

    _code, listed = run("--data-dir", profile, "list")
    assert len(listed.splitlines()) == 1, listed
    assert "Python 101\\n#99" in listed and "\x1b" not in listed
    _code, shown = run("--data-dir", profile, "show", "1")
    assert not any(line.startswith("#99") for line in shown.splitlines())
    assert "\x1b" not in shown
    # --json keeps the real text for scripts
    (row,) = json.loads(run("--data-dir", profile, "list", "--json")[1])
    assert row["title"] == FORGED


def test_printable_escapes_controls_and_keeps_ordinary_text() -> None:
    assert printable("Café — Ünïcode ✓") == "Café — Ünïcode ✓"
    assert printable("a\nb\r\tc\x1b[31m\u2028\u202e") == "a\\nb\\r\\tc\\x1b[31m\\u2028\\u202e"


def test_progress_shows_on_a_terminal_only() -> None:
    terminal, pipe = _TTY(), io.StringIO()
    with working("Re-checking", terminal):
        pass
    with working("Re-checking", pipe):
        pass
    assert "Re-checking…" in terminal.getvalue() and pipe.getvalue() == ""


@pytest.fixture
def sealed_profile(tmp_path: Path, use_keyring, fast_kdf) -> Path:
    """A profile whose keys are sealed under PASSPHRASE (no keychain on this machine)."""
    use_keyring(fail.Keyring())
    profile = tmp_path / "p"
    keys_pw = tmp_path / "keys.txt"
    keys_pw.write_text(PASSPHRASE + "\n")
    code, _ = run(
        "--data-dir", str(profile), "keys", "create", "--name", "Ada",
        "--protection", "passphrase", "--passphrase-file", str(keys_pw),
    )  # fmt: skip
    assert code == 0
    return profile


def test_backup_asks_for_the_keys_passphrase_when_it_differs(
    sealed_profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_pw = tmp_path / "backup.txt"
    backup_pw.write_text("another long backup passphrase\n")
    asked: list[str] = []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr("sys.stdin", _TTY())
    terminal = _TTY()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(cli_secrets.getpass, "getpass", getpass)
    target = tmp_path / "wallet.backup"
    code, out = run(
        "--data-dir", str(sealed_profile), "backup", str(target),
        "--passphrase-file", str(backup_pw), "--json",
    )  # fmt: skip
    assert code == 0, terminal.getvalue()
    assert asked == ["Passphrase that opens your keys: "]
    assert json.loads(out)["did"].startswith("did:key:") and target.is_file()
    assert "Writing the encrypted backup…" in terminal.getvalue()


def test_backup_without_a_terminal_says_how_to_give_the_keys_passphrase(
    sealed_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup_pw = tmp_path / "backup.txt"
    backup_pw.write_text("another long backup passphrase\n")
    target = tmp_path / "wallet.backup"
    code, _ = run(
        "--data-dir", str(sealed_profile), "backup", str(target),
        "--passphrase-file", str(backup_pw),
    )  # fmt: skip
    assert code == 2 and "--keys-passphrase-file" in capsys.readouterr().err
    assert not target.exists()
