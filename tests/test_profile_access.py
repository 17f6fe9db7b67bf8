"""Profiles anywhere: read-only media, FAT sticks, other users' folders, a profile in use.

Each test is a learner's situation, run through the ``portfolio`` command line where that is
what the learner would type.  The read-only medium is real (a tmpfs remounted read-only) when
the machine lets the test mount one; root ignores file modes, so chmod alone could not prove it.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PUBLIC_FIXTURES, REPO_ROOT
from helpers import profile_snapshot

from portfolio_app import cli, paths
from portfolio_app.errors import ProfileInUse, ProfileReadOnly, ProfileUnavailable
from portfolio_app.model import Credential
from portfolio_app.services.importing import read_credential
from portfolio_app.storage import Repository, profile

BADGE = PUBLIC_FIXTURES / "dcc-obv3-vc2-eddsa-didkey-basic.json"
OTHER_BADGE = PUBLIC_FIXTURES / "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json"
READ_ONLY_LINE = "this profile is read-only ("


def run(data_dir: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _can_mount() -> bool:
    return (
        sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None
    )


@pytest.fixture
def read_only_medium(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """``(mount point, profile)``: a profile with one badge on a medium then made read-only."""
    if not _can_mount():
        pytest.skip("needs root on Linux to mount a read-only tmpfs (root ignores chmod)")
    mount_point = tmp_path / "stick"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.decode()}")
    try:
        data_dir = mount_point / "profile"
        assert cli.main(["--data-dir", str(data_dir), "import", str(BADGE)]) == 0
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield mount_point, data_dir
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_profile_on_a_read_only_medium_can_be_read_but_not_changed(
    read_only_medium: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data_dir = read_only_medium
    before = profile_snapshot(data_dir)
    for argv in (["list"], ["show", "1"], ["verify", str(BADGE)], ["progress"], ["skills"]):
        code, out, err = run(data_dir, *argv, capsys=capsys)
        assert code == 0, (argv, err)
        assert "Traceback" not in err
    assert run(data_dir, "emails", capsys=capsys)[0] == 0  # showing is not changing
    code, out, _ = run(data_dir, "list", "--json", capsys=capsys)
    assert '"id": 1' in out
    for argv in (["remove", "1", "--yes"], ["emails", "--add", "ada@example.org"], ["reverify"]):
        code, _, err = run(data_dir, *argv, capsys=capsys)
        assert code == 1, argv
        assert READ_ONLY_LINE in err and str(data_dir) in err
        assert "the medium is read-only" in err
        assert len(err.strip().splitlines()) == 1
    code, out, err = run(data_dir, "import", str(OTHER_BADGE), capsys=capsys)
    assert code == 1 and READ_ONLY_LINE in out + err
    assert profile_snapshot(data_dir) == before


def test_a_read_only_folder_opens_read_only_without_migrating_or_sweeping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission-denied (not a read-only medium): simulated, because root may write anyway."""
    data_dir = tmp_path / "profile"
    with Repository.open(data_dir) as repo:
        repo.add_credential(_credential(), BADGE.read_bytes(), BADGE.name)
    stray = data_dir / "blobs" / "ab" / ".tmp-left-by-a-crash"  # a pre-0005 originals folder
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    monkeypatch.setattr(profile, "_writable", lambda path: False)
    monkeypatch.setattr(profile, "medium_is_read_only", lambda path: False)
    chmods: list[object] = []
    monkeypatch.setattr(os, "chmod", lambda *a, **k: chmods.append(a))
    before = profile_snapshot(data_dir)
    with Repository.open(data_dir) as repo:
        assert repo.read_only
        assert [s.original_name for s in repo.list_credentials()] == [BADGE.name]
        with pytest.raises(ProfileReadOnly, match="no permission to write"):
            repo.set_setting("x", 1)
    assert stray.exists()  # nothing renamed or swept on a profile we may not write
    assert chmods == []
    assert profile_snapshot(data_dir) == before


def test_a_folder_without_unix_permissions_warns_once_then_works(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A FAT/exFAT stick: every chmod fails with EPERM."""

    def no_chmod(path: object, mode: int, **_: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(path))

    monkeypatch.setattr(os, "chmod", no_chmod)
    paths.reset_privacy_warning()
    data_dir = tmp_path / "stick" / "profile"
    with caplog.at_level(logging.WARNING, logger="portfolio_app.paths"):
        assert run(data_dir, "import", str(BADGE), capsys=capsys)[0] == 0
        code, out, _ = run(data_dir, "list", capsys=capsys)
    assert code == 0 and "Teamwork" in out
    warnings = [
        r.getMessage() for r in caplog.records if "cannot be made private" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert str(tmp_path / "stick") in warnings[0]
    paths.reset_privacy_warning()


def test_a_folder_whose_chmod_has_no_effect_also_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "p"
    data_dir.mkdir()
    os.chmod(data_dir, 0o755)
    monkeypatch.setattr(os, "chmod", lambda *a, **k: None)  # accepted, ignored (vfat "quiet")
    paths.reset_privacy_warning()
    with caplog.at_level(logging.WARNING, logger="portfolio_app.paths"):
        Repository.open(data_dir).close()
    assert any("cannot be made private" in r.getMessage() for r in caplog.records)
    paths.reset_privacy_warning()


def test_another_users_folder_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "someone-else"
    data_dir.mkdir()
    monkeypatch.setattr(profile, "owned_by_someone_else", lambda folder: True)
    before = sorted(data_dir.iterdir())
    code, _, err = run(data_dir, "list", capsys=capsys)
    assert code == 1
    assert str(data_dir) in err and "belongs to another user" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(data_dir.iterdir()) == before  # not even a lock file


def test_a_folder_that_cannot_be_created_is_named_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unplugged stick: /media/… exists but we may not create the profile there."""
    monkeypatch.setattr(profile, "_writable", lambda path: False)
    data_dir = tmp_path / "STICK" / "profile"
    code, _, err = run(data_dir, "list", capsys=capsys)
    assert code == 1
    assert str(data_dir) in err and "does not exist and cannot be created" in err
    assert not (tmp_path / "STICK").exists()


def test_a_path_through_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = run(tmp_path / "notes.txt" / "profile", "list", capsys=capsys)
    assert code == 1 and "is a file, not a folder" in err


def test_an_unwritable_folder_without_a_profile_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "empty-share"
    data_dir.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(profile, "_writable", lambda path: False)
        with pytest.raises(ProfileUnavailable, match="cannot be written"):
            Repository.open(data_dir)


_HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from portfolio_app.storage import Repository
    repo = Repository.open(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()
    repo.close()
    """
)


def test_a_profile_held_by_another_process_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "profile"
    Repository.open(data_dir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(ProfileInUse, match="another Learner Portfolio window or command"):
            Repository.open(data_dir)
        assert time.monotonic() - started < 1.0  # not after SQLite's busy timeout
        code, _, err = run(data_dir, "list", capsys=capsys)
        assert code == 1 and "is using this profile" in err and str(data_dir) in err
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    Repository.open(data_dir).close()  # released when the other process ends


def test_the_same_process_may_open_a_profile_twice(tmp_path: Path) -> None:
    """The GUI and its workers, or a test, share one process: they do not lock each other out."""
    data_dir = tmp_path / "profile"
    first = Repository.open(data_dir)
    second = Repository.open(data_dir)
    second.close()
    first.set_setting("still", "writable")
    first.close()


def _credential() -> Credential:
    return read_credential(BADGE)[0]
