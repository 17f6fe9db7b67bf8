"""Opening profiles of other schema versions: refuse newer ones, back up before migrating."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from portfolio_app.errors import StoreVersionError
from portfolio_app.storage import Repository, StoreUnreadable, engine
from portfolio_app.storage.engine import HEAD_REVISION, MIGRATIONS_DIR, create_sqlite_engine


def _db(data_dir: Path) -> Path:
    return data_dir / "portfolio.sqlite3"


def test_head_constant_matches_the_migration_scripts() -> None:
    """HEAD_REVISION lets opens skip Alembic; it must name the real head."""
    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_heads() == [HEAD_REVISION]


def test_migrated_schema_matches_the_table_classes(tmp_path: Path) -> None:
    Repository.open(tmp_path / "p").close()
    eng = create_sqlite_engine(_db(tmp_path / "p"))
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, SQLModel.metadata)
    finally:
        eng.dispose()
    assert diff == []  # a table change without a revision would show up here


def test_profile_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    Repository.open(data_dir).close()
    with sqlite3.connect(_db(data_dir)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = _db(data_dir).read_bytes()
    listing = sorted(p.name for p in data_dir.iterdir())

    with pytest.raises(StoreVersionError) as info:
        Repository.open(data_dir)

    message = str(info.value)
    assert message == (
        "This profile was written by a newer version of Learner Portfolio (schema 0099); "
        f"this version knows up to {HEAD_REVISION}. Update the app or use another --data-dir."
    )
    assert _db(data_dir).read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == listing  # no .bak, no journal


def test_existing_database_is_copied_before_it_is_migrated(tmp_path: Path) -> None:
    """A profile stamped at the base revision (version table, no schema yet) gets migrated.

    This walks the real path an older profile takes: the gate sees a known, older revision,
    copies the file to ``.bak-<revision>``, then runs Alembic.
    """
    data_dir = tmp_path / "p"
    data_dir.mkdir()
    with sqlite3.connect(_db(data_dir)) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.close()
    original = _db(data_dir).read_bytes()

    with Repository.open(data_dir) as repo:
        assert repo.counts()["credentials"] == 0

    backup = data_dir / "portfolio.sqlite3.bak-base"
    assert backup.read_bytes() == original
    assert engine.read_revision(_db(data_dir)) == HEAD_REVISION


def test_failed_migration_leaves_the_copy_and_the_old_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "p"
    data_dir.mkdir()
    with sqlite3.connect(_db(data_dir)) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.close()

    def broken_upgrade(eng: object) -> None:
        raise RuntimeError("migration bug")

    monkeypatch.setattr(engine, "upgrade", broken_upgrade)
    with pytest.raises(RuntimeError, match="migration bug"):
        Repository.open(data_dir)
    assert (data_dir / "portfolio.sqlite3.bak-base").exists()
    assert engine.read_revision(_db(data_dir)) == "base"


def test_a_0001_profile_is_copied_then_migrated_with_its_data(tmp_path: Path) -> None:
    """A real ladder step: a profile written at schema 0001 (before qualifications existed) is
    copied to ``.bak-0001``, upgraded to head, and keeps its credentials."""
    from alembic import command

    data_dir = tmp_path / "p"
    data_dir.mkdir()
    db = _db(data_dir)
    old = engine.create_sqlite_engine(db)
    with old.connect() as connection:
        command.upgrade(engine.alembic_config(connection), "0001")
        connection.commit()
        connection.exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('learner.emails', '[\"a@example.org\"]')"
        )
        connection.commit()
    old.dispose()
    assert engine.read_revision(db) == "0001"

    with Repository.open(data_dir) as repo:
        assert repo.get_setting("learner.emails") == ["a@example.org"]
        repo.put_qualification("q1", "{}")
        assert repo.list_qualification_texts() == ["{}"]

    assert engine.read_revision(db) == engine.HEAD_REVISION == "0005"
    assert engine.read_revision(data_dir / "portfolio.sqlite3.bak-0001") == "0001"


def test_current_profile_does_not_load_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "p"
    Repository.open(data_dir).close()

    def must_not_run(*args: object) -> None:
        raise AssertionError("alembic used on a current profile")

    monkeypatch.setattr(engine, "upgrade", must_not_run)
    monkeypatch.setattr(engine, "known_revisions", must_not_run)
    Repository.open(data_dir).close()
    assert not list(data_dir.glob("*.bak-*"))


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    data_dir.mkdir()
    _db(data_dir).write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(StoreUnreadable, match="not a Learner Portfolio database"):
        Repository.open(data_dir)


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    data_dir.mkdir()
    with sqlite3.connect(_db(data_dir)) as conn:
        conn.execute("CREATE TABLE songs (id INTEGER)")
    conn.close()
    with pytest.raises(StoreUnreadable, match="not a Learner Portfolio database"):
        Repository.open(data_dir)
