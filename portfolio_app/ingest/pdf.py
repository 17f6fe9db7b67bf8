"""Read a PDF certificate's metadata, text and links with pypdf, within fixed limits.

PDF certificates (Coursera, edX, a university's completion letter) carry no signature we can
check, so the wallet keeps them as self-reported documents.  What it can show is what the text
says: we read a few pages only, cap the text, and turn *any* pypdf failure into one refusal,
because a malformed PDF can raise almost anything from inside the library.

Text extraction is bounded too: pypdf parses a page's whole content stream before it shows
any text (about 1.2 µs per byte, 12 µs per operator here), so a 30 kB file that inflates to
megabytes of drawing instructions takes tens of seconds per page.  Past a limit (content
size, parsing work, text operators, processor time) reading *stops* rather than refusing:
the PDF is a self-reported certificate the learner wants to keep, so the text read so far is
used and ``PdfFacts.text_note`` says what could not be read ("too complex to read: …").
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.certtext import CertificateFacts, read_certificate_text

MAX_PAGES = 3
MAX_TEXT_CHARS = 20_000
MAX_LINKS = 50
MAX_ANNOTATIONS = 500  # per page; a certificate has a handful of links
# Limits on reading text, chosen from what certificates need: the ReportLab-drawn ones in the
# tests have < 1 kB of content per page and < 20 text operators, a real Coursera or edX page a
# few tens of kB and a few hundred operators.  500 kB of content is ~0.6 s of pypdf parsing.
MAX_CONTENT_BYTES = 500_000  # one page's decompressed content stream
MAX_PARSE_WORK = 200_000  # pypdf's count of operands + operators parsed in one stream
MAX_TEXT_OPERATORS = 20_000  # Tj, TJ, ' and " in the pages read
MAX_FORM_INVOCATIONS = 50  # form XObjects drawn per page while extracting text
MAX_DECOMPRESSED_BYTES = 5_000_000  # any one stream pypdf inflates
MAX_PAGE_TREE_ENTRIES = 10_000
# This thread's processor time for reading the text of one PDF.  Well under the 2 s an input
# may take in all: parsing the file and each page's content stream happen before pypdf calls
# the visitor that watches the clock (0.4 s more for the quadratic-layout test file here, and
# half as much again on a loaded machine).  A real certificate's text takes 10-100 ms.
CPU_BUDGET_SECONDS = 0.6
_TEXT_OPERATORS = frozenset({b"Tj", b"TJ", b"'", b'"'})
# A PDF ends with "startxref <offset> %%EOF".  pypdf looks for it line by line backwards, one
# byte at a time in Python, so megabytes without a line break at the end cost seconds (2 s for
# 20 MB here); without the marker near the end it refuses the file anyway.
_TAIL_WINDOW = 64 * 1024


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF says about itself, raw (metadata, text) and interpreted (title, issuer…).

    The interpreted fields are heuristics over the text; ``None`` means "not found".
    """

    text: str  # text of the first pages, capped
    page_count: int
    metadata_title: str | None = None
    metadata_author: str | None = None
    links: tuple[str, ...] = ()  # URI link annotations on the pages read
    title: str | None = None
    issuer: str | None = None
    platform: str | None = None  # Coursera, edX, … when the text names one
    partner: str | None = None  # the university or company that authorised or offered it
    recipient_name: str | None = None
    date: datetime | None = None
    verification_url: str | None = None
    credential_id: str | None = None
    # Why part of the text was not read ("too complex to read: …"), or None if it all was.
    text_note: str | None = None


class _TooComplex(Exception):
    """Text extraction stopped at a limit; the message is the reason for the learner."""


class _Reading:
    """Counts the work of reading one PDF's text, and stops it past the limits."""

    def __init__(self) -> None:
        self.deadline = time.thread_time() + CPU_BUDGET_SECONDS
        self.text_operators = 0
        self.operators = 0

    def check_time(self) -> None:
        if time.thread_time() > self.deadline:
            raise _TooComplex(
                f"reading its text took more than {CPU_BUDGET_SECONDS:g} s of processor time"
            )

    def operator(self, operator: bytes, *_: Any) -> None:
        """pypdf's ``visitor_operand_before``: called before every content operator."""
        self.operators += 1
        if operator in _TEXT_OPERATORS:
            self.text_operators += 1
            if self.text_operators > MAX_TEXT_OPERATORS:
                raise _TooComplex(f"it has more than {MAX_TEXT_OPERATORS:,} pieces of text")
        if self.operators % 256 == 0:
            self.check_time()


@contextmanager
def _pypdf_limits() -> Iterator[None]:
    """pypdf's own limits, tightened for certificates, for this thread's reading only.

    pypdf is imported here, when a PDF is read, not with the module: it takes a third of a
    second to load, and ``verify``/``reverify`` of badges never need it.
    """
    from pypdf import apply_configuration  # noqa: PLC0415 - loaded on first use

    with apply_configuration(
        stream_parsing_work_maximum_count=MAX_PARSE_WORK,
        xform_maximum_invocations_per_extraction=MAX_FORM_INVOCATIONS,
        zlib_maximum_output_length=MAX_DECOMPRESSED_BYTES,
        lzw_maximum_output_length=MAX_DECOMPRESSED_BYTES,
        run_length_maximum_output_length=MAX_DECOMPRESSED_BYTES,
        brotli_maximum_output_length=MAX_DECOMPRESSED_BYTES,
        array_based_stream_maximum_output_length=MAX_DECOMPRESSED_BYTES,
        page_tree_maximum_entries=MAX_PAGE_TREE_ENTRIES,
    ):
        yield


def _page_text(page: Any, number: int, reading: _Reading) -> tuple[str, str | None]:
    """One page's text, and the reason it stopped early (``None`` when it did not)."""
    from pypdf.errors import LimitReachedError  # noqa: PLC0415 - see _pypdf_limits

    reading.check_time()
    try:
        contents = page.get_contents()
    except LimitReachedError:
        return "", f"page {number}'s drawing instructions are too large to unpack"
    size = len(contents.get_data()) if contents is not None else 0
    if size > MAX_CONTENT_BYTES:
        return "", (
            f"page {number} has {size // 1000:,} kB of drawing instructions, more than the "
            f"{MAX_CONTENT_BYTES // 1000:,} kB read"
        )
    pieces: list[str] = []

    def keep(text: str, *_: Any) -> None:
        pieces.append(text)

    try:
        text = page.extract_text(visitor_operand_before=reading.operator, visitor_text=keep)
    except _TooComplex as exc:
        return "".join(pieces), f"{exc} (stopped on page {number})"
    except LimitReachedError:
        return "".join(pieces), f"page {number}'s drawing instructions are too complex"
    return text or "", None


def _meta(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _page_links(page: Any) -> list[str]:
    """URIs of the link annotations on one page (best effort)."""
    found: list[str] = []
    annotations = page.get("/Annots")
    if annotations is None:
        return found
    for ref in list(annotations.get_object())[:MAX_ANNOTATIONS]:
        annotation = ref.get_object()
        action = annotation.get("/A")
        if action is None:
            continue
        uri = action.get_object().get("/URI")
        if uri is not None:
            found.append(str(uri))
    return found


def _read(data: bytes) -> PdfFacts:
    with _pypdf_limits():
        return _read_limited(data)


def _read_limited(data: bytes) -> PdfFacts:
    from pypdf import PdfReader  # noqa: PLC0415 - see _pypdf_limits
    from pypdf.errors import LimitReachedError  # noqa: PLC0415

    if b"startxref" not in data[-_TAIL_WINDOW:]:
        raise RejectedInput(
            "not a readable PDF (its end has no cross-reference marker: it is damaged or cut off)"
        )
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise RejectedInput("PDF is password-protected, so its text cannot be read")
    metadata = reader.metadata
    meta_title = _meta(metadata.title) if metadata else None
    meta_author = _meta(metadata.author) if metadata else None
    texts: list[str] = []
    links: list[str] = []
    try:
        page_count = len(reader.pages)
    except LimitReachedError:
        raise RejectedInput(
            f"too complex to read: the PDF's page list has more than {MAX_PAGE_TREE_ENTRIES:,} "
            "entries"
        ) from None
    reading = _Reading()
    note: str | None = None
    for index in range(min(page_count, MAX_PAGES)):
        page = reader.pages[index]
        page_text, stopped = _page_text(page, index + 1, reading)
        texts.append(page_text)
        links.extend(_page_links(page))
        if stopped is not None:
            note = f"too complex to read: {stopped}; fields not found may be in the unread part"
            break
        if sum(len(t) for t in texts) >= MAX_TEXT_CHARS:
            break
    text = "\n".join(texts)[:MAX_TEXT_CHARS]
    facts: CertificateFacts = read_certificate_text(text, tuple(links[:MAX_LINKS]))
    return PdfFacts(
        text=text,
        page_count=page_count,
        metadata_title=meta_title,
        metadata_author=meta_author,
        links=tuple(links[:MAX_LINKS]),
        title=facts.title,
        issuer=facts.issuer,
        platform=facts.platform,
        partner=facts.partner,
        recipient_name=facts.recipient_name,
        date=facts.date,
        verification_url=facts.verification_url,
        credential_id=facts.credential_id,
        text_note=note,
    )


def read_pdf(data: bytes) -> PdfFacts:
    """Extract :class:`PdfFacts` from PDF bytes, or refuse with one sentence."""
    try:
        return _read(data)
    except RejectedInput:
        raise
    except Exception as exc:  # pypdf can raise anything on hostile input
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RejectedInput(f"not a readable PDF ({detail[:120]})") from None
