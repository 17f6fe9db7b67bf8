"""The frozen JSON-LD context store: the only place pyld gets a context from.

Contexts live in ``resources/contexts/`` with an ``index.json``::

    {"version": 1,
     "contexts": {"https://…": {"file": "x.jsonld", "sha256": "…"}},
     "variants": {"https://…": [{"name": "dcc-npm-3.0.0", "file": "…", "sha256": "…"}]}}

Every file's SHA-256 is checked when it is first read.  Nothing is ever fetched: a URL that is
not in the store raises :class:`UnknownContextError` naming the URL (the credential is then
reported as malformed, not the program as crashed).

*Variants* are older contents that were once served under the same URL (the OB 3.0.3 context
was edited in place several times).  A :class:`ContextLoader` can be derived with one URL
pinned to a variant, so a signature that fails with the current content can be retried with
each older one (see :mod:`portfolio_app.verify.dataintegrity`).

Tests inject extra contexts with :meth:`ContextLoader.with_extra`.

**Contexts from trust bundles.**  :func:`loader_for` adds the contexts a
:class:`~portfolio_app.verify.documents.DocumentSource` ships (each already checked against the
SHA-256 pinned in its bundle's index) to a loader, so a career centre can support a new
credential type without a release.  A bundle never replaces a context the app ships, and a
refused entry (hash mismatch, no pin, not a JSON object) makes the credential that needs it say
why, instead of only "not one this app knows".  Reading a credential (the parser takes every
shown value from its signed graph) needs the same contexts as checking it:
:func:`reading_contexts` makes them the default for the parsing done inside a block (an import,
a ``verify`` of files, a reverify), so what is shown and what is checked come from one graph.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from portfolio_app.errors import PortfolioError
from portfolio_app.paths import resource_path
from portfolio_app.verify.documents import DocumentSource, contexts_of

INDEX_NAME = "index.json"


class ContextStoreError(PortfolioError):
    """The bundled context store itself is damaged (missing file, hash mismatch)."""


class UnknownContextError(PortfolioError):
    """A credential names a JSON-LD context we do not hold (and will not fetch)."""

    def __init__(self, url: str, refused: str | None = None) -> None:
        if refused:
            message = (
                f"the JSON-LD context {url} cannot be used: {refused}, so the credential "
                "cannot be read offline"
            )
        else:
            message = (
                f"the JSON-LD context {url} is not one this app knows, so the credential "
                "cannot be read offline"
            )
        super().__init__(message)
        self.url = url


@dataclass(frozen=True)
class ContextVariant:
    url: str
    name: str


class _Store:
    """Lazily read, hash-checked context files of one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            raw = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ContextStoreError(f"{folder}: context index unreadable ({exc})") from exc
        self.entries: dict[str, tuple[str, str]] = {
            url: (e["file"], e["sha256"]) for url, e in raw.get("contexts", {}).items()
        }
        self.variants: dict[str, dict[str, tuple[str, str]]] = {
            url: {v["name"]: (v["file"], v["sha256"]) for v in lst}
            for url, lst in raw.get("variants", {}).items()
        }
        self._parsed: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def read(self, file: str, sha256: str) -> dict[str, Any]:
        with self._lock:
            cached = self._parsed.get(file)
            if cached is not None:
                return cached
            path = self.folder / file
            try:
                body = path.read_bytes()
            except OSError as exc:
                raise ContextStoreError(f"{file}: bundled context missing ({exc})") from exc
            if hashlib.sha256(body).hexdigest() != sha256:
                raise ContextStoreError(f"{file}: bundled context does not match its SHA-256")
            parsed = json.loads(body)
            if not isinstance(parsed, dict):
                raise ContextStoreError(f"{file}: a context document must be a JSON object")
            self._parsed[file] = parsed
            return parsed


@lru_cache(maxsize=1)
def _bundled_store() -> _Store:
    return _Store(resource_path("contexts"))


class ContextLoader:
    """A pyld document loader serving only bundled (plus explicitly injected) contexts.

    Instances are immutable and cheap; derive new ones with :meth:`with_extra` and
    :meth:`with_variant`.  Each distinct loader keeps its own processed-context cache (pyld's
    shared cache is keyed by URL, which would mix variants).
    """

    def __init__(
        self,
        *,
        extra: Mapping[str, Mapping[str, Any]] | None = None,
        pinned: Mapping[str, str] | None = None,
        store: _Store | None = None,
        refused: Mapping[str, str] | None = None,
    ) -> None:
        self._store = store or _bundled_store()
        self._refused: dict[str, str] = dict(refused or {})
        self._extra: dict[str, dict[str, Any]] = {
            url: json.loads(json.dumps(doc)) for url, doc in (extra or {}).items()
        }
        self._pinned: dict[str, str] = dict(pinned or {})
        for url, name in self._pinned.items():
            if name not in self._store.variants.get(url, {}):
                raise ContextStoreError(f"no context variant {name!r} for {url}")
        self.resolved_cache: dict[str, Any] = {}  # pyld ContextResolver shared cache
        self.served_objects: dict[int, Any] = {}  # id → object of every served context dict
        self.resolved_by_identity: dict[int, Any] = {}

    @classmethod
    def bundled(cls) -> ContextLoader:
        """The app's loader (one shared instance, so processed contexts stay cached)."""
        return _default_loader()

    @property
    def key(self) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """Identifies what this loader serves (for caches keyed by context content)."""
        return (tuple(sorted(self._extra)), tuple(sorted(self._pinned.items())))

    @property
    def pinned(self) -> Mapping[str, str]:
        return dict(self._pinned)

    def with_extra(self, extra: Mapping[str, Mapping[str, Any]]) -> ContextLoader:
        """A loader that also serves ``extra`` (URL → parsed context document)."""
        merged = {**self._extra, **extra}
        return ContextLoader(
            extra=merged, pinned=self._pinned, store=self._store, refused=self._refused
        )

    def with_variant(self, url: str, name: str) -> ContextLoader:
        """A loader that serves variant ``name`` for ``url`` instead of the current content."""
        return ContextLoader(
            extra=self._extra,
            pinned={**self._pinned, url: name},
            store=self._store,
            refused=self._refused,
        )

    def with_refused(self, refused: Mapping[str, str]) -> ContextLoader:
        """A loader that names why each of ``refused`` (URL → reason) is not served."""
        return ContextLoader(
            extra=self._extra,
            pinned=self._pinned,
            store=self._store,
            refused={**self._refused, **refused},
        )

    def knows(self, url: str) -> bool:
        return url in self._extra or url in self._store.entries

    def variants_for(self, urls: Iterable[str]) -> list[ContextVariant]:
        """Known older variants of the given context URLs, in index order."""
        found: list[ContextVariant] = []
        for url in urls:
            for name in self._store.variants.get(url, {}):
                found.append(ContextVariant(url, name))
        return found

    def document(self, url: str) -> dict[str, Any]:
        """The parsed context document for ``url`` or :class:`UnknownContextError`."""
        if url in self._extra:
            return self._extra[url]
        pinned = self._pinned.get(url)
        if pinned is not None:
            return self._store.read(*self._store.variants[url][pinned])
        entry = self._store.entries.get(url)
        if entry is None:
            raise UnknownContextError(url, self._refused.get(url))
        return self._store.read(*entry)

    def __call__(self, url: str, options: Any = None) -> dict[str, Any]:
        """pyld document-loader protocol: a RemoteDocument dict.

        The document is a private deep copy (pyld may rewrite it in place); every JSON object
        in it is registered in :attr:`served_objects` so the context resolver can recognise
        the (immutable) scoped contexts by identity.  ``tag: static`` lets pyld keep the
        processed context in this loader's cache.
        """
        document = json.loads(json.dumps(self.document(url)))
        stack: list[Any] = [document]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                self.served_objects[id(item)] = item
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
            "tag": "static",
        }


@lru_cache(maxsize=1)
def _default_loader() -> ContextLoader:
    return ContextLoader()


_FOR_SOURCE: dict[tuple[int, tuple[tuple[str, str, str], ...]], ContextLoader] = {}
_FOR_SOURCE_LOCK = threading.Lock()


def loader_for(source: DocumentSource, base: ContextLoader | None = None) -> ContextLoader:
    """``base`` (the bundled loader) plus the contexts ``source``'s trust bundles ship.

    Memoised by content (URL and SHA-256 of each context), so the processed contexts and the
    fast canonicalizer's shapes stay cached from one credential to the next.  With no bundle
    contexts this is ``base`` itself.
    """
    base = base or ContextLoader.bundled()
    entries = contexts_of(source)
    if not entries:
        return base
    extra: dict[str, dict[str, Any]] = {}
    refused: dict[str, str] = {}
    for entry in entries:
        if base.knows(entry.url):
            continue  # the app's own copy wins; a bundle cannot change what it means
        if entry.body is None:
            refused[entry.url] = entry.refused or "its trust bundle entry was refused"
            continue
        try:
            parsed = json.loads(entry.body)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("@context"), dict | list):
            refused[entry.url] = "the file its trust bundle ships is not a JSON-LD context"
            continue
        extra[entry.url] = parsed
    if not extra and not refused:
        return base
    key = (
        id(base),
        tuple(sorted((e.url, e.sha256, e.refused or "") for e in entries)),
    )
    with _FOR_SOURCE_LOCK:
        found = _FOR_SOURCE.get(key)
        if found is None:
            if len(_FOR_SOURCE) > 32:
                _FOR_SOURCE.clear()
            found = base.with_extra(extra).with_refused(refused)
            _FOR_SOURCE[key] = found
    return found


_READING: ContextVar[ContextLoader | None] = ContextVar("reading_loader", default=None)


@contextmanager
def reading_contexts(source: DocumentSource) -> Iterator[ContextLoader]:
    """Within the block, credentials are read with the contexts ``source``'s bundles ship.

    The parser has no document source of its own (formats/ knows nothing of trust bundles), so
    the service that holds one sets it for the parsing it does; a context variable keeps it to
    this thread (the window imports on a worker thread).
    """
    loader = loader_for(source)
    token = _READING.set(loader)
    try:
        yield loader
    finally:
        _READING.reset(token)


def reading_loader() -> ContextLoader:
    """The loader a credential is read with: the one :func:`reading_contexts` set, or the
    app's own."""
    return _READING.get() or ContextLoader.bundled()


def bundled_context_urls() -> tuple[str, ...]:
    """Every context URL the app can serve (for docs and tests)."""
    return tuple(_bundled_store().entries)
