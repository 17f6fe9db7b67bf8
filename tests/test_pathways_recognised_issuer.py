"""A qualification names an issuer by the official name a registry gives it, not by an id the
catalogue would have to invent, nor by the name a badge gives itself (issue 10 §4: Google and
IBM badges arrive through Credly under issuer ids no shipped catalogue can know)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.cli import main
from portfolio_app.pathways import AcceptancePolicy, DefinitionError, parse_definition, progress
from portfolio_app.pathways.advice import near_misses
from portfolio_app.pathways.holdings import build_index
from portfolio_app.pathways.recognised import bind_recognised, ids_by_official_name
from tests.test_pathways_engine import TODAY, cred, held

CREDLY = "https://api.credly.com/v1/obi/v2/issuers/"
GOOGLE_ON_CREDLY = CREDLY + "0aa1-test-google"
STRANGER = "https://badges.stranger.example/issuer"
QUALIFICATION = "example.college-credit.google-data-analytics"
NAME = "Google Data Analytics Certificate"


def qualification(**extra: Any) -> Any:
    match = {"type": "match", "issuer_recognised_as": "Google", "achievement_name": NAME}
    return parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B", "requirements": match, **extra}
    )


def test_only_an_issuer_a_registry_lists_under_that_name_counts() -> None:
    from_google = held(1, cred(NAME, issuer_id=GOOGLE_ON_CREDLY))
    from_a_stranger = held(2, cred(NAME, issuer_id=STRANGER))  # calls itself whatever it likes
    ids = ids_by_official_name([(GOOGLE_ON_CREDLY, "Google"), (STRANGER, "Stranger Badges")])

    bound = bind_recognised(qualification(), ids)
    assert progress(bound, [from_google], today=TODAY).satisfied
    assert not progress(bound, [from_a_stranger], today=TODAY).satisfied
    # Unbound (no registry says who Google is) nothing counts, not even the real badge.
    assert not progress(qualification(), [from_google], today=TODAY).satisfied
    assert not progress(bind_recognised(qualification(), {}), [from_google], today=TODAY).satisfied


def test_official_names_compare_like_other_names_and_several_ids_may_share_one() -> None:
    second = CREDLY + "google-cloud-test"
    ids = ids_by_official_name([(GOOGLE_ON_CREDLY, "Google"), (second, "  google ")])
    bound = bind_recognised(qualification(), ids)
    assert progress(bound, [held(7, cred(NAME, issuer_id=second))], today=TODAY).satisfied


def test_a_qualification_without_such_a_requirement_is_left_as_it_is() -> None:
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "tag": "t"}}
    )
    assert bind_recognised(q, {"google": (GOOGLE_ON_CREDLY,)}) is q


def test_an_equivalence_can_make_a_known_issuer_count_as_the_recognised_one() -> None:
    q = qualification(
        equivalences=[
            {
                "achievement": {"issuer_id": STRANGER, "achievement_name": NAME},
                "counts_as": {"issuer_recognised_as": "Google", "achievement_name": NAME},
            }
        ]
    )
    result = progress(bind_recognised(q, {}), [held(3, cred(NAME, issuer_id=STRANGER))],
                      today=TODAY)
    assert result.satisfied


def test_the_near_miss_names_the_badge_held_and_what_would_make_it_count() -> None:
    q = bind_recognised(qualification(), {})
    index = build_index([held(4, cred(NAME, issuer_id=STRANGER))])
    current = progress(q, index, today=TODAY, acceptable=AcceptancePolicy.VERIFIED_ONLY)
    (miss,) = near_misses(q, index, current)
    assert (miss.holding_id, miss.field, miss.held) == (4, "issuer", STRANGER)
    assert "trust import" in miss.advice
    assert miss.equivalence["counts_as"] == {
        "issuer_recognised_as": "Google", "achievement_name": NAME,
    }


@pytest.mark.parametrize(
    ("requirement", "field"),
    [
        ({"issuer_recognised_as": "Google"}, "achievement_name"),
        ({"achievement_name": NAME}, "issuer_id"),
    ],
)
def test_half_a_recognised_issuer_matcher_is_refused_with_the_missing_field(
    requirement: dict[str, str], field: str
) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(
            {"id": "q", "name": "Q", "awarding_body": "B",
             "requirements": {"type": "match", **requirement}}
        )
    assert field in str(caught.value)


# -- end to end: the example catalogue, a Credly-style badge, a career centre's registry ------


def credly_badge(folder: Path) -> Path:
    """An OB 2.0 hosted assertion as Credly delivers it (here with its badge class known)."""
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://api.credly.com/v1/obi/v2/badge_assertions/00000000-test-0001",
        "recipient": {"type": "email", "hashed": False, "identity": "ada@example.org"},
        "issuedOn": "2025-03-01T00:00:00Z",
        "verification": {"type": "HostedBadge"},
        "badge": {
            "type": "BadgeClass",
            "id": GOOGLE_ON_CREDLY + "/badge_classes/bc-1",
            "name": NAME,
            "description": "Data analytics with spreadsheets, SQL, Tableau and R.",
            "criteria": {"narrative": "Completed the eight-course programme."},
            "image": "https://images.credly.com/test.png",
            "issuer": {"type": "Profile", "id": GOOGLE_ON_CREDLY, "name": "Google"},
        },
    }
    path = folder / "google-data-analytics.json"
    path.write_text(json.dumps(assertion), encoding="utf-8")
    return path


def registry_bundle(folder: Path) -> Path:
    folder.mkdir()
    registry = {
        "name": "Career Centre Registry",
        "as_of": "2026-11-01",
        "issuers": {GOOGLE_ON_CREDLY: {"name": "Google", "url": "https://grow.google"}},
    }
    (folder / "registry.json").write_text(json.dumps(registry), encoding="utf-8")
    index = {"documents": {}, "registries": [{"file": "registry.json", "name": "CCR"}]}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def test_the_google_example_counts_a_credly_badge_once_a_registry_says_who_google_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = ["--data-dir", str(tmp_path / "p")]
    assert main([*profile, "import", str(credly_badge(tmp_path))]) == 0

    def report(*extra: str) -> dict[str, Any]:
        capsys.readouterr()
        assert main([*profile, "progress", QUALIFICATION, "--include-unverified", "--json",
                     *extra]) == 0
        (found,) = json.loads(capsys.readouterr().out)
        return found  # type: ignore[no-any-return]

    before = report()
    assert before["satisfied"] is False
    (miss,) = before["near_misses"]
    assert (miss["id"], miss["differs"], miss["held"]) == (1, "issuer", GOOGLE_ON_CREDLY)

    assert main([*profile, "trust", "import", str(registry_bundle(tmp_path / "bundle"))]) == 0
    after = report()
    assert after["satisfied"] is True
    assert after["tree"]["flagged"] == [1]  # hosted badge not checked online: flagged
    assert after["near_misses"] == []
