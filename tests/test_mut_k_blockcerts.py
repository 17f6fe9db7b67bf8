"""Blockcerts (verify/blockcerts.py): every refusal and every reading, reached through a
certificate built here (issue 8 §5, mutation survivors of this module).

v2 certificates are hashed here with plain pyld (``tests/test_blockcerts_v2.py``); v3 ones
reuse the real sample's document (its hash is known and re-checked here) with a
MerkleProof2019 ``proofValue`` encoded here, so the path, root, anchors and encodings are
the test's choice.  A broken proof must be ``malformed`` with a sentence naming what is
broken, never a crash and never a pass.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import base58
import cbor2
import pytest
from pyld import jsonld

from portfolio_app.formats import parse
from portfolio_app.ingest import extract
from portfolio_app.model import CredentialFormat
from portfolio_app.paths import resource_path
from portfolio_app.verify import blockcerts
from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict
from tests.test_blockcerts_v2 import check, document_hash, sign, unsigned, verify
from tests.verify_di_support import NOW

V3_SAMPLE = Path(__file__).parent / "fixtures" / "blockcerts" / "testnet-v3-did.json"
V3_FILES = {
    "https://w3id.org/blockcerts/v3.1": "blockcerts-v3.1.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://w3id.org/blockcerts/v3": "blockcerts-v3.jsonld",
}
SAMPLE_TARGET = "eca54e560dd43cccd900fa4bb9221f144d4c451c24beeddfd82e31db842bced1"
PROFILE_URL = "https://college.example/issuer.json"  # the issuer of tests.test_blockcerts_v2
CLAIMED_KEY = "ecdsa-koblitz-pubkey:mtr98kany9G1XYNU74pRnfBQmaCg2FZLmc"


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _root(target: str, steps: list[tuple[str, str]]) -> str:
    current = bytes.fromhex(target)
    for side, sibling in steps:
        other = bytes.fromhex(sibling)
        current = _sha(other + current if side == "left" else current + other)
    return current.hex()


def _v2_with_path(steps: list[Any], *, root: str | None = None) -> dict[str, Any]:
    """A hashed v2 certificate whose proof path is ``steps`` (root computed unless given)."""
    doc = sign(unsigned())
    signature = doc["signature"]
    signature["proof"] = steps
    if root is None:
        pairs = [next(iter(s.items())) for s in steps]
        root = _root(signature["targetHash"], pairs)
    signature["merkleRoot"] = root
    return doc


def _failed_format(verdict: Verdict) -> Check:
    assert verdict.status is Status.MALFORMED
    found = check(verdict, "format")
    assert found.outcome is Outcome.FAILED
    return found


# --- v2 proof path ------------------------------------------------------------------------


def test_a_path_of_the_longest_allowed_length_is_followed_to_the_root() -> None:
    steps = [{"left" if i % 2 else "right": f"{i:02x}" * 32} for i in range(blockcerts.MAX_PATH)]
    verdict = verify(_v2_with_path(steps))
    assert verdict.status is Status.UNVERIFIABLE
    path = check(verdict, "merkle_path")
    assert path.outcome is Outcome.PASSED and "64 step(s)" in path.detail


def test_a_path_one_step_longer_than_any_real_tree_is_malformed_even_if_it_reaches_the_root() -> (
    None
):
    steps = [{"right": f"{i:02x}" * 32} for i in range(65)]
    verdict = verify(_v2_with_path(steps))
    assert "more than 64 steps" in _failed_format(verdict).detail


@pytest.mark.parametrize(
    "step",
    [
        {"left": "aa" * 32, "right": "bb" * 32},  # two hashes in one step
        "aa" * 32,  # a bare hash, no side
        ["left", "aa" * 32],
    ],
)
def test_a_path_step_that_is_not_exactly_one_hash_is_malformed_and_numbered(step: Any) -> None:
    verdict = verify(_v2_with_path([{"left": "a0" * 32}, step], root="00" * 32))
    assert "step 2 of the Blockcerts proof's path is not one hash" in _failed_format(verdict).detail


def test_a_path_step_on_neither_side_is_malformed_even_when_one_reading_reaches_the_root() -> None:
    doc = sign(unsigned())
    target = doc["signature"]["targetHash"]
    sibling = "a0" * 32
    # the root as if "up" were "right": a verifier that guessed would pass it
    doc["signature"]["proof"] = [{"up": sibling}]
    doc["signature"]["merkleRoot"] = _root(target, [("right", sibling)])
    detail = _failed_format(verify(doc)).detail
    assert "step 1 of the Blockcerts proof's path is not left/right" in detail


@pytest.mark.parametrize("bad", ["abc", "zz" * 32, "", None, 7])
def test_a_target_hash_that_is_not_whole_hex_bytes_is_malformed(bad: Any) -> None:
    doc = sign(unsigned())
    doc["signature"]["targetHash"] = bad
    detail = _failed_format(verify(doc)).detail
    assert "targetHash is not a hex hash" in detail


def test_an_upper_case_hex_target_hash_is_read_as_the_same_hash() -> None:
    doc = sign(unsigned())
    doc["signature"]["targetHash"] = doc["signature"]["targetHash"].upper()
    verdict = verify(doc)
    assert verdict.status is Status.UNVERIFIABLE
    assert check(verdict, "document_hash").outcome is Outcome.PASSED


def test_a_blink_anchor_is_named_without_its_scheme() -> None:
    doc = sign(unsigned())
    doc["signature"]["anchors"] = ["blink:btc:testnet:9f1c2e0d4b"]
    anchor = check(verify(doc), "anchor")
    assert anchor.outcome is Outcome.NOT_CHECKED
    assert "anchor on btc:testnet:9f1c2e0d4b not checked offline" in anchor.detail


# --- v2 verdict parts ---------------------------------------------------------------------


def test_a_good_v2_certificate_has_a_passed_format_check_naming_its_kind() -> None:
    fmt = check(verify(sign(unsigned())), "format")
    assert fmt.outcome is Outcome.PASSED and "Blockcerts v2" in fmt.detail


def test_a_v1_certificate_is_kept_unsupported_with_the_reason() -> None:
    doc = {
        "@context": "https://w3id.org/blockcerts/v1",
        "document": {
            "certificate": {
                "name": "Diploma in Data",
                "issuer": {"id": "https://college.example/issuer.json", "name": "Example College"},
            },
            "assertion": {"uid": "abc-123", "issuedOn": "2017-01-01"},
        },
    }
    credential = parse(extract("cert.json", json.dumps(doc).encode("utf-8")))
    assert credential.format is CredentialFormat.BLOCKCERTS_V2
    verdict = verify_credential(credential, now=NOW)
    assert verdict.status is Status.UNSUPPORTED
    fmt = check(verdict, "format")
    assert fmt.outcome is Outcome.PASSED and "Blockcerts certificate" in fmt.detail
    signature = check(verdict, "signature")
    assert signature.outcome is Outcome.NOT_CHECKED and "v1.2" in signature.detail


def test_an_expired_v2_certificate_names_its_expires_field() -> None:
    doc = unsigned()
    doc["expires"] = "2025-01-01T00:00:00+00:00"
    dates = check(verify(sign(doc)), "dates")
    assert dates.outcome is Outcome.FAILED and "(expires)" in dates.detail


def test_a_future_v2_certificate_names_its_issued_on_field() -> None:
    doc = unsigned()
    doc["issuedOn"] = "2027-03-01T00:00:00+00:00"
    dates = check(verify(sign(doc)), "dates")
    assert dates.outcome is Outcome.FAILED and "(issuedOn)" in dates.detail


def test_a_v2_context_the_app_holds_for_other_formats_still_leaves_the_hash_not_checked() -> None:
    """The W3C VC context is bundled (for VCs) but is not a Blockcerts v2 one: the hash must
    not be computed under it (it would be a different graph), and the context is named."""
    doc = sign(unsigned())
    doc["@context"] = [*doc["@context"], "https://www.w3.org/2018/credentials/v1"]
    verdict = verify(doc)
    hashed = check(verdict, "document_hash")
    assert hashed.outcome is Outcome.NOT_CHECKED
    assert "https://www.w3.org/2018/credentials/v1 is not one this app holds" in hashed.detail
    assert verdict.status is Status.UNVERIFIABLE


def test_more_than_three_undefined_fields_name_three_and_count_the_rest() -> None:
    doc = sign(unsigned())
    for name in ("aa", "bb", "cc", "dd", "ee"):
        doc["badge"][name] = "x"
    hashed = check(verify(doc), "document_hash")
    assert hashed.outcome is Outcome.FAILED
    assert "'badge.aa', 'badge.bb', 'badge.cc' and 2 more" in hashed.detail
    assert "badge.dd" not in hashed.detail


def test_exactly_three_undefined_fields_are_all_named_with_no_count() -> None:
    doc = sign(unsigned())
    for name in ("aa", "bb", "cc"):
        doc["badge"][name] = "x"
    hashed = check(verify(doc), "document_hash")
    assert "'badge.aa', 'badge.bb', 'badge.cc', which" in hashed.detail
    assert "more" not in hashed.detail


# --- issuer profile -----------------------------------------------------------------------


def _profile(*keys: str) -> MemorySource:
    body = json.dumps({"type": "Profile", "publicKey": [{"id": k} for k in keys]}).encode()
    return MemorySource([CachedDocument(PROFILE_URL, body, NOW)])


def _issuer_key(doc: dict[str, Any], docs: MemorySource) -> Check:
    credential = parse(extract("cert.json", json.dumps(doc).encode("utf-8")))
    verdict = verify_credential(credential, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    return check(verdict, "issuer_key")


def test_a_claimed_key_the_profile_lists_is_counted_not_reported_as_missing() -> None:
    key = _issuer_key(sign(unsigned()), _profile(CLAIMED_KEY, "ecdsa-koblitz-pubkey:mOther"))
    assert key.outcome is Outcome.NOT_CHECKED
    assert "lists 2 key(s)" in key.detail and "does not list" not in key.detail
    assert key.as_of == NOW


def test_a_certificate_that_claims_no_key_is_not_reported_as_naming_an_unlisted_one() -> None:
    doc = unsigned()
    del doc["verification"]["publicKey"]
    key = _issuer_key(sign(doc), _profile("ecdsa-koblitz-pubkey:mOther"))
    assert "lists 1 key(s)" in key.detail and "does not list" not in key.detail


def test_a_claimed_key_the_profile_does_not_list_is_named() -> None:
    key = _issuer_key(sign(unsigned()), _profile("ecdsa-koblitz-pubkey:mOther"))
    assert key.outcome is Outcome.NOT_CHECKED
    assert f"names key {CLAIMED_KEY}, which the issuer's cached profile does not" in key.detail


# --- v3 (MerkleProof2019) -----------------------------------------------------------------


def _sample() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(V3_SAMPLE.read_text(encoding="utf-8"))
    return doc


def _t(text: str) -> bytes:
    """A value as MerkleProof2019 holds it: CBOR-encoded text."""
    return cbor2.dumps(text)


def _proof_value(
    steps: list[list[Any]],
    *,
    root: Any,
    target: Any = None,
    anchors: Any = None,
    as_map: bool = False,
) -> str:
    fields: dict[int, Any] = {
        0: root,
        1: _t(SAMPLE_TARGET) if target is None else target,
        2: [[[0, 0], [1, 3], [2, _t("140ee9382a5c8443" * 4)]]] if anchors is None else anchors,
        3: steps,
    }
    body = fields if as_map else [[k, v] for k, v in fields.items()]
    return "z" + base58.b58encode(cbor2.dumps(body)).decode()


def _v3(proof_value: Any, doc: dict[str, Any] | None = None) -> Verdict:
    doc = _sample() if doc is None else doc
    doc["proof"]["proofValue"] = proof_value
    credential = parse(extract("cert.json", json.dumps(doc).encode("utf-8")))
    assert credential.format is CredentialFormat.BLOCKCERTS_V3
    return verify_credential(credential, now=NOW)


def _passes(verdict: Verdict) -> None:
    assert verdict.status is Status.UNVERIFIABLE
    assert check(verdict, "merkle_path").outcome is Outcome.PASSED
    assert check(verdict, "document_hash").outcome is Outcome.PASSED


def test_a_v3_path_with_a_right_sibling_is_followed_to_the_root() -> None:
    sibling = "5e" * 32
    root = _root(SAMPLE_TARGET, [("left", "a0" * 32), ("right", sibling)])
    verdict = _v3(_proof_value([[0, _t("a0" * 32)], [1, _t(sibling)]], root=_t(root)))
    _passes(verdict)
    assert "2 step(s)" in check(verdict, "merkle_path").detail


def test_a_v3_path_step_on_an_unknown_side_is_malformed() -> None:
    root = _root(SAMPLE_TARGET, [("right", "a0" * 32)])
    detail = _failed_format(_v3(_proof_value([[2, _t("a0" * 32)]], root=_t(root)))).detail
    assert "step 1 of the Blockcerts proof's path is not left/right" in detail


def test_a_v3_proof_written_as_a_cbor_map_is_read_like_the_list_of_pairs() -> None:
    root = _root(SAMPLE_TARGET, [("left", "a0" * 32)])
    _passes(_v3(_proof_value([[0, _t("a0" * 32)]], root=_t(root), as_map=True)))


def test_v3_hashes_given_as_raw_bytes_are_read_as_hashes() -> None:
    """A hash as CBOR bytes, or as bytes that are not CBOR at all, is the same hash."""
    sibling = "ff" + "17" * 31  # 0xff starts no CBOR item: kept as raw bytes
    root = _root(SAMPLE_TARGET, [("left", sibling)])
    verdict = _v3(
        _proof_value(
            [[0, bytes.fromhex(sibling)]],
            root=cbor2.dumps(bytes.fromhex(root)),
            target=cbor2.dumps(bytes.fromhex(SAMPLE_TARGET)),
        )
    )
    _passes(verdict)


def test_a_v3_merkle_root_that_is_not_hex_is_malformed_and_named() -> None:
    detail = _failed_format(_v3(_proof_value([], root=_t("not a hash")))).detail
    assert "merkleRoot is not a hex hash" in detail


def test_a_v3_anchor_without_a_transaction_is_still_named_as_not_checked() -> None:
    root = _root(SAMPLE_TARGET, [("left", "a0" * 32)])
    verdict = _v3(_proof_value([[0, _t("a0" * 32)]], root=_t(root), anchors=[[[0, 0]]]))
    _passes(verdict)
    anchor = check(verdict, "anchor")
    assert anchor.outcome is Outcome.NOT_CHECKED
    assert "anchor on a blockchain not checked offline" in anchor.detail


@pytest.mark.parametrize("value", [123, None, "u" + "A" * 40, "4zvrPUULnHmaio37"])
def test_a_v3_proof_value_that_is_not_multibase_base58btc_is_malformed(value: Any) -> None:
    detail = _failed_format(_v3(value)).detail
    assert "proofValue is not multibase base58btc" in detail


@pytest.mark.parametrize("body", ["", b"", 5, [[0]]])
def test_a_v3_proof_value_that_is_no_map_of_fields_does_not_decode(body: Any) -> None:
    value = "z" + base58.b58encode(cbor2.dumps(body)).decode()
    detail = _failed_format(_v3(value)).detail
    assert "proofValue does not decode" in detail


def _v3_hash(doc: dict[str, Any]) -> str:
    def loader(url: str, options: Any = None) -> dict[str, Any]:
        body = (resource_path("contexts") / V3_FILES[url]).read_text(encoding="utf-8")
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(body)}

    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    nquads = jsonld.normalize(copy.deepcopy(unsecured), options)
    return hashlib.sha256(nquads.encode("utf-8")).hexdigest()


def test_a_v3_issuer_with_an_https_profile_is_looked_up_in_the_cache() -> None:
    doc = _sample()
    assert _v3_hash(doc) == SAMPLE_TARGET  # the hash computed here is the sample's
    doc["issuer"]["id"] = PROFILE_URL
    target = _v3_hash(doc)
    root = _root(target, [("left", "a0" * 32)])
    doc["proof"]["proofValue"] = _proof_value(
        [[0, _t("a0" * 32)]], root=_t(root), target=_t(target)
    )
    credential = parse(extract("cert.json", json.dumps(doc).encode("utf-8")))
    verdict = verify_credential(credential, docs=_profile("did:example:k1"), now=NOW)
    _passes(verdict)
    key = check(verdict, "issuer_key")
    assert key.outcome is Outcome.NOT_CHECKED and "lists 1 key(s)" in key.detail
    missing = check(verify_credential(credential, now=NOW), "issuer_key")
    assert f"({PROFILE_URL}) is not cached" in missing.detail


def test_a_v3_did_issuer_is_named_as_needing_the_blockchain() -> None:
    verdict = _v3(_sample()["proof"]["proofValue"])
    _passes(verdict)
    key = check(verdict, "issuer_key")
    assert key.outcome is Outcome.NOT_CHECKED and "not an https profile" in key.detail


# --- the pinned contexts ------------------------------------------------------------------


def test_a_bundled_context_that_differs_from_its_pin_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed context file changes every hash computed under it: it must be noticed, not
    used (the pin is the only thing tying the bundled copy to its published source)."""
    contexts = tmp_path / "contexts"
    contexts.mkdir()
    for path in resource_path("contexts").iterdir():
        (contexts / path.name).write_bytes(path.read_bytes())
    edited = json.loads((contexts / "blockcerts-v2.jsonld").read_text(encoding="utf-8"))
    edited["@context"]["grade"] = "https://college.example/vocab#grade"
    (contexts / "blockcerts-v2.jsonld").write_text(json.dumps(edited), encoding="utf-8")
    monkeypatch.setattr(blockcerts, "resource_path", lambda name: tmp_path / name)
    monkeypatch.setattr(blockcerts, "_LOADED", {})
    doc = sign(unsigned())
    doc["badge"]["grade"] = "A+"  # defined only by the edited copy
    fmt = check(verify(doc), "format")
    assert fmt.outcome is Outcome.FAILED
    assert "blockcerts-v2.jsonld does not match its recorded hash" in fmt.detail
    assert document_hash(unsigned())  # the real files are untouched


def test_a_v3_1_certificate_is_hashed_under_the_bundled_v3_1_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(blockcerts, "_LOADED", {})  # served from this module's pinned copies
    doc = _sample()
    doc["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        doc["@context"][1],
        "https://w3id.org/blockcerts/v3.1",
    ]
    target = _v3_hash(doc)
    root = _root(target, [("right", "a0" * 32)])
    verdict = _v3(_proof_value([[1, _t("a0" * 32)]], root=_t(root), target=_t(target)), doc)
    _passes(verdict)


def test_the_pinned_contexts_are_read_and_checked_once_not_per_lookup_or_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pin check runs once, on first use: the first certificate reads each bundled file at
    most once per URL it serves, later ones read none (a file changed on disk afterwards is
    never used unchecked, and a batch import does not re-hash the contexts per lookup)."""
    reads: list[str] = []

    def counting(name: str) -> Path:
        reads.append(name)
        return resource_path(name)

    monkeypatch.setattr(blockcerts, "resource_path", counting)
    monkeypatch.setattr(blockcerts, "_LOADED", {})
    assert verify(sign(unsigned())).status is Status.UNVERIFIABLE
    assert 0 < len(reads) <= len(blockcerts._CONTEXTS)
    reads.clear()
    contexts = tmp_path / "contexts"
    contexts.mkdir()
    for path in resource_path("contexts").iterdir():
        (contexts / path.name).write_bytes(b"{}")
    monkeypatch.setattr(blockcerts, "resource_path", lambda name: tmp_path / name)
    verdict = verify(sign(unsigned()))
    assert verdict.status is Status.UNVERIFIABLE
    assert check(verdict, "document_hash").outcome is Outcome.PASSED


# --- the rest of the full (unsampled) run -------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "shown"),
    [
        ({"type": "BTCOpReturn", "sourceId": "9f1c"}, "anchor on BTCOpReturn (9f1c) not"),
        (5, "anchor on a blockchain not"),
    ],
)
def test_a_v2_anchor_is_named_by_what_it_gives(anchor: Any, shown: str) -> None:
    doc = sign(unsigned())
    doc["signature"]["anchors"] = [anchor]
    assert shown in check(verify(doc), "anchor").detail


def test_a_v2_signature_that_is_not_a_merkle_proof_2017_is_malformed() -> None:
    doc = sign(unsigned())
    doc["signature"]["type"] = ["MerkleProof2019", "Extension"]
    assert "no MerkleProof2017 'signature'" in _failed_format(verify(doc)).detail


def test_a_v2_merkle_root_that_is_not_hex_is_malformed_and_named() -> None:
    doc = sign(unsigned())
    doc["signature"]["merkleRoot"] = "xyz"
    assert "merkleRoot is not a hex hash" in _failed_format(verify(doc)).detail


def test_a_v3_target_hash_that_is_not_hex_is_malformed_and_named() -> None:
    detail = _failed_format(_v3(_proof_value([], root=_t("00" * 32), target=_t("no")))).detail
    assert "targetHash is not a hex hash" in detail


def test_v3_hashes_given_as_plain_cbor_text_are_read_as_hashes() -> None:
    root = _root(SAMPLE_TARGET, [("left", "a0" * 32)])
    _passes(_v3(_proof_value([[0, "a0" * 32]], root=root, target=SAMPLE_TARGET)))


@pytest.mark.parametrize("transaction", [_t(""), 7])
def test_a_v3_anchor_with_an_empty_or_odd_transaction_names_no_transaction(
    transaction: Any,
) -> None:
    root = _root(SAMPLE_TARGET, [("left", "a0" * 32)])
    anchors = [[[0, 0], [2, transaction]]]
    verdict = _v3(_proof_value([[0, _t("a0" * 32)]], root=_t(root), anchors=anchors))
    _passes(verdict)
    assert "anchor on a blockchain not checked offline" in check(verdict, "anchor").detail


def test_four_undefined_fields_name_three_and_count_one() -> None:
    doc = sign(unsigned())
    for name in ("aa", "bb", "cc", "dd"):
        doc["badge"][name] = "x"
    assert "'badge.cc' and 1 more" in check(verify(doc), "document_hash").detail


def test_a_v3_context_the_app_cannot_serve_leaves_the_hash_not_checked() -> None:
    doc = _sample()
    doc["@context"] = [*doc["@context"], "https://college.example/contexts/extra/v1"]
    verdict = _v3(doc["proof"]["proofValue"], doc)
    hashed = check(verdict, "document_hash")
    assert hashed.outcome is Outcome.NOT_CHECKED
    assert "could not be computed offline" in hashed.detail
    assert verdict.status is Status.UNVERIFIABLE


def test_an_issuer_profile_that_is_not_json_lists_no_keys() -> None:
    docs = MemorySource([CachedDocument(PROFILE_URL, b"<html>moved</html>", NOW)])
    key = _issuer_key(sign(unsigned()), docs)
    assert key.outcome is Outcome.NOT_CHECKED and "lists 0 key(s)" in key.detail


def test_an_expired_v3_certificate_whose_hash_passes_is_expired() -> None:
    doc = _sample()
    doc["expirationDate"] = "2025-01-01T00:00:00Z"
    target = _v3_hash(doc)
    root = _root(target, [("left", "a0" * 32)])
    verdict = _v3(_proof_value([[0, _t("a0" * 32)]], root=_t(root), target=_t(target)), doc)
    assert verdict.status is Status.EXPIRED
    assert check(verdict, "document_hash").outcome is Outcome.PASSED
    assert check(verdict, "dates").outcome is Outcome.FAILED
