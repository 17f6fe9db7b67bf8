"""Grouped commits change how imports are stored, never what they conclude.

The public fixtures (plus a baked PNG copy of one, which joins that entry as another
rendition, and a byte-for-byte duplicate) are imported twice: once as one folder (files
grouped into shared commits) and once file by file (each file its own commit, as every
import was before grouping).  Both wallets must read the same, field for field: verdict
history (status, summary, checks, facts, limits), renditions and what each entry shows.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import PUBLIC_FIXTURES
from helpers import itxt, tiny_png

from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage import batch

BASIC = PUBLIC_FIXTURES / "dcc-obv3-vc2-eddsa-didkey-basic.json"


def files(folder: Path) -> list[Path]:
    folder.mkdir()
    for path in sorted(PUBLIC_FIXTURES.iterdir()):
        if path.name != "MANIFEST.md":
            shutil.copy(path, folder / path.name)
    text = BASIC.read_text(encoding="utf-8")
    (folder / "zz-basic-baked.png").write_bytes(tiny_png(itxt("openbadgecredential", text)))
    shutil.copy(BASIC, folder / "zz-basic-again.json")
    return sorted(folder.iterdir())


def wallet(portfolio: Portfolio) -> dict[str, Any]:
    """What the wallet holds, by original name, without ids and clock times."""
    repo = portfolio.repo
    held: dict[str, Any] = {}
    for stored in portfolio.credentials():
        held[stored.original_name] = {
            "credential": stored.credential,
            "verdicts": [
                (v.status, v.summary, v.checks, v.facts) for v in repo.verdict_history(stored.id)
            ],
            "renditions": [
                (r.sha256, r.original_name, r.status, r.shown) for r in repo.renditions(stored.id)
            ],
        }
    return held


def test_a_folder_imported_in_groups_reads_as_imported_file_by_file(
    tmp_path: Path, monkeypatch: Any
) -> None:
    inbox = files(tmp_path / "inbox")
    monkeypatch.setattr(batch, "MAX_ITEMS", 4)  # several groups, and one split mid-folder
    with Portfolio(tmp_path / "grouped") as grouped:
        report = grouped.import_paths([tmp_path / "inbox"])
        in_groups = wallet(grouped)
    with Portfolio(tmp_path / "one-by-one") as single:
        singles = [single.import_paths([path]) for path in inbox]
        one_by_one = wallet(single)

    lines = [o.line for o in report.outcomes]
    assert lines == [o.line for r in singles for o in r.outcomes]
    assert report.count(ImportStatus.IMPORTED) >= 10
    assert report.count(ImportStatus.DUPLICATE) == 1
    assert any("another copy" in line for line in lines)
    assert in_groups == one_by_one
