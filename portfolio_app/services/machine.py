"""What the machine's site folder gives every profile: trusted documents and registries.

The folders are found by :mod:`portfolio_app.config.site`; this module reads them as
document sources for verification and as items for ``portfolio trust list``, each marked
"from this machine".  They are read in place, never copied into the profile, so they never
reach a backup and a learner cannot remove them (the administrator does, on the machine).

A broken machine bundle or registry must not stop every learner from verifying anything:
it is left out, logged, and reported by :func:`machine_trust_problems` (``portfolio doctor``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from portfolio_app.config.site import SiteFolders, site_folders
from portfolio_app.services.trust import TrustItem, list_trust
from portfolio_app.verify.documents import (
    DocumentSource,
    FolderSource,
    MemorySource,
    TrustBundleError,
    TrustFile,
)
from portfolio_app.verify.registry import load_trust

log = logging.getLogger(__name__)

FROM_MACHINE = "this machine"
MAX_REGISTRY_BYTES = 5 * 1024 * 1024


def machine_sources(folders: SiteFolders | None = None) -> list[DocumentSource]:
    """Every readable machine-wide bundle, then one source holding the bare registry files."""
    folders = folders or site_folders()
    sources: list[DocumentSource] = []
    for bundle in folders.trust_bundles:
        try:
            source = FolderSource(bundle)
            load_trust(source.trust_files())  # a broken registry inside is refused here
        except TrustBundleError as exc:
            log.warning("machine trust bundle %s left out: %s", bundle, exc)
            continue
        sources.append(source)
    files = [f for f in (_registry_file(p) for p in folders.registry_files) if f is not None]
    if files:
        sources.append(MemorySource(trust=files))
    return sources


def machine_trust_problems(folders: SiteFolders | None = None) -> list[str]:
    """Why each machine bundle or registry file that is left out is left out."""
    folders = folders or site_folders()
    problems = list(folders.missing)
    for bundle in folders.trust_bundles:
        try:
            load_trust(FolderSource(bundle).trust_files())
        except TrustBundleError as exc:
            problems.append(f"trust bundle {bundle}: {exc}")
    for path in folders.registry_files:
        try:
            load_trust([_read_registry(path)])
        except TrustBundleError as exc:
            problems.append(f"registry {path}: {exc}")
    return problems


def machine_trust_items(folders: SiteFolders | None = None) -> list[TrustItem]:
    """``trust list`` rows for what the machine provides, each "from this machine: <name>"."""
    folders = folders or site_folders()
    items: list[TrustItem] = []
    for bundle in folders.trust_bundles:
        try:
            FolderSource(bundle)
        except TrustBundleError:
            continue
        for item in list_trust(bundle):
            items.append(replace(item, bundle=f"{FROM_MACHINE}: {bundle.name}", machine=True))
    for path in folders.registry_files:
        found = _registry_file(path)
        if found is None:
            continue
        kind = "trust list" if b'"seal_certificates"' in found.body else "registry"
        items.append(
            TrustItem(
                found.name, kind, f"{FROM_MACHINE}: {path.name}", found.fetched_at, machine=True
            )
        )
    return sorted(items, key=lambda i: (i.kind, i.ref))


def _registry_file(path: Path) -> TrustFile | None:
    try:
        found = _read_registry(path)
        load_trust([found])
    except TrustBundleError as exc:
        log.warning("machine registry %s left out: %s", path, exc)
        return None
    return found


def _read_registry(path: Path) -> TrustFile:
    """A bare registry file, named by its own ``name`` (else the file name), as of its mtime."""
    try:
        if path.stat().st_size > MAX_REGISTRY_BYTES:
            raise TrustBundleError(f"{path.name}: larger than 5 MB")
        body = path.read_bytes()
        when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise TrustBundleError(f"{path.name}: cannot read ({exc.strerror})") from exc
    name = path.stem
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raw = None
    if isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"].strip():
        name = raw["name"].strip()
    elif isinstance(raw, dict) and isinstance(raw.get("meta"), dict):
        meta_name = raw["meta"].get("name")
        name = meta_name.strip() if isinstance(meta_name, str) and meta_name.strip() else name
    if isinstance(raw, dict) and isinstance(raw.get("as_of"), str):
        try:
            stated = datetime.fromisoformat(raw["as_of"].replace("Z", "+00:00"))
            when = stated if stated.tzinfo else stated.replace(tzinfo=UTC)
        except ValueError:
            pass
    return TrustFile(name, body, when, str(path))
