"""What an administrator installs is what we test (issue 15 §4-6).

The shipped desktop entry and AppStream file pass the freedesktop validators; ``install.sh
--user`` into a temporary prefix (no root, no network) lays down a launcher that runs the app
from the installed wheel — its CLI verifies a real credential with the wheel's own resources and
its window starts offscreen; the lock pins every dependency; the PyInstaller spec and the MSI
definition take name and version from ``pyproject.toml`` so no installer can disagree with it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import tomllib
import types
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from portfolio_app import __version__

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
APP_ID = "org.learnerportfolio.LearnerPortfolio"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
FIXTURE = REPO / "tests" / "fixtures" / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"


def _tool(name: str) -> str:
    """The validator's path; in CI (which installs it) a missing one fails instead of skipping."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} not installed")
    return found


def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_desktop_entry_and_the_current_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == PROJECT["version"], "add a <release> for the version being shipped"


def test_the_version_is_said_once() -> None:
    """pyproject.toml and ``portfolio --version`` agree, so installers and the app agree."""
    assert __version__ == PROJECT["version"]


# -- the lock ----------------------------------------------------------------------------------


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for raw in (PACKAGING / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt line {raw!r} is not an exact pin"
            pins[_normal(name)] = version
    return pins


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[\[<>=!~;\s]", r, maxsplit=1)[0]) for r in requirements}


def test_the_lock_pins_every_declared_dependency() -> None:
    declared = _requirement_names(PROJECT["dependencies"])
    for extra in PROJECT["optional-dependencies"].values():
        declared |= _requirement_names(extra)
    declared -= {"setuptools"}  # pip freeze leaves the build tools out; the venv brings them
    assert declared - set(_lock()) == set()


def test_this_environment_runs_the_locked_versions() -> None:
    """`make setup` installs with the lock, so the tests run exactly what a lab machine gets."""
    pins = _lock()
    wrong = {}
    for name in _requirement_names(PROJECT["dependencies"]):
        installed = metadata.version(name)
        if pins[name] != installed:
            wrong[name] = (pins[name], installed)
    assert wrong == {}, "reinstall with `make setup` (or renew the lock with `make lock`)"


# -- install.sh --user --------------------------------------------------------------------------


def _build_wheel(tmp: Path) -> Path:
    """`make wheel`'s build, offline, from a copy of the tree (a build writes into its tree)."""
    tree = tmp / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, tree / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("portfolio_app", "resources"):
        shutil.copytree(REPO / folder, tree / folder, ignore=ignore)
    out = tmp / "dist"
    out.mkdir()
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip, "--no-index", "--wheel-dir", str(out), str(tree)], check=True, capture_output=True
    )
    (wheel,) = out.glob("*.whl")
    return wheel


def _run_install(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "PYTHON": sys.executable}
    return subprocess.run(
        ["bash", str(PACKAGING / "linux" / "install.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_install_user_lays_down_a_launcher_that_runs_the_installed_app(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    wheel = _build_wheel(tmp_path)
    result = _run_install(home, "--user", "--wheel", str(wheel), "--no-deps")
    assert result.returncode == 0, result.stderr
    prefix = home / ".local"
    launcher = prefix / "bin" / "learner-portfolio"
    assert os.access(launcher, os.X_OK)

    # The test installs with --no-deps (tests never use the network); the dependencies come from
    # this test environment through a .pth file appended *after* the venv's own site-packages,
    # so the app and its resources are still the installed wheel's, not this source tree's.
    venv = prefix / "lib" / "learner-portfolio" / "venv"
    (site,) = (venv / "lib").glob("python*/site-packages")
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTFOLIO_", "PYTHON"))} | {
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }
    run = {"env": env, "capture_output": True, "text": True, "cwd": tmp_path, "timeout": 60}

    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import portfolio_app, portfolio_app.paths as p; print(portfolio_app.__file__);"
            "print(p.resources_dir())",
        ],
        check=True,
        **run,  # type: ignore[call-overload]
    ).stdout.splitlines()
    assert all(str(prefix) in line for line in where), where

    version = subprocess.run([str(launcher), "--version"], check=True, **run)  # type: ignore[call-overload]
    assert version.stdout.strip() == f"portfolio {PROJECT['version']}"
    verdict = subprocess.run(
        [str(launcher), "--data-dir", str(tmp_path / "p1"), "verify", str(FIXTURE)],
        check=False,
        **run,  # type: ignore[call-overload]
    )
    assert verdict.returncode == 0, verdict.stderr
    assert ": verified" in verdict.stdout

    # With no command the launcher opens the window: it must come up and stay up.
    profile = tmp_path / "p2"
    window = subprocess.Popen(
        [str(launcher), "--data-dir", str(profile)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and not any(profile.glob("*")):
            assert window.poll() is None, window.communicate()[1]
            time.sleep(0.2)
        time.sleep(1.5)
        assert window.poll() is None, window.communicate()[1]
        assert any(profile.glob("*")), "the window never opened its profile"
    finally:
        window.send_signal(signal.SIGTERM)
        _out, err = window.communicate(timeout=20)
    assert "Traceback" not in err

    entry = (prefix / "share" / "applications" / DESKTOP.name).read_text(encoding="utf-8")
    assert f"Exec={launcher}" in entry.splitlines()
    assert (prefix / "share" / "metainfo" / METAINFO.name).is_file()
    assert (
        prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    ).is_file()

    removed = _run_install(home, "--user", "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not launcher.exists()
    assert not (prefix / "lib" / "learner-portfolio").exists()
    assert not (prefix / "share" / "applications" / DESKTOP.name).exists()


def test_install_says_which_mode_it_needs(tmp_path: Path) -> None:
    result = _run_install(tmp_path)
    assert result.returncode == 2
    assert "--user" in result.stderr and "--system" in result.stderr


# -- PyInstaller spec and MSI definition -------------------------------------------------------


def test_pyinstaller_spec_names_the_bundle_from_pyproject(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run the spec with PyInstaller stubbed: name, version, data files, hidden imports."""
    built: dict[str, Any] = {}
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"{package}.stub"]  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda name: [(f"{name}.dist-info", name)]  # type: ignore[attr-defined]
    hooks.collect_data_files = lambda package, **_: [  # type: ignore[attr-defined]
        (f"/site/{package}/schemas/x.xsd", f"{package}/schemas")
    ]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)

    def recorder(kind: str) -> Any:
        def build(*args: Any, **kwargs: Any) -> dict[str, Any]:
            record = {"args": args, **kwargs}
            built[kind] = record
            return record

        return build

    spec = PACKAGING / "pyinstaller" / "learner-portfolio.spec"
    namespace = {"SPECPATH": str(spec.parent), "__file__": str(spec)} | {
        kind: recorder(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    }

    def analysis(*args: Any, **kwargs: Any) -> types.SimpleNamespace:
        built["Analysis"] = kwargs
        return types.SimpleNamespace(pure=[], scripts=[], binaries=[], datas=kwargs["datas"])

    namespace["Analysis"] = analysis
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)

    assert built["COLLECT"]["name"] == f"{PROJECT['name']}-{PROJECT['version']}"
    assert built["EXE"]["name"] == "portfolio"
    datas = {dest: src for src, dest in built["Analysis"]["datas"]}
    assert Path(datas["resources"]) == REPO / "resources"
    assert "portfolio_app/storage/migrations" in datas
    assert "keyring.backends.stub" in built["Analysis"]["hiddenimports"]
    assert "signxml/schemas" in datas  # the XAdES check validates against signxml's schemas
    assert "signxml.stub" in built["Analysis"]["hiddenimports"]


def test_msi_definition_installs_per_machine_or_per_user() -> None:
    wxs = PACKAGING / "windows" / "learner-portfolio.wxs"
    root = ET.parse(wxs).getroot()
    ns = {"w": "http://wixtoolset.org/schemas/v4/wxs"}
    package = root.find("w:Package", ns)
    assert package is not None
    assert package.get("Scope") == "perUserOrMachine"  # msiexec /qn ALLUSERS=1 or per user
    assert package.get("Version") == "$(var.Version)"  # the build script passes pyproject's
    assert re.fullmatch(
        r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", package.get("UpgradeCode", "")
    )
    assert package.find("w:MajorUpgrade", ns) is not None
    build = (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert "pyproject.toml" in build and "-d Version=" in build
