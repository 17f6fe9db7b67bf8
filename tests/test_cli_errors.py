"""No traceback ever reaches a user of ``portfolio``: each failure is one line and an exit code.

Failures are simulated where they really happen — ``os.mkdir`` raising ENOSPC or EACCES, SQLite
reporting a full database, a real closed pipe — and driven through ``cli.main`` as a shell
would run the command.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from portfolio_app import logfile
from portfolio_app.cli import main
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.services.quick import QuickPortfolio
from portfolio_app.storage import engine as storage_engine
from tests.helpers import profile_snapshot

REPO = Path(__file__).resolve().parent.parent
BADGE = "dcc-obv3-vc2-eddsa-didkey-basic.json"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def one_line(err: str) -> str:
    """The single stderr line a failure must produce (and never a traceback)."""
    assert "Traceback" not in err and 'File "' not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _raise_on_mkdir(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real_mkdir = os.mkdir

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if "fresh-profile" in str(path):
            raise OSError(code, os.strerror(code), str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)


def _sqlite_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new connection may not grow the database file: SQLite's own SQLITE_FULL, the
    error an out-of-space disk produces inside SQLite (whose C writes Python cannot patch)."""
    real = storage_engine._on_connect

    def on_connect(dbapi_connection: sqlite3.Connection, record: object) -> None:
        real(dbapi_connection, record)
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={max(pages, 1)}")

    monkeypatch.setattr(storage_engine, "_on_connect", on_connect)


@pytest.mark.parametrize(
    ("code", "phrase"), [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only")]
)
def test_a_full_or_read_only_disk_when_opening_a_new_profile_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    phrase: str,
) -> None:
    _raise_on_mkdir(monkeypatch, code)
    profile = tmp_path / "fresh-profile"
    exit_code, out = run("--data-dir", str(profile), "list")
    line = one_line(capsys.readouterr().err)
    assert exit_code == 1 and out == ""
    assert phrase in line and "fresh-profile" in line
    assert not profile.exists()


def test_a_permission_error_on_the_profile_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raise_on_mkdir(monkeypatch, errno.EACCES)
    code, _ = run("--data-dir", str(tmp_path / "fresh-profile"), "list")
    line = one_line(capsys.readouterr().err)
    assert code == 1 and "fresh-profile" in line


def test_a_full_disk_in_emails_add_is_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p"
    assert run("--data-dir", str(profile), "emails", "--add", "me@example.org")[0] == 0
    before = profile_snapshot(profile)
    _sqlite_full(monkeypatch)
    capsys.readouterr()
    long_address = "x" * 60_000 + "@example.org"  # needs new pages in the database
    code, out = run("--data-dir", str(profile), "emails", "--add", long_address, "--json")
    line = one_line(capsys.readouterr().err)
    assert code == 1
    assert "disk is full" in line and "portfolio.sqlite3" in line
    assert json.loads(out)["error"]["kind"] == "StorageFull"
    assert profile_snapshot(profile) == before


def test_a_full_disk_in_reverify_is_one_line(
    tmp_path: Path,
    public_fixtures: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = tmp_path / "p"
    run("--data-dir", str(profile), "import", str(public_fixtures))
    _sqlite_full(monkeypatch)
    capsys.readouterr()
    code, _ = run("--data-dir", str(profile), "reverify")
    line = one_line(capsys.readouterr().err)
    assert code == 1 and line.startswith("portfolio reverify: ") and "disk is full" in line


def test_a_backup_into_a_folder_that_does_not_exist_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery staple\n")
    target = tmp_path / "no-such-folder" / "wallet.backup"
    code, _ = run(
        "--data-dir", str(tmp_path / "p"), "backup", str(target), "--passphrase-file", str(secret)
    )
    line = one_line(capsys.readouterr().err)
    assert code == 1 and "no-such-folder" in line and "does not exist" in line
    assert not target.parent.exists()


def test_importing_a_missing_certificate_is_exit_1_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "college.p12"
    code, _ = run("--data-dir", str(tmp_path / "p"), "keys", "import-certificate", str(missing))
    line = one_line(capsys.readouterr().err)
    assert code == 1
    assert str(missing) in line and "no such file" in line
    assert "FileNotFoundError" not in line


def test_ctrl_c_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_self: Portfolio) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Portfolio, "credentials", interrupted)
    code, _ = run("--data-dir", str(tmp_path), "list")
    assert code == 1 and "interrupted" in one_line(capsys.readouterr().err)


def test_an_unexpected_error_is_logged_in_the_profile_and_named_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_self: Portfolio) -> None:
        raise ZeroDivisionError("a bug deep inside")

    monkeypatch.setattr(Portfolio, "credentials", broken)
    code, out = run("--data-dir", str(tmp_path), "list", "--json")
    line = one_line(capsys.readouterr().err)
    log = tmp_path / "portfolio.log"
    assert code == 1 and str(log) in line
    text = log.read_text()
    assert "Traceback" in text and "a bug deep inside" in text
    assert json.loads(out)["error"] == {
        "message": line.removeprefix("portfolio list: "),
        "file": str(log),
        "kind": "Unexpected",
    }


def test_a_profile_that_cannot_be_written_logs_to_the_user_log_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, user_logs = tmp_path / "profile", tmp_path / "user-logs"
    run("--data-dir", str(profile), "list")

    def broken(_self: Portfolio) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Portfolio, "credentials", broken)
    monkeypatch.setattr(QuickPortfolio, "summaries", broken)  # `list` reads through it
    monkeypatch.setattr(logfile, "user_log_dir", lambda: user_logs)
    real_access = os.access
    monkeypatch.setattr(
        logfile.os,
        "access",
        lambda path, mode: False if Path(path) == profile else real_access(path, mode),
    )
    capsys.readouterr()
    assert run("--data-dir", str(profile), "list")[0] == 1
    assert str(user_logs / "portfolio.log") in one_line(capsys.readouterr().err)
    assert "a bug" in (user_logs / "portfolio.log").read_text()
    assert not (profile / "portfolio.log").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_json_errors_are_an_object_on_stdout_and_json_goes_before_or_after(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--data-dir", str(tmp_path), "show", "99"]
    argv = ["--json", *argv] if where == "before" else [*argv, "--json"]
    code, out = run(*argv)
    assert code == 1
    error = json.loads(out)["error"]
    assert error["kind"] == "CredentialNotFound" and "99" in error["message"]
    assert set(error) == {"message", "file", "kind"}
    one_line(capsys.readouterr().err)
    assert json.loads(run("--json", "--data-dir", str(tmp_path), "list")[1]) == []


def test_a_usage_error_with_json_is_a_json_error_and_exit_2(tmp_path: Path) -> None:
    code, out = run("--data-dir", str(tmp_path), "show", "not-a-number", "--json")
    assert code == 2 and json.loads(out)["error"]["kind"] == "UsageError"


def test_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    """``portfolio list | head -1``: the reader is gone before we write; nothing on stderr."""
    env = {**os.environ, "PORTFOLIO_DATA_DIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "portfolio_app", "list"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader leaves at once, like `head` after its line
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 1
    assert err == ""


def test_list_piped_into_head_prints_no_noise(tmp_path: Path, public_fixtures: Path) -> None:
    run("--data-dir", str(tmp_path), "import", str(public_fixtures))
    env = {**os.environ, "PORTFOLIO_DATA_DIR": str(tmp_path)}
    shown = subprocess.run(
        f"'{sys.executable}' -m portfolio_app list | head -1",
        shell=True,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.stdout.startswith("#") and shown.stdout.count("\n") == 1
    assert shown.stderr == ""
