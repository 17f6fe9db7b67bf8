"""canon.preflight: hostile or unrepresentable JSON is refused before canonicalization starts.

The limits are the first line of bounded work (issue 8, section 4) and the character rules keep
the N-Quads the app signs and checks identical to every other implementation's.  Each limit is
tested at its edge: exactly at the limit is accepted, one past it is refused.  Written to close
gaps that ``make mutation`` (tools/mutation.py) found.
"""

from __future__ import annotations

from typing import Any

import pytest

from portfolio_app.verify import canon
from portfolio_app.verify.canon import CanonicalizationError, preflight


def _nested_objects(levels: int) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for _ in range(levels - 1):
        doc = {"a": doc}
    return doc


def _nested_lists(levels: int) -> dict[str, Any]:
    value: list[Any] = []
    for _ in range(levels - 2):
        value = [value]
    return {"a": value}


@pytest.mark.parametrize("doc", [[], "text", None, 3])
def test_a_credential_must_be_an_object(doc: object) -> None:
    with pytest.raises(CanonicalizationError, match="must be a JSON object"):
        preflight(doc)


@pytest.mark.parametrize("build", [_nested_objects, _nested_lists])
def test_nesting_is_allowed_up_to_the_limit_and_refused_past_it(build: Any) -> None:
    preflight(build(canon.MAX_DEPTH))
    with pytest.raises(CanonicalizationError, match=f"more than {canon.MAX_DEPTH} levels deep"):
        preflight(build(canon.MAX_DEPTH + 1))


def test_the_number_of_objects_and_arrays_is_capped() -> None:
    # The document itself and the list count too.
    preflight({"items": [{} for _ in range(canon.MAX_OBJECTS - 2)]})
    with pytest.raises(CanonicalizationError, match=f"more than {canon.MAX_OBJECTS} JSON objects"):
        preflight({"items": [{} for _ in range(canon.MAX_OBJECTS - 1)]})
    with pytest.raises(CanonicalizationError, match=f"more than {canon.MAX_OBJECTS} JSON objects"):
        preflight({"items": [[] for _ in range(canon.MAX_OBJECTS - 1)]})


@pytest.mark.parametrize(
    ("doc", "size"),
    [
        ({"k": "x" * 1992}, 2000),  # key: len + 4, string: UTF-8 bytes + 3
        ({"k": "é" * 996}, 2000),
        ({"k": [1, 2.5, None, True]}, 37),  # list 2, int/None/bool 6, float 12
    ],
)
def test_the_size_estimate_is_exact_at_the_limit(doc: dict[str, Any], size: int) -> None:
    preflight(doc, max_bytes=size)
    with pytest.raises(CanonicalizationError, match=f"larger than {(size - 1) // 1000} kB"):
        preflight(doc, max_bytes=size - 1)


def test_the_default_size_limit_is_a_megabyte() -> None:
    with pytest.raises(CanonicalizationError, match="larger than 1000 kB, the most we verify"):
        preflight({"k": "x" * canon.MAX_DOCUMENT_BYTES})


def test_keys_must_be_strings() -> None:
    with pytest.raises(CanonicalizationError, match="key must be a string"):
        preflight({"a": {1: "x"}})


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x1f", "\x7f"])
@pytest.mark.parametrize("where", ["key", "value"])
def test_control_characters_are_refused_by_code_point(char: str, where: str) -> None:
    doc = {f"a{char}": "v"} if where == "key" else {"a": [f"v{char}"]}
    with pytest.raises(CanonicalizationError, match=f"U\\+{ord(char):04X}"):
        preflight(doc)


def test_tab_newline_and_return_are_ordinary_text() -> None:
    preflight({"a\tb": "line\none\r\n", "list": ["\t"]})


@pytest.mark.parametrize("where", ["key", "value"])
def test_lone_surrogates_are_refused(where: str) -> None:
    doc = {"a\ud800": "v"} if where == "key" else {"a": "v\udfff"}
    with pytest.raises(CanonicalizationError, match="not valid Unicode"):
        preflight(doc)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(number: float) -> None:
    with pytest.raises(CanonicalizationError, match="non-finite number"):
        preflight({"a": [number]})


def test_ordinary_json_values_pass() -> None:
    preflight({"a": None, "b": True, "c": 1, "d": -2.5, "e": ("tuple", 1), "f": {"g": []}})


@pytest.mark.parametrize("value", [b"bytes", {1, 2}, object()])
def test_values_json_cannot_hold_are_refused_by_type(value: object) -> None:
    with pytest.raises(CanonicalizationError, match=f"value of type {type(value).__name__}$"):
        preflight({"a": value})


def test_the_first_control_character_is_named_even_after_a_lone_surrogate() -> None:
    """The reason names the first forbidden character of the text; control characters are
    looked for before broken Unicode, so the reason does not depend on the order."""
    with pytest.raises(CanonicalizationError, match="U\\+0001"):
        preflight({"a": "é\udfff\x01\x02"})
