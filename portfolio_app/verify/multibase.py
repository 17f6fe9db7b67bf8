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
    try:
        return bytes(base58.b58decode(body.encode("ascii")))
    except (ValueError, UnicodeEncodeError) as exc:
        raise MultibaseError("the text after 'z' is not valid base58btc") from exc


def encode_base58btc(data: bytes) -> str:
    """``z`` + base58btc(data)."""
    return BASE58BTC + base58.b58encode(bytes(data)).decode("ascii")


def encode_base64url(data: bytes) -> str:
    """``u`` + base64url(data) without padding."""
    return BASE64URL + base64.urlsafe_b64encode(bytes(data)).decode("ascii").rstrip("=")
