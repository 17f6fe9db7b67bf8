"""``portfolio`` helps: every argument explained, an example per command, typos answered."""

from __future__ import annotations

import argparse
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_app.cli import build_parser, main

VERIFIED = "dcc-obv3-vc2-eddsa-didkey-basic.json"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def every_parser(
    parser: argparse.ArgumentParser, name: str = "portfolio"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from every_parser(sub, f"{name} {sub_name}")


def test_every_positional_and_option_has_help_text() -> None:
    missing = [
        f"{name}: {action.dest}"
        for name, parser in every_parser(build_parser())
        for action in parser._actions
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert missing == []


def test_every_command_help_shows_an_example() -> None:
    without = [
        name
        for name, parser in every_parser(build_parser())
        if "example" not in parser.format_help()
    ]
    assert without == []


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [(["lsit"], "list"), (["verfy", "x.json"], "verify"), (["keys", "stauts"], "status")],
)
def test_a_mistyped_command_suggests_the_nearest_one(
    tmp_path: Path, typed: list[str], suggested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("--data-dir", str(tmp_path), *typed)
    err = capsys.readouterr().err
    assert code == 2
    assert f"did you mean {suggested!r}?" in err
    assert "Traceback" not in err


def test_a_mistyped_path_is_shown_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("--data-dir", str(tmp_path / "p"), "verify", "./Downlods/../badge.json")
    assert code == 1
    assert capsys.readouterr().err.startswith("./Downlods/../badge.json: ")
    code, _ = run("--data-dir", str(tmp_path / "p"), "import", "./Downlods/badge.json")
    assert code == 1
    assert capsys.readouterr().err.startswith("./Downlods/badge.json: ")


@pytest.fixture
def download_folder(tmp_path: Path, public_fixtures: Path) -> Path:
    """What a learner's badge folder looks like: a badge, and notes about where it came from."""
    folder = tmp_path / "badges"
    folder.mkdir()
    shutil.copy(public_fixtures / VERIFIED, folder / VERIFIED)
    (folder / "SOURCES.md").write_text("# Where these came from\n\n- the DCC test issuer\n")
    (folder / "notes.txt").write_text("Ask the career centre about the data badge.\n")
    return folder


def test_importing_a_folder_skips_notes_in_one_line_and_exits_0(
    tmp_path: Path, download_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run("--data-dir", str(tmp_path / "p"), "import", str(download_folder))
    assert code == 0
    assert "skipped 2 files that are not credentials: SOURCES.md, notes.txt" in out
    assert "1 imported, 0 already held, 0 refused" in out
    assert capsys.readouterr().err == ""


def test_verify_accepts_a_folder_and_skips_notes(tmp_path: Path, download_folder: Path) -> None:
    code, text = run("--data-dir", str(tmp_path / "p"), "verify", str(download_folder), "--json")
    assert code == 0
    assert [(Path(r["file"]).name, r["status"]) for r in json.loads(text)] == [
        (VERIFIED, "verified")
    ]
    code, out = run("--data-dir", str(tmp_path / "p"), "verify", str(download_folder))
    assert code == 0 and "skipped 2 files that are not credentials" in out


def test_a_broken_credential_in_a_folder_is_still_a_refusal(
    tmp_path: Path, download_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (download_folder / "broken.json").write_text('{"@context": ["https://www.w3.org/ns/cre')
    (download_folder / "token.txt").write_text("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln\n")
    code, out = run("--data-dir", str(tmp_path / "p"), "import", str(download_folder))
    err = capsys.readouterr().err
    assert code == 1
    assert "broken.json: " in err and "token.txt: " in err, "credential-looking: tried"
    assert "skipped 2 files" in out


def test_a_notes_file_named_explicitly_is_tried_not_skipped(
    tmp_path: Path, download_folder: Path
) -> None:
    code, _ = run("--data-dir", str(tmp_path / "p"), "import", str(download_folder / "notes.txt"))
    assert code == 1
