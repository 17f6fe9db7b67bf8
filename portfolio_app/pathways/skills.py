"""The learner's skills profile: alignments gathered across every credential, with evidence.

The same skill arrives written in different ways (an ESCO URI as ``targetUrl`` in one badge,
as ``targetCode`` in another), so skills are grouped by the IRI when there is one, else by
framework + code, else by name.  Each skill keeps the credentials behind it, because a skill
claim without its evidence is worth little in a portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from portfolio_app.pathways.definitions import norm_text, norm_url
from portfolio_app.pathways.holdings import Holding, Trust, build_index


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
    """
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    for held in build_index(holdings).facts:
        if held.trust is Trust.REJECTED or (
            held.trust is Trust.UNVERIFIED and not include_unverified
        ):
            continue
        for alignment in held.holding.credential.alignments:
            url = alignment.url or (
                alignment.code if alignment.code and "://" in alignment.code else None
            )
            if url:
                key: tuple[str, ...] = ("url", norm_url(url))
            elif alignment.code:
                key = ("code", norm_text(alignment.framework or ""), norm_text(alignment.code))
            else:
                key = ("name", norm_text(alignment.name))
            entry = groups.setdefault(
                key,
                {
                    "name": alignment.name,
                    "framework": alignment.framework,
                    "code": alignment.code,
                    "url": norm_url(url) if url else None,
                    "ids": set(),
                    "unverified": set(),
                },
            )
            for field in ("framework", "code"):
                entry[field] = entry[field] or getattr(alignment, field)
            entry["ids"].add(held.id)
            if held.trust is Trust.UNVERIFIED:
                entry["unverified"].add(held.id)
    skills = [
        Skill(
            e["name"],
            e["framework"],
            e["code"],
            e["url"],
            tuple(sorted(e["ids"])),
            tuple(sorted(e["unverified"])),
        )
        for e in groups.values()
    ]
    return sorted(skills, key=lambda s: (-len(s.holding_ids), norm_text(s.name), s.url or ""))
