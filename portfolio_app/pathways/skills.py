"""The learner's skills profile: alignments gathered across every credential, with evidence.

The same skill arrives written in different ways (an ESCO URI as ``targetUrl`` in one badge,
as ``targetCode`` in another), so skills are grouped by the IRI when there is one, else by
framework + code, else by name.  Each skill keeps the credentials behind it, because a skill
claim without its evidence is worth little in a portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from portfolio_app.pathways.definitions import norm_text, norm_url
from portfolio_app.pathways.holdings import Holding, Trust, trust_of


@dataclass(frozen=True)
class Skill:
    name: str
    framework: str | None
    code: str | None
    url: str | None
    holding_ids: tuple[int, ...]  # the credentials that claim it, ascending
    unverified_ids: tuple[int, ...]  # … of which not verified

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "framework": self.framework,
            "code": self.code,
            "url": self.url,
            "credentials": list(self.holding_ids),
            "unverified": list(self.unverified_ids),
        }


def skills_profile(holdings: Iterable[Holding], *, include_unverified: bool = True) -> list[Skill]:
    """Skills by how many credentials back them (most first), then by name.

    Tampered, revoked, malformed and not-yet-valid credentials never contribute; unverified
    ones contribute only when ``include_unverified`` (and are listed as such).

    Only each holding's trust and alignments are read, in id order: no matcher index is built
    (a skills profile asks no requirement anything), which keeps a 10,000-credential wallet
    well under a tenth of a second here.
    """
    groups: dict[tuple[str, ...], _Group] = {}
    rejected, unverified = Trust.REJECTED, Trust.UNVERIFIED
    for holding in sorted(holdings, key=_holding_id):
        alignments = holding[1].alignments
        if not alignments:
            continue  # most credentials claim no skill: their trust need not be known
        trust = trust_of(holding)[0]
        if trust is rejected or (trust is unverified and not include_unverified):
            continue
        held_id = holding[0]
        for alignment in alignments:
            code = alignment.code
            url = alignment.url or (code if code and "://" in code else None)
            if url:
                key: tuple[str, ...] = ("url", norm_url(url))
            elif code:
                key = ("code", norm_text(alignment.framework or ""), norm_text(code))
            else:
                key = ("name", norm_text(alignment.name))
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = _Group(
                    alignment.name, alignment.framework, code, norm_url(url) if url else None
                )
            entry.framework = entry.framework or alignment.framework
            entry.code = entry.code or code
            entry.ids.add(held_id)
            if trust is unverified:
                entry.unverified.add(held_id)
    skills = [
        Skill(
            e.name,
            e.framework,
            e.code,
            e.url,
            tuple(sorted(e.ids)),
            tuple(sorted(e.unverified)),
        )
        for e in groups.values()
    ]
    return sorted(skills, key=lambda s: (-len(s.holding_ids), norm_text(s.name), s.url or ""))


@dataclass(slots=True)
class _Group:
    """One skill while the wallet is walked: the first alignment's wording, gaps filled later."""

    name: str
    framework: str | None
    code: str | None
    url: str | None
    ids: set[int] = field(default_factory=set)
    unverified: set[int] = field(default_factory=set)


_holding_id = itemgetter(0)  # Holding.id
