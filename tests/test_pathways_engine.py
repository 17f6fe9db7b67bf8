"""Progress engine: one story per rule type, recency, expiry, equivalences, counts-once, reuse
and the acceptance policy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from portfolio_app.model import Alignment, Container, Credential, CredentialFormat, CreditValue
from portfolio_app.pathways import (
    AcceptancePolicy,
    Holding,
    parse_definition,
    progress,
    shortest_completion,
)

TODAY = date(2025, 6, 1)


def cred(
    title: str = "Course",
    *,
    achievement_id: str | None = None,
    issuer_id: str | None = "https://issuer.example",
    issued: date | None = date(2024, 1, 1),
    until: date | None = None,
    tags: tuple[str, ...] = (),
    alignments: tuple[Alignment, ...] = (),
    credits: tuple[CreditValue, ...] = (),
    self_reported: bool = False,
) -> Credential:
    def at(d: date | None) -> datetime | None:
        return datetime(d.year, d.month, d.day, tzinfo=UTC) if d else None

    return Credential(
        format=CredentialFormat.OB3, container=Container.JSON, title=title,
        issuer_name="Issuer", payload="{}", achievement_id=achievement_id, issuer_id=issuer_id,
        issued=at(issued), valid_until=at(until), tags=tags, alignments=alignments,
        credits=credits, self_reported=self_reported,
    )


def held(i: int, credential: Credential, status: str | None = "verified") -> Holding:
    return Holding(i, credential, status)


def qual(requirements: dict[str, Any], **extra: Any) -> Any:
    return parse_definition(
        {"id": "q", "name": "Q", "awarding_body": "B", "requirements": requirements, **extra}
    )


def m(achievement_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": "match", "achievement_id": achievement_id, **extra}


def test_all_needs_every_child_and_says_what_is_missing() -> None:
    q = qual({"type": "all", "children": [m("a", label="A"), m("b", label="B")]})
    result = progress(q, [held(1, cred(achievement_id="a"))], today=TODAY)
    assert not result.satisfied
    assert result.percent == 50.0
    assert result.root.counted == (1,)
    assert result.root.missing == ("B",)
    assert result.root.explanation == "1 of 2 requirements met; all 2 are needed."
    assert result.root.children[0].explanation.startswith("Met by #1")


def test_any_n_of_m() -> None:
    q = qual({"type": "any", "min": 2, "children": [m("a"), m("b"), m("c")]})
    one = progress(q, [held(1, cred(achievement_id="c"))], today=TODAY)
    assert (one.satisfied, one.percent) == (False, 50.0)
    assert one.root.missing == ("1 more of: achievement a; achievement b",)
    two = progress(q, [held(1, cred(achievement_id="c")), held(2, cred(achievement_id="a"))],
                   today=TODAY)
    assert two.satisfied and two.root.counted == (1, 2)


def test_credits_from_credential_and_overridden_in_definition() -> None:
    q = qual({"type": "credits", "min": 10, "unit": "ects", "children": [
        {"type": "match", "tag": "digital"},
        m("fixed", credits=6),
    ]})
    holdings = [
        held(1, cred(tags=("Digital",), credits=(CreditValue(2.5, "ECTS"),))),
        held(2, cred(tags=("digital",), credits=(CreditValue(3, "US credit hours"),))),
        held(3, cred(achievement_id="fixed", credits=(CreditValue(1, "ECTS"),))),
    ]
    result = progress(q, holdings, today=TODAY)
    assert result.root.credits == 8.5  # 2.5 stated + 6 overridden; #2 has no ECTS
    assert result.root.credits_needed == 10
    assert result.percent == 85.0
    assert "#2 matches but carries no ECTS" in result.root.children[0].explanation
    assert result.root.missing == ("1.5 more ECTS",)
    assert result.root.explanation == "8.5 of 10 ECTS from 2 credentials."


def test_matchers_by_issuer_name_alignment_and_tag() -> None:
    q = qual({"type": "all", "children": [
        {"type": "match", "issuer_id": "https://uni.example/", "achievement_name": "Data  Ethics"},
        {"type": "match", "alignment": {"url": "http://data.europa.eu/esco/skill/abc"}},
        {"type": "match", "alignment": {"framework": "DigComp", "code": "1.3"}},
        {"type": "match", "tag": "Cloud Lab"},
    ]})
    holdings = [
        held(1, cred("data ethics", issuer_id="https://uni.example/")),  # case/space tolerant
        held(2, cred(alignments=(Alignment("Skill", code="http://data.europa.eu/esco/skill/abc/"),))),
        held(3, cred(alignments=(Alignment("Manage data", framework="digcomp", code="1.3"),))),
        held(4, cred(tags=("cloud  lab",))),
    ]
    result = progress(q, holdings, today=TODAY)
    assert result.satisfied
    assert [c.counted for c in result.root.children] == [(1,), (2,), (3,), (4,)]


def test_issuer_and_name_matches_only_that_title_of_that_issuer() -> None:
    # The issuer's other courses, and the same title from another issuer, do not count.
    uni = "https://uni.example/"
    q = qual({"type": "all", "children": [
        {"type": "match", "issuer_id": uni, "achievement_name": "Statistics"},
        {"type": "match", "issuer_id": uni, "achievement_name": "Algebra"},
    ]})
    holdings = [
        held(1, cred("Data Ethics", issuer_id=uni)),
        held(2, cred("statistics", issuer_id=uni)),
        held(3, cred("Algebra", issuer_id="https://other.example/")),
        held(4, cred("Statistics ", issuer_id=uni)),
    ]
    result = progress(q, holdings, today=TODAY)
    assert not result.satisfied
    assert result.root.children[0].counted == (2,)
    assert result.root.children[1].counted == ()


def test_a_credential_counts_once_per_group() -> None:
    # One credential tagged for both electives fills only one of them...
    q = qual({"type": "any", "min": 2, "children": [
        {"type": "match", "tag": "x"}, {"type": "match", "tag": "y"}]})
    both = held(1, cred(tags=("x", "y")))
    assert progress(q, [both], today=TODAY).percent == 50.0
    # ...and the engine places contested credentials where they help most.
    q2 = qual({"type": "all", "children": [{"type": "match", "tag": "x"}, m("only-a")]})
    holdings = [held(1, cred(achievement_id="only-a", tags=("x",))), held(2, cred(tags=("x",)))]
    result = progress(q2, holdings, today=TODAY)
    assert result.satisfied
    assert [c.counted for c in result.root.children] == [(2,), (1,)]


def test_reuse_shared_lets_one_credential_fill_several_rules() -> None:
    q = qual({"type": "any", "min": 2, "children": [
        {"type": "match", "tag": "x"}, {"type": "match", "tag": "y"}]}, reuse="shared")
    assert progress(q, [held(1, cred(tags=("x", "y")))], today=TODAY).satisfied


def test_shared_credits_pool_still_adds_a_credential_once() -> None:
    q = qual({"type": "credits", "min": 4, "unit": "hour", "children": [
        {"type": "match", "tag": "x"}, {"type": "match", "tag": "y"}]}, reuse="shared")
    result = progress(q, [held(1, cred(tags=("x", "y"), credits=(CreditValue(3, "hours"),)))],
                      today=TODAY)
    assert result.root.credits == 3 and not result.satisfied


def test_equivalence_counts_and_is_reported() -> None:
    q = qual({"type": "all", "children": [m("new")]}, equivalences=[
        {"achievement": {"achievement_id": "old"}, "counts_as": {"achievement_id": "new"}}])
    result = progress(q, [held(7, cred(achievement_id="old"))], today=TODAY)
    assert result.satisfied
    assert result.root.via_equivalence == (7,)
    assert "through an equivalence" in result.root.children[0].explanation


def test_expired_components_do_not_count_unless_the_definition_ignores_expiry() -> None:
    holding = held(1, cred(achievement_id="cert", until=date(2025, 1, 1)))
    strict = qual({"type": "all", "children": [m("cert")]})
    result = progress(strict, [holding], today=TODAY)
    assert not result.satisfied
    assert "expired on 2025-01-01" in result.root.children[0].explanation
    lenient = qual({"type": "all", "children": [m("cert")]}, expiry="ignore")
    assert progress(lenient, [holding], today=TODAY).satisfied
    # An "expired" verdict is a trusted signature: it counts where expiry is ignored.
    expired_verdict = held(2, cred(achievement_id="cert"), status="expired")
    assert progress(lenient, [expired_verdict], today=TODAY).satisfied
    assert not progress(strict, [expired_verdict], today=TODAY).satisfied


def test_recency_relative_to_today() -> None:
    q = qual({"type": "all", "children": [m("a")]}, recency={"months": 12, "anchor": "today"})
    old = held(1, cred(achievement_id="a", issued=date(2024, 5, 31)))
    fresh = held(2, cred(achievement_id="a", issued=date(2024, 6, 1)))
    assert not progress(q, [old], today=TODAY).satisfied
    assert progress(q, [old, fresh], today=TODAY).root.counted == (2,)


def test_recency_relative_to_completion() -> None:
    q = qual({"type": "all", "children": [m("a"), m("b")]}, recency={"months": 24})
    a = held(1, cred(achievement_id="a", issued=date(2015, 1, 1)))
    b = held(2, cred(achievement_id="b", issued=date(2016, 6, 1)))
    result = progress(q, [a, b], today=TODAY)
    assert result.satisfied and result.completed_on == date(2016, 6, 1)  # done years ago
    late = held(2, cred(achievement_id="b", issued=date(2018, 1, 2)))
    result = progress(q, [a, late], today=TODAY)
    assert not result.satisfied  # 3 years apart: outside the 24-month window
    assert result.percent == 0.0  # and both are too old to count towards finishing now


def test_acceptance_policy_flags_unverified() -> None:
    q = qual({"type": "all", "children": [m("a")]})
    pdf = held(1, cred(achievement_id="a", self_reported=True), status="unverifiable")
    strict = progress(q, [pdf], today=TODAY)
    assert not strict.satisfied
    assert "not verified (self-reported)" in strict.root.children[0].explanation
    loose = progress(q, [pdf], today=TODAY, acceptable=AcceptancePolicy.INCLUDE_UNVERIFIED)
    assert loose.satisfied and loose.root.flagged == (1,)
    assert any("not verified" in note for note in loose.notes)


def test_tampered_never_counts_and_verified_is_preferred() -> None:
    q = qual({"type": "all", "children": [m("a")]})
    bad = held(1, cred(achievement_id="a"), status="tampered")
    loose = AcceptancePolicy.INCLUDE_UNVERIFIED
    assert not progress(q, [bad], today=TODAY, acceptable=loose).satisfied
    holdings = [held(1, cred(achievement_id="a"), status=None), held(2, cred(achievement_id="a"))]
    result = progress(q, holdings, today=TODAY, acceptable=loose)
    assert result.root.counted == (2,) and result.root.flagged == ()


def test_named_groups_and_deterministic_output() -> None:
    q = parse_definition({
        "id": "q", "name": "Q", "awarding_body": "B",
        "groups": {"core": {"type": "all", "children": [m("a"), m("b")]}},
        "requirements": {"type": "all", "children": [{"type": "ref", "group": "core"}, m("c")]},
    })
    holdings = [held(i, cred(achievement_id=x)) for i, x in [(3, "c"), (1, "a")]]
    first = progress(q, holdings, today=TODAY).to_json()
    assert first == progress(q, list(reversed(holdings)), today=TODAY).to_json()
    assert first["tree"]["children"][0]["path"] == "$.groups.core"


def test_shortest_completion_and_expiring_soonest() -> None:
    q = qual({"type": "all", "children": [
        {"type": "any", "min": 2, "children": [m("a"), m("b"), m("c")]},
        {"type": "credits", "min": 10, "unit": "ceu", "children": [
            m("small", credits=2), m("big", credits=8), m("mid", credits=5)]},
    ]})
    holdings = [
        held(1, cred(achievement_id="a", until=date(2027, 1, 1))),
        held(2, cred(achievement_id="mid", until=date(2026, 1, 1))),
    ]
    done = shortest_completion(q, holdings, today=TODAY)
    assert done.additions is not None
    assert [t.match for t in done.additions] == [{"achievement_id": "b"},
                                                  {"achievement_id": "big"}]
    assert [e.holding_id for e in done.expiring_soonest] == [2, 1]
    assert done.explanation.startswith("2 more achievements")


def test_shortest_says_when_nothing_known_can_finish() -> None:
    q = qual({"type": "credits", "min": 10, "unit": "ects", "children": [
        {"type": "match", "tag": "x"}]})
    assert shortest_completion(q, [], today=TODAY).additions is None


def test_text_rendering_of_a_report() -> None:
    from portfolio_app.pathways.service import Entry, Report
    from portfolio_app.pathways.text import render

    q = qual({"type": "all", "children": [m("a", label="Course A"), m("b", label="Course B")]})
    holdings = [held(1, cred("Course A", achievement_id="a"))]
    report = Report(progress(q, holdings, today=TODAY),
                    shortest_completion(q, holdings, today=TODAY), Entry(q, "user"))
    text = "\n".join(render(report))
    assert "50% in progress" in text
    assert "[x] Course A — Met by #1" in text
    assert "Shortest way to finish: 1 more achievement would complete it: Course B." in text
