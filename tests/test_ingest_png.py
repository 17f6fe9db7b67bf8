"""Baked PNG badges: the learner's badge image must yield its credential, and a damaged or
hostile PNG must be refused with a sentence that says what is wrong."""

from __future__ import annotations

import json
import struct

import pytest
from bakery import OB2_HOSTED_ASSERTION, chunk, compact_jws, itxt, png, text_chunk

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest import extract
from portfolio_app.model import Container


def test_ob2_itxt_before_idat_yields_the_json_text_verbatim() -> None:
    text = json.dumps(OB2_HOSTED_ASSERTION, indent=2)
    found = extract("badge.png", png(before_idat=(itxt("openbadges", text),)))
    assert found.container is Container.PNG
    assert found.source == "png-itxt-openbadges"
    assert found.payload == text


def test_ob3_itxt_after_idat_is_found() -> None:
    token = compact_jws({"type": ["VerifiableCredential", "OpenBadgeCredential"]})
    found = extract("x", png(after_idat=(itxt("openbadgecredential", token),)))
    assert found.source == "png-itxt-openbadgecredential"
    assert found.payload == token


def test_first_badge_chunk_wins() -> None:
    data = png(
        before_idat=(itxt("openbadges", '{"first": 1}'),),
        after_idat=(itxt("openbadges", '{"second": 2}'),),
    )
    assert extract("x", data).payload == '{"first": 1}'


def test_other_itxt_keywords_are_ignored() -> None:
    data = png(before_idat=(itxt("Comment", "hello"), itxt("openbadges", "{}")))
    assert extract("x", data).payload == "{}"


def test_legacy_text_chunk_gives_the_hosted_url() -> None:
    url = "https://badges.example.org/assertions/42"
    found = extract("x", png(before_idat=(text_chunk("openbadges", url),)))
    assert found.source == "png-text-openbadges-url"
    assert found.payload == url


def test_itxt_is_preferred_over_legacy_text() -> None:
    data = png(
        before_idat=(text_chunk("openbadges", "https://a.example/1"), itxt("openbadges", "{}"))
    )
    assert extract("x", data).source == "png-itxt-openbadges"


def test_legacy_text_that_is_not_a_url_is_refused() -> None:
    with pytest.raises(RejectedInput, match="neither an http"):
        extract("x", png(before_idat=(text_chunk("openbadges", "hello"),)))


def test_png_without_badge_is_refused() -> None:
    with pytest.raises(RejectedInput) as caught:
        extract("x", png())
    assert caught.value.reason == (
        "PNG image has no Open Badges data (no 'openbadges' or 'openbadgecredential' iTXt chunk)"
    )


def test_compressed_itxt_is_refused() -> None:
    with pytest.raises(RejectedInput, match="compressed, which the Open Badges baking"):
        extract("x", png(before_idat=(itxt("openbadges", "{}", compressed=True),)))


def test_truncated_png_is_refused() -> None:
    data = png(before_idat=(itxt("openbadges", "{}" * 50),))
    with pytest.raises(RejectedInput, match=r"^truncated PNG: chunk iTXt at offset 33 needs"):
        extract("x", data[:60])


def test_png_cut_exactly_before_iend_is_truncated() -> None:
    data = png(before_idat=(itxt("openbadges", "{}"),))
    with pytest.raises(RejectedInput, match="truncated PNG: the file ends at offset"):
        extract("x", data[:-12])


def test_bad_crc_names_chunk_and_offset() -> None:
    data = bytearray(png(before_idat=(itxt("openbadges", '{"a": 1}'),)))
    data[33 + 8 + 15] ^= 0xFF  # a byte inside the iTXt data (IHDR ends at offset 33)
    with pytest.raises(RejectedInput) as caught:
        extract("x", bytes(data))
    assert caught.value.reason == "corrupt PNG: CRC mismatch in chunk iTXt at offset 33"


def test_impossible_chunk_length_is_refused() -> None:
    data = png()[:33] + struct.pack(">I", 0xFFFFFFFF) + b"IDAT" + b"\0" * 16
    with pytest.raises(RejectedInput, match="impossible length"):
        extract("x", data)


def test_non_utf8_itxt_text_is_refused() -> None:
    body = b"openbadges\0\0\0\0\0" + b'{"a": "\xff"}'
    with pytest.raises(RejectedInput, match=r"not valid UTF-8 text \(byte 0xff"):
        extract("x", png(before_idat=(chunk(b"iTXt", body),)))


def test_real_1edtech_ob3_png_has_itxt_after_idat(public_fixtures) -> None:  # type: ignore[no-untyped-def]
    found = extract("x", (public_fixtures / "1edtech-obv3-baked-embeddedproof.png").read_bytes())
    assert found.source == "png-itxt-openbadgecredential"
    assert json.loads(found.payload)["name"] == "Teamwork Badge"
