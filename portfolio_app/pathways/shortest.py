"""The shortest way to finish: the fewest additional achievements that complete a qualification.

"Achievements the catalogue knows" are the targets of the definition's match rules: each rule
is one achievement the learner could earn (for a credits pool, worth the credits the rule
declares).  For a fixed arrangement of what the learner already holds, the fewest additions
decompose over the tree exactly: a slot costs 0 or 1, *all* adds its children, *any* takes its
``min`` cheapest children, and a credits pool takes its largest declared values first (which is
optimal for reaching a sum with the fewest items).  Each rule's achievement is suggested at
most once; a specific achievement already counted is never suggested again (it would add
nothing: an achievement counts once), while "another credential tagged X" may be.  Taking the
minimum over every arrangement the solver enumerates makes the answer minimal, which the
property tests check by brute force.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from portfolio_app.pathways._solver import (
    EPSILON,
    Assignment,
    Candidates,
    CNode,
    Compiled,
    assignments,
    compile_qualification,
    credit_total,
    first_completion,
    gather,
    today_window,
)
from portfolio_app.pathways.definitions import (
    AllOf,
    AnyOf,
    ByAchievementId,
    ByAlignment,
    ByIssuerName,
    ByRecognisedIssuer,
    ByTag,
    Credits,
    Match,
    Matcher,
    Qualification,
    RecencyAnchor,
)
from portfolio_app.pathways.engine import Holdings, as_index, progress
from portfolio_app.pathways.holdings import AcceptancePolicy, HoldingIndex
from portfolio_app.pathways.results import Completion, Expiring, QualificationProgress, Target

_Plan = tuple[float, tuple[int, ...]]  # (number of additions or inf, leaves to earn)
_NO_PLAN: _Plan = (math.inf, ())


def shortest_completion(
    qualification: Qualification,
    holdings: Holdings,
    *,
    today: date,
    acceptable: AcceptancePolicy = AcceptancePolicy.VERIFIED_ONLY,
    current: QualificationProgress | None = None,
) -> Completion:
    """Fewest additional achievements that would complete ``qualification`` if earned today.

    ``current`` (the result of :func:`progress` for the same inputs) saves recomputing it; it
    names the credentials that count now, whose expiry dates are reported soonest first.
    """
    index = as_index(holdings)
    if current is None:
        current = progress(qualification, index, today=today, acceptable=acceptable)
    expiring = _expiring(current, index)
    if current.satisfied:
        return Completion(qualification.id, (), expiring, current.exact, "Already complete.")
    compiled = compile_qualification(qualification)
    base = gather(compiled, index, today=today, acceptable=acceptable)
    if _done_in_a_past_window(compiled, base, index, today):
        return Completion(qualification.id, (), expiring, True, "Already complete.")
    cands = today_window(compiled, base, index, today)
    found, exact = assignments(compiled, cands)
    best = _NO_PLAN
    for asg in found:
        plan = _plan(compiled.root, asg, cands)
        if plan[0] < best[0]:
            best = plan
    if math.isinf(best[0]):
        return Completion(
            qualification.id,
            None,
            expiring,
            exact,
            "No set of the achievements this definition names can finish it (a credits rule "
            "may lack declared credit values).",
        )
    targets = tuple(_target(compiled, leaf) for leaf in best[1])
    count = len(targets)
    return Completion(
        qualification.id,
        targets,
        expiring,
        exact,
        f"{count} more achievement{'' if count == 1 else 's'} would complete it: "
        + "; ".join(t.title for t in targets)
        + ".",
    )


def _done_in_a_past_window(
    compiled: Compiled, base: Candidates, index: HoldingIndex, today: date
) -> bool:
    recency = compiled.qualification.recency
    if recency is None or recency.anchor is not RecencyAnchor.COMPLETION:
        return False
    return first_completion(compiled, base, index, today) is not None


def _plan(c: CNode, asg: Assignment, cands: Candidates) -> _Plan:
    node = c.node
    if isinstance(node, Match):
        return (0.0, ()) if asg[c.leaf] else (1.0, (c.leaf,))
    if isinstance(node, Credits):
        return _pool_plan(c, node, asg, cands)
    plans = [_plan(child, asg, cands) for child in c.children]
    if isinstance(node, AllOf):
        chosen = plans
    else:
        assert isinstance(node, AnyOf)
        chosen = sorted(plans, key=lambda p: p[0])[: node.min]  # stable: earlier child on ties
    cost = sum(p[0] for p in chosen)
    if math.isinf(cost):
        return _NO_PLAN
    return cost, tuple(sorted(leaf for p in chosen for leaf in p[1]))


def _pool_plan(c: CNode, node: Credits, asg: Assignment, cands: Candidates) -> _Plan:
    deficit = node.min - credit_total(c, asg, cands)
    if deficit <= EPSILON:
        return 0.0, ()
    # A specific achievement already counted here adds nothing if earned again; "another
    # credential tagged X" (a generic rule) can still add its declared credits.
    addable = sorted(
        (
            (child.leaf, _declared(child))
            for child in c.children
            if not (asg[child.leaf] and _specific(child))
        ),
        key=lambda item: -item[1],
    )
    picked: list[int] = []
    for leaf, worth in addable:
        if worth <= 0:
            break
        picked.append(leaf)
        deficit -= worth
        if deficit <= EPSILON:
            return float(len(picked)), tuple(sorted(picked))
    return _NO_PLAN


def _declared(c: CNode) -> float:
    """What earning this pool rule's achievement would add (0 when the rule does not say)."""
    return c.node.credits or 0.0 if isinstance(c.node, Match) else 0.0


def _specific(c: CNode) -> bool:
    return isinstance(c.node, Match) and isinstance(
        c.node.matcher, ByAchievementId | ByIssuerName | ByRecognisedIssuer
    )


def _target(compiled: Compiled, leaf: int) -> Target:
    info = compiled.leaves[leaf]
    unit = info.pool.unit.value if info.pool is not None else None
    return Target(
        info.node.path,
        info.node.title,
        matcher_json(info.node.matcher),
        info.node.credits if unit else None,
        unit,
    )


def matcher_json(matcher: Matcher) -> dict[str, Any]:
    """The matcher as written in a definition (so a GUI can link to it, a script can use it)."""
    if isinstance(matcher, ByAchievementId):
        return {"achievement_id": matcher.achievement_id}
    if isinstance(matcher, ByIssuerName):
        return {"issuer_id": matcher.issuer_id, "achievement_name": matcher.achievement_name}
    if isinstance(matcher, ByRecognisedIssuer):  # as written: the bound ids are the profile's
        return {
            "issuer_recognised_as": matcher.official_name,
            "achievement_name": matcher.achievement_name,
        }
    if isinstance(matcher, ByTag):
        return {"tag": matcher.tag}
    assert isinstance(matcher, ByAlignment)
    if matcher.url is not None:
        return {"alignment": {"url": matcher.url}}
    return {"alignment": {"framework": matcher.framework, "code": matcher.code}}


def _expiring(current: QualificationProgress, index: HoldingIndex) -> tuple[Expiring, ...]:
    by_id = index.by_id
    found = [
        Expiring(i, by_id(i).holding.credential.title, expires)
        for i in current.root.counted
        if (expires := by_id(i).expires) is not None
    ]
    return tuple(sorted(found, key=lambda e: (e.expires, e.holding_id)))
