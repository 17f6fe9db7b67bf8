"""Revocation that cannot be lost: each revoked bit, purpose and list refusal is seen
(tests that kill the status-list mutants ``make mutation`` found).

Lists and credentials are signed here with keys made here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from verify_di_support import (
    NOW,
    STATUS_URL,
    Issuer,
    ob3_credential,
    source_with,
    status_entry,
    status_list_credential,
)

from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.status_lists import check_status
from portfolio_app.verify.verdict import Outcome, Status

ALICE = Issuer(51)
REVOKED = {0, 7, 8, 13, 131_071}
LIST = status_list_credential(ALICE, REVOKED)


def _verify(entry: dict[str, Any], *, listing: dict[str, Any] = LIST) -> Any:
    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=entry))
    verdict = verify_linked_data_credential(
        signed, docs=source_with((STATUS_URL, listing)), now=NOW
    )
    return verdict, next(c for c in verdict.checks if c.name == "status")


@pytest.mark.parametrize("index", sorted(REVOKED))
def test_every_revoked_bit_position_revokes(index: int) -> None:
    verdict, check = _verify(status_entry(index))
    assert verdict.status is Status.REVOKED
    assert check.outcome is Outcome.FAILED and "revoked this credential" in check.detail


@pytest.mark.parametrize("index", [1, 6, 9, 12, 131_070])
def test_the_neighbours_of_revoked_bits_are_not_revoked(index: int) -> None:
    verdict, check = _verify(status_entry(index))
    assert verdict.status is Status.VERIFIED
    assert check.outcome is Outcome.PASSED


def test_a_suspended_credential_is_not_verified() -> None:
    listing = status_list_credential(ALICE, {5}, purpose="suspension")
    verdict, check = _verify(status_entry(5, purpose="suspension"), listing=listing)
    assert verdict.status is Status.REVOKED and "suspended" in check.detail


@pytest.mark.parametrize(
    ("entry", "phrase"),
    [
        ({**status_entry(3), "statusListIndex": "-1"}, "not a number"),
        ({**status_entry(3), "statusListIndex": "x"}, "not a number"),
        ({**status_entry(3), "statusSize": 2}, "Multi-bit"),
        (status_entry(131_072), "outside the list"),
        (
            {k: v for k, v in status_entry(3).items() if k != "statusListCredential"},
            "no status list",
        ),
    ],
    ids=["negative", "not-a-number", "multi-bit", "past-the-end", "no-list"],
)
def test_an_entry_that_cannot_be_read_is_not_checked(entry: dict[str, Any], phrase: str) -> None:
    _, check = _verify(entry)
    assert check.outcome is Outcome.NOT_CHECKED and phrase in check.detail


def test_a_list_outside_its_own_validity_period_does_not_count() -> None:
    doc = json.loads(json.dumps(LIST))
    doc.pop("proof")
    doc["validUntil"] = "2026-02-01T00:00:00Z"
    _, check = _verify(status_entry(0), listing=ALICE.sign(doc))
    assert check.outcome is Outcome.NOT_CHECKED and "validity period" in check.detail


def test_a_list_of_another_type_does_not_count() -> None:
    doc = json.loads(json.dumps(LIST))
    doc.pop("proof")
    doc["type"] = ["VerifiableCredential"]
    _, check = _verify(status_entry(0), listing=ALICE.sign(doc))
    assert check.outcome is Outcome.NOT_CHECKED and "BitstringStatusListCredential" in check.detail


def test_a_revoked_bit_for_an_unknown_purpose_still_fails_and_a_clear_one_is_not_checked() -> None:
    listing = status_list_credential(ALICE, {2}, purpose="message")
    verdict, check = _verify(status_entry(2, purpose="message"), listing=listing)
    assert check.outcome is Outcome.FAILED and verdict.status is Status.REVOKED
    _, clear = _verify(status_entry(3, purpose="message"), listing=listing)
    assert clear.outcome is Outcome.NOT_CHECKED and "not a revocation" in clear.detail


# --- 1EdTech revocation lists (JSON payloads: JOSE credentials, OB 2.0) -------------------------

REVOCATION_URL = "https://college.example/revocations"
CREDENTIAL_ID = "urn:uuid:0c1f5a3e-9b0e-4b7a-8a55-3d6f1e2a4b10"


def _revocation(listing: Any, *, credential_id: str | None = CREDENTIAL_ID) -> Any:
    docs = MemorySource(
        [
            CachedDocument(
                REVOCATION_URL, json.dumps(listing).encode(), datetime(2026, 11, 20, tzinfo=UTC)
            )
        ]
    )
    doc: dict[str, Any] = {
        "credentialStatus": {"id": REVOCATION_URL, "type": "1EdTechRevocationList"}
    }
    if credential_id is not None:
        doc["id"] = credential_id
    result = check_status(doc, docs=docs, now=NOW)
    assert result is not None
    return result


@pytest.mark.parametrize(
    "listing",
    [
        {"revokedCredential": [CREDENTIAL_ID]},
        {"revokedCredential": [{"id": CREDENTIAL_ID}]},
        {"revokedCredential": [{"id": CREDENTIAL_ID, "revoked": True}]},
        {"revokedCredential": [{"id": CREDENTIAL_ID, "revoked": "true"}]},
        {
            "revokedCredentials": [
                {"id": "urn:other"},
                {"id": CREDENTIAL_ID, "revocationReason": "fraud"},
            ]
        },
    ],
    ids=["bare-id", "object", "flag-true", "flag-text", "plural-key"],
)
def test_a_1edtech_revocation_list_revokes_the_listed_credential(listing: Any) -> None:
    result = _revocation(listing)
    assert result.status is Status.REVOKED
    assert result.checks[0].outcome is Outcome.FAILED


def test_the_revocation_reason_is_shown() -> None:
    result = _revocation(
        {"revokedCredential": [{"id": CREDENTIAL_ID, "revocationReason": "fraud"}]}
    )
    assert "Reason: fraud" in result.checks[0].detail


@pytest.mark.parametrize(
    "listing",
    [
        {"revokedCredential": [{"id": CREDENTIAL_ID, "revoked": False}]},
        {"revokedCredential": [{"id": "urn:other"}, "urn:another"]},
        {"revokedCredential": []},
    ],
    ids=["flag-false", "others", "empty"],
)
def test_a_1edtech_list_without_this_credential_passes(listing: Any) -> None:
    result = _revocation(listing)
    assert result.status is None and result.checks[0].outcome is Outcome.PASSED


@pytest.mark.parametrize("listing", [{"revoked": []}, [CREDENTIAL_ID], {"revokedCredential": "x"}])
def test_an_unreadable_1edtech_list_is_not_checked(listing: Any) -> None:
    result = _revocation(listing)
    assert result.status is None and result.checks[0].outcome is Outcome.NOT_CHECKED


def test_an_unknown_status_method_is_not_checked_never_passed() -> None:
    result = check_status(
        {"credentialStatus": [{"type": "SomeOtherList", "id": "x"}, "oops"]},
        docs=MemorySource([]),
        now=NOW,
    )
    assert result is not None and result.status is None
    assert [c.outcome for c in result.checks] == [Outcome.NOT_CHECKED, Outcome.NOT_CHECKED]
