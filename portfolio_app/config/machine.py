"""The machine-wide configuration: where it lives, and reading it without ever failing.

A career centre's administrator puts one ``config.toml`` (and a ``site/`` folder beside it)
where every user of the machine can read it but none can change it:

* Windows: ``%ProgramData%\\LearnerPortfolio``
* macOS: ``/Library/Application Support/LearnerPortfolio``
* Linux and other Unix: ``<dir>/LearnerPortfolio`` for the first ``<dir>`` of
  ``$XDG_CONFIG_DIRS`` (default ``/etc/xdg``) that has one, as the XDG spec asks.

``$PORTFOLIO_MACHINE_CONFIG_DIR`` names the folder directly (tests, and admins trying a new
file before rolling it out).  A file that is missing is the normal case.  A file that cannot
be read or is malformed must not lock every student out of the app: it is ignored *as a
whole* (a half-applied file could drop a lock the admin relies on) and :attr:`problem` says
which file, which line and what is wrong, so the CLI, the window and ``doctor`` can show it.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio_app.config.keys import KEYS, LOCKED

APP_FOLDER = "LearnerPortfolio"
CONFIG_FILE = "config.toml"
SITE_FOLDER = "site"
MACHINE_DIR_ENV = "PORTFOLIO_MACHINE_CONFIG_DIR"
#: Far larger than any real config; a bigger file is refused rather than parsed.
MAX_CONFIG_BYTES = 256 * 1024


@dataclass(frozen=True)
class MachineConfig:
    """What the machine file says (checked), or why it was ignored."""

    directory: Path
    #: Values given in the file, already checked and normalised (paths resolved).
    values: dict[str, Any] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    #: One line for people: the file, the line and the reason it was ignored; else ``None``.
    problem: str | None = None
    #: Why this folder was chosen (``$PORTFOLIO_MACHINE_CONFIG_DIR``, ``$XDG_CONFIG_DIRS``…).
    chosen_by: str = ""

    @property
    def file(self) -> Path:
        return self.directory / CONFIG_FILE

    @property
    def site_dir(self) -> Path:
        return self.directory / SITE_FOLDER

    @property
    def present(self) -> bool:
        return self.file.is_file()


def candidate_dirs() -> list[tuple[Path, str]]:
    """The folders the machine config may live in, in order, each with why it is a candidate."""
    override = os.environ.get(MACHINE_DIR_ENV)
    if override:
        return [(Path(override).expanduser(), f"${MACHINE_DIR_ENV}")]
    if sys.platform == "win32":
        # Windows environment names are case-insensitive; os.environ upper-cases them.
        base = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return [(Path(base) / APP_FOLDER, "%ProgramData%")]
    if sys.platform == "darwin":
        return [(Path("/Library/Application Support") / APP_FOLDER, "macOS convention")]
    raw = os.environ.get("XDG_CONFIG_DIRS", "")
    dirs = [d for d in raw.split(os.pathsep) if d and os.path.isabs(d)]
    if not dirs:
        return [(Path("/etc/xdg") / APP_FOLDER, "XDG default /etc/xdg")]
    return [(Path(d) / APP_FOLDER, "$XDG_CONFIG_DIRS") for d in dirs]


def machine_dir() -> tuple[Path, str]:
    """The first candidate holding a config file or a site folder, else the first candidate."""
    candidates = candidate_dirs()
    for folder, why in candidates:
        if (folder / CONFIG_FILE).exists() or (folder / SITE_FOLDER).is_dir():
            return folder, why
    return candidates[0]


def read_machine_config(directory: Path | None = None, chosen_by: str = "") -> MachineConfig:
    """Read and check the machine file; never raises (see the module docstring)."""
    if directory is None:
        directory, chosen_by = machine_dir()
    path = directory / CONFIG_FILE
    try:
        if not path.exists():
            return MachineConfig(directory, chosen_by=chosen_by)
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise _Problem(None, f"it is larger than {MAX_CONFIG_BYTES // 1024} KiB")
        text = path.read_bytes().decode("utf-8")
        values, locked = _check(text, directory)
    except _Problem as found:
        return MachineConfig(directory, problem=_sentence(path, found), chosen_by=chosen_by)
    except UnicodeDecodeError:
        why = _Problem(None, "it is not UTF-8 text")
        return MachineConfig(directory, problem=_sentence(path, why), chosen_by=chosen_by)
    except OSError as exc:
        why = _Problem(None, f"it cannot be read ({exc.strerror or type(exc).__name__})")
        return MachineConfig(directory, problem=_sentence(path, why), chosen_by=chosen_by)
    return MachineConfig(directory, values, locked, chosen_by=chosen_by)


class _Problem(Exception):
    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _sentence(path: Path, problem: _Problem) -> str:
    where = f"{path}, line {problem.line}" if problem.line else str(path)
    return (
        f"the machine configuration {where} is ignored: {problem.reason}; the built-in "
        "defaults are used (ask the administrator to fix the file; `portfolio doctor` "
        "shows what is in use)"
    )


_AT_LINE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")


def _check(text: str, directory: Path) -> tuple[dict[str, Any], frozenset[str]]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT_LINE.search(message)
        line = None
        if found is not None:  # "at end of document": the last line of the file
            line = int(found.group(1)) if found.group(1) else len(text.splitlines()) or 1
        reason = _AT_LINE.sub("", message) if found else message
        raise _Problem(line, f"it is not valid TOML ({reason[:1].lower()}{reason[1:]})") from None
    values: dict[str, Any] = {}
    locked: frozenset[str] = frozenset()
    for name, value in raw.items():
        line = _line_of(text, name)
        if name == LOCKED:
            locked = _check_locked(value, line)
            continue
        key = KEYS.get(name)
        if key is None:
            raise _Problem(line, f"{name!r} is not a setting this app knows ({_known()})")
        try:
            checked = key.check(value)
        except ValueError as exc:
            raise _Problem(line, f"{name} {exc}") from None
        values[name] = _resolve_paths(checked, directory) if key.paths else checked
    return values, locked


def _check_locked(value: Any, line: int | None) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Problem(line, 'locked must be a list of setting names, e.g. ["network_allowed"]')
    unknown = [v for v in value if v not in KEYS]
    if unknown:
        raise _Problem(line, f"locked names {unknown[0]!r}, which is not a setting ({_known()})")
    return frozenset(value)


def _known() -> str:
    return "settings: " + ", ".join(KEYS)


def _line_of(text: str, name: str) -> int | None:
    quoted = re.escape(name)
    pattern = re.compile(rf"^[ \t]*(?:{quoted}|\"{quoted}\")[ \t]*=", re.MULTILINE)
    found = pattern.search(text)
    if found is None:
        table = re.compile(rf"^[ \t]*\[+[ \t]*{quoted}[ \t]*\]", re.MULTILINE).search(text)
        return text.count("\n", 0, table.start()) + 1 if table else None
    return text.count("\n", 0, found.start()) + 1


def _resolve_paths(value: Any, directory: Path) -> Any:
    """Relative paths in the machine file are read from the file's own folder."""
    if isinstance(value, tuple):
        return tuple(str(_resolve_one(v, directory)) for v in value)
    if isinstance(value, str) and value:
        return str(_resolve_one(value, directory))
    return value


def _resolve_one(value: str, directory: Path) -> Path:
    path = Path(os.path.expandvars(value)).expanduser()
    return path if path.is_absolute() else directory / path
