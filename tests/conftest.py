"""Shared test setup.

``QT_QPA_PLATFORM=offscreen`` is set before anything can import Qt, so the suite runs on CI
machines with no screen.  Tests never touch the network and never the real user profile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
# Copies of real public credentials, with origin and licence in MANIFEST.md beside them.
# Nothing in the repository reads a path outside it: a user's clone has nothing beside it.
PUBLIC_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "public"


@pytest.fixture(autouse=True)
def _isolated_profile(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the default profile somewhere disposable so no test can write to a real one, and
    the machine configuration at an empty folder so no test reads the real /etc/xdg."""
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path_factory.mktemp("default-profile")))
    monkeypatch.setenv("PORTFOLIO_MACHINE_CONFIG_DIR", str(tmp_path_factory.mktemp("machine")))


@pytest.fixture
def public_fixtures() -> Path:
    """The real public sample credentials in tests/fixtures/public/."""
    if not PUBLIC_FIXTURES.is_dir():
        pytest.fail(f"public fixtures missing at {PUBLIC_FIXTURES}")
    return PUBLIC_FIXTURES


@pytest.fixture(autouse=True)
def _engine_catch_all_must_not_fire() -> Iterator[None]:
    """Fail any test in which the verification engine's last-line catch-all fired: that is a
    bug report (an unexpected exception), not a verdict.  A test that forces it on purpose
    wraps the call in ``engine.internal_error_expected()``."""
    from portfolio_app.verify import engine

    before = engine.internal_error_count()
    yield
    fired = engine.internal_error_count() - before
    if fired:
        pytest.fail(
            f"the verification engine's catch-all fired {fired} time(s): an unexpected "
            "exception was turned into a verdict (see the captured log for the traceback)"
        )
