"""A full disk (ENOSPC) or a refused write (EACCES) on every write path leaves the profile as
it was, and the learner reads one line saying so.

Failures are injected at the OS layer: ``os.fsync`` (where a full disk shows up once delayed
allocation has to find blocks), ``os.replace`` (the rename that publishes a file), and
SQLite (which is C code: its ``ENOSPC`` arrives as ``SQLITE_FULL``, an unwritable file as
``SQLITE_READONLY``), at the commit or as an original is written into or deleted from the
database.  One import also runs into a real SQLite size limit.  Every test
compares every file of the profile byte for byte before and after.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _identity_support import PASSPHRASE, fast_kdf, use_keyring
from conftest import PUBLIC_FIXTURES
from helpers import profile_snapshot
from keyring.backends import fail
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portfolio_app import cli
from portfolio_app.storage import originals, repository

__all__ = ["fast_kdf", "use_keyring"]

BADGE = PUBLIC_FIXTURES / "dcc-obv3-vc2-eddsa-didkey-basic.json"
OTHER = PUBLIC_FIXTURES / "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json"
REVOKED = PUBLIC_FIXTURES / "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json"
FULL = "the disk is full ("
NOTHING_CHANGED = "nothing was changed"
SQLITE_FULL, SQLITE_READONLY = 13, 8


@pytest.fixture
def profile(tmp_path: Path, fast_kdf: object, use_keyring: Callable[[object], object]) -> Path:
    """A profile with one imported badge (so its blobs and document cache exist)."""
    use_keyring(fail.Keyring())
    data_dir = tmp_path / "profile"
    assert cli.main(["--data-dir", str(data_dir), "import", str(BADGE)]) == 0
    return data_dir


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n")
    return path


def portfolio(data_dir: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the command line; return its exit code and everything it printed."""
    capsys.readouterr()
    code = cli.main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def fail_os(monkeypatch: pytest.MonkeyPatch, name: str, error: int, *, on_call: int = 1) -> None:
    """Make the ``on_call``-th call of ``os.<name>`` (and every later one) fail with ``error``."""
    real = getattr(os, name)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] >= on_call:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


def fail_create(monkeypatch: pytest.MonkeyPatch, error: int, *, on_call: int = 1) -> None:
    """Make creating a new file (``O_CREAT | O_EXCL``: every temporary file the app writes
    before publishing it) fail from the ``on_call``-th time on, as a folder without write
    permission does.  Opening existing files (the database, the profile lock) still works."""
    real = os.open
    calls = {"n": 0}

    def failing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and flags & os.O_EXCL:
            calls["n"] += 1
            if calls["n"] >= on_call:
                raise OSError(error, os.strerror(error), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing)


def inject_os(monkeypatch: pytest.MonkeyPatch, call: str, error: int, *, on_call: int = 1) -> None:
    if call == "create":
        fail_create(monkeypatch, error, on_call=on_call)
    else:
        fail_os(monkeypatch, call, error, on_call=on_call)


def sqlite_error(code: int) -> sqlite3.OperationalError:
    """The error SQLite raises for a full disk / an unwritable file."""
    text = {
        SQLITE_FULL: "database or disk is full",
        SQLITE_READONLY: "attempt to write a readonly database",
    }[code]
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


def fail_commit(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every SQLite commit fails as SQLite reports a full disk / an unwritable file."""

    def failing(self: Session) -> None:
        raise OperationalError("COMMIT", {}, sqlite_error(code))

    monkeypatch.setattr(Session, "commit", failing)


def fail_originals(monkeypatch: pytest.MonkeyPatch, code: int, step: str = "put") -> None:
    """Writing (``put``) or deleting (``discard_unreferenced``) an original in the database
    fails as SQLite reports a full disk / an unwritable file, before any commit."""

    def failing(*_args: object) -> None:
        raise sqlite_error(code)

    monkeypatch.setattr(originals, step, failing)


def expect(code_and_text: tuple[int, str], *phrases: str) -> None:
    code, text = code_and_text
    assert code == 1, text
    assert "Traceback" not in text
    for phrase in phrases:
        assert phrase in text, text


OS_FAILURES = [
    pytest.param("fsync", errno.ENOSPC, (FULL, NOTHING_CHANGED), id="ENOSPC"),
    pytest.param("create", errno.EACCES, ("permission denied",), id="EACCES"),
]
DB_FAILURES = [
    pytest.param(SQLITE_FULL, (FULL, NOTHING_CHANGED), id="ENOSPC"),
    pytest.param(SQLITE_READONLY, ("this profile is read-only (",), id="EACCES"),
]


# -- credentials ---------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "phrases"), DB_FAILURES)
def test_import_whose_original_cannot_be_written(
    profile: Path,
    code: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = profile_snapshot(profile)
    fail_originals(monkeypatch, code)
    expect(portfolio(profile, "import", str(OTHER), str(REVOKED), capsys=capsys), *phrases)
    monkeypatch.undo()
    assert profile_snapshot(profile) == before


@pytest.mark.parametrize(("code", "phrases"), DB_FAILURES)
def test_import_whose_row_cannot_be_committed(
    profile: Path,
    code: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = profile_snapshot(profile)
    fail_commit(monkeypatch, code)
    result = portfolio(profile, "import", str(OTHER), capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before  # the original went with the rolled-back rows


def test_import_into_a_database_that_really_runs_out_of_pages(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's own SQLITE_FULL, from a page limit at the current size (no simulation)."""

    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    big = profile.parent / "big.json"
    doc = json.loads(OTHER.read_text())
    doc["description"] = "x" * 20_000  # needs new pages; the signature fails, it still imports
    big.write_text(json.dumps(doc))
    before = profile_snapshot(profile)
    event.listen(Engine, "connect", cap)
    try:
        result = portfolio(profile, "import", str(big), capsys=capsys)
    finally:
        event.remove(Engine, "connect", cap)
    expect(result, FULL, str(profile / "portfolio.sqlite3"))
    assert profile_snapshot(profile) == before


@pytest.mark.parametrize(("code", "phrases"), DB_FAILURES)
def test_remove(
    profile: Path,
    code: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = profile_snapshot(profile)
    fail_commit(monkeypatch, code)
    result = portfolio(profile, "remove", "1", "--yes", capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before  # the entry and its original are both kept


def test_remove_whose_original_cannot_be_deleted(
    profile: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = profile_snapshot(profile)
    fail_originals(monkeypatch, SQLITE_READONLY, "discard_unreferenced")
    result = portfolio(profile, "remove", "1", "--yes", capsys=capsys)
    monkeypatch.undo()
    expect(result, "this profile is read-only (")
    assert profile_snapshot(profile) == before


# -- settings, verdicts, qualifications ----------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["emails", "--add", "ada@example.org"], ["network", "--allow"]],
    ids=["emails", "network"],
)
@pytest.mark.parametrize(("code", "phrases"), DB_FAILURES)
def test_settings(
    profile: Path,
    argv: list[str],
    code: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = profile_snapshot(profile)
    fail_commit(monkeypatch, code)
    result = portfolio(profile, *argv, capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before


@pytest.mark.parametrize(("code", "phrases"), DB_FAILURES)
def test_reverify_keeps_all_verdicts_or_none(
    profile: Path,
    code: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert portfolio(profile, "import", str(REVOKED), capsys=capsys)[0] == 0
    before = profile_snapshot(profile)
    fail_commit(monkeypatch, code)
    result = portfolio(profile, "reverify", "--offline", capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before


@pytest.mark.parametrize(("code", "phrases"), DB_FAILURES)
def test_qualifications_add(
    profile: Path,
    code: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    definition = profile.parent / "mine.json"
    definition.write_text(
        json.dumps(
            {
                "id": "mine",
                "name": "My certificate",
                "awarding_body": "Career Centre",
                "requirements": {
                    "type": "all",
                    "children": [{"type": "match", "achievement_id": "a", "label": "Course A"}],
                },
            }
        )
    )
    before = profile_snapshot(profile)
    fail_commit(monkeypatch, code)
    result = portfolio(profile, "qualifications", "add", str(definition), capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before


def test_reverify_that_fills_the_disk_halfway_keeps_no_verdict(
    profile: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second credential's verdict is the one that no longer fits: the first one must not
    stay behind (the history would claim a re-check that did not finish)."""
    assert portfolio(profile, "import", str(REVOKED), capsys=capsys)[0] == 0
    before = profile_snapshot(profile)
    real = Session.execute
    inserts = {"n": 0}

    def execute(self: Session, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(statement, "table", None) is not None and statement.table.name == "verdicts":
            rows = kwargs.get("params", args[0] if args else None)
            inserts["n"] += len(rows) if isinstance(rows, list) else 1  # an executemany: each row
            if inserts["n"] >= 2:
                orig = sqlite3.OperationalError("database or disk is full")
                orig.sqlite_errorcode = SQLITE_FULL  # type: ignore[attr-defined]
                raise OperationalError("INSERT", {}, orig)
        return real(self, statement, *args, **kwargs)

    # reverify writes its verdicts with one executemany on the DB-API cursor (issue 12):
    # there the cursor's own error is what a full disk raises.
    real_many = repository._RawStatement.run_many

    def run_many(raw: Any, session: Session, rows: Any) -> None:
        if getattr(raw.statement, "table", None) is not None and (
            raw.statement.table.name == "verdicts"
        ):
            inserts["n"] += len(rows)  # an executemany: each row
            if inserts["n"] >= 2:
                full = sqlite3.OperationalError("database or disk is full")
                full.sqlite_errorcode = SQLITE_FULL  # type: ignore[attr-defined]
                raise full
        real_many(raw, session, rows)

    monkeypatch.setattr(Session, "execute", execute)
    monkeypatch.setattr(repository._RawStatement, "run_many", run_many)
    result = portfolio(profile, "reverify", "--offline", capsys=capsys)
    monkeypatch.undo()
    expect(result, FULL)
    assert inserts["n"] == 2
    assert profile_snapshot(profile) == before


# -- files beside the database: trust cache, keys ------------------------------------------


@pytest.mark.parametrize(("call", "error", "phrases"), OS_FAILURES)
def test_trust_import(
    profile: Path,
    call: str,
    error: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundle = profile.parent / "bundle"
    bundle.mkdir()
    (bundle / "list.json").write_bytes(
        (PUBLIC_FIXTURES / "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json").read_bytes()
    )
    url = json.loads(REVOKED.read_text())["credentialStatus"]["statusListCredential"]
    index = {"documents": {url: {"file": "list.json", "fetched_at": "2026-11-20T08:00:00Z"}}}
    (bundle / "index.json").write_text(json.dumps(index))
    before = profile_snapshot(profile)
    inject_os(monkeypatch, call, error)
    result = portfolio(profile, "trust", "import", str(bundle), capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before


@pytest.mark.parametrize("on_call", [1, 2, 3], ids=["sealed", "certificate", "history"])
@pytest.mark.parametrize(("call", "error", "phrases"), OS_FAILURES)
def test_keys_create_leaves_no_half_identity(
    profile: Path,
    secret: Path,
    on_call: int,
    call: str,
    error: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = profile_snapshot(profile)
    argv = [
        "keys",
        "create",
        "--name",
        "Ada",
        "--protection",
        "passphrase",
        "--passphrase-file",
        str(secret),
    ]
    inject_os(monkeypatch, call, error, on_call=on_call)
    result = portfolio(profile, *argv, capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before
    assert portfolio(profile, *argv, capsys=capsys)[0] == 0  # and it works once there is room


@pytest.mark.parametrize("on_call", [1, 2, 3], ids=["certificate", "history", "sealed"])
@pytest.mark.parametrize(("call", "error", "phrases"), OS_FAILURES)
def test_keys_rotate_keeps_the_old_keys_usable(
    profile: Path,
    secret: Path,
    on_call: int,
    call: str,
    error: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        portfolio(
            profile,
            "keys",
            "create",
            "--name",
            "Ada",
            "--protection",
            "passphrase",
            "--passphrase-file",
            str(secret),
            capsys=capsys,
        )[0]
        == 0
    )
    before = profile_snapshot(profile)
    inject_os(monkeypatch, call, error, on_call=on_call)
    result = portfolio(profile, "keys", "rotate", "--passphrase-file", str(secret), capsys=capsys)
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(profile) == before
    assert (
        portfolio(profile, "keys", "rotate", "--passphrase-file", str(secret), capsys=capsys)[0]
        == 0
    )


# -- backup and restore --------------------------------------------------------------------


@pytest.mark.parametrize(("call", "error", "phrases"), OS_FAILURES)
def test_backup_to_a_full_or_refusing_target(
    profile: Path,
    secret: Path,
    tmp_path: Path,
    call: str,
    error: int,
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    target = stick / "wallet.backup"
    before = profile_snapshot(profile)
    inject_os(monkeypatch, call, error)
    result = portfolio(
        profile, "backup", str(target), "--passphrase-file", str(secret), capsys=capsys
    )
    monkeypatch.undo()
    expect(result, *phrases, str(target))
    assert list(stick.iterdir()) == []  # no backup, no half backup, no scratch folder
    assert profile_snapshot(profile) == before


def test_backup_to_a_folder_that_does_not_exist(
    profile: Path, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-stick" / "wallet.backup"
    code, text = portfolio(
        profile, "backup", str(target), "--passphrase-file", str(secret), capsys=capsys
    )
    assert code == 1 and "does not exist" in text and str(target.parent) in text
    assert len(text.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("inject", "phrases"),
    [
        pytest.param(lambda mp: fail_commit(mp, SQLITE_FULL), (FULL,), id="ENOSPC-database"),
        pytest.param(
            lambda mp: fail_originals(mp, SQLITE_FULL), (FULL,), id="ENOSPC-originals"
        ),
        pytest.param(
            lambda mp: fail_originals(mp, SQLITE_READONLY),
            ("this profile is read-only (",),
            id="EACCES-originals",
        ),
    ],
)
def test_restore_into_a_profile_that_cannot_take_it(
    profile: Path,
    secret: Path,
    tmp_path: Path,
    inject: Callable[[pytest.MonkeyPatch], None],
    phrases: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = tmp_path / "wallet.backup"
    assert (
        portfolio(profile, "backup", str(backup), "--passphrase-file", str(secret), capsys=capsys)[
            0
        ]
        == 0
    )
    fresh = tmp_path / "fresh"
    assert portfolio(fresh, "list", capsys=capsys)[0] == 0
    before = profile_snapshot(fresh)
    inject(monkeypatch)
    result = portfolio(
        fresh, "restore", str(backup), "--passphrase-file", str(secret), capsys=capsys
    )
    monkeypatch.undo()
    expect(result, *phrases)
    assert profile_snapshot(fresh) == before


# -- a new profile -------------------------------------------------------------------------


def test_a_new_profile_on_a_full_disk_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(self: Connection) -> None:  # the first migration cannot be committed
        orig = sqlite3.OperationalError("database or disk is full")
        orig.sqlite_errorcode = SQLITE_FULL  # type: ignore[attr-defined]
        raise OperationalError("COMMIT", {}, orig)

    monkeypatch.setattr(Connection, "commit", failing)
    data_dir = tmp_path / "new"
    result = portfolio(data_dir, "list", capsys=capsys)
    monkeypatch.undo()
    expect(result, FULL)
    assert not data_dir.exists()
