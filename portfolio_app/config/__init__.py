"""Machine-wide configuration for career-centre deployments (issue 15).

* :mod:`.keys` — every setting, its default and meaning;
* :mod:`.machine` — where the machine ``config.toml`` lives and reading it safely;
* :mod:`.layers` — defaults < machine file < profile, except keys the machine locks;
* :mod:`.site` — the machine-wide site folder (trust bundles, registries, catalogues).

Standard library only, so every command can ask a setting without slowing its start.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_app.config.layers import (
    DEFAULT,
    MACHINE,
    UNSET,
    USER,
    Layers,
    Resolved,
    SettingLocked,
    current,
    setting,
)

__all__ = [
    "DEFAULT",
    "MACHINE",
    "UNSET",
    "USER",
    "Layers",
    "Resolved",
    "SettingLocked",
    "current",
    "setting",
    "startup_notices",
]


def startup_notices(profile: Path) -> list[str]:
    """Lines a shell shows when it starts: a machine file that was ignored, ephemeral mode.

    The CLI prints them on stderr; the window shows them once.  Said at start because both
    change what the learner can rely on: their settings, or their data surviving logoff.
    """
    layers = current()
    notices: list[str] = []
    if layers.machine.problem:
        notices.append(f"warning: {layers.machine.problem}")
    if layers.value("ephemeral"):
        notices.append(
            f"warning: this machine wipes profiles at logoff: everything in {profile} will be "
            "lost; keep an encrypted backup on a drive you take with you (portfolio backup FILE)"
        )
    return notices
