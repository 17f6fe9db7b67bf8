"""Europass EDC v1 XML: kept and shown, its XAdES seal not checked (see formats/europass_xml).

Verifying XAdES safely needs XML canonicalization, reference resolution restricted to the
document, and the sealing certificate tied to the issuer by a trust list; the app has none of
that for XML, so the verdict is ``unsupported`` with the reason, never a guess.
"""

from __future__ import annotations

from datetime import datetime

from portfolio_app.formats.europass_xml import NOT_CHECKED
from portfolio_app.formats.registry import unsupported_reason
from portfolio_app.model import Credential
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide


def verify_europass_xml(credential: Credential, *, now: datetime) -> Verdict:
    reason = unsupported_reason(credential) or NOT_CHECKED
    return decide(
        [Status.UNSUPPORTED],
        [
            Check("format", Outcome.PASSED, "a Europass EDC v1 XML credential"),
            Check("seal", Outcome.NOT_CHECKED, reason),
        ],
        checked_at=now,
    )
