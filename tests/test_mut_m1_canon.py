"""Canonicalization's input limits hold at their exact boundaries, and a relative datatype IRI
is refused like any other relative IRI (mutants ``make mutation`` found in ``verify/canon.py``).

Why the boundaries: an off-by-one in a limit is invisible to tests far from it, and these
limits are what keep a hostile file from hanging or exhausting the app.
"""

from __future__ import annotations

from typing import Any

import pytest
from verify_di_support import Issuer, ob3_credential

from portfolio_app.verify import canon
from portfolio_app.verify.canon import MAX_DEPTH, MAX_OBJECTS, CanonicalizationError, preflight
from portfolio_app.verify.contexts import ContextLoader

ALICE = Issuer(91)


def _nested_dicts(depth: int) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for _ in range(depth - 1):
        doc = {"a": doc}
    return doc


def _nested_lists(depth: int) -> dict[str, Any]:
    value: list[Any] = []
    for _ in range(depth - 2):
        value = [value]
    return {"a": value}


@pytest.mark.parametrize("build", [_nested_dicts, _nested_lists])
def test_nesting_is_allowed_up_to_the_limit_and_refused_past_it(build: Any) -> None:
    preflight(build(MAX_DEPTH))
    with pytest.raises(CanonicalizationError, match=f"more than {MAX_DEPTH} levels"):
        preflight(build(MAX_DEPTH + 1))


def test_the_number_of_objects_and_arrays_is_allowed_up_to_the_limit() -> None:
    # The document itself, one array, and the rest empty arrays: exactly MAX_OBJECTS.
    preflight({"a": [[] for _ in range(MAX_OBJECTS - 2)]})
    with pytest.raises(CanonicalizationError, match=f"more than {MAX_OBJECTS}"):
        preflight({"a": [[] for _ in range(MAX_OBJECTS - 1)]})


def test_the_size_limit_counts_every_key_and_value() -> None:
    doc = {"ab": "xyz"}  # key: 2 + 4, value: 3 + 3
    preflight(doc, max_bytes=12)
    with pytest.raises(CanonicalizationError, match="larger than"):
        preflight(doc, max_bytes=11)
    preflight({"n": None, "t": True, "i": 7}, max_bytes=3 * (1 + 4 + 6))
    with pytest.raises(CanonicalizationError, match="larger than"):
        preflight({"n": None, "t": True, "i": 7}, max_bytes=3 * (1 + 4 + 6) - 1)
    preflight({"f": 1.5}, max_bytes=1 + 4 + 12)
    with pytest.raises(CanonicalizationError, match="larger than"):
        preflight({"f": 1.5}, max_bytes=1 + 4 + 11)
    preflight({"s": "é"}, max_bytes=1 + 4 + 2 + 3)  # UTF-8 bytes, not characters
    with pytest.raises(CanonicalizationError, match="larger than"):
        preflight({"s": "é"}, max_bytes=1 + 4 + 2 + 2)


@pytest.mark.parametrize(
    ("doc", "phrase"),
    [
        ({"a": float("inf")}, "non-finite"),
        ({"a": b"bytes"}, "unexpected value"),
        ({1: "x"}, "key must be a string"),
        ({"a": "\ud800"}, "not valid Unicode"),
        ({"a\x02": "x"}, "control character U\\+0002"),
        ([], "must be a JSON object"),
    ],
)
def test_values_json_cannot_carry_are_refused(doc: Any, phrase: str) -> None:
    with pytest.raises(CanonicalizationError, match=phrase):
        preflight(doc)


def test_a_relative_datatype_is_refused_like_a_relative_iri() -> None:
    doc = ob3_credential(ALICE.did)
    doc["name"] = {"@value": "Data Literacy", "@type": "local-type"}
    with pytest.raises(CanonicalizationError, match="'local-type' is a relative IRI"):
        canon.canonicalize(doc, ContextLoader.bundled())


def test_a_relative_graph_name_or_object_is_refused() -> None:
    doc = ob3_credential(ALICE.did)
    doc["credentialSubject"]["id"] = "learner-42"
    with pytest.raises(CanonicalizationError, match="'learner-42' is a relative IRI"):
        canon.canonicalize(doc, ContextLoader.bundled())


def test_an_unknown_context_inside_a_context_names_that_context() -> None:
    doc = ob3_credential(ALICE.did)
    doc["@context"] = [*doc["@context"], {"@import": "https://unknown.example/imported.jsonld"}]
    with pytest.raises(CanonicalizationError) as caught:
        canon.canonicalize(doc, ContextLoader.bundled())
    assert caught.value.kind == "unknown_context"
    assert caught.value.url == "https://unknown.example/imported.jsonld"


def test_invalid_json_ld_is_refused_with_pyld_s_reason() -> None:
    doc = ob3_credential(ALICE.did)
    doc["@context"] = [*doc["@context"], {"bad": {"@id": 5}}]
    with pytest.raises(CanonicalizationError, match="not valid JSON-LD") as caught:
        canon.canonicalize(doc, ContextLoader.bundled())
    assert caught.value.kind == "malformed"
