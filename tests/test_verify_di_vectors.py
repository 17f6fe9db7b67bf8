"""Published test vectors and the public fixtures: intermediate hashes and final verdicts."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import NOW, contexts_for_tests

from portfolio_app.verify.canon import canonicalize
from portfolio_app.verify.dataintegrity import hash_data
from portfolio_app.verify.documents import CachedDocument, EmptySource, MemorySource
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Outcome, Status

STATUS_URL = (
    "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/"
    "src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"
)
LIST_FILE = "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json"


def load(folder: Path, name: str) -> dict[str, Any]:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def split_hashes(doc: dict[str, Any]) -> tuple[str, str]:
    loader = contexts_for_tests()
    proof = dict(doc["proof"])
    proof.pop("proofValue")
    proof["@context"] = doc["@context"]
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    return (
        hashlib.sha256(canonicalize(proof, loader).encode()).hexdigest(),
        hashlib.sha256(canonicalize(unsecured, loader).encode()).hexdigest(),
    )


def test_w3c_eddsa_rdfc_2022_intermediate_hashes(public_fixtures: Path) -> None:
    doc = load(public_fixtures, "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json")
    proof_hash, doc_hash = split_hashes(doc)
    assert proof_hash == "bea7b7acfbad0126b135104024a5f1733e705108f42d59668b05c0c50004c6b0"
    assert doc_hash == "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
    data = hash_data(doc, doc["proof"], contexts_for_tests())
    assert data.hex() == proof_hash + doc_hash


def test_1edtech_ob3_intermediate_hashes(public_fixtures: Path) -> None:
    doc = load(public_fixtures, "1edtech-obv3-eddsa-testvector.json")
    proof_hash, doc_hash = split_hashes(doc)
    assert doc_hash == "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
    assert proof_hash == "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"


def test_w3c_canonical_proof_config_shape(public_fixtures: Path) -> None:
    doc = load(public_fixtures, "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json")
    proof = {k: v for k, v in doc["proof"].items() if k != "proofValue"}
    proof["@context"] = doc["@context"]
    nquads = canonicalize(proof, contexts_for_tests())
    assert nquads.endswith(" .\n")
    assert all(line.startswith("_:c14n0 ") for line in nquads.splitlines())
    assert '"eddsa-rdfc-2022"^^<https://w3id.org/security#cryptosuiteString>' in nquads


def status_source(folder: Path) -> MemorySource:
    fetched = datetime(2026, 11, 1, tzinfo=UTC)
    body = (folder / LIST_FILE).read_bytes()
    return MemorySource([CachedDocument(STATUS_URL, body, fetched)])


# file → (status, signature_valid fact)
EXPECTED = {
    "dcc-obv3-vc2-eddsa-didkey-basic.json": (Status.VERIFIED, "true"),
    "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json": (Status.VERIFIED, "true"),
    "dcc-obv3-vc1-ed25519-didkey-expired.json": (Status.EXPIRED, "true"),
    # The cached list is issued by another DCC test key than the credential's issuer, so it
    # does not count: the credential is expired, its revocation not checked.
    "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json": (Status.EXPIRED, "true"),
    LIST_FILE: (Status.VERIFIED, "true"),
    # The key is written into the https VM fragment: the signer's own say-so binds nothing;
    # the issuer's document (not cached) would.
    "1edtech-obv3-eddsa-testvector.json": (Status.UNVERIFIABLE, "true"),
    # Valid signature by a did:key; whether the https issuer the VC names uses that key
    # needs the issuer's document, which is not cached: a network check.
    "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json": (Status.UNVERIFIABLE, "true"),
    "w3c-vcdieddsa-ed25519signature2020-signed.json": (Status.UNVERIFIABLE, "true"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_public_fixture_verdicts(public_fixtures: Path, name: str) -> None:
    doc = load(public_fixtures, name)
    verdict = verify_linked_data_credential(
        doc, docs=status_source(public_fixtures), now=NOW, contexts=contexts_for_tests()
    )
    status, signature_valid = EXPECTED[name]
    assert verdict.status is status, verdict.to_json()
    assert verdict.facts["signature_valid"] == signature_valid
    signatures = [c for c in verdict.checks if c.name == "signature"]
    expected = Outcome.PASSED if signature_valid == "true" else Outcome.NOT_CHECKED
    assert signatures and all(c.outcome is expected for c in signatures)


def test_proof_set_fixture_reports_each_proof(public_fixtures: Path) -> None:
    doc = load(public_fixtures, "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json")
    verdict = verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)
    details = [c.detail for c in verdict.checks if c.name == "signature"]
    assert len(details) == 2
    assert "eddsa-rdfc-2022" in details[0] and "Ed25519Signature2020" in details[1]
    assert verdict.facts["proofs"] == "eddsa-rdfc-2022,Ed25519Signature2020"


def test_w3c_vectors_leave_only_the_issuer_key_unchecked(public_fixtures: Path) -> None:
    doc = load(public_fixtures, "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json")
    verdict = verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)
    by_name = {c.name: c for c in verdict.checks}
    assert by_name["signature"].outcome is Outcome.PASSED
    assert by_name["issuer_key"].outcome is Outcome.NOT_CHECKED
    assert "https://vc.example/issuers/5678" in by_name["issuer_key"].detail
    assert "nothing ties key" in by_name["issuer_key"].detail
    assert "needs the issuer's document" in by_name["issuer_key"].detail


def _issuer_document(public_fixtures: Path, assertion_method: list[str]) -> MemorySource:
    body = json.dumps(
        {"id": "https://vc.example/issuers/5678", "assertionMethod": assertion_method}
    ).encode()
    fetched = datetime(2026, 11, 1, tzinfo=UTC)
    return MemorySource([CachedDocument("https://vc.example/issuers/5678", body, fetched)])


def test_a_cached_issuer_document_that_lists_the_key_makes_it_verified(
    public_fixtures: Path,
) -> None:
    doc = load(public_fixtures, "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json")
    signer = doc["proof"]["verificationMethod"]
    verdict = verify_linked_data_credential(
        doc, docs=_issuer_document(public_fixtures, [signer]), now=NOW
    )
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert issuer_key.as_of == datetime(2026, 11, 1, tzinfo=UTC)


def test_a_cached_issuer_document_that_does_not_list_the_key_means_tampered(
    public_fixtures: Path,
) -> None:
    doc = load(public_fixtures, "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json")
    other = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
    verdict = verify_linked_data_credential(
        doc, docs=_issuer_document(public_fixtures, [other]), now=NOW
    )
    assert verdict.status is Status.TAMPERED
    assert verdict.facts["signature_valid"] == "true"


def test_revoked_fixture_list_from_another_issuer_does_not_count(public_fixtures: Path) -> None:
    # The DCC fixture's list is signed by another DCC test key than the credential's issuer:
    # anyone could publish such a list, so it is reported and not counted.
    doc = load(public_fixtures, "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json")
    verdict = verify_linked_data_credential(doc, docs=status_source(public_fixtures), now=NOW)
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED
    assert "not by the credential's issuer" in status.detail
    assert "does not count" in status.detail
    assert status.as_of == datetime(2026, 11, 1, tzinfo=UTC)
    assert verdict.status is Status.EXPIRED


def test_revoked_fixture_without_cached_list_is_expired_and_status_not_checked(
    public_fixtures: Path,
) -> None:
    doc = load(public_fixtures, "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json")
    verdict = verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.EXPIRED
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED
    assert "not cached" in status.detail


def test_status_list_bits_of_the_dcc_list(public_fixtures: Path) -> None:
    from verify_di_support import status_entry

    doc = load(public_fixtures, "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json")
    for index, revoked in ((8, True), (9, False)):
        variant = copy.deepcopy(doc)
        variant["credentialStatus"] = status_entry(index, url=STATUS_URL)
        from portfolio_app.verify.status_lists import check_status

        listing = load(public_fixtures, LIST_FILE)
        result = check_status(
            variant,
            docs=status_source(public_fixtures),
            now=NOW,
            entries=[status_entry(index, url=STATUS_URL)],
            credential_id=variant["id"],
            issuer=listing["issuer"],  # as if the list's issuer had issued the credential
        )
        assert result is not None
        assert "100,000" in result.checks[0].detail  # short-list warning, not a failure
        assert (result.status is Status.REVOKED) is revoked


def test_1edtech_vector_with_a_cached_controller_document(public_fixtures: Path) -> None:
    doc = load(public_fixtures, "1edtech-obv3-eddsa-testvector.json")
    vm = doc["proof"]["verificationMethod"]
    controller = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "https://example.edu/issuers/565049",
        "verificationMethod": [
            {
                "id": vm,
                "type": "Multikey",
                "controller": "https://example.edu/issuers/565049",
                "publicKeyMultibase": vm.split("#")[1],
            }
        ],
        "assertionMethod": [vm],
    }
    fetched = datetime(2026, 11, 2, tzinfo=UTC)
    source = MemorySource(
        [
            CachedDocument(
                "https://example.edu/issuers/565049", json.dumps(controller).encode(), fetched
            )
        ]
    )
    verdict = verify_linked_data_credential(doc, docs=source, now=NOW)
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["key_source"] == "controller-document-cache"
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert issuer_key.as_of == fetched


def test_1edtech_vector_fragment_key_binds_nothing(public_fixtures: Path) -> None:
    # The key is written into the verification method id itself: without the issuer's own
    # document nothing can be checked, so nothing is verified.
    doc = load(public_fixtures, "1edtech-obv3-eddsa-testvector.json")
    verdict = verify_linked_data_credential(doc, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.facts["signature_valid"] == "true"  # intact, by the key in its own id
    assert verdict.facts["key_source"] == "key-in-id"
    issuer_key = next(c for c in verdict.checks if c.name == "issuer_key")
    assert issuer_key.outcome is Outcome.NOT_CHECKED
    assert "nothing ties key" in issuer_key.detail
    assert "https://example.edu/issuers/565049" in issuer_key.detail
