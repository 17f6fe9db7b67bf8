"""Shape templates: replay pyld's JSON-LD → RDF step for documents of an already-seen shape.

Why this is byte-identical to pyld (the argument the tests check):

1. *What a string leaf becomes.*  In pyld's expansion a string that is not the value of a
   keyword is either (a) copied verbatim into a literal whose datatype/language come only from
   the term definition in force (fixed by the shape), or (b) expanded as an IRI by
   ``_expand_iri``.  (a) holds for every string except under ``xsd:double`` (re-formatted) and
   ``@json`` (re-serialized), which learning refuses.  For (b), ``_expand_iri`` returns the
   value unchanged when it is not a term name, has a colon at index > 0, does not start with
   ``_:``, and either continues with ``//`` after the colon or has a prefix that is not a
   prefix term of the active context and matches pyld's absolute-IRI pattern.  The active
   context is fixed by the shape, so learning with a placeholder of the same *class* (the
   scheme, or "``//``") proves the prefix is not a prefix term there; a hit re-checks the class,
   the absolute-IRI pattern (the same pyld function) and the term names (a superset: every key
   of every context document involved).
2. *What decides the structure.*  Keys (pyld sorts them), array-vs-scalar, numbers, booleans,
   nulls, ``@context`` and every keyword value other than ``@id`` (``type`` among them, which
   selects type-scoped contexts) are in the shape key verbatim.  Documents with nested
   ``@context`` or blank-node identifiers in the data are not templated.
3. *Node merging.*  pyld merges nodes with equal ``@id`` and drops values that compare equal
   on the same node.  Learning uses distinct placeholders, so neither happens there; a hit is
   refused when two node identities (subjects or graph names) coincide or when two quads come
   out identical — exactly the cases where pyld could merge or drop something.
4. *Labelling.*  Blank-node labels do not depend on leaf values, and pyld's own URDNA2015 then
   labels and sorts the substituted dataset, so value-dependent hashes are handled by pyld.

As a last guard, a learned template is replayed with the learning document's own values and
must equal pyld's canonical output for it, otherwise the shape is never templated.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from portfolio_app.verify.canon import canonicalize_dataset, to_dataset
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.fastcanon_nquads import CompiledQuads, canonical_nquads, compile_quads
from portfolio_app.verify.pyld_adapter import jsonld

_log = logging.getLogger(__name__)

XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"

MAX_SHAPES = 256  # per loader; the cache is simply cleared when it is full
MAX_CONTEXT_KEYS = 64
MAX_LEARN_ATTEMPTS = 3  # per shape, when the learning document cannot verify its template
MAX_VARIANTS = 4  # templates per shape that differ in IRI classes (urn: vs https://…)
MAX_PIN_ROUNDS = 4  # learning runs (pyld calls) per shape before giving up
# Learning costs one more pyld run (on a placeholder copy), about as much as the miss itself.
# Most credentials in a learner's wallet are of a shape seen once (many issuers), so a shape
# is learned only when it recurs: the first document of a shape costs what plain pyld costs,
# the second pays for learning, every later one is a template hit.  Tests that check the
# templates themselves set this to 1 (learn at first sight).
LEARN_AT_SIGHTING = 2
# Own terms (see ``_split_extensions``) a document may have and still share templates: each
# is searched for in the document's text, so a crafted document with thousands of them
# would make that search slow; real credentials define a handful.
MAX_OWN_TERMS = 32
MAX_SIGHTINGS = 4096  # shapes seen once, remembered until the set is full, then forgotten

# pyld's own absolute-IRI test, so the fast path can never disagree with it.
_is_absolute_iri: Callable[[str], Any] = jsonld._is_absolute_iri

# Shape-key tokens.  preflight() refuses these control characters in every key and string,
# and json.dumps escapes them, so a token can never be confused with a key or a value.
_OPEN_OBJ = "\x01"
_CLOSE_OBJ = "\x02"
_OPEN_LIST = "\x03"
_CLOSE_LIST = "\x04"
_LEAF = "\x05"


class _NotTemplatable(Exception):
    """The document has a feature the template path does not model; use pyld."""


class _PinError(Exception):
    """These leaves are not plain values (transformed, or not in the RDF): pin them."""

    def __init__(self, slots: set[int]) -> None:
        super().__init__(f"pin leaves {sorted(slots)}")
        self.slots = slots


@dataclass(frozen=True)
class _ContextInfo:
    """What the shape walk needs to know about a document's ``@context``."""

    names: frozenset[str]  # every key of every context object involved (term names ⊆ this)
    structural: frozenset[str]  # keys aliased to a keyword other than @id
    # Every key and string value of every context object involved, and the part of each
    # before its first colon: all that processing these contexts can look up.
    strings: frozenset[str] = frozenset()


# A quad component: (type, value, datatype, language, slot); slot ≥ 0 takes the leaf's value.
_Component = tuple[str, str, str | None, str | None, int]


@dataclass(frozen=True)
class _Template:
    quads: tuple[tuple[_Component | None, _Component, str, _Component], ...]
    iri_checks: tuple[tuple[int, str], ...]  # (leaf, class) for leaves used as IRIs
    identity_slots: tuple[int, ...]  # leaves used as subject or graph name
    identity_consts: frozenset[str]  # constant IRIs used as subject or graph name
    names: frozenset[str]
    plan: CompiledQuads  # direct serialization + simple-case URDNA2015


def _context_info(
    ctx: Any, loader: ContextLoader, by_url: dict[str, _ContextInfo] | None = None
) -> _ContextInfo:
    """The term names and keyword aliases of ``ctx``.

    ``by_url`` caches the figures of each context URL: a document whose ``@context`` ends
    with an inline object of its own has a context key of its own, and walking the large
    VC 2.0 and OB 3.0 documents again for each such key cost a tenth of its verification.
    The sets are unions over the context objects involved, so they add up URL by URL.
    """
    if by_url is not None and type(ctx) is list:
        names: set[str] = set()
        structural: set[str] = set()
        strings: set[str] = set()
        for item in ctx:
            if type(item) is str:
                info = by_url.get(item)
                if info is None:
                    info = _context_info(item, loader)
                    by_url[item] = info
            else:
                info = _context_info(item, loader)
            names |= info.names
            structural |= info.structural
            strings |= info.strings
        return _ContextInfo(frozenset(names), frozenset(structural), frozenset(strings))
    names = set()
    structural = set()
    strings = set()
    seen: set[str] = set()

    def visit_context(value: Any) -> None:
        if isinstance(value, str):
            if value not in seen:
                seen.add(value)
                visit_dict(loader.document(value))
        elif isinstance(value, list):
            for item in value:
                visit_context(item)
        elif isinstance(value, dict):
            visit_dict(value)
        elif value is not None:
            raise _NotTemplatable("unexpected @context value")

    def visit_strings(value: Any) -> None:
        if isinstance(value, str):
            strings.add(value)
            strings.add(value.split(":", 1)[0])
        elif isinstance(value, list):
            for item in value:
                visit_strings(item)

    def visit_dict(obj: Mapping[str, Any]) -> None:
        for key, value in obj.items():
            names.add(key)
            visit_strings(key)
            if key in ("@context", "@import"):
                visit_context(value)
                continue
            target = value.get("@id") if isinstance(value, dict) else value
            if (
                not key.startswith("@")
                and isinstance(target, str)
                and target.startswith("@")
                and target != "@id"
            ):
                structural.add(key)
            if isinstance(value, dict):
                visit_dict(value)
            else:
                visit_strings(value)

    visit_context(ctx)
    return _ContextInfo(frozenset(names), frozenset(structural), frozenset(strings))


# The inline context objects a document may end its ``@context`` with and still share the
# templates of the contexts before them (see ``_split_extensions``).
_EXTENSION_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_EXTENSION_IRI = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)[^\s\x00-\x20\x7f<>\"{}|^`\\]+\Z")


def _split_extensions(ctx: list[Any]) -> tuple[list[Any], frozenset[str]] | None:
    """``ctx`` as (the context URLs before, the terms of its trailing inline objects), when
    those objects only map plain term names to absolute IRIs.

    Why: credentials often end their ``@context`` with a few terms of their own, so each has
    a context of its own, and its proof configuration (which uses none of those terms) would
    never share a template.  A document that uses none of those terms — no key, value, type,
    or prefix of one is among its strings, and none occurs among the strings of the
    contexts before (so no scoped context can use one) — reads exactly as without them:
    pyld only looks terms up by those strings, processing such objects cannot fail (a
    plain name, an absolute IRI whose scheme is none of the terms — else it would read as
    a compact IRI, or a cycle —, ``@id``/``@vocab`` or such an IRI as ``@type``, and no
    clash with a protected term, whose name would be among those strings), and they change
    no setting (``@vocab``, ``@base``…).  ``_shape`` checks the document's side.
    """
    end = len(ctx)
    names: set[str] = set()
    schemes: set[str] = set()  # an IRI whose scheme is one of the terms reads as a prefix
    while end > 0 and type(ctx[end - 1]) is dict:
        if len(names) + len(ctx[end - 1]) > MAX_OWN_TERMS:
            return None
        for term, value in ctx[end - 1].items():
            if not _EXTENSION_TERM.match(term):
                return None
            if type(value) is dict:
                kind = value.get("@type", "@id")
                if (
                    not value.keys() <= {"@id", "@type"}
                    or type(value.get("@id")) is not str
                    or type(kind) is not str
                    or not _EXTENSION_IRI.match(value["@id"])
                    or (kind not in ("@id", "@vocab") and not _EXTENSION_IRI.match(kind))
                ):
                    return None
                schemes.add(value["@id"].split(":", 1)[0])
                schemes.add(kind.split(":", 1)[0])
            elif type(value) is not str or not _EXTENSION_IRI.match(value):
                return None
            else:
                schemes.add(value.split(":", 1)[0])
            names.add(term)
        end -= 1
    prefix = ctx[:end]
    if not prefix or not names or not all(type(item) is str for item in prefix):
        return None
    if not names.isdisjoint(schemes):
        return None
    return prefix, frozenset(names)


def _is_structural(key: str, structural: frozenset[str]) -> bool:
    return (key[:1] == "@" and key != "@id") or key in structural


def _walk(value: Any, structural: frozenset[str], tokens: list[str], leaves: list[str]) -> None:
    """Append the shape tokens of ``value`` and collect its string leaves in document order."""
    kind = type(value)
    if kind is str:
        tokens.append(_LEAF)
        leaves.append(value)
    elif kind is dict:
        tokens.append(_OPEN_OBJ)
        for key, item in value.items():
            tokens.append(key)
            if _is_structural(key, structural):
                if key == "@context":
                    raise _NotTemplatable("nested @context")
                tokens.append(json.dumps(item))
            else:
                _walk(item, structural, tokens, leaves)
        tokens.append(_CLOSE_OBJ)
    elif kind is list:
        tokens.append(_OPEN_LIST)
        for item in value:
            _walk(item, structural, tokens, leaves)
        tokens.append(_CLOSE_LIST)
    elif value is None or kind is bool or kind is int or kind is float:
        tokens.append(json.dumps(value))
    else:
        raise _NotTemplatable(f"unexpected {kind.__name__}")


def _rebuild(value: Any, structural: frozenset[str], replace: Callable[[str], str]) -> Any:
    """A copy of ``value`` with every leaf (same traversal as :func:`_walk`) replaced."""
    kind = type(value)
    if kind is str:
        return replace(value)
    if kind is dict:
        return {
            key: item if _is_structural(key, structural) else _rebuild(item, structural, replace)
            for key, item in value.items()
        }
    if kind is list:
        return [_rebuild(item, structural, replace) for item in value]
    return value


def _iri_class(value: str) -> str | None:
    """The part of an IRI that decides how pyld expands it: ``//`` or the prefix."""
    if value.startswith("_:"):
        return None
    colon = value.find(":")
    if colon <= 0:
        return None
    if value.startswith("//", colon + 1):
        return "//"
    return value[:colon]


class TemplateCache:
    """Learned templates for documents canonicalized with one :class:`ContextLoader`."""

    def __init__(self, loader: ContextLoader) -> None:
        self._loader = weakref.ref(loader)
        self._contexts: dict[Any, _ContextInfo | None] = {}
        self._context_urls: dict[str, _ContextInfo] = {}
        # Per key, templates differing in IRI classes; an empty list: never template this key.
        self._templates: dict[tuple[Any, ...], list[_Template]] = {}
        self._attempts: dict[tuple[Any, ...], int] = {}
        # Leaves whose value decides the structure (e.g. a term expanded through @vocab, as in
        # "proofPurpose": "assertionMethod"): their values are part of the template key.
        self._pins: dict[tuple[Any, str], tuple[int, ...]] = {}
        # Shapes seen but not yet learned, with how often (see ``LEARN_AT_SIGHTING``).
        # Keyed by the shape's hash: a collision only makes a shape learned one document early.
        self._sightings: dict[int, int] = {}
        self._lock = threading.Lock()
        # The last shape ``try_fast`` read, per thread: on a miss ``learn`` gets the same
        # document next, and reading its shape again cost a tenth of a new shape's time.
        self._last = threading.local()
        self.hits = 0
        self.misses = 0

    # -- shape ------------------------------------------------------------------------------

    def _info(self, ctx: Any) -> tuple[Any, _ContextInfo] | None:
        if type(ctx) is list and all(type(c) is str for c in ctx):
            ctx_key: Any = tuple(ctx)
        elif type(ctx) is str:
            ctx_key = ctx
        else:
            ctx_key = json.dumps(ctx)
        if ctx_key in self._contexts:
            info = self._contexts[ctx_key]
        else:
            loader = self._loader()
            try:
                info = None if loader is None else _context_info(ctx, loader, self._context_urls)
            except Exception:  # unknown context, odd shapes: pyld gives the real answer
                info = None
            with self._lock:
                if len(self._contexts) >= MAX_CONTEXT_KEYS:
                    self._contexts.clear()
                self._contexts[ctx_key] = info
        return None if info is None else (ctx_key, info)

    def _shape(self, doc: Mapping[str, Any]) -> tuple[tuple[Any, str], list[str], Any] | None:
        if type(doc) is not dict or "@context" not in doc:
            return None
        ctx = doc["@context"]
        own_terms: frozenset[str] | None = None
        if type(ctx) is list and ctx and type(ctx[-1]) is dict:
            split = _split_extensions(ctx)
            if split is not None:
                ctx, own_terms = split
        found = self._info(ctx)
        if found is None:
            return None
        ctx_key, info = found
        tokens: list[str] = []
        leaves: list[str] = []
        try:
            for key, item in doc.items():
                if key == "@context":
                    continue
                tokens.append(key)
                if _is_structural(key, info.structural):
                    tokens.append(json.dumps(item))
                else:
                    _walk(item, info.structural, tokens, leaves)
        except _NotTemplatable:
            return None
        shape_text = "\x00".join(tokens)
        if own_terms is not None:
            # Conservative: a term anywhere inside a key, value or type disqualifies.
            text = shape_text + "\x00" + "\x00".join(leaves)
            if not own_terms.isdisjoint(info.strings) or any(t in text for t in own_terms):
                return None
        return (ctx_key, shape_text), leaves, info

    # -- hit --------------------------------------------------------------------------------

    def try_fast(self, doc: Mapping[str, Any]) -> str | None:
        """Canonical N-Quads from a template, or ``None`` when pyld must do it."""
        shaped = self._shape(doc)
        self._last.shaped = (doc, shaped)
        if shaped is None:
            return None
        shape, leaves, _info = shaped
        pins = self._pins.get(shape)
        if pins is None:
            self.misses += 1
            return None
        result = None
        for template in self._templates.get((shape, tuple(leaves[i] for i in pins)), ()):
            if _accepts(template, leaves):
                result = _instantiate(template, leaves)
                break
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    # -- learning ---------------------------------------------------------------------------

    def _sighted(self, shape: tuple[Any, str]) -> bool:
        """Count one more document of a not-yet-learned ``shape``; True when it is time to
        learn it."""
        key = hash(shape)
        with self._lock:
            seen = self._sightings.get(key, 0) + 1
            if seen >= LEARN_AT_SIGHTING:
                self._sightings.pop(key, None)
                return True
            if len(self._sightings) >= MAX_SIGHTINGS:
                self._sightings.clear()
            self._sightings[key] = seen
            return False

    def learn(self, doc: Mapping[str, Any], canonical: str) -> None:
        """Learn ``doc``'s shape, given pyld's canonical output for it (never raises)."""
        last = getattr(self._last, "shaped", None)
        self._last.shaped = None
        shaped = last[1] if last is not None and last[0] is doc else self._shape(doc)
        loader = self._loader()
        if shaped is None or loader is None:
            return
        shape, leaves, info = shaped
        if shape not in self._pins and not self._sighted(shape):
            return
        pins = self._pins.get(shape, ())
        key = (shape, tuple(leaves[i] for i in pins))
        known = self._templates.get(key)
        if known is not None and (
            not known
            or len(known) >= MAX_VARIANTS
            or any(_accepts(t, leaves) for t in known)  # a miss for another reason
        ):
            return
        if self._attempts.get(key, 0) >= MAX_LEARN_ATTEMPTS:
            return
        template: _Template | None = None
        pinned = set(pins)
        try:
            for _round in range(MAX_PIN_ROUNDS):
                try:
                    template = _learn(doc, leaves, info, loader, pinned)
                    break
                except _PinError as exc:
                    pinned |= exc.slots
        except Exception as exc:  # any surprise means "not templatable", never an error
            _log.debug("no template for this shape: %s", exc)
            template = None
        new_pins = tuple(sorted(pinned))
        if new_pins != pins:
            if shape in self._pins:  # another document already fixed different pins
                return
            key = (shape, tuple(leaves[i] for i in new_pins))
        if template is not None:
            replay = _instantiate(template, leaves) if _accepts(template, leaves) else None
            if replay is None:  # the learning document's own values collide: try another
                with self._lock:
                    self._attempts[key] = self._attempts.get(key, 0) + 1
                return
            if replay != canonical:
                _log.warning("discarding a shape template that did not reproduce pyld")
                template = None
        with self._lock:
            if len(self._templates) >= MAX_SHAPES:
                self._templates.clear()
                self._attempts.clear()
                self._pins.clear()
            self._pins[shape] = new_pins
            variants = self._templates.setdefault(key, [])
            if template is None:
                variants.clear()  # never again: pyld it is
                self._attempts[key] = MAX_LEARN_ATTEMPTS
            else:
                variants.append(template)


def _learn(
    doc: Mapping[str, Any],
    leaves: list[str],
    info: _ContextInfo,
    loader: ContextLoader,
    pinned: set[int],
) -> _Template | None:
    """Run pyld once on a placeholder copy of ``doc`` and read the template off its dataset.

    Raises :class:`_PinError` naming the leaves that must keep their real value (be part of
    the key) because pyld transformed them or they did not reach the RDF.
    """
    marker = "fc" + secrets.token_hex(8)
    if marker in json.dumps(doc, ensure_ascii=False):
        return None
    found_marker = re.compile(re.escape(marker) + r"x(\d+)y")
    placeholders: dict[str, int] = {}
    classes: list[str | None] = []
    counter = iter(range(len(leaves)))

    def replace(value: str) -> str:
        index = next(counter)
        cls = _iri_class(value)
        classes.append(cls)
        if index in pinned:
            return value
        if cls == "//":
            text = value[: value.find(":")] + f"://{marker}x{index}y"
        elif cls is not None:
            text = f"{cls}:{marker}x{index}y"
        else:
            text = f"{marker}x{index}y"
        placeholders[text] = index
        return text

    structural = info.structural
    learning = {
        key: item
        if key == "@context" or _is_structural(key, structural)
        else _rebuild(item, structural, replace)
        for key, item in doc.items()
    }
    if len(classes) != len(leaves):
        return None
    dataset = to_dataset(learning, loader, check=False)

    roles: dict[int, str] = {}
    bad: set[int] = set()
    identity_slots: set[int] = set()
    identity_consts: set[str] = set()

    def component(raw: Mapping[str, Any], identity: bool) -> _Component:
        kind = raw["type"]
        value = raw["value"]
        datatype = raw.get("datatype")
        language = raw.get("language")
        for extra in (datatype, language):
            if extra is not None and marker in extra:
                bad.update(int(m) for m in found_marker.findall(extra))
        slot = placeholders.get(value, -1) if kind != "blank node" else -1
        if slot < 0:
            if marker in value:
                bad.update(int(m) for m in found_marker.findall(value))
            if identity and kind == "IRI":
                identity_consts.add(value)
            return (kind, value, datatype, language, -1)
        role = "iri" if kind == "IRI" else "literal"
        if role == "literal" and datatype in (XSD_DOUBLE, RDF_JSON):
            bad.add(slot)  # pyld re-formats such values
        elif role == "iri" and classes[slot] is None:
            bad.add(slot)
        if roles.setdefault(slot, role) != role:
            bad.add(slot)  # used both as IRI and as literal
        if identity:
            identity_slots.add(slot)
        return (kind, "", datatype, language, slot)

    quads: list[tuple[_Component | None, _Component, str, _Component]] = []
    for graph_name, triples in dataset.items():
        graph: _Component | None = None
        if graph_name != "@default":
            kind = "blank node" if graph_name.startswith("_:") else "IRI"
            graph = component({"type": kind, "value": graph_name}, True)
        for triple in triples:
            predicate = triple["predicate"]
            if predicate["type"] != "IRI" or marker in predicate["value"]:
                raise _NotTemplatable("a value became a predicate")
            quads.append(
                (
                    graph,
                    component(triple["subject"], True),
                    predicate["value"],
                    component(triple["object"], False),
                )
            )
    # A value that did not reach the RDF: we cannot tell that no other value would.
    bad.update(set(placeholders.values()) - roles.keys())
    if bad:
        raise _PinError(bad)
    iri_checks = tuple(
        (slot, cls)
        for slot, role in sorted(roles.items())
        if role == "iri" and (cls := classes[slot]) is not None
    )
    return _Template(
        plan=compile_quads(quads, len(leaves)),
        quads=tuple(quads),
        iri_checks=iri_checks,
        identity_slots=tuple(sorted(identity_slots)),
        identity_consts=frozenset(identity_consts),
        names=info.names,
    )


def _accepts(template: _Template, values: list[str]) -> bool:
    """Every IRI value is one pyld leaves unchanged where the template learned it would."""
    names = template.names
    for slot, cls in template.iri_checks:
        value = values[slot]
        if _iri_class(value) != cls or value in names or not _is_absolute_iri(value):
            return False
    return True


def _instantiate(template: _Template, values: list[str]) -> str | None:
    """Substitute ``values`` (already :func:`_accepts`-ed) and canonicalize, or ``None`` when
    pyld's answer could differ."""
    if template.identity_slots:
        ids = [values[slot] for slot in template.identity_slots]
        if len(set(ids)) != len(ids) or not template.identity_consts.isdisjoint(ids):
            return None
    direct = canonical_nquads(template.plan, values)
    if direct is not None:
        return direct
    # Duplicate quads (refused below) or blank nodes that need pyld's full URDNA2015.

    def build(spec: _Component) -> dict[str, str]:
        kind, value, datatype, language, slot = spec
        out = {"type": kind, "value": values[slot] if slot >= 0 else value}
        if datatype is not None:
            out["datatype"] = datatype
        if language is not None:
            out["language"] = language
        return out

    dataset: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[Any, ...]] = set()
    for graph_spec, subject_spec, predicate, object_spec in template.quads:
        if graph_spec is None:
            graph_name = "@default"
        else:
            graph_name = values[graph_spec[4]] if graph_spec[4] >= 0 else graph_spec[1]
        subject = build(subject_spec)
        obj = build(object_spec)
        identity = (
            graph_name,
            subject["value"],
            predicate,
            obj["type"],
            obj["value"],
            obj.get("datatype"),
            obj.get("language"),
        )
        if identity in seen:
            return None
        seen.add(identity)
        dataset.setdefault(graph_name, []).append(
            {"subject": subject, "predicate": {"type": "IRI", "value": predicate}, "object": obj}
        )
    return canonicalize_dataset(dataset)


_CACHES: weakref.WeakKeyDictionary[ContextLoader, TemplateCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cache_for(loader: ContextLoader) -> TemplateCache:
    """The template cache of ``loader`` (templates depend on the context content it serves)."""
    found = _CACHES.get(loader)
    if found is None:
        with _CACHES_LOCK:
            found = _CACHES.get(loader)
            if found is None:
                found = TemplateCache(loader)
                _CACHES[loader] = found
    return found
