"""Grouped commits change how imports and re-checks are stored, never what they conclude.

The public fixtures (plus a baked PNG copy of one, which joins that entry as another
rendition, and a byte-for-byte duplicate) are imported twice: once as one folder (files
grouped into shared commits) and once file by file (each file its own commit, as every
import was before grouping).  Both wallets must read the same, field for field: verdict
history (status, summary, checks, facts, limits), renditions and what each entry shows.

``reverify`` now reads every rendition at once and writes everything in one transaction; it
must conclude what the per-entry re-check it replaced concluded (kept below as the
reference, written with the repository's one-entry calls).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from conftest import PUBLIC_FIXTURES
from helpers import itxt, tiny_png

from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.services import verification
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage import Repository, batch
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.verdict import Verdict

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


def reverify_entry_by_entry(repo: Repository, docs: DocumentSource) -> list[tuple[int, Verdict]]:
    """The re-check as it was before: one read and, when the reading changed, one commit per
    entry, then the verdicts in one transaction."""
    per_entry = []
    for stored in repo.list_credentials():
        read = verification.read_again(stored.credential)
        fresh = read
        if fresh is not None and fresh != stored.credential:
            repo.replace_shown(stored.id, fresh, reason=verification.READ_AGAIN)
        checked = []
        for rendition in repo.renditions(stored.id):
            credential = fresh or stored.credential
            if not rendition.shown:
                as_kept = replace(
                    stored.credential,
                    format=CredentialFormat(rendition.format),
                    container=Container(rendition.container),
                    payload=rendition.payload,
                    extra=dict(rendition.extra),
                )
                credential = verification.read_again(as_kept) or as_kept
            checked.append((rendition.sha256, credential, verification.judge(credential, docs)))
        per_entry.append((stored.id, checked))
    best = repo.record_rendition_verdicts(per_entry)
    return [(entry, best[entry]) for entry, _ in per_entry]


def stale(credential: Credential) -> Credential:
    """The entry as an older parser stored it: without the signed digest, so the re-check
    reads it again and keeps what it showed before in the shown history."""
    extra = {k: v for k, v in credential.extra.items() if k != "signed_digest"}
    return replace(credential, extra=extra, title=credential.title + " (old reading)")


def test_reverify_concludes_what_the_entry_by_entry_recheck_concluded(tmp_path: Path) -> None:
    files(tmp_path / "inbox")
    with Portfolio(tmp_path / "template") as template:
        template.import_paths([tmp_path / "inbox"])
        first = template.credentials()[0]
        template.repo.replace_shown(first.id, stale(first.credential), reason="test")
    shutil.copytree(tmp_path / "template", tmp_path / "before")
    shutil.copytree(tmp_path / "template", tmp_path / "after")

    with Portfolio(tmp_path / "before") as before:
        expected = reverify_entry_by_entry(before.repo, before.documents())
        held_before = wallet(before)
        shown_before = [before.repo.shown_history(i) for i, _ in expected]
    with Portfolio(tmp_path / "after") as after:
        results = after.reverify()
        held_after = wallet(after)
        shown_after = [after.repo.shown_history(i) for i, _ in results]

    def same(verdict: Verdict) -> tuple[object, ...]:
        return (verdict.status, verdict.summary, verdict.checks, verdict.facts, verdict.limits)

    assert [(i, same(v)) for i, v in results] == [(i, same(v)) for i, v in expected]
    assert held_after == held_before
    assert [[(r.reason, r.shown) for r in h] for h in shown_after] == [
        [(r.reason, r.shown) for r in h] for h in shown_before
    ]
    assert any(len(h) == 2 for h in shown_after)  # the stale entry was read again
