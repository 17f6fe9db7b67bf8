"""``portfolio progress`` / ``qualifications add|list|remove`` against a fake portfolio."""

from __future__ import annotations

import argparse
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from portfolio_app import cli_pathways
from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.pathways import Holding
from portfolio_app.services.portfolio import QualificationUseCases


class FakeStore:
    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def list_texts(self) -> list[str]:
        return list(self.texts.values())

    def add_text(self, qualification_id: str, text: str) -> None:
        self.texts[qualification_id] = text

    def remove(self, qualification_id: str) -> bool:
        return self.texts.pop(qualification_id, None) is not None


class FakePortfolio(QualificationUseCases):
    def __init__(self, holdings: list[Holding]) -> None:
        self.qualification_store = FakeStore()
        self._holdings = holdings
        self.data_dir = Path("/nonexistent/profile")  # no issuer registries

    def holdings(self) -> list[Holding]:
        return self._holdings


def course(i: int, achievement_id: str, status: str | None = "verified") -> Holding:
    return Holding(i, Credential(
        format=CredentialFormat.OB3, container=Container.JSON, title=f"Course {i}",
        issuer_name="Example", payload="{}", achievement_id=achievement_id,
        issued=datetime(2024, 3, 1, tzinfo=UTC)), status)


DEFINITION = {
    "id": "mine", "name": "My certificate", "awarding_body": "Career Centre",
    "requirements": {"type": "all", "children": [
        {"type": "match", "achievement_id": "a", "label": "Course A"},
        {"type": "match", "achievement_id": "b", "label": "Course B"}]},
}


def run(portfolio: FakePortfolio, *argv: str) -> tuple[int, str]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true")
    parser = argparse.ArgumentParser(prog="portfolio")
    sub = parser.add_subparsers(dest="command")
    cli_pathways.register(sub, [common, as_json])
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    code = args.handler(portfolio, args, out)
    return code, out.getvalue()


def test_add_list_progress_remove(tmp_path: Path) -> None:
    portfolio = FakePortfolio([course(1, "a"), course(2, "b", status="unverifiable")])
    file = tmp_path / "mine.json"
    file.write_text(json.dumps(DEFINITION), encoding="utf-8")

    assert run(portfolio, "qualifications", "add", str(file)) == (
        0, "Added My certificate [mine].\n")
    code, text = run(portfolio, "qualifications", "list", "--json")
    listed = {row["id"]: row for row in json.loads(text)}
    assert code == 0 and listed["mine"]["source"] == "user" and len(listed) >= 6

    code, text = run(portfolio, "progress", "mine", "--as-of", "2025-01-01")
    assert code == 0
    assert "50% in progress" in text and "Course B" in text

    code, text = run(portfolio, "progress", "mine", "--json", "--include-unverified",
                     "--as-of", "2025-01-01")
    (report,) = json.loads(text)
    assert report["satisfied"] and report["tree"]["flagged"] == [2]
    assert report["shortest"]["additions"] == []

    assert run(portfolio, "qualifications", "remove", "mine")[0] == 0
    assert run(portfolio, "qualifications", "remove", "mine")[0] == 1


def test_malformed_file_is_refused_with_its_path_and_nothing_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = FakePortfolio([])
    bad: dict[str, Any] = json.loads(json.dumps(DEFINITION))
    bad["requirements"]["children"][1]["type"] = "maybe"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(bad), encoding="utf-8")
    code, _ = run(portfolio, "qualifications", "add", str(file))
    assert code == 1
    assert portfolio.qualification_store.texts == {}
    assert "bad.json: $.requirements.children[1].type: unknown rule type" in capsys.readouterr().err


def test_progress_of_everything_and_of_an_unknown_id() -> None:
    portfolio = FakePortfolio([course(1, "urn:example:eit:scm:capstone-exam")])
    code, text = run(portfolio, "progress", "--json", "--as-of", "2025-01-01")
    assert code == 0 and len(json.loads(text)) >= 5
    code, text = run(portfolio, "progress", "--as-of", "2025-01-01")
    assert "Shortest way to finish" in text and "(example)" in text
    assert run(portfolio, "progress", "nope")[0] == 1


def test_register_adds_json_when_the_parents_do_not() -> None:
    parser = argparse.ArgumentParser(prog="portfolio")
    cli_pathways.register(parser.add_subparsers(dest="command"), [])
    assert parser.parse_args(["progress", "--json"]).json is True
    assert parser.parse_args(["qualifications", "list"]).json is False
