"""Attack: one JSON text, two readings.

``json.loads`` keeps the *last* of two equal keys in an object; many other readers (and a
person reading the file) see the first.  A credential whose text states ``validUntil`` or
``name`` twice verified here over one value while another verifier, or the recruiter opening
the file, reads the other.  The verifier now refuses such a text, naming the key.  Escaped
spellings of the same key (``"n\\u0061me"``) are the same key.
"""

from __future__ import annotations

import json

import pytest
from verify_di_support import NOW, Issuer, ob3_credential

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Outcome, Status, Verdict

ALICE = Issuer(43)
SIGNED_END = "2036-06-01T00:00:00Z"


def verdict_of_text(text: str) -> Verdict:
    credential = parse(extract("credential.json", text.encode("utf-8")))
    return verify_credential(credential, docs=EmptySource(), now=NOW)


def signed_text() -> str:
    return json.dumps(ALICE.sign(ob3_credential(ALICE.did, validUntil=SIGNED_END)))


def test_the_signed_text_itself_verifies() -> None:
    assert verdict_of_text(signed_text()).status is Status.VERIFIED


@pytest.mark.parametrize(
    ("original", "doubled"),
    [
        # A first, expired end date that a first-wins reader shows; the signed one comes last.
        (
            f'"validUntil": "{SIGNED_END}"',
            f'"validUntil": "2026-06-01T00:00:00Z", "validUntil": "{SIGNED_END}"',
        ),
        # A forged title first, written with an escaped key.
        ('"name": "Data Literacy",', '"n\\u0061me": "PhD in Physics", "name": "Data Literacy",'),
    ],
)
def test_a_key_stated_twice_is_refused_naming_the_key(original: str, doubled: str) -> None:
    text = signed_text()
    assert original in text
    verdict = verdict_of_text(text.replace(original, doubled, 1))
    assert verdict.status is Status.MALFORMED
    problem = next(c for c in verdict.checks if c.outcome is Outcome.FAILED)
    key = original.split('"')[1]
    assert f"'{key}' twice" in problem.detail


def test_a_key_that_only_looks_like_a_keyword_is_refused_in_a_sentence() -> None:
    """JSON-LD ignores ``"@validUntil"``; a reader of the file may not.  The refusal says what
    kind of key it is instead of "term '?'"."""
    doc = json.loads(signed_text())
    doc["@validUntil"] = "2099-01-01T00:00:00Z"
    verdict = verdict_of_text(json.dumps(doc))
    assert verdict.status is Status.MALFORMED
    problem = next(c for c in verdict.checks if c.outcome is Outcome.FAILED)
    assert "looks like a JSON-LD keyword" in problem.detail
