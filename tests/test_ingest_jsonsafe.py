"""JSON from untrusted files: strict UTF-8, bounded nesting, no NaN, errors that say where."""

from __future__ import annotations

import time

import pytest

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest import safe_json_loads


def test_plain_json_and_bom() -> None:
    assert safe_json_loads('{"a": [1, 2]}') == {"a": [1, 2]}
    assert safe_json_loads(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    assert safe_json_loads("\ufeff[]") == []


def test_ten_thousand_deep_is_refused_fast() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    started = time.perf_counter()
    with pytest.raises(RejectedInput) as caught:
        safe_json_loads(deep)
    assert caught.value.reason == "JSON is nested more than 64 levels deep (line 1, column 65)"
    assert time.perf_counter() - started < 0.5


def test_sixty_four_levels_are_fine() -> None:
    assert safe_json_loads("[" * 64 + "]" * 64) is not None


def test_brackets_inside_strings_do_not_count() -> None:
    text = '{"a": "' + "[" * 500 + '\\"{{{", "b": [1]}'
    assert safe_json_loads(text)["b"] == [1]


def test_invalid_utf8_names_byte_and_offset() -> None:
    with pytest.raises(RejectedInput) as caught:
        safe_json_loads(b'{"name": "caf\xe9"}')
    assert caught.value.reason == "not valid UTF-8 text (byte 0xe9 at offset 13)"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    with pytest.raises(RejectedInput, match=f"JSON contains {constant}"):
        safe_json_loads(f'{{"x": {constant}}}')


def test_syntax_error_gives_line_and_column() -> None:
    with pytest.raises(RejectedInput) as caught:
        safe_json_loads('{\n  "a": 1,\n  "b": }')
    assert caught.value.reason == "not valid JSON: Expecting value (line 3, column 8)"


def test_duplicate_keys_last_wins() -> None:
    assert safe_json_loads('{"a": 1, "a": 2}') == {"a": 2}
