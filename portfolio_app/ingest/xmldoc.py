"""XML documents that are credentials themselves (Europass EDC v1), read safely and bounded.

Same rules as SVG badges (``svg.py``): defusedxml refuses entity declarations and external
references, elements are matched by namespace URI, and the document is read as a stream with
a depth and an element cap, so a hostile file is refused before it can take the memory a
tree of it would ("too complex to read: …").  Only the root element's tag is needed to sniff;
the tree is built (bounded) only for a document the parser will read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from portfolio_app.errors import RejectedInput

MAX_DEPTH = 100  # an EDC credential nests about 10 levels
MAX_ELEMENTS = 100_000


def events(data: bytes) -> Iterator[tuple[str, Element]]:
    """defusedxml's start/end events, with its refusals turned into one sentence each.

    Shared by SVG badges and XML credentials.  Editors sometimes leave a newline before the XML
    declaration; expat refuses that, but it is harmless, so it is dropped (with any UTF-8
    byte-order mark) before parsing.
    """
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    try:
        yield from safe_et.iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
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


def root_tag(data: bytes) -> str:
    """The root element's ``{namespace}name``, reading no further than its start tag."""
    for event, element in events(data):
        if event == "start":
            return str(element.tag)
    raise RejectedInput("XML document has no root element")


def parse_bounded(data: bytes) -> Element:
    """The whole document as a tree, refused past :data:`MAX_DEPTH` / :data:`MAX_ELEMENTS`."""
    depth = count = 0
    root: Element | None = None
    for event, element in events(data):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if root is None:
            root = element
        if depth > MAX_DEPTH:
            raise RejectedInput(f"too complex to read: nested more than {MAX_DEPTH} levels")
        if count > MAX_ELEMENTS:
            raise RejectedInput(f"too complex to read: more than {MAX_ELEMENTS:,} elements")
    if root is None:
        raise RejectedInput("XML document has no root element")
    return root
