"""The learner's side: held credentials, how far each is trusted, and an index to find them.

The index is built once per wallet and shared by every qualification, so evaluating a hundred
qualifications against ten thousand credentials only ever looks at the few credentials each
requirement can match (by achievement id, issuer + name, alignment or tag).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple, overload

from portfolio_app.model import Credential
from portfolio_app.pathways.definitions import MatchKey, Unit, norm_text, norm_url
from portfolio_app.verify.verdict import Status


class Holding(NamedTuple):
    """One stored credential: its id in the wallet, the credential, its latest verdict status.

    ``user_tags`` and ``learner_achievement_id`` are what the *learner* says about it
    (``portfolio edit``): a requirement matched only through them counts under the "include
    unverified" policy alone, flagged as self-reported, because nothing but the learner vouches
    that a Coursera PDF is the course a programme asks for.
    """

    id: int
    credential: Credential
    status: str | None
    user_tags: tuple[str, ...] = ()
    learner_achievement_id: str | None = None


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

    Most of a large wallet is never matched by any rule, so its facts are never needed.  Hot
    loops read :attr:`cached` first and call :meth:`get` only on a miss (``facts[i]`` goes
    through the slice-aware ``__getitem__``, which is measurably slower per call).
    """

    __slots__ = ("_holdings", "cached")

    def __init__(self, holdings: Sequence[Holding]) -> None:
        self._holdings = holdings
        self.cached: list[HeldFacts | None] = [None] * len(holdings)

    def get(self, position: int) -> HeldFacts:
        """The facts at ``position`` (an int only), computing them on first use."""
        found = self.cached[position]
        if found is None:
            found = self.cached[position] = _facts(self._holdings[position])
        return found

    @overload
    def __getitem__(self, position: int) -> HeldFacts: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[HeldFacts]: ...

    def __getitem__(self, position: int | slice) -> HeldFacts | Sequence[HeldFacts]:
        if isinstance(position, slice):
            return [self.get(i) for i in range(*position.indices(len(self)))]
        return self.get(position)

    def __len__(self) -> int:
        return len(self._holdings)


class HoldingIndex:
    """Holdings by every key a matcher can ask for; build with :func:`build_index`."""

    def __init__(
        self,
        holdings: Sequence[Holding],
        by_key: dict[MatchKey, list[int]],
        by_learner_key: dict[MatchKey, list[int]] | None = None,
        by_issuer: dict[str, list[int]] | None = None,
    ) -> None:
        self.facts = LazyFacts(holdings)  # position → facts, in holding-id order
        self._holdings = holdings
        self._positions: dict[int, int] | None = None  # holding id → position, on first by_id
        self._by_key = by_key
        # Issuer (normalised) → positions with an issuer id and a title: the "name" keys are
        # made from these on first lookup (_name_positions).
        self._by_issuer = by_issuer or {}
        self._titles_by_issuer: dict[str, dict[str, list[int]]] = {}  # filled per issuer asked
        self._by_learner_key = by_learner_key or {}
        self.memo: dict[tuple[object, ...], list[str | None]] = {}  # engine's per-wallet cache
        self._by_title: dict[str, list[int]] | None = None  # normalised title → positions

    @property
    def has_learner_keys(self) -> bool:
        """True when some holding can be matched through what the learner entered."""
        return bool(self._by_learner_key)

    def lookup(self, key: MatchKey) -> Sequence[int]:
        """Positions (into :attr:`facts`) of holdings matching ``key``: ascending, no repeats."""
        found = self._by_key.get(key)
        if found is None:
            if key[0] != "name" or len(key) != 3:
                return ()
            found = self._by_key[key] = self._name_positions(key[1], key[2])
        return found

    def _name_positions(self, issuer: str, title: str) -> list[int]:
        """Positions whose issuer + title key is ``("name", issuer, title)``.

        Titles are nearly unique in a wallet and only a few rules name an issuer, so instead
        of a key per credential (normalising every title), the index keeps positions by
        issuer and normalises the titles of that issuer's credentials the first time a rule
        names it (once per issuer: 100 qualifications naming 40 issuers ask ~250 times).
        """
        titles = self._titles_by_issuer.get(issuer)
        if titles is None:  # once per issuer a rule names: its titles, normalised, by title
            titles = self._titles_by_issuer[issuer] = {}
            holdings = self._holdings
            for position in self._by_issuer.get(issuer, ()):  # ascending, so each list is too
                titles.setdefault(norm_text(holdings[position][1].title), []).append(position)
        return titles.get(title, [])

    def learner_lookup(self, key: MatchKey) -> Sequence[int]:
        """Positions matching ``key`` only through learner-entered tags or achievement id."""
        return self._by_learner_key.get(key, ())

    def holdings_matching(self, wanted: MatchKey) -> list[HeldFacts]:
        """Every holding whose own facts carry ``wanted`` (reports only: not a hot path)."""
        return [self.facts.get(p) for p in self.lookup(wanted)]

    def positions_by_title(self) -> dict[str, list[int]]:
        """Positions of every holding by its normalised title, ascending (near-miss reports).

        Built once per index, on first use: a report asks it for every open requirement of
        every qualification, and walking the whole wallet each time cost more than the
        progress itself (10,000 credentials x 17 qualifications).
        """
        found = self._by_title
        if found is None:
            found = self._by_title = {}
            for position, holding in enumerate(self._holdings):
                found.setdefault(norm_text(holding[1].title), []).append(position)
        return found

    def by_id(self, holding_id: int) -> HeldFacts:
        positions = self._positions
        if positions is None:  # only reports ask by id: not worth building for every wallet
            ids = map(_holding_id, self._holdings)
            positions = self._positions = dict(zip(ids, range(len(self._holdings)), strict=True))
        return self.facts.get(positions[holding_id])

    def __len__(self) -> int:
        return len(self.facts)


_holding_id = itemgetter(0)  # Holding.id, without a Python-level key function per holding


def build_index(holdings: Iterable[Holding]) -> HoldingIndex:
    """Index holdings (sorted by id, so every result downstream is deterministic).

    Indexes every key :func:`credential_keys` names (this is its one implementation; issuer +
    title keys are completed on first lookup, see :meth:`HoldingIndex.lookup`).  Each
    key's positions are appended in ascending order, so a key a credential carries twice (the
    same tag written twice) is caught by comparing with the last position: the lists stay
    ascending without repeats and the engine need not de-duplicate them.
    """
    ordered = sorted(holdings, key=_holding_id)
    by_key: dict[MatchKey, list[int]] = {}
    by_learner: dict[MatchKey, list[int]] = {}
    get = by_key.get
    by_issuer: dict[str, list[int]] = {}
    # Raw text → key, for this wallet: the same issuers and tags recur thousands of times, and
    # a dict hit costs far less than normalising the text again (or than a call into an
    # lru_cache).  This loop runs once per credential of the wallet.
    issuer_keys: dict[str, str] = {}
    tag_keys: dict[str, MatchKey] = {}
    for position, holding in enumerate(ordered):
        credential = holding[1]
        # An id key and a name key occur at most once per credential: no repeat to check.
        achievement_id = credential.achievement_id
        if achievement_id:
            id_key: MatchKey = ("id", achievement_id.strip())
            found = get(id_key)
            if found is None:
                by_key[id_key] = [position]
            else:
                found.append(position)
        issuer_id = credential.issuer_id
        if issuer_id and credential.title:  # a "name" key: see HoldingIndex._name_positions
            issuer = issuer_keys.get(issuer_id)
            if issuer is None:
                issuer = issuer_keys[issuer_id] = norm_text(issuer_id)
            same_issuer = by_issuer.get(issuer)
            if same_issuer is None:
                by_issuer[issuer] = [position]
            else:
                same_issuer.append(position)
        more: list[MatchKey] = []
        for alignment in credential.alignments:
            if alignment.url:
                more.append(_url_key(alignment.url))
            code = alignment.code
            if code:
                if "://" in code:  # an IRI written as the code (common for ESCO)
                    more.append(_url_key(code))
                if alignment.framework:
                    more.append(("code", norm_text(alignment.framework), norm_text(code)))
        for tag in credential.tags:
            tag_key = tag_keys.get(tag)
            if tag_key is None:
                tag_key = tag_keys[tag] = _tag_key(tag)
            more.append(tag_key)
        for key in more:
            found = get(key)
            if found is None:
                by_key[key] = [position]
            elif found[-1] != position:
                found.append(position)
        if len(holding) > 3 and (holding[3] or holding[4]):
            _learner_keys(position, holding, by_key, by_learner)
    return HoldingIndex(ordered, by_key, by_learner, by_issuer)


def _learner_keys(
    position: int,
    holding: Holding,
    by_key: dict[MatchKey, list[int]],
    by_learner: dict[MatchKey, list[int]],
) -> None:
    """Index the keys only the learner's own facts give (not those the credential carries)."""
    keys: list[MatchKey] = [_tag_key(tag) for tag in holding.user_tags if tag.strip()]
    if holding.learner_achievement_id and holding.learner_achievement_id.strip():
        keys.append(("id", holding.learner_achievement_id.strip()))
    for key in keys:
        own = by_key.get(key)
        if own is not None and own[-1] == position:
            continue  # the credential itself says so: no learner claim needed
        found = by_learner.setdefault(key, [])
        if not found or found[-1] != position:
            found.append(position)


# Key builders cached by their raw text, across wallets: a wallet repeats the same issuers,
# titles, tags and skill IRIs thousands of times, and a hit also saves building the key tuple.
@lru_cache(maxsize=65536)
def _name_key(issuer_id: str, title: str) -> MatchKey:
    return ("name", norm_text(issuer_id), norm_text(title))


@lru_cache(maxsize=65536)
def _tag_key(tag: str) -> MatchKey:
    return ("tag", norm_text(tag))


@lru_cache(maxsize=65536)
def _url_key(url: str) -> MatchKey:
    return ("url", norm_url(url))


def credential_keys(credential: Credential) -> list[MatchKey]:
    """Every matcher key this credential satisfies (the inverse of ``Matcher.key``), each once.

    :func:`build_index` holds the one implementation (inlined there: it runs for every
    credential of the wallet); this asks it about a wallet of one.
    """
    index = build_index([Holding(0, credential, None)])
    keys = list(index._by_key)
    if credential.issuer_id and credential.title:
        name = _name_key(credential.issuer_id, credential.title)
        if index.lookup(name):
            keys.append(name)
    return keys


# (status as text, self-reported) → (trust, reason): a handful of combinations, looked up once
# per credential the rules touch.
_TRUST_CACHE: dict[tuple[str | None, bool], tuple[Trust, str]] = {}


# What credentials write as a unit → its canonical unit (known units only): a plain dict read
# is several times cheaper than a call into canonical_unit's lru_cache, once per credential.
_UNITS: dict[str, Unit] = {}


def trust_of(holding: Holding) -> tuple[Trust, str]:
    """How far ``holding`` is trusted, and the reason shown (``_trust``, cached per status)."""
    status = holding.status
    text = status if status is None or type(status) is str else str(status)
    trust_key = (text, holding.credential.self_reported)
    trusted = _TRUST_CACHE.get(trust_key)
    if trusted is None:
        trusted = _trust(holding)
        if len(_TRUST_CACHE) < 256:  # statuses are a small vocabulary; never grow unbounded
            _TRUST_CACHE[trust_key] = trusted
    return trusted


def _facts(holding: Holding) -> HeldFacts:
    credential = holding.credential
    status = holding.status
    trusted = trust_of(holding)
    earned = credential.issued or credential.valid_from
    credits: dict[Unit, float] = {}
    values = credential.credits
    if len(values) == 1:  # the usual case; what the loop below gives for one value
        unit = _UNITS.get(values[0].unit)
        if unit is None:
            unit = canonical_unit(values[0].unit)
            if unit is not None and len(_UNITS) < 1024:
                _UNITS[values[0].unit] = unit
        if unit is not None and values[0].value > 0:
            credits[unit] = values[0].value
    else:
        for value in values:
            unit = canonical_unit(value.unit)
            if unit is not None and value.value > 0:
                credits[unit] = max(credits.get(unit, 0.0), value.value)
    valid_until = credential.valid_until
    # _achievement_key, inlined: this runs for every credential a rule touches.
    achievement_id = credential.achievement_id
    if achievement_id:
        achievement: MatchKey = ("id", achievement_id.strip())
    else:
        achievement = _achievement_key(holding)
    return HeldFacts(
        holding,
        trusted[0],
        trusted[1],
        earned.date() if earned else None,
        valid_until.date() if valid_until else None,
        status == "expired",
        credits,
        achievement,
    )


def _achievement_key(holding: Holding) -> MatchKey:
    credential = holding.credential
    if credential.achievement_id:
        return ("id", credential.achievement_id.strip())
    if credential.issuer_id and credential.title:
        return _name_key(credential.issuer_id, credential.title)
    return ("holding", str(holding.id))


def _trust(holding: Holding) -> tuple[Trust, str]:
    status = None if holding.status is None else str(holding.status)
    found = _BY_STATUS.get(status)
    if found is None:  # unverifiable, unsupported, or a status this version does not know
        found = (Trust.UNVERIFIED, str(status).replace("_", " "))
    if holding.credential.self_reported and found[0] is not Trust.REJECTED:
        return Trust.UNVERIFIED, "self-reported"
    return found
