"""Issue 15 §2: where a profile lives (per user, portable, a machine-chosen folder), ephemeral
machines, and two users of one machine unable to read each other's profiles."""

from __future__ import annotations

import io
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from _identity_support import PASSPHRASE, fast_kdf, use_keyring  # noqa: F401 - fixtures
from helpers import stored_originals
from keyring.backends import fail

from portfolio_app import paths
from portfolio_app.cli import main
from portfolio_app.config.machine import MACHINE_DIR_ENV
from portfolio_app.identity import service as identity
from portfolio_app.services.ephemeral import BackupChoice, offer_backup_on_quit
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage.repository import DB_NAME

SAMPLE = "dcc-obv3-vc2-eddsa-didkey-basic.json"


@pytest.fixture
def machine() -> Path:
    return Path(os.environ[MACHINE_DIR_ENV])


@pytest.fixture
def app_beside(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The app "installed" in a folder of its own (a USB stick), no profile override."""
    root = tmp_path / "stick"
    root.mkdir()
    monkeypatch.setattr(paths, "app_root", lambda: root)
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    return root


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


# ----------------------------------------------------------------------------- where


def test_by_default_the_profile_is_the_per_user_data_folder(app_beside: Path) -> None:
    assert paths.profile_location() == (paths.platform_data_dir(), "the per-user data folder")


def test_a_flag_file_beside_the_app_puts_the_profile_beside_it(app_beside: Path) -> None:
    (app_beside / paths.PORTABLE_FLAG).write_text("")
    where, why = paths.profile_location()
    assert where == app_beside / paths.PORTABLE_PROFILE and "portable mode" in why
    assert run("list")[0] == 0
    assert (app_beside / paths.PORTABLE_PROFILE / DB_NAME).is_file()


def test_portable_flag_on_the_command_line_wins_over_the_environment(
    app_beside: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(elsewhere))
    assert run("--portable", "list")[0] == 0
    assert (app_beside / paths.PORTABLE_PROFILE / DB_NAME).is_file()
    assert not elsewhere.exists()


def test_the_machine_config_chooses_where_profiles_live(
    app_beside: Path, machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "ada")
    monkeypatch.setenv("LOGNAME", "ada")
    home_drive = tmp_path / "homes"
    (machine / "config.toml").write_text(f'profile_dir = "{home_drive}/{{user}}/wallet"\n')
    where, why = paths.profile_location()
    assert where == home_drive / "ada" / "wallet" and "profile_dir" in why
    (app_beside / paths.PORTABLE_FLAG).write_text("")  # a portable stick still wins
    assert paths.profile_location()[0] == app_beside / paths.PORTABLE_PROFILE


# ----------------------------------------------------------------------------- ephemeral


def test_an_ephemeral_machine_warns_at_start(
    machine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (machine / "config.toml").write_text("ephemeral = true\n")
    assert run("list")[0] == 0
    err = capsys.readouterr().err
    assert "warning: this machine wipes profiles at logoff" in err and "portfolio backup" in err


def test_no_warning_when_the_machine_keeps_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("list")[0] == 0
    assert capsys.readouterr().err == ""


@pytest.fixture
def wallet(tmp_path: Path, public_fixtures: Path) -> Iterator[Portfolio]:
    with Portfolio(tmp_path / "profile") as portfolio:
        portfolio.import_paths([public_fixtures / SAMPLE])
        yield portfolio


def test_quitting_an_ephemeral_machine_offers_a_backup_and_writes_it(
    machine: Path, wallet: Portfolio, tmp_path: Path, fast_kdf: object  # noqa: F811
) -> None:
    (machine / "config.toml").write_text("ephemeral = true\n")
    asked: list[str] = []
    target = tmp_path / "stick" / "wallet.backup"
    target.parent.mkdir()

    def ask(question: str) -> BackupChoice:
        asked.append(question)
        return BackupChoice(target, "a long backup passphrase")

    result = offer_backup_on_quit(wallet, ask)
    assert len(asked) == 1 and "deletes your wallet" in asked[0]
    assert result is not None and result.credentials == 1 and target.is_file()
    with Portfolio(tmp_path / "next-session") as fresh:
        restored = fresh.restore(target, "a long backup passphrase")
        assert restored.added == 1


def test_declining_the_offer_writes_nothing(
    machine: Path, wallet: Portfolio, tmp_path: Path
) -> None:
    (machine / "config.toml").write_text("ephemeral = true\n")
    assert offer_backup_on_quit(wallet, lambda _q: None) is None
    assert not list(tmp_path.glob("*.backup"))


def test_no_offer_when_not_ephemeral_or_nothing_to_lose(machine: Path, tmp_path: Path) -> None:
    def never(_question: str) -> BackupChoice:
        raise AssertionError("asked although there is nothing to offer")

    with Portfolio(tmp_path / "empty") as empty:
        assert offer_backup_on_quit(empty, never) is None  # not ephemeral
        (machine / "config.toml").write_text("ephemeral = true\n")
        assert offer_backup_on_quit(empty, never) is None  # ephemeral, but the wallet is empty


# ----------------------------------------------------------------------------- file modes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_another_user_of_the_machine_cannot_read_a_profile(
    tmp_path: Path, public_fixtures: Path, use_keyring, fast_kdf  # noqa: F811
) -> None:
    """Done-when of issue 15: two OS users' profiles on one machine cannot read each other's
    data.  Under the common umask 022 (files 0644, folders 0755 by default) the profile folder
    must still be 0700 and the wallet, originals and secret keys 0600."""
    use_keyring(fail.Keyring())
    previous = os.umask(0o022)
    try:
        profile = tmp_path / "profile"
        with Portfolio(profile) as portfolio:
            portfolio.import_paths([public_fixtures / SAMPLE])
        identity.create_identity(profile, name="Ada Lovelace", passphrase=PASSPHRASE)
    finally:
        os.umask(previous)

    assert _mode(profile) == 0o700  # nobody else can even list or enter it
    assert _mode(profile / DB_NAME) == 0o600
    assert stored_originals(profile)  # the originals live in that private database file
    keys = profile / "keys"
    assert _mode(keys) == 0o700 and _mode(keys / "secrets.sealed") == 0o600
    # every other file open to others is public by design (public keys, the certificate)
    # and sits in a folder only the owner may enter
    for path in (p for p in profile.rglob("*") if p.is_file() and _mode(p) & 0o077):
        assert path.parent == keys and path.name != "secrets.sealed", path


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_a_profile_folder_made_readable_by_others_is_made_private_again(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    with Portfolio(profile):
        pass
    os.chmod(profile, 0o755)  # a careless copy, or an admin's script
    with Portfolio(profile):
        pass
    assert _mode(profile) == 0o700
    shutil.rmtree(profile)
