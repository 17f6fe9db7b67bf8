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
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from portfolio_app.errors import PortfolioError
from portfolio_app.paths import resource_path

INDEX_NAME = "index.json"


class ContextStoreError(PortfolioError):
    """The bundled context store itself is damaged (missing file, hash mismatch)."""


class UnknownContextError(PortfolioError):
    """A credential names a JSON-LD context we do not hold (and will not fetch)."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"the JSON-LD context {url} is not one this app knows, so the credential "
            "cannot be read offline"
        )
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
    ) -> None:
        self._store = store or _bundled_store()
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
        return ContextLoader(extra=merged, pinned=self._pinned, store=self._store)

    def with_variant(self, url: str, name: str) -> ContextLoader:
        """A loader that serves variant ``name`` for ``url`` instead of the current content."""
        return ContextLoader(
            extra=self._extra, pinned={**self._pinned, url: name}, store=self._store
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
            raise UnknownContextError(url)
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


def bundled_context_urls() -> tuple[str, ...]:
    """Every context URL the app can serve (for docs and tests)."""
    return tuple(_bundled_store().entries)
