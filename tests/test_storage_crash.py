"""Kill -9 during a bulk import, at random moments, and the profile is still sound.

Imports commit in groups (storage/batch.py), so a crash can land between a file's rows and
its group's commit, or inside SQLite's commit (originals are rows of the same transaction).
Whatever the moment, the next open must find: an intact database, every row's original
present and hashing to its address, no row without its credential, no original without a
row, each file wholly in (credential, rendition, verdict, original) or wholly out; and importing
the same folder again must end with exactly one entry per file.

The import runs in a forked child (no interpreter start-up to pay, so several kills fit in
about a second) that reports each file as it starts; the parent waits for a randomly chosen
file, lets a few random milliseconds pass and sends SIGKILL.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from verify_di_support import ob3_credential

from portfolio_app.model import Credential
from portfolio_app.services.importing import ImportStatus, import_paths
from portfolio_app.services.reading import read_credentials
from portfolio_app.storage import DB_NAME, Repository, batch
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

FILES = 30
KILLS = 5


def judged(_credential: Credential) -> Verdict:
    """A first verdict without verification work (this test is about storage)."""
    check = Check("signature", Outcome.NOT_CHECKED, "not checked by the crash test")
    return decide([Status.UNVERIFIABLE], [check], checked_at=datetime.now(UTC))


def inbox(folder: Path) -> list[str]:
    folder.mkdir()
    for i in range(FILES):
        doc = ob3_credential("did:example:college", id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}")
        doc["name"] = f"Badge {i}"
        (folder / f"{i:03d}.json").write_text(json.dumps(doc), encoding="utf-8")
    return sorted(p.name for p in folder.iterdir())


def start_import(folder: Path, data_dir: Path) -> tuple[int, int]:
    """Fork a child that imports ``folder``, writing each file's index to a pipe as it starts."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: import, committing every 3 credentials so kills hit commits
        os.close(read_end)
        try:
            batch.MAX_ITEMS = 3
            with Repository.open(data_dir) as repo:
                import_paths(
                    repo,
                    [folder],
                    judge=judged,
                    progress=lambda i, _n, _p: os.write(write_end, b"%d\n" % i),
                )
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def kill_at(pid: int, pipe: int, file_index: int, delay: float) -> None:
    """SIGKILL the child once it has started file ``file_index`` (or as it finishes)."""
    seen = b""
    while True:
        chunk = os.read(pipe, 4096)
        if not chunk:
            break  # the child finished before that file: kill a finished process, harmless
        seen += chunk
        if any(int(n) >= file_index for n in seen.split()):
            break
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(pipe)


def assert_sound(data_dir: Path) -> set[str]:
    """Open the profile as the app does (rolls a hot journal back) and check every invariant;
    return the original names held."""
    with Repository.open(data_dir) as repo:
        db = sqlite3.connect(data_dir / DB_NAME)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
            credentials = db.execute("SELECT id, sha256, original_name FROM credentials").fetchall()
            renditions = db.execute("SELECT credential_id, sha256 FROM renditions").fetchall()
            verdicts = [row[0] for row in db.execute("SELECT credential_id FROM verdicts")]
        finally:
            db.close()
        ids = {row[0] for row in credentials}
        assert sorted(cid for cid, _ in renditions) == sorted(ids)  # one each, none orphaned
        assert sorted(verdicts) == sorted(ids)
        assert {(row[0], row[1]) for row in credentials} == set(renditions)
        referenced = {sha for _, sha in renditions}
        assert repo.original_digests() == referenced  # none missing, no orphan left
        for sha in referenced:
            repo.rendition_bytes(sha)  # raises BlobCorrupted unless it hashes to its name
        names = [row[2] for row in credentials]
        assert len(names) == len(set(names)), "a file was stored twice"
        return set(names)


def test_kill_minus_nine_during_a_bulk_import_leaves_each_file_wholly_in_or_out(
    tmp_path: Path,
) -> None:
    folder, data_dir = tmp_path / "inbox", tmp_path / "profile"
    names = inbox(folder)
    Repository.open(data_dir).close()  # schema created before the first kill
    read_credentials(folder / names[0])  # contexts loaded once, here, not in every child
    rng = random.Random(12)
    held_after = [0]
    for _ in range(KILLS):
        if held_after[-1] == FILES:  # the last child finished before its kill: start afresh
            shutil.rmtree(data_dir)
            Repository.open(data_dir).close()
            held_after.append(0)
        pid, pipe = start_import(folder, data_dir)
        # Files are taken in name order and those held are skipped as duplicates, so aim
        # at one not held yet: the kill then lands among inserts and commits.
        kill_at(pid, pipe, rng.randrange(held_after[-1], FILES), rng.uniform(0, 0.01))
        held_after.append(len(assert_sound(data_dir)))

    with Repository.open(data_dir) as repo:
        report = import_paths(repo, [folder], judge=judged)
    assert report.count(ImportStatus.IMPORTED) == FILES - held_after[-1]
    assert report.count(ImportStatus.DUPLICATE) == held_after[-1]
    assert sorted(assert_sound(data_dir)) == names, held_after
