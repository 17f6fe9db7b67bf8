"""Verification speed work (issue 12) that must not change what a user is told.

``portfolio verify FILES…`` reads the profile's size limit once per call, not once per file
(the per-file read through SQLAlchemy was a third of the steady-state cost per credential),
and still applies that limit to every file.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.services.portfolio import MAX_BYTES_SETTING, Portfolio

FIXTURE = "dcc-obv3-vc2-eddsa-didkey-basic.json"


def test_verify_files_reads_the_size_limit_once_and_applies_it_to_every_file(
    tmp_path: Path, public_fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = public_fixtures / FIXTURE
    files = []
    for i in range(4):
        target = tmp_path / f"credential-{i}.json"
        shutil.copyfile(source, target)
        files.append(target)
    big = tmp_path / "big.json"
    big.write_text(source.read_text(encoding="utf-8") + " " * 4000, encoding="utf-8")
    files.insert(2, big)
    with Portfolio(tmp_path / "profile") as portfolio:
        portfolio.repo.set_setting(MAX_BYTES_SETTING, source.stat().st_size + 100)
        reads: list[str] = []
        real = portfolio.repo.get_setting

        def counting(key: str, default: Any = None) -> Any:
            reads.append(key)
            return real(key, default)

        monkeypatch.setattr(portfolio.repo, "get_setting", counting)
        results = portfolio.verify_files(files)
    assert reads.count(MAX_BYTES_SETTING) == 1
    statuses = [result.verdict.status.value for result in results]
    assert statuses == ["verified", "verified", "malformed", "verified", "verified"]
