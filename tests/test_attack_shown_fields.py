"""Attack: a stored credential whose shown fields were edited, re-verified.

The verifier compared only the digest, issuer id, credential id and dates of the credential it
was asked about with the signed graph.  A wallet row (or a restored backup) with the same
payload and digest but another title, issuer name, credit count or skill re-verified as
``verified`` and travelled on with the forged values.  Every value the app shows is now compared
with the one the signed graph yields.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import NOW, Issuer, ob3_credential

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Alignment, Credential, CreditValue
from portfolio_app.storage.repository import Repository
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Outcome, Status

ALICE = Issuer(53)


def imported() -> Credential:
    doc = ob3_credential(ALICE.did)
    doc["credentialSubject"]["creditsEarned"] = 5
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "Charts", "targetUrl": "https://skills.example/c"}
    ]
    signed = ALICE.sign(doc)
    return parse(extract("credential.json", json.dumps(signed).encode("utf-8")))


FORGERIES: list[tuple[str, Any]] = [
    ("title", "PhD in Physics"),
    ("issuer_name", "Massachusetts Institute of Technology"),
    ("credits", (CreditValue(500.0, "credits"),)),
    ("alignments", (Alignment("Brain surgery", "https://skills.example/b"),)),
    ("tags", ("surgery",)),
    ("recipient", "did:example:someone-else"),
    ("description", "Top of the class."),
]


@pytest.mark.parametrize(("field", "forged"), FORGERIES, ids=[f for f, _ in FORGERIES])
def test_an_edited_shown_field_is_tampered(field: str, forged: Any) -> None:
    credential = dataclasses.replace(imported(), **{field: forged})
    verdict = verify_credential(credential, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED
    shown = next(c for c in verdict.checks if c.name == "shown")
    assert shown.outcome is Outcome.FAILED
    assert field.replace("_", " ") in shown.detail


def test_an_added_display_fact_is_tampered() -> None:
    credential = imported()
    forged = dataclasses.replace(credential, extra={**credential.extra, "credits_earned": "90"})
    verdict = verify_credential(forged, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.TAMPERED


def test_a_credential_read_back_from_the_wallet_still_verifies(tmp_path: Path) -> None:
    with Repository.open(tmp_path / "profile") as repo:
        added = repo.add_credential(imported(), b"{}", "credential.json")
    with Repository.open(tmp_path / "profile") as repo:
        stored = repo.get(added.id)
    assert stored is not None
    verdict = verify_credential(stored.credential, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.VERIFIED
