"""Trust bundles in the simple index form ``{"URL": "file.json", …}`` (issue 10 §2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio_app.verify.documents import FolderSource, TrustBundleError

KEY_URL = "https://example.org/key1.json"


def _bundle(folder: Path, index: object) -> Path:
    folder.mkdir()
    (folder / "key1.json").write_text(json.dumps({"type": "CryptographicKey", "id": KEY_URL}))
    (folder / "index.json").write_text(json.dumps(index))
    return folder


def test_the_simple_index_form_serves_its_documents(tmp_path: Path) -> None:
    source = FolderSource(_bundle(tmp_path / "b", {KEY_URL: "key1.json"}))
    doc = source.get(KEY_URL)
    assert doc is not None
    assert json.loads(doc.body)["id"] == KEY_URL
    assert source.get("https://example.org/other.json") is None


def test_the_documents_form_still_serves_the_same(tmp_path: Path) -> None:
    source = FolderSource(_bundle(tmp_path / "b", {"documents": {KEY_URL: {"file": "key1.json"}}}))
    doc = source.get(KEY_URL)
    assert doc is not None and json.loads(doc.body)["id"] == KEY_URL


@pytest.mark.parametrize(
    "index",
    [{"not a url": "key1.json"}, {KEY_URL: 3}, {}, ["key1.json"]],
    ids=["key-not-url", "value-not-file", "empty", "list"],
)
def test_an_index_in_neither_form_is_refused_with_both_forms_named(
    tmp_path: Path, index: object
) -> None:
    with pytest.raises(TrustBundleError, match="simple form"):
        FolderSource(_bundle(tmp_path / "b", index)).get(KEY_URL)


# -- verification documents found among imported files --------------------------------------

STATUS_LIST = "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json"


def test_an_imported_status_list_goes_to_the_document_cache_not_the_wallet(
    tmp_path: Path, public_fixtures: Path
) -> None:
    from portfolio_app.services.portfolio import Portfolio
    from portfolio_app.services.verification import documents_dir

    with Portfolio(tmp_path / "p") as portfolio:
        report = portfolio.import_paths([public_fixtures / STATUS_LIST])
        (outcome,) = report.outcomes
        assert outcome.status.value == "cached"
        assert outcome.message.startswith("added to the document cache: status list of ")
        assert portfolio.credentials() == []
        url = json.loads((public_fixtures / STATUS_LIST).read_text())["id"]
        doc = FolderSource(documents_dir(portfolio.data_dir)).get(url)
    assert doc is not None
    assert doc.body == (public_fixtures / STATUS_LIST).read_bytes()


def test_a_document_without_an_https_id_is_refused_with_that_reason(
    tmp_path: Path, public_fixtures: Path
) -> None:
    from portfolio_app.services.portfolio import Portfolio

    key = public_fixtures / "1edtech-ob2-signed-rs256.key1.json"  # id is http://, not https://
    with Portfolio(tmp_path / "p") as portfolio:
        (outcome,) = portfolio.import_paths([key]).outcomes
        assert outcome.status.value == "rejected"
        assert "no https id" in outcome.message
        assert portfolio.credentials() == []


def test_an_issuer_profile_and_a_did_document_are_cached_under_their_ids(tmp_path: Path) -> None:
    from portfolio_app.services.portfolio import Portfolio
    from portfolio_app.services.verification import documents_dir

    profile = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Profile",
        "id": "https://issuer.example.edu/profile.json",
        "name": "Example University",
    }
    did_doc = {"id": "did:web:issuer.example.edu", "verificationMethod": []}
    (tmp_path / "profile.json").write_text(json.dumps(profile))
    (tmp_path / "did.json").write_text(json.dumps(did_doc))
    with Portfolio(tmp_path / "p") as portfolio:
        outcomes = portfolio.import_paths([tmp_path / "profile.json", tmp_path / "did.json"])
        messages = [o.message for o in outcomes.outcomes]
        cache = FolderSource(documents_dir(portfolio.data_dir))
        assert portfolio.credentials() == []
    assert messages == [
        "added to the document cache: issuer profile of Example University",
        "added to the document cache: DID document of did:web:issuer.example.edu",
    ]
    assert cache.get("https://issuer.example.edu/profile.json") is not None
    assert cache.get("did:web:issuer.example.edu") is not None


def test_an_imported_issuer_registry_becomes_a_trust_file_of_the_cache(tmp_path: Path) -> None:
    from portfolio_app.services.portfolio import Portfolio
    from portfolio_app.services.verification import documents_dir

    registry = {
        "meta": {"name": "Example Registry", "updated": "2026-11-01T00:00:00Z"},
        "entries": {
            "did:key:z6MkExample": {"name": "Example University", "url": "https://u.example"}
        },
    }
    (tmp_path / "registry.json").write_text(json.dumps(registry))
    with Portfolio(tmp_path / "p") as portfolio:
        (outcome,) = portfolio.import_paths([tmp_path / "registry.json"]).outcomes
        trust = FolderSource(documents_dir(portfolio.data_dir)).trust_files()
        assert portfolio.credentials() == []
    assert outcome.message == "added to the document cache: issuer registry Example Registry"
    assert [t.name for t in trust] == ["Example Registry"]
