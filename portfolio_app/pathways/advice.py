"""Progress that explains itself: near misses, and what to *earn* versus what to *verify*.

A bare "0 %" teaches nothing when the learner holds the very course a programme asks for under
another id, or holds it unverified.  Two questions are answered here, for reports only (this is
not on the engine's hot path):

* **Near misses**: an open requirement and a held credential with the same name but a different
  achievement id (or issuer).  If it is the same achievement, an equivalence in the definition
  makes it count; the advice names the command.
* **Earn or verify**: the shortest way to finish under the "include unverified" policy splits into
  what must still be earned and what is held but counts only once verified (and how: a trust
  bundle, an online check), or never can be (a self-reported PDF).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from portfolio_app.pathways._solver import compile_qualification
from portfolio_app.pathways.definitions import (
    ByAchievementId,
    ByIssuerName,
    ByRecognisedIssuer,
    Qualification,
    norm_text,
)
from portfolio_app.pathways.engine import progress
from portfolio_app.pathways.holdings import AcceptancePolicy, HeldFacts, HoldingIndex, Trust
from portfolio_app.pathways.results import (
    Completion,
    ProgressNode,
    QualificationProgress,
    Target,
)
from portfolio_app.pathways.shortest import matcher_json, shortest_completion

TRUST_HOW = (
    "import a trust bundle with its issuer's documents (portfolio trust import FOLDER) "
    "or check it online (portfolio reverify --online)"
)
SELF_REPORTED_HOW = (
    "it cannot be verified (self-reported); it counts only with --include-unverified — "
    "ask the issuer for a verifiable credential to make it count otherwise"
)


@dataclass(frozen=True)
class NearMiss:
    """A held credential that looks like an open requirement but differs in one field."""

    holding_id: int
    title: str
    requirement: str  # the requirement's title
    path: str  # the requirement's JSON path in the definition
    field: str  # "achievement id" or "issuer"
    held: str
    wanted: str
    advice: str
    equivalence: dict[str, Any]  # the JSON to add under "equivalences"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.holding_id,
            "title": self.title,
            "requirement": self.requirement,
            "path": self.path,
            "differs": self.field,
            "held": self.held,
            "wanted": self.wanted,
            "advice": self.advice,
            "equivalence": self.equivalence,
        }


@dataclass(frozen=True)
class ToVerify:
    """A held credential that would count if verified (or that never can be)."""

    holding_id: int
    title: str
    reason: str  # why it does not count now ("unverifiable", "self-reported", …)
    how: str
    can_verify: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.holding_id,
            "title": self.title,
            "reason": self.reason,
            "how": self.how,
            "can_verify": self.can_verify,
        }


@dataclass(frozen=True)
class Advice:
    near_misses: tuple[NearMiss, ...] = ()
    earn: tuple[Target, ...] | None = ()  # None: nothing known can finish it
    verify: tuple[ToVerify, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "near_misses": [n.to_json() for n in self.near_misses],
            "earn": None if self.earn is None else [t.to_json() for t in self.earn],
            "verify": [v.to_json() for v in self.verify],
        }


def _open_paths(node: ProgressNode, found: set[str]) -> set[str]:
    if node.kind == "match" and not node.satisfied and not node.counted:
        found.add(node.path)
    for child in node.children:
        _open_paths(child, found)
    return found


def near_misses(
    qualification: Qualification, index: HoldingIndex, current: QualificationProgress
) -> tuple[NearMiss, ...]:
    """Open id / issuer+name requirements that a held credential of the same name misses."""
    open_paths = _open_paths(current.root, set())
    if not open_paths:
        return ()
    by_title = index.positions_by_title()
    facts = index.facts.get
    found: list[NearMiss] = []
    seen: set[tuple[int, str]] = set()
    for leaf in compile_qualification(qualification).leaves:
        node = leaf.node
        if node.path not in open_paths:
            continue
        matcher = node.matcher
        names = {norm_text(node.title)}
        if isinstance(matcher, ByIssuerName | ByRecognisedIssuer):
            names.add(norm_text(matcher.achievement_name))
        elif not isinstance(matcher, ByAchievementId):
            continue  # tags and alignments are not identities: no "same thing" to guess
        for name in names:
            for position in by_title.get(name, ()):
                held = facts(position)
                if held.trust is Trust.REJECTED:
                    continue
                miss = _near_miss(node.path, node.title, matcher, held)
                if miss is not None and (held.id, node.path) not in seen:
                    seen.add((held.id, node.path))
                    found.append(miss)
    return tuple(sorted(found, key=lambda n: (n.path, n.holding_id)))


def _near_miss(
    path: str,
    requirement: str,
    matcher: ByAchievementId | ByIssuerName | ByRecognisedIssuer,
    held: HeldFacts,
) -> NearMiss | None:
    credential = held.holding.credential
    title = credential.title
    if isinstance(matcher, ByRecognisedIssuer):
        return _not_recognised(path, requirement, matcher, held)
    if isinstance(matcher, ByAchievementId):
        have = credential.achievement_id or held.holding.learner_achievement_id
        if have and have.strip() == matcher.achievement_id:
            return None  # it matches; something else (trust, expiry) keeps it out
        field, wanted = "achievement id", matcher.achievement_id
        held_value = have or "none"
        own: dict[str, Any] = (
            {"achievement_id": have}
            if have
            else {"issuer_id": credential.issuer_id or "", "achievement_name": title}
        )
    else:
        have = credential.issuer_id
        if have and norm_text(have) == norm_text(matcher.issuer_id):
            return None
        field, wanted = "issuer", matcher.issuer_id
        held_value = have or credential.issuer_name
        own = (
            {"issuer_id": have, "achievement_name": title}
            if have
            else {"achievement_id": credential.achievement_id or ""}
        )
    equivalence = {
        "achievement": own,
        "counts_as": matcher_json(matcher),
        "note": f"#{held.id} is the same achievement under another {field}",
    }
    snippet = json.dumps(equivalence, ensure_ascii=False)
    advice = (
        f"you hold #{held.id} “{title}” but its {field} differs ({held_value} vs {wanted}); "
        f"if it is the same achievement, add an equivalence: put {snippet} under "
        f"\"equivalences\" in the definition and run: portfolio qualifications add FILE"
    )
    if isinstance(matcher, ByAchievementId):
        advice += (
            f" — or, as a self-reported claim that counts only with --include-unverified: "
            f"portfolio edit {held.id} --achievement-id {wanted}"
        )
    return NearMiss(
        held.id, title, requirement, path, field, held_value, wanted, advice, equivalence
    )


def _not_recognised(
    path: str, requirement: str, matcher: ByRecognisedIssuer, held: HeldFacts
) -> NearMiss | None:
    """The name matches, but no registry the profile holds says its issuer is the one asked."""
    credential = held.holding.credential
    have = credential.issuer_id
    if have and norm_text(have) in {norm_text(i) for i in matcher.issuer_ids}:
        return None  # it matches; something else (trust, expiry) keeps it out
    held_value = have or credential.issuer_name or "no issuer id"
    wanted = f"an issuer recognised as {matcher.official_name}"
    own = {"issuer_id": have or "", "achievement_name": credential.title}
    equivalence = {
        "achievement": own,
        "counts_as": matcher_json(matcher),
        "note": f"#{held.id} is the same achievement; its issuer is {matcher.official_name}",
    }
    claimed = f" (it calls itself “{credential.issuer_name}”)" if credential.issuer_name else ""
    advice = (
        f"you hold #{held.id} “{credential.title}” from {held_value}{claimed}, but no issuer "
        f"registry this profile holds recognises that issuer as {matcher.official_name}; "
        f"import a trust bundle whose registry lists it (portfolio trust import FOLDER), or, if "
        f"you know it is the same issuer, add an equivalence: put "
        f"{json.dumps(equivalence, ensure_ascii=False)} under \"equivalences\" in the "
        f"definition and run: portfolio qualifications add FILE"
    )
    return NearMiss(
        held.id, credential.title, requirement, path, "issuer", held_value, wanted, advice,
        equivalence,
    )


def advise(
    qualification: Qualification,
    index: HoldingIndex,
    current: QualificationProgress,
    *,
    today: date,
    acceptable: AcceptancePolicy,
    completion: Completion | None = None,
) -> Advice:
    """Near misses, and the shortest way to finish split into *earn* and *verify*.

    ``completion`` (the shortest way under ``acceptable``, when the caller has it) saves
    recomputing it.
    """
    if current.satisfied:
        return Advice()
    misses = near_misses(qualification, index, current)
    strict = completion or shortest_completion(
        qualification, index, today=today, acceptable=acceptable, current=current
    )
    if acceptable is AcceptancePolicy.INCLUDE_UNVERIFIED:
        return Advice(misses, strict.additions, ())
    relaxed = shortest_completion(
        qualification, index, today=today, acceptable=AcceptancePolicy.INCLUDE_UNVERIFIED
    )
    if relaxed.additions is None:
        return Advice(misses, strict.additions, ())
    strict_count = len(strict.additions) if strict.additions is not None else None
    if strict_count is not None and strict_count <= len(relaxed.additions):
        return Advice(misses, strict.additions, ())
    # Under the relaxed policy, what counts but is flagged is what must still be verified.

    loose = progress(
        qualification, index, today=today, acceptable=AcceptancePolicy.INCLUDE_UNVERIFIED
    )
    counted_now = set(current.root.counted)
    verify = []
    for holding_id in loose.root.flagged:
        if holding_id in counted_now:
            continue
        held = index.by_id(holding_id)
        self_reported = held.trust_reason == "self-reported" or held.trust is Trust.VERIFIED
        verify.append(
            ToVerify(
                holding_id,
                held.holding.credential.title,
                "self-reported" if self_reported else held.trust_reason,
                SELF_REPORTED_HOW if self_reported else TRUST_HOW,
                not self_reported,
            )
        )
    return Advice(misses, relaxed.additions, tuple(verify))
