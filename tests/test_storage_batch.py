"""Grouped commits (storage/batch.py) as a learner meets them through an import: what was
committed stays, what a failed commit held says it was not imported, a cancel keeps
everything before it, and other readers see a group only once it is committed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import PUBLIC_FIXTURES
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from verify_di_support import ob3_credential

from portfolio_app.errors import DuplicateCredential
from portfolio_app.services.importing import ImportStatus, import_paths
from portfolio_app.services.reading import read_credentials
from portfolio_app.services.verification import document_source, judge
from portfolio_app.storage import DB_NAME, Repository, batch
from portfolio_app.storage.repository import (
    _INSERT_CREDENTIAL,
    _INSERT_RENDITION,
    _INSERT_VERDICT,
    rendition_values,
    row_values,
    verdict_values,
)

FILES = 9


@pytest.fixture
def inbox(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(FILES):
        doc = ob3_credential("did:example:college", id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}")
        (folder / f"{i:02d}.json").write_text(json.dumps(doc), encoding="utf-8")
    return sorted(folder.iterdir())


def committed_names(data_dir: Path) -> list[str]:
    """What another connection sees (committed rows only)."""
    db = sqlite3.connect(data_dir / DB_NAME)
    try:
        return sorted(r[0] for r in db.execute("SELECT original_name FROM credentials"))
    finally:
        db.close()


def test_a_refused_commit_marks_its_group_not_imported_and_keeps_the_groups_before(
    tmp_path: Path, inbox: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_ITEMS", 3)
    real = Session.commit
    commits = {"n": 0}

    def second_fails(self: Session) -> None:
        commits["n"] += 1
        if commits["n"] == 2:
            orig = sqlite3.OperationalError("database or disk is full")
            orig.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise OperationalError("COMMIT", {}, orig)
        real(self)

    data_dir = tmp_path / "profile"
    with Repository.open(data_dir) as repo:
        monkeypatch.setattr(Session, "commit", second_fails)
        report = import_paths(repo, inbox)
        monkeypatch.undo()
        blobs = repo.original_digests()
    statuses = [o.status for o in report.outcomes]
    assert statuses == [ImportStatus.IMPORTED] * 3 + [ImportStatus.REJECTED] * 6
    assert all("the disk is full" in o.message for o in report.outcomes[3:6])
    assert all("not imported" in o.message for o in report.outcomes[3:])
    assert committed_names(data_dir) == [p.name for p in inbox[:3]]
    assert len(blobs) == 3  # the failed group's originals went with its rows


def test_cancel_keeps_every_file_before_it_committed(tmp_path: Path, inbox: list[Path]) -> None:
    data_dir = tmp_path / "profile"
    asked = {"n": 0}

    def cancel_before_the_sixth() -> bool:
        asked["n"] += 1
        return asked["n"] > 5

    with Repository.open(data_dir) as repo:
        report = import_paths(repo, inbox, cancelled=cancel_before_the_sixth)
        assert committed_names(data_dir) == [p.name for p in inbox[:5]]
    assert report.count(ImportStatus.IMPORTED) == 5
    assert report.count(ImportStatus.CANCELLED) == FILES - 5


def test_a_group_is_invisible_to_other_readers_until_it_commits(
    tmp_path: Path, inbox: list[Path]
) -> None:
    data_dir = tmp_path / "profile"
    with Repository.open(data_dir) as repo, repo.write_batch() as group:
        for path in inbox[:2]:
            ((credential, data),), _ = read_credentials(path)
            group.add_credential(credential, data, path.name)
        assert committed_names(data_dir) == []
        assert group.pending == 2
        group.commit()
        assert committed_names(data_dir) == [p.name for p in inbox[:2]]
        assert group.pending == 0


def test_a_duplicate_in_a_group_rolls_back_alone(tmp_path: Path, inbox: list[Path]) -> None:
    data_dir = tmp_path / "profile"
    ((first, first_data),), _ = read_credentials(inbox[0])
    ((second, second_data),), _ = read_credentials(inbox[1])
    with Repository.open(data_dir) as repo:
        with repo.write_batch() as group:
            kept = group.add_credential(first, first_data, "first.json")
            with pytest.raises(DuplicateCredential):
                group.add_credential(first, first_data, "again.json")
            group.add_credential(second, second_data, "second.json")
        assert [s.original_name for s in repo.list_credentials()] == ["first.json", "second.json"]
        assert repo.get(kept.id).sha256 == kept.sha256
        assert len(repo.original_digests()) == 2


def test_the_fast_insert_writes_the_bytes_sqlalchemy_writes(tmp_path: Path) -> None:
    """The import hot path runs SQLAlchemy's compiled SQL on the DB-API cursor: the rows must
    be byte-identical to those SQLAlchemy itself writes from the same values."""
    path = PUBLIC_FIXTURES / "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json"
    ((credential, data),), _ = read_credentials(path)
    data_dir = tmp_path / "profile"
    with Repository.open(data_dir) as repo:
        verdict = judge(credential, document_source(data_dir))
        stored = repo.add_credential(credential, data, path.name, verdict)
        other = "f" * 64
        with Session(repo._engine) as session:
            values = row_values(credential, other, path.name, stored.imported_at)
            new_id = session.execute(_INSERT_CREDENTIAL, values).scalar_one()
            session.execute(
                _INSERT_RENDITION,
                rendition_values(new_id, credential, other, path.name, stored.imported_at, verdict),
            )
            session.execute(_INSERT_VERDICT, verdict_values(new_id, verdict))
            session.commit()
    db = sqlite3.connect(data_dir / DB_NAME)
    try:
        for table, skip in (("credentials", 2), ("renditions", 3), ("verdicts", 2)):
            fast, reference = db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            assert fast[skip:] == reference[skip:], table  # all but id, sha256 / credential id
            assert len(fast) > 5
    finally:
        db.close()
