"""Read the Open Badges element out of a baked SVG, safely.

SVG is XML, so an imported badge could carry an entity-expansion bomb or an external entity
that reads local files.  ``defusedxml`` refuses entity declarations and external references
outright (a DOCTYPE alone is fine: the 1EdTech badges carry the SVG 1.1 one).  The badge element
is found by namespace URI, never by prefix, because the prefix is the baker's choice.

The document is read as a stream of start/end events with a depth and an element count, not
built as a tree first: a 20 MB SVG of nested ``<g>`` elements would take about 1 GB as a tree,
and is refused here after the first ``MAX_DEPTH`` levels ("too complex to read: …").  Elements
are emptied once read, so only the badge element's text and attributes are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.xmldoc import events

OB2_NS = "http://openbadges.org"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_TAG = f"{{{OB2_NS}}}assertion"
OB3_TAG = f"{{{OB3_NS}}}credential"
SVG_TAG = "{http://www.w3.org/2000/svg}svg"
# Badge artwork from design tools nests groups 10-30 deep and has at most a few thousand
# elements; the 1EdTech and bakery badges have fewer than 20.
MAX_DEPTH = 100
MAX_ELEMENTS = 100_000


@dataclass(frozen=True)
class SvgBadge:
    """The credential text found in an SVG and where (see ``Extracted.source``)."""

    source: str
    text: str


def _badge(element: Element) -> SvgBadge:
    """The credential text of one Open Badges element (see :func:`find_badge_element`)."""
    body = (element.text or "").strip()
    verify = (element.get("verify") or "").strip()
    if element.tag == OB2_TAG:
        text = body or verify
        if not text:
            raise RejectedInput(
                "SVG openbadges:assertion element has neither a 'verify' attribute nor a body"
            )
        return SvgBadge("svg-openbadges-assertion", text)
    text = verify or body
    if not text:
        raise RejectedInput(
            "SVG openbadges:credential element has neither a 'verify' attribute nor a body"
        )
    return SvgBadge("svg-openbadges-credential", text)


def find_badge_element(data: bytes) -> SvgBadge:
    """Return the credential text of the first Open Badges element of an SVG document.

    OB 2.0 ``<openbadges:assertion>``: the CDATA body (hosted JSON) if present, otherwise the
    ``verify`` attribute (a compact JWS, or a hosted URL).  OB 3.0 ``<openbadges:credential>``:
    the ``verify`` attribute (VC-JWT) if present, otherwise the JSON body.
    """
    depth = 0
    count = 0
    first: Element | None = None  # the first badge element in document order
    found: SvgBadge | None = None
    for event, element in events(data):
        if event == "end":
            depth -= 1
            if element is first:
                found = _badge(element)
            if first is None or found is not None:
                element.clear()  # read: keep nothing but the badge
            continue
        depth += 1
        count += 1
        if count == 1 and element.tag not in (SVG_TAG, "svg"):
            raise RejectedInput(
                f"XML document is not an SVG image (root element is {element.tag!r})"
            )
        if depth > MAX_DEPTH:
            raise RejectedInput(f"too complex to read: nested more than {MAX_DEPTH} levels")
        if count > MAX_ELEMENTS:
            raise RejectedInput(f"too complex to read: more than {MAX_ELEMENTS:,} elements")
        if first is None and element.tag in (OB2_TAG, OB3_TAG):
            first = element
    # The whole document is read (as before) so that a file that is not well-formed XML is
    # refused even after its badge element.
    if found is not None:
        return found
    raise RejectedInput(
        "SVG image has no Open Badges data (no openbadges:assertion or openbadges:credential "
        "element)"
    )
