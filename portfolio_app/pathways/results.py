"""What the engine answers: small frozen dataclasses with a JSON form for ``--json`` and the GUI.

Every node carries its own one-sentence explanation, so neither the CLI nor the GUI has to
re-derive *why* a requirement is (not) met: they only lay the tree out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ProgressNode:
    """One requirement's state.  ``percent`` is 0–100; ``satisfied`` ⇔ ``percent == 100``."""

    path: str  # where the rule is written in the definition (JSON path)
    kind: str  # "all", "any", "credits", "match"
    title: str
    satisfied: bool
    percent: float
    explanation: str
    missing: tuple[str, ...]
    counted: tuple[int, ...] = ()  # holding ids that count here (whole subtree)
    flagged: tuple[int, ...] = ()  # … of which not verified (allowed by the policy, flagged)
    via_equivalence: tuple[int, ...] = ()  # … of which count through an equivalence
    needed: int = 0  # children (or credentials) needed
    met: int = 0  # … of which met
    credits: float | None = None
    credits_needed: float | None = None
    unit: str | None = None
    children: tuple[ProgressNode, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "kind": self.kind,
            "title": self.title,
            "satisfied": self.satisfied,
            "percent": round(self.percent, 1),
            "explanation": self.explanation,
            "missing": list(self.missing),
            "counted": list(self.counted),
            "flagged": list(self.flagged),
            "via_equivalence": list(self.via_equivalence),
            "needed": self.needed,
            "met": self.met,
        }
        if self.unit is not None:
            data.update(credits=self.credits, credits_needed=self.credits_needed, unit=self.unit)
        if self.children:
            data["children"] = [child.to_json() for child in self.children]
        return data


@dataclass(frozen=True)
class QualificationProgress:
    qualification_id: str
    name: str
    root: ProgressNode
    completed_on: date | None  # the date the last counted credential was earned, when met
    exact: bool  # False when the assignment search hit its budget and fell back to greedy
    notes: tuple[str, ...] = ()  # qualification-wide facts (recency window, flagged credentials)

    @property
    def satisfied(self) -> bool:
        return self.root.satisfied

    @property
    def percent(self) -> float:
        return self.root.percent

    def to_json(self) -> dict[str, Any]:
        return {
            "qualification": self.qualification_id,
            "name": self.name,
            "satisfied": self.satisfied,
            "percent": round(self.percent, 1),
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "exact": self.exact,
            "notes": list(self.notes),
            "tree": self.root.to_json(),
        }


@dataclass(frozen=True)
class Target:
    """An achievement the learner could still earn: one match rule of the definition."""

    path: str
    title: str
    match: dict[str, Any]  # the matcher, as written in the definition
    credits: float | None = None
    unit: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "title": self.title, "match": self.match}
        if self.credits is not None:
            data.update(credits=self.credits, unit=self.unit)
        return data


@dataclass(frozen=True)
class Expiring:
    holding_id: int
    title: str
    expires: date

    def to_json(self) -> dict[str, Any]:
        return {"id": self.holding_id, "title": self.title, "expires": self.expires.isoformat()}


@dataclass(frozen=True)
class Completion:
    """The shortest way to finish: ``additions`` is ``None`` when no known set can finish it."""

    qualification_id: str
    additions: tuple[Target, ...] | None
    expiring_soonest: tuple[Expiring, ...]
    exact: bool
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {
            "qualification": self.qualification_id,
            "additions": None if self.additions is None else [t.to_json() for t in self.additions],
            "expiring_soonest": [e.to_json() for e in self.expiring_soonest],
            "exact": self.exact,
            "explanation": self.explanation,
        }
