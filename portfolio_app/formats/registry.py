"""The format registry: one entry per kind of JSON credential, in the order they are tried.

Adding a format used to touch five files (sniffing, a parser, the parse dispatch, the format
enum, the verifier dispatch).  Now a JSON format is one module under ``formats/`` that exposes
a :class:`JsonFormat` (how to recognise it, how to parse it), listed once in :data:`FORMATS`
below, plus its verifier registered in ``verify/engine.py``'s ``VERIFIERS`` table.  The order
matters where kinds overlap: a Blockcerts v2 certificate is also an OB 2.0 ``Assertion``, an
Open Badges 1.x assertion also has ``badge`` and ``recipient``, so the more specific kind comes
first.

A recogniser looks only at the parsed JSON (never at the file name); a parser returns one or
more :class:`~portfolio_app.model.Credential` (a presentation holds several) or raises
:class:`~portfolio_app.errors.RejectedInput` when the file contradicts its own format.  A
well-formed credential of a kind the app does not verify is *not* refused: it is parsed with
:data:`UNSUPPORTED` set in ``extra`` so it is kept, and its verdict says ``unsupported``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from portfolio_app.ingest.extract import Extracted
from portfolio_app.ingest.jws import DecodedJws
from portfolio_app.model import Credential

# ``extra`` key: "<kind>: not verified by this app (<why>)", set by the parser of a kind the
# app keeps but does not verify; the engine turns it into an ``unsupported`` verdict.
UNSUPPORTED = "unsupported"
# ``extra`` keys on a credential that arrived inside a Verifiable Presentation.
PRESENTATION_ID = "presentation_id"
PRESENTATION_HOLDER = "presentation_holder"


@dataclass(frozen=True)
class JsonInput:
    """What a JSON format's recogniser and parser get: the object and where it came from.

    ``parse_inner`` parses an embedded credential (a presentation's entries) through the same
    registry, so a presentation module needs no import of the dispatch.
    """

    obj: dict[str, Any]
    types: list[str]
    contexts: list[str]
    extracted: Extracted
    payload: str
    jwt: DecodedJws | None
    parse_inner: Callable[[Any, str, DecodedJws | None], list[Credential]]
    file_name: str | None = None  # the original file's name (a provisional title may use it)


@dataclass(frozen=True)
class JsonFormat:
    """One kind of JSON credential: its name (for docs and errors), recogniser and parser."""

    name: str
    recognise: Callable[[JsonInput], bool]
    parse: Callable[[JsonInput], Sequence[Credential]]


def _formats() -> tuple[JsonFormat, ...]:
    # Imported here so each format module may import this one for the types above.
    from portfolio_app.formats import (  # noqa: PLC0415 - breaks the import cycle
        blockcerts,
        builtin,
        ob1,
        presentation,
    )

    return (
        builtin.JADES,
        presentation.FORMAT,
        blockcerts.V2_FORMAT,
        blockcerts.V3_FORMAT,
        ob1.FORMAT,
        builtin.OB2,
        builtin.EDC,
        builtin.VC,
    )


_CACHE: list[tuple[JsonFormat, ...]] = []


def json_formats() -> tuple[JsonFormat, ...]:
    """Every registered JSON format, most specific first."""
    if not _CACHE:
        _CACHE.append(_formats())
    return _CACHE[0]


def unsupported_reason(credential: Credential) -> str | None:
    """The parser's "kept but not verified" sentence for ``credential``, if it set one."""
    return credential.extra.get(UNSUPPORTED) or None
