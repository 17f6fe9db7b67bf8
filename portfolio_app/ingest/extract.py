"""Find the credential inside a file by looking at its bytes, never at its name.

A badge downloaded as ``badge.json`` may be a PNG, and a ``.png`` may be an HTML error page; the
file name is what the learner's browser chose, the magic bytes are what the file is.  Each
container has its own small reader; this module only sniffs and dispatches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest import png
from portfolio_app.ingest.jsonsafe import check_depth, decode_utf8
from portfolio_app.ingest.jws import looks_like_compact_jws
from portfolio_app.model import Container

# The SVG, XML and PDF readers (defusedxml, the certificate-text patterns) load when a file of
# that kind is first met: `portfolio verify badge.json` never needs them (issue 12).
if TYPE_CHECKING:
    from portfolio_app.ingest.pdf import PdfFacts

_BOM = b"\xef\xbb\xbf"
# The root element of a Europass EDC v1 credential (by namespace URI; see formats/europass_xml).
EUROPASS_XML_ROOT = "{http://data.europa.eu/snb}europassCredential"
_WHITESPACE = b" \t\r\n"
# The PDF header may legally be preceded by junk; readers look in the first KiB.
_PDF_HEADER_WINDOW = 1024


@dataclass(frozen=True)
class Extracted:
    """The credential text found in a file, before it is interpreted.

    ``payload`` is JSON text, a compact JWS, or (legacy baked PNG, hosted SVG) a hosted URL;
    it is ``""`` for PDFs, whose findings are in ``pdf``.  ``source`` names where the text was
    found: ``png-itxt-openbadges``, ``png-itxt-openbadgecredential``,
    ``png-text-openbadges-url``, ``png-text-openbadges`` (Open Badges 1.x JSON or JWS in a
    ``tEXt`` chunk), ``svg-openbadges-assertion``, ``svg-openbadges-credential``,
    ``xml-europass-edc``, ``json``, ``jws`` or ``pdf``.
    """

    container: Container
    payload: str
    source: str
    pdf: PdfFacts | None = None


def _text_start(data: bytes) -> bytes:
    """The first bytes after an optional UTF-8 BOM and leading whitespace."""
    return data.removeprefix(_BOM).lstrip(_WHITESPACE)[:64]


def _describe_unknown(start: bytes) -> str:
    lowered = start.lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "an HTML web page, not a credential file (save the badge itself, not the page)"
    if lowered.startswith((b"http://", b"https://")):
        return "a web address, not a credential file (download the badge from that address)"
    if start.startswith(b"PK\x03\x04"):
        return "a ZIP archive, not a credential file"
    if start.startswith((b"\xff\xd8\xff", b"GIF8", b"RIFF")):
        return "an image without Open Badges data (only PNG and SVG badges can carry a credential)"
    return (
        "unrecognised file type: not a credential (expected a PNG or SVG badge, JSON, JWT or PDF)"
    )


def extract(name: str, data: bytes) -> Extracted:
    """Sniff ``data`` and return the credential text it carries.

    ``name`` is accepted for the caller's convenience and future hints only; it never decides
    the type.  Refusals raise :class:`RejectedInput` with one sentence that omits the name.
    """
    del name  # deliberately unused: content decides
    if not data:
        raise RejectedInput("empty file")
    if data.startswith(png.PNG_SIGNATURE):
        found = png.find_badge_text(data)
        return Extracted(Container.PNG, found.text, found.source)
    start = _text_start(data)
    if start.startswith(b"%PDF-"):
        from portfolio_app.ingest.pdf import read_pdf  # noqa: PLC0415 - see the imports

        return Extracted(Container.PDF, "", "pdf", read_pdf(data))
    if start.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")) and not (
        start.lower().startswith(b"<!doctype html")
    ):
        from portfolio_app.ingest import svg, xmldoc  # noqa: PLC0415 - see the imports

        # Cheap gate first (the root's name is near the start); the parse then confirms it.
        if b"europassCredential" in data[:65536] and xmldoc.root_tag(data) == EUROPASS_XML_ROOT:
            # Europass EDC v1: the XML document itself is the credential (formats/europass_xml).
            xmldoc.parse_bounded(data)  # refuse a broken or hostile document here, by name
            return Extracted(Container.XML, decode_utf8(data), "xml-europass-edc")
        badge = svg.find_badge_element(data)
        return Extracted(Container.SVG, badge.text, badge.source)
    if start.startswith(b"{"):
        return Extracted(Container.JSON, decode_utf8(data), "json")
    if start.startswith(b"["):
        # Refuse hostile nesting first, so the reason names the real problem.
        check_depth(decode_utf8(data))
        raise RejectedInput("a JSON list, not a single credential")
    if start[:1].isalnum() or start[:1] in (b"-", b"_"):
        try:
            text = decode_utf8(data).strip()
        except RejectedInput:
            text = ""  # binary junk that happens to start with a letter
        if looks_like_compact_jws(text):
            return Extracted(Container.JWT, text, "jws")
    # Last, because a JSON or SVG credential may quote "%PDF-" in its own text.
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        from portfolio_app.ingest.pdf import read_pdf  # noqa: PLC0415 - see the imports

        return Extracted(Container.PDF, "", "pdf", read_pdf(data))
    raise RejectedInput(_describe_unknown(start))
