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
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


class StableScopedProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor, with a stable id for the clone a type-scoped context is processed
    against (see the module docstring for why this gives pyld's answers exactly)."""

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
