"""What the profile's trust store holds, where each item came from, and removing it.

Everything verification trusts arrives through one mechanism: trust bundles copied into the
profile's document cache (``portfolio trust import``) or documents fetched on request
(``--online``).  The cache index says *what* and *as of when*; which bundle brought an item
is recorded beside it in ``provenance.json`` (written at import), so a learner or a career
centre can see "this DID document came from the career-centre bundle on 1 Nov" and remove a
bundle it no longer trusts.  An item's kind is read from its content, not its name.

**Contexts.**  A bundle's JSON-LD contexts (pinned by SHA-256 in its index, see
:mod:`portfolio_app.verify.documents`) are copied into the cache's own ``contexts`` map with
their pins, so every later import, verify and reverify (CLI and window alike: both read the
profile's cache) can use them.  A bundle holding a context that fails its pin, or that is not
a JSON-LD context, is refused whole before anything is written: a career centre's bundle is
one decision, and half of it is not what it vouched for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portfolio_app.errors import PortfolioError
from portfolio_app.fsutil import atomic_write
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.documents import BundleContext, FolderSource

PROVENANCE = "provenance.json"
FETCHED = "fetched online"
UNKNOWN = "unknown (imported before provenance was recorded)"

_STATUS_LIST_TYPES = {
    "StatusList2021Credential",
    "BitstringStatusListCredential",
    "RevocationList",
    "1EdTechRevocationList",
}
_KEY_TYPES = {"CryptographicKey", "Multikey", "JsonWebKey", "JsonWebKey2020"}
_KEY_TYPES |= {"Ed25519VerificationKey2020", "Ed25519VerificationKey2018"}


@dataclass(frozen=True)
class TrustItem:
    """One thing the trust store holds: a document by URL, or a registry / trust list."""

    ref: str  # the URL, or the registry's name
    kind: str  # DID document, issuer profile, key, status list, registry, trust list, context…
    bundle: str
    as_of: datetime | None
    http_status: int = 200
    #: Read from the machine's site folder (``services/machine.py``), not the profile.
    machine: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "bundle": self.bundle,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "http_status": self.http_status,
            "from_machine": self.machine,
        }


def _types(value: Any) -> set[str]:
    raw = value.get("type") if isinstance(value, Mapping) else None
    items = raw if isinstance(raw, list) else [raw]
    return {t for t in items if isinstance(t, str)}


def kind_of_document(body: bytes, status: int = 200) -> str:
    """What a cached document is, from its content (the user sees this word)."""
    if status == 410:
        return "withdrawn (HTTP 410)"
    if status != 200:
        return f"HTTP {status}"
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "document (not JSON)"
    if not isinstance(doc, Mapping):
        return "document"
    types = _types(doc)
    subject = doc.get("credentialSubject")
    if types & _STATUS_LIST_TYPES or _types(subject) & {"StatusList2021", "BitstringStatusList"}:
        return "status list"
    if str(doc.get("id", "")).startswith("did:") and (
        "verificationMethod" in doc or "assertionMethod" in doc
    ):
        return "DID document"
    if types & _KEY_TYPES or "publicKeyPem" in doc or "publicKeyMultibase" in doc:
        return "key"
    if types & {"Profile", "Issuer"}:
        return "issuer profile"
    if "Assertion" in types:
        return "hosted assertion"
    if "BadgeClass" in types:
        return "badge class"
    if "VerifiableCredential" in types:
        return "credential"
    if set(doc) == {"@context"}:
        return "context"
    return "document"


def _kind_of_trust_file(body: bytes) -> str:
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "registry"
    if isinstance(doc, Mapping) and "seal_certificates" in doc:
        return "trust list"
    return "registry"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise PortfolioError(f"{path}: the trust store's index cannot be read ({exc})") from exc
    return raw if isinstance(raw, dict) else {}


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def bundle_contexts(source: FolderSource) -> tuple[BundleContext, ...]:
    """The contexts a bundle adds, each matching its pin; any other entry refuses the bundle.

    A context the app ships itself is left out (the app's copy always wins, see
    :func:`portfolio_app.verify.contexts.loader_for`), so it is neither stored nor counted.
    """
    bundled = ContextLoader.bundled()
    found: list[BundleContext] = []
    for entry in source.contexts():
        if bundled.knows(entry.url):
            continue
        reason = entry.refused
        if reason is None and not _is_context(entry.body):
            reason = "the file it ships is not a JSON-LD context (a JSON object with '@context')"
        if reason is not None or entry.body is None:
            raise PortfolioError(
                f"trust bundle {source.folder} not imported (nothing was changed): its context "
                f"{entry.url} was refused: {reason}; ask whoever made the bundle for a "
                "corrected one"
            )
        found.append(entry)
    return tuple(found)


def _is_context(body: bytes | None) -> bool:
    try:
        parsed = json.loads(body or b"")
    except ValueError:
        return False
    return isinstance(parsed, Mapping) and isinstance(parsed.get("@context"), dict | list)


def add_contexts(
    folder: Path, contexts: Iterable[BundleContext], when: datetime
) -> tuple[int, int]:
    """Copy pinned contexts into the cache ``folder``'s index; (added, replaced).

    The same URL with the same pin is unchanged; with another pin the newly imported bundle
    wins (the learner just chose to trust it), and the old file goes when nothing uses it.
    """
    index_path = folder / "index.json"
    raw = _read_json(index_path)
    held = raw.get("contexts", {})
    entries: dict[str, Any] = dict(held) if isinstance(held, Mapping) else {}
    added = replaced = 0
    stamp = when.astimezone(UTC).isoformat().replace("+00:00", "Z")
    for context in contexts:
        old = entries.get(context.url)
        if isinstance(old, Mapping) and old.get("sha256") == context.sha256:
            continue
        name = f"context-{context.sha256[:32]}.jsonld"
        atomic_write(folder / name, context.body or b"")
        entries[context.url] = {"file": name, "sha256": context.sha256, "fetched_at": stamp}
        if old is None:
            added += 1
        else:
            replaced += 1
    if added or replaced:
        raw["contexts"] = entries
        atomic_write(index_path, json.dumps(raw, indent=2, sort_keys=True).encode("utf-8"))
        _drop_unused_context_files(folder, entries)
    return added, replaced


def _drop_unused_context_files(folder: Path, entries: Mapping[str, Any]) -> None:
    used = {e.get("file") for e in entries.values() if isinstance(e, Mapping)}
    for path in folder.glob("context-*.jsonld"):
        if path.name not in used:
            path.unlink(missing_ok=True)


def record_provenance(
    folder: Path,
    bundle: Path,
    urls: Iterable[str],
    registry_names: Iterable[str],
    context_urls: Iterable[str] = (),
) -> None:
    """Note that ``bundle`` brought these documents, registries and contexts (at import)."""
    path = folder / PROVENANCE
    raw = _read_json(path)
    docs = dict(raw.get("documents", {}))
    registries = dict(raw.get("registries", {}))
    contexts = dict(raw.get("contexts", {}))
    entry = {"bundle": bundle.name or str(bundle), "bundle_path": str(bundle.resolve())}
    for url in urls:
        docs[url] = entry
    for name in registry_names:
        registries[name] = entry
    for url in context_urls:
        contexts[url] = entry
    sections = {"documents": docs, "registries": registries, "contexts": contexts}
    atomic_write(path, json.dumps(sections, indent=2, sort_keys=True).encode("utf-8"))


def _bundle_of(provenance: Mapping[str, Any], section: str, ref: str) -> str:
    entry = provenance.get(section, {}).get(ref)
    if isinstance(entry, Mapping) and isinstance(entry.get("bundle"), str):
        return str(entry["bundle"])
    return FETCHED if section == "documents" else UNKNOWN


def list_trust(folder: Path) -> list[TrustItem]:
    """Every document and registry the profile's trust store holds, sorted by kind and ref."""
    index = _read_json(folder / "index.json")
    provenance = _read_json(folder / PROVENANCE)
    items: list[TrustItem] = []
    for url, entry in sorted(dict(index.get("documents", {})).items()):
        if not isinstance(entry, Mapping):
            continue
        status = entry.get("status", 200)
        status = status if isinstance(status, int) else 200
        body = b""
        if isinstance(entry.get("file"), str):
            try:
                body = (folder / entry["file"]).read_bytes()
            except OSError:
                body = b""
        items.append(
            TrustItem(
                url,
                kind_of_document(body, status),
                _bundle_of(provenance, "documents", url),
                _time(entry.get("fetched_at")),
                status,
            )
        )
    for entry in index.get("registries", []):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            continue
        try:
            body = (folder / str(entry.get("file", ""))).read_bytes()
        except OSError:
            body = b""
        items.append(
            TrustItem(
                entry["name"],
                _kind_of_trust_file(body),
                _bundle_of(provenance, "registries", entry["name"]),
                _time(entry.get("fetched_at")),
            )
        )
    contexts = index.get("contexts", {})
    for url, entry in sorted(dict(contexts if isinstance(contexts, Mapping) else {}).items()):
        if isinstance(entry, Mapping):
            items.append(
                TrustItem(
                    url,
                    "context",
                    _bundle_of(provenance, "contexts", url),
                    _time(entry.get("fetched_at")),
                )
            )
    return sorted(items, key=lambda i: (i.kind, i.ref))


def _matches(provenance: Mapping[str, Any], section: str, ref: str, target: str) -> bool:
    if ref == target:
        return True
    entry = provenance.get(section, {}).get(ref)
    if not isinstance(entry, Mapping):
        return False
    wanted = {target, str(Path(target).expanduser().resolve()) if target else target}
    return entry.get("bundle") in wanted or entry.get("bundle_path") in wanted


def remove_trust(folder: Path, target: str) -> list[str]:
    """Remove the document with URL ``target``, the registry or context named ``target``, or
    everything a bundle of that name (or path) brought; returns what was removed.  Nothing
    matching is an error, so a typo is not mistaken for success."""
    index_path = folder / "index.json"
    index = _read_json(index_path)
    provenance = _read_json(folder / PROVENANCE)
    documents = dict(index.get("documents", {}))
    registries = [e for e in index.get("registries", []) if isinstance(e, Mapping)]
    held = index.get("contexts", {})
    contexts: dict[str, Any] = dict(held) if isinstance(held, Mapping) else {}
    gone_docs = [u for u in documents if _matches(provenance, "documents", u, target)]
    gone_regs = [
        e for e in registries if _matches(provenance, "registries", str(e.get("name")), target)
    ]
    gone_ctx = [u for u in contexts if _matches(provenance, "contexts", u, target)]
    if not gone_docs and not gone_regs and not gone_ctx:
        raise PortfolioError(
            f"nothing in this profile's trust store is {target!r} (no such URL, registry or "
            "bundle; see 'portfolio trust list'; what is from this machine is managed by its "
            "administrator)"
        )
    files = [documents[u].get("file") for u in gone_docs if isinstance(documents[u], Mapping)]
    files += [e.get("file") for e in gone_regs]
    for url in gone_docs:
        del documents[url]
    for url in gone_ctx:
        del contexts[url]
    kept_regs = [e for e in registries if e not in gone_regs]
    new_index = {**index, "documents": documents, "registries": kept_regs}
    if contexts or "contexts" in index:
        new_index["contexts"] = contexts
    atomic_write(index_path, json.dumps(new_index, indent=2, sort_keys=True).encode("utf-8"))
    still_used = {e.get("file") for e in documents.values() if isinstance(e, Mapping)}
    still_used |= {e.get("file") for e in kept_regs}
    for name in files:
        if isinstance(name, str) and name and name not in still_used:
            (folder / name).unlink(missing_ok=True)
    _drop_unused_context_files(folder, contexts)
    prov_docs = {k: v for k, v in provenance.get("documents", {}).items() if k in documents}
    kept_names = {e.get("name") for e in kept_regs}
    prov_regs = {k: v for k, v in provenance.get("registries", {}).items() if k in kept_names}
    prov_ctx = {k: v for k, v in provenance.get("contexts", {}).items() if k in contexts}
    sections = {"documents": prov_docs, "registries": prov_regs, "contexts": prov_ctx}
    body = json.dumps(sections, indent=2, sort_keys=True)
    atomic_write(folder / PROVENANCE, body.encode("utf-8"))
    return [*gone_docs, *(str(e.get("name")) for e in gone_regs), *gone_ctx]
