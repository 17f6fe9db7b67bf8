"""Trust bundles and document sources: what a cached URL says, when it was seen, and refusals.

Every issuer key, profile, revocation list and status list reaches the verifier through these
sources, so a wrong lookup (another URL's document, a file outside the bundle, a wrong date) is
a wrong verdict.  Written to close gaps that ``make mutation`` (tools/mutation.py) found.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from portfolio_app.verify.documents import (
    MAX_DOCUMENT_BYTES,
    CachedDocument,
    ChainedSource,
    EmptySource,
    FolderSource,
    MemorySource,
    TrustBundleError,
)

SEEN = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def _bundle(folder: Path, documents: object, files: dict[str, bytes] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.json").write_text(json.dumps({"documents": documents}), encoding="utf-8")
    for name, body in (files or {}).items():
        (folder / name).write_bytes(body)
    return folder


def test_a_bundle_entry_gives_its_file_time_and_status(tmp_path: Path) -> None:
    folder = _bundle(
        tmp_path / "b",
        {"https://issuer.example/key": {"file": "key.json", "fetched_at": "2026-11-01T10:00:00Z"}},
        {"key.json": b'{"id": "k"}'},
    )
    source = FolderSource(folder)
    doc = source.get("https://issuer.example/key")
    assert doc == CachedDocument("https://issuer.example/key", b'{"id": "k"}', SEEN, 200)
    assert source.urls == ("https://issuer.example/key",)
    assert source.get("https://issuer.example/other") is None


def test_a_url_with_a_fragment_finds_the_document_of_its_base(tmp_path: Path) -> None:
    folder = _bundle(tmp_path / "b", {"https://i.example/doc": "doc.json"}, {"doc.json": b"{}"})
    found = FolderSource(folder).get("https://i.example/doc#key-1")
    assert found is not None
    assert found.body == b"{}"
    assert found.url == "https://i.example/doc#key-1"


def test_a_plain_string_entry_uses_the_file_time(tmp_path: Path) -> None:
    folder = _bundle(tmp_path / "b", {"https://i.example/doc": "doc.json"}, {"doc.json": b"{}"})
    os.utime(folder / "doc.json", (SEEN.timestamp(), SEEN.timestamp()))
    found = FolderSource(folder).get("https://i.example/doc")
    assert found is not None
    assert found.fetched_at == SEEN
    assert found.status == 200


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-11-01T10:00:00", SEEN),  # no zone: read as UTC
        ("2026-11-01T11:00:00+01:00", SEEN),
        ("yesterday", None),  # unreadable: fall back to the file's time
        (12345, None),
    ],
)
def test_fetched_at_is_read_as_utc_or_falls_back_to_the_file_time(
    tmp_path: Path, stamp: object, expected: datetime | None
) -> None:
    folder = _bundle(
        tmp_path / "b",
        {"https://i.example/doc": {"file": "doc.json", "fetched_at": stamp}},
        {"doc.json": b"{}"},
    )
    mtime = datetime(2025, 5, 5, tzinfo=UTC)
    os.utime(folder / "doc.json", (mtime.timestamp(), mtime.timestamp()))
    found = FolderSource(folder).get("https://i.example/doc")
    assert found is not None
    assert found.fetched_at == (expected or mtime)
    assert found.fetched_at.utcoffset() is not None


def test_a_gone_entry_needs_no_file_and_keeps_its_status(tmp_path: Path) -> None:
    folder = _bundle(
        tmp_path / "b",
        {
            "https://i.example/gone": {"status": 410, "fetched_at": "2026-11-01T10:00:00Z"},
            "https://i.example/gone-undated": {"status": 404},
        },
    )
    source = FolderSource(folder)
    assert source.get("https://i.example/gone") == CachedDocument(
        "https://i.example/gone", b"", SEEN, 410
    )
    undated = source.get("https://i.example/gone-undated")
    assert undated is not None
    assert undated.status == 404
    assert undated.fetched_at == datetime.fromtimestamp(0, UTC)


def test_a_status_that_is_not_a_number_counts_as_200(tmp_path: Path) -> None:
    folder = _bundle(
        tmp_path / "b",
        {
            "https://i.example/a": {"file": "a.json", "status": True},
            "https://i.example/b": {"file": "a.json", "status": "410"},
            "https://i.example/c": {"file": "a.json", "status": 410},
        },
        {"a.json": b"{}"},
    )
    source = FolderSource(folder)
    statuses = [source.get(f"https://i.example/{n}") for n in "abc"]
    assert [d.status for d in statuses if d is not None] == [200, 200, 410]


@pytest.mark.parametrize(
    "entry", [{"status": 200}, {"status": True}, {"fetched_at": "2026-11-01"}, 7, None]
)
def test_an_entry_without_a_file_or_a_bodyless_status_is_refused(
    tmp_path: Path, entry: object
) -> None:
    folder = _bundle(tmp_path / "b", {"https://i.example/x": entry})
    with pytest.raises(TrustBundleError, match=r"entry for https://i\.example/x has no 'file'"):
        FolderSource(folder)


def test_a_missing_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TrustBundleError, match=r"no index\.json"):
        FolderSource(tmp_path)


@pytest.mark.parametrize("text", ["{not json", "[]", '{"documents": []}', '{"docs": {}}'])
def test_an_unreadable_index_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "index.json").write_text(text, encoding="utf-8")
    with pytest.raises(TrustBundleError, match=r"index\.json: (not a readable|expected an object)"):
        FolderSource(tmp_path)


def test_an_entry_pointing_outside_the_bundle_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_bytes(b"{}")
    folder = _bundle(tmp_path / "b", {"https://i.example/x": "../secret.json"})
    with pytest.raises(TrustBundleError, match="points outside its folder"):
        FolderSource(folder).get("https://i.example/x")


def test_a_document_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    folder = _bundle(tmp_path / "b", {"https://i.example/big": "big.json", "https://i.example/ok":
                                      "ok.json"})
    (folder / "big.json").write_bytes(b" " * (MAX_DOCUMENT_BYTES + 1))
    (folder / "ok.json").write_bytes(b" " * MAX_DOCUMENT_BYTES)
    with pytest.raises(TrustBundleError, match=r"big\.json: document larger than 5 MB"):
        FolderSource(folder).get("https://i.example/big")
    found = FolderSource(folder).get("https://i.example/ok")
    assert found is not None
    assert len(found.body) == MAX_DOCUMENT_BYTES


def test_a_listed_file_that_is_missing_is_refused(tmp_path: Path) -> None:
    folder = _bundle(tmp_path / "b", {"https://i.example/x": "missing.json"})
    with pytest.raises(TrustBundleError, match=r"missing\.json: cannot read"):
        FolderSource(folder).get("https://i.example/x")


def test_memory_source_finds_by_url_or_base_url_and_lists_what_it_holds() -> None:
    first = CachedDocument("https://i.example/a", b"1", SEEN)
    source = MemorySource([first])
    second = CachedDocument("https://i.example/b", b"2", SEEN)
    source.put(second)
    assert source.get("https://i.example/a") is first
    assert source.get("https://i.example/b#k") is second
    assert source.get("https://i.example/c") is None
    assert list(source) == [first, second]


def test_chained_sources_answer_in_order_and_fall_through() -> None:
    one = CachedDocument("https://i.example/a", b"one", SEEN)
    two = CachedDocument("https://i.example/a", b"two", SEEN)
    only_two = CachedDocument("https://i.example/b", b"b", SEEN)
    chain = ChainedSource([EmptySource(), MemorySource([one]), MemorySource([two, only_two])])
    assert chain.get("https://i.example/a") is one
    assert chain.get("https://i.example/b") is only_two
    assert chain.get("https://i.example/c") is None
    assert EmptySource().get("https://i.example/a") is None
