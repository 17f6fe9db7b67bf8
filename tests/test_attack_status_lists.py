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
