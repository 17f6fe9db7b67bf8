"""One door to the profile (issue 14, "First"): both shells go through the ``Portfolio``
facade, which hands out small result values, never storage records.

import-linter forbids the shells to import storage, the identity service or the pathways
service (pyproject.toml); this test forbids what import-linter cannot see: reading the
facade's repository attribute (``portfolio.repo``) from a shell.
"""

from __future__ import annotations

import ast
from pathlib import Path

from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.services.results import WalletRow

PACKAGE = Path(__file__).resolve().parent.parent / "portfolio_app"


def _shell_files() -> list[Path]:
    return sorted([*PACKAGE.glob("cli*.py"), *(PACKAGE / "ui").glob("*.py")])


def test_no_shell_reads_the_repository_behind_the_facade() -> None:
    offenders = []
    for path in _shell_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "repo":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert len(_shell_files()) > 8, "the scan found the shells"
    assert offenders == [], f"shells must use the Portfolio facade, not .repo: {offenders}"


def test_the_scan_would_catch_a_repository_read(tmp_path: Path) -> None:
    """The rule above can fail: the same walk flags a file that reads ``portfolio.repo``."""
    tree = ast.parse("def f(portfolio):\n    return portfolio.repo.list_credentials()\n")
    assert any(isinstance(n, ast.Attribute) and n.attr == "repo" for n in ast.walk(tree))


def test_wallet_rows_are_plain_values_with_a_prepared_search_text(
    tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        portfolio.import_paths([public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"])
        (row,) = portfolio.wallet_rows()
        assert isinstance(row, WalletRow)
        assert row.status == "verified"
        assert row.search_text == row.search_text.lower()
        assert row.title.lower() in row.search_text and row.issuer.lower() in row.search_text


def test_remove_then_undo_puts_back_the_history_and_the_original(
    tmp_path: Path, public_fixtures: Path
) -> None:
    source = public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"
    with Portfolio(tmp_path) as portfolio:
        (outcome,) = portfolio.import_paths([source]).outcomes
        assert outcome.credential_id is not None
        portfolio.reverify_one(outcome.credential_id)
        before = portfolio.details(outcome.credential_id)
        assert len(portfolio.verdict_history(outcome.credential_id)) == 2

        removed = portfolio.remove(outcome.credential_id)
        assert portfolio.wallet_rows() == []
        again = portfolio.undo_remove(removed)

        assert again is not None
        after = portfolio.details(again)
        assert after.row.title == before.row.title and after.row.status == "verified"
        assert len(portfolio.verdict_history(again)) == 2, "the whole history came back"
        assert portfolio.original_bytes(again) == source.read_bytes()
        # and the file is a duplicate again, not a new credential
        (dup,) = portfolio.import_paths([source]).outcomes
        assert dup.status is ImportStatus.DUPLICATE


def test_the_one_query_listing_gives_the_same_rows_as_reading_each_credential(
    tmp_path: Path, public_fixtures: Path
) -> None:
    """The wallet's fast listing must never show anything the full read would not: same
    titles (provisional ones marked), statuses (self-reported PDFs), tags, skills, order."""
    from portfolio_app.services.results import wallet_row

    with Portfolio(tmp_path) as portfolio:
        portfolio.import_paths([public_fixtures, *portfolio.sample_paths()])
        stored = portfolio.repo.list_credentials()
        assert len(stored) >= 8
        portfolio.repo.set_user_tags(stored[0].id, ["mine", "job-2026"])
        portfolio.reverify_one(stored[1].id)
        expected = [wallet_row(s) for s in portfolio.repo.list_credentials()]
        rows = portfolio.wallet_rows()
        assert rows == expected
        assert {"mine", "job-2026"} <= set(rows[0].tags)
        assert len({r.status for r in rows}) >= 3
        assert any("(provisional title)" in r.title for r in rows)
