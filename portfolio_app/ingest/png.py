"""Read the Open Badges text chunk out of a PNG, without decoding the image.

We walk the chunk list ourselves instead of using Pillow: Pillow only sees text chunks that come
before the image data until the whole image is decoded, and the 1EdTech reference badges put
their ``iTXt`` chunk *after* IDAT.  Every chunk's CRC is checked so a damaged file is refused
with the chunk and offset named, rather than yielding half a credential.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.jws import looks_like_compact_jws

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"
MAX_CHUNK_LENGTH = 2**31 - 1  # PNG spec limit


@dataclass(frozen=True)
class BadgeText:
    """The badge text found in a PNG and which chunk it came from (see ``Extracted.source``)."""

    source: str
    text: str


def _chunk_name(raw: bytes) -> str:
    return raw.decode("latin-1") if raw.isascii() and raw.isalpha() else raw.hex()


def _parse_itxt(data: bytes, offset: int) -> tuple[str, str] | None:
    """Return ``(keyword, text)`` of an iTXt chunk if its keyword is a badge keyword."""
    keyword_end = data.find(b"\0")
    if keyword_end < 1:
        return None  # malformed or empty keyword: not ours, and harmless to skip
    keyword = data[:keyword_end].decode("latin-1")
    if keyword not in (OB2_KEYWORD, OB3_KEYWORD):
        return None
    if len(data) < keyword_end + 3:
        raise RejectedInput(f"corrupt PNG: iTXt chunk '{keyword}' at offset {offset} is cut short")
    compressed = data[keyword_end + 1]
    if compressed:
        raise RejectedInput(
            f"PNG iTXt chunk '{keyword}' is compressed, which the Open Badges baking "
            "specification forbids"
        )
    rest = data[keyword_end + 3 :]
    language_end = rest.find(b"\0")
    translated_end = rest.find(b"\0", language_end + 1) if language_end >= 0 else -1
    if translated_end < 0:
        raise RejectedInput(
            f"corrupt PNG: iTXt chunk '{keyword}' at offset {offset} lacks its language fields"
        )
    raw_text = rest[translated_end + 1 :]
    try:
        text = raw_text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RejectedInput(
            f"PNG iTXt chunk '{keyword}' is not valid UTF-8 text "
            f"(byte 0x{raw_text[exc.start]:02x} at offset {exc.start} of the text)"
        ) from None
    return keyword, text


def _parse_legacy_text(data: bytes) -> str | None:
    """Return the text of a 1.x ``tEXt openbadges`` chunk, else None.

    Mozilla Backpack's bakery wrote the hosted assertion URL or, for a signed badge, the JWS;
    some 1.x bakers wrote the assertion JSON itself.  tEXt is Latin-1 by the PNG spec, but
    those bakers wrote UTF-8 JSON, so UTF-8 is tried first.
    """
    keyword, sep, value = data.partition(b"\0")
    if not sep or keyword != OB2_KEYWORD.encode():
        return None
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError:
        return value.decode("latin-1").strip()


def find_badge_text(data: bytes) -> BadgeText:
    """Walk every chunk of a PNG and return the first Open Badges text in it.

    The first ``iTXt`` with keyword ``openbadges`` or ``openbadgecredential`` wins; a legacy
    ``tEXt openbadges`` URL is used only when there is no iTXt badge chunk.  The whole file is
    walked (and CRC-checked) even after a badge chunk is found, because the chunk may sit
    anywhere before IEND.
    """
    if not data.startswith(PNG_SIGNATURE):
        raise RejectedInput("not a PNG image (bad signature)")
    offset = len(PNG_SIGNATURE)
    found: BadgeText | None = None
    legacy: str | None = None
    size = len(data)
    while True:
        if offset + 8 > size:
            raise RejectedInput(
                f"truncated PNG: the file ends at offset {size} before the IEND chunk"
            )
        length, raw_type = struct.unpack(">I4s", data[offset : offset + 8])
        name = _chunk_name(raw_type)
        if length > MAX_CHUNK_LENGTH:
            raise RejectedInput(
                f"corrupt PNG: chunk {name} at offset {offset} declares an impossible length"
            )
        end = offset + 8 + length + 4
        if end > size:
            raise RejectedInput(
                f"truncated PNG: chunk {name} at offset {offset} needs {length + 12} bytes "
                f"but only {size - offset} remain"
            )
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(raw_type + body) != crc:
            raise RejectedInput(f"corrupt PNG: CRC mismatch in chunk {name} at offset {offset}")
        if raw_type == b"iTXt" and found is None:
            hit = _parse_itxt(body, offset)
            if hit is not None:
                keyword, text = hit
                source = (
                    "png-itxt-openbadges"
                    if keyword == OB2_KEYWORD
                    else "png-itxt-openbadgecredential"
                )
                found = BadgeText(source, text)
        elif raw_type == b"tEXt" and legacy is None:
            legacy = _parse_legacy_text(body)
        if raw_type == b"IEND":
            break
        offset = end
    if found is not None:
        return found
    if legacy is not None:
        if legacy.startswith("{") or looks_like_compact_jws(legacy):
            return BadgeText("png-text-openbadges", legacy)
        if not legacy.startswith(("https://", "http://")):
            raise RejectedInput(
                "PNG has a legacy 'openbadges' tEXt chunk that holds neither an http(s) URL, "
                "an assertion JSON nor a signed assertion"
            )
        return BadgeText("png-text-openbadges-url", legacy)
    raise RejectedInput(
        "PNG image has no Open Badges data (no 'openbadges' or 'openbadgecredential' iTXt chunk)"
    )
