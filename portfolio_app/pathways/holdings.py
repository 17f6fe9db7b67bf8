"""The learner's side: held credentials, how far each is trusted, and an index to find them.

The index is built once per wallet and shared by every qualification, so evaluating a hundred
qualifications against ten thousand credentials only ever looks at the few credentials each
requirement can match (by achievement id, issuer + name, alignment or tag).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple, overload

from portfolio_app.model import Credential
from portfolio_app.pathways.definitions import MatchKey, Unit, norm_text, norm_url
from portfolio_app.verify.verdict import Status


class Holding(NamedTuple):
    """One stored credential: its id in the wallet, the credential, its latest verdict status."""

    id: int
    credential: Credential
    status: str | None


class AcceptancePolicy(StrEnum):
    """Which credentials may count towards a qualification."""

    VERIFIED_ONLY = "verified"
    INCLUDE_UNVERIFIED = "include-unverified"  # also self-reported / unverifiable, flagged


class Trust(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"  # may count when the policy allows, always flagged
    REJECTED = "rejected"  # never counts: tampered, revoked, malformed, not yet valid


# An ``expired`` verdict means every other check passed, so the signature is trusted; whether an
# expired credential still counts is the qualification's expiry rule, not the verdict's.
# Plain strings as keys: this lookup runs once per credential in the wallet.
_BY_STATUS: dict[str | None, tuple[Trust, str]] = {
    None: (Trust.UNVERIFIED, "not checked yet"),
    Status.VERIFIED.value: (Trust.VERIFIED, "verified"),
    Status.EXPIRED.value: (Trust.VERIFIED, "verified"),
    **{
        s.value: (Trust.REJECTED, s.value.replace("_", " "))
        for s in (Status.TAMPERED, Status.REVOKED, Status.MALFORMED, Status.NOT_YET_VALID)
    },
}

_UNIT_ALIASES = {
    "ects": Unit.ECTS,
    "ects credits": Unit.ECTS,
    "ects credit": Unit.ECTS,
    "us-credit-hour": Unit.US_CREDIT_HOUR,
    "us credit hours": Unit.US_CREDIT_HOUR,
    "us credit hour": Unit.US_CREDIT_HOUR,
    "credit hours": Unit.US_CREDIT_HOUR,
    "credit hour": Unit.US_CREDIT_HOUR,
    "semester credit hours": Unit.US_CREDIT_HOUR,
    "sch": Unit.US_CREDIT_HOUR,
    "ceu": Unit.CEU,
    "ceus": Unit.CEU,
    "continuing education units": Unit.CEU,
    "hour": Unit.HOUR,
    "hours": Unit.HOUR,
    "h": Unit.HOUR,
    "clock hours": Unit.HOUR,
}


@lru_cache(maxsize=1024)
def canonical_unit(text: str) -> Unit | None:
    """Map what credentials write ("ECTS", "US credit hours", "CEUs") to a :class:`Unit`."""
    return _UNIT_ALIASES.get(norm_text(text))


@dataclass(slots=True)
class HeldFacts:
    """What the engine needs about one holding, computed once (not frozen: built 10,000 times,
    and frozen dataclasses are slow to construct; nothing mutates it after :func:`build_index`).
    """

    holding: Holding
    trust: Trust
    trust_reason: str  # "verified", "self-reported", "tampered", …
    issued: date | None
    expires: date | None
    expired_by_verdict: bool
    credits: dict[Unit, float]
    achievement: MatchKey  # what was achieved: the same course badge held twice is one

    @property
    def id(self) -> int:
        return self.holding.id

    def accepted(self, policy: AcceptancePolicy) -> bool:
        if self.trust is Trust.VERIFIED:
            return True
        return self.trust is Trust.UNVERIFIED and policy is AcceptancePolicy.INCLUDE_UNVERIFIED

    def expired(self, today: date) -> bool:
        return self.expired_by_verdict or (self.expires is not None and self.expires < today)


class LazyFacts(Sequence[HeldFacts]):
    """Facts per position, computed the first time the engine looks at a holding.

    Most of a large wallet is never matched by any rule, so its facts are never needed.
    """

    def __init__(self, holdings: Sequence[Holding]) -> None:
        self._holdings = holdings
        self.cached: list[HeldFacts | None] = [None] * len(holdings)  # hot loops read this first

    @overload
    def __getitem__(self, position: int) -> HeldFacts: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[HeldFacts]: ...

    def __getitem__(self, position: int | slice) -> HeldFacts | Sequence[HeldFacts]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        found = self.cached[position]
        if found is None:
            found = self.cached[position] = _facts(self._holdings[position])
        return found

    def __len__(self) -> int:
        return len(self._holdings)


class HoldingIndex:
    """Holdings by every key a matcher can ask for; build with :func:`build_index`."""

    def __init__(self, holdings: Sequence[Holding], by_key: dict[MatchKey, list[int]]) -> None:
        self.facts = LazyFacts(holdings)  # position → facts, in holding-id order
        self._positions = {h.id: i for i, h in enumerate(holdings)}
        self._by_key = by_key
        self.memo: dict[tuple[object, ...], dict[int, str]] = {}  # engine's per-wallet cache

    def lookup(self, key: MatchKey) -> Sequence[int]:
        """Positions (into :attr:`facts`) of holdings matching ``key``, ascending."""
        return self._by_key.get(key, ())

    def by_id(self, holding_id: int) -> HeldFacts:
        return self.facts[self._positions[holding_id]]

    def __len__(self) -> int:
        return len(self.facts)


def build_index(holdings: Iterable[Holding]) -> HoldingIndex:
    """Index holdings (sorted by id, so every result downstream is deterministic)."""
    ordered = sorted(holdings, key=lambda h: h.id)
    by_key: defaultdict[MatchKey, list[int]] = defaultdict(list)
    for position, holding in enumerate(ordered):
        for key in credential_keys(holding.credential):
            by_key[key].append(position)
    return HoldingIndex(ordered, by_key)


def credential_keys(credential: Credential) -> list[MatchKey]:
    """Every matcher key this credential satisfies (the inverse of ``Matcher.key``).

    A list, not a set (this runs for every credential of the wallet): a repeated key only
    repeats a position, which the engine's lookups de-duplicate.
    """
    keys: list[MatchKey] = []
    if credential.achievement_id:
        keys.append(("id", credential.achievement_id.strip()))
    if credential.issuer_id and credential.title:
        keys.append(("name", norm_text(credential.issuer_id), norm_text(credential.title)))
    for alignment in credential.alignments:
        if alignment.url:
            keys.append(("url", norm_url(alignment.url)))
        if alignment.code:
            if "://" in alignment.code:  # an IRI written as the code (common for ESCO)
                keys.append(("url", norm_url(alignment.code)))
            if alignment.framework:
                keys.append(("code", norm_text(alignment.framework), norm_text(alignment.code)))
    for tag in credential.tags:
        keys.append(("tag", norm_text(tag)))
    return keys


def _facts(holding: Holding) -> HeldFacts:
    credential = holding.credential
    trust, reason = _trust(holding)
    earned = credential.issued or credential.valid_from
    credits: dict[Unit, float] = {}
    for value in credential.credits:
        unit = canonical_unit(value.unit)
        if unit is not None and value.value > 0:
            credits[unit] = max(credits.get(unit, 0.0), value.value)
    return HeldFacts(
        holding=holding,
        trust=trust,
        trust_reason=reason,
        issued=earned.date() if earned else None,
        expires=credential.valid_until.date() if credential.valid_until else None,
        expired_by_verdict=holding.status == "expired",
        credits=credits,
        achievement=_achievement_key(holding),
    )


def _achievement_key(holding: Holding) -> MatchKey:
    credential = holding.credential
    if credential.achievement_id:
        return ("id", credential.achievement_id.strip())
    if credential.issuer_id and credential.title:
        return ("name", norm_text(credential.issuer_id), norm_text(credential.title))
    return ("holding", str(holding.id))


def _trust(holding: Holding) -> tuple[Trust, str]:
    status = None if holding.status is None else str(holding.status)
    found = _BY_STATUS.get(status)
    if found is None:  # unverifiable, unsupported, or a status this version does not know
        found = (Trust.UNVERIFIED, str(status).replace("_", " "))
    if holding.credential.self_reported and found[0] is not Trust.REJECTED:
        return Trust.UNVERIFIED, "self-reported"
    return found
