"""Bind "the issuer recognised as X" to the issuer ids the profile's registries list as X.

A definition says ``{"issuer_recognised_as": "Google", "achievement_name": "…"}``; the issuer
registries a profile holds (from trust bundles) say which issuer ids are Google.  Binding happens
just before evaluation, from the registries as they are now, so importing a bundle with a
registry makes such requirements count without touching the definition — and removing it makes
them stop counting.  A qualification that asks for no recognised issuer is returned as it is
(same object: its compiled form stays cached).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from portfolio_app.pathways.definitions import (
    AllOf,
    AnyOf,
    ByRecognisedIssuer,
    Credits,
    Equivalence,
    Match,
    Matcher,
    Node,
    Qualification,
    norm_text,
)

IssuerIdsByName = Mapping[str, tuple[str, ...]]  # norm_text(official name) → issuer ids


def ids_by_official_name(entries: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """``(issuer id, official name)`` pairs, in registry order → ids per normalised name."""
    found: dict[str, list[str]] = {}
    for issuer_id, name in entries:
        ids = found.setdefault(norm_text(name), [])
        if issuer_id not in ids:
            ids.append(issuer_id)
    return {name: tuple(ids) for name, ids in found.items()}


def asks_for_recognised_issuer(qualification: Qualification) -> bool:
    """True when some requirement or equivalence names an issuer by its recognised name."""
    if any(
        isinstance(m, ByRecognisedIssuer)
        for eq in qualification.equivalences
        for m in (eq.achievement, eq.counts_as)
    ):
        return True
    return _any_recognised(qualification.requirements)


def _any_recognised(node: Node) -> bool:
    if isinstance(node, Match):
        return isinstance(node.matcher, ByRecognisedIssuer)
    return any(_any_recognised(child) for child in node.children)


def bind_recognised(qualification: Qualification, ids: IssuerIdsByName) -> Qualification:
    """``qualification`` with every recognised-issuer matcher bound to the ids in ``ids``."""
    if not asks_for_recognised_issuer(qualification):
        return qualification
    return replace(
        qualification,
        requirements=_bind_node(qualification.requirements, ids),
        equivalences=tuple(
            Equivalence(_bind(eq.achievement, ids), _bind(eq.counts_as, ids), eq.note)
            for eq in qualification.equivalences
        ),
    )


def _bind(matcher: Matcher, ids: IssuerIdsByName) -> Matcher:
    if not isinstance(matcher, ByRecognisedIssuer):
        return matcher
    return replace(matcher, issuer_ids=ids.get(norm_text(matcher.official_name), ()))


def _bind_node(node: Node, ids: IssuerIdsByName) -> Node:
    if isinstance(node, Match):
        return replace(node, matcher=_bind(node.matcher, ids))
    if isinstance(node, Credits):
        return replace(node, children=tuple(_bind_match(child, ids) for child in node.children))
    assert isinstance(node, AllOf | AnyOf)
    return replace(node, children=tuple(_bind_node(child, ids) for child in node.children))


def _bind_match(node: Match, ids: IssuerIdsByName) -> Match:
    return replace(node, matcher=_bind(node.matcher, ids))
