"""Property-based tests (hypothesis) on small generated qualifications and wallets.

* progress never decreases when a credential is added;
* the suggested shortest completion, when earned, really completes the qualification;
* and no smaller set of the definition's achievements does (checked by brute force).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_app.model import Container, Credential, CredentialFormat, CreditValue
from portfolio_app.pathways import Holding, parse_definition, progress, shortest_completion
from portfolio_app.pathways.definitions import Qualification

TODAY = date(2025, 6, 1)
IDS = [f"a{i}" for i in range(8)]
TAGS = ["t0", "t1", "t2"]


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A small requirement tree; every match rule names its own achievement id."""
    leaf = st.builds(lambda: {"type": "match"})
    if depth >= 2:
        return draw(leaf)
    kind = draw(st.sampled_from(["match", "match", "all", "any", "credits"]))
    if kind == "match":
        return draw(leaf)
    if kind == "credits":
        n = draw(st.integers(1, 3))
        children: list[dict[str, Any]] = [
            {"type": "match", **({"credits": draw(st.sampled_from([1, 2, 3]))}
                                 if draw(st.booleans()) else {})}
            for _ in range(n)
        ]
        return {"type": "credits", "unit": "ects", "min": draw(st.sampled_from([1, 2, 3, 5])),
                "children": children}
    children = draw(st.lists(trees(depth + 1), min_size=1, max_size=3))
    if kind == "all":
        return {"type": "all", "children": children}
    return {"type": "any", "min": draw(st.integers(1, len(children))), "children": children}


def _number_leaves(node: dict[str, Any], counter: list[int], tag_some: list[bool]) -> None:
    """Give every leaf a distinct achievement id (or, sometimes, a distinct-per-leaf tag)."""
    if node["type"] == "match":
        i = counter[0]
        counter[0] += 1
        if tag_some[i % len(tag_some)] and i < len(TAGS):
            node["tag"] = TAGS[i]
        else:
            node["achievement_id"] = f"a{i}"
        return
    for child in node["children"]:
        _number_leaves(child, counter, tag_some)


@st.composite
def qualifications(draw: st.DrawFn) -> Qualification:
    tree = draw(trees())
    counter = [0]
    _number_leaves(tree, counter, draw(st.lists(st.booleans(), min_size=1, max_size=4)))
    reuse = draw(st.sampled_from(["once", "once", "shared"]))
    data: dict[str, Any] = {"id": "g", "name": "G", "awarding_body": "B", "reuse": reuse,
                            "requirements": tree}
    recency = draw(st.sampled_from([None, None, "completion", "today"]))
    if recency:
        data["recency"] = {"months": draw(st.sampled_from([6, 18])), "anchor": recency}
    return parse_definition(data)


@st.composite
def credentials(draw: st.DrawFn) -> Credential:
    return Credential(
        format=CredentialFormat.OB3, container=Container.JSON, title="c", issuer_name="i",
        payload="{}",
        achievement_id=draw(st.sampled_from([*IDS, None])),
        tags=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))),
        credits=tuple(CreditValue(v, "ECTS") for v in draw(st.lists(
            st.sampled_from([0.5, 1, 2]), max_size=1))),
        issued=draw(st.sampled_from([datetime(y, m, 1, tzinfo=UTC)
                                     for y in (2022, 2023, 2024, 2025) for m in (1, 6)])),
    )


def wallet(creds: list[Credential]) -> list[Holding]:
    return [Holding(i + 1, c, "verified") for i, c in enumerate(creds)]


def leaves(node: dict[str, Any]) -> list[dict[str, Any]]:
    if node["type"] == "match":
        return [node]
    return [leaf for child in node["children"] for leaf in leaves(child)]


def earned(target_match: dict[str, Any], credits: float | None, n: int) -> Holding:
    """A credential for a suggested target, as if earned today."""
    return Holding(1000 + n, Credential(
        format=CredentialFormat.OB3, container=Container.JSON, title="new", issuer_name="i",
        payload="{}", achievement_id=target_match.get("achievement_id"),
        tags=(target_match["tag"],) if "tag" in target_match else (),
        credits=(CreditValue(credits, "ECTS"),) if credits else (),
        issued=datetime(2025, 6, 1, tzinfo=UTC),
    ), "verified")


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(qualifications(), st.lists(credentials(), max_size=6), credentials())
def test_progress_never_decreases_when_a_credential_is_added(
    q: Qualification, creds: list[Credential], extra: Credential
) -> None:
    before = progress(q, wallet(creds), today=TODAY)
    after = progress(q, wallet([*creds, extra]), today=TODAY)
    assert before.exact and after.exact
    assert after.percent >= before.percent - 1e-9
    assert after.satisfied or not before.satisfied


@FAST
@given(qualifications(), st.lists(credentials(), max_size=5))
def test_shortest_completion_completes_and_is_minimal(
    q: Qualification, creds: list[Credential]
) -> None:
    holdings = wallet(creds)
    plan = shortest_completion(q, holdings, today=TODAY)
    if plan.additions is None:
        return
    added = [earned(t.match, t.credits, n) for n, t in enumerate(plan.additions)]
    assert progress(q, [*holdings, *added], today=TODAY).satisfied

    # Brute force: every smaller set of the definition's targets leaves it unfinished.
    from portfolio_app.pathways._solver import compile_qualification
    from portfolio_app.pathways.shortest import matcher_json

    compiled = compile_qualification(q)
    targets = [(matcher_json(leaf.node.matcher), leaf.node.credits) for leaf in compiled.leaves]
    for size in range(len(plan.additions)):
        for subset in itertools.combinations(targets, size):
            trial = [earned(m, c, n) for n, (m, c) in enumerate(subset)]
            assert not progress(q, [*holdings, *trial], today=TODAY).satisfied, subset
