"""Branches of the JSON-LD verifier that ``make mutation`` found untested (brief N2).

The CLR nesting limit is exact (200 nested credentials are checked, 201 refused: the limit
bounds the work one file can ask for, and a credential with exactly 200 parts must not be
refused); nested credentials are checked whatever the outer type says; every display fact is
compared with the signed graph.  Every credential is signed in the test with a key made in the
test (``tests/verify_di_support``).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from verify_di_support import NOW, OB303, VC2, Issuer, ob3_credential

from portfolio_app.formats.vc import parse_vc
from portfolio_app.model import Container
from portfolio_app.verify import dataintegrity
from portfolio_app.verify.canon import WorkLimitExceeded
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.linked_data import (
    _SHOWN_EXTRA,
    MAX_NESTED,
    _sentence,
    verify_linked_data_credential,
)
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


def _check(verdict: Verdict, name: str) -> Check:
    return next(c for c in verdict.checks if c.name == name)


def _credential(issuer: Issuer, **extra: Any) -> dict[str, Any]:
    return issuer.sign(ob3_credential(issuer.did, **extra))


def test_a_broken_signature_is_recorded_as_false_not_unknown() -> None:
    """``signature_valid`` is what the wallet files under "signature failed" (vs "could not
    check"): a tampered credential must say ``false``."""
    doc = _credential(COLLEGE)
    assert _verify(doc).facts["signature_valid"] == "true"
    doc["name"] = "Data Literacy (Distinction)"
    verdict = _verify(doc)
    assert verdict.status is Status.TAMPERED
    assert verdict.facts["signature_valid"] == "false"


def test_a_proof_check_that_hits_the_work_limit_stops_the_checks_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the work limit nothing more is paid for (no key, date, status or nested check),
    and nothing is reported as if it had been checked.  (The limit is simulated here: a real
    proof set that exhausts it takes seconds of canonicalization, see test_hostile_work.)"""

    def too_complex(*_args: Any) -> Any:
        raise WorkLimitExceeded("simulated for this test")

    monkeypatch.setattr(dataintegrity, "_verify_one", too_complex)
    verdict = _verify(_credential(COLLEGE))
    assert verdict.status is Status.MALFORMED
    signature = _check(verdict, "signature")
    assert (
        signature.outcome is Outcome.FAILED and "too complex to check" in signature.detail.lower()
    )
    assert [c.name for c in verdict.checks] == ["format", "signature"]
    assert verdict.facts["signature_valid"] == "unknown"


def _wrapper(*nested: Any) -> dict[str, Any]:
    """A credential that is *not* typed ClrCredential but nests credentials the CLR way."""
    doc = _clr(list(nested))
    doc["type"] = ["VerifiableCredential"]
    return doc


def test_nested_credentials_are_checked_even_when_the_outer_type_is_not_clr() -> None:
    inner = _credential(COLLEGE)
    inner["name"] = "Data Literacy (Distinction)"  # changed after signing: its proof fails
    verdict = _verify(COLLEGE.sign(_wrapper(inner)))
    assert _check(verdict, "signature").outcome is Outcome.PASSED  # the outer one signs it all
    assert _check(verdict, "nested[0].signature").outcome is Outcome.FAILED
    assert verdict.status is Status.TAMPERED


def test_a_clr_without_nested_credentials_has_no_nested_checks() -> None:
    verdict = _verify(COLLEGE.sign(_clr([])))
    assert verdict.status is Status.VERIFIED
    assert not any(c.name.startswith("nested") for c in verdict.checks)


@pytest.mark.parametrize("key", sorted(_SHOWN_EXTRA))
def test_a_display_fact_edited_after_import_is_not_verified(key: str) -> None:
    """Each fact the signed-graph reader sets (types, subjects, status, credits …) is compared
    with the signed graph: an entry whose fact was edited (same payload, same digest) is
    tampered, and the check names the fact."""
    doc = _credential(COLLEGE)
    payload = json.dumps(doc)
    shown = parse_vc(doc, payload=payload, container=Container.JSON, source="test")
    assert _check(_verify_shown(doc, shown), "shown").outcome is Outcome.PASSED
    edited = dataclasses.replace(shown, extra={**shown.extra, key: "edited by hand"})
    verdict = _verify_shown(doc, edited)
    assert verdict.status is Status.TAMPERED
    shown_check = _check(verdict, "shown")
    assert shown_check.outcome is Outcome.FAILED
    assert key.replace("_", " ") in shown_check.detail


def _verify_shown(doc: dict[str, Any], shown: Any) -> Verdict:
    return verify_linked_data_credential(doc, docs=EmptySource(), now=NOW, shown=shown)


def test_a_clr_holding_an_empty_clr_is_checked_not_refused() -> None:
    """One level of CLR inside a CLR is within the nesting limit (two levels are refused)."""
    inner = COLLEGE.sign(_clr([]) | {"id": "urn:uuid:3c0c1a52-n2-inner"})
    verdict = _verify(COLLEGE.sign(_clr([inner])))
    assert _nested_limit(verdict) is None
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert _check(verdict, "nested[0].signature").outcome is Outcome.PASSED


def test_an_empty_detail_stays_empty() -> None:
    """Details are made into sentences; a blank one must not crash the verdict."""
    assert _sentence("") == "" and _sentence("  ") == ""
    assert _sentence("key not found") == "Key not found."


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_a_single_valid_proof_is_reported_with_its_suite(suite: str) -> None:
    verdict = _verify(COLLEGE.sign(ob3_credential(COLLEGE.did), suite=suite))
    assert verdict.status is Status.VERIFIED
    assert f"The {suite} signature is valid" in _check(verdict, "signature").detail
