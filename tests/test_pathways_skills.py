"""Skills profile: alignments grouped across credentials, with the credentials behind each."""

from __future__ import annotations

from portfolio_app.model import Alignment, Container, Credential, CredentialFormat
from portfolio_app.pathways import Holding, skills_profile

ESCO = "http://data.europa.eu/esco/skill/abc"


def badge(i: int, *alignments: Alignment, status: str | None = "verified") -> Holding:
    return Holding(i, Credential(
        format=CredentialFormat.OB3, container=Container.JSON, title=f"Badge {i}",
        issuer_name="X", payload="{}", alignments=alignments), status)


def test_same_skill_written_differently_is_one_skill() -> None:
    holdings = [
        badge(2, Alignment("Data analysis", url=ESCO)),
        badge(1, Alignment("Analyse data", framework="ESCO", code=ESCO + "/")),
        badge(3, Alignment("Spreadsheets", framework="DigComp", code="1.3")),
        badge(4, Alignment("Spreadsheets", framework="digcomp", code=" 1.3"), status=None),
        badge(5, Alignment("Data analysis", url=ESCO), status="tampered"),
    ]
    skills = skills_profile(holdings)
    assert [(s.holding_ids, s.unverified_ids) for s in skills] == [((1, 2), ()), ((3, 4), (4,))]
    assert skills[0].url == ESCO and skills[0].to_json()["credentials"] == [1, 2]
    verified_only = skills_profile(holdings, include_unverified=False)
    assert [s.holding_ids for s in verified_only] == [(1, 2), (3,)]
