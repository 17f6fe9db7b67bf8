"""The window and the command line share a profile (issue 14 §8: the window follows the CLI).

A command holds the profile lock for its whole run; the window, open for hours, holds it only
while it opens and while each write runs.  So `portfolio import` works with the window open
(and the window sees the new credential), and a window write while a command holds the profile
waits a moment and then says so, instead of writing beside it.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portfolio_app.errors import ProfileInUse
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage import repository
from portfolio_app.storage.lock import acquire_patiently

REPO_ROOT = Path(__file__).resolve().parent.parent
BADGE = REPO_ROOT / "tests" / "fixtures" / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"

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


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portfolio_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )


def test_a_command_can_import_while_the_window_has_the_profile_open(tmp_path: Path) -> None:
    data_dir = tmp_path / "profile"
    with Portfolio(data_dir, lock_per_write=True) as window:
        result = _cli(data_dir, "import", str(BADGE))
        assert result.returncode == 0, result.stderr
        assert [row.title for row in window.wallet_rows()] == ["Teamwork"]
        window.repo.set_setting("window", "still writes")  # and the window can write after it


def test_the_window_without_lock_per_write_still_keeps_commands_out(tmp_path: Path) -> None:
    """The mutant check: the ordinary (command) mode must still hold the lock throughout."""
    data_dir = tmp_path / "profile"
    with Portfolio(data_dir):
        result = _cli(data_dir, "import", str(BADGE))
    assert result.returncode == 1
    assert "is using this profile" in result.stderr


def test_a_window_write_while_a_command_holds_the_profile_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "profile"
    window = Portfolio(data_dir, lock_per_write=True)
    monkeypatch.setattr(
        repository, "acquire_lock_patiently", functools.partial(acquire_patiently, seconds=0.3)
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        (refused,) = window.import_paths([BADGE]).outcomes  # the import stops, and says why
        assert refused.status.value == "rejected"
        assert "is using this profile" in refused.message
        with pytest.raises(ProfileInUse, match="is using this profile"):
            window.repo.set_setting("window", "waits its turn")
        assert window.wallet_rows() == []  # reading still works, and nothing was half-written
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=20)
    report = window.import_paths([BADGE])  # the command is gone: the window writes again
    assert [o.status.value for o in report.outcomes] == ["imported"]
    window.close()
