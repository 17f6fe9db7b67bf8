"""Decode (never verify) a compact JWS: OB 2.0 signed assertions and VC-JWTs.

Verification belongs to ``portfolio_app.verify``; here we only need the header and payload to
know what the credential is.  Decoding is padding-tolerant because some issuers pad their
base64url segments.  ``alg: none`` is decoded like any other: refusing it is verification's job,
and it must be able to say so.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.jsonsafe import safe_json_loads

_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]*={0,2}")


@dataclass(frozen=True)
class DecodedJws:
    """The parts of a compact JWS, decoded but unverified."""

    compact: str
    header: dict[str, Any]
    payload: Any  # the parsed JSON payload
    signature: bytes


def looks_like_compact_jws(text: str) -> bool:
    """True when ``text`` has the shape ``b64url.b64url.b64url`` (the signature may be empty)."""
    return _COMPACT_JWS.fullmatch(text) is not None


def b64url_decode(segment: str) -> bytes:
    """Decode base64url with or without padding."""
    stripped = segment.rstrip("=")
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError) as exc:
        raise RejectedInput(f"JWS segment is not valid base64url ({exc})") from None


def _decode_json_part(segment: str, what: str) -> Any:
    raw = b64url_decode(segment)
    try:
        return safe_json_loads(raw)
    except RejectedInput as exc:
        raise RejectedInput(f"JWS {what} is not JSON: {exc.reason}") from None


def decode_compact_jws(text: str) -> DecodedJws:
    """Split and decode a compact JWS; the header must be a JSON object with ``alg``."""
    compact = text.strip()
    if not looks_like_compact_jws(compact):
        raise RejectedInput("not a compact JWS (expected three base64url parts separated by dots)")
    header_part, payload_part, signature_part = compact.split(".")
    header = _decode_json_part(header_part, "header")
    if not isinstance(header, dict) or "alg" not in header:
        raise RejectedInput("JWS header is not a JSON object with an 'alg' field")
    payload = _decode_json_part(payload_part, "payload")
    return DecodedJws(compact, header, payload, b64url_decode(signature_part))
