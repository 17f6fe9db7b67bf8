"""Decide what an extracted credential text is, and hand it to the parser for that format.

The decision is made on the content (``@context``, ``type``, JWS shape), never on where the
text came from, so a VC-JWT baked in a PNG and the same JWT in a ``.jwt`` file parse the same.
Refusals name the field that is missing or wrong.
"""

from __future__ import annotations

from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import ob2, vc
from portfolio_app.formats.common import contexts_of, is_http_url, keys_hint, types_of
from portfolio_app.formats.registry import JsonInput, json_formats
from portfolio_app.ingest.extract import Extracted
from portfolio_app.ingest.jsonsafe import safe_json_loads
from portfolio_app.ingest.jws import DecodedJws, decode_compact_jws, looks_like_compact_jws
from portfolio_app.model import Container, Credential

# Documents of the badge ecosystem that people mistake for credentials, and what they are.
_NOT_CREDENTIALS = {
    "CryptographicKey": "an Open Badges CryptographicKey (an issuer's public key document)",
    "BadgeClass": "an Open Badges BadgeClass (the description of a badge, not an award of it)",
    "Profile": "an issuer Profile, not a credential",
    "Issuer": "an issuer Profile, not a credential",
    "RevocationList": "an Open Badges revocation list",
    "Achievement": "an OB 3.0 Achievement definition, not an award of it",
    "DIDDocument": "a DID document",
}

_MAX_NESTING = 1  # a presentation's credentials are parsed one level down, no deeper


def _not_a_credential(obj: dict[str, Any], types: list[str]) -> RejectedInput:
    for kind in types:
        if kind in _NOT_CREDENTIALS:
            return RejectedInput(f"JSON is not a credential: it is {_NOT_CREDENTIALS[kind]}")
    if "id" in obj and str(obj.get("id", "")).startswith("did:") and "verificationMethod" in obj:
        return RejectedInput(f"JSON is not a credential: it is {_NOT_CREDENTIALS['DIDDocument']}")
    if not types and "@context" not in obj:
        return RejectedInput(
            f"JSON is not a credential: no 'type' or '@context' (looks like {keys_hint(obj)})"
        )
    shown = ", ".join(repr(t) for t in types) or "none"
    return RejectedInput(
        f"JSON is not a credential: type {shown} is not an Open Badge or Verifiable Credential"
    )


def _parse_object(
    obj: Any,
    *,
    extracted: Extracted,
    payload: str,
    jwt: DecodedJws | None,
    depth: int = 0,
    file_name: str | None = None,
) -> list[Credential]:
    """Hand ``obj`` to the first registered format that recognises it (formats/registry.py)."""
    if not isinstance(obj, dict):
        kind = "a list" if isinstance(obj, list) else type(obj).__name__
        what = "JWS payload" if jwt is not None else "JSON"
        raise RejectedInput(f"{what} is not a credential: the top-level value is {kind}")
    if jwt is not None:
        inner_vc = vc.credential_of_jwt(jwt)
        if inner_vc is not None and inner_vc is not obj:
            obj = inner_vc
        elif isinstance(obj.get("vp"), dict):
            obj = obj["vp"]  # a VP-JWT: the presentation is under "vp"

    def parse_inner(inner: Any, text: str, inner_jwt: DecodedJws | None) -> list[Credential]:
        if depth >= _MAX_NESTING:
            raise RejectedInput("a presentation inside a presentation is not imported")
        return _parse_object(
            inner, extracted=extracted, payload=text, jwt=inner_jwt, depth=depth + 1,
            file_name=file_name,
        )

    given = JsonInput(
        obj=obj,
        types=types_of(obj),
        contexts=contexts_of(obj),
        extracted=extracted,
        payload=payload,
        jwt=jwt,
        parse_inner=parse_inner,
        file_name=file_name,
    )
    for entry in json_formats():
        if entry.recognise(given):
            return list(entry.parse(given))
    raise _not_a_credential(obj, given.types)


def parse(extracted: Extracted, *, file_name: str | None = None) -> Credential:
    """Interpret extracted credential text as one :class:`Credential` (the first, for a
    presentation; importing uses :func:`parse_all` to keep every one).

    Raises :class:`RejectedInput` when the text is not a credential we recognise; the reason
    names the missing or wrong field.
    """
    return parse_all(extracted, file_name=file_name)[0]


def parse_all(extracted: Extracted, *, file_name: str | None = None) -> list[Credential]:
    """Every credential the extracted text holds: one, or each inside a presentation.

    ``file_name`` is the original file's name: an OB 2.0 badge whose BadgeClass is only a URL
    is titled from it (provisionally) until the badge class is known.

    Raises :class:`RejectedInput` only for text that is broken or not a credential; a
    well-formed credential of a kind the app does not verify is returned, marked
    unsupported in ``extra`` (see :mod:`portfolio_app.formats.registry`).
    """
    if extracted.container is Container.PDF:
        if extracted.pdf is None:
            raise RejectedInput("PDF was not read (no PDF facts were extracted)")
        from portfolio_app.formats import pdfcert  # noqa: PLC0415 - only for a PDF (issue 12)

        return [pdfcert.parse_pdf(extracted.pdf)]
    if extracted.container is Container.XML:
        from portfolio_app.formats import europass_xml  # noqa: PLC0415 - only for XML (issue 12)

        return [europass_xml.parse_edc_xml(extracted.payload, source=extracted.source)]
    text = extracted.payload.strip()
    if not text:
        raise RejectedInput("the credential text is empty")
    if text.startswith("{") or text.startswith("["):
        obj = safe_json_loads(text)
        # JSON formats keep the text exactly as extracted: signatures may cover it byte for byte.
        return _parse_object(
            obj, extracted=extracted, payload=extracted.payload, jwt=None, file_name=file_name
        )
    if looks_like_compact_jws(text):
        decoded = decode_compact_jws(text)
        return _parse_object(
            decoded.payload, extracted=extracted, payload=text, jwt=decoded, file_name=file_name
        )
    if is_http_url(text) and not any(ch.isspace() for ch in text):
        return [
            ob2.parse_hosted_url(
                text, container=extracted.container, source=extracted.source, file_name=file_name
            )
        ]
    raise RejectedInput("badge data is neither JSON, a compact JWS, nor a hosted assertion URL")
