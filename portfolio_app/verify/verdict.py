"""The result of verifying one credential: a status plus every check that led to it.

Vocabulary (shared by GUI, CLI ``--json`` and tests) is fixed in docs/architecture.md:
``verified``, ``tampered``, ``expired``, ``not_yet_valid``, ``revoked``, ``unverifiable``,
``malformed``, ``unsupported``.

Each :class:`Check` keeps three outcomes apart, as pyHanko keeps *intact/valid/trusted* apart:
it ``passed``, it ``failed``, or it ``could not be checked`` (offline, key not cached…).  A
verdict is therefore never "verified" because nobody looked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    VERIFIED = "verified"
    TAMPERED = "tampered"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    UNVERIFIABLE = "unverifiable"
    MALFORMED = "malformed"
    UNSUPPORTED = "unsupported"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class Check:
    """One step of verification.

    ``name`` is a stable machine word (``format``, ``signature``, ``issuer_key``, ``dates``,
    ``status``, ``recipient`` …); ``detail`` is one sentence for the learner; ``as_of`` is set when
    the check relied on a cached document, so the UI can say how old that knowledge is.
    """

    name: str
    outcome: Outcome
    detail: str
    as_of: datetime | None = None

    @property
    def ok(self) -> bool | None:
        """True / False, or None when it could not be checked."""
        if self.outcome is Outcome.NOT_CHECKED:
            return None
        return self.outcome is Outcome.PASSED

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "ok": self.ok,
            "outcome": self.outcome.value,
            "detail": self.detail,
        }
        if self.as_of is not None:
            data["as_of"] = self.as_of.isoformat()
        return data


@dataclass(frozen=True)
class Verdict:
    """Status + checks. Build it with :func:`decide` so the precedence rules live in one place."""

    status: Status
    checks: tuple[Check, ...]
    summary: str
    checked_at: datetime
    facts: dict[str, str] = field(default_factory=dict)  # e.g. signer subject, context variant

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "summary": self.summary,
            "checked_at": self.checked_at.isoformat(),
            "checks": [c.to_json() for c in self.checks],
            "facts": dict(self.facts),
        }


# Worst first: a failed proof outranks revocation, which outranks expiry (issue #3, §6).
_PRECEDENCE: tuple[Status, ...] = (
    Status.MALFORMED,
    Status.TAMPERED,
    Status.REVOKED,
    Status.EXPIRED,
    Status.NOT_YET_VALID,
    Status.UNSUPPORTED,
    Status.UNVERIFIABLE,
    Status.VERIFIED,
)


def decide(
    candidates: Iterable[Status],
    checks: Iterable[Check],
    *,
    checked_at: datetime,
    facts: dict[str, str] | None = None,
) -> Verdict:
    """Pick the most serious status among ``candidates`` and explain it in one sentence.

    ``candidates`` must contain at least ``VERIFIED`` when every check passed; an empty set
    means nothing could be judged, which is ``UNVERIFIABLE``.
    """
    found = set(candidates) or {Status.UNVERIFIABLE}
    status = next(s for s in _PRECEDENCE if s in found)
    checks_t = tuple(checks)
    summary = _summarise(status, checks_t)
    return Verdict(status, checks_t, summary, checked_at, dict(facts or {}))


# Which checks explain which status, so the summary names the cause of *this* status
# (a revoked and expired credential is summarised by its revocation, not its dates).
_EXPLAINED_BY: dict[Status, tuple[str, ...]] = {
    Status.REVOKED: ("status",),
    Status.EXPIRED: ("dates",),
    Status.NOT_YET_VALID: ("dates",),
    Status.MALFORMED: ("format",),
}


def _summarise(status: Status, checks: tuple[Check, ...]) -> str:
    failing = [c for c in checks if c.outcome is Outcome.FAILED]
    unchecked = [c for c in checks if c.outcome is Outcome.NOT_CHECKED]
    if status is Status.VERIFIED:
        if unchecked:
            return f"Verified as far as can be checked offline; not checked: {unchecked[0].detail}"
        return "Every check passed."
    wanted = _EXPLAINED_BY.get(status, ())
    for check in failing:
        if check.name.rsplit(".", 1)[-1] in wanted:
            return check.detail
    if failing and status is not Status.UNVERIFIABLE:
        return failing[0].detail
    if unchecked:
        return unchecked[0].detail
    if failing:
        return failing[0].detail
    return status.value.replace("_", " ").capitalize() + "."
