"""pyld as this app uses it: imported without its network loaders, plus one documented fix.

Every other module takes pyld from here (``jsonld``, ``URDNA2015``, ``ContextResolver``,
``escape``), for two reasons.

**Import.**  ``pyld.jsonld`` builds a default document loader when it is imported, which
imports ``requests`` or ``aiohttp`` (about 0.2 s of processor time, a tenth of the startup of
``portfolio verify``).  We never use that loader: every call passes a
:class:`~portfolio_app.verify.contexts.ContextLoader`, and nothing is ever fetched.  So pyld
is imported with those two modules made unimportable for the moment of the import; its
default loader is then pyld's dummy loader, which refuses every URL, so a call that forgot
its ``documentLoader`` could not reach the network either.

**Type-scoped contexts.**  JSON-LD 1.1 type-scoped contexts do not propagate: at a node of
type ``Achievement`` pyld clones the active context, remembers the original as
``previousContext``, and processes the scoped context against the clone.  pyld caches
processed contexts by the ``_uuid`` of the context they were processed against, but the
clone gets a fresh ``uuid1`` every time, so that cache can never hit: the OB 3.0 and VC 2.0
type-scoped contexts (hundreds of term definitions) are rebuilt at every typed node of every
credential, about a third of pyld's time.  :class:`StableScopedProcessor` makes the clone
itself, exactly as pyld would, and names it after the context it was cloned from
(``<uuid>/np``), so the second typed node of a kind is a cache hit.

Why this cannot change an answer: the clone is a pure function of the context it is cloned
from (``_clone_active_context`` copies ``mappings``, ``@base``, ``@language``, ``@vocab`` and
nothing else, and the clone's ``previousContext`` is that context).  The id is derived only
from a *frozen* context (a ``frozendict``, which pyld gives a fresh ``uuid1`` when it builds
one and never changes after), so equal ids mean equal clones.  pyld's own cache already
relies on the same thing for propagating contexts.  The fix only applies where pyld's own
code would have made that same clone: a non-propagating call, a non-empty local context that
is an object without ``@propagate`` (which could turn propagation back on) or ``@context``,
and an active context that has no ``previousContext`` yet.  Everything else goes to pyld
untouched.

The fix is active only on the pyld version it was tested against (:data:`TESTED_VERSION`);
on any other version pyld runs unpatched and one log line says so.  Tests compare the output
with and without it, byte for byte, on every public fixture and on generated documents
(``tests/test_verify_pyld_adapter.py``).  The change is offered upstream
(``docs/upstream-pyld.md``).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

_log = logging.getLogger(__name__)

# pyld's optional network clients: never needed (see above), and slow to import.
_NETWORK_CLIENTS = ("requests", "aiohttp")


@contextmanager
def _without_network_clients() -> Iterator[None]:
    """Make the network clients unimportable while pyld is imported (only if nobody has
    imported them already), then restore ``sys.modules`` as it was."""
    blocked = [name for name in _NETWORK_CLIENTS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


with _without_network_clients():
    from pyld import jsonld
    from pyld.__about__ import __version__ as PYLD_VERSION
    from pyld.canon import URDNA2015
    from pyld.context_resolver import ContextResolver
    from pyld.nquads import escape

__all__ = [
    "COMPOSE_EXTENSIONS",
    "PYLD_VERSION",
    "STABLE_SCOPED_IDS",
    "TESTED_VERSION",
    "URDNA2015",
    "ContextResolver",
    "StableScopedProcessor",
    "escape",
    "fix_applies",
    "jsonld",
]

# The class pyld freezes contexts with (taken from pyld, so it is always the one it uses).
_FROZEN: Any = jsonld.frozendict
TESTED_VERSION = "3.3.0"
SCOPED_ID_SUFFIX = "/np"  # never part of a uuid1 string, so a derived id cannot collide


def fix_applies(version: str) -> bool:
    """Whether the fix may run on pyld ``version``: only the tested one (else, a log line)."""
    if version == TESTED_VERSION:
        return True
    _log.info(
        "pyld %s is not the tested %s: type-scoped contexts are processed by unpatched pyld "
        "(same results, slower)",
        version,
        TESTED_VERSION,
    )
    return False


#: Whether :class:`StableScopedProcessor` applies its fix (tests switch it off to compare).
STABLE_SCOPED_IDS = fix_applies(PYLD_VERSION)


# A term an inline extension context may define and still be composed (see
# ``StableScopedProcessor``): no keyword, no compact IRI or IRI, nothing pyld looks up by
# anything but the exact string.
_EXTENSION_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
EXTENSION_SUFFIX = "|x"  # joins a context's id to an extension's: never part of a uuid1


@dataclass
class _Extension:
    """A trailing inline context ``L`` of a document, processed on the context ``base``.

    ``defs`` are L's term definitions as pyld made them (on ``base``); ``names`` their terms;
    ``root`` is ``base`` + L.  ``lifted`` maps ``id(X)`` of a context X derived from ``base``
    to ``(X, X lifted)``: X with L's definitions added, and its ``previousContext`` lifted.
    """

    names: frozenset[str]
    defs: dict[str, Any]
    root_id: str
    lifted: dict[int, tuple[Any, Any]] = field(default_factory=dict)


class StableScopedProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor, with a stable id for the clone a type-scoped context is processed
    against (see the module docstring for why this gives pyld's answers exactly), and
    scoped contexts composed past a document's own small inline context.

    **Composition.**  A credential's ``@context`` often ends with a small inline object that
    defines a few extra terms (``[VC 2.0, OB 3.0, {"note": "https://…"}]``).  Each such
    object is new, so the context it makes (``A`` = ``P`` + L, where ``P`` is the processed
    list before it) has a new id, and pyld processes every type-scoped and property-scoped
    context of the document again against ``A`` and its descendants: hundreds of term
    definitions per typed node, the bulk of the cost of a credential of a new shape.

    Processing a scoped context S only ever looks up, in the active context, strings that
    occur in S (its terms, the values of its definitions and the prefix before the first
    colon of each: ``_create_term_definition`` and ``_expand_iri`` look up nothing else), plus
    ``@base``, ``@vocab``, ``@language``, ``@direction`` and the processing mode.  So when L
    defines plain terms only (no keyword, so those settings are P's), and none of L's terms
    occurs among S's strings, processing S against ``A`` gives exactly processing S against
    ``P``, with L's definitions added: the same term definitions, the same errors.  The
    processor then processes S against ``P`` (pyld, whose caches hit across documents, as
    P's contexts are shared) and *lifts* the result: a copy whose mappings also hold L's
    definitions (the very objects pyld made for ``A``) and whose ``previousContext`` is
    lifted in turn (``P`` lifts to ``A``).  The order of the mappings differs from pyld's,
    which only compaction looks at (this processor is only used for ``to_rdf``).  A lifted
    context is named ``<id of X>|x<id of A>``: a pure function of two frozen contexts, so a
    cache entry under that name is always right.  Anything else (S names one of L's terms,
    is not an object, imports or nests a context by URL, L sets a keyword…) goes to pyld
    against the lifted context, which equals the context pyld would have made.
    """

    def _process_context(  # noqa: PLR0917 - pyld's own signature
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        flags = (override_protected, propagate, validate_scoped, cycles)
        if COMPOSE_EXTENSIONS:
            extensions: dict[int, tuple[Any, Any, _Extension]] | None = getattr(
                self, "_extensions", None
            )
            found = extensions.get(id(active_ctx)) if extensions else None
            if found is not None and found[0] is active_ctx:
                _lifted, base, extension = found
                if _independent(local_ctx, extension.names):
                    result = self._process_context(base, local_ctx, options, *flags)
                    return self._lift(result, extension)
            elif (
                propagate
                and type(local_ctx) is list
                and len(local_ctx) >= 2
                and _plain_extension(local_ctx[-1])
            ):
                before = self._process_context(active_ctx, local_ctx[:-1], options, *flags)
                after = self._stable_scoped(before, local_ctx[-1:], options, *flags)
                self._register_root(before, after, local_ctx[-1])
                return after
        return self._stable_scoped(active_ctx, local_ctx, options, *flags)

    def _register_root(self, before: Any, after: Any, inline: dict[str, Any]) -> None:
        """Remember ``after`` = ``before`` + the plain inline context ``inline``, when pyld's
        result is exactly that (same settings, only ``inline``'s terms added)."""
        if type(before) is not _FROZEN or type(after) is not _FROZEN or before is after:
            return
        if not isinstance(after.get("_uuid"), str) or "previousContext" in after:
            return
        if any(before.get(k) != after.get(k) for k in _SETTINGS):
            return
        names = frozenset(inline)
        mappings = after["mappings"]
        if mappings.keys() != before["mappings"].keys() | names:
            return
        extension = _Extension(names, {n: mappings[n] for n in names}, after["_uuid"])
        extension.lifted[id(before)] = (before, after)
        extensions = self.__dict__.setdefault("_extensions", {})
        extensions[id(after)] = (after, before, extension)

    def _lift(self, ctx: Any, extension: _Extension) -> Any:
        """``ctx`` (derived from the extension's base) with the extension's terms added."""
        known = extension.lifted.get(id(ctx))
        if known is not None and known[0] is ctx:
            return known[1]
        lifted = dict(ctx)
        lifted["mappings"] = {**ctx["mappings"], **extension.defs}
        previous = ctx.get("previousContext")
        if previous is not None:
            lifted["previousContext"] = self._lift(previous, extension)
        if isinstance(ctx.get("_uuid"), str):
            lifted["_uuid"] = ctx["_uuid"] + EXTENSION_SUFFIX + extension.root_id
        result = jsonld.freeze(lifted) if type(ctx) is _FROZEN else lifted
        extension.lifted[id(ctx)] = (ctx, result)
        self.__dict__.setdefault("_extensions", {})[id(result)] = (result, ctx, extension)
        return result

    def _stable_scoped(  # noqa: PLR0917 - pyld's own signature
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool,
        propagate: bool,
        validate_scoped: bool,
        cycles: Any,
    ) -> Any:
        if (
            not propagate
            and STABLE_SCOPED_IDS
            and type(active_ctx) is _FROZEN
            and type(local_ctx) in (dict, _FROZEN)
            and local_ctx
            and "@propagate" not in local_ctx
            and "@context" not in local_ctx
            and not active_ctx.get("previousContext")
            and isinstance(active_ctx.get("_uuid"), str)
        ):
            clone = self._clone_active_context(active_ctx)
            clone["previousContext"] = active_ctx
            clone["_uuid"] = active_ctx["_uuid"] + SCOPED_ID_SUFFIX
            active_ctx = clone
        return super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected=override_protected,
            propagate=propagate,
            validate_scoped=validate_scoped,
            cycles=cycles,
        )


#: Whether :class:`StableScopedProcessor` composes scoped contexts past a document's inline
#: extension context (tests switch it off to compare).
COMPOSE_EXTENSIONS = STABLE_SCOPED_IDS

# Context settings an inline extension must leave as they were.
_SETTINGS = ("@base", "@vocab", "@language", "@direction", "processingMode", "@version")


def _plain_extension(ctx: Any) -> bool:
    """An inline context of plain term definitions only (see ``StableScopedProcessor``)."""
    if type(ctx) is not dict or not ctx:
        return False
    for term, value in ctx.items():
        if not _EXTENSION_TERM.match(term):
            return False
        if type(value) is dict:
            if not value.keys() <= {"@id", "@type"} or not all(
                type(v) is str for v in value.values()
            ):
                return False
        elif type(value) is not str:
            return False
    return True


_STRINGS: dict[int, tuple[Any, frozenset[str] | None]] = {}
_MAX_STRINGS = 4096


def _independent(local_ctx: Any, names: frozenset[str]) -> bool:
    """Whether processing ``local_ctx`` cannot look up any of ``names`` (see
    ``StableScopedProcessor``); ``False`` for anything but an object context."""
    if type(local_ctx) not in (dict, _FROZEN) or not local_ctx:
        return False
    known = _STRINGS.get(id(local_ctx))
    if known is not None and known[0] is local_ctx:
        strings = known[1]
    else:
        strings = _strings_of(local_ctx)
        if len(_STRINGS) >= _MAX_STRINGS:
            _STRINGS.clear()
        _STRINGS[id(local_ctx)] = (local_ctx, strings)  # holds it: the id stays its own
    return strings is not None and strings.isdisjoint(names)


def _strings_of(ctx: Any) -> frozenset[str] | None:
    """Every key and string value in ``ctx`` (recursively) and the part of each before its
    first colon; ``None`` when processing it could reach beyond it (a context by URL, an
    import, a propagation or nullification)."""
    found: set[str] = set()
    stack: list[Any] = [ctx]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is str:
            found.add(value)
            found.add(value.split(":", 1)[0])
        elif kind is dict or kind is _FROZEN:
            for key, item in value.items():
                if key in ("@import", "@propagate"):
                    return None
                if key == "@context" and type(item) not in (dict, _FROZEN):
                    return None
                found.add(key)
                found.add(key.split(":", 1)[0])
                stack.append(item)
        elif kind is list:
            stack.extend(value)
    return frozenset(found)
