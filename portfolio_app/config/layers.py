"""Layered settings: built-in defaults < the machine file < the user's profile, except locks.

The order is the one an administrator expects: the app works with no configuration at all;
the machine file changes the defaults for everybody on the machine; a learner can still
change what is theirs to change in their own profile — unless the machine file *locks* that
key (``locked = ["network_allowed"]``), and then the machine value wins and trying to change
it says who decided.  Every answer carries its layer, so ``portfolio doctor`` and the window
can say *why* a value is what it is.

The machine file is read once per process and re-read only when it changes (its size and
modification time), so asking a setting costs a ``stat``, not a parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from portfolio_app.config.keys import KEYS
from portfolio_app.config.machine import MachineConfig, machine_dir, read_machine_config
from portfolio_app.errors import PortfolioError

DEFAULT = "built-in default"
MACHINE = "machine"
USER = "profile"


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: "The profile has no value for this key" (``None`` can be a value).
UNSET: Final = _Unset()


class SettingLocked(PortfolioError):
    """The learner tried to change a setting the machine file locks."""

    def __init__(self, key: str, file: Path) -> None:
        super().__init__(
            f"{key} is locked by this machine's administrator (in {file}); it cannot be "
            "changed in a profile"
        )
        self.key = key
        self.file = file


@dataclass(frozen=True)
class Resolved:
    """One setting's value and the layer it came from."""

    key: str
    value: Any
    layer: str  # DEFAULT, MACHINE or USER
    locked: bool = False

    def to_json(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"key": self.key, "value": value, "layer": self.layer, "locked": self.locked}


class Layers:
    """The defaults and the machine file, ready to resolve each key against a profile value."""

    def __init__(self, machine: MachineConfig) -> None:
        self.machine = machine

    def locked(self, key: str) -> bool:
        return key in self.machine.locked

    def resolve(self, key: str, user: Any = UNSET) -> Resolved:
        """The value of ``key`` given the profile's own value (``UNSET``: the profile has none).

        A profile value that fails the key's check (written by hand, or by an older version)
        is ignored rather than trusted.
        """
        spec = KEYS[key]
        locked = self.locked(key)
        if user is not UNSET and not locked and spec.user_setting is not None:
            try:
                return Resolved(key, spec.check(user), USER)
            except ValueError:
                pass
        if key in self.machine.values:
            return Resolved(key, self.machine.values[key], MACHINE, locked)
        return Resolved(key, spec.default, DEFAULT, locked)

    def value(self, key: str, user: Any = UNSET) -> Any:
        return self.resolve(key, user).value

    def ensure_changeable(self, key: str) -> None:
        """Raise :class:`SettingLocked` before a profile setting the machine locks is written."""
        if self.locked(key):
            raise SettingLocked(key, self.machine.file)


_CACHE: dict[Path, tuple[tuple[int, int] | None, Layers]] = {}


def current() -> Layers:
    """The layers for this machine, re-reading the machine file only when it changed."""
    directory, why = machine_dir()
    stamp = _stamp(directory)
    cached = _CACHE.get(directory)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    layers = Layers(read_machine_config(directory, why))
    _CACHE.clear()
    _CACHE[directory] = (stamp, layers)
    return layers


def setting(key: str, user: Any = UNSET) -> Any:
    """Shorthand: the value of ``key`` on this machine, given the profile's value."""
    return current().value(key, user)


def _stamp(directory: Path) -> tuple[int, int] | None:
    try:
        info = (directory / "config.toml").stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)
