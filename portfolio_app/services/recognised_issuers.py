"""Which issuer ids the profile's issuer registries list under each official name.

The qualification use cases ask this when a definition names an issuer by its recognised name
(``issuer_recognised_as``).  The registries come from the sources verification reads — the
profile's document cache, then the machine's site folder — so "recognised" means the same in a
verdict and in a progress report.  Read only: a profile without a cache gets none (nothing is
created), and nothing here loads the storage layer (``portfolio progress`` stays quick).
"""

from __future__ import annotations

import logging
from pathlib import Path

from portfolio_app.paths import DOCUMENTS_FOLDER
from portfolio_app.pathways.recognised import ids_by_official_name

log = logging.getLogger(__name__)


def recognised_issuer_ids(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Normalised official name → issuer ids, most authoritative registry first.

    A registry that cannot be read counts for nothing here (no requirement is met through it);
    every verdict already names the broken file, so this only logs it.
    """
    from portfolio_app.services.machine import machine_sources  # noqa: PLC0415
    from portfolio_app.verify.documents import (  # noqa: PLC0415
        ChainedSource,
        DocumentSource,
        FolderSource,
        TrustBundleError,
        trust_files_of,
    )
    from portfolio_app.verify.registry import load_trust  # noqa: PLC0415

    sources: list[DocumentSource] = []
    cache = data_dir / DOCUMENTS_FOLDER
    if (cache / "index.json").is_file():
        sources.append(FolderSource(cache))
    sources.extend(machine_sources())
    try:
        material = load_trust(trust_files_of(ChainedSource(sources)))
    except TrustBundleError as exc:
        log.warning("issuer registries not used for qualifications: %s", exc)
        return {}
    return ids_by_official_name(
        (entry.issuer_id, entry.name)
        for registry in material.registries
        for entry in registry.entries.values()
    )
