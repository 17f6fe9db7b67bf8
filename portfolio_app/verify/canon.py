"""RDF Dataset Canonicalization (URDNA2015 ≡ RDFC-1.0 for what we accept) with pyld, in "safe mode".

pyld's defaults are wrong for signatures in four ways, and this module is the one place that
corrects them:

* ``jsonld.normalize`` defaults to URGNA2012: we always run URDNA2015;
* it silently drops properties no context defines, so unsigned data could ride along: we raise
  (``term 'x' is not defined by any context, so it would not be signed``);
* it resolves relative IRIs against ``http://example.org/base/`` where jsonld.js drops them:
  we resolve them against a reserved sentinel base and refuse the document if any appears;
* its N-Quads escaping differs from RDFC-1.0 for C0 control characters other than tab, LF and CR
  (and DEL): we refuse strings that contain them.

Hostile input is refused *before* pyld sees it (size, nesting depth, number of objects), and the
blank-node count is capped before the (potentially expensive) canonicalization step.  Processed
contexts are cached per :class:`ContextLoader`.

Errors are :class:`CanonicalizationError` with ``kind`` ``"malformed"`` (the credential cannot be
read as signed data) or ``"unknown_context"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

from portfolio_app.errors import PortfolioError
from portfolio_app.verify.contexts import ContextLoader, UnknownContextError

MAX_DOCUMENT_BYTES = 1_000_000  # approximate serialized size
MAX_DEPTH = 64
MAX_OBJECTS = 20_000  # JSON objects + arrays in one document
MAX_BLANK_NODES = 2_000
MAX_CACHED_CONTEXTS = 512

# RFC 2606 reserves ".invalid": no real credential uses it, so an IRI under it can only be a
# relative IRI that pyld resolved against our base.
SENTINEL_BASE = "https://relative-iri.invalid/"

_ALLOWED_CONTROL = {"\t", "\n", "\r"}
_FORBIDDEN_CHARS = frozenset(chr(c) for c in range(0x20) if chr(c) not in _ALLOWED_CONTROL) | {
    "\x7f"
}


class CanonicalizationError(PortfolioError):
    """The document cannot be canonicalized safely. ``reason`` is one sentence."""

    def __init__(self, reason: str, *, kind: str = "malformed", url: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.url = url


class WorkLimitExceeded(CanonicalizationError):
    """Checking this document would take more work than any real credential needs.

    Raised by the work limits (blank-node hashing, time budget) so that callers which retry a
    canonicalization (context variants, proof sets) stop at once instead of paying again:
    catch :class:`CanonicalizationError` to refuse the document, but never *retry* after this.
    The verdict is ``malformed`` with "too complex to check: …".
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"too complex to check: {reason}")


class _DroppedTermError(Exception):
    def __init__(self, term: str | None) -> None:
        super().__init__(term)
        self.term = term


def _raise_dropped(expanded_property: str | None) -> None:
    raise _DroppedTermError(expanded_property)


class _BoundedCache(dict[str, Any]):
    """pyld's shared resolved-context cache, cleared when it grows past a bound."""

    def __setitem__(self, key: str, value: Any) -> None:
        if len(self) >= MAX_CACHED_CONTEXTS:
            self.clear()
        super().__setitem__(key, value)


def preflight(doc: Any, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> None:
    """Refuse hostile or unrepresentable JSON before any recursive code touches it.

    Iterative (no recursion), so a 10,000-deep document is refused in microseconds.
    """
    if not isinstance(doc, Mapping):
        raise CanonicalizationError("a credential must be a JSON object")
    size = 0
    containers = 0
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            containers += 1
            if depth > MAX_DEPTH:
                raise CanonicalizationError(
                    f"the document is nested more than {MAX_DEPTH} levels deep"
                )
            for key, item in value.items():
                if not isinstance(key, str):
                    raise CanonicalizationError("a JSON object key must be a string")
                _check_string(key)
                size += len(key) + 4
                stack.append((item, depth + 1))
        elif isinstance(value, list | tuple):
            containers += 1
            if depth > MAX_DEPTH:
                raise CanonicalizationError(
                    f"the document is nested more than {MAX_DEPTH} levels deep"
                )
            size += 2
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_string(value)
            size += len(value.encode("utf-8", "surrogatepass")) + 3
        elif value is None or isinstance(value, bool | int):
            size += 6
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise CanonicalizationError("the document contains a non-finite number")
            size += 12
        else:
            raise CanonicalizationError(f"unexpected value of type {type(value).__name__}")
        if size > max_bytes:
            raise CanonicalizationError(
                f"the document is larger than {max_bytes // 1000} kB, the most we verify"
            )
        if containers > MAX_OBJECTS:
            raise CanonicalizationError(
                f"the document has more than {MAX_OBJECTS} JSON objects and arrays"
            )


def _check_string(text: str) -> None:
    if not _FORBIDDEN_CHARS.isdisjoint(text):
        bad = next(c for c in text if c in _FORBIDDEN_CHARS)
        raise CanonicalizationError(
            f"a text value contains the control character U+{ord(bad):04X}, which canonical "
            "N-Quads implementations encode differently"
        )
    # Lone surrogates cannot be encoded as UTF-8 at all.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CanonicalizationError("a text value is not valid Unicode") from exc


class _StoreAwareResolver(ContextResolver):  # type: ignore[misc]
    """pyld's resolver, plus a by-identity cache for scoped contexts from our own store.

    pyld keys object contexts by their JCS serialization, recomputed on every use (about half
    the time of verifying an OB 3.0 credential).  Objects that came out of the context store
    are never mutated, so they can be recognised by identity; the registry holds a strong
    reference, so an id cannot be reused while it is cached.  Contexts inside documents are
    not in the registry and take pyld's normal path.
    """

    def __init__(self, cache: Any, loader: ContextLoader) -> None:
        super().__init__(cache, loader)
        self._served = loader.served_objects
        self._by_identity: dict[int, Any] = loader.resolved_by_identity

    def resolve(self, active_ctx: Any, context: Any, base: Any, cycles: Any = None) -> Any:
        key = id(context)
        if self._served.get(key) is context:
            found = self._by_identity.get(key)
            if found is not None:
                return found
            resolved = super().resolve(active_ctx, context, base, cycles)
            self._by_identity[key] = resolved
            return resolved
        return super().resolve(active_ctx, context, base, cycles)


def _resolver(loader: ContextLoader) -> ContextResolver:
    cache = loader.resolved_cache
    if not isinstance(cache, _BoundedCache):
        cache = _BoundedCache(cache)
        loader.resolved_cache = cache
        loader.served_objects.clear()
        loader.resolved_by_identity.clear()
    return _StoreAwareResolver(cache, loader)


def to_dataset(
    doc: Mapping[str, Any], loader: ContextLoader, *, check: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """JSON-LD → RDF dataset (pyld's dict form), in safe mode. Assumes :func:`preflight` ran.

    ``check=False`` skips only the relative-IRI and blank-node-count checks on the result (the
    fast path's learning step needs to see where relative values land); never sign or verify
    such a dataset.
    """
    processor = jsonld.JsonLdProcessor(on_property_dropped=_raise_dropped)
    options: dict[str, Any] = {
        "base": SENTINEL_BASE,
        "documentLoader": loader,
        "contextResolver": _resolver(loader),
        "produceGeneralizedRdf": False,
        "processingMode": "json-ld-1.1",
        "extractAllScripts": True,
    }
    try:
        dataset: dict[str, list[dict[str, Any]]] = processor.to_rdf(dict(doc), options)
    except _DroppedTermError as exc:
        raise _dropped(exc) from None
    except jsonld.JsonLdError as exc:
        raise _explain(exc) from None
    except RecursionError:
        raise CanonicalizationError("the document is nested too deeply") from None
    if check:
        _check_dataset(dataset)
    return dataset


def canonicalize(doc: Mapping[str, Any], loader: ContextLoader | None = None) -> str:
    """Canonical N-Quads (URDNA2015, UTF-8 text with a final newline) of a JSON-LD document."""
    preflight(doc)
    dataset = to_dataset(doc, loader or ContextLoader.bundled())
    return canonicalize_dataset(dataset)


def canonicalize_dataset(dataset: dict[str, list[dict[str, Any]]]) -> str:
    try:
        result: str = URDNA2015().main(dataset, {"format": "application/n-quads"})
    except RecursionError:
        raise CanonicalizationError("the document is too complex to canonicalize") from None
    return result


def _check_dataset(dataset: Mapping[str, list[dict[str, Any]]]) -> None:
    blank: set[str] = set()
    for graph_name, triples in dataset.items():
        if graph_name.startswith(SENTINEL_BASE):
            raise _relative(graph_name)
        if graph_name.startswith("_:"):
            blank.add(graph_name)
        for triple in triples:
            for position in ("subject", "predicate", "object"):
                component = triple[position]
                kind = component["type"]
                if kind == "IRI":
                    if component["value"].startswith(SENTINEL_BASE):
                        raise _relative(component["value"])
                elif kind == "blank node":
                    blank.add(component["value"])
                elif kind == "literal":
                    datatype = component.get("datatype", "")
                    if datatype.startswith(SENTINEL_BASE):
                        raise _relative(datatype)
        if len(blank) > MAX_BLANK_NODES:
            raise CanonicalizationError(
                f"the document has more than {MAX_BLANK_NODES} blank nodes, more than any "
                "credential needs"
            )


def _relative(iri: str) -> CanonicalizationError:
    rel = iri[len(SENTINEL_BASE) :]
    return CanonicalizationError(
        f"'{rel}' is a relative IRI; signed data must use absolute identifiers "
        "(other verifiers would read it differently)"
    )


def _dropped(exc: _DroppedTermError) -> CanonicalizationError:
    if not exc.term:
        # pyld names no term for a key that merely looks like a keyword ("@validUntil").
        return CanonicalizationError(
            "a key that looks like a JSON-LD keyword but is none (such as '@validUntil') "
            "would not be signed"
        )
    term = exc.term
    if term.startswith(SENTINEL_BASE):
        term = term[len(SENTINEL_BASE) :]
    return CanonicalizationError(
        f"term '{term}' is not defined by any context, so it would not be signed"
    )


def _explain(exc: BaseException) -> CanonicalizationError:
    """Turn a pyld error chain into one sentence, surfacing our own causes."""
    seen: BaseException | None = exc
    messages: list[str] = []
    while seen is not None:
        if isinstance(seen, UnknownContextError):
            return CanonicalizationError(str(seen), kind="unknown_context", url=seen.url)
        if isinstance(seen, _DroppedTermError):
            return _dropped(seen)
        if isinstance(seen, CanonicalizationError):
            return seen
        if isinstance(seen, RecursionError):
            return CanonicalizationError("the document is nested too deeply")
        first = seen.args[0] if seen.args else None
        code = getattr(seen, "code", None)
        text = first if isinstance(first, str) else type(seen).__name__
        messages.append(f"{text.rstrip('.')}: {code}" if isinstance(code, str) else text)
        details = getattr(seen, "details", None)
        if code == "loading remote context failed" and isinstance(details, Mapping):
            url = details.get("url")
            if isinstance(url, str):
                return CanonicalizationError(
                    str(UnknownContextError(url)), kind="unknown_context", url=url
                )
        seen = seen.__cause__ or seen.__context__
    detail = messages[0] if messages else "unknown JSON-LD error"
    return CanonicalizationError(f"the document is not valid JSON-LD ({detail.rstrip('.')})")
