"""Exit codes a script can trust: ``portfolio verify FILE && echo OK`` means *verified*.

0 when every file (or, for ``reverify``, every credential) is ``verified``; 1 when any has
another verdict or is refused; 2 for a usage error — as ``gpg --verify`` and ``cosign verify``.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from portfolio_app.cli import build_parser, main

VERIFIED = "dcc-obv3-vc2-eddsa-didkey-basic.json"  # verifies offline (did:key issuer)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def verified(public_fixtures: Path) -> Path:
    return public_fixtures / VERIFIED


@pytest.fixture
def tampered(tmp_path: Path, verified: Path) -> Path:
    """The verified badge with its name and id changed after signing (so it is not held as a
    duplicate of the genuine one)."""
    data = json.loads(verified.read_text())
    data["name"] = "Teamwork Badge (with honours)"
    data["id"] = "http://example.com/credentials/9999"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    return path


def test_a_verified_file_exits_0(tmp_path: Path, verified: Path) -> None:
    code, text = run("--data-dir", str(tmp_path / "p"), "verify", str(verified), "--json")
    assert code == 0 and [r["status"] for r in json.loads(text)] == ["verified"]


def test_a_tampered_file_exits_1(tmp_path: Path, tampered: Path) -> None:
    code, text = run("--data-dir", str(tmp_path / "p"), "verify", str(tampered), "--json")
    assert code == 1 and [r["status"] for r in json.loads(text)] == ["tampered"]
    assert run("--data-dir", str(tmp_path / "p"), "verify", str(tampered))[0] == 1


def test_one_bad_file_among_good_ones_exits_1(
    tmp_path: Path, verified: Path, tampered: Path
) -> None:
    code, text = run(
        "--data-dir", str(tmp_path / "p"), "verify", str(verified), str(tampered), "--json"
    )
    assert code == 1
    assert [r["status"] for r in json.loads(text)] == ["verified", "tampered"]


def test_a_refused_file_exits_1_and_the_others_are_still_verified(
    tmp_path: Path, verified: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(
        "--data-dir", str(tmp_path / "p"), "verify", "no/such.json", str(verified), "--json"
    )
    assert code == 1
    rows = json.loads(text)
    assert [r["status"] for r in rows] == ["refused", "verified"]


def test_an_unverifiable_file_is_not_ok_for_a_script(tmp_path: Path, public_fixtures: Path) -> None:
    hosted = public_fixtures / "1edtech-ob2-baked-hosted.png"
    assert run("--data-dir", str(tmp_path / "p"), "verify", str(hosted))[0] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("--data-dir", str(tmp_path), "verify")[0] == 2
    assert run("--data-dir", str(tmp_path), "verify", "--no-such-option", "x.json")[0] == 2


def test_reverify_exits_0_only_when_every_credential_is_verified(
    tmp_path: Path, verified: Path, tampered: Path
) -> None:
    profile = str(tmp_path / "p")
    run("--data-dir", profile, "import", str(verified))
    assert run("--data-dir", profile, "reverify")[0] == 0
    run("--data-dir", profile, "import", str(tampered))
    code, text = run("--data-dir", profile, "reverify", "--json")
    assert code == 1
    assert sorted(r["status"] for r in json.loads(text)) == ["tampered", "verified"]


def test_a_folder_of_verified_files_exits_0(tmp_path: Path, verified: Path) -> None:
    folder = tmp_path / "badges"
    folder.mkdir()
    shutil.copy(verified, folder / VERIFIED)
    code, text = run("--data-dir", str(tmp_path / "p"), "verify", str(folder), "--json")
    assert code == 0 and [Path(r["file"]).name for r in json.loads(text)] == [VERIFIED]


@pytest.mark.parametrize("command", ["verify", "reverify"])
def test_the_exit_codes_are_in_the_help(command: str) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    text = sub.choices[command].format_help()  # type: ignore[attr-defined]
    assert "exit status: 0 when every" in text and "2 for a usage error" in text
