"""Attack: credit values that are not numbers a pathway can add up.

Python's ``float()`` reads ``"inf"``, ``"NaN"``, ``"1_000"`` and ``" 5"``; no XSD number reader
does.  A signed ``creditsEarned`` of ``"inf"`` imported as infinitely many credits (any stacked
qualification complete), ``"NaN"`` as a value every comparison gets wrong, ``"1_000"`` as 1,000
where other verifiers refuse it, and ``"-5"`` subtracted from a learner's total.  Such a value
is now refused, naming the field, both when importing and when verifying.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from verify_di_support import NOW, Issuer, ob3_credential

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Credential
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Outcome, Status

ALICE = Issuer(47)
XSD = "http://www.w3.org/2001/XMLSchema#"


def with_credits(value: Any) -> dict[str, Any]:
    doc = ob3_credential(ALICE.did)
    doc["credentialSubject"]["creditsEarned"] = value
    return ALICE.sign(doc)


def imported(doc: dict[str, Any]) -> Credential:
    return parse(extract("credential.json", json.dumps(doc).encode("utf-8")))


@pytest.mark.parametrize(
    "value",
    [
        {"@value": "INF", "@type": XSD + "double"},
        {"@value": "NaN", "@type": XSD + "double"},
        {"@value": "1_000", "@type": XSD + "float"},
        {"@value": "1e999", "@type": XSD + "double"},
        {"@value": " 5", "@type": XSD + "float"},
        -5,
    ],
)
def test_a_credit_value_that_is_no_count_is_refused_naming_the_field(value: Any) -> None:
    doc = with_credits(value)
    with pytest.raises(RejectedInput, match="creditsEarned"):
        imported(doc)
    verdict = verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    problem = next(c for c in verdict.checks if c.outcome is Outcome.FAILED)
    assert "creditsEarned" in problem.detail


@pytest.mark.parametrize(("value", "count"), [(5, 5.0), (7.5, 7.5), ("5.0E1", 50.0)])
def test_ordinary_credit_values_still_count(value: Any, count: float) -> None:
    credential = imported(with_credits(value))
    assert [c.value for c in credential.credits] == [count]
