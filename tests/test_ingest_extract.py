"""Content sniffing: the bytes decide what a file is, never its name."""

from __future__ import annotations

import json
import random

import pytest
from bakery import compact_jws, itxt, png
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.ingest import extract
from portfolio_app.ingest.jws import decode_compact_jws
from portfolio_app.model import Container


def test_name_does_not_decide_the_type() -> None:
    found = extract("looks-like.json", png(before_idat=(itxt("openbadges", "{}"),)))
    assert found.container is Container.PNG
    assert extract("badge.png", b'{"a": 1}').container is Container.JSON


def test_json_quoting_a_pdf_header_is_still_json() -> None:
    assert extract("x", b'{"note": "%PDF-1.4 is a version"}').container is Container.JSON


def test_json_payload_is_the_text_as_is() -> None:
    text = '\n  {"b": 1,\n "a": 2}\n'
    found = extract("x", text.encode())
    assert (found.container, found.source, found.payload) == (Container.JSON, "json", text)


def test_json_with_bom() -> None:
    assert extract("x", b'\xef\xbb\xbf{"a": 1}').payload == '{"a": 1}'


def test_compact_jws_with_trailing_newline() -> None:
    token = compact_jws({"a": 1})
    found = extract("x.jwt", (token + "\n").encode())
    assert (found.container, found.source, found.payload) == (Container.JWT, "jws", token)


def test_jws_decoding_is_padding_tolerant_and_keeps_alg_none() -> None:
    token = compact_jws({"a": 1}, header={"alg": "none"}, signature=b"")
    header, payload, _ = token.split(".")
    padded = f"{header}{'=' * (-len(header) % 4)}.{payload}.{_}"
    decoded = decode_compact_jws(padded)
    assert decoded.header == {"alg": "none"}
    assert decoded.payload == {"a": 1}
    assert decoded.signature == b""


def test_invalid_utf8_json_is_refused() -> None:
    with pytest.raises(RejectedInput) as caught:
        extract("x", b'{"name": "\xff"}')
    assert caught.value.reason == "not valid UTF-8 text (byte 0xff at offset 10)"


def test_empty_data_is_refused() -> None:
    with pytest.raises(RejectedInput, match="empty file"):
        extract("x", b"")


def test_random_bytes_are_refused() -> None:
    data = bytes([0x07]) + random.Random(20261128).randbytes(4095)
    with pytest.raises(RejectedInput) as caught:
        extract("x", data)
    assert caught.value.reason == (
        "unrecognised file type: not a credential (expected a PNG or SVG badge, JSON, JWT or PDF)"
    )


def test_binary_junk_starting_with_a_letter_is_not_blamed_on_utf8() -> None:
    with pytest.raises(RejectedInput, match="not a credential"):
        extract("x", b"A\xa9\xff\x00binary")


def test_deeply_nested_json_list_is_refused_as_nested() -> None:
    with pytest.raises(RejectedInput, match="nested more than 64 levels"):
        extract("x", b"[" * 10_000 + b"]" * 10_000)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html></html>", "an HTML web page"),
        (b"https://badges.example.org/a/1", "a web address"),
        (b"PK\x03\x04rest", "a ZIP archive"),
        (b"\xff\xd8\xff\xe0jpeg", "an image without Open Badges data"),
        (json.dumps([{"a": 1}]).encode(), "a JSON list"),
        (b"hello world", "unrecognised file type"),
    ],
)
def test_refusals_say_what_the_file_seems_to_be(data: bytes, expected: str) -> None:
    with pytest.raises(RejectedInput) as caught:
        extract("x", data)
    assert caught.value.reason.startswith(expected)


# -- property: whatever the bytes, the only failure is a RejectedInput -----------------------

_PREFIXES = st.sampled_from(
    [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n", b"<?xml version='1.0'?><svg ", b"{", b"eyJ"]
)


@settings(max_examples=150, deadline=None)
@given(prefix=_PREFIXES, body=st.binary(max_size=512))
def test_arbitrary_bytes_only_ever_raise_rejected_input(prefix: bytes, body: bytes) -> None:
    try:
        parse(extract("x", prefix + body))
    except RejectedInput as exc:
        assert exc.reason
        assert "\n" not in exc.reason
