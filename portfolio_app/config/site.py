"""The machine-wide site folder: what every profile on this machine reads without importing.

Beside the machine ``config.toml`` an administrator may keep::

    site/
      trust/<bundle>/index.json   trust bundles (documents, registries, contexts), as for
                                  `portfolio trust import`
      registries/*.json           issuer registries and sealing trust lists, one per file
      qualifications/*.json       qualification definitions (a catalogue)

plus any folders the machine file lists in ``trust_bundles`` / ``qualification_catalogues``.
Nothing here is ever copied into a profile: a profile *reads* it, shows it as "from this
machine", and a backup (which holds only the profile) never carries it — so a lab machine
wiped each term gets this term's bundles, and a learner's backup stays theirs.

This module only *finds* the folders (standard library, no verification code); reading them
is the job of ``services/machine.py`` and ``pathways/catalogue.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.config.layers import Layers, current

TRUST = "trust"
REGISTRIES = "registries"
QUALIFICATIONS = "qualifications"


@dataclass(frozen=True)
class SiteFolders:
    """What the site folder and the machine file point at, and what could not be found."""

    trust_bundles: tuple[Path, ...] = ()
    registry_files: tuple[Path, ...] = ()
    catalogues: tuple[Path, ...] = ()
    #: Folders the machine file names that do not exist (shown by ``doctor``).
    missing: tuple[str, ...] = ()


def site_folders(layers: Layers | None = None) -> SiteFolders:
    """Every machine-wide trust bundle, registry file and catalogue folder, in a fixed order."""
    layers = layers or current()
    site = layers.machine.site_dir
    bundles: list[Path] = []
    missing: list[str] = []
    trust = site / TRUST
    if (trust / "index.json").is_file():
        bundles.append(trust)
    elif trust.is_dir():
        bundles.extend(
            sub for sub in sorted(trust.iterdir()) if (sub / "index.json").is_file()
        )
    for listed in layers.value("trust_bundles"):
        folder = Path(listed)
        if (folder / "index.json").is_file():
            bundles.append(folder)
        else:
            missing.append(f"trust bundle {folder} (no index.json there)")
    registries = site / REGISTRIES
    registry_files = (
        tuple(sorted(p for p in registries.glob("*.json") if p.is_file()))
        if registries.is_dir()
        else ()
    )
    catalogues: list[Path] = []
    if (site / QUALIFICATIONS).is_dir():
        catalogues.append(site / QUALIFICATIONS)
    for listed in layers.value("qualification_catalogues"):
        folder = Path(listed)
        if folder.is_dir():
            catalogues.append(folder)
        else:
            missing.append(f"qualification catalogue {folder} (not a folder)")
    return SiteFolders(tuple(bundles), registry_files, tuple(catalogues), tuple(missing))
