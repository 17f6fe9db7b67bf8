"""Blockcerts v2 (MerkleProof2017): the document hash is checked offline, and only what the
hash covers can pass.

Each certificate is built here and hashed here, independently of the app's canonicalizer:
plain pyld URDNA2015 over the document without ``signature``, with the context files read
straight from ``resources/contexts``; the Merkle tree (four leaves) is hashed here too.  The
anchor needs the blockchain, so the best verdict offline is ``unverifiable``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from portfolio_app.formats import parse
from portfolio_app.ingest import extract
from portfolio_app.model import CredentialFormat
from portfolio_app.paths import resource_path
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict
from tests.verify_di_support import NOW

OB2 = "https://w3id.org/openbadges/v2"
BC2 = "https://w3id.org/blockcerts/v2"
BC21 = "https://w3id.org/blockcerts/v2.1"
FILES = {OB2: "openbadges-v2.jsonld", BC2: "blockcerts-v2.jsonld", BC21: "blockcerts-v2.1.jsonld"}
TITLE = "Certificate of Accomplishment"


def _context_loader(url: str, options: Any = None) -> dict[str, Any]:
    body = (resource_path("contexts") / FILES[url]).read_text(encoding="utf-8")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(body)}


def document_hash(unsigned: dict[str, Any]) -> str:
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _context_loader,
    }
    nquads = jsonld.normalize(copy.deepcopy(unsigned), options)
    assert "Certificate" in nquads  # the graph holds what is shown (not an empty hash)
    return hashlib.sha256(nquads.encode("utf-8")).hexdigest()


def _h(left: str, right: str) -> str:
    return hashlib.sha256(bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def unsigned(context: str = BC2) -> dict[str, Any]:
    return {
        "@context": [OB2, context],
        "type": "Assertion",
        "id": "urn:uuid:6a1c0f2e-9a4b-4d3e-8f7a-2b1c0d9e8f71",
        "recipient": {"hashed": False, "type": "email", "identity": "ada@learner.example"},
        "recipientProfile": {"type": ["RecipientProfile", "Extension"], "name": "Ada Learner"},
        "issuedOn": "2024-06-29T14:58:57+00:00",
        "badge": {
            "id": "urn:uuid:82a4c9f2-3588-457b-80ea-da695571b8fc",
            "type": "BadgeClass",
            "name": TITLE,
            "description": "Completed the data literacy course.",
            "criteria": {"narrative": "Passed all four assessments."},
            "issuer": {
                "id": "https://college.example/issuer.json",
                "type": "Profile",
                "name": "Example College",
                "url": "https://college.example",
                "email": "registry@college.example",
            },
        },
        "verification": {
            "type": ["MerkleProofVerification2017", "Extension"],
            "publicKey": "ecdsa-koblitz-pubkey:mtr98kany9G1XYNU74pRnfBQmaCg2FZLmc",
        },
    }


def sign(doc: dict[str, Any]) -> dict[str, Any]:
    """Put the hash of ``doc`` as leaf 1 of a four-leaf Merkle tree and add its proof."""
    target = document_hash(doc)
    leaf0, leaf2, leaf3 = "a0" * 32, "b2" * 32, "c3" * 32
    right_half = _h(leaf2, leaf3)
    root = _h(_h(leaf0, target), right_half)
    return {
        **doc,
        "signature": {
            "type": ["MerkleProof2017", "Extension"],
            "targetHash": target,
            "merkleRoot": root,
            "proof": [{"left": leaf0}, {"right": right_half}],
            "anchors": [
                {"sourceId": "9f1c2e0d4b", "type": "BTCOpReturn", "chain": "bitcoinTestnet"}
            ],
        },
    }


def verify(doc: dict[str, Any]) -> Verdict:
    credential = parse(extract("cert.json", json.dumps(doc).encode("utf-8")))
    assert credential.format is CredentialFormat.BLOCKCERTS_V2
    return verify_credential(credential, now=NOW)


def check(verdict: Verdict, name: str) -> Check:
    (found,) = [c for c in verdict.checks if c.name == name]
    return found


# --- what the reference verifier checks, offline --------------------------------------------


@pytest.mark.parametrize("context", [BC2, BC21])
def test_a_v2_certificate_hashed_in_the_test_passes_and_is_unverifiable_for_its_anchor(
    context: str,
) -> None:
    verdict = verify(sign(unsigned(context)))
    assert verdict.status is Status.UNVERIFIABLE
    assert check(verdict, "document_hash").outcome is Outcome.PASSED
    path = check(verdict, "merkle_path")
    assert path.outcome is Outcome.PASSED and "2 step(s)" in path.detail
    anchor = check(verdict, "anchor")
    assert anchor.outcome is Outcome.NOT_CHECKED
    assert "bitcoinTestnet (9f1c2e0d4b)" in anchor.detail
    assert "not checked offline" in anchor.detail


def test_the_title_and_issuer_shown_are_the_hashed_ones() -> None:
    credential = parse(extract("cert.json", json.dumps(sign(unsigned())).encode("utf-8")))
    assert (credential.title, credential.issuer_name) == (TITLE, "Example College")


def _edit(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[key]
    node[last] = value


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("badge.name", "Certificate of Accomplishmenu"),  # one byte of the title
        ("badge.issuer.name", "Example Colleg3"),
        ("recipientProfile.name", "Ada Learnes"),
        ("issuedOn", "2024-06-29T14:58:58+00:00"),
        ("badge.criteria.narrative", "Passed all four assessments!"),
    ],
)
def test_one_byte_changed_in_a_shown_field_is_tampered(path: str, value: str) -> None:
    doc = sign(unsigned())
    _edit(doc, path, value)
    verdict = verify(doc)
    assert verdict.status is Status.TAMPERED
    hashed = check(verdict, "document_hash")
    assert hashed.outcome is Outcome.FAILED
    assert "not the Merkle proof's target hash" in hashed.detail


def test_a_changed_proof_path_is_tampered_before_the_hash_is_computed() -> None:
    doc = sign(unsigned())
    doc["signature"]["proof"][1] = {"right": "d4" * 32}
    verdict = verify(doc)
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "merkle_path").outcome is Outcome.FAILED


# --- fields the signed graph does not hold as shown ------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("badge.grade", "A+", "'badge.grade'"),  # no context defines 'grade'
        ("recipientProfile.honours", "summa cum laude", "'recipientProfile.honours'"),
        ("type", ["Assertion", "Diploma"], "'type = Diploma'"),
    ],
)
def test_a_field_its_contexts_do_not_define_is_tampered_and_named(
    path: str, value: Any, named: str
) -> None:
    """JSON-LD drops an undefined term, so the hash never covered it: anyone could have added
    it.  Rule: such a certificate is ``tampered`` (the Blockcerts reference verifier fails
    "unmapped fields" too; the issuing tools refuse to hash them)."""
    doc = sign(unsigned())
    _edit(doc, path, value)
    verdict = verify(doc)
    assert verdict.status is Status.TAMPERED
    hashed = check(verdict, "document_hash")
    assert hashed.outcome is Outcome.FAILED
    assert named in hashed.detail and "do not define" in hashed.detail


def test_an_undefined_field_is_refused_even_when_the_issuer_hashed_the_rest() -> None:
    """The graph (and so the hash) is the same with or without the extra field: the hash alone
    cannot tell, so the rule has to."""
    base = unsigned()
    doc = sign(base)
    doc["badge"]["grade"] = "A+"
    assert document_hash(base) == document_hash({k: v for k, v in doc.items() if k != "signature"})
    assert verify(doc).status is Status.TAMPERED


def test_a_field_written_as_a_keyword_object_is_not_tied_to_the_hash() -> None:
    """``{"@value": …}`` gives the same graph as the plain string, so the hash still matches,
    but the app reads the plain term: not passed, named."""
    doc = sign(unsigned())
    doc["badge"]["description"] = {"@value": "Completed the data literacy course."}
    verdict = verify(doc)
    hashed = check(verdict, "document_hash")
    assert hashed.outcome is Outcome.NOT_CHECKED
    assert "'badge.description.@value'" in hashed.detail
    assert verdict.status is Status.UNVERIFIABLE


def test_an_inline_context_leaves_the_hash_not_passed() -> None:
    doc = sign(unsigned())
    doc["@context"] = [OB2, BC2, {"grade": "https://college.example/vocab#grade"}]
    doc["badge"]["grade"] = "A+"
    hashed = check(verify(doc), "document_hash")
    assert hashed.outcome is not Outcome.PASSED
    assert "inline" in hashed.detail


def test_a_context_this_app_does_not_hold_leaves_the_hash_not_checked_naming_it() -> None:
    doc = sign(unsigned())
    doc["@context"] = [OB2, BC2, "https://college.example/contexts/extra/v1"]
    verdict = verify(doc)
    hashed = check(verdict, "document_hash")
    assert hashed.outcome is Outcome.NOT_CHECKED
    assert "https://college.example/contexts/extra/v1" in hashed.detail
    assert verdict.status is Status.UNVERIFIABLE


# --- the bundled contexts and the import path ------------------------------------------------


def test_the_v2_contexts_are_bundled_with_their_source_and_pin() -> None:
    sources = (resource_path("contexts") / "SOURCES.md").read_text(encoding="utf-8")
    for name in FILES.values():
        body = (resource_path("contexts") / name).read_bytes()
        assert name in sources
        assert hashlib.sha256(body).hexdigest()[:8] in sources


def test_an_imported_v2_certificate_is_kept_unverifiable_with_its_hash_passed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "certificate.json"
    path.write_text(json.dumps(sign(unsigned())), encoding="utf-8")
    portfolio = Portfolio(tmp_path / "profile")
    report = portfolio.import_paths([path])
    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED]
    (stored,) = portfolio.repo.list_credentials()
    assert stored.credential.title == TITLE
    (record,) = portfolio.verdict_history(stored.id)
    assert record.status is Status.UNVERIFIABLE
    (hashed,) = [c for c in record.checks if c.name == "document_hash"]
    assert hashed.outcome is Outcome.PASSED


# --- the validity window, read from the hashed document ----------------------------------------


def test_an_expired_v2_certificate_whose_hash_passes_is_expired() -> None:
    doc = unsigned()
    doc["expires"] = "2025-01-01T00:00:00+00:00"  # before NOW (2026-11-28)
    verdict = verify(sign(doc))
    assert verdict.status is Status.EXPIRED
    assert check(verdict, "document_hash").outcome is Outcome.PASSED
    assert check(verdict, "dates").outcome is Outcome.FAILED


def test_a_v2_certificate_issued_in_the_future_is_not_yet_valid() -> None:
    doc = unsigned()
    doc["issuedOn"] = "2027-03-01T00:00:00+00:00"
    verdict = verify(sign(doc))
    assert verdict.status is Status.NOT_YET_VALID
    assert check(verdict, "dates").outcome is Outcome.FAILED


def test_an_expiry_taken_out_after_issue_is_tampered_not_valid() -> None:
    doc = unsigned()
    doc["expires"] = "2025-01-01T00:00:00+00:00"
    signed = sign(doc)
    del signed["expires"]
    verdict = verify(signed)
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "document_hash").outcome is Outcome.FAILED


def test_an_expiry_wrapped_in_a_list_is_not_read_as_no_expiry() -> None:
    """``["…"]`` gives the same graph (so the hash passes), but it must not hide the date."""
    doc = unsigned()
    doc["expires"] = "2025-01-01T00:00:00+00:00"
    signed = sign(doc)
    signed["expires"] = [signed["expires"]]
    verdict = verify(signed)
    assert verdict.status in {Status.EXPIRED, Status.MALFORMED}
    assert check(verdict, "dates").outcome is Outcome.FAILED
