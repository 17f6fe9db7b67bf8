"""The faster import (issue 12) stores exactly what the slower one stored.

The import now binds values with its own exact shortcuts (storage/binds.py), keeps each
original in the database beside its rows, and verifies the next files while a group commits on
the batch's thread.  None of that may change a byte of what is kept: every row a pipelined import
of the public fixtures and a generated batch writes is compared with the row SQLAlchemy
itself writes from the same values and verdicts, every original with the file it came from,
and the files of a group must still come out in order, committed, while later files were
being verified during the commit.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import PUBLIC_FIXTURES
from helpers import itxt, stored_originals, tiny_png
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON
from sqlalchemy.orm import Session
from verify_di_support import ob3_credential

from portfolio_app.model import Credential
from portfolio_app.services.importing import ImportStatus, import_paths
from portfolio_app.services.reading import read_credentials
from portfolio_app.services.verification import document_source, judge
from portfolio_app.storage import DB_NAME, Repository, batch
from portfolio_app.storage.binds import bind_processor
from portfolio_app.storage.originals import sha256_hex
from portfolio_app.storage.repository import (
    _INSERT_CREDENTIAL,
    _INSERT_RENDITION,
    _INSERT_VERDICT,
    rendition_values,
    row_values,
    verdict_values,
)
from portfolio_app.storage.tables import UTCDateTime
from portfolio_app.verify.verdict import Verdict

GENERATED = 24


def inbox(folder: Path) -> list[Path]:
    """The public fixtures, a baked PNG of one JSON (another rendition), a byte-for-byte
    duplicate, a broken file, and a generated batch of distinct credentials."""
    folder.mkdir()
    for path in sorted(PUBLIC_FIXTURES.iterdir()):
        if path.name != "MANIFEST.md":
            shutil.copy(path, folder / f"pub-{path.name}")
    basic = PUBLIC_FIXTURES / "dcc-obv3-vc2-eddsa-didkey-basic.json"
    text = basic.read_text(encoding="utf-8")
    (folder / "zz-baked.png").write_bytes(tiny_png(itxt("openbadgecredential", text)))
    shutil.copy(basic, folder / "zz-again.json")
    (folder / "zz-broken.json").write_text("{not json", encoding="utf-8")
    for i in range(GENERATED):
        doc = ob3_credential("did:example:college", id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}")
        doc["name"] = f"Badge {i}"
        doc["validFrom"] = f"2024-0{1 + i % 9}-0{1 + i % 9}T0{i % 10}:30:00+0{i % 6}:00"
        (folder / f"gen-{i:03d}.json").write_text(json.dumps(doc), encoding="utf-8")
    return sorted(folder.iterdir())


def rows(db_path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def stored_at(text: str) -> datetime:
    """A stored UTC datetime column read back as the aware datetime it was written from."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_pipelined_import_stores_the_bytes_sqlalchemy_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every new entry's credential, rendition and verdict rows are those SQLAlchemy writes
    from the same credential and verdict; every original is the file's bytes, private."""
    files = inbox(tmp_path / "inbox")
    monkeypatch.setattr(batch, "MAX_ITEMS", 4)  # many groups, committed on the batch's thread
    data_dir = tmp_path / "fast"
    verdicts: dict[str, Verdict] = {}

    def judged(credential: Credential) -> Verdict:
        verdicts[credential.payload] = verdict = judge(credential, document_source(data_dir))
        return verdict

    with Repository.open(data_dir) as repo:
        report = import_paths(repo, files, judge=judged)
    new = [o for o in report.outcomes if o.message.startswith("imported as #")]
    assert len(new) >= GENERATED + 8
    assert report.count(ImportStatus.DUPLICATE) == 1
    assert any("another copy" in o.message for o in report.outcomes)

    fast_db = data_dir / DB_NAME
    reference_dir = tmp_path / "reference"
    with Repository.open(reference_dir) as reference, Session(reference._engine) as session:
        for outcome in new:
            ((credential, original),), _ = read_credentials(outcome.path)
            verdict = verdicts[credential.payload]
            ((sha, imported_at),) = rows(
                fast_db,
                "SELECT sha256, imported_at FROM credentials WHERE id = ?",
                outcome.credential_id,
            )
            assert sha == sha256_hex(original)
            when = stored_at(imported_at)
            values = row_values(credential, sha, outcome.path.name, when)
            new_id = session.execute(_INSERT_CREDENTIAL, values).scalar_one()
            assert new_id == outcome.credential_id  # same order, same ids
            rendition = rendition_values(new_id, credential, sha, outcome.path.name, when, verdict)
            session.execute(_INSERT_RENDITION, rendition)
            session.execute(_INSERT_VERDICT, verdict_values(new_id, verdict))
        session.commit()
    copied = {
        cid
        for (cid,) in rows(
            fast_db,
            "SELECT credential_id FROM renditions GROUP BY credential_id HAVING count(*) > 1",
        )
    }
    assert copied  # the copies' own path (add_rendition) is the ORM's, compared elsewhere
    ids = tuple(o.credential_id for o in new if o.credential_id not in copied)
    marks = ",".join("?" * len(ids))
    for query in (
        f"SELECT * FROM credentials WHERE id IN ({marks}) ORDER BY id",
        f"SELECT * FROM renditions WHERE id IN (SELECT min(id) FROM renditions"
        f" WHERE credential_id IN ({marks}) GROUP BY credential_id) ORDER BY credential_id",
        f"SELECT * FROM verdicts WHERE id IN (SELECT min(id) FROM verdicts"
        f" WHERE credential_id IN ({marks}) GROUP BY credential_id) ORDER BY credential_id",
    ):
        fast = [row[1:] for row in rows(fast_db, query, *ids)]
        expected = [row[1:] for row in rows(reference_dir / DB_NAME, query, *ids)]
        assert len(fast) == len(ids)
        assert fast == expected, query

    held = stored_originals(data_dir)
    kept = [path for path in files if sha256_hex(path.read_bytes()) in held]
    assert kept
    for path in kept:
        assert held[sha256_hex(path.read_bytes())] == path.read_bytes()


_DATETIMES = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.none()
    | st.just(UTC)
    | st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(timezone),
)


@settings(max_examples=200, deadline=None)
@given(value=_DATETIMES | st.none())
def test_a_datetime_is_bound_as_sqlalchemy_binds_it(value: datetime | None) -> None:
    column = UTCDateTime()
    dialect = sqlite3_dialect()
    reference = column.dialect_impl(dialect).bind_processor(dialect)
    fast = bind_processor(column, dialect)
    assert reference is not None and fast is not None
    assert fast(value) == reference(value)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(value=_JSON_VALUES)
def test_json_is_bound_as_sqlalchemy_binds_it(value: object) -> None:
    column = JSON()
    dialect = sqlite3_dialect()
    reference = column.dialect_impl(dialect).bind_processor(dialect)
    fast = bind_processor(column, dialect)
    assert reference is not None and fast is not None
    assert fast(value) == reference(value)
    assert fast([]) == reference([]) and fast({}) == reference({})


def sqlite3_dialect() -> Any:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


def test_later_files_are_verified_while_a_group_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group's commit waits for the disk; the import verifies the next files meanwhile,
    and still stores and reports every file in order."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(12):
        doc = ob3_credential("did:example:college", id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}")
        (folder / f"{i:02d}.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setattr(batch, "MAX_ITEMS", 3)
    judged_names: list[str] = []
    later_judged = threading.Event()
    seen_during_first_sync: list[bool] = []
    real_commit = Session.commit

    def slow_commit(self: Session) -> None:
        if not seen_during_first_sync:  # the first group: hold it until file 5 is judged
            seen_during_first_sync.append(later_judged.wait(timeout=10))
        real_commit(self)

    def judged(credential: Credential) -> Verdict:
        judged_names.append(credential.credential_id or "")
        if len(judged_names) >= 5:
            later_judged.set()
        return judge(credential, document_source(tmp_path / "profile"))

    monkeypatch.setattr(Session, "commit", slow_commit)
    with Repository.open(tmp_path / "profile") as repo:
        report = import_paths(repo, sorted(folder.iterdir()), judge=judged)
    assert seen_during_first_sync == [True]
    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED] * 12
    assert [o.path.name for o in report.outcomes] == [f"{i:02d}.json" for i in range(12)]
    assert [o.credential_id for o in report.outcomes] == list(range(1, 13))
    names = rows(tmp_path / "profile" / DB_NAME, "SELECT original_name FROM credentials")
    assert sorted(n for (n,) in names) == [f"{i:02d}.json" for i in range(12)]


