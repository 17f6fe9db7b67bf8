"""Which check explains a verdict, and what a verified verdict admits it did not check
(found by ``make mutation``).

Summaries are not pinned word for word: the tests only ask that the summary *carries the detail
of the check that caused the status* (details written here), and pin the limits list.
"""

from __future__ import annotations

from datetime import UTC, datetime

from portfolio_app.verify.verdict import Check, Outcome, Status, decide

NOW = datetime(2026, 11, 28, tzinfo=UTC)
WHEN = datetime(2026, 10, 3, tzinfo=UTC)
SIG_OK = Check("signature", Outcome.PASSED, "sig-ok-detail")
KEY_OK = Check("issuer_key", Outcome.PASSED, "key-ok-detail")
LISTED = Check("status", Outcome.PASSED, "listed-detail")


def test_an_unbound_key_explains_unverifiable_before_an_unchecked_list() -> None:
    no_list = Check("status", Outcome.NOT_CHECKED, "no-list-detail")
    unbound = Check("issuer_key", Outcome.NOT_CHECKED, "unbound-detail")
    verdict = decide({Status.VERIFIED}, [no_list, SIG_OK, unbound], checked_at=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "unbound-detail" in verdict.summary
    assert "sig-ok-detail" not in verdict.summary and "no-list-detail" not in verdict.summary


def test_a_failed_nested_signature_explains_tampered_before_other_failures() -> None:
    wrong = Check("recipient", Outcome.FAILED, "recipient-detail")
    nested = Check("nested[1].signature", Outcome.FAILED, "nested-sig-detail")
    verdict = decide({Status.TAMPERED}, [wrong, nested], checked_at=NOW)
    assert "nested-sig-detail" in verdict.summary
    assert "recipient-detail" not in verdict.summary


def test_expiry_is_explained_by_the_dates_check_not_an_earlier_failure() -> None:
    wrong = Check("recipient", Outcome.FAILED, "recipient-detail")
    dates = Check("dates", Outcome.FAILED, "dates-detail")
    verdict = decide({Status.EXPIRED}, [SIG_OK, KEY_OK, wrong, dates], checked_at=NOW)
    assert verdict.status is Status.EXPIRED
    assert "dates-detail" in verdict.summary and "recipient-detail" not in verdict.summary


def test_an_unsupported_verdict_is_explained_by_what_was_not_checked_not_the_issuer() -> None:
    issuer = Check("issuer", Outcome.NOT_CHECKED, "issuer-detail")
    seal = Check("seal", Outcome.NOT_CHECKED, "seal-detail")
    verdict = decide({Status.UNSUPPORTED}, [issuer, seal], checked_at=NOW)
    assert "seal-detail" in verdict.summary and "issuer-detail" not in verdict.summary


def test_a_worse_status_with_only_a_failed_side_check_is_explained_by_it() -> None:
    wrong = Check("recipient", Outcome.FAILED, "recipient-detail")
    later = Check("status", Outcome.NOT_CHECKED, "later-detail")
    verdict = decide({Status.MALFORMED}, [later, wrong], checked_at=NOW)
    assert "recipient-detail" in verdict.summary


def test_limits_are_listed_once_and_only_for_the_credentials_own_checks() -> None:
    checks = [
        SIG_OK,
        KEY_OK,
        Check("status", Outcome.NOT_CHECKED, "a"),
        Check("status", Outcome.NOT_CHECKED, "b"),
        Check("nested[0].trust_list", Outcome.NOT_CHECKED, "c"),
        Check("issuer", Outcome.NOT_CHECKED, "d", as_of=WHEN),
        Check("timestamps", Outcome.NOT_CHECKED, "e", as_of=WHEN),
    ]
    verdict = decide({Status.VERIFIED}, checks, checked_at=NOW)
    assert verdict.limits == (
        "revocation not checked",
        "issuer not recognised",
        "timestamps not checked (as of 2026-10-03)",
    )


def test_a_passed_trust_list_is_a_limit_by_its_date_and_a_nested_failure_is_not_named() -> None:
    seal = Check("seal", Outcome.PASSED, "seal-detail")
    trust = Check("trust_list", Outcome.PASSED, "trust-detail", as_of=WHEN)
    nested = Check("nested[0].recipient", Outcome.FAILED, "nested-detail")
    verdict = decide({Status.VERIFIED}, [seal, trust, LISTED, nested], checked_at=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.limits == ("trust list as of 2026-10-03",)
    assert "nested-detail" not in verdict.summary


def test_a_check_carries_its_as_of_date_into_json_only_when_it_has_one() -> None:
    dated = Check("status", Outcome.PASSED, "x", as_of=WHEN).to_json()
    assert dated["as_of"] == WHEN.isoformat() and dated["ok"] is True
    assert "as_of" not in Check("status", Outcome.FAILED, "x").to_json()
    assert Check("status", Outcome.FAILED, "x").to_json()["ok"] is False
