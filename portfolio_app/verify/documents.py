"""The document cache: the only place verification gets anything that lives on the web.

A *trust bundle* is a folder whose ``index.json`` maps each URL to a file beside it::

    {"documents": {"https://example.org/key1.json": {"file": "key1.json",
                                                     "fetched_at": "2026-11-01T10:00:00Z"}}}

(``fetched_at`` is optional; the file's mtime is used otherwise.)  The simple form
``{"https://example.org/key1.json": "key1.json", …}`` (URL to file name, nothing else) is
read as the same thing.  An entry may also record the
HTTP status the URL answered with, e.g. ``{"status": 410, "fetched_at": "…"}`` for an OB 2.0
hosted assertion the issuer has withdrawn ("410 Gone" means revoked); such an entry needs no
``file`` (its body is empty).  ``status`` defaults to 200.  Issuer profiles, OB 2.0 key
documents, hosted assertions, revocation lists, DID documents and status-list credentials all
come from here.  Verification never opens a socket; fetching is a separate, explicit step that
writes into a cache of this same shape.

**Trust files.**  The index may also list the files that say *whom* to trust, which are not
documents of any URL::

    {"documents": {…},
     "registries": [{"file": "dcc-registry.json", "name": "DCC Community Registry",
                     "fetched_at": "2026-11-01T10:00:00Z"}]}

(``name`` and ``fetched_at`` are optional: the file's own name / date and mtime stand in.)  Each
file is recognised by its content (see :mod:`.registry`):

* an **issuer registry** in the Digital Credentials Consortium format
  ``{"meta": {"updated": …}, "entries": {"<DID>": {"name": …, "url": …, "location": …}}}``,
* an **issuer registry** of our own ``{"name": …, "as_of": …, "issuers": {"<issuer id>":
  {"name": …, "url": …}}}``,
* a **sealing trust list** (Europass seals) ``{"name": …, "as_of": …, "seal_certificates":
  [{"sha256": "<hex SHA-256 of the certificate's DER>", "organisation": …}, {"ca_pem":
  "-----BEGIN CERTIFICATE-----…", "organisation": …}]}``; an entry may add ``"issuers":
  ["<issuer id>", …]`` to tie the certificate to those issuers only.

The order of ``registries`` is the order of authority: when two registries list an issuer, the
first one names it.

**JSON-LD contexts.**  A bundle may ship contexts the app does not bundle, so a career centre can
support a new credential type without a release; each is pinned by the SHA-256 of its file::

    {"documents": {…},
     "contexts": {"https://example.org/ctx/v1": {"file": "ctx-v1.jsonld", "sha256": "<hex>"}}}

A file whose SHA-256 differs from the pin, or an entry without a pin, is refused (the entry, not
the bundle), and the reason is kept so a credential that needs the context can say why it was
not used (see :func:`~portfolio_app.verify.contexts.loader_for`).  A bundle cannot replace a
context the app ships: those URLs are served from the app's own copies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from portfolio_app.errors import PortfolioError
from portfolio_app.fsutil import atomic_write

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class TrustBundleError(PortfolioError):
    """A trust bundle folder that cannot be read (missing index, bad JSON, missing file)."""


@dataclass(frozen=True)
class CachedDocument:
    url: str
    body: bytes
    fetched_at: datetime
    status: int = 200  # the HTTP status seen when it was fetched (410 = gone)


@dataclass(frozen=True)
class TrustFile:
    """One issuer registry or sealing trust list from a bundle's ``registries`` (see above)."""

    name: str
    body: bytes
    fetched_at: datetime
    file: str = ""  # the file name inside its bundle, for messages


@dataclass(frozen=True)
class BundleContext:
    """One ``contexts`` entry of a trust bundle: its body when it matches its pin, else why not."""

    url: str
    body: bytes | None
    sha256: str
    refused: str | None = None


class DocumentSource(Protocol):
    """Anything that can answer "what did this URL say, and when did we last see it?"."""

    def get(self, url: str) -> CachedDocument | None: ...


def trust_files_of(source: DocumentSource) -> tuple[TrustFile, ...]:
    """The registries and trust lists ``source`` holds (none for a source that cannot hold any).

    A plain :class:`DocumentSource` only answers URLs; the sources in this module also carry
    trust files through ``trust_files()``.
    """
    method = getattr(source, "trust_files", None)
    if method is None:
        return ()
    files = method()
    return tuple(f for f in files if isinstance(f, TrustFile))


def contexts_of(source: DocumentSource) -> tuple[BundleContext, ...]:
    """The JSON-LD contexts ``source`` ships (none for a source that cannot hold any)."""
    method = getattr(source, "contexts", None)
    if method is None:
        return ()
    return tuple(c for c in method() if isinstance(c, BundleContext))


class EmptySource:
    """No documents at all: everything that needs the web is 'could not check offline'."""

    def get(self, url: str) -> CachedDocument | None:
        return None

    def trust_files(self) -> tuple[TrustFile, ...]:
        return ()


class MemorySource:
    """Documents held in memory (tests, and what an online fetch just brought back)."""

    def __init__(
        self, documents: Iterable[CachedDocument] = (), trust: Iterable[TrustFile] = ()
    ) -> None:
        self._docs: dict[str, CachedDocument] = {d.url: d for d in documents}
        self._trust = tuple(trust)

    def trust_files(self) -> tuple[TrustFile, ...]:
        return self._trust

    def put(self, doc: CachedDocument) -> None:
        self._docs[doc.url] = doc

    def get(self, url: str) -> CachedDocument | None:
        return self._docs.get(url) or self._docs.get(_without_fragment(url))

    def __iter__(self) -> Iterator[CachedDocument]:
        return iter(list(self._docs.values()))


class ChainedSource:
    """Ask several sources in order (a one-off ``--docs`` bundle before the profile's cache)."""

    def __init__(self, sources: Iterable[DocumentSource]) -> None:
        self._sources = tuple(sources)

    def get(self, url: str) -> CachedDocument | None:
        for source in self._sources:
            found = source.get(url)
            if found is not None:
                return found
        return None

    def trust_files(self) -> tuple[TrustFile, ...]:
        """Every source's trust files, in source order (a one-off bundle first)."""
        return tuple(f for source in self._sources for f in trust_files_of(source))

    def contexts(self) -> tuple[BundleContext, ...]:
        """Every source's contexts; for a URL shipped twice, the first source's entry counts."""
        seen: set[str] = set()
        found: list[BundleContext] = []
        for source in self._sources:
            for entry in contexts_of(source):
                if entry.url not in seen:
                    seen.add(entry.url)
                    found.append(entry)
        return tuple(found)


class FolderSource:
    """A trust bundle folder (see module docstring). Files are read lazily and size-capped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index, self._trust_entries = _read_index(folder)
        self._trust: tuple[TrustFile, ...] | None = None
        self._context_entries = _context_entries(folder / "index.json")
        self._contexts: tuple[BundleContext, ...] | None = None

    def contexts(self) -> tuple[BundleContext, ...]:
        """The bundle's JSON-LD contexts, each checked against its pinned SHA-256 (first use)."""
        if self._contexts is None:
            self._contexts = tuple(self._read_context(*entry) for entry in self._context_entries)
        return self._contexts

    def _read_context(self, url: str, name: str | None, pin: str | None) -> BundleContext:
        where = f"trust bundle {self.folder}"
        if name is None:
            return BundleContext(url, None, "", f"the {where} lists it without a 'file'")
        if pin is None or not _is_sha256(pin):
            return BundleContext(
                url, None, "", f"the {where} does not pin {name} with a SHA-256 in its index"
            )
        try:
            body = self._read(self._inside(name), name)
        except TrustBundleError as exc:
            return BundleContext(url, None, pin, f"the {where}: {exc}")
        if hashlib.sha256(body).hexdigest() != pin.lower():
            return BundleContext(
                url,
                None,
                pin,
                f"{name} in the {where} does not match the SHA-256 pinned in its index, so it "
                "was refused",
            )
        return BundleContext(url, body, pin.lower())

    def trust_files(self) -> tuple[TrustFile, ...]:
        """The bundle's registries and trust lists, read on first use (size-capped)."""
        if self._trust is None:
            self._trust = tuple(self._read_trust(entry) for entry in self._trust_entries)
        return self._trust

    def _read_trust(self, entry: tuple[str, str | None, datetime | None]) -> TrustFile:
        name, label, fetched_at = entry
        path = self._inside(name)
        body = self._read(path, name)
        when = fetched_at or datetime.fromtimestamp(path.stat().st_mtime, UTC)
        return TrustFile(label or name, body, when, name)

    def _inside(self, name: str) -> Path:
        path = (self.folder / name).resolve()
        if self.folder.resolve() not in path.parents:
            raise TrustBundleError(f"{name}: a trust bundle entry points outside its folder")
        return path

    @staticmethod
    def _read(path: Path, name: str) -> bytes:
        try:
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                raise TrustBundleError(f"{name}: document larger than 5 MB")
            return path.read_bytes()
        except OSError as exc:
            raise TrustBundleError(f"{name}: cannot read ({exc.strerror})") from exc

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(self._index)

    def get(self, url: str) -> CachedDocument | None:
        entry = self._index.get(url) or self._index.get(_without_fragment(url))
        if entry is None:
            return None
        name, fetched_at, status = entry
        if name is None:
            return CachedDocument(url, b"", fetched_at or datetime.fromtimestamp(0, UTC), status)
        path = self._inside(name)
        body = self._read(path, name)
        if fetched_at is None:
            fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        return CachedDocument(url, body, fetched_at, status)


_Index = dict[str, tuple[str | None, datetime | None, int]]
_TrustEntry = tuple[str, str | None, datetime | None]  # file, name, fetched_at


def _read_index(folder: Path) -> tuple[_Index, tuple[_TrustEntry, ...]]:
    index_path = folder / "index.json"
    try:
        raw = json.loads(index_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TrustBundleError(f"{folder}: no index.json in this trust bundle") from exc
    except (OSError, ValueError) as exc:
        raise TrustBundleError(f"{index_path}: not a readable JSON index ({exc})") from exc
    if _is_simple_index(raw):
        raw = {"documents": raw}
    docs = raw.get("documents") if isinstance(raw, Mapping) else None
    if not isinstance(docs, Mapping):
        raise TrustBundleError(
            f"{index_path}: expected an object with a 'documents' map "
            '(or the simple form {"https://…": "file.json", …})'
        )
    index: dict[str, tuple[str | None, datetime | None, int]] = {}
    for url, entry in docs.items():
        if isinstance(entry, str):
            index[str(url)] = (entry, None, 200)
        elif isinstance(entry, Mapping) and (
            isinstance(entry.get("file"), str) or _bodyless_status(entry.get("status"))
        ):
            stamp = entry.get("fetched_at")
            status = entry.get("status", 200)
            file_name = entry.get("file") if isinstance(entry.get("file"), str) else None
            index[str(url)] = (
                file_name,
                _parse_time(stamp) if stamp else None,
                status if isinstance(status, int) and not isinstance(status, bool) else 200,
            )
        else:
            raise TrustBundleError(f"{index_path}: entry for {url} has no 'file'")
    return index, _trust_entries(raw.get("registries", []), index_path)


def _is_simple_index(raw: object) -> bool:
    """The simple index form ``{"https://example.org/key1.json": "key1.json", …}``: every key
    a URL or DID, every value a file name.  People write bundles by hand; this is the form
    they reach for first."""
    return (
        isinstance(raw, Mapping)
        and bool(raw)
        and "documents" not in raw
        and all(
            isinstance(url, str)
            and url.startswith(("https://", "http://", "did:"))
            and isinstance(name, str)
            for url, name in raw.items()
        )
    )


def _trust_entries(raw: object, index_path: Path) -> tuple[_TrustEntry, ...]:
    if not isinstance(raw, list):
        raise TrustBundleError(f"{index_path}: 'registries' must be a list of entries")
    entries: list[_TrustEntry] = []
    for item in raw:
        if isinstance(item, str):
            entries.append((item, None, None))
        elif isinstance(item, Mapping) and isinstance(item.get("file"), str):
            label = item.get("name")
            entries.append(
                (
                    str(item["file"]),
                    label if isinstance(label, str) and label.strip() else None,
                    _parse_time(item.get("fetched_at")),
                )
            )
        else:
            raise TrustBundleError(f"{index_path}: a 'registries' entry has no 'file'")
    return tuple(entries)


def _context_entries(index_path: Path) -> tuple[tuple[str, str | None, str | None], ...]:
    """(url, file, sha256) of each ``contexts`` entry; a bad entry is kept, to be refused."""
    try:
        raw = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()  # _read_index already refused an unreadable index
    contexts = raw.get("contexts", {}) if isinstance(raw, Mapping) else {}
    if not isinstance(contexts, Mapping):
        raise TrustBundleError(f"{index_path}: 'contexts' must map each URL to its file")
    entries: list[tuple[str, str | None, str | None]] = []
    for url, entry in contexts.items():
        file_name = entry.get("file") if isinstance(entry, Mapping) else None
        pin = entry.get("sha256") if isinstance(entry, Mapping) else None
        entries.append(
            (
                str(url),
                file_name if isinstance(file_name, str) else None,
                pin if isinstance(pin, str) else None,
            )
        )
    return tuple(entries)


def _is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdefABCDEF" for c in value)


def _bodyless_status(value: object) -> bool:
    """An HTTP status other than 200 may be recorded without a body (e.g. 410 Gone)."""
    return isinstance(value, int) and not isinstance(value, bool) and value != 200


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def add_trust_files(folder: Path, files: Iterable[TrustFile]) -> tuple[int, int]:
    """Copy trust files into the cache ``folder`` (its index must exist); (added, replaced).

    A file is identified by its ``name``: a newer copy of a registry the cache holds replaces
    it in place (its position, hence its authority, is kept); an older or equal one is ignored.
    New registries come after the ones already held.
    """
    index_path = folder / "index.json"
    try:
        raw = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TrustBundleError(f"{index_path}: not a readable JSON index ({exc})") from exc
    if not isinstance(raw, dict):
        raise TrustBundleError(f"{index_path}: expected an object with a 'documents' map")
    held = raw.get("registries", [])
    entries: list[dict[str, str]] = [dict(e) for e in held if isinstance(e, Mapping)]
    added = replaced = 0
    for item in files:
        stamp = item.fetched_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        name = "registry-" + hashlib.sha256(item.name.encode("utf-8")).hexdigest()[:24] + ".json"
        entry = {"file": name, "name": item.name, "fetched_at": stamp}
        position = next((i for i, e in enumerate(entries) if e.get("name") == item.name), None)
        if position is not None:
            when = _parse_time(entries[position].get("fetched_at"))
            if when is not None and when >= item.fetched_at:
                continue
        atomic_write(folder / name, item.body)
        if position is None:
            entries.append(entry)
            added += 1
        else:
            entries[position] = entry
            replaced += 1
    raw["registries"] = entries
    atomic_write(index_path, json.dumps(raw, indent=2, sort_keys=True).encode("utf-8"))
    return added, replaced
