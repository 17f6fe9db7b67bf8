"""The repository as the app uses it: real profile folders in tmp_path, real SQLite, real blobs."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlmodel
from helpers import overwrite_original, stored_originals

from portfolio_app.errors import DuplicateCredential, ProfileInUse
from portfolio_app.model import Alignment, Container, Credential, CredentialFormat, CreditValue
from portfolio_app.storage import (
    BlobCorrupted,
    CredentialNotFound,
    Repository,
    StoredCredential,
    engine,
    repository,
)
from portfolio_app.storage.lock import LOCK_NAME
from portfolio_app.storage.originals import sha256_hex
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

CEST = timezone(timedelta(hours=2))


def full_credential(n: int = 1, **changes: object) -> Credential:
    """A credential with every field set, including non-UTC offsets."""
    base = Credential(
        format=CredentialFormat.OB3,
        container=Container.PNG,
        title=f"Data Analysis {n}",
        issuer_name="Example University",
        payload='{"type": ["VerifiableCredential"]}',
        credential_id=f"urn:uuid:0000000{n}-aaaa-bbbb-cccc-000000000000",
        description="Can clean, analyse and plot data.",
        achievement_id=f"https://example.edu/achievements/{n}",
        issuer_id="did:key:z6MkExample",
        recipient="did:key:z6MkLearner",
        issued=datetime(2024, 5, 1, 9, 30, tzinfo=CEST) + timedelta(days=n),
        valid_from=datetime(2024, 5, 1, 7, 30, tzinfo=UTC),
        valid_until=datetime(2029, 5, 1, 0, 0, 0, 123456, tzinfo=UTC),
        alignments=(
            Alignment("Data analysis", "http://data.europa.eu/esco/skill/x", "ESCO", "S1.2"),
            Alignment("Statistics"),
        ),
        credits=(CreditValue(2.5, "ECTS"), CreditValue(30.0, "hours")),
        evidence=("https://example.edu/evidence/1", "report.pdf"),
        tags=("data", "python"),
        verification_url="https://example.edu/verify/1",
        self_reported=False,
        extra={"level": "EQF 6", "language": "en"},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def png_bytes(n: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + f"badge {n}".encode() * 10


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    with Repository.open(tmp_path / "profile") as r:
        yield r


def profile_files(data_dir: Path) -> list[str]:
    """Every file of a profile folder but the lock (originals are no files of their own)."""
    return sorted(p.name for p in data_dir.rglob("*") if p.is_file() and p.name != LOCK_NAME)


# -- profile folder -------------------------------------------------------------------------


def test_new_profile_layout_is_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "usb" / "profile"
    with Repository.open(data_dir) as r:
        stored = r.add_credential(full_credential(), png_bytes(1), "badge.png")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "portfolio.sqlite3").stat().st_mode) == 0o600
    # The original is kept inside the private database file, byte for byte, under its hash.
    assert stored_originals(data_dir) == {stored.sha256: png_bytes(1)}
    assert sha256_hex(png_bytes(1)) == stored.sha256
    assert profile_files(data_dir) == ["portfolio.sqlite3"]


def test_connections_use_delete_journal_busy_timeout_and_foreign_keys(repo: Repository) -> None:
    with repo._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert not (repo.data_dir / "portfolio.sqlite3-wal").exists()


def test_opening_a_current_store_runs_no_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening an up-to-date profile must not load Alembic or copy the database.

    Migrating is the slow part of opening a store (Alembic imports and a file copy); every
    command opens the store, so a current one must skip it.  The speed itself is measured by
    the benchmarks, not asserted here, because a shared CI machine makes timings flaky.
    """
    data_dir = tmp_path / "p"
    with Repository.open(data_dir) as r:
        for n in range(20):
            r.add_credential(full_credential(n), png_bytes(n), f"{n}.png")
    before = sorted(p.name for p in data_dir.iterdir())

    import alembic.command

    def _no_upgrade(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a current store was migrated")

    monkeypatch.setattr(alembic.command, "upgrade", _no_upgrade)
    with Repository.open(data_dir) as r:
        assert len(r.list_credentials()) == 20
    assert sorted(p.name for p in data_dir.iterdir()) == before  # no .bak copy


# -- round trip -----------------------------------------------------------------------------


def test_every_field_round_trips_with_aware_datetimes(tmp_path: Path) -> None:
    credential = full_credential()
    with Repository.open(tmp_path / "p") as r:
        added = r.add_credential(credential, png_bytes(1), "Badge – Data.png")
    with Repository.open(tmp_path / "p") as r:  # fresh engine: nothing cached
        got = r.get(added.id)
        listed = r.list_credentials()
    assert got == added
    assert listed == [got]
    assert got.credential == credential
    assert got.original_name == "Badge – Data.png"
    assert got.sha256 == sha256_hex(png_bytes(1))
    assert got.notes == "" and got.user_tags == () and got.latest_verdict is None
    for value in (got.imported_at, got.credential.issued, got.credential.valid_until):
        assert value is not None and value.utcoffset() == timedelta(0)
    assert got.credential.issued == datetime(2024, 5, 2, 7, 30, tzinfo=UTC)
    assert got.credential.valid_until is not None
    assert got.credential.valid_until.microsecond == 123456
    assert got.credential.alignments[0] == Alignment(
        "Data analysis", "http://data.europa.eu/esco/skill/x", "ESCO", "S1.2"
    )
    assert got.credential.credits == (CreditValue(2.5, "ECTS"), CreditValue(30.0, "hours"))


def test_minimal_credential_round_trips(repo: Repository) -> None:
    minimal = Credential(
        CredentialFormat.PDF_CERTIFICATE,
        Container.PDF,
        "Certificate",
        "Some Academy",
        "",
        self_reported=True,
    )
    stored = repo.add_credential(minimal, b"%PDF-1.7 ...", "cert.pdf")
    assert repo.get(stored.id).credential == minimal


def test_list_orders_by_issued_desc_then_id(repo: Repository) -> None:
    old = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    undated = repo.add_credential(full_credential(2, issued=None), png_bytes(2), "b.png")
    new = repo.add_credential(full_credential(3), png_bytes(3), "c.png")
    undated2 = repo.add_credential(full_credential(4, issued=None), png_bytes(4), "d.png")
    assert [s.id for s in repo.list_credentials()] == [new.id, old.id, undated.id, undated2.id]


def test_notes_and_user_tags(repo: Repository) -> None:
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    repo.set_notes(stored.id, "Shown at the interview.")
    updated = repo.set_user_tags(stored.id, [" job ", "cv", "", "job"])
    assert updated.notes == "Shown at the interview."
    assert updated.user_tags == ("job", "cv")
    assert repo.get(stored.id) == updated


def test_unknown_id_is_a_clear_error(repo: Repository) -> None:
    with pytest.raises(CredentialNotFound, match=r"^no credential #42 in this wallet$"):
        repo.get(42)
    for call in (repo.remove, repo.original_bytes, repo.verdict_history):
        with pytest.raises(CredentialNotFound):
            call(42)
    with pytest.raises(CredentialNotFound):
        repo.set_notes(42, "x")


def test_find_by_sha256(repo: Repository) -> None:
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    assert repo.find_by_sha256(stored.sha256) == stored
    assert repo.find_by_sha256("0" * 64) is None


# -- duplicates and failures ----------------------------------------------------------------


def test_same_file_twice_is_refused(repo: Repository) -> None:
    first = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    before = repo.counts()
    with pytest.raises(DuplicateCredential) as info:
        repo.add_credential(full_credential(2), png_bytes(1), "copy of a.png")
    assert info.value.existing_id == first.id
    assert info.value.why == "same file"
    assert repo.counts() == before


def test_same_credential_id_in_another_file_is_refused(repo: Repository) -> None:
    first = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    before = repo.counts()
    with pytest.raises(DuplicateCredential, match=r"#1 \(same credential id\)") as info:
        repo.add_credential(full_credential(1), b"the same badge, re-baked", "a.json")
    assert info.value.existing_id == first.id
    assert repo.counts() == before == {"credentials": 1, "blobs": 1, "verdicts": 0}
    assert list(stored_originals(repo.data_dir)) == [first.sha256]


def test_the_same_id_from_another_issuer_is_another_credential(repo: Repository) -> None:
    repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    repo.add_credential(
        full_credential(1, issuer_id="https://other.example/issuer"), png_bytes(2), "b.png"
    )
    assert repo.counts()["credentials"] == 2


def test_credentials_without_id_are_not_duplicates_of_each_other(repo: Repository) -> None:
    repo.add_credential(full_credential(1, credential_id=None), png_bytes(1), "a.png")
    repo.add_credential(full_credential(2, credential_id=None), png_bytes(2), "b.png")
    assert repo.counts()["credentials"] == 2


def test_failed_commit_leaves_no_row_and_no_blob(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_commit(self: sqlmodel.Session) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(sqlmodel.Session, "commit", broken_commit)
    with pytest.raises(OSError, match="disk full"):
        repo.add_credential(full_credential(), png_bytes(1), "a.png")
    monkeypatch.undo()
    assert repo.counts() == {"credentials": 0, "blobs": 0, "verdicts": 0}
    assert stored_originals(repo.data_dir) == {}


def test_failed_row_building_leaves_no_blob(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("cannot flatten")

    monkeypatch.setattr(repository, "row_values", broken)
    with pytest.raises(ValueError, match="cannot flatten"):
        repo.add_credential(full_credential(), png_bytes(1), "a.png")
    assert repo.counts() == {"credentials": 0, "blobs": 0, "verdicts": 0}
    assert stored_originals(repo.data_dir) == {}


def test_a_refused_file_keeps_the_original_an_earlier_entry_shows(repo: Repository) -> None:
    """The same bytes again are refused as a duplicate, and the refusal leaves the first
    entry's original exactly as it was."""
    first = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    with pytest.raises(DuplicateCredential):
        repo.add_credential(full_credential(2), png_bytes(1), "again.png")
    assert stored_originals(repo.data_dir) == {first.sha256: png_bytes(1)}
    assert repo.original_bytes(first.id) == png_bytes(1)


# -- originals ------------------------------------------------------------------------------


def test_original_bytes_are_byte_identical(repo: Repository) -> None:
    data = bytes(range(256)) * 1000
    stored = repo.add_credential(full_credential(), data, "binary.png")
    assert repo.original_bytes(stored.id) == data


def test_corrupted_blob_is_detected(repo: Repository) -> None:
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    data = bytearray(png_bytes(1))
    data[10] ^= 0x01
    overwrite_original(repo.data_dir, stored.sha256, bytes(data))
    with pytest.raises(BlobCorrupted, match="damaged on disk"):
        repo.original_bytes(stored.id)
    with pytest.raises(BlobCorrupted, match="damaged on disk"):
        repo.rendition_bytes(stored.sha256)


def test_missing_blob_is_detected(repo: Repository) -> None:
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    overwrite_original(repo.data_dir, stored.sha256, None)
    with pytest.raises(BlobCorrupted, match="missing"):
        repo.original_bytes(stored.id)


def test_reimporting_over_a_damaged_orphan_repairs_it(repo: Repository) -> None:
    sha = sha256_hex(png_bytes(1))
    conn = sqlite3.connect(repo.data_dir / "portfolio.sqlite3")
    with conn:
        conn.execute("INSERT INTO originals VALUES (?, ?)", (sha, b"garbage"))
    conn.close()
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    assert repo.original_bytes(stored.id) == png_bytes(1)


# -- remove ---------------------------------------------------------------------------------


def test_remove_deletes_row_verdicts_and_blob(repo: Repository) -> None:
    gone = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    kept = repo.add_credential(full_credential(2), png_bytes(2), "b.png")
    repo.record_verdict(gone.id, _verdict(Status.VERIFIED))
    repo.record_verdict(kept.id, _verdict(Status.EXPIRED))
    repo.remove(gone.id)
    assert repo.counts() == {"credentials": 1, "blobs": 1, "verdicts": 1}
    assert list(stored_originals(repo.data_dir)) == [kept.sha256]
    with pytest.raises(CredentialNotFound):
        repo.get(gone.id)
    # The same file can be imported again afterwards.
    again = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    assert repo.original_bytes(again.id) == png_bytes(1)


def test_failed_remove_keeps_row_and_blob(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")

    def broken_commit(self: sqlmodel.Session) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(sqlmodel.Session, "commit", broken_commit)
    with pytest.raises(OSError):
        repo.remove(stored.id)
    monkeypatch.undo()
    assert repo.get(stored.id) == stored
    assert repo.original_bytes(stored.id) == png_bytes(1)
    assert stored_originals(repo.data_dir) == {stored.sha256: png_bytes(1)}


# -- verdicts and settings ------------------------------------------------------------------


def _verdict(status: Status, at: datetime | None = None) -> Verdict:
    checks = [
        Check("signature", Outcome.PASSED, "The proof is valid."),
        Check("status", Outcome.NOT_CHECKED, "Offline.", as_of=datetime(2025, 1, 1, tzinfo=CEST)),
        Check("issuer_key", Outcome.PASSED, "The issuer's own did:key."),
    ]
    return decide(
        [status], checks, checked_at=at or datetime.now(UTC), facts={"signer": "did:key:z6Mk"}
    )


def test_verdict_history_is_kept_newest_first(repo: Repository) -> None:
    stored = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    t0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    first = _verdict(Status.VERIFIED, t0)
    second = _verdict(Status.REVOKED, t0 + timedelta(days=30))
    repo.record_verdict(stored.id, second)
    repo.record_verdict(stored.id, first)  # recorded late, but older
    history = repo.verdict_history(stored.id)
    assert [h.status for h in history] == [Status.REVOKED, Status.VERIFIED]
    assert history[0].to_verdict() == second
    assert history[1].to_verdict() == first
    assert history[0].checks[1].as_of == datetime(2024, 12, 31, 22, 0, tzinfo=UTC)
    latest = repo.get(stored.id).latest_verdict
    assert latest is not None
    assert (latest.status, latest.checked_at) == (Status.REVOKED, t0 + timedelta(days=30))
    assert repo.list_credentials()[0].latest_verdict == latest


def test_latest_verdict_per_credential_in_list(repo: Repository) -> None:
    a = repo.add_credential(full_credential(1), png_bytes(1), "a.png")
    b = repo.add_credential(full_credential(2), png_bytes(2), "b.png")
    repo.record_verdict(a.id, _verdict(Status.TAMPERED))
    by_id = {s.id: s for s in repo.list_credentials()}
    assert by_id[a.id].latest_verdict is not None
    assert by_id[a.id].latest_verdict.status is Status.TAMPERED  # type: ignore[union-attr]
    assert by_id[b.id].latest_verdict is None


def test_settings_hold_json_values(repo: Repository) -> None:
    assert repo.get_setting("network", default="ask") == "ask"
    repo.set_setting("network", False)
    repo.set_setting("trusted", {"issuers": ["did:web:example.edu"], "since": 2025})
    repo.set_setting("network", True)
    assert repo.get_setting("network") is True
    assert repo.get_setting("trusted") == {"issuers": ["did:web:example.edu"], "since": 2025}
    with pytest.raises(TypeError):
        repo.set_setting("bad", object())


def test_stored_credential_is_frozen(repo: Repository) -> None:
    stored: StoredCredential = repo.add_credential(full_credential(), png_bytes(1), "a.png")
    with pytest.raises(AttributeError):
        stored.notes = "x"  # type: ignore[misc]


def test_write_lock_is_taken_for_imports(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    """While a process that bypasses our profile lock holds SQLite's write lock, an import
    waits, then fails cleanly with the 'in use' sentence (not 'database is locked')."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)  # keep the test quick
    repo._engine.dispose()  # new connections pick the shorter busy_timeout up
    other = sqlite3.connect(repo.data_dir / "portfolio.sqlite3", timeout=0)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProfileInUse, match="another Learner Portfolio window or command"):
            repo.add_credential(full_credential(), png_bytes(1), "a.png")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert repo.counts() == {"credentials": 0, "blobs": 0, "verdicts": 0}
    assert stored_originals(repo.data_dir) == {}


def test_profile_dir_permissions_are_fixed_on_open(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    Repository.open(data_dir).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
