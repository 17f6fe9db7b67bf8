"""Read the Open Badges element out of a baked SVG, safely.

SVG is XML, so an imported badge could carry an entity-expansion bomb or an external entity
that reads local files.  ``defusedxml`` refuses entity declarations and external references
outright (a DOCTYPE alone is fine: the 1EdTech badges carry the SVG 1.1 one).  The badge element
is found by namespace URI, never by prefix, because the prefix is the baker's choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from portfolio_app.errors import RejectedInput

OB2_NS = "http://openbadges.org"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_TAG = f"{{{OB2_NS}}}assertion"
OB3_TAG = f"{{{OB3_NS}}}credential"
SVG_TAG = "{http://www.w3.org/2000/svg}svg"


@dataclass(frozen=True)
class SvgBadge:
    """The credential text found in an SVG and where (see ``Extracted.source``)."""

    source: str
    text: str


def _parse_xml(data: bytes) -> Any:
    # Editors sometimes leave a newline before the XML declaration; expat refuses that, but
    # it is harmless, so it is dropped (with any UTF-8 byte-order mark) before parsing.
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    try:
        return safe_et.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise RejectedInput(
                "XML external entities are not allowed (the file tries to load "
                f"{exc.sysid or exc.pubid!r})"
            ) from None
        raise RejectedInput(
            "XML entities are not allowed (possible entity-expansion attack)"
        ) from None
    except ExternalReferenceForbidden as exc:
        raise RejectedInput(
            f"XML external references are not allowed (the file tries to load {exc.sysid!r})"
        ) from None
    except DTDForbidden:  # pragma: no cover - DTDs are allowed by the arguments above
        raise RejectedInput("XML document type declarations are not allowed") from None
    except ParseError as exc:
        line, column = exc.position
        raise RejectedInput(f"not well-formed XML (line {line}, column {column + 1})") from None


def find_badge_element(data: bytes) -> SvgBadge:
    """Return the credential text of the first Open Badges element of an SVG document.

    OB 2.0 ``<openbadges:assertion>``: the CDATA body (hosted JSON) if present, otherwise the
    ``verify`` attribute (a compact JWS, or a hosted URL).  OB 3.0 ``<openbadges:credential>``:
    the ``verify`` attribute (VC-JWT) if present, otherwise the JSON body.
    """
    root = _parse_xml(data)
    if root.tag not in (SVG_TAG, "svg"):
        raise RejectedInput(f"XML document is not an SVG image (root element is {root.tag!r})")
    for element in root.iter():
        if element.tag == OB2_TAG:
            body = (element.text or "").strip()
            verify = (element.get("verify") or "").strip()
            text = body or verify
            if not text:
                raise RejectedInput(
                    "SVG openbadges:assertion element has neither a 'verify' attribute nor a body"
                )
            return SvgBadge("svg-openbadges-assertion", text)
        if element.tag == OB3_TAG:
            verify = (element.get("verify") or "").strip()
            body = (element.text or "").strip()
            text = verify or body
            if not text:
                raise RejectedInput(
                    "SVG openbadges:credential element has neither a 'verify' attribute nor a body"
                )
            return SvgBadge("svg-openbadges-credential", text)
    raise RejectedInput(
        "SVG image has no Open Badges data (no openbadges:assertion or openbadges:credential "
        "element)"
    )
