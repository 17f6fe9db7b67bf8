"""Progress of one qualification: a tree that says, node by node, what counts and what is missing.

Pure functions of (definition, holdings, today, acceptance policy): no Qt, no database, no
clock.  Build a :class:`HoldingIndex` once with :func:`build_index` and pass it instead of the
holdings list when evaluating many qualifications (that is what keeps the benchmark fast).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from portfolio_app.model import display_title
from portfolio_app.pathways._solver import (
    Assignment,
    Candidates,
    CNode,
    Compiled,
    any_fraction,
    best_assignment,
    compile_qualification,
    credits_fraction,
    first_completion,
    gather,
    is_met,
    months_before,
    pool_values,
    today_window,
    within,
)
from portfolio_app.pathways.definitions import (
    AllOf,
    AnyOf,
    Credits,
    Match,
    Qualification,
    RecencyAnchor,
)
from portfolio_app.pathways.holdings import (
    AcceptancePolicy,
    HeldFacts,
    Holding,
    HoldingIndex,
    Trust,
    build_index,
)
from portfolio_app.pathways.results import ProgressNode, QualificationProgress

Holdings = Sequence[Holding] | HoldingIndex


def as_index(holdings: Holdings) -> HoldingIndex:
    return holdings if isinstance(holdings, HoldingIndex) else build_index(holdings)


def progress(
    qualification: Qualification,
    holdings: Holdings,
    *,
    today: date,
    acceptable: AcceptancePolicy = AcceptancePolicy.VERIFIED_ONLY,
) -> QualificationProgress:
    """How far the learner is towards ``qualification``, as of ``today``."""
    index = as_index(holdings)
    compiled = compile_qualification(qualification)
    base = gather(compiled, index, today=today, acceptable=acceptable)
    notes: list[str] = []
    chosen = _choose(compiled, base, index, today, notes)
    cands, asg, score, exact, completed_on = chosen
    root = _node(compiled.root, asg, cands, index)[0]
    if completed_on is None and is_met(score):
        completed_on = _last_earned(root.counted, index)
    if root.flagged:
        notes.append("Counted but not verified: " + ", ".join(f"#{i}" for i in root.flagged) + ".")
    if not exact:
        notes.append(
            "Many credentials could fill several rules; the best arrangement was "
            "approximated, so the true progress may be a little higher."
        )
    return QualificationProgress(
        qualification.id, qualification.name, root, completed_on, exact, tuple(notes)
    )


def progress_all(
    qualifications: Sequence[Qualification],
    holdings: Holdings,
    *,
    today: date,
    acceptable: AcceptancePolicy = AcceptancePolicy.VERIFIED_ONLY,
) -> list[QualificationProgress]:
    """Progress for many qualifications, indexing the holdings once."""
    index = as_index(holdings)
    return [progress(q, index, today=today, acceptable=acceptable) for q in qualifications]


def _choose(
    compiled: Compiled, base: Candidates, index: HoldingIndex, today: date, notes: list[str]
) -> tuple[Candidates, Assignment, float, bool, date | None]:
    """Pick the candidate window (recency) and the best assignment within it."""
    recency = compiled.qualification.recency
    if recency is not None and recency.anchor is RecencyAnchor.COMPLETION:
        # Adding credentials only helps, so if even all of them together fall short no
        # window can succeed, and the (possibly many) windows need not be tried.
        found = first_completion(compiled, base, index, today)
        if found is not None:
            start, end = found
            cands = within(base, index, start, end)
            asg, score, exact = best_assignment(compiled, cands)
            notes.append(
                f"Completed on {end.isoformat()} with credentials earned within "
                f"{recency.months} months before it."
            )
            return cands, asg, score, exact, end
    cands = today_window(compiled, base, index, today)
    if recency is not None:
        start = months_before(today, recency.months)
        notes.append(
            f"Only credentials earned from {start.isoformat()} to {today.isoformat()} count "
            f"(within {recency.months} months"
            + (
                " of completion, if completed today)."
                if recency.anchor is RecencyAnchor.COMPLETION
                else " of today)."
            )
        )
    asg, score, exact = best_assignment(compiled, cands)
    return cands, asg, score, exact, None


def _last_earned(ids: Sequence[int], index: HoldingIndex) -> date | None:
    dates = [index.by_id(i).issued for i in ids]
    if not dates or any(d is None for d in dates):
        return None
    return max(d for d in dates if d is not None)


# -- building the explained tree ---------------------------------------------------------------


def _node(
    c: CNode, asg: Assignment, cands: Candidates, index: HoldingIndex
) -> tuple[ProgressNode, float]:
    """The explained node and its progress fraction (exactly :func:`fraction`'s value, computed
    from the children's on the way up instead of walking each subtree again)."""
    node = c.node
    if isinstance(node, Match):
        return _slot(c, asg, cands, index), 1.0 if asg[c.leaf] else 0.0
    if isinstance(node, Credits):
        return _credits(c, asg, cands, index)
    built = [_node(child, asg, cands, index) for child in c.children]
    children = tuple(child for child, _ in built)
    parts = [value for _, value in built]
    met = sum(child.satisfied for child in children)
    n = len(children)
    if isinstance(node, AllOf):
        value = sum(parts) / len(parts)
        kind, needed = "all", n
        explanation = f"{met} of {n} requirements met; all {n} are needed."
        missing = tuple(line for child in children if not child.satisfied for line in child.missing)
    else:
        assert isinstance(node, AnyOf)
        value = any_fraction(node, parts)
        kind, needed = "any", node.min
        explanation = f"{met} of {n} options met; {node.min} needed."
        open_titles = [child.title for child in children if not child.satisfied]
        missing = (
            () if met >= node.min else (f"{node.min - met} more of: {'; '.join(open_titles)}",)
        )
    return _group_node(
        node,
        kind,
        value,
        explanation=explanation,
        missing=missing,
        children=children,
        needed=needed,
        met=met,
    ), value


def _slot(c: CNode, asg: Assignment, cands: Candidates, index: HoldingIndex) -> ProgressNode:
    assert isinstance(c.node, Match)
    get = index.facts.get
    positions = asg[c.leaf]
    if positions:
        position = _preferred(positions, get)
        held = get(position)
        learner = (c.leaf, position) in cands.learner
        flagged = held.trust is Trust.UNVERIFIED or learner
        via = (c.leaf, position) in cands.via_eq
        explanation = f"Met by #{held.id} “{display_title(held.holding.credential)}”"
        if via:
            explanation += " (through an equivalence)"
        if learner:
            explanation += " — self-reported: matched by what you entered"
        elif flagged:
            explanation += f" — not verified: {held.trust_reason}"
        return ProgressNode(
            path=c.node.path,
            kind="match",
            title=c.node.title,
            satisfied=True,
            percent=100.0,
            explanation=explanation + ".",
            missing=(),
            counted=(held.id,),
            flagged=(held.id,) if flagged else (),
            via_equivalence=(held.id,) if via else (),
            needed=1,
            met=1,
        )
    return ProgressNode(
        path=c.node.path,
        kind="match",
        title=c.node.title,
        satisfied=False,
        percent=0.0,
        explanation="Not earned yet" + _refusals(cands.excluded[c.leaf], index) + ".",
        missing=(c.node.title,),
        needed=1,
        met=0,
    )


def _pool_leaf(
    c: CNode, positions: tuple[int, ...], cands: Candidates, index: HoldingIndex, unit: str
) -> ProgressNode:
    assert isinstance(c.node, Match)
    cached, get, leaf = index.facts.cached, index.facts.get, c.leaf
    held = [cached[p] or get(p) for p in positions]
    ids = tuple([h.holding.id for h in held])
    values = cands.value
    total = sum([values[(leaf, p)] for p in positions])
    unverified = Trust.UNVERIFIED  # a local: an enum member lookup costs more, per credential
    learner = cands.learner
    flagged = tuple(
        [
            h.holding.id
            for p, h in zip(positions, held, strict=True)
            if h.trust is unverified or (leaf, p) in learner
        ]
    )
    via_eq = cands.via_eq
    via = (
        tuple([h.holding.id for p, h in zip(positions, held, strict=True) if (leaf, p) in via_eq])
        if via_eq
        else ()
    )
    if ids:
        explanation = (
            f"{len(ids)} credential{'s' if len(ids) > 1 else ''} worth {total:g} "
            f"{unit} ({', '.join(f'#{i}' for i in ids)})"
        )
    else:
        explanation = "Nothing counted here yet"
    explanation += _refusals(cands.excluded[c.leaf], index) + "."
    return ProgressNode(
        path=c.node.path,
        kind="match",
        title=c.node.title,
        satisfied=bool(ids),
        percent=100.0 if ids else 0.0,
        explanation=explanation,
        missing=(),
        counted=ids,
        flagged=flagged,
        via_equivalence=via,
        needed=0,
        met=len(ids),
        credits=total,
    )


def _credits(
    c: CNode, asg: Assignment, cands: Candidates, index: HoldingIndex
) -> tuple[ProgressNode, float]:
    node = c.node
    assert isinstance(node, Credits)
    children = tuple(
        _pool_leaf(child, asg[child.leaf], cands, index, node.unit.label) for child in c.children
    )
    values = pool_values(c, asg, cands)
    total = sum(values.values())  # what credit_total sums, in the same order
    value = credits_fraction(node, total)
    unit = node.unit.label
    explanation = (
        f"{total:g} of {node.min:g} {unit} from {len(values)} "
        f"credential{'' if len(values) == 1 else 's'}."
    )
    missing: tuple[str, ...] = ()
    if not is_met(value):
        options = "; ".join(child.title for child in children if not child.counted)
        missing = (f"{node.min - total:g} more {unit}" + (f" from: {options}" if options else ""),)
    return _group_node(
        node,
        "credits",
        value,
        explanation=explanation,
        missing=missing,
        children=children,
        needed=len(children),
        met=sum(bool(child.counted) for child in children),
        credits=total,
        credits_needed=node.min,
        unit=node.unit.value,
    ), value


def _group_node(
    node: AllOf | AnyOf | Credits,
    kind: str,
    value: float,
    *,
    explanation: str,
    missing: tuple[str, ...],
    children: tuple[ProgressNode, ...],
    **counts: Any,
) -> ProgressNode:
    """A node over child nodes: what counted is the union of the children's, and a satisfied
    group says so at the end of its sentence (one rule for all/any and credits groups)."""
    if is_met(value):
        explanation = explanation[:-1] + " — done."
    return ProgressNode(
        path=node.path,
        kind=kind,
        title=node.title,
        satisfied=is_met(value),
        percent=100.0 * value,
        explanation=explanation,
        missing=missing,
        counted=_union(child.counted for child in children),
        flagged=_union(child.flagged for child in children),
        via_equivalence=_union(child.via_equivalence for child in children),
        children=children,
        **counts,
    )


def _preferred(positions: tuple[int, ...], get: Callable[[int], HeldFacts]) -> int:
    """The position :func:`_preference` ranks first (``positions`` ascending, not empty).

    Positions ascend with holding ids, so the first verified credential that never expires
    already has the smallest key there can be: the scan usually stops early instead of
    ranking every credential a broad rule (a tag, a skill) matches.
    """
    unverified = Trust.UNVERIFIED
    for position in positions:
        held = get(position)
        if held.expires is None and held.trust is not unverified:
            return position
    return min(positions, key=lambda p: _preference(get(p)))


def _preference(held: HeldFacts) -> tuple[bool, bool, int, int]:
    """Which of several credentials fills a slot: verified, then longest valid, then oldest id."""
    expires = held.expires.toordinal() if held.expires else 0
    return (held.trust is Trust.UNVERIFIED, held.expires is not None, -expires, held.id)


def _refusals(excluded: list[tuple[int, str]], index: HoldingIndex) -> str:
    if not excluded:
        return ""
    shown = [f"#{index.facts.get(p).id} matches but {why}" for p, why in excluded[:3]]
    more = f" (and {len(excluded) - 3} more)" if len(excluded) > 3 else ""
    return "; " + "; ".join(shown) + more


def _union(groups: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    return tuple(sorted(set().union(*groups)))
