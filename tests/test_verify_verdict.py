"""The verdict vocabulary: precedence of statuses and a summary that names the real cause."""

from __future__ import annotations

from datetime import UTC, datetime

from portfolio_app.verify.verdict import Check, Outcome, Status, decide

NOW = datetime(2026, 11, 28, tzinfo=UTC)
SIG_OK = Check("signature", Outcome.PASSED, "Signature valid.")
EXPIRED = Check("dates", Outcome.FAILED, "Expired on 2010-01-02.")
REVOKED = Check("status", Outcome.FAILED, "Revoked by the issuer's status list.")
NO_LIST = Check("status", Outcome.NOT_CHECKED, "Status list not cached; needs a network check.")


def test_tampered_outranks_revoked_outranks_expired() -> None:
    assert decide({Status.EXPIRED, Status.REVOKED}, [], checked_at=NOW).status is Status.REVOKED
    assert (
        decide({Status.EXPIRED, Status.REVOKED, Status.TAMPERED}, [], checked_at=NOW).status
        is Status.TAMPERED
    )
    assert decide({Status.VERIFIED, Status.UNVERIFIABLE}, [], checked_at=NOW).status is (
        Status.UNVERIFIABLE
    )


def test_nothing_judged_is_unverifiable_not_verified() -> None:
    assert decide([], [], checked_at=NOW).status is Status.UNVERIFIABLE


def test_summary_names_the_cause_of_the_chosen_status() -> None:
    verdict = decide({Status.EXPIRED, Status.REVOKED}, [SIG_OK, EXPIRED, REVOKED], checked_at=NOW)
    assert verdict.summary == REVOKED.detail


def test_verified_with_an_unchecked_step_says_so() -> None:
    verdict = decide({Status.VERIFIED}, [SIG_OK, NO_LIST], checked_at=NOW)
    assert verdict.status is Status.VERIFIED
    assert "not checked" in verdict.summary and "network" in verdict.summary


def test_json_keeps_could_not_check_apart_from_failed() -> None:
    data = decide({Status.VERIFIED}, [SIG_OK, NO_LIST], checked_at=NOW).to_json()
    assert [c["ok"] for c in data["checks"]] == [True, None]
    assert data["checks"][1]["outcome"] == "not_checked"
