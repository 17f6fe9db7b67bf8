"""Resources are found from the source tree, a frozen build and an installed wheel, and every
resource the code refers to exists."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from portfolio_app import paths
from tests.conftest import REPO_ROOT


def test_source_tree_resources_are_found() -> None:
    assert paths.resources_dir() == REPO_ROOT / "resources"


def test_frozen_build_resources_are_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_override_wins_for_the_sub_folders_it_holds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "samples").mkdir()
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path))
    assert paths.resource_path("samples") == tmp_path / "samples"
    # issue 15: the override is layered per sub-folder, not all-or-nothing
    assert paths.resource_path("contexts") == REPO_ROOT / "resources" / "contexts"


def test_every_sample_is_listed_in_its_sources_and_exists() -> None:
    folder = paths.resource_path("samples")
    listed = set(re.findall(r"^\| `([^`]+)`", (folder / "SOURCES.md").read_text(), re.M))
    present = {p.name for p in folder.iterdir() if p.name != "SOURCES.md"}
    assert listed == present and listed


def test_every_bundled_context_exists_with_its_recorded_hash() -> None:
    folder = paths.resource_path("contexts")
    index = json.loads((folder / "index.json").read_text())
    entries = index.get("contexts", index)
    assert entries
    for url, entry in entries.items():
        name = entry["file"] if isinstance(entry, dict) else entry
        body = (folder / name).read_bytes()
        if isinstance(entry, dict) and "sha256" in entry:
            assert hashlib.sha256(body).hexdigest() == entry["sha256"], url
        assert url in (folder / "SOURCES.md").read_text(), f"{url} has no source listed"


def test_wheel_ships_every_resource(tmp_path: Path) -> None:
    """Build the wheel offline from a copy of the tree; every file in resources/ is inside."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, tree / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO_ROOT / "portfolio_app", tree / "portfolio_app", ignore=ignore)
    shutil.copytree(REPO_ROOT / "resources", tree / "resources", ignore=ignore)
    out = tmp_path / "dist"
    script = f"import sys, setuptools.build_meta as b; print(b.build_wheel({str(out)!r}))"
    out.mkdir()
    subprocess.run([sys.executable, "-c", script], cwd=tree, check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    prefix = "learner_portfolio-0.1.0.data/data/share/learner-portfolio/resources/"
    expected = {
        prefix + p.relative_to(REPO_ROOT / "resources").as_posix()
        for p in (REPO_ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected - names == set()
    assert "portfolio_app/storage/migrations/env.py" in names or any(
        n.startswith("portfolio_app/storage/migrations/") for n in names
    )
