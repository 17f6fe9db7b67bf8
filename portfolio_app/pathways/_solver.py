"""The search both the progress engine and the planner share (internal).

A definition is compiled into a mirror tree whose leaves are numbered; every leaf gets the
holdings that may fill it (accepted, unexpired, recent enough).  Under the ``once`` reuse rule a
credential matching several leaves must be *assigned* to one of them; we enumerate those
choices exactly while they are few (the usual case: most credentials match one rule), and fall
back to a greedy choice beyond a budget, saying so (``exact=False``).  Because the exact search
maximises a score that only grows with more credentials, progress can never go down when the
learner earns something new.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from portfolio_app.pathways.definitions import (
    AllOf,
    AnyOf,
    Credits,
    ExpiryPolicy,
    Match,
    MatchKey,
    Node,
    Qualification,
    ReusePolicy,
)
from portfolio_app.pathways.holdings import AcceptancePolicy, HeldFacts, HoldingIndex, Trust

ASSIGNMENT_BUDGET = 4096
EPSILON = 1e-9

Assignment = tuple[tuple[int, ...], ...]  # per leaf: positions (into index.facts) filling it


@dataclass(frozen=True)
class CNode:
    node: Node
    children: tuple[CNode, ...] = ()
    leaf: int = -1


@dataclass(frozen=True)
class Leaf:
    index: int
    node: Match
    pool: Credits | None  # the credits rule this leaf feeds, or None for a one-credential slot
    keys: tuple[tuple[MatchKey, bool], ...]  # (key, reached through an equivalence)


@dataclass(frozen=True)
class Compiled:
    qualification: Qualification
    root: CNode
    leaves: tuple[Leaf, ...]


def compile_qualification(qualification: Qualification) -> Compiled:
    """Number the leaves (a group used twice yields two leaves) and expand equivalences."""
    leaves: list[Leaf] = []
    extra: dict[MatchKey, list[MatchKey]] = {}
    for eq in qualification.equivalences:
        extra.setdefault(eq.counts_as.key, []).append(eq.achievement.key)

    def walk(node: Node, pool: Credits | None) -> CNode:
        if isinstance(node, Match):
            own = node.matcher.key
            keys = ((own, False), *((k, True) for k in extra.get(own, ()) if k != own))
            leaves.append(Leaf(len(leaves), node, pool, keys))
            return CNode(node, leaf=len(leaves) - 1)
        inner = node if isinstance(node, Credits) else None
        return CNode(node, tuple(walk(child, inner) for child in node.children))

    root = walk(qualification.requirements, None)
    return Compiled(qualification, root, tuple(leaves))


@dataclass
class Candidates:
    """Who may fill each leaf, and why others that match may not."""

    per_leaf: list[list[int]]
    excluded: list[list[tuple[int, str]]]
    via_eq: set[tuple[int, int]] = field(default_factory=set)
    value: dict[tuple[int, int], float] = field(default_factory=dict)  # pool credits
    achievements: dict[int, MatchKey] = field(default_factory=dict)  # position → achievement

    def restricted(
        self, keep: Callable[[int], bool], why: Callable[[int], str] | None
    ) -> Candidates:
        """The same candidates minus those ``keep`` refuses (moved to ``excluded`` with ``why``,
        unless ``why`` is None: the trial windows of a recency search need no explanations)."""
        per_leaf, excluded = [], []
        for leaf, positions in enumerate(self.per_leaf):
            per_leaf.append([p for p in positions if keep(p)])
            refused = self.excluded[leaf]
            if why is not None:
                refused = refused + [(p, why(p)) for p in positions if not keep(p)]
            excluded.append(refused)
        return Candidates(per_leaf, excluded, self.via_eq, self.value, self.achievements)


def gather(
    compiled: Compiled, index: HoldingIndex, *, today: date, acceptable: AcceptancePolicy
) -> Candidates:
    """Candidates by the index, filtered by acceptance, expiry and (for pools) credit value."""
    expiry = compiled.qualification.expiry
    facts = index.facts
    cached = facts.cached
    # Whether a holding is acceptable and unexpired does not depend on the rule: remember it
    # on the index, across every qualification evaluated against the same wallet.
    memo = index.memo.setdefault((today, acceptable, expiry), {})
    result = Candidates([], [])
    for leaf in compiled.leaves:
        seen: dict[int, bool] = {}
        for key, via in leaf.keys:
            for position in index.lookup(key):
                seen[position] = seen.get(position, True) and via
        ok: list[int] = []
        refused: list[tuple[int, str]] = []
        for position in sorted(seen):
            held = cached[position] or facts[position]
            reason = memo.get(position)
            if reason is None:
                reason = memo[position] = _refusal(held, today, acceptable, expiry)
            if not reason and leaf.pool is not None and _credit_value(held, leaf) <= 0:
                reason = f"carries no {leaf.pool.unit.label}"
            if reason:
                refused.append((position, reason))
                continue
            ok.append(position)
            result.achievements[position] = held.achievement
            if seen[position]:
                result.via_eq.add((leaf.index, position))
            if leaf.pool is not None:
                result.value[(leaf.index, position)] = _credit_value(held, leaf)
        result.per_leaf.append(ok)
        result.excluded.append(refused)
    return result


def _credit_value(held: HeldFacts, leaf: Leaf) -> float:
    if leaf.node.credits is not None:
        return leaf.node.credits
    assert leaf.pool is not None
    return held.credits.get(leaf.pool.unit, 0.0)


def _refusal(
    held: HeldFacts, today: date, acceptable: AcceptancePolicy, expiry: ExpiryPolicy
) -> str:
    if not held.accepted(acceptable):
        if held.trust is Trust.UNVERIFIED:
            return f"is not verified ({held.trust_reason}) and only verified credentials count"
        return f"failed verification ({held.trust_reason})"
    if expiry is ExpiryPolicy.MUST_BE_VALID and held.expired(today):
        when = f" on {held.expires.isoformat()}" if held.expires else ""
        return f"expired{when}"
    return ""


# -- assignments -------------------------------------------------------------------------------


def assignments(compiled: Compiled, cands: Candidates) -> tuple[list[Assignment], bool]:
    """Every assignment worth comparing (exact), or one greedy assignment (``False``)."""
    n = len(compiled.leaves)
    if compiled.qualification.reuse is ReusePolicy.SHARED:
        return [tuple(tuple(p) for p in cands.per_leaf)], True
    options: dict[int, list[int]] = {}
    for leaf in range(n):
        for position in cands.per_leaf[leaf]:
            options.setdefault(position, []).append(leaf)
    base: list[list[int]] = [[] for _ in range(n)]
    contested: list[tuple[int, list[int]]] = []
    for position in sorted(options):
        leaves = options[position]
        if len(leaves) == 1:
            base[leaves[0]].append(position)
        else:
            contested.append((position, leaves))
    pools = {leaf.index for leaf in compiled.leaves if leaf.pool is not None}
    open_choices: list[tuple[int, list[int]]] = []
    for position, leaves in contested:
        # A slot already filled by a credential that can go nowhere else gains nothing more.
        useful = [leaf for leaf in leaves if leaf in pools or not base[leaf]]
        if len(useful) == 1:
            base[useful[0]].append(position)
        elif len(useful) > 1:
            open_choices.append((position, useful))
    size = 1
    for _, useful in open_choices:
        size *= len(useful)
        if size > ASSIGNMENT_BUDGET:
            return [_greedy(compiled, cands, base, open_choices)], False
    found = []
    for choice in itertools.product(*(useful for _, useful in open_choices)):
        slots = [list(b) for b in base]
        for (position, _), leaf in zip(open_choices, choice, strict=True):
            slots[leaf].append(position)
        found.append(tuple(tuple(sorted(s)) for s in slots))
    return found, True


def _greedy(
    compiled: Compiled,
    cands: Candidates,
    base: list[list[int]],
    open_choices: list[tuple[int, list[int]]],
) -> Assignment:
    slots = [list(b) for b in base]
    for position, useful in open_choices:
        best_leaf, best_score = useful[0], -1.0
        for leaf in useful:
            slots[leaf].append(position)
            score = fraction(compiled.root, _freeze(slots), cands)
            slots[leaf].pop()
            if score > best_score + EPSILON:
                best_leaf, best_score = leaf, score
        slots[best_leaf].append(position)
    return _freeze(slots)


def _freeze(slots: list[list[int]]) -> Assignment:
    return tuple(tuple(sorted(s)) for s in slots)


# -- scoring -----------------------------------------------------------------------------------


def fraction(c: CNode, asg: Assignment, cands: Candidates) -> float:
    """0..1 progress of a node under an assignment; 1 exactly when it is satisfied."""
    node = c.node
    if isinstance(node, Match):
        return 1.0 if asg[c.leaf] else 0.0
    if isinstance(node, Credits):
        total = credit_total(c, asg, cands)
        return 1.0 if total >= node.min - EPSILON else total / node.min
    parts = [fraction(child, asg, cands) for child in c.children]
    if isinstance(node, AllOf):
        return sum(parts) / len(parts)
    assert isinstance(node, AnyOf)
    best = sorted(parts, reverse=True)[: node.min]
    return sum(best) / node.min


def credit_total(c: CNode, asg: Assignment, cands: Candidates) -> float:
    """Credits in a pool; a credential matching two of its rules still counts once."""
    return sum(pool_values(c, asg, cands).values())


def pool_values(c: CNode, asg: Assignment, cands: Candidates) -> dict[int, float]:
    """Credit per counted credential of a pool.

    A credential matching two rules of the pool counts once, and so does an achievement held
    twice (a re-issued badge): its best-valued copy counts, the other adds nothing.
    """
    best: dict[MatchKey, tuple[float, int]] = {}
    for child in c.children:
        for position in asg[child.leaf]:
            value = cands.value[(child.leaf, position)]
            key = cands.achievements[position]
            if key not in best or value > best[key][0]:
                best[key] = (value, position)
    return {position: value for value, position in best.values()}


def is_met(value: float) -> bool:
    return value >= 1.0 - EPSILON


def best_assignment(compiled: Compiled, cands: Candidates) -> tuple[Assignment, float, bool]:
    """The assignment with the highest progress (first found on ties: deterministic)."""
    found, exact = assignments(compiled, cands)
    best, best_score = found[0], fraction(compiled.root, found[0], cands)
    for asg in found[1:]:
        score = fraction(compiled.root, asg, cands)
        if score > best_score + EPSILON:
            best, best_score = asg, score
    return best, best_score, exact


# -- recency -----------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's end: 31 March - 1 → 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within(
    cands: Candidates, index: HoldingIndex, start: date, end: date, *, explain: bool = True
) -> Candidates:
    """Only credentials earned in ``[start, end]``; the others are excluded with a reason."""
    return _within(cands, _issued(cands, index), start, end, explain=explain)


def _issued(cands: Candidates, index: HoldingIndex) -> dict[int, date | None]:
    facts = index.facts
    return {p: facts[p].issued for positions in cands.per_leaf for p in positions}


def _within(
    cands: Candidates, issued_on: dict[int, date | None], start: date, end: date, *, explain: bool
) -> Candidates:
    def keep(position: int) -> bool:
        issued = issued_on[position]
        return issued is not None and start <= issued <= end

    def why(position: int) -> str:
        issued = issued_on[position]
        if issued is None:
            return "has no issue date, so its recency cannot be shown"
        return f"was earned {issued.isoformat()}, outside {start.isoformat()} – {end.isoformat()}"

    return cands.restricted(keep, why if explain else None)


def today_window(
    compiled: Compiled, cands: Candidates, index: HoldingIndex, today: date
) -> Candidates:
    """Candidates as they stand if the qualification were completed today."""
    recency = compiled.qualification.recency
    if recency is None:
        return cands
    return within(cands, index, months_before(today, recency.months), today)


def first_completion(
    compiled: Compiled, cands: Candidates, index: HoldingIndex, today: date
) -> tuple[date, date] | None:
    """For "within N months of completion": the earliest window ``(start, end)``, ending on a
    candidate's issue date, whose credentials complete the qualification; None if none does.

    Everything earned up to ``end`` completing it is necessary and only gets truer as ``end``
    moves later, so a binary search finds the first end date worth trying; from there the
    windows are tried in order (the months limit may still split them).
    """
    recency = compiled.qualification.recency
    assert recency is not None
    issued_on = _issued(cands, index)
    ends = sorted({d for d in issued_on.values() if d is not None and d <= today})
    floor = date.min

    def met_by(start: date, end: date) -> bool:
        trial = _within(cands, issued_on, start, end, explain=False)
        return is_met(best_assignment(compiled, trial)[1])

    low, high = 0, len(ends)
    while low < high:
        middle = (low + high) // 2
        if met_by(floor, ends[middle]):
            high = middle
        else:
            low = middle + 1
    for end in ends[low:]:
        start = months_before(end, recency.months)
        if met_by(start, end):
            return start, end
    return None
