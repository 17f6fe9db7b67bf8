"""Read a PDF certificate's metadata, text and links with pypdf, within fixed limits.

PDF certificates (Coursera, edX, a university's completion letter) carry no signature we can
check, so the wallet keeps them as self-reported documents.  What it can show is what the text
says: we read a few pages only, cap the text, and turn *any* pypdf failure into one refusal,
because a malformed PDF can raise almost anything from inside the library.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pypdf import PdfReader

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.certtext import CertificateFacts, read_certificate_text

MAX_PAGES = 3
MAX_TEXT_CHARS = 20_000
MAX_LINKS = 50


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
    for ref in annotations.get_object():
        annotation = ref.get_object()
        action = annotation.get("/A")
        if action is None:
            continue
        uri = action.get_object().get("/URI")
        if uri is not None:
            found.append(str(uri))
    return found


def _read(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise RejectedInput("PDF is password-protected, so its text cannot be read")
    metadata = reader.metadata
    meta_title = _meta(metadata.title) if metadata else None
    meta_author = _meta(metadata.author) if metadata else None
    texts: list[str] = []
    links: list[str] = []
    page_count = len(reader.pages)
    for index in range(min(page_count, MAX_PAGES)):
        page = reader.pages[index]
        texts.append(page.extract_text() or "")
        links.extend(_page_links(page))
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
