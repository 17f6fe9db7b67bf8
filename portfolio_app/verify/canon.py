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
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from portfolio_app.errors import PortfolioError
from portfolio_app.verify.contexts import ContextLoader, UnknownContextError
from portfolio_app.verify.pyld_adapter import (
    URDNA2015,
    ContextResolver,
    StableScopedProcessor,
    jsonld,
)

MAX_DOCUMENT_BYTES = 1_000_000  # approximate serialized size
MAX_DEPTH = 64
MAX_OBJECTS = 20_000  # JSON objects + arrays in one document
MAX_BLANK_NODES = 2_000
MAX_CACHED_CONTEXTS = 512

# Work limits (see ``WorkLimitExceeded``).  Figures measured on this 2-core machine, Dec 2026:
#
# * N-degree hashing work (units: one Hash N-Degree Quads call, plus one per quad of the node,
#   plus k!·k for each group of k related blank nodes with equal hashes: the orderings pyld
#   walks).  Every public fixture and every credential the tests sign needs 0 (all blank nodes
#   have distinct first-degree hashes); an OB 3.0 credential with 200 *identical* alignments
#   needs 1,000, with 50 identical evidence entries 200.  Cliques of blank nodes that all point
#   at each other: 4 nodes 1,260; 5 nodes 10,135 (0.13 s); 6 nodes ~1.2 s of pyld, 7 nodes 12 s,
#   8 nodes minutes.  The limit refuses cliques of 6 and more, and groups of 7 or more identical
#   nodes hanging off identical parents (two identical results with 7 identical alignments
#   each), which pyld would order by trying all 7! = 5,040 orderings, recursively.
MAX_NDEGREE_WORK = 20_000
# * CPU time for one verification (``work_budget``): a credential of a new shape takes 20-35 ms
#   cold (contexts processed), 1 ms warm; a 934 kB credential whose bulk is an
#   embedded image 70 ms; the 134 kB Europass fixture is not canonicalized (JAdES).  1,500
#   alignments already take ~2 s of pyld (its node map compares each value of a property with
#   every earlier one), so bulk, not bytes, is what the budget stops.  The document size cap
#   stays at 1 MB because an embedded image is cheap however large.  1.2 s, not more: reading
#   the file, parsing its JSON and the checks outside canonicalization also count toward the
#   2 s a whole file may take (measured 0.3-0.6 s for a 1 MB file on a loaded 2-core machine).
CPU_BUDGET_SECONDS = 1.2
# How often (wall time) the processor clock is read: reading it is a system call (~1.6 µs),
# reading the wall clock is not, and a thread cannot use more CPU than wall time.
_CLOCK_INTERVAL = 0.005

# RFC 2606 reserves ".invalid": no real credential uses it, so an IRI under it can only be a
# relative IRI that pyld resolved against our base.
SENTINEL_BASE = "https://relative-iri.invalid/"

_ALLOWED_CONTROL = {"\t", "\n", "\r"}
_FORBIDDEN_CHARS = frozenset(chr(c) for c in range(0x20) if chr(c) not in _ALLOWED_CONTROL) | {
    "\x7f"
}
# The same characters as one character class: one C-level scan per string.
_FORBIDDEN_PATTERN = re.compile("[" + re.escape("".join(sorted(_FORBIDDEN_CHARS))) + "]")
# The same characters as bytes, for ``bytes.translate`` (much faster than a search).
_FORBIDDEN_BYTES = bytes(sorted(ord(c) for c in _FORBIDDEN_CHARS))


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


@dataclass
class _Budget:
    seconds: float
    deadline: float  # time.thread_time() value
    next_look: float  # time.perf_counter() value


_BUDGET: ContextVar[_Budget | None] = ContextVar("canon_work_budget", default=None)


@contextmanager
def work_budget(cpu_seconds: float = CPU_BUDGET_SECONDS) -> Iterator[None]:
    """Bound the processor time of everything canonicalized inside the block.

    Why: one verification may canonicalize a document several times (proof sets, older
    context editions, status lists, nested credentials), and each pyld run on a crafted
    document can be slow, so the limit belongs to the verification, not to one call.  Wrap one
    verification in this; past the budget, the canonicalization and expansion hot spots raise
    :class:`WorkLimitExceeded`.  Nested budgets keep the earliest deadline.  Canonicalization
    outside any budget gets a budget of its own per call.  The clock is this thread's CPU time,
    so a busy GUI thread or a loaded machine does not eat a worker's budget.
    """
    now = time.thread_time()
    outer = _BUDGET.get()
    deadline = now + cpu_seconds
    if outer is not None and outer.deadline <= deadline:
        yield
        return
    token = _BUDGET.set(_Budget(cpu_seconds, deadline, time.perf_counter() + _CLOCK_INTERVAL))
    try:
        yield
    finally:
        _BUDGET.reset(token)


@contextmanager
def _call_budget() -> Iterator[None]:
    if _BUDGET.get() is not None:
        yield
        return
    with work_budget():
        yield


def check_budget() -> None:
    """Raise :class:`WorkLimitExceeded` when the current :func:`work_budget` is spent.

    Cheap enough to call in hot loops: the processor clock is read at most every few ms.
    """
    budget = _BUDGET.get()
    if budget is None:
        return
    now = time.perf_counter()
    if now < budget.next_look:
        return
    budget.next_look = now + _CLOCK_INTERVAL
    if time.thread_time() > budget.deadline:
        raise WorkLimitExceeded(
            f"checking it took more than {budget.seconds:g} s of processor time, far more "
            "than any real credential needs"
        )


class _BoundedURDNA2015(URDNA2015):  # type: ignore[misc]
    """pyld's URDNA2015 with a count of the N-degree hashing work.

    Why: Hash N-Degree Quads walks every permutation of each group of related blank nodes that
    look alike, recursively, so a handful of blank nodes that all point at each other (a
    clique) makes a 3 kB document take minutes or hours.  Real credentials never have such
    groups (see ``MAX_NDEGREE_WORK``).  The work is charged *before* pyld walks a group, so
    the refusal comes before the expensive step, not after.
    """

    def __init__(self, limit: int = MAX_NDEGREE_WORK) -> None:
        super().__init__()
        self._limit = limit
        self.work = 0

    def _charge(self, units: int) -> None:
        self.work += units
        if self.work > self._limit:
            raise WorkLimitExceeded(
                "its unnamed parts (blank nodes) are so alike that putting them in canonical "
                f"order would take more than {self._limit:,} steps"
            )
        check_budget()

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._charge(1)
        return super().hash_n_degree_quads(id_, issuer)

    def create_hash_to_related(self, id_: str, issuer: Any) -> Any:
        related: dict[str, list[str]] = super().create_hash_to_related(id_, issuer)
        units = len(self.blank_node_info[id_]["quads"])
        for group in related.values():
            size = len(group)
            # k! grows past any limit quickly; stop computing it once it is past.
            units += math.factorial(size) * size if size <= 12 else self._limit + 1
        self._charge(units)
        return related


class _BoundedProcessor(StableScopedProcessor):
    """pyld's processor with budget checks in its recursive steps (expansion, node map).

    (Its type-scoped contexts are cached by :class:`StableScopedProcessor`, see
    :mod:`portfolio_app.verify.pyld_adapter`.)

    Why: a large document with many values of one property makes pyld's node map quadratic
    (each value is compared with all earlier ones), and expansion re-processes type-scoped
    contexts per node; these recursive methods are where the time goes, and overriding them
    here (not patching pyld) bounds them.
    """

    def _expand(self, *args: Any, **kwargs: Any) -> Any:
        check_budget()
        return super()._expand(*args, **kwargs)

    def __init__(self, *, max_blank_nodes: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._max_blank_nodes = max_blank_nodes

    def _create_node_map(
        self, input_: Any, graph_map: Any, active_graph: Any, issuer: Any, *args: Any, **kwargs: Any
    ) -> Any:
        check_budget()
        # The node map issues a label per blank node as it goes, so a document with too many
        # is refused here, before the (slow) rest of the node map is built.
        if self._max_blank_nodes is not None and issuer.counter > self._max_blank_nodes:
            raise _too_many_blank_nodes()
        return super()._create_node_map(input_, graph_map, active_graph, issuer, *args, **kwargs)


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

    Iterative (no recursion), so a 10,000-deep document is refused in microseconds.  Plain
    ``dict``/``list``/``str`` values (all that ``json.loads`` makes) are tested by exact type
    first: a verification runs this several times per credential, and the abstract
    ``Mapping`` test is slow; other types take the general tests, in the same order.
    """
    if not isinstance(doc, Mapping):
        raise CanonicalizationError("a credential must be a JSON object")
    if type(doc) is dict and _plainly_acceptable(doc, max_bytes):
        return
    _preflight_exactly(doc, max_bytes)


def _plainly_acceptable(doc: dict[str, Any], max_bytes: int) -> bool:
    """Whether ``doc`` passes every :func:`preflight` test, judged in bulk; ``False`` when
    it may not (then the exact walk runs and names the first problem it meets).

    Why: a verification runs preflight about four times per credential, and the exact walk
    pays a function call and a regular-expression search per string (0.3 ms for an OB 3.0
    credential).  Here the strings are only collected, then tested joined, with one search
    and one encoding: the same tests, since each is a property of every string (no
    forbidden character, valid Unicode) or a sum over them (the size; UTF-8 length adds up
    over concatenation).  All the limits only grow along the walk, so a document within
    them at the end was within them at every step, and the exact walk accepts it too.
    Containers and entries are counted as they are met, so a huge document is handed to the
    exact walk early.
    """
    keys: list[str] = []
    texts: list[str] = []
    floats: list[float] = []
    containers = lists = scalars = entries = 0
    entry_limit = max_bytes // 2  # every entry adds at least 2 to the size
    stack: list[tuple[Any, int]] = [(doc, 1)]
    pop = stack.pop
    push = stack.append
    add_text = texts.append
    while stack:
        value, depth = pop()
        containers += 1
        entries += len(value)
        if depth > MAX_DEPTH or containers > MAX_OBJECTS or entries > entry_limit:
            return False
        deeper = depth + 1
        if type(value) is dict:
            keys.extend(value)
            items: Any = value.values()
        else:
            lists += 1
            items = value
        for item in items:
            kind = type(item)
            if kind is str:
                add_text(item)
            elif kind is dict or kind is list:
                push((item, deeper))
            elif item is None or kind is bool or kind is int:
                scalars += 1
            elif kind is float:
                floats.append(item)
            else:
                return False
    if not all(type(key) is str for key in keys):
        return False
    if not all(math.isfinite(number) for number in floats):
        return False
    try:  # lone surrogates do not encode; forbidden characters are ASCII, as in UTF-8
        key_text = "".join(keys)
        key_bytes = key_text.encode("utf-8")
        text_bytes = "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    if len(key_bytes.translate(None, _FORBIDDEN_BYTES)) != len(key_bytes) or len(
        text_bytes.translate(None, _FORBIDDEN_BYTES)
    ) != len(text_bytes):
        return False
    # Keys count their characters, values their UTF-8 bytes (as the exact walk does).
    size = (
        len(text_bytes)
        + 3 * len(texts)
        + len(key_text)
        + 4 * len(keys)
        + 2 * lists
        + 6 * scalars
        + 12 * len(floats)
    )
    return size <= max_bytes


def _preflight_exactly(doc: Mapping[str, Any], max_bytes: int) -> None:
    """:func:`preflight` one value at a time, raising at the first problem met."""
    size = 0
    containers = 0
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if kind is str:
            _check_string(value)
            size += (len(value) if value.isascii() else _utf8_length(value)) + 3
        elif kind is dict or (kind is not list and isinstance(value, Mapping)):
            containers += 1
            if depth > MAX_DEPTH:
                raise CanonicalizationError(
                    f"the document is nested more than {MAX_DEPTH} levels deep"
                )
            for key, item in value.items():
                if type(key) is not str and not isinstance(key, str):
                    raise CanonicalizationError("a JSON object key must be a string")
                _check_string(key)
                size += len(key) + 4
                stack.append((item, depth + 1))
        elif kind is list or isinstance(value, list | tuple):
            containers += 1
            if depth > MAX_DEPTH:
                raise CanonicalizationError(
                    f"the document is nested more than {MAX_DEPTH} levels deep"
                )
            size += 2
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_string(value)
            size += _utf8_length(value) + 3
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


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _check_string(text: str) -> None:
    found = _FORBIDDEN_PATTERN.search(text)
    if found is not None:
        raise CanonicalizationError(
            f"a text value contains the control character U+{ord(found.group()):04X}, which "
            "canonical N-Quads implementations encode differently"
        )
    if text.isascii():
        return  # ASCII always encodes; only non-ASCII text can hold a lone surrogate
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
        check_budget()
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
    processor = _BoundedProcessor(
        max_blank_nodes=MAX_BLANK_NODES if check else None, on_property_dropped=_raise_dropped
    )
    options: dict[str, Any] = {
        "base": SENTINEL_BASE,
        "documentLoader": loader,
        "contextResolver": _resolver(loader),
        "produceGeneralizedRdf": False,
        "processingMode": "json-ld-1.1",
        "extractAllScripts": True,
    }
    try:
        with _call_budget():
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
        with _call_budget():
            result: str = _BoundedURDNA2015().main(dataset, {"format": "application/n-quads"})
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
            raise _too_many_blank_nodes()


def _too_many_blank_nodes() -> CanonicalizationError:
    return CanonicalizationError(
        f"the document has more than {MAX_BLANK_NODES} blank nodes, more than any credential needs"
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
            cause = details.get("cause") or seen.__cause__ or seen.__context__
            if isinstance(cause, UnknownContextError):  # keeps why a bundle's copy was refused
                return CanonicalizationError(str(cause), kind="unknown_context", url=cause.url)
            if isinstance(url, str):
                return CanonicalizationError(
                    str(UnknownContextError(url)), kind="unknown_context", url=url
                )
        seen = seen.__cause__ or seen.__context__
    detail = messages[0] if messages else "unknown JSON-LD error"
    return CanonicalizationError(f"the document is not valid JSON-LD ({detail.rstrip('.')})")
