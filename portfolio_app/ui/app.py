"""Start the GUI: check the machine, then one QApplication, one Portfolio, one main window.

Nothing here imports Qt at module level: :mod:`.preflight` must run first, because on a
machine without a display or without Qt's system libraries importing PySide6's widgets is
already enough for Qt to abort the process with advice that does not help.
"""

from __future__ import annotations

import sys

from portfolio_app.ui.preflight import gui_problem


def run() -> int:
    """Open the main window; return the exit code (1, with one line, when it cannot open)."""
    problem = gui_problem()
    if problem is not None:
        print(f"portfolio: {problem}", file=sys.stderr)
        return 1
    from portfolio_app.ui.shell import start  # noqa: PLC0415 - Qt loads only after the check

    return start()
