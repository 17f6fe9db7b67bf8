"""How the command line obtains passphrases: a file (scripts, lab automation) or, only when
stdin is a terminal, a hidden prompt — never an argument or an environment variable, where
other users and shell history could see them."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path


class SecretUsageError(Exception):
    """The passphrase cannot be had the way the command was called (exit 2)."""


def read_secret_file(path: Path) -> str:
    """The first line of ``path`` (a trailing newline is not part of the passphrase).

    A missing or unreadable file raises its ``OSError`` (named, one line, exit 1, by the CLI's
    top-level handler); a file that is not text is a usage error.
    """
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise SecretUsageError(
            f"{path} is not a text file (UTF-8); put the passphrase on its first line"
        ) from None
    return text.splitlines()[0] if text else ""


def prompt_secret(label: str, *, confirm: bool = False, flag: str = "--passphrase-file") -> str:
    """Ask on the terminal; refuse (usage error) when stdin is not one."""
    if not sys.stdin.isatty():
        raise SecretUsageError(f"{label.lower()} is needed: give {flag} FILE")
    first = getpass.getpass(f"{label}: ")
    if confirm and getpass.getpass(f"{label} (again): ") != first:
        raise SecretUsageError("the two passphrases differ")
    return first


def secret_from(path: Path | None, label: str, *, confirm: bool = False, flag: str) -> str:
    """The passphrase from ``path`` if given, else from a prompt."""
    if path is not None:
        return read_secret_file(path)
    return prompt_secret(label, confirm=confirm, flag=flag)
