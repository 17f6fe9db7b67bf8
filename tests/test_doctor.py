"""Issue 15 §3: ``portfolio doctor [--json]`` — what an administrator needs on a support call,
and it works exactly when something is wrong (it never opens, locks or creates the profile)."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from portfolio_app.cli import main
from portfolio_app.config.machine import MACHINE_DIR_ENV
from portfolio_app.services.portfolio import Portfolio


@pytest.fixture
def machine() -> Path:
    return Path(os.environ[MACHINE_DIR_ENV])


@pytest.fixture(autouse=True)
def _no_keychain() -> Iterator[None]:
    """The lab image's usual case, and no test may wait on a real keychain."""
    original = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(original)


def doctor(*argv: str) -> tuple[int, Any]:
    out = io.StringIO()
    code = main([*argv, "doctor", "--json"], out=out)
    return code, json.loads(out.getvalue())


def setting(report: dict[str, Any], key: str) -> dict[str, Any]:
    [found] = [s for s in report["config"]["settings"] if s["key"] == key]
    return found


def test_doctor_reports_paths_layers_keychain_qt_and_versions(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    code, report = doctor("--data-dir", str(profile))
    assert code == 0 and report["problems"] == []
    assert report["paths"]["profile"] == str(profile)
    assert report["paths"]["profile_chosen_by"] == "--data-dir"
    assert report["paths"]["machine_config_dir_chosen_by"] == f"${MACHINE_DIR_ENV}"
    assert report["config"]["machine_file_present"] is False
    assert setting(report, "network_allowed") == {
        "key": "network_allowed",
        "value": False,
        "layer": "built-in default",
        "locked": False,
        "meaning": setting(report, "network_allowed")["meaning"],
    }
    assert report["keychain"]["kind"] == "passphrase"
    assert "no OS keychain" in report["keychain"]["reason"]
    assert "window_can_open" in report["qt"] and report["versions"]["keyring"]
    assert {row["what"] for row in report["write_access"]} >= {"profile", "log folder"}
    assert not profile.exists()  # doctor looked, and created nothing


def test_doctor_shows_each_layer_and_the_locked_keys(machine: Path, tmp_path: Path) -> None:
    (machine / "config.toml").write_text(
        'network_allowed = true\nmax_import_bytes = 4096\nkey_protection = "passphrase"\n'
        'locked = ["max_import_bytes"]\n'
    )
    profile = tmp_path / "profile"
    with Portfolio(profile) as portfolio:
        portfolio.network_allowed = False  # the learner's own choice
        portfolio.repo.set_setting("import.max_bytes", 99999)  # but this one is locked
    code, report = doctor("--data-dir", str(profile))
    assert code == 0
    assert report["config"]["locked"] == ["max_import_bytes"]
    net, size = setting(report, "network_allowed"), setting(report, "max_import_bytes")
    assert (net["value"], net["layer"]) == (False, "profile")
    assert (size["value"], size["layer"], size["locked"]) == (4096, "machine", True)
    assert report["keychain"]["mode"] == "passphrase"
    assert str(machine / "config.toml") in report["keychain"]["decided_by"]


def test_doctor_names_a_malformed_machine_file_and_exits_1(
    machine: Path, tmp_path: Path
) -> None:
    (machine / "config.toml").write_text("ephemeral = maybe\n")
    code, report = doctor("--data-dir", str(tmp_path / "p"))
    assert code == 1
    problem = report["config"]["machine_file_problem"]
    assert str(machine / "config.toml") in problem and "line 1" in problem
    assert problem in report["problems"]


def test_doctor_works_while_the_profile_is_in_use(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    with Portfolio(profile) as portfolio:  # the window holds the lock
        portfolio.network_allowed = True
        code, report = doctor("--data-dir", str(profile))
    assert code == 0
    assert setting(report, "network_allowed")["layer"] == "profile"
    assert report["profile"]["access"] == "read-write" and report["profile"]["mode"] == "0700"


def test_doctor_lists_what_the_site_folder_provides_and_what_it_left_out(
    machine: Path, tmp_path: Path
) -> None:
    site = machine / "site"
    (site / "qualifications").mkdir(parents=True)
    broken = site / "trust" / "broken"
    broken.mkdir(parents=True)
    (broken / "index.json").write_text("{not json")
    (machine / "config.toml").write_text(f'qualification_catalogues = ["{tmp_path}/nowhere"]\n')
    code, report = doctor("--data-dir", str(tmp_path / "p"))
    assert code == 1
    assert report["site"]["catalogues"] == [str(site / "qualifications")]
    problems = " | ".join(report["problems"])
    assert "trust bundle" in problems and "broken" in problems
    assert f"{tmp_path}/nowhere" in problems


def test_doctor_text_is_one_fact_per_line(machine: Path, tmp_path: Path) -> None:
    (machine / "config.toml").write_text('network_allowed = true\nlocked = ["network_allowed"]\n')
    out = io.StringIO()
    assert main(["--data-dir", str(tmp_path / "p"), "doctor"], out=out) == 0
    text = out.getvalue()
    assert "network_allowed" in text and "[machine, locked]" in text
    assert "locked keys: network_allowed" in text and "No problems found." in text


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_doctor_warns_when_learners_could_change_the_machine_file(
    machine: Path, tmp_path: Path
) -> None:
    path = machine / "config.toml"
    path.write_text('locked = ["network_allowed"]\n')
    path.chmod(0o666)  # any student could unlock it
    code, report = doctor("--data-dir", str(tmp_path / "p"))
    assert code == 1
    assert any(str(path) in p and "other than its owner" in p for p in report["problems"])
    path.chmod(0o644)
    assert doctor("--data-dir", str(tmp_path / "p"))[0] == 0
