"""Status lists that cannot be read never count as "not revoked" (found by ``make mutation``).

Every list and credential here is signed in the test with a key made in the test.  A list the
app cannot read, or that is not what it claims, must leave the ``status`` check *not checked*
(and say why); only a readable list from the credential's own issuer passes or revokes.
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from verify_di_support import (
    NOW,
    STATUS_URL,
    VC2,
    Issuer,
    encoded_list,
    ob3_credential,
    source_with,
    status_entry,
)

from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.status_lists import (
    MAX_LIST_BYTES,
    MAX_LIST_DOCUMENT_BYTES,
    MIN_LIST_BITS,
    check_status,
)
from portfolio_app.verify.verdict import Check, Outcome, Status

ALICE = Issuer(61)
FETCHED = datetime(2026, 11, 20, tzinfo=UTC)
VC1 = "https://www.w3.org/2018/credentials/v1"
SL2021 = "https://w3id.org/vc/status-list/2021/v1"
REVOCATION_URL = "https://college.example/revocations"


def _list(
    encoded: str,
    *,
    subject_type: str = "BitstringStatusList",
    purpose: str = "revocation",
) -> dict[str, Any]:
    doc = {
        "@context": [VC2],
        "id": STATUS_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ALICE.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": STATUS_URL + "#list",
            "type": subject_type,
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }
    return ALICE.sign(doc)


def _gzip_b64(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _check(entry: dict[str, Any], docs: MemorySource) -> tuple[Status, Check]:
    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=entry))
    verdict = verify_linked_data_credential(signed, docs=docs, now=NOW)
    return verdict.status, next(c for c in verdict.checks if c.name == "status")


def _with_list(listing: dict[str, Any]) -> MemorySource:
    return source_with((STATUS_URL, listing))


def test_a_full_size_list_passes_without_a_privacy_warning_and_says_as_of_when() -> None:
    status, check = _check(status_entry(4), _with_list(_list(encoded_list(set()))))
    assert status is Status.VERIFIED and check.outcome is Outcome.PASSED
    assert "Warning" not in check.detail and "2026-11-20" in check.detail
    short = _list(encoded_list(set(), bits=MIN_LIST_BITS - 8))
    status, check = _check(status_entry(4), _with_list(short))
    assert check.outcome is Outcome.PASSED and "Warning" in check.detail


def test_a_textual_status_size_of_one_is_a_one_bit_entry() -> None:
    listing = _with_list(_list(encoded_list({9})))
    status, check = _check({**status_entry(9), "statusSize": "1"}, listing)
    assert status is Status.REVOKED and check.outcome is Outcome.FAILED


def test_a_list_whose_subject_is_not_a_status_list_does_not_count() -> None:
    # Every field is readable (an inline context names them by their status-list IRIs), but
    # the subject is not a BitstringStatusList: its bits say nothing about this credential.
    status_ns = "https://www.w3.org/ns/credentials/status#"
    doc = {
        "@context": [
            VC2,
            {
                "OtherList": "https://college.example/vocab#OtherList",
                "listPurpose": status_ns + "statusPurpose",
                "listBits": status_ns + "encodedList",
            },
        ],
        "id": STATUS_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ALICE.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": STATUS_URL + "#list",
            "type": "OtherList",
            "listPurpose": "revocation",
            "listBits": encoded_list(set()),
        },
    }
    status, check = _check(status_entry(4), _with_list(ALICE.sign(doc)))
    assert check.outcome is Outcome.NOT_CHECKED
    assert "list is not a BitstringStatusList." in check.detail
    assert status is Status.VERIFIED  # not revoked as far as known, but not "checked" either


@pytest.mark.parametrize(
    ("encoded", "phrase"),
    [
        ("uA", "not valid base64"),
        (_gzip_b64(b"plain bytes, no gzip header"), "not GZIP"),
        (_gzip_b64(gzip.compress(bytes(16_384))[:-12]), "truncated"),
        (_gzip_b64(gzip.compress(bytes(MAX_LIST_BYTES + 1))), "more than 2 MB"),
        (encoded_list(set(), multibase=False), "multibase"),
    ],
    ids=["not-base64", "not-gzip", "truncated", "too-big-inflated", "not-multibase"],
)
def test_an_unreadable_encoded_list_is_not_checked(encoded: str, phrase: str) -> None:
    _, check = _check(status_entry(4), _with_list(_list(encoded)))
    assert check.outcome is Outcome.NOT_CHECKED and phrase in check.detail
    assert check.as_of == FETCHED


def test_a_list_inflating_to_exactly_the_limit_is_read() -> None:
    listing = _with_list(_list(_gzip_b64(gzip.compress(bytes(MAX_LIST_BYTES)))))
    _, check = _check(status_entry(MAX_LIST_BYTES * 8 - 1), listing)
    assert check.outcome is Outcome.PASSED


@pytest.mark.parametrize(
    ("body", "phrase"),
    [(b"<html>gone</html>", "not JSON"), (b" " * (MAX_LIST_DOCUMENT_BYTES + 1), "too large")],
    ids=["not-json", "too-large"],
)
def test_a_cached_list_that_is_not_a_json_document_is_not_checked(body: bytes, phrase: str) -> None:
    docs = MemorySource([CachedDocument(STATUS_URL, body, FETCHED)])
    status, check = _check(status_entry(4), docs)
    assert check.outcome is Outcome.NOT_CHECKED and phrase in check.detail
    assert status is Status.VERIFIED


def test_entries_that_are_not_objects_or_of_unknown_kinds_are_named_status_checks() -> None:
    result = check_status(
        {"credentialStatus": ["oops", {"type": "SomeOtherList"}]},
        docs=MemorySource([]),
        now=NOW,
    )
    assert result is not None
    assert [(c.name, c.outcome) for c in result.checks] == [
        ("status", Outcome.NOT_CHECKED),
        ("status", Outcome.NOT_CHECKED),
    ]


def test_no_signed_status_entries_means_no_status_result() -> None:
    assert check_status({}, docs=MemorySource([]), now=NOW, entries=[]) is None
    assert check_status({}, docs=MemorySource([]), now=NOW) is None


# --- 1EdTech revocation lists ------------------------------------------------------------------


def _revocation(entry: dict[str, Any], body: bytes | None = None) -> Check:
    docs = MemorySource([] if body is None else [CachedDocument(REVOCATION_URL, body, FETCHED)])
    result = check_status({"id": "urn:uuid:c1", "credentialStatus": entry}, docs=docs, now=NOW)
    assert result is not None and len(result.checks) == 1
    return result.checks[0]


@pytest.mark.parametrize("ident", ["", None, 7])
def test_a_revocation_entry_without_an_id_is_not_checked(ident: Any) -> None:
    entry: dict[str, Any] = {"type": "1EdTechRevocationList"}
    if ident is not None:
        entry["id"] = ident
    check = _revocation(entry)
    assert check.name == "status" and check.outcome is Outcome.NOT_CHECKED
    assert "no id" in check.detail


def test_an_unreadable_revocation_list_is_a_named_not_checked_status() -> None:
    check = _revocation({"type": "1EdTechRevocationList", "id": REVOCATION_URL}, b"not json")
    assert check.name == "status" and check.outcome is Outcome.NOT_CHECKED
    assert "revocation list is not JSON" in check.detail and check.as_of == FETCHED


def test_a_revocation_list_without_the_credential_passes_as_a_status_check() -> None:
    body = json.dumps({"revokedCredential": ["urn:uuid:other"]}).encode()
    check = _revocation({"type": "1EdTechRevocationList", "id": REVOCATION_URL}, body)
    assert check.name == "status" and check.outcome is Outcome.PASSED
    assert "2026-11-20" in check.detail


# --- StatusList2021 (the Bitstring list's predecessor: plain base64 is accepted) ---------------

SL2021_URL = "https://college.example/status/2021"
DI2 = "https://w3id.org/security/data-integrity/v2"


def _plain_base64_list(revoked: set[int], *, padded: bool) -> str:
    raw = bytearray(16_384)
    for i in revoked:
        raw[i // 8] |= 0x80 >> (i % 8)
    text = base64.b64encode(gzip.compress(bytes(raw))).decode()
    assert "+" in text or "/" in text  # the standard alphabet, not base64url
    return text if padded else text.rstrip("=")


@pytest.mark.parametrize("padded", [True, False], ids=["padded", "unpadded"])
@pytest.mark.parametrize(("index", "expected"), [(2, Status.REVOKED), (3, Status.VERIFIED)])
def test_a_status_list_2021_in_plain_base64_is_read(
    padded: bool, index: int, expected: Status
) -> None:
    listing = {
        "@context": [VC1, SL2021, DI2],
        "id": SL2021_URL,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": ALICE.did,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": SL2021_URL + "#list",
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": _plain_base64_list({2}, padded=padded),
        },
    }
    credential = {
        "@context": [VC1, SL2021, DI2],
        "id": "urn:uuid:2021-m2",
        "type": ["VerifiableCredential"],
        "issuer": ALICE.did,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
        "credentialStatus": {
            "id": f"{SL2021_URL}#{index}",
            "type": "StatusList2021Entry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": SL2021_URL,
        },
    }
    verdict = verify_linked_data_credential(
        ALICE.sign(credential), docs=source_with((SL2021_URL, ALICE.sign(listing))), now=NOW
    )
    assert verdict.status is expected
    check = next(c for c in verdict.checks if c.name == "status")
    assert check.outcome is (Outcome.FAILED if expected is Status.REVOKED else Outcome.PASSED)
