"""A user's clone has nothing beside it: nothing in the repository may read a path outside it.

The suite once read ``../shared/fixtures/public`` and failed at collection on a bare clone.
This test greps every file git tracks (or would track) for the ways a path can climb out of the
checkout, so that mistake cannot come back quietly.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Ways code has reached beside the checkout: a literal "../" to a sibling folder, a Path that
# climbs three levels from a file in the repo, or the sibling "shared" folder by name.
_OUTSIDE = [
    re.compile(r"\.\./(shared|fixtures|design)\b"),
    re.compile(r"parent\.parent\.parent"),
    re.compile(r"""\.parent\s*/\s*["']shared["']"""),
    re.compile(r"""parents\[(?:[2-9])\]"""),
]
_TEXT_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".spec", ".json", ".txt", ".yml", ""}


def _repo_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [REPO / line for line in out.splitlines() if line]


def test_no_file_reads_a_path_outside_the_repository() -> None:
    offenders: list[str] = []
    for path in _repo_files():
        if path.suffix not in _TEXT_SUFFIXES and path.name != "Makefile":
            continue
        if "fixtures" in path.parts or not path.is_file():
            continue  # credential data, not code
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if any(p.search(line) for p in _OUTSIDE):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    this = Path(__file__).relative_to(REPO).as_posix()
    offenders = [o for o in offenders if not o.startswith(this)]
    assert offenders == [], "paths outside the repository:\n" + "\n".join(offenders)


def test_public_fixtures_ship_with_their_manifest() -> None:
    fixtures = REPO / "tests" / "fixtures" / "public"
    manifest = (fixtures / "MANIFEST.md").read_text(encoding="utf-8")
    data = sorted(p.name for p in fixtures.iterdir() if p.name != "MANIFEST.md")
    assert data, "no public fixtures in the repository"
    missing = [name for name in data if f"`{name}`" not in manifest]
    assert missing == [], f"fixtures without origin and licence in MANIFEST.md: {missing}"
