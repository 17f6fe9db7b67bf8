"""Issue 15 §1: built-in defaults < the machine config < the profile, except locked keys; a
malformed machine file is ignored with one line naming the file and the line.

The conftest points ``PORTFOLIO_MACHINE_CONFIG_DIR`` at an empty folder for every test; the
tests here write a ``config.toml`` into it, as an administrator would.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from portfolio_app import config
from portfolio_app.cli import main
from portfolio_app.config.keys import DEFAULT_MAX_IMPORT_BYTES, KEYS
from portfolio_app.config.machine import MACHINE_DIR_ENV, machine_dir, read_machine_config
from portfolio_app.identity import kek
from portfolio_app.ingest.files import DEFAULT_MAX_BYTES
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import NETWORK_SETTING, Portfolio
from portfolio_app.storage import Repository


@pytest.fixture
def machine() -> Path:
    return Path(os.environ[MACHINE_DIR_ENV])


def write_config(machine: Path, text: str) -> Path:
    path = machine / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def network_json(*extra: str) -> tuple[int, Any]:
    code, text = run("network", *extra, "--json")
    return code, json.loads(text)


# ----------------------------------------------------------------------------- layers


def test_without_a_machine_file_the_built_in_defaults_apply(tmp_path: Path) -> None:
    layers = config.current()
    assert not layers.machine.present and layers.machine.problem is None
    with Portfolio(tmp_path / "p") as portfolio:
        assert portfolio.network_allowed is False
        assert portfolio.max_import_bytes == DEFAULT_MAX_BYTES
    assert layers.resolve("network_allowed").layer == config.DEFAULT


def test_the_config_default_size_limit_matches_the_importers() -> None:
    assert DEFAULT_MAX_IMPORT_BYTES == DEFAULT_MAX_BYTES


def test_the_machine_file_changes_the_default_for_every_profile(machine: Path) -> None:
    write_config(machine, "network_allowed = true\nmax_import_bytes = 4096\n")
    code, data = network_json()
    assert code == 0 and data == {"network_allowed": True}
    resolved = config.current().resolve("max_import_bytes")
    assert (resolved.value, resolved.layer, resolved.locked) == (4096, config.MACHINE, False)


def test_the_profile_overrides_an_unlocked_machine_value(machine: Path) -> None:
    write_config(machine, "network_allowed = true\n")
    assert network_json("--deny") == (0, {"network_allowed": False})
    assert network_json() == (0, {"network_allowed": False})  # kept in the profile


def test_a_locked_key_wins_over_the_profile_and_cannot_be_changed(
    machine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p"
    with Portfolio(profile) as portfolio:
        portfolio.network_allowed = True  # the learner allowed it before the lab locked it
    config_file = write_config(machine, 'network_allowed = false\nlocked = ["network_allowed"]\n')

    code, text = run("--data-dir", str(profile), "network", "--allow")
    assert code == 1 and text == ""
    err = capsys.readouterr().err
    assert "network_allowed is locked" in err and str(config_file) in err
    with Portfolio(profile) as portfolio:
        assert portfolio.network_allowed is False  # the lock wins over the stored True
        assert portfolio.repo.get_setting(NETWORK_SETTING) is True  # and nothing was written
    resolved = config.current().resolve("network_allowed", True)
    assert (resolved.value, resolved.layer, resolved.locked) == (False, config.MACHINE, True)


def test_a_locked_size_limit_refuses_bigger_files_whatever_the_profile_says(
    machine: Path, tmp_path: Path
) -> None:
    write_config(machine, 'max_import_bytes = 2048\nlocked = ["max_import_bytes"]\n')
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"padding": "x" * 4000}), encoding="utf-8")
    with Portfolio(tmp_path / "p") as portfolio:
        portfolio.repo.set_setting("import.max_bytes", 10 * 1024 * 1024)
        assert portfolio.max_import_bytes == 2048
        report = portfolio.import_paths([big])
    assert report.count(ImportStatus.REJECTED) == 1 and not report.count(ImportStatus.IMPORTED)


def test_a_bad_value_in_the_profile_is_ignored_not_trusted(machine: Path) -> None:
    write_config(machine, "max_import_bytes = 4096\n")
    assert config.current().resolve("max_import_bytes", "lots").value == 4096


def test_a_key_only_the_machine_decides_ignores_a_profile_value(machine: Path) -> None:
    write_config(machine, 'journal_mode = "truncate"\n')
    assert config.current().resolve("journal_mode", "wal").value == "truncate"


# ----------------------------------------------------------------------------- malformed


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ('network_allowed = true\nmax_import_bytes = = 3\n', 2, "not valid TOML"),
        ('network_allowed = "yes"\n', 1, "network_allowed must be true or false"),
        ('# lab\n\nnetwork_alowed = true\n', 3, "'network_alowed' is not a setting"),
        ('locked = ["network"]\n', 1, "locked names 'network'"),
        ('journal_mode = "off"\n', 1, "journal_mode must be one of"),
        ('key_protection = "plaintext"\n', 1, "key_protection must be one of"),
        ("max_import_bytes = 10\n", 1, "at least 1024"),
        ("max_import_bytes = 1073741824\n", 1, "at most 536870912"),  # over SQLite's limit
    ],
)
def test_a_malformed_machine_file_is_ignored_with_its_file_and_line(
    machine: Path, text: str, line: int, phrase: str
) -> None:
    path = write_config(machine, text)
    found = read_machine_config(machine)
    assert found.problem is not None
    assert f"{path}, line {line}" in found.problem and phrase in found.problem
    assert "built-in defaults are used" in found.problem
    assert found.values == {} and found.locked == frozenset()  # nothing half-applied


def test_a_malformed_file_drops_its_locks_too_and_the_cli_says_so_once(
    machine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(machine, 'network_allowed = false\nlocked = ["network_allowed"\n')
    code, data = network_json("--allow")  # the defaults apply: nothing is locked
    assert (code, data) == (0, {"network_allowed": True})
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("portfolio: warning: the machine configuration")
    assert str(path) in err[0] and "line 2" in err[0] and "Traceback" not in err[0]


def test_a_file_that_is_not_utf8_is_ignored_with_a_reason(machine: Path) -> None:
    (machine / "config.toml").write_bytes(b"organisation_name = \"\xff\"\n")
    problem = read_machine_config(machine).problem
    assert problem is not None and "not UTF-8" in problem


def test_relative_paths_are_read_from_the_machine_config_folder(machine: Path) -> None:
    write_config(machine, 'organisation_logo = "logo.png"\ntrust_bundles = ["bundles/a"]\n')
    layers = config.current()
    assert layers.value("organisation_logo") == str(machine / "logo.png")
    assert layers.value("trust_bundles") == (str(machine / "bundles" / "a"),)


def test_every_key_has_a_meaning_and_a_default_that_passes_its_own_check() -> None:
    for key in KEYS.values():
        assert key.meaning
        assert key.check(list(key.default) if isinstance(key.default, tuple) else key.default) \
            == key.default


# ----------------------------------------------------------------------------- where


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies to Linux/Unix")
def test_xdg_config_dirs_are_searched_in_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    monkeypatch.delenv(MACHINE_DIR_ENV)
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{first}{os.pathsep}{second}")
    assert machine_dir() == (first / "LearnerPortfolio", "$XDG_CONFIG_DIRS")  # none has one
    (second / "LearnerPortfolio").mkdir(parents=True)
    (second / "LearnerPortfolio" / "config.toml").write_text("ephemeral = true\n")
    assert machine_dir()[0] == second / "LearnerPortfolio"
    assert config.current().value("ephemeral") is True


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies to Linux/Unix")
def test_without_xdg_config_dirs_etc_xdg_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MACHINE_DIR_ENV)
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    assert machine_dir()[0] == Path("/etc/xdg/LearnerPortfolio")


# ----------------------------------------------------------------------------- keys, journal


def test_a_machine_passphrase_mode_never_asks_the_keychain(
    machine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(machine, 'key_protection = "passphrase"\n')

    def no_keychain_please(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the keychain was asked although the machine says passphrase")

    monkeypatch.setattr(kek, "find_keychain", no_keychain_please)
    chosen = kek.choose_protection(timeout=0.5)
    assert chosen.kind.value == "passphrase" and str(machine / "config.toml") in chosen.reason
    assert kek.effective_mode("keychain") == ("keychain", "as asked")  # not locked: learner's


def test_a_locked_protection_mode_refuses_another_choice(machine: Path) -> None:
    write_config(machine, 'key_protection = "passphrase"\nlocked = ["key_protection"]\n')
    with pytest.raises(config.SettingLocked, match="key_protection is locked"):
        kek.effective_mode("keychain")
    assert kek.effective_mode("passphrase")[0] == "passphrase"


def test_the_machine_journal_mode_is_used_by_the_database(machine: Path, tmp_path: Path) -> None:
    write_config(machine, 'journal_mode = "truncate"\n')
    repo = Repository.open(tmp_path / "p")
    try:
        with repo._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "truncate"
    finally:
        repo.close()


# ----------------------------------------------------------------------------- export


def test_the_organisation_name_and_logo_go_on_the_export_cover(
    machine: Path, public_fixtures: Path
) -> None:
    import datetime as dt

    import pypdf

    from portfolio_app.export.content import PortfolioContent
    from portfolio_app.export.document import render
    from portfolio_app.services.export import _organisation

    logo = machine / "logo.png"
    logo.write_bytes((public_fixtures / "1edtech-ob2-baked-hosted.png").read_bytes())
    write_config(machine, 'organisation_name = "Northfield Careers Lab"\n'
                          'organisation_logo = "logo.png"\n')
    found = _organisation()
    assert found["organisation"] == "Northfield Careers Lab"
    assert found["organisation_logo"] == logo.read_bytes()
    created = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    pdf = render(PortfolioContent("Ada Lovelace", (), (), created, **found))
    cover = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Prepared at Northfield Careers Lab" in cover.extract_text()
    assert len(cover.images) == 1  # the logo
    plain = pypdf.PdfReader(io.BytesIO(render(PortfolioContent("Ada", (), (), created))))
    assert "Prepared at" not in plain.pages[0].extract_text() and not plain.pages[0].images


def test_a_missing_logo_does_not_stop_an_export(machine: Path) -> None:
    from portfolio_app.services.export import _organisation

    write_config(machine, 'organisation_logo = "gone.png"\n')
    assert "organisation_logo" not in _organisation()


def test_the_readme_example_is_a_valid_machine_file(machine: Path) -> None:
    """The admin documentation's example must keep matching the key table."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", readme, re.S)
    write_config(machine, example)
    found = read_machine_config(machine)
    assert found.problem is None
    assert set(found.values) == set(KEYS)  # every key documented


def test_a_keychain_only_machine_never_falls_back_to_a_passphrase(
    machine: Path, tmp_path: Path
) -> None:
    import keyring
    from keyring.backends import fail

    from portfolio_app.identity import service as identity
    from portfolio_app.identity.errors import KeychainUnavailable

    write_config(machine, 'key_protection = "keychain"\n')
    original = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeychainUnavailable, match="keychain cannot be used"):
            identity.create_identity(tmp_path / "p", name="Ada", passphrase="a long passphrase")
    finally:
        keyring.set_keyring(original)
    assert not (tmp_path / "p" / "keys").exists()
