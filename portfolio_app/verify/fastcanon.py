"""Canonicalization entry point used by proof verification.

Today this is pyld (via :mod:`portfolio_app.verify.canon`).  It is the single seam where a
faster path (e.g. a template cache keyed by document shape) can be added later; any such path
must be proven byte-identical to pyld's output (tests compare both).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portfolio_app.verify.canon import canonicalize_dataset, preflight, to_dataset
from portfolio_app.verify.contexts import ContextLoader


def canonicalize(doc: Mapping[str, Any], loader: ContextLoader, *, checked: bool = False) -> str:
    """Canonical N-Quads of ``doc``; ``checked`` says :func:`preflight` already ran on it."""
    if not checked:
        preflight(doc)
    return canonicalize_dataset(to_dataset(doc, loader))
