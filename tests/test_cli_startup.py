"""The command line starts fast because ``--version``, ``--help`` and ``list`` do not load the
heavy libraries.  This is a behaviour test (which modules a fresh interpreter has loaded), not
a timing test; ``bench/startup.py`` measures the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "pyld", "pypdf", "PySide6", "keyring", "cryptography.x509", "PIL")

_PROBE = """
import contextlib, io, json, sys
from portfolio_app.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded_after(tmp_path: Path, *argv: str) -> tuple[int, set[str]]:
    """Exit code and ``sys.modules`` after running ``portfolio ARGV`` in a fresh interpreter."""
    env = {**os.environ, "PORTFOLIO_DATA_DIR": str(tmp_path / "profile")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    return report["code"], set(report["modules"])


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["verify", "--help"], ["keys", "create", "--help"], ["lsit"]],
)
def test_version_help_and_usage_errors_load_nothing_heavy(tmp_path: Path, argv: list[str]) -> None:
    code, modules = loaded_after(tmp_path, *argv)
    assert code in (0, 2)
    assert [m for m in HEAVY if m in modules] == []


def test_listing_a_wallet_loads_no_sqlalchemy(tmp_path: Path) -> None:
    """The first ``list`` creates the profile (SQLAlchemy + Alembic); every later one reads it
    with the standard library's sqlite3 alone (issue 9: ``list`` under 0.3 s)."""
    code, modules = loaded_after(tmp_path, "list")
    assert code == 0
    assert "sqlalchemy" in modules, "the first run really created the profile"
    for argv in (["list"], ["list", "--json"], ["skills"], ["progress"]):
        code, modules = loaded_after(tmp_path, *argv)
        assert code == 0
        assert [m for m in (*HEAVY, "sqlmodel", "alembic") if m in modules] == [], argv


# What `verify` of a Data Integrity credential must never load: the database layer (it reads
# three settings with sqlite3), the PDF and export stack, Qt, the keychain, X.509 (Europass
# seals and x5c keys only).  pyld it needs.
NOT_FOR_VERIFY = (
    *(m for m in HEAVY if m != "pyld"),
    "sqlmodel",
    "alembic",
    "pyhanko",
    "reportlab",
    "signxml",
)


def test_verifying_a_file_loads_no_sqlalchemy(tmp_path: Path) -> None:
    """The first run creates the profile (SQLAlchemy + Alembic); every later `verify` reads
    its settings with sqlite3 alone (issue 12: SQLAlchemy was half of a one-file verify)."""
    public = REPO / "tests" / "fixtures" / "public"
    badge = str(public / "dcc-obv3-vc2-eddsa-didkey-basic.json")
    code, modules = loaded_after(tmp_path, "verify", badge)
    assert code == 0
    assert "sqlalchemy" in modules, "the first run really created the profile"
    proof_set = str(public / "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json")
    for argv in (["verify", badge], ["verify", "--json", badge, proof_set]):
        code, modules = loaded_after(tmp_path, *argv)
        assert code == 0, argv
        assert "pyld" in modules, "the credential really was canonicalized"
        assert [m for m in NOT_FOR_VERIFY if m in modules] == [], argv
