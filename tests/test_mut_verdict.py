"""What a verdict carries to other people (``--json``, the wallet, exports) keeps its fields and
never invents an issuer standing (tests that kill verdict mutants ``make mutation`` found)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portfolio_app.verify.verdict import (
    ISSUER_RECOGNISED,
    Check,
    Outcome,
    Status,
    decide,
    issuer_json,
)

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
GOOD = (
    Check("signature", Outcome.PASSED, "signature valid"),
    Check("issuer_key", Outcome.PASSED, "key bound"),
)


def test_the_json_of_a_verdict_keeps_its_status_summary_and_time() -> None:
    data = decide({Status.VERIFIED}, GOOD, checked_at=WHEN).to_json()
    assert data["status"] == "verified"
    assert isinstance(data["summary"], str) and data["summary"]
    assert data["checked_at"] == WHEN.isoformat()
    assert [c["name"] for c in data["checks"]] == ["signature", "issuer_key"]


def test_a_verdict_without_an_issuer_check_claims_no_issuer_standing() -> None:
    # A verdict stored before issuer checks existed must not read as "self-described" either.
    verdict = decide({Status.VERIFIED}, GOOD, checked_at=WHEN)
    assert issuer_json({}) == {}
    assert "issuer_recognised" not in verdict.to_json()
    assert "issuer_standing" not in verdict.to_json()
    assert verdict.issuer_recognised is None and verdict.issuer_standing == ""


def test_an_unrecognised_issuer_is_self_described_in_json() -> None:
    verdict = decide({Status.VERIFIED}, GOOD, checked_at=WHEN, facts={ISSUER_RECOGNISED: "false"})
    data = verdict.to_json()
    assert data["issuer_recognised"] is False and data["issuer_standing"] == "self-described"


def test_a_recognised_issuer_is_recognised_in_json() -> None:
    data = issuer_json({ISSUER_RECOGNISED: "true"})
    assert data == {"issuer_recognised": True, "issuer_standing": "recognised"}


@pytest.mark.parametrize(
    ("proof", "binding"),
    [("seal", "trust_list"), ("hosted", "issuer_scope"), ("signature", "issuer_key")],
)
def test_each_kind_of_proof_and_binding_earns_verified_only_when_both_pass(
    proof: str, binding: str
) -> None:
    passed = (Check(proof, Outcome.PASSED, "intact"), Check(binding, Outcome.PASSED, "bound"))
    assert decide({Status.VERIFIED}, passed, checked_at=WHEN).status is Status.VERIFIED
    for outcome in (Outcome.NOT_CHECKED, Outcome.FAILED):
        unbound = (passed[0], Check(binding, outcome, "not bound"))
        assert decide({Status.VERIFIED}, unbound, checked_at=WHEN).status is Status.UNVERIFIABLE
    broken = (Check(proof, Outcome.FAILED, "broken"), passed[1])
    assert decide({Status.VERIFIED}, broken, checked_at=WHEN).status is Status.TAMPERED


def test_a_verdict_with_no_proof_check_gains_a_signature_not_checked_and_only_then() -> None:
    bound = Check("issuer_key", Outcome.PASSED, "bound")
    verdict = decide({Status.VERIFIED}, (bound,), checked_at=WHEN)
    assert verdict.status is Status.UNVERIFIABLE
    added = [c for c in verdict.checks if c.name == "signature"]
    assert len(added) == 1 and added[0].outcome is Outcome.NOT_CHECKED
    unchecked = Check("signature", Outcome.NOT_CHECKED, "key not cached")
    verdict = decide({Status.VERIFIED}, (unchecked, bound), checked_at=WHEN)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.checks == (unchecked, bound)


def test_a_nested_proof_does_not_stand_in_for_the_credentials_own() -> None:
    checks = (
        Check("nested[0].signature", Outcome.PASSED, "inner intact"),
        Check("nested[0].issuer_key", Outcome.PASSED, "inner bound"),
    )
    assert decide({Status.VERIFIED}, checks, checked_at=WHEN).status is Status.UNVERIFIABLE
