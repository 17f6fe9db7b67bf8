"""Open Badges 2.0 refusals and checks the older tests did not pin (found by ``make mutation``).

Signed assertions are signed here with an RSA key made here; hosted assertions are our own,
with their "issuer's copy" cached in memory.  Each test says what a learner would see go wrong.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from verify_jose_support import NOW, doc, memory, pem, rsa_key, sign_compact

from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.ob2 import (
    hash_identity,
    recipient_check,
    verify_ob2_hosted,
    verify_ob2_signed,
)
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

OB2 = "https://w3id.org/openbadges/v2"
KEY = rsa_key()
KEY_URL = "https://college.example/keys/1"
ISSUER = "https://college.example/issuer"
BADGE = "https://college.example/badges/welding"
HOSTED_URL = "https://college.example/assertions/7"
EMAIL = "ada@example.org"


def _assertion(**extra: Any) -> dict[str, Any]:
    return {
        "@context": OB2,
        "type": "Assertion",
        "id": "urn:uuid:5d2e-m2-assertion",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "pepper",
            "identity": hash_identity(EMAIL, "pepper"),
        },
        "issuedOn": "2026-03-01T12:00:00Z",
        "badge": BADGE,
        "verification": {"type": "SignedBadge", "creator": KEY_URL},
        **extra,
    }


def _badge() -> dict[str, Any]:
    return {"@context": OB2, "type": "BadgeClass", "id": BADGE, "name": "Welding", "issuer": ISSUER}


def _profile(**extra: Any) -> dict[str, Any]:
    return {
        "@context": OB2,
        "type": "Profile",
        "id": ISSUER,
        "name": "College",
        "publicKey": [KEY_URL],
        **extra,
    }


def _docs(*extra: CachedDocument, profile: dict[str, Any] | None = None) -> MemorySource:
    key = {
        "@context": OB2,
        "type": "CryptographicKey",
        "id": KEY_URL,
        "owner": ISSUER,
        "publicKeyPem": pem(KEY),
    }
    base = [doc(KEY_URL, key), doc(ISSUER, profile or _profile()), doc(BADGE, _badge())]
    return memory(*base, *extra)


def _signed(assertion: dict[str, Any], docs: MemorySource | None = None) -> Verdict:
    token = sign_compact({"alg": "RS256"}, assertion, KEY)
    return verify_ob2_signed(token, docs=docs or _docs(), now=NOW, learner_emails=[EMAIL])


def _check(verdict: Verdict, name: str) -> Check:
    found = [c for c in verdict.checks if c.name == name]
    assert len(found) == 1, [c.name for c in verdict.checks]
    return found[0]


def test_the_own_signed_assertion_verifies_and_names_its_proof_badge_and_issuer() -> None:
    verdict = _signed(_assertion())
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["proof"] == "OB 2.0 JWS RS256"
    assert verdict.facts["achievement"] == "Welding"
    assert verdict.facts["issuer"] == "College"
    assert _check(verdict, "recipient").outcome is Outcome.PASSED


def test_an_unreadable_token_is_a_failed_format_check() -> None:
    verdict = verify_ob2_signed("not a token", docs=_docs(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert _check(verdict, "format").outcome is Outcome.FAILED


@pytest.mark.parametrize("kind", ["Endorsement", ["BadgeClass"]])
def test_a_signed_object_that_is_not_an_assertion_is_malformed(kind: Any) -> None:
    verdict = _signed(_assertion(type=kind))
    assert verdict.status is Status.MALFORMED
    assert _check(verdict, "format").outcome is Outcome.FAILED


def test_a_signed_assertion_that_says_it_is_hosted_is_malformed() -> None:
    verdict = _signed(_assertion(verification={"type": "HostedBadge", "creator": KEY_URL}))
    assert verdict.status is Status.MALFORMED


@pytest.mark.parametrize("badge", [7, ["a", "b"]])
def test_a_badge_that_is_neither_an_object_nor_a_url_is_malformed(badge: Any) -> None:
    verdict = _signed(_assertion(badge=badge))
    assert verdict.status is Status.MALFORMED
    check = _check(verdict, "issuer")
    assert check.outcome is Outcome.FAILED and "neither an object nor a URL" in check.detail


def test_a_profile_the_server_did_not_return_is_not_cached() -> None:
    docs = _docs(doc(ISSUER, b"", status=404))
    verdict = _signed(_assertion(), docs)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "issuer").outcome is Outcome.NOT_CHECKED


def test_profile_cached_but_key_missing_is_not_checked_never_failed() -> None:
    # Nothing is wrong with the badge: a document is missing, which a network check fixes.
    docs = memory(doc(ISSUER, _profile()), doc(BADGE, _badge()))
    verdict = _signed(_assertion(), docs)
    assert verdict.status is Status.UNVERIFIABLE
    key = _check(verdict, "issuer_key")
    assert key.outcome is Outcome.NOT_CHECKED and "profile is cached but its key" in key.detail
    assert _check(verdict, "signature").outcome is Outcome.NOT_CHECKED


def test_no_creator_and_no_profile_waits_for_the_profile() -> None:
    assertion = _assertion(verification={"type": "SignedBadge"})
    verdict = _signed(assertion, memory(doc(BADGE, _badge())))
    assert verdict.status is Status.UNVERIFIABLE
    key = _check(verdict, "issuer_key")
    assert key.outcome is Outcome.NOT_CHECKED and "until the issuer profile is cached" in key.detail


def test_no_creator_uses_the_keys_the_cached_profile_lists() -> None:
    verdict = _signed(_assertion(verification={"type": "SignedBadge"}))
    assert verdict.status is Status.VERIFIED


@pytest.mark.parametrize(
    ("owner", "phrase"),
    [(None, "names no owner"), ("https://other.example/issuer", "the owner https://other.example")],
)
def test_a_key_not_owned_by_the_issuer_says_whose_it_is(owner: str | None, phrase: str) -> None:
    key: dict[str, Any] = {"id": KEY_URL, "type": "CryptographicKey", "publicKeyPem": pem(KEY)}
    if owner is not None:
        key["owner"] = owner
    docs = memory(doc(KEY_URL, key), doc(ISSUER, _profile()), doc(BADGE, _badge()))
    verdict = _signed(_assertion(), docs)
    assert verdict.status is Status.UNVERIFIABLE
    assert phrase in _check(verdict, "issuer_key").detail


def test_a_future_issue_date_is_not_yet_valid_with_one_dates_check() -> None:
    verdict = _signed(_assertion(issuedOn="2027-01-01T00:00:00Z"))
    assert verdict.status is Status.NOT_YET_VALID
    assert _check(verdict, "dates").outcome is Outcome.FAILED


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ({"expires": "2026-06-01T00:00:00Z"}, Status.EXPIRED),
        ({"expires": "soon"}, Status.MALFORMED),
        ({"issuedOn": "yesterday"}, Status.MALFORMED),
        ({"expires": "2027-06-01T00:00:00Z"}, Status.VERIFIED),
    ],
)
def test_signed_assertion_dates_decide(extra: dict[str, Any], status: Status) -> None:
    assert _signed(_assertion(**extra)).status is status


def test_recipient_checks_are_named_recipient() -> None:
    plain = {"type": "email", "identity": EMAIL}
    assert recipient_check(plain, [EMAIL]) == Check(
        "recipient", Outcome.PASSED, f"issued to {EMAIL}"
    )
    none_set = recipient_check(plain, [])
    assert none_set.name == "recipient" and none_set.outcome is Outcome.NOT_CHECKED


# --- hosted ------------------------------------------------------------------------------------


def _hosted(**extra: Any) -> dict[str, Any]:
    return _assertion(**{"id": HOSTED_URL, "verification": {"type": "HostedBadge"}, **extra})


def _hosted_docs(copy: Any, *, status: int = 200, **profile: Any) -> MemorySource:
    issuer = {"@context": OB2, "type": "Profile", "id": ISSUER, "name": "College", **profile}
    return memory(doc(HOSTED_URL, copy, status=status), doc(ISSUER, issuer), doc(BADGE, _badge()))


def _hosted_verdict(stored: dict[str, Any], docs: Any) -> Verdict:
    return verify_ob2_hosted(json.dumps(stored), docs=docs, now=NOW, learner_emails=[EMAIL])


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ({"id": "urn:uuid:7"}, "http(s) URL"),
        ({"verification": {"type": "SignedBadge"}}, "not hosted"),
    ],
)
def test_a_hosted_assertion_that_cannot_be_hosted_is_malformed(
    change: dict[str, Any], phrase: str
) -> None:
    stored = _hosted(**change)
    verdict = _hosted_verdict(stored, _hosted_docs(stored))
    assert verdict.status is Status.MALFORMED
    check = _check(verdict, "format")
    assert check.outcome is Outcome.FAILED and phrase in check.detail


def test_a_hosted_badge_without_a_cached_copy_still_checks_the_recipient() -> None:
    verdict = _hosted_verdict(_hosted(), memory())
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "recipient").outcome is Outcome.PASSED


def test_a_hosted_copy_answered_for_the_url_without_its_fragment_is_not_the_badge() -> None:
    stored = _hosted(id=HOSTED_URL + "#me")
    verdict = _hosted_verdict(stored, _hosted_docs(stored))
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "hosted").outcome is Outcome.NOT_CHECKED


def test_a_gone_hosted_badge_is_a_failed_status_check() -> None:
    verdict = _hosted_verdict(_hosted(), _hosted_docs(b"", status=410))
    assert verdict.status is Status.REVOKED
    assert _check(verdict, "status").outcome is Outcome.FAILED


@pytest.mark.parametrize("copy", [b"<html>moved</html>", {**_hosted(), "issuedOn": "2026-03-02"}])
def test_a_hosted_copy_that_is_not_the_badge_fails_the_hosted_check(copy: Any) -> None:
    verdict = _hosted_verdict(_hosted(), _hosted_docs(copy))
    assert verdict.status is Status.TAMPERED
    assert _check(verdict, "hosted").outcome is Outcome.FAILED


def test_hosted_scope_reads_the_property_the_issuer_names() -> None:
    # The issuer vouches by the assertion's "uid"; its id alone being under the prefix is not it.
    prefix = {"startsWith": ["https://college.example/assertions/"], "verificationProperty": "uid"}
    good = _hosted(uid="https://college.example/assertions/7")
    verdict = _hosted_verdict(good, _hosted_docs(good, verification=prefix))
    assert _check(verdict, "issuer_scope").outcome is Outcome.PASSED
    bad = _hosted(uid="https://elsewhere.example/7")
    verdict = _hosted_verdict(bad, _hosted_docs(bad, verification=prefix))
    assert verdict.status is Status.TAMPERED
    assert _check(verdict, "issuer_scope").outcome is Outcome.FAILED


def test_an_allowed_origin_other_than_the_profiles_own_is_in_scope() -> None:
    url = "https://badges.partner.example/assertions/7"
    stored = _assertion(id=url, verification={"type": "HostedBadge"})
    issuer = _profile(verification={"allowedOrigins": ["badges.partner.example"]})
    docs = memory(doc(url, stored), doc(ISSUER, issuer), doc(BADGE, _badge()))
    verdict = _hosted_verdict(stored, docs)
    assert _check(verdict, "issuer_scope").outcome is Outcome.PASSED
    assert verdict.status is Status.VERIFIED
