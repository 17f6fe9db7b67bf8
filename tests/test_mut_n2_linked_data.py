"""The CLR nesting limit of the JSON-LD verifier is exact: 200 nested credentials are checked,
201 are refused (``make mutation`` found the boundary untested).

Why it matters: the limit bounds the work one file can ask for, and a credential a learner was
given with exactly 200 parts must not be refused as malformed.  Every CLR is signed in the
test with a key made in the test (``tests/verify_di_support``).
"""

from __future__ import annotations

from typing import Any

import pytest
from verify_di_support import NOW, OB303, VC2, Issuer

from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import MAX_NESTED, verify_linked_data_credential
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

COLLEGE = Issuer(93)
CLR2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


def _clr(nested: list[Any]) -> dict[str, Any]:
    return {
        "@context": [VC2, CLR2, OB303],
        "id": "urn:uuid:3c0c1a52-n2-clr",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": COLLEGE.did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-02-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["ClrSubject"],
            "verifiableCredential": nested,
        },
    }


def _jwt(i: int) -> str:
    """A nested VC-JWT as a CLR carries it (a string; the JWT verifier checks it)."""
    return f"eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiJ1cm46bjI6{i:04d}.c2lnbmF0dXJl"


def _part(i: int) -> dict[str, Any]:
    """A nested credential embedded as JSON-LD: it is part of the CLR's signed graph."""
    return {
        "@context": [VC2],
        "id": f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
        "type": ["VerifiableCredential"],
        "issuer": COLLEGE.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner-42"},
    }


def _verify(doc: dict[str, Any]) -> Verdict:
    return verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)


def _nested_limit(verdict: Verdict) -> Check | None:
    return next((c for c in verdict.checks if c.name == "nested"), None)


@pytest.mark.parametrize("make", [_jwt, _part], ids=["vc-jwt", "json-ld"])
def test_a_clr_with_exactly_the_maximum_of_nested_credentials_checks_each(make: Any) -> None:
    verdict = _verify(COLLEGE.sign(_clr([make(i) for i in range(MAX_NESTED)])))
    assert _nested_limit(verdict) is None
    assert verdict.status is not Status.MALFORMED
    signatures = [c for c in verdict.checks if c.name.endswith("].signature")]
    assert [c.name for c in signatures] == [f"nested[{i}].signature" for i in range(MAX_NESTED)]
    # The CLR's own signature and key are fine: only the parts decide the rest.
    assert next(c for c in verdict.checks if c.name == "signature").outcome is Outcome.PASSED
    assert next(c for c in verdict.checks if c.name == "issuer_key").outcome is Outcome.PASSED


@pytest.mark.parametrize("make", [_jwt, _part], ids=["vc-jwt", "json-ld"])
def test_one_nested_credential_past_the_maximum_is_refused_unchecked(make: Any) -> None:
    verdict = _verify(COLLEGE.sign(_clr([make(i) for i in range(MAX_NESTED + 1)])))
    assert verdict.status is Status.MALFORMED
    limit = _nested_limit(verdict)
    assert limit is not None and limit.outcome is Outcome.FAILED
    assert "too many" in limit.detail
    assert not any(c.name.startswith("nested[") for c in verdict.checks)
