"""Canonicalization entry point used by proof verification, with a *shape template* fast path.

Why: pyld's JSON-LD → RDF step (expansion with type-scoped OB 3.0 contexts) costs about 5 ms
per credential, while URDNA2015 on the resulting 15-30 quads costs about 0.15 ms.  A wallet's
credentials from one issuer share one *shape* (same contexts, keys, types and nesting) and
differ only in string values (ids, names, dates), so the expensive step can be learned once
per shape and replayed.

How (see ``fastcanon_template`` for the details and the correctness argument):

* **shape key** — the context, every key, array-vs-scalar, every number/boolean/null and the
  value of every keyword (``@type``/``type`` and any other keyword alias except ``@id``) is
  part of the key; every other *string* is a *leaf* whose value is cut out;
* **learning** (the second document of a shape: most shapes are seen once, and learning a
  shape costs one more pyld run, see ``LEARN_AT_SIGHTING``) — pyld runs on the real document
  (its answer is returned, and any refusal is raised exactly as before), then once more on a
  copy whose leaves are replaced by unique placeholders.  Where each placeholder lands in the
  RDF dataset tells, per leaf, whether it is copied verbatim into a literal or used as an IRI
  (and under which IRI *class*, i.e. scheme / ``//`` form, pyld was proven to leave it
  unchanged).  The template is then replayed with the real values and must reproduce pyld's
  output byte for byte, or it is discarded for good;
* **hit** — the leaves are substituted into the learned RDF dataset (after checks that every
  IRI value is one pyld would leave unchanged and that no two node identities or quads
  collide), then pyld's own URDNA2015 labels and serializes it.  Anything unusual falls back
  to the full pyld path, so the fast path never refuses or accepts anything pyld would not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portfolio_app.verify.canon import canonicalize_dataset, preflight, to_dataset
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.fastcanon_template import TemplateCache, cache_for

__all__ = ["TemplateCache", "cache_for", "canonicalize", "canonicalize_slow"]

# Benchmarks and tests turn the fast path off to measure / compare the reference path.
ENABLED = True


def canonicalize(doc: Mapping[str, Any], loader: ContextLoader, *, checked: bool = False) -> str:
    """Canonical N-Quads of ``doc``; ``checked`` says :func:`preflight` already ran on it.

    Byte-identical to :func:`canonicalize_slow`; refuses exactly what it refuses.
    """
    if not checked:
        preflight(doc)
    if not ENABLED:
        return canonicalize_slow(doc, loader)
    cache = cache_for(loader)
    fast = cache.try_fast(doc)
    if fast is not None:
        return fast
    result = canonicalize_slow(doc, loader)
    cache.learn(doc, result)
    return result


def canonicalize_slow(doc: Mapping[str, Any], loader: ContextLoader) -> str:
    """The reference path: pyld expansion/toRdf in safe mode, then pyld URDNA2015."""
    return canonicalize_dataset(to_dataset(doc, loader))
