"""Learner-entered facts count toward qualifications only as self-reported (issue 10 §3), and
progress explains itself: near misses, and what to earn versus what to verify (§4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Credential
from portfolio_app.pathways import (
    AcceptancePolicy,
    Holding,
    build_index,
    parse_definition,
    progress,
)
from portfolio_app.pathways.advice import SELF_REPORTED_HOW, TRUST_HOW, advise
from portfolio_app.pathways.service import Entry, Report, reports
from portfolio_app.pathways.shortest import shortest_completion
from portfolio_app.pathways.text import render
from tests.pdfmaker import coursera_like, edx_like
from tests.test_pathways_engine import cred

TODAY = date(2025, 6, 1)
INCLUDE = AcceptancePolicy.INCLUDE_UNVERIFIED


def _pdf(data: bytes) -> Credential:
    return parse(extract("certificate.pdf", data))


def _qualification(**extra: Any) -> Any:
    return parse_definition(
        {
            "id": "example.ml",
            "name": "Applied ML certificate",
            "awarding_body": "Example College",
            "requirements": {
                "type": "all",
                "children": [
                    {"type": "match", "label": "ML Foundations", "tag": "ml-foundations"},
                    {"type": "match", "label": "Data", "achievement_id": "urn:example:data-101"},
                ],
            },
            **extra,
        }
    )


class _Store:
    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def list_texts(self) -> list[str]:
        return self.texts

    def add_text(self, qualification_id: str, text: str) -> None:
        self.texts.append(text)

    def remove(self, qualification_id: str) -> bool:
        return False


def test_a_tagged_pdf_completes_a_qualification_only_under_the_unverified_policy() -> None:
    coursera, edx = _pdf(coursera_like()), _pdf(edx_like())
    assert coursera.self_reported and edx.self_reported
    holdings = [
        Holding(1, coursera, "unverifiable", ("ml-foundations",)),
        Holding(2, edx, "unverifiable", (), "urn:example:data-101"),
    ]
    q = _qualification()

    strict = progress(q, holdings, today=TODAY)
    assert not strict.satisfied
    assert strict.root.counted == ()

    loose = progress(q, holdings, today=TODAY, acceptable=INCLUDE)
    assert loose.satisfied
    assert set(loose.root.counted) == {1, 2}
    assert set(loose.root.flagged) == {1, 2}  # every one of them flagged as self-reported
    assert all("self-reported" in c.explanation for c in loose.root.children)


def test_learner_entered_facts_never_make_a_verified_badge_count_as_verified() -> None:
    """A verified badge matched only by a tag the learner added is a self-reported match."""
    badge = cred("Some verified badge", achievement_id="urn:other")
    holdings = [Holding(1, badge, "verified", ("ml-foundations",))]
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "label": "ML", "tag": "ml-foundations"}}
    )
    strict = progress(q, holdings, today=TODAY)
    assert not strict.satisfied
    assert "matches only by what you entered" in strict.root.explanation

    loose = progress(q, holdings, today=TODAY, acceptable=INCLUDE)
    assert loose.satisfied and loose.root.flagged == (1,)


def test_a_tag_the_credential_itself_carries_is_not_a_learner_claim() -> None:
    badge = cred("Tagged badge", tags=("ml-foundations",))
    holdings = [Holding(1, badge, "verified", ("ml-foundations",))]
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "tag": "ml-foundations"}}
    )
    result = progress(q, holdings, today=TODAY)
    assert result.satisfied and result.root.flagged == ()


def test_a_provisional_title_is_marked_where_progress_names_the_credential() -> None:
    from dataclasses import replace

    badge = replace(
        cred("Google Data Analytics Certificate", achievement_id="https://b.example/1"),
        extra={"title_provisional": "true"},
    )
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "achievement_id": "https://b.example/1"}}
    )
    result = progress(q, [Holding(4, badge, "verified")], today=TODAY)
    assert "“Google Data Analytics Certificate (provisional title)”" in result.root.explanation


def test_rejected_credentials_never_count_through_learner_facts() -> None:
    holdings = [Holding(1, cred("Forged"), "tampered", ("ml-foundations",))]
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "tag": "ml-foundations"}}
    )
    assert not progress(q, holdings, today=TODAY, acceptable=INCLUDE).satisfied


# -- near misses -------------------------------------------------------------------------------


def test_a_same_named_credential_with_another_id_is_a_near_miss_with_the_fix() -> None:
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "label": "Data Literacy for Professionals",
                          "achievement_id": "urn:programme:data-literacy"}}
    )
    held = cred("Data Literacy for Professionals", achievement_id="https://issuer.example/b/12")
    index = build_index([Holding(12, held, "verified")])
    current = progress(q, index, today=TODAY)
    advice = advise(q, index, current, today=TODAY, acceptable=AcceptancePolicy.VERIFIED_ONLY)

    assert len(advice.near_misses) == 1
    miss = advice.near_misses[0]
    assert miss.holding_id == 12 and miss.field == "achievement id"
    assert "you hold #12 “Data Literacy for Professionals” but its achievement id differs" in (
        miss.advice
    )
    assert "(https://issuer.example/b/12 vs urn:programme:data-literacy)" in miss.advice
    assert "portfolio qualifications add FILE" in miss.advice
    assert "portfolio edit 12 --achievement-id urn:programme:data-literacy" in miss.advice

    # The equivalence it proposes really makes the credential count.
    fixed = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B", "equivalences": [miss.equivalence],
         "requirements": {"type": "match", "label": "Data Literacy for Professionals",
                          "achievement_id": "urn:programme:data-literacy"}}
    )
    assert progress(fixed, index, today=TODAY).satisfied


def test_a_same_named_badge_from_another_issuer_is_a_near_miss() -> None:
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "match", "issuer_id": "https://real.example/issuer",
                          "achievement_name": "Cloud Basics"}}
    )
    held = cred("cloud basics", issuer_id="https://other.example/issuer")
    index = build_index([Holding(3, held, "verified")])
    advice = advise(q, index, progress(q, index, today=TODAY), today=TODAY,
                    acceptable=AcceptancePolicy.VERIFIED_ONLY)
    assert [(m.holding_id, m.field) for m in advice.near_misses] == [(3, "issuer")]


def test_nothing_similar_means_no_near_miss() -> None:
    q = _qualification()
    index = build_index([Holding(1, cred("Pottery"), "verified")])
    advice = advise(q, index, progress(q, index, today=TODAY), today=TODAY,
                    acceptable=AcceptancePolicy.VERIFIED_ONLY)
    assert advice.near_misses == ()


# -- earn versus verify ------------------------------------------------------------------------


def test_shortest_way_separates_what_to_earn_from_what_to_verify() -> None:
    q = parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B",
         "requirements": {"type": "all", "children": [
             {"type": "match", "label": "Course A", "achievement_id": "urn:a"},
             {"type": "match", "label": "Course B", "achievement_id": "urn:b"},
             {"type": "match", "label": "Course C", "tag": "course-c"},
         ]}}
    )
    pdf = _pdf(coursera_like())
    holdings = [
        Holding(1, cred("Course A", achievement_id="urn:a"), "unverifiable"),
        Holding(2, pdf, "unverifiable", ("course-c",)),
    ]
    index = build_index(holdings)
    strict = AcceptancePolicy.VERIFIED_ONLY
    current = progress(q, index, today=TODAY, acceptable=strict)
    assert len(shortest_completion(q, index, today=TODAY).additions or ()) == 3

    advice = advise(q, index, current, today=TODAY, acceptable=strict)

    assert [t.title for t in advice.earn or ()] == ["Course B"]
    by_id = {v.holding_id: v for v in advice.verify}
    assert set(by_id) == {1, 2}
    assert by_id[1].can_verify and by_id[1].how == TRUST_HOW
    assert not by_id[2].can_verify and by_id[2].how == SELF_REPORTED_HOW

    report = Report(current, shortest_completion(q, index, today=TODAY), Entry(q, "user"), advice)
    lines = render(report)
    assert any(line.strip() == "Earn: Course B" for line in lines)
    assert any("Verify: #1" in line and "portfolio trust import" in line for line in lines)
    data = report.to_json()
    assert [t["title"] for t in data["shortest"]["earn"]] == ["Course B"]
    assert {v["id"] for v in data["shortest"]["verify"]} == {1, 2}


def test_reports_carry_advice_and_example_sources_in_json() -> None:
    import json

    text = json.dumps(
        {"id": "example.q", "name": "Q", "awarding_body": "B", "example": True,
         "example_source": "https://example.org/programme (structure)",
         "requirements": {"type": "match", "label": "Data Literacy", "achievement_id": "urn:x"}}
    )
    holdings = [Holding(5, cred("Data Literacy", achievement_id="urn:y"), "verified")]
    found = reports(_Store([text]), holdings, today=TODAY, qualification_id="example.q",
                    catalogue=None)
    data = found[0].to_json()
    assert data["example_source"].startswith("https://example.org/programme")
    assert [m["id"] for m in data["near_misses"]] == [5]
