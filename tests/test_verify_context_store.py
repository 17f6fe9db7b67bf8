"""The frozen JSON-LD context store: only hash-checked, bundled (or injected) contexts are served.

A context decides what every term of a credential means, so serving the wrong one (a damaged
file, another variant, a context the app does not hold) changes what was "signed".  Written to
close gaps that ``make mutation`` (tools/mutation.py) found; each test states the behaviour.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.verify.contexts import (
    ContextLoader,
    ContextStoreError,
    ContextVariant,
    UnknownContextError,
    _Store,
    bundled_context_urls,
)

URL = "https://contexts.example/v1"
OTHER = "https://contexts.example/v2"


def _write(folder: Path, name: str, value: Any) -> str:
    body = json.dumps(value).encode("utf-8")
    (folder / name).write_bytes(body)
    return hashlib.sha256(body).hexdigest()


def _store(tmp_path: Path) -> _Store:
    current = _write(tmp_path, "current.json", {"@context": {"name": "https://ex/current"}})
    old = _write(tmp_path, "old.json", {"@context": {"name": "https://ex/old"}})
    older = _write(tmp_path, "older.json", {"@context": {"name": "https://ex/older"}})
    other = _write(tmp_path, "other.json", {"@context": {"x": {"@id": "https://ex/x"}}})
    index = {
        "version": 1,
        "contexts": {
            URL: {"file": "current.json", "sha256": current},
            OTHER: {"file": "other.json", "sha256": other},
        },
        "variants": {
            URL: [
                {"name": "old", "file": "old.json", "sha256": old},
                {"name": "older", "file": "older.json", "sha256": older},
            ]
        },
    }
    (tmp_path / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return _Store(tmp_path)


@pytest.mark.parametrize("index", [None, "{broken"])
def test_a_store_without_a_readable_index_is_refused(tmp_path: Path, index: str | None) -> None:
    if index is not None:
        (tmp_path / "index.json").write_text(index, encoding="utf-8")
    with pytest.raises(ContextStoreError, match="context index unreadable"):
        _Store(tmp_path)


def test_a_context_whose_bytes_changed_is_refused(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (tmp_path / "current.json").write_text('{"@context": {"name": "https://evil"}}')
    with pytest.raises(ContextStoreError, match="does not match its SHA-256"):
        ContextLoader(store=store).document(URL)


def test_a_missing_context_file_is_refused(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (tmp_path / "other.json").unlink()
    with pytest.raises(ContextStoreError, match=r"other\.json: bundled context missing"):
        ContextLoader(store=store).document(OTHER)


def test_a_context_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    digest = _write(tmp_path, "list.json", [1, 2])
    with pytest.raises(ContextStoreError, match="must be a JSON object"):
        _store(tmp_path).read("list.json", digest)


def test_a_context_is_read_and_checked_once(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = ContextLoader(store=store).document(URL)
    (tmp_path / "current.json").unlink()  # later reads come from the checked copy
    assert ContextLoader(store=store).document(URL) is first
    assert first == {"@context": {"name": "https://ex/current"}}


def test_an_unknown_context_is_named_and_never_fetched(tmp_path: Path) -> None:
    loader = ContextLoader(store=_store(tmp_path))
    assert not loader.knows("https://attacker.example/ctx")
    with pytest.raises(UnknownContextError, match=r"attacker\.example/ctx is not one") as info:
        loader.document("https://attacker.example/ctx")
    assert info.value.url == "https://attacker.example/ctx"


def test_pinned_variants_are_served_instead_of_the_current_content(tmp_path: Path) -> None:
    loader = ContextLoader(store=_store(tmp_path))
    assert loader.variants_for([OTHER, URL]) == [
        ContextVariant(URL, "old"),
        ContextVariant(URL, "older"),
    ]
    old = loader.with_variant(URL, "old")
    assert old.document(URL) == {"@context": {"name": "https://ex/old"}}
    assert old.pinned == {URL: "old"}
    assert old.document(OTHER) == loader.document(OTHER)
    assert loader.document(URL) == {"@context": {"name": "https://ex/current"}}
    assert loader.pinned == {}
    with pytest.raises(ContextStoreError, match="no context variant 'newest'"):
        loader.with_variant(URL, "newest")
    with pytest.raises(ContextStoreError, match="no context variant 'old'"):
        loader.with_variant(OTHER, "old")


def test_injected_contexts_win_and_are_private_copies(tmp_path: Path) -> None:
    injected: dict[str, Any] = {"@context": {"name": "https://ex/injected"}}
    loader = ContextLoader(store=_store(tmp_path)).with_extra({URL: injected, "urn:t": {"a": 1}})
    injected["@context"]["name"] = "https://ex/changed-later"
    assert loader.knows("urn:t")
    assert loader.document(URL) == {"@context": {"name": "https://ex/injected"}}
    pinned = loader.with_variant(URL, "older")
    assert pinned.document(URL) == {"@context": {"name": "https://ex/injected"}}
    more = pinned.with_extra({"urn:u": {"b": 2}})
    assert more.document("urn:t") == {"a": 1}
    assert more.key == (("https://contexts.example/v1", "urn:t", "urn:u"), ((URL, "older"),))
    assert ContextLoader(store=_store(tmp_path)).key == ((), ())


def test_the_loader_serves_a_fresh_copy_and_registers_every_object(tmp_path: Path) -> None:
    nested = {"@context": {"a": {"@id": "https://ex/a", "@context": {"b": "https://ex/b"}},
                           "list": [{"c": "https://ex/c"}, "text"]}}
    loader = ContextLoader(store=_store(tmp_path)).with_extra({"urn:n": nested})
    remote = loader("urn:n")
    assert remote["documentUrl"] == "urn:n"
    assert remote["contentType"] == "application/ld+json"
    assert remote["contextUrl"] is None
    assert remote["tag"] == "static"
    document = remote["document"]
    assert document == nested
    objects = [
        document,
        document["@context"],
        document["@context"]["a"],
        document["@context"]["a"]["@context"],
        document["@context"]["list"][0],
    ]
    assert all(loader.served_objects[id(o)] is o for o in objects)
    document["@context"]["a"]["@id"] = "https://ex/rewritten"
    assert loader("urn:n")["document"] == nested


def test_the_bundled_store_serves_every_listed_context_intact() -> None:
    loader = ContextLoader.bundled()
    assert ContextLoader.bundled() is loader
    urls = bundled_context_urls()
    assert "https://www.w3.org/ns/credentials/v2" in urls
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in urls
    for url in urls:
        assert loader.knows(url)
        assert "@context" in loader.document(url)
