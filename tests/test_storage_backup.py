"""Backup and restore as a learner moving to another machine would use them."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import overwrite_original, stored_originals

from portfolio_app import __version__
from portfolio_app.errors import RejectedInput
from portfolio_app.model import Alignment, Container, Credential, CredentialFormat, CreditValue
from portfolio_app.storage import BlobCorrupted, Repository
from portfolio_app.storage.backup import (
    FORMAT_NAME,
    MAX_MEMBER_BYTES,
    restore_backup,
    write_backup,
)
from portfolio_app.verify.verdict import Check, Outcome, Status, decide

CEST = timezone(timedelta(hours=2))


def credential(n: int, **changes: object) -> Credential:
    base = Credential(
        format=CredentialFormat.OB3_JWT,
        container=Container.JWT,
        title=f"Course {n}",
        issuer_name="Example College",
        payload=f"eyJhbGciOiJFZERTQSJ9.eyJuIjo{n}fQ.c2ln",
        credential_id=f"urn:uuid:{n:08d}-0000-0000-0000-000000000000",
        description="Line one\nLine two – with ünïcode",
        achievement_id=f"https://example.edu/a/{n}",
        issuer_id="did:web:example.edu",
        recipient="sha256$abc",
        issued=datetime(2023, 9, 1, 10, 0, tzinfo=CEST) + timedelta(days=n),
        valid_from=datetime(2023, 9, 1, 8, 0, tzinfo=UTC),
        valid_until=None,
        alignments=(Alignment("Teamwork", "https://esco/x", "ESCO", "T1"),),
        credits=(CreditValue(5.0, "ECTS"),),
        evidence=("https://example.edu/e",),
        tags=("soft skills",),
        verification_url=None,
        self_reported=n % 2 == 0,
        extra={"k": "v"},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def original(n: int) -> bytes:
    return hashlib.sha256(str(n).encode()).digest() * (50 + n)


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Repository]:
    """A lived-in profile: credentials, notes, tags, verdict history, settings, a removal."""
    with Repository.open(tmp_path / "source") as repo:
        for n in range(1, 5):
            repo.add_credential(credential(n), original(n), f"badge-{n}.jwt")
        repo.remove(2)  # leaves a gap in the ids
        repo.set_notes(1, "For the job application.")
        repo.set_user_tags(3, ["cv", "2023"])
        checks = [
            Check("signature", Outcome.PASSED, "Valid.", as_of=datetime(2024, 1, 1, tzinfo=UTC))
        ]
        t0 = datetime(2024, 2, 1, tzinfo=UTC)
        repo.record_verdict(1, decide([Status.VERIFIED], checks, checked_at=t0))
        repo.record_verdict(
            1, decide([Status.EXPIRED], checks, checked_at=t0 + timedelta(days=1), facts={"a": "b"})
        )
        repo.set_setting("network", False)
        repo.set_setting("trusted_issuers", ["did:web:example.edu"])
        yield repo


def snapshot(repo: Repository) -> tuple[object, ...]:
    items = repo.list_credentials()
    return (
        items,
        {s.id: repo.verdict_history(s.id) for s in items},
        {s.id: repo.original_bytes(s.id) for s in items},
    )


def test_backup_then_restore_into_an_empty_profile_is_lossless(
    source: Repository, tmp_path: Path
) -> None:
    archive = tmp_path / "portfolio-backup.zip"
    summary = write_backup(source, archive, extra_files={"identity.sealed": b"\x00sealed key"})
    assert (summary.credentials, summary.blobs, summary.verdicts, summary.settings) == (3, 3, 2, 2)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    with Repository.open(tmp_path / "target") as target:
        restored = restore_backup(target, archive)
        assert (restored.added, restored.skipped, restored.settings_restored) == (3, 0, 2)
        assert restored.extra_files == {"identity.sealed": b"\x00sealed key"}
        assert restored.app_version == __version__
        assert snapshot(target) == snapshot(source)
        assert target.get_setting("trusted_issuers") == ["did:web:example.edu"]
        assert target.get_setting("network") is False
        assert target.counts() == source.counts()


def test_manifest_is_documented_shape(source: Repository, tmp_path: Path) -> None:
    archive = tmp_path / "b.zip"
    write_backup(source, archive)
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = zf.namelist()
    assert manifest["format"] == FORMAT_NAME
    assert manifest["format_version"] == 2
    assert manifest["app_version"] == __version__
    assert [c["id"] for c in manifest["credentials"]] == [1, 3, 4]
    assert names[0] == "manifest.json"  # first, so a reader can check the format early
    assert sorted(names[1:]) == sorted(f"blobs/{c['sha256']}" for c in manifest["credentials"])


def test_restoring_twice_skips_what_is_already_there(source: Repository, tmp_path: Path) -> None:
    archive = tmp_path / "b.zip"
    write_backup(source, archive)
    before = snapshot(source)
    result = restore_backup(source, archive)
    assert (result.added, result.skipped, result.settings_restored) == (0, 3, 0)
    assert snapshot(source) == before


def test_restore_into_a_used_profile_adds_with_new_ids(source: Repository, tmp_path: Path) -> None:
    archive = tmp_path / "b.zip"
    write_backup(source, archive)
    with Repository.open(tmp_path / "other") as other:
        mine = other.add_credential(credential(9), original(9), "mine.jwt")
        other.set_setting("network", True)
        result = restore_backup(other, archive)
        assert (result.added, result.skipped, result.settings_restored) == (3, 0, 1)
        assert other.get_setting("network") is True  # local choice wins
        assert mine.id not in result.added_ids
        assert other.counts() == {"credentials": 4, "blobs": 4, "verdicts": 2}


def test_backup_refuses_a_damaged_original_and_leaves_no_file(
    source: Repository, tmp_path: Path
) -> None:
    sha = source.get(1).sha256
    overwrite_original(source.data_dir, sha, b"bit rot")
    archive = tmp_path / "b.zip"
    with pytest.raises(BlobCorrupted):
        write_backup(source, archive)
    assert not archive.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "source"] == []


def test_failed_restore_keeps_the_profile_unchanged(
    source: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "b.zip"
    write_backup(source, archive)
    with Repository.open(tmp_path / "target") as target:
        import sqlmodel

        def broken_commit(self: sqlmodel.Session) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(sqlmodel.Session, "commit", broken_commit)
        with pytest.raises(OSError):
            restore_backup(target, archive)
        monkeypatch.undo()
        assert target.counts() == {"credentials": 0, "blobs": 0, "verdicts": 0}
        assert stored_originals(target.data_dir) == {}


# -- refused archives -----------------------------------------------------------------------


def _rewrite(archive: Path, out: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out


def _members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture
def good_archive(source: Repository, tmp_path: Path) -> Path:
    archive = tmp_path / "good.zip"
    write_backup(source, archive)
    return archive


def _assert_refused(tmp_path: Path, archive: Path, message: str) -> None:
    with Repository.open(tmp_path / "target") as target:
        target.add_credential(credential(9), original(9), "mine.jwt")
        before = (target.list_credentials(), target.counts())
        with pytest.raises(RejectedInput, match=message) as info:
            restore_backup(target, archive)
        assert "\n" not in str(info.value)
        assert (target.list_credentials(), target.counts()) == before


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a zip at all")
    _assert_refused(tmp_path, bogus, r"not a Learner Portfolio backup \(not a ZIP archive\)")


def test_zip_without_manifest_is_refused(tmp_path: Path) -> None:
    archive = _rewrite(tmp_path / "x.zip", tmp_path / "x.zip", {"blobs/" + "a" * 64: b"x"})
    _assert_refused(tmp_path, archive, "unexpected file|no manifest")


def test_blob_with_wrong_hash_is_refused(good_archive: Path, tmp_path: Path) -> None:
    members = _members(good_archive)
    name = next(n for n in members if n.startswith("blobs/"))
    members[name] = members[name][:-1] + b"!"
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    _assert_refused(tmp_path, bad, "damaged: original .* does not match its SHA-256")


def test_missing_blob_is_refused(good_archive: Path, tmp_path: Path) -> None:
    members = _members(good_archive)
    del members[next(n for n in members if n.startswith("blobs/"))]
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    _assert_refused(tmp_path, bad, "incomplete: 'blobs/.*' is missing")


@pytest.mark.parametrize(
    "name", ["../../evil.sh", "/etc/passwd", "blobs/../manifest.json", "blobs\\..\\x", "C:x"]
)
def test_path_traversal_names_are_refused(good_archive: Path, tmp_path: Path, name: str) -> None:
    members = _members(good_archive)
    members[name] = b"payload"
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    _assert_refused(tmp_path, bad, "unsafe file name")


def test_unlisted_member_is_refused(good_archive: Path, tmp_path: Path) -> None:
    members = _members(good_archive)
    members["blobs/" + hashlib.sha256(b"stowaway").hexdigest()] = b"stowaway"
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    _assert_refused(tmp_path, bad, "does not list")


def test_newer_backup_format_is_refused(good_archive: Path, tmp_path: Path) -> None:
    members = _members(good_archive)
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 3
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    _assert_refused(tmp_path, bad, "newer version of Learner Portfolio")


def test_damaged_manifest_is_refused(good_archive: Path, tmp_path: Path) -> None:
    members = _members(good_archive)
    manifest = json.loads(members["manifest.json"])
    manifest["credentials"][0]["credential"]["issued"] = "yesterday"
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    _assert_refused(tmp_path, bad, "manifest is damaged: issued is not an ISO date-time")


def test_oversized_member_is_refused_before_reading(good_archive: Path, tmp_path: Path) -> None:
    """A member claiming more than the cap is refused from the directory alone (zip bomb)."""
    members = _members(good_archive)
    bad = _rewrite(good_archive, tmp_path / "bad.zip", members)
    raw = bytearray(bad.read_bytes())
    # Patch the central-directory "uncompressed size" of the first member to the cap + 1.
    cd = raw.rfind(b"PK\x01\x02", 0, raw.rfind(b"PK\x05\x06"))
    first_cd = raw.find(b"PK\x01\x02")
    assert 0 <= first_cd <= cd
    raw[first_cd + 24 : first_cd + 28] = (MAX_MEMBER_BYTES + 1).to_bytes(4, "little")
    bad.write_bytes(bytes(raw))
    _assert_refused(tmp_path, bad, "too large")
