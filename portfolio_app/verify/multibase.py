"""Multibase text encodings used by Data Integrity proofs, did:key and status lists.

Only the prefixes credentials actually use are supported:

* ``z`` — base58btc (bitcoin alphabet): did:key, ``publicKeyMultibase``, ``proofValue``;
* ``u`` — base64url without padding: ``encodedList`` of a Bitstring Status List.

Anything else raises :class:`MultibaseError` with a sentence that names the prefix.
"""

from __future__ import annotations

import base64
import binascii
import re

import base58

from portfolio_app.errors import PortfolioError

BASE58BTC = "z"
BASE64URL = "u"
_BASE64URL_TEXT = re.compile(r"[A-Za-z0-9_-]*")
_BITCOIN_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_DIGIT = {c: i for i, c in enumerate(_BITCOIN_ALPHABET)}
_BASE58_TEXT = re.compile(f"[{_BITCOIN_ALPHABET}]+")


class MultibaseError(PortfolioError):
    """A multibase string we cannot decode (wrong prefix, bad characters)."""


def decode(value: str) -> bytes:
    """Decode a ``z`` (base58btc) or ``u`` (base64url, no padding) multibase string."""
    if not isinstance(value, str) or not value:
        raise MultibaseError("an empty value is not a multibase string")
    prefix, body = value[0], value[1:]
    if prefix == BASE58BTC:
        return decode_base58btc(value)
    if prefix == BASE64URL:
        if "=" in body:
            raise MultibaseError("multibase base64url ('u') must not be padded")
        # Strict: the urlsafe decoder silently drops characters outside the alphabet, so
        # "u!!!" would read as no bytes at all, and two different texts as one value.
        if not _BASE64URL_TEXT.fullmatch(body):
            raise MultibaseError("the base64url text after 'u' has characters outside its alphabet")
        try:
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (binascii.Error, ValueError) as exc:
            raise MultibaseError("the base64url text after 'u' is not valid") from exc
    raise MultibaseError(f"multibase prefix {prefix!r} is not supported (expected 'z' or 'u')")


def decode_base58btc(value: str) -> bytes:
    """Decode ``z`` + base58btc; raise :class:`MultibaseError` for any other prefix."""
    if not isinstance(value, str) or not value.startswith(BASE58BTC):
        raise MultibaseError("expected a base58btc multibase value starting with 'z'")
    body = value[1:]
    if not body:
        raise MultibaseError("the base58btc multibase value is empty")
    if _BASE58_TEXT.fullmatch(body):
        return _base58_digits(body)
    try:  # anything else (trailing blanks, foreign characters) exactly as the library reads it
        return bytes(base58.b58decode(body.encode("ascii")))
    except (ValueError, UnicodeEncodeError) as exc:
        raise MultibaseError("the text after 'z' is not valid base58btc") from exc


def _base58_digits(body: str) -> bytes:
    """Base58btc text of alphabet characters only, decoded as ``base58.b58decode`` decodes it.

    Why not the library: a proofValue and a did:key are decoded for every credential checked,
    and its byte-by-byte ``divmod`` loop was a tenth of ``reverify``'s signature check.  Same
    arithmetic: each leading ``1`` is a zero byte, the rest is one big-endian number written
    with the fewest bytes (none for zero), which is what ``int.to_bytes`` gives.
    """
    digits = body.lstrip("1")
    number = 0
    for char in digits:
        number = number * 58 + _BASE58_DIGIT[char]
    zeros = len(body) - len(digits)
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def encode_base58btc(data: bytes) -> str:
    """``z`` + base58btc(data)."""
    return BASE58BTC + base58.b58encode(bytes(data)).decode("ascii")


def encode_base64url(data: bytes) -> str:
    """``u`` + base64url(data) without padding."""
    return BASE64URL + base64.urlsafe_b64encode(bytes(data)).decode("ascii").rstrip("=")
