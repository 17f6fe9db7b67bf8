"""The result of verifying one credential: a status plus every check that led to it.

Vocabulary (shared by GUI, CLI ``--json`` and tests) is fixed in docs/architecture.md:
``verified``, ``tampered``, ``expired``, ``not_yet_valid``, ``revoked``, ``unverifiable``,
``malformed``, ``unsupported``.

Each :class:`Check` keeps three outcomes apart, as pyHanko keeps *intact/valid/trusted* apart:
it ``passed``, it ``failed``, or it ``could not be checked`` (offline, key not cached…).  A
verdict is therefore never "verified" because nobody looked.

**Fail closed by construction.**  :func:`decide` is the only way a verdict is built, and it
refuses ``verified`` unless the checks themselves show it was earned, whatever status the caller
proposed:

* at least one *authenticity* check passed (:data:`AUTHENTICITY_CHECKS`: ``signature`` for Data
  Integrity proofs, JWS and JAdES seals, ``hosted`` for an OB 2.0 badge matched against the
  issuer's own hosted copy), and none failed;
* at least one *binding* check passed (:data:`BINDING_CHECKS`: ``issuer_key`` ties the key to
  the issuer, ``issuer_scope`` ties an OB 2.0 hosted URL to the issuer, ``trust_list`` ties a
  Europass sealing certificate to the issuer), and none is failed or not checked.

Only top-level checks count (a CLR's ``nested[0].signature`` does not sign the CLR).  A
verifier that forgets to emit one of these checks therefore yields ``unverifiable``, never
``verified``.

A ``verified`` verdict also lists its :attr:`Verdict.limits`: what was not checked (revocation,
a recognised issuer, a trust list…) and the as-of date of cached documents that were used; its
summary is those limits in one line ("revocation not checked; issuer not recognised").  The
``issuer`` check (is the issuer listed in an issuer registry the profile holds?) never changes
the status: ``verified`` is about cryptography, the issuer check about who the issuer is.
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
    """Status + checks. Build it with :func:`decide` so the precedence rules live in one place.

    ``limits`` (only on ``verified``) are short phrases naming what was not checked, e.g.
    ``("revocation not checked (no status entry)", "issuer not recognised")``.
    """

    status: Status
    checks: tuple[Check, ...]
    summary: str
    checked_at: datetime
    facts: dict[str, str] = field(default_factory=dict)  # e.g. signer subject, context variant

    @property
    def limits(self) -> tuple[str, ...]:
        """What this verdict did not check; derived from the checks, so a stored verdict
        read back from the wallet lists exactly the limits it had when it was made."""
        return _limits(self.checks) if self.status is Status.VERIFIED else ()

    @property
    def issuer_recognised(self) -> bool | None:
        """True / False from the issuer check; None when the verdict has no issuer check."""
        value = self.facts.get(ISSUER_RECOGNISED)
        return None if value is None else value == "true"

    @property
    def issuer_standing(self) -> str:
        """``"recognised issuer: <official name> (<registry>)"`` or ``"self-described issuer"``.

        What every view prints next to a verdict, so a stranger's valid credential that calls
        itself a university never reads as that university's.  Empty when there is no issuer
        check (a verdict stored before issuer checks existed).
        """
        recognised = self.issuer_recognised
        if recognised is None:
            return ""
        if not recognised:
            return "self-described issuer"
        official = self.facts.get(ISSUER_OFFICIAL_NAME, "")
        registry = self.facts.get(ISSUER_REGISTRY, "")
        return f"recognised issuer: {official} ({registry})"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "summary": self.summary,
            "checked_at": self.checked_at.isoformat(),
            "checks": [c.to_json() for c in self.checks],
            "facts": dict(self.facts),
            "limits": list(self.limits),
        }
        data.update(issuer_json(self.facts))
        return data


# Fact names of the issuer check (facts are text, so the flag is "true" / "false").
ISSUER_RECOGNISED = "issuer_recognised"
ISSUER_REGISTRY = "issuer_registry"
ISSUER_OFFICIAL_NAME = "issuer_official_name"


def issuer_json(facts: dict[str, str]) -> dict[str, Any]:
    """``issuer_recognised`` (a JSON boolean) and ``issuer_standing`` for ``--json`` output."""
    value = facts.get(ISSUER_RECOGNISED)
    if value is None:
        return {}
    recognised = value == "true"
    return {
        "issuer_recognised": recognised,
        "issuer_standing": "recognised" if recognised else "self-described",
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

# Checks that prove the content is what its issuer published (a signature, a seal, or the
# issuer's own hosted copy of an OB 2.0 badge).
AUTHENTICITY_CHECKS = frozenset({"signature", "seal", "hosted"})
# Checks that tie the key (or hosted URL, or sealing certificate) to the named issuer.
BINDING_CHECKS = frozenset({"issuer_key", "issuer_scope", "trust_list"})

NO_AUTHENTICITY = "nothing cryptographic was checked, so nothing proves who issued this"
NO_BINDING = "nothing ties the signing key to the issuer named in the credential"


def decide(
    candidates: Iterable[Status],
    checks: Iterable[Check],
    *,
    checked_at: datetime,
    facts: dict[str, str] | None = None,
) -> Verdict:
    """Pick the most serious status among ``candidates`` and explain it in one sentence.

    ``candidates`` must contain at least ``VERIFIED`` when every check passed; an empty set
    means nothing could be judged, which is ``UNVERIFIABLE``.  ``VERIFIED`` is only granted
    when the checks show a passed authenticity check and a passed key binding (module
    docstring); otherwise it becomes ``UNVERIFIABLE`` (or ``TAMPERED`` if a signature failed).
    """
    found = set(candidates) or {Status.UNVERIFIABLE}
    status = next(s for s in _PRECEDENCE if s in found)
    checks_t = tuple(checks)
    if status is Status.VERIFIED:
        status, checks_t = _earned(checks_t)
    if status is Status.VERIFIED:
        summary = _verified_summary(checks_t, _limits(checks_t))
    else:
        summary = _summarise(status, checks_t)
    return Verdict(status, checks_t, summary, checked_at, dict(facts or {}))


def _earned(checks: tuple[Check, ...]) -> tuple[Status, tuple[Check, ...]]:
    """``VERIFIED`` only if the checks prove it; else the honest status (and why, as a check)."""
    top = [c for c in checks if "." not in c.name]
    proofs = [c for c in top if c.name in AUTHENTICITY_CHECKS]
    bindings = [c for c in top if c.name in BINDING_CHECKS]
    if any(c.outcome is Outcome.FAILED for c in proofs):
        return Status.TAMPERED, checks
    if not any(c.outcome is Outcome.PASSED for c in proofs):
        if not proofs:
            checks = (*checks, Check("signature", Outcome.NOT_CHECKED, NO_AUTHENTICITY))
        return Status.UNVERIFIABLE, checks
    if not bindings:
        return Status.UNVERIFIABLE, (*checks, Check("issuer_key", Outcome.NOT_CHECKED, NO_BINDING))
    if any(c.outcome is not Outcome.PASSED for c in bindings):
        return Status.UNVERIFIABLE, checks
    return Status.VERIFIED, checks


# Which checks explain which status, so the summary names the cause of *this* status
# (a revoked and expired credential is summarised by its revocation, not its dates).
_EXPLAINED_BY: dict[Status, tuple[str, ...]] = {
    Status.REVOKED: ("status",),
    Status.EXPIRED: ("dates",),
    Status.NOT_YET_VALID: ("dates",),
    Status.MALFORMED: ("format",),
    Status.TAMPERED: ("signature", "seal", "hosted"),
    Status.UNVERIFIABLE: (
        "signature",
        "seal",
        "hosted",
        "issuer_key",
        "issuer_scope",
        "trust_list",
    ),
}


def _summarise(status: Status, checks: tuple[Check, ...]) -> str:
    failing = [c for c in checks if c.outcome is Outcome.FAILED]
    # The issuer (registry) check never decides a status, so it explains one only as a last
    # resort.
    unchecked = [c for c in checks if c.outcome is Outcome.NOT_CHECKED and c.name != "issuer"]
    wanted = _EXPLAINED_BY.get(status, ())
    for name in wanted if status is Status.UNVERIFIABLE else ():
        for check in checks:
            if check.name == name and check.outcome is not Outcome.PASSED:
                return check.detail
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


def _verified_summary(checks: tuple[Check, ...], limits: tuple[str, ...]) -> str:
    """What a ``verified`` verdict did not establish, in one line; the status is shown beside it.

    A failed check that did not change the status (e.g. the recipient is not one of the
    learner's addresses) comes first, then the limits.
    """
    failed = [
        c.detail.rstrip(".") for c in checks if c.outcome is Outcome.FAILED and "." not in c.name
    ]
    parts = [*(f"but {d}" for d in failed), *limits]
    return "; ".join(parts) if parts else "every check passed"


# Short phrases for what a verified verdict did not check, by check name.
_NOT_CHECKED_PHRASE: dict[str, str] = {
    "status": "revocation not checked",
    "issuer": "issuer not recognised",
    "trust_list": "trust list not checked",
}
# Cached documents whose age is a limit even when the check passed.
_AS_OF_PHRASE: dict[str, str] = {
    "status": "revocation as of",
    "trust_list": "trust list as of",
}


def _limits(checks: tuple[Check, ...]) -> tuple[str, ...]:
    """What a verified verdict did not check, each with its as-of date where a cache was used."""
    top = [c for c in checks if "." not in c.name]
    limits: list[str] = []
    if not any(c.name == "status" for c in top):
        limits.append("revocation not checked (no status entry)")
    for check in top:
        when = f"{check.as_of:%Y-%m-%d}" if check.as_of is not None else None
        if check.outcome is Outcome.NOT_CHECKED:
            phrase = _NOT_CHECKED_PHRASE.get(
                check.name, check.name.replace("_", " ") + " not checked"
            )
            if when is not None and check.name != "issuer":
                phrase += f" (as of {when})"
        elif check.outcome is Outcome.PASSED and when is not None and check.name in _AS_OF_PHRASE:
            phrase = f"{_AS_OF_PHRASE[check.name]} {when}"
        else:
            continue
        if phrase not in limits:
            limits.append(phrase)
    return tuple(limits)
