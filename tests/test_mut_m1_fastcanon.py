"""The template fast path equals pyld on the odd values that decide its correctness.

``test_verify_fastcanon.py`` holds the hypothesis property test over the same shapes, but it is
too slow for ``make mutation`` to run per mutant, so the mutants of ``fastcanon_template`` were
judged by quick tests that only feed it well-behaved values.  This is a deterministic slice:
each odd value (a relative reference, a blank node id, an IRI pyld rewrites, a keyword, a
number pyld writes differently …) is put into each position in turn, *after* the shape was
learned from well-behaved values, and the fast path must give pyld's answer byte for byte, or
refuse exactly as pyld does.  A wrong template would make a signature check hash other bytes
than the issuer signed (a false ``tampered``, or a value read from a graph nobody signed).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import test_verify_fastcanon as ref
from verify_di_support import EXAMPLES_V2, ob3_credential

from portfolio_app.verify import fastcanon
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.fastcanon_template import cache_for

LOADER = ContextLoader()  # shared: contexts are processed once for the whole file

ODD_VALUES = [
    "relative",
    "_:b0",
    "",
    "https://exa mple.org/",
    "http://Example.COM/a/../b",
    'urn:x:"quoted"',
    "mailto:learner@example.org",
    "tag:example.org,2026:x",
    "xsd:string",
    "schema:Thing",
    "HTTPS://EXAMPLE.ORG",
    "Achievement",
    "@id",
    "http:no-slashes",
    "a:b c",
    "//host.example/x",
    ":no-scheme",
    "did:example:the-learner",  # the same IRI as another node: identities collide
]
POSITIONS = ["id", "achievement", "alignment", "name"]  # node ids, a typed literal, text
SHAPE = {"alignments": 1, "name_list": None, "empty": False, "extras": True, "vc1": False}


def _learn(shape: dict[str, Any]) -> None:
    seed = ref.build(shape, ref.DEFAULT_VALUES)
    assert ref.outcome(ref.fast, seed, LOADER) == ref.outcome(ref.slow, seed, LOADER)


def _same_as_pyld(doc: dict[str, Any]) -> None:
    expected = ref.outcome(ref.slow, doc, LOADER)
    assert ref.outcome(ref.fast, copy.deepcopy(doc), LOADER) == expected
    assert ref.outcome(ref.fast, copy.deepcopy(doc), LOADER) == expected  # a template hit


def _values(position: str, value: Any) -> dict[str, Any]:
    values = copy.deepcopy(ref.DEFAULT_VALUES)
    if position == "alignment":
        values["alignment"] = [(value, "Target"), *values["alignment"][1:]]
    else:
        values[position] = value
    return values


@pytest.mark.parametrize("value", ODD_VALUES)
def test_an_odd_value_in_a_learned_shape_gives_pyld_s_answer(value: str) -> None:
    _learn(SHAPE)
    for position in POSITIONS:
        _same_as_pyld(ref.build(SHAPE, _values(position, value)))


def test_a_number_in_a_learned_shape_gives_pyld_s_answer() -> None:
    _learn(SHAPE)
    for number in (0, -1, 3.0, 1.5, -0.0, 1e21, 1e-7, 10**21, True, None):
        values = _values("number", number)
        _same_as_pyld(ref.build(SHAPE, values))
        values["flag"] = False
        _same_as_pyld(ref.build(SHAPE, values))


def test_well_behaved_values_come_from_the_template() -> None:
    _learn(SHAPE)
    cache = cache_for(LOADER)
    doc = ref.build(SHAPE, _values("name", 'Q"\\\nü'))
    before = cache.hits
    assert fastcanon.canonicalize(doc, LOADER) == ref.slow(doc, LOADER)
    assert cache.hits == before + 1


def test_a_nested_context_is_never_templated() -> None:
    doc = ob3_credential("did:example:issuer")
    doc["credentialSubject"]["@context"] = {"extra": "https://example.org/extra"}
    doc["credentialSubject"]["extra"] = "a value the nested context defines"
    cache = cache_for(LOADER)
    for name in ("One", "Two", "Three"):
        doc["name"] = name
        before = cache.hits
        _same_as_pyld(doc)
        assert cache.hits == before


def test_a_term_used_as_a_type_or_vocabulary_value_is_pinned() -> None:
    """``type`` values and @vocab-expanded terms decide the graph's structure."""
    doc = ob3_credential("did:example:issuer")
    doc["@context"] = [*doc["@context"], EXAMPLES_V2]
    doc["exampleTerm"] = "https://example.org/a"
    _same_as_pyld(doc)
    for value in ("Achievement", "relative", "https://example.org/b", "@id", "_:b1"):
        other = copy.deepcopy(doc)
        other["exampleTerm"] = value
        _same_as_pyld(other)
        other["credentialSubject"]["type"] = ["AchievementSubject", value]
        _same_as_pyld(other)


def test_a_language_and_a_json_literal_in_a_learned_shape_give_pyld_s_answer() -> None:
    doc = ob3_credential("did:example:issuer")
    doc["@context"] = [*doc["@context"], {"note": {"@id": "https://example.org/note"}}]
    doc["note"] = {"@value": "Hallo", "@language": "de"}
    _same_as_pyld(doc)
    for language in ("en", "EN-gb", "fr"):
        doc["note"] = {"@value": "Bonjour", "@language": language}
        _same_as_pyld(doc)
    doc["@context"][-1] = {"note": {"@id": "https://example.org/note", "@type": "@json"}}
    for payload in ({"a": 1}, [1, "x"], "text", 2.5):
        doc["note"] = payload
        _same_as_pyld(doc)
