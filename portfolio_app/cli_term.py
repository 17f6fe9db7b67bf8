"""Terminal manners for the ``portfolio`` command line: safe text, progress, confirmation.

* Text from credentials (titles, issuers, file names) is attacker-chosen: a title holding a
  newline and ``#99 verified …`` must not print a forged row, and escape sequences must not
  repaint the terminal.  :func:`printable` escapes control characters visibly.
* Long operations (Argon2id key derivation, re-checking a whole wallet) show that they are
  working, on stderr and only on a terminal, so scripts and pipes see exactly the same output.
* Destructive commands ask first on a terminal and refuse without ``--yes`` elsewhere.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from portfolio_app.cli_errors import CommandFailed

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """``text`` with control, line/paragraph-separator and bidi-override characters escaped."""
    value = "" if text is None else str(text)
    if value.isprintable():
        return value
    out = []
    for char in value:
        if char.isprintable() or char == " ":
            out.append(char)
        elif char in _NAMED:
            out.append(_NAMED[char])
        elif unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}:
            out.append(f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}")
        else:  # other separators (e.g. no-break space) read as spaces
            out.append(" ")
    return "".join(out)


def is_terminal(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal (never for pipes, files, StringIO)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def working(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show ``label… 3 s`` on a terminal while the block runs; nothing when not a terminal."""
    target = stream if stream is not None else sys.stderr
    if not is_terminal(target):
        yield
        return
    import threading  # noqa: PLC0415 - only when there is a terminal to show progress on

    done = threading.Event()
    started = time.monotonic()

    def tick() -> None:
        while not done.wait(0.5):
            _write(target, f"\r{label}… {time.monotonic() - started:.0f} s")

    _write(target, f"{label}…")
    thread = threading.Thread(target=tick, name="portfolio-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        _write(target, "\r\x1b[K")


def _write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def confirm(question: str, *, assume_yes: bool, flag: str = "--yes") -> None:
    """Go on when the learner says yes (or ``assume_yes``); otherwise raise :class:`CommandFailed`.

    Without a terminal to ask on and without ``--yes``, refuse: a script must say what it means.
    """
    if assume_yes:
        return
    if not (is_terminal(sys.stdin) and is_terminal(sys.stderr)):
        raise CommandFailed(
            f"{question.rstrip('?')}: not confirmed (no terminal to ask on); add {flag} "
            "to confirm from a script",
            kind="NotConfirmed",
        )
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in {"y", "yes"}:
        raise CommandFailed("not confirmed; nothing was changed", kind="NotConfirmed")
