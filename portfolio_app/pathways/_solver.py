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
from collections.abc import Callable, Sequence
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
    own_keys,
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


_COMPILED = "_pathways_compiled"  # where a definition keeps its compiled form


def compile_qualification(qualification: Qualification) -> Compiled:
    """Number the leaves (a group used twice yields two leaves) and expand equivalences.

    A definition is parsed once and evaluated again and again (every qualification, every time
    the wallet changes), so the compiled form is kept on the definition itself, as
    ``functools.cached_property`` would: in the instance ``__dict__``, which a frozen dataclass
    leaves writable and which its ``==``, ``hash`` and ``repr`` ignore.  Everything compiled is
    immutable, and the identity check refuses a form copied along with the instance.
    """
    store: dict[str, object] | None = getattr(qualification, "__dict__", None)
    found = store.get(_COMPILED) if store is not None else None
    if isinstance(found, Compiled) and found.qualification is qualification:
        return found
    compiled = _compile(qualification)
    if store is not None:
        store[_COMPILED] = compiled
    return compiled


def _compile(qualification: Qualification) -> Compiled:
    leaves: list[Leaf] = []
    extra: dict[MatchKey, list[MatchKey]] = {}
    for eq in qualification.equivalences:
        extra.setdefault(eq.counts_as.key, []).extend(own_keys(eq.achievement))

    def walk(node: Node, pool: Credits | None) -> CNode:
        if isinstance(node, Match):
            own = own_keys(node.matcher)
            via = tuple((k, True) for k in extra.get(node.matcher.key, ()) if k not in own)
            keys = (*((k, False) for k in own), *via)
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
    # (leaf, position) matched only through learner-entered tags / achievement id
    learner: set[tuple[int, int]] = field(default_factory=set)
    value: dict[tuple[int, int], float] = field(default_factory=dict)  # pool credits
    achievements: dict[int, MatchKey] = field(default_factory=dict)  # position → achievement
    # credit_total's answers by (pool's first leaf, the pool's slots): the assignments compared
    # for one qualification mostly fill a pool the same way.  Not passed on by restricted.
    totals: dict[tuple[int, Assignment], float] = field(default_factory=dict)

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
        return Candidates(
            per_leaf, excluded, self.via_eq, self.learner, self.value, self.achievements
        )


def gather(
    compiled: Compiled, index: HoldingIndex, *, today: date, acceptable: AcceptancePolicy
) -> Candidates:
    """Candidates by the index, filtered by acceptance, expiry and (for pools) credit value."""
    expiry = compiled.qualification.expiry
    facts = index.facts
    cached = facts.cached
    get = facts.get
    lookup = index.lookup
    # Whether a holding is acceptable and unexpired does not depend on the rule: remember it
    # on the index (a list by position: cheaper than a dict in this loop), across every
    # qualification evaluated against the same wallet.
    memo = index.memo.get((today, acceptable, expiry))
    if memo is None:
        memo = index.memo[(today, acceptable, expiry)] = [None] * len(facts)
    # Enum members in locals: ``Trust.VERIFIED`` costs a lookup through the enum class (several
    # times a local read), and the test below runs once per credential a rule touches.
    verified = Trust.VERIFIED
    check_expiry = expiry is ExpiryPolicy.MUST_BE_VALID
    result = Candidates([], [])
    achievements = result.achievements
    values = result.value
    learner_lookup = index.learner_lookup if index.has_learner_keys else None
    for leaf in compiled.leaves:
        keys = leaf.keys
        seen: dict[int, bool] | None = None
        by_learner: set[int] = set()
        if len(keys) == 1 and learner_lookup is None:  # the usual case: no equivalence
            positions: Sequence[int] = lookup(keys[0][0])
        else:
            seen = {}
            for key, via in keys:
                for position in lookup(key):
                    seen[position] = seen.get(position, True) and via
            if learner_lookup is not None:
                for key, via in keys:
                    for position in learner_lookup(key):
                        if position not in seen:
                            by_learner.add(position)
                            seen[position] = via
            positions = sorted(seen)
        pool = leaf.pool
        declared = leaf.node.credits
        ok: list[int] = []
        refused: list[tuple[int, str]] = []
        for position in positions:
            held = cached[position] or get(position)
            reason = memo[position]
            if reason is None:
                # What _refusal answers, with its usual case (verified, unexpired) inline.
                if held.trust is verified and not (check_expiry and held.expired(today)):
                    reason = ""
                else:
                    reason = _refusal(held, today, acceptable, expiry)
                memo[position] = reason
            if by_learner and not reason and position in by_learner:
                if acceptable is not AcceptancePolicy.INCLUDE_UNVERIFIED:
                    reason = (
                        "matches only by what you entered (a tag or achievement id), which "
                        "counts only when unverified credentials are included"
                    )
                else:
                    result.learner.add((leaf.index, position))
            if reason:
                refused.append((position, reason))
                continue
            if pool is not None:
                worth = declared if declared is not None else held.credits.get(pool.unit, 0.0)
                if worth <= 0:
                    refused.append((position, f"carries no {pool.unit.label}"))
                    continue
                values[(leaf.index, position)] = worth
            ok.append(position)
            achievements[position] = held.achievement
            if seen is not None and seen[position]:
                result.via_eq.add((leaf.index, position))
        result.per_leaf.append(ok)
        result.excluded.append(refused)
    return result


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
    per_leaf = cands.per_leaf
    if compiled.qualification.reuse is ReusePolicy.SHARED:
        return [tuple(tuple(p) for p in per_leaf)], True
    # The usual case: no credential matches two leaves, so each stays where it matched and
    # there is nothing to choose.  (Each leaf's positions are ascending without repeats, as
    # gather and restricted leave them: exactly what the general path below would build.)
    if sum(map(len, per_leaf)) == len(set().union(*per_leaf)):
        return [tuple(tuple(p) for p in per_leaf)], True
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
    # Only the leaves some open choice may go to differ between assignments: freeze the
    # others once, and per choice rebuild just the touched slots.
    fixed = _freeze(base)
    found = []
    for choice in itertools.product(*(useful for _, useful in open_choices)):
        added: dict[int, list[int]] = {}
        for (position, _), leaf in zip(open_choices, choice, strict=True):
            added.setdefault(leaf, []).append(position)
        slots = list(fixed)
        for leaf, positions in added.items():
            slots[leaf] = tuple(sorted(base[leaf] + positions))
        found.append(tuple(slots))
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
    if c.leaf >= 0:  # a Match (only leaves are numbered): tested first, most nodes are leaves
        return 1.0 if asg[c.leaf] else 0.0
    node = c.node
    if isinstance(node, Credits):
        return credits_fraction(node, credit_total(c, asg, cands))
    parts = [fraction(child, asg, cands) for child in c.children]
    if isinstance(node, AllOf):
        return sum(parts) / len(parts)
    assert isinstance(node, AnyOf)
    return any_fraction(node, parts)


def credits_fraction(node: Credits, total: float) -> float:
    return 1.0 if total >= node.min - EPSILON else total / node.min


def any_fraction(node: AnyOf, parts: list[float]) -> float:
    """The best ``min`` children count (``parts`` in child order: ties keep the same sum)."""
    best = sorted(parts, reverse=True)[: node.min]
    return sum(best) / node.min


def credit_total(c: CNode, asg: Assignment, cands: Candidates) -> float:
    """Credits in a pool; a credential matching two of its rules still counts once.

    Sums the same values in the same order as ``pool_values(...).values()`` (one entry per
    achievement, each with a distinct position), without building that dict.  The answer
    depends only on the pool's own slots, and a pool's leaves are numbered consecutively
    (its children are all leaves, numbered in order), so those slots are one slice of ``asg``.
    """
    children = c.children
    if not children:
        return sum([])
    first = children[0].leaf
    key = (first, asg[first : children[-1].leaf + 1])
    total = cands.totals.get(key)
    if total is None:
        best = _best_per_achievement(c, asg, cands)
        total = cands.totals[key] = sum([value for value, _ in best.values()])
    return total


def pool_values(c: CNode, asg: Assignment, cands: Candidates) -> dict[int, float]:
    """Credit per counted credential of a pool.

    A credential matching two rules of the pool counts once, and so does an achievement held
    twice (a re-issued badge): its best-valued copy counts, the other adds nothing.
    """
    return {position: value for value, position in _best_per_achievement(c, asg, cands).values()}


def _best_per_achievement(
    c: CNode, asg: Assignment, cands: Candidates
) -> dict[MatchKey, tuple[float, int]]:
    best: dict[MatchKey, tuple[float, int]] = {}
    values = cands.value
    achievements = cands.achievements
    for child in c.children:
        leaf = child.leaf
        for position in asg[leaf]:
            value = values[(leaf, position)]
            key = achievements[position]
            found = best.get(key)
            if found is None or value > found[0]:
                best[key] = (value, position)
    return best


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
    cached, get = index.facts.cached, index.facts.get
    return {p: (cached[p] or get(p)).issued for positions in cands.per_leaf for p in positions}


def _within(
    cands: Candidates, issued_on: dict[int, date | None], start: date, end: date, *, explain: bool
) -> Candidates:
    # Decided once per candidate, then asked through a set's C-level __contains__: the recency
    # search restricts the same candidates to many trial windows.
    kept = {p for p, issued in issued_on.items() if issued is not None and start <= issued <= end}

    def why(position: int) -> str:
        issued = issued_on[position]
        if issued is None:
            return "has no issue date, so its recency cannot be shown"
        return f"was earned {issued.isoformat()}, outside {start.isoformat()} – {end.isoformat()}"

    return cands.restricted(kept.__contains__, why if explain else None)


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
