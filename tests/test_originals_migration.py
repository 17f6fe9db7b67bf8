"""Schema 0005: a profile's originals move from ``blobs/`` files into its database, losslessly.

Older profiles are built the way a 0004 app left them (one file per original under
``blobs/<2 hex>/<sha256>``, no ``originals`` table), including what real folders hold after
years of use: a file damaged on disk, a file gone missing, an orphan and a temporary file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from helpers import stored_originals

from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.storage import BlobCorrupted, Repository, engine, legacy_blobs
from portfolio_app.storage.originals import sha256_hex

DB = "portfolio.sqlite3"


def _credential(n: int) -> Credential:
    return Credential(
        CredentialFormat.OB3,
        Container.JSON,
        f"Badge {n}",
        "Example College",
        "",
        credential_id=f"urn:example:{n}",
        issuer_id="did:example:college",
    )


def _old_profile(data_dir: Path, count: int = 3) -> dict[int, bytes]:
    """A profile as the 0004 app left it; returns each entry's original bytes by id."""
    kept: dict[int, bytes] = {}
    with Repository.open(data_dir) as repo:
        for n in range(count):
            data = f'{{"badge": {n}}}'.encode() * (n + 1)
            kept[repo.add_credential(_credential(n), data, f"{n}.json").id] = data
    conn = sqlite3.connect(data_dir / DB)
    with conn:
        for sha, data in conn.execute("SELECT sha256, data FROM originals").fetchall():
            path = legacy_blobs.legacy_path(data_dir / "blobs", sha)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.write_bytes(data)
        conn.execute("DROP TABLE originals")
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    conn.close()
    return kept


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_0004_profile_moves_its_originals_into_the_database_and_keeps_the_old_folder(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "p"
    kept = _old_profile(data_dir)
    blobs = data_dir / "blobs"
    shas = {cid: sha256_hex(data) for cid, data in kept.items()}
    damaged, missing = shas[2], shas[3]
    legacy_blobs.legacy_path(blobs, damaged).write_bytes(b"bit rot")
    legacy_blobs.legacy_path(blobs, missing).unlink()
    orphan = sha256_hex(b"imported, then the laptop died")
    legacy_blobs.legacy_path(blobs, orphan).parent.mkdir(exist_ok=True)
    legacy_blobs.legacy_path(blobs, orphan).write_bytes(b"imported, then the laptop died")
    (blobs / damaged[:2] / ".tmp-0123abcd").write_bytes(b"half a file")
    before = _files(blobs)

    with Repository.open(data_dir) as repo:
        assert repo.original_bytes(1) == kept[1]
        with pytest.raises(BlobCorrupted, match="damaged on disk"):
            repo.original_bytes(2)  # copied as it was: the damage is still reported
        with pytest.raises(BlobCorrupted, match="missing"):
            repo.original_bytes(3)
        assert repo.counts() == {"credentials": 3, "blobs": 2, "verdicts": 0}

    assert engine.read_revision(data_dir / DB) == "0005"
    assert engine.read_revision(data_dir / f"{DB}.bak-0004") == "0004"
    assert stored_originals(data_dir) == {shas[1]: kept[1], damaged: b"bit rot"}  # no orphan
    assert not blobs.exists()
    assert _files(data_dir / legacy_blobs.RETIRED_DIR) == before  # every old file, unchanged


def test_a_crash_between_migration_and_rename_is_finished_on_the_next_open(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "p"
    kept = _old_profile(data_dir, count=1)
    engine.open_engine(data_dir / DB).dispose()  # migrated and committed; then the crash
    assert (data_dir / "blobs").is_dir()
    assert stored_originals(data_dir) == {sha256_hex(kept[1]): kept[1]}

    with Repository.open(data_dir) as repo:
        assert repo.original_bytes(1) == kept[1]
    assert not (data_dir / "blobs").exists()
    assert (data_dir / legacy_blobs.RETIRED_DIR).is_dir()


def test_a_failed_copy_leaves_the_profile_at_0004_with_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "p"
    _old_profile(data_dir)
    before = _files(data_dir / "blobs")
    real_put = legacy_blobs.originals.put
    calls = {"n": 0}

    def second_fails(conn: sqlite3.Connection, sha: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("I/O error")
        real_put(conn, sha, data)

    monkeypatch.setattr(legacy_blobs.originals, "put", second_fails)
    with pytest.raises(OSError, match="I/O error"):
        Repository.open(data_dir)
    monkeypatch.undo()

    assert engine.read_revision(data_dir / DB) == "0004"
    conn = sqlite3.connect(data_dir / DB)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "originals" not in tables  # the table and the first copy rolled back together
    assert _files(data_dir / "blobs") == before


def test_a_retired_name_already_taken_keeps_the_folder_in_place(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    kept = _old_profile(data_dir, count=1)
    (data_dir / legacy_blobs.RETIRED_DIR).mkdir()
    with Repository.open(data_dir) as repo:
        assert repo.original_bytes(1) == kept[1]  # read from the database all the same
    assert (data_dir / "blobs").is_dir()
    assert list((data_dir / legacy_blobs.RETIRED_DIR).iterdir()) == []


def test_the_downgrade_writes_every_original_back_as_a_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    with Repository.open(data_dir) as repo:
        data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
        stored = repo.add_credential(_credential(1), data, "badge.png")
    migrations = engine.create_sqlite_engine(data_dir / DB)
    try:
        with migrations.connect() as connection:
            command.downgrade(engine.alembic_config(connection), "0004")
            connection.commit()
    finally:
        migrations.dispose()
    assert engine.read_revision(data_dir / DB) == "0004"
    path = legacy_blobs.legacy_path(data_dir / "blobs", stored.sha256)
    assert path.read_bytes() == data
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_unreadable_old_file_is_left_in_the_old_folder_and_the_profile_opens(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "p"
    kept = _old_profile(data_dir, count=2)
    unreadable = legacy_blobs.legacy_path(data_dir / "blobs", sha256_hex(kept[2]))
    unreadable.unlink()
    unreadable.mkdir()  # reading it fails (IsADirectoryError), as a file without permission does
    with Repository.open(data_dir) as repo:
        assert repo.original_bytes(1) == kept[1]
        with pytest.raises(BlobCorrupted, match="missing"):
            repo.original_bytes(2)
    assert (data_dir / legacy_blobs.RETIRED_DIR / unreadable.parent.name / unreadable.name).is_dir()
