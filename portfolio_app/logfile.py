"""Where unexpected errors are written: one log file per profile (or per user).

A traceback never reaches a user; it goes to this file and the user is shown one line naming
it.  The shells (CLI, GUI) decide the path when they open a profile and call
:func:`set_log_path`; lower layers that catch an unexpected exception as a last line of
defence (the verification engine, for one) log it with :mod:`logging` and name
:func:`current_log_path` in their sentence.
"""

from __future__ import annotations

import logging
import os
import traceback
from datetime import UTC, datetime
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


LOG_NAME = "portfolio.log"
_handler: logging.Handler | None = None


def user_log_dir() -> Path:
    """The per-user log folder, for when the profile cannot be written (read-only media)."""
    import platformdirs  # noqa: PLC0415 - only when a log file is actually needed

    from portfolio_app.paths import APP_NAME  # noqa: PLC0415

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def choose_log_path(profile: Path | None) -> Path:
    """``<profile>/portfolio.log`` when the profile can be written, else the user log folder.

    A profile that does not exist yet counts as writable when its nearest existing parent is:
    opening it will create the folder, and the log goes where the learner's data is.
    """
    if profile is not None:
        existing = profile
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        if existing.is_dir() and os.access(existing, os.W_OK | os.X_OK):
            log = profile / LOG_NAME
            if not log.exists() or os.access(log, os.W_OK):
                return log
    return user_log_dir() / LOG_NAME


def setup_logging(profile: Path | None) -> Path:
    """Send warnings and errors of every layer to the log file, and record where it is.

    The file is created only when something is logged (a read-only profile stays untouched);
    calling this again (tests run many commands in one process) replaces the earlier handler.
    """
    global _handler  # noqa: PLW0603 - one process-wide handler, owned by the shell
    path = choose_log_path(profile)
    set_log_path(path)
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = _SafeFileHandler(path)
    _handler.setLevel(logging.WARNING)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    return path


def write_traceback(exc: BaseException, context: str) -> Path | None:
    """Append ``exc``'s traceback to the log file; the path written, or ``None`` if none could be.

    Falls back to the user log folder when the configured file cannot be written, so the
    learner is never told about a file that does not exist.
    """
    text = "".join(traceback.format_exception(exc))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    entry = f"{stamp} unexpected error in {context}\n{text}\n"
    candidates = [p for p in (current_log_path(), user_log_dir() / LOG_NAME) if p is not None]
    for path in dict.fromkeys(candidates):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(entry)
        except OSError:
            continue
        return path
    return None


class _SafeFileHandler(logging.FileHandler):
    """A delayed file handler that stays silent when the file cannot be written.

    Logging must never become the failure: the stock handler prints its own traceback to
    stderr when the disk is full or the folder read-only.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            super().emit(record)
        except OSError:
            pass

    def handleError(self, record: logging.LogRecord) -> None:
        """Swallow: the command goes on, and its own error handling reports real failures."""
