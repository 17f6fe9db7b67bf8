"""The first-run welcome: shown once per profile, when the wallet is still empty.

"Add sample credentials" imports the real public samples through the window's own import (so
the learner sees the same progress and summary as for their own files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_app.services import pages_facade
from portfolio_app.ui.live import Stamp, change_stamp
from portfolio_app.ui.tasks import TaskResult
from portfolio_app.ui.welcome_view import WelcomeView

if TYPE_CHECKING:
    from portfolio_app.ui.main_window import MainWindow


def show_welcome(window: MainWindow) -> WelcomeView:
    dialog = WelcomeView(window)

    def samples() -> None:
        dialog.accept()
        window.import_samples()

    dialog.samples.clicked.connect(samples)
    dialog.empty.clicked.connect(dialog.reject)
    window.welcome = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def maybe_welcome(window: MainWindow) -> None:
    """Once per profile, for an empty writable wallet (read off the GUI thread)."""
    portfolio = window.services
    if portfolio.read_only:
        return

    def check(_c: object) -> tuple[bool, Stamp, Stamp]:
        # Once welcomed, nothing more is read or written: a write at every start made the
        # window's change watcher reload the whole wallet a second after it was shown.  And an
        # emptiness probe, never the whole wallet: on a 10,000-credential profile that read
        # cost seconds of CPU beside the wallet's own and stalled its first paints.
        if pages_facade.welcomed(portfolio):
            return False, None, None
        first = pages_facade.wallet_is_empty(portfolio)
        before = change_stamp(portfolio.database_path)
        pages_facade.set_welcomed(portfolio)
        return first, before, change_stamp(portfolio.database_path)

    def done(result: TaskResult[tuple[bool, Stamp, Stamp]]) -> None:
        if result.value is None:
            return
        first, before, after = result.value
        window.watcher.own_write(before, after)  # our one write is no reason to reload
        if first:
            show_welcome(window)

    window.runner.start(check, done)
