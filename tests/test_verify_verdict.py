"""The verdict vocabulary: precedence of statuses, a summary that names the real cause, and
``verified`` only when a signature and a key binding actually passed (fail closed)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

NOW = datetime(2026, 11, 28, tzinfo=UTC)
SIG_OK = Check("signature", Outcome.PASSED, "Signature valid.")
EXPIRED = Check("dates", Outcome.FAILED, "Expired on 2010-01-02.")
REVOKED = Check("status", Outcome.FAILED, "Revoked by the issuer's status list.")
NO_LIST = Check("status", Outcome.NOT_CHECKED, "Status list not cached; needs a network check.")
KEY_OK = Check("issuer_key", Outcome.PASSED, "The issuer's own did:key.")
LISTED = Check("status", Outcome.PASSED, "Not revoked.", as_of=datetime(2026, 11, 1, tzinfo=UTC))
SELF_DESCRIBED = Check("issuer", Outcome.NOT_CHECKED, "self-described issuer: …")
RECOGNISED = Check("issuer", Outcome.PASSED, "recognised by R as U (as of 2026-11-01)")


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
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, NO_LIST], checked_at=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.limits == ("revocation not checked",)
    assert verdict.summary == "revocation not checked"


def test_json_keeps_could_not_check_apart_from_failed() -> None:
    data = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, NO_LIST], checked_at=NOW).to_json()
    assert [c["ok"] for c in data["checks"]] == [True, True, None]
    assert data["checks"][2]["outcome"] == "not_checked"
    assert data["limits"] == ["revocation not checked"]


# -- fail closed: whatever the caller proposes, "verified" must be earned by the checks -------


@pytest.mark.parametrize(
    "checks",
    [
        [],
        [KEY_OK],  # a key binding but no signature at all
        [Check("signature", Outcome.NOT_CHECKED, "Key not cached."), KEY_OK],
        [Check("nested[0].signature", Outcome.PASSED, "Nested proof valid."), KEY_OK],
        [Check("dates", Outcome.PASSED, "Valid now."), Check("format", Outcome.PASSED, "JSON")],
    ],
    ids=["no-checks", "binding-only", "signature-not-checked", "only-nested", "no-proof"],
)
def test_verified_without_a_passed_signature_is_unverifiable(checks: list[Check]) -> None:
    verdict = decide({Status.VERIFIED}, checks, checked_at=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.limits == ()


@pytest.mark.parametrize(
    "binding",
    [
        None,
        Check("issuer_key", Outcome.NOT_CHECKED, "Needs the issuer's document."),
        Check("issuer_key", Outcome.FAILED, "Key not listed by the issuer."),
        Check("trust_list", Outcome.NOT_CHECKED, "Not on a trust list."),
        Check("issuer_scope", Outcome.NOT_CHECKED, "Scope unknown."),
    ],
    ids=["missing", "key-not-checked", "key-failed", "trust-list", "scope"],
)
def test_verified_needs_every_key_binding_to_pass(binding: Check | None) -> None:
    checks = [SIG_OK] if binding is None else [SIG_OK, binding]
    verdict = decide({Status.VERIFIED}, checks, checked_at=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    if binding is None:
        assert any(c.name == "issuer_key" and c.ok is None for c in verdict.checks)


def test_one_passed_binding_does_not_excuse_another_that_did_not() -> None:
    unbound = Check("trust_list", Outcome.NOT_CHECKED, "Not on a trust list.")
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, unbound], checked_at=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.summary == unbound.detail


def test_a_failed_signature_beside_a_passed_one_is_tampered() -> None:
    bad = Check("signature", Outcome.FAILED, "Proof 2 does not match.")
    verdict = decide({Status.VERIFIED}, [SIG_OK, bad, KEY_OK], checked_at=NOW)
    assert verdict.status is Status.TAMPERED
    assert verdict.summary == bad.detail


@pytest.mark.parametrize("proof", ["signature", "hosted"])
def test_a_passed_signature_or_hosted_copy_and_binding_verify(proof: str) -> None:
    checks = [Check(proof, Outcome.PASSED, "ok"), KEY_OK, LISTED, RECOGNISED]
    verdict = decide({Status.VERIFIED}, checks, checked_at=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.limits == ("revocation as of 2026-11-01",)


def test_worse_statuses_are_kept_even_without_a_signature() -> None:
    assert decide({Status.EXPIRED}, [EXPIRED], checked_at=NOW).status is Status.EXPIRED


# -- limits and the one-line summary of a verified verdict --------------------------------------


def test_limits_name_what_was_not_checked() -> None:
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, SELF_DESCRIBED], checked_at=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.limits == ("revocation not checked (no status entry)", "issuer not recognised")
    assert verdict.summary == "revocation not checked (no status entry); issuer not recognised"
    assert verdict.to_json()["limits"] == list(verdict.limits)


def test_limits_carry_the_as_of_date_of_cached_documents() -> None:
    when = datetime(2026, 10, 3, tzinfo=UTC)
    stale = Check("status", Outcome.NOT_CHECKED, "List expired.", as_of=when)
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, stale, RECOGNISED], checked_at=NOW)
    assert verdict.limits == ("revocation not checked (as of 2026-10-03)",)


def test_nothing_left_unchecked_says_so() -> None:
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, LISTED, RECOGNISED], checked_at=NOW)
    assert verdict.limits == ("revocation as of 2026-11-01",)
    fresh = Check("status", Outcome.PASSED, "Not revoked.")
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, fresh, RECOGNISED], checked_at=NOW)
    assert verdict.limits == ()
    assert verdict.summary == "every check passed"


def test_a_failed_side_check_is_named_before_the_limits() -> None:
    wrong = Check("recipient", Outcome.FAILED, "Not issued to any of your addresses.")
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, LISTED, wrong], checked_at=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.summary.startswith("but Not issued to any of your addresses; ")


def test_limits_survive_a_round_trip_through_storage_fields() -> None:
    verdict = decide({Status.VERIFIED}, [SIG_OK, KEY_OK, NO_LIST], checked_at=NOW)
    again = Verdict(verdict.status, verdict.checks, verdict.summary, verdict.checked_at, {})
    assert again.limits == verdict.limits


def test_issuer_standing_comes_from_the_issuer_facts() -> None:
    mine = decide({Status.VERIFIED}, [SIG_OK, KEY_OK], checked_at=NOW,
                  facts={"issuer_recognised": "false"})
    assert mine.issuer_standing == "self-described issuer"
    assert mine.to_json()["issuer_recognised"] is False
    assert mine.to_json()["issuer_standing"] == "self-described"
    known = decide({Status.VERIFIED}, [SIG_OK, KEY_OK], checked_at=NOW,
                   facts={"issuer_recognised": "true", "issuer_registry": "R",
                          "issuer_official_name": "Uni"})
    assert known.issuer_standing == "recognised issuer: Uni (R)"
    assert known.to_json()["issuer_recognised"] is True
