"""Where unexpected errors are written: one log file per profile (or per user).

A traceback never reaches a user; it goes to this file and the user is shown one line naming
it.  The shells (CLI, GUI) decide the path when they open a profile and call
:func:`set_log_path`; lower layers that catch an unexpected exception as a last line of
defence (the verification engine, for one) log it with :mod:`logging` and name
:func:`current_log_path` in their sentence.
"""

from __future__ import annotations

from pathlib import Path

_LOG_PATH: Path | None = None


def set_log_path(path: Path | None) -> None:
    """Record the log file the shell configured (``None``: none yet)."""
    global _LOG_PATH  # noqa: PLW0603 - one process-wide setting, set once by the shell
    _LOG_PATH = path


def current_log_path() -> Path | None:
    """The log file unexpected errors are written to, if a shell configured one."""
    return _LOG_PATH


def log_hint() -> str:
    """``"details in <path>"`` for a user-facing sentence, or a generic pointer."""
    path = current_log_path()
    return f"details in {path}" if path is not None else "details in the application log"
