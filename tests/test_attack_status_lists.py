"""Attack: a status list that states one of its fields twice.

A cached status list (anyone can hand one over in a ``--docs`` bundle) whose signed subject has
two ``statusPurpose`` or two ``encodedList`` values raised out of the status check into the
engine's catch-all: an "internal error" verdict instead of a reason, and the catch-all is a bug
report.  Such a list is now refused by the status check itself, naming the field.
"""

from __future__ import annotations

import json
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

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.verify.engine import internal_error_count, verify_credential
from portfolio_app.verify.verdict import Outcome, Status

ALICE = Issuer(59)


def status_list(subject_fields: dict[str, Any]) -> dict[str, Any]:
    return ALICE.sign(
        {
            "@context": [VC2],
            "id": STATUS_URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": ALICE.did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": STATUS_URL + "#list",
                "type": "BitstringStatusList",
                **subject_fields,
            },
        }
    )


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (
            {"statusPurpose": ["revocation", "suspension"], "encodedList": encoded_list({5})},
            "statusPurpose",
        ),
        (
            {
                "statusPurpose": "revocation",
                "encodedList": [encoded_list({5}), encoded_list(set())],
            },
            "encodedList",
        ),
    ],
)
def test_a_list_stating_a_field_twice_is_refused_by_the_status_check(
    fields: dict[str, Any], named: str
) -> None:
    credential = parse(
        extract(
            "credential.json",
            json.dumps(
                ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(5)))
            ).encode("utf-8"),
        )
    )
    before = internal_error_count()
    verdict = verify_credential(
        credential, docs=source_with((STATUS_URL, status_list(fields))), now=NOW
    )
    assert internal_error_count() == before
    assert not any(c.name == "internal" for c in verdict.checks)
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED
    assert named in status.detail
    assert verdict.status is Status.VERIFIED  # "not revoked as far as known", with the limit
    assert any("revocation" in limit for limit in verdict.limits)


CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def test_a_clr_lists_the_unchecked_revocation_of_a_nested_credential() -> None:
    """The CLR's own list is cached (its revocation is checked), the nested one's is not: the
    verified verdict must not read as if every revocation had been checked."""
    inner = ALICE.sign(
        ob3_credential(
            ALICE.did, credentialStatus=status_entry(3, url="https://other.example/list")
        )
    )
    clr = ALICE.sign(
        {
            "@context": [VC2, CLR_CONTEXT, OB303],
            "id": "urn:uuid:5c5b5d8a-1111-4c1e-9c55-0d2a4f1b7e09",
            "type": ["VerifiableCredential", "ClrCredential"],
            "issuer": {"id": ALICE.did, "type": ["Profile"], "name": "Example College"},
            "validFrom": "2026-02-01T00:00:00Z",
            "name": "Transcript",
            "credentialSubject": {
                "id": "did:example:learner-42",
                "type": ["ClrSubject"],
                "verifiableCredential": [inner],
            },
            "credentialStatus": status_entry(4),
        }
    )
    credential = parse(extract("clr.json", json.dumps(clr).encode("utf-8")))
    docs = source_with(
        (
            STATUS_URL,
            status_list({"statusPurpose": "revocation", "encodedList": encoded_list(set())}),
        )
    )
    verdict = verify_credential(credential, docs=docs, now=NOW)
    assert verdict.status is Status.VERIFIED
    own = next(c for c in verdict.checks if c.name == "status")
    assert own.outcome is Outcome.PASSED
    nested = next(c for c in verdict.checks if c.name == "nested_status")
    assert nested.outcome is Outcome.NOT_CHECKED and "nested credential(s) 1" in nested.detail
    assert any("nested status not checked" in limit for limit in verdict.limits)
