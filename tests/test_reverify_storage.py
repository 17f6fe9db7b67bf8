"""``reverify`` reads and writes the wallet on the DB-API cursor (issue 12), and what it reads
and writes must be exactly what the SQLAlchemy paths read and write: the same credentials and
renditions out of odd stored values (offsets, blanks around JSON, numbers in JSON columns, a
value no enum knows), and the same verdict and rendition rows in.

The odd values are written here with ``sqlite3`` behind the repository's back, as another
version of the app or a hand-edited file might have left them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, Boolean, Integer, Text
from sqlalchemy.dialects import sqlite as sqlite_dialect

from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage import Repository, repository
from portfolio_app.storage.binds import result_processor
from portfolio_app.storage.tables import UTCDateTime
from portfolio_app.verify.verdict import Check, Outcome, Status, decide
from tests.helpers import itxt, tiny_png
from tests.verify_di_support import Issuer, ob3_credential

DB = "portfolio.sqlite3"


def _wallet(tmp_path: Path, count: int = 4) -> Path:
    """A profile with ``count`` signed credentials and one of them baked into a PNG too (two
    renditions of one entry)."""
    issuer = Issuer(61)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index in range(count):
        doc = ob3_credential(issuer.did, id=f"urn:uuid:00000000-0000-4000-8000-{index:012d}")
        (inbox / f"c{index}.json").write_text(json.dumps(issuer.sign(doc)), "utf-8")
    baked = ob3_credential(issuer.did, id="urn:uuid:00000000-0000-4000-8000-000000000000")
    (inbox / "c0.png").write_bytes(
        tiny_png(itxt("openbadgecredential", json.dumps(issuer.sign(baked))))
    )
    profile = tmp_path / "profile"
    with Portfolio(profile) as portfolio:
        portfolio.import_paths(sorted(inbox.iterdir()))
    return profile


def _reference(repo: Repository) -> list[tuple[Any, ...]]:
    """What ``reverify_entries`` gave when it read through SQLAlchemy: the listing's
    credentials (ORM rows) with every entry's renditions."""
    renditions = repo.all_renditions()
    return [
        (s.id, s.sha256, s.credential, tuple(renditions.get(s.id, ())))
        for s in repo.list_credentials()
    ]


def _edit(profile: Path, sql: str, *params: Any) -> None:
    with sqlite3.connect(profile / DB) as connection:
        connection.execute(sql, params)
    connection.close()


def test_the_raw_read_gives_what_sqlalchemy_gives(tmp_path: Path) -> None:
    profile = _wallet(tmp_path)
    with Repository.open(profile) as repo:
        want = _reference(repo)
        assert repo.reverify_entries() == want
    assert len(want) == 4
    assert sorted(len(renditions) for *_, renditions in want) == [1, 1, 1, 2]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("alignments", '[{"name": "Maths", "url": "https://x.example/m", "code": "M1"}]'),
        ("alignments", " [] "),
        ("credits", '[{"value": 3, "unit": "ECTS"}, {"value": 1.5, "unit": "hours"}]'),
        ("evidence", '["https://x.example/e", "a name"]'),
        ("tags", '["één", "two"]'),
        ("tags", "[ ]"),
        ("extra", '{"source": "json", "note": "caf\\u00e9 \\ud83d\\ude00"}'),
        ("extra", "{ }"),
        ("issued", "2025-01-01 10:00:00+02:00"),
        ("issued", "2025-01-01 10:00:00"),
        ("valid_until", "2030-12-31 23:59:59.999999"),
        ("valid_from", None),
        ("title", 12),  # a number in a text column comes back as a number on both paths
        ("description", ""),
        ("self_reported", 1),
        ("verification_url", "https://x.example/verify"),
    ],
)
def test_odd_stored_values_read_as_sqlalchemy_reads_them(
    tmp_path: Path, column: str, value: Any
) -> None:
    profile = _wallet(tmp_path, count=2)
    _edit(profile, f"UPDATE credentials SET {column} = ? WHERE id = 1", value)
    with Repository.open(profile) as repo:
        assert repo.reverify_entries() == _reference(repo)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("extra", '{"source": "png", "x": "y"}'),
        ("extra", " {} "),
        ("imported_at", "2026-01-02 03:04:05+01:00"),
        ("status", "tampered"),
        ("checked_at", "2026-02-03 04:05:06.000007"),
        ("original_name", "ünïcode.png"),
    ],
)
def test_odd_rendition_values_read_as_sqlalchemy_reads_them(
    tmp_path: Path, column: str, value: Any
) -> None:
    profile = _wallet(tmp_path, count=2)
    _edit(profile, f"UPDATE renditions SET {column} = ?", value)
    with Repository.open(profile) as repo:
        assert repo.reverify_entries() == _reference(repo)


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("credentials", "alignments", "5"),  # valid JSON, not a list
        ("credentials", "credits", '[{"value": "3", "unit": "x"}]'),
        ("credentials", "format", "not-a-format"),
        ("credentials", "container", "floppy"),
        ("credentials", "tags", "[unquoted]"),
        ("renditions", "status", "unheard-of"),
    ],
)
def test_a_value_the_repository_refuses_is_refused_the_same_way(
    tmp_path: Path, table: str, column: str, value: Any
) -> None:
    profile = _wallet(tmp_path, count=2)
    _edit(profile, f"UPDATE {table} SET {column} = ?", value)
    with Repository.open(profile) as repo:
        with pytest.raises(Exception) as slow:
            _reference(repo)
        with pytest.raises(Exception) as fast:
            repo.reverify_entries()
    assert type(fast.value) is type(slow.value)
    assert str(fast.value) == str(slow.value)


_JSON_TEXTS = st.one_of(
    st.sampled_from(["[]", "{}", " []", "[] ", "[ ]", "{ }", "[[]]", "{}{}", "null", "0", ""]),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=6,
    ).map(json.dumps),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
)


def _outcome(process: Any, value: Any) -> tuple[str, Any]:
    try:
        return "value", process(value)
    except Exception as exc:  # the same refusal on both sides is what is compared
        return type(exc).__name__, str(exc)


@settings(max_examples=300, deadline=None)
@given(_JSON_TEXTS)
def test_json_results_are_sqlalchemys_for_every_stored_value(value: Any) -> None:
    dialect = sqlite_dialect.dialect()
    reference = JSON().dialect_impl(dialect).result_processor(dialect, None)
    shortcut = result_processor(JSON(), dialect)
    assert reference is not None and shortcut is not None
    got, want = _outcome(shortcut, value), _outcome(reference, value)
    assert got == want
    assert type(got[1]) is type(want[1])


def test_other_column_types_keep_sqlalchemys_own_processor() -> None:
    dialect = sqlite_dialect.dialect()
    for type_ in (Text(), Integer(), Boolean(), UTCDateTime()):
        reference = type_.dialect_impl(dialect).result_processor(dialect, None)
        processor = result_processor(type_, dialect)
        assert (processor is None) == (reference is None)
        for value in (None, 0, 1, "2025-01-01 00:00:00.000000"):
            if processor is not None and reference is not None:
                assert _outcome(processor, value) == _outcome(reference, value)


# -- the write: verdicts and rendition statuses ------------------------------------------------


def _rows(profile: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(profile / DB) as connection:
        rows = connection.execute(sql).fetchall()
    connection.close()
    return rows


def _record(profile: Path) -> list[list[tuple[Any, ...]]]:
    """The verdict rows and rendition statuses one re-check writes (checks with non-ASCII
    text, quotes, an as-of time, facts); the credential rows must not change."""
    at = datetime(2026, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    checks = [
        Check("format", Outcome.PASSED, "ok ✓"),
        Check("status", Outcome.NOT_CHECKED, 'a "quoted" détail', as_of=at),
    ]
    credentials = _rows(profile, "SELECT * FROM credentials ORDER BY id")
    first_new = _rows(profile, "SELECT max(id) FROM verdicts")[0][0] + 1
    with Repository.open(profile) as repo:
        work = repo.reverify_entries()
        per_entry = []
        for number, (entry, _sha, credential, renditions) in enumerate(work):
            status = Status.TAMPERED if number % 2 else Status.UNVERIFIABLE
            facts = {"k": f"v{number}", "é": "ü"}
            verdict = decide([status], checks, checked_at=at, facts=facts)
            per_entry.append((entry, [(r.sha256, credential, verdict) for r in renditions]))
        best = repo.record_rendition_verdicts(per_entry)
    assert set(best) == {entry for entry, _ in per_entry}
    assert _rows(profile, "SELECT * FROM credentials ORDER BY id") == credentials
    return [
        _rows(profile, f"SELECT * FROM verdicts WHERE id >= {first_new} ORDER BY id"),
        _rows(profile, "SELECT id, credential_id, sha256, status, checked_at FROM renditions"),
    ]


def test_recorded_rows_are_the_ones_sqlalchemy_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = _wallet(tmp_path)
    copy = tmp_path / "copy"
    shutil.copytree(profile, copy)
    fast = _record(profile)

    def through_sqlalchemy(raw: Any, session: Any, rows: Any) -> None:
        session.execute(raw.statement, list(rows))

    monkeypatch.setattr(repository._RawStatement, "run_many", through_sqlalchemy)
    slow = _record(copy)
    assert fast == slow
    assert len(fast[0]) == 4 and len(fast[1]) == 5  # a verdict per entry, every rendition
    assert {row[3] for row in fast[1]} == {"tampered", "unverifiable"}
    assert {row[4] for row in fast[1]} == {"2026-05-06 07:08:09.123456"}
